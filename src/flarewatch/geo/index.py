"""The loaded gazetteer: candidates for a name, and the automaton that finds names in text."""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from flarewatch.geo.build import build_index, fold, index_path
from flarewatch.model import Place

PRECISION_OF_KIND = {
    "country": "country", "city": "town", "capital": "town", "adm1": "region", "adm2": "region",
    "region": "region", "corridor": "region", "water": "region", "continent": "region",
}


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    kind: str
    population: int

    @property
    def precision(self) -> str:
        return PRECISION_OF_KIND[self.kind]


class Gazetteer:
    def __init__(self, payload: dict[str, Any]) -> None:
        self._columns = payload["columns"]
        self._names: dict[str, tuple[int, ...]] = payload["names"]
        self._admin1_names: dict[str, str] = payload.get("admin1_names", {})
        self.automaton = payload["automaton"]
        self._candidates: dict[str, tuple[Candidate, ...]] = {}  # folded name -> its entries

    def candidates(self, name: str) -> list[Candidate]:
        """The entries a name may refer to (built once a name, then reused: they are frozen)."""
        key = fold(name)
        found = self._candidates.get(key)
        if found is None:
            found = tuple(self._candidate(number) for number in self._names.get(key, ()))
            self._candidates[key] = found
        return list(found)

    def knows_folded(self, folded: str) -> bool:
        """Whether `folded` (a name already through `fold`) is a name of the gazetteer."""
        return folded in self._names

    def name_reach(self, folded: str, start: int) -> int:
        """How far from `start` a name may run in the folded text: the length of the longest
        stretch there that begins some name. Every name starting there is no longer."""
        return int(self.automaton.longest_prefix(folded[start : start + self._longest_name]))

    @cached_property
    def _longest_name(self) -> int:
        return max(map(len, self._names), default=0)

    def admin1_name(self, candidate: Candidate) -> str | None:
        """The name of the candidate's first-level division ("Texas"), if known."""
        if not candidate.admin1 or candidate.kind == "country":
            return None
        return self._admin1_names.get(f"{candidate.country}.{candidate.admin1}")

    def knows(self, name: str) -> bool:
        return fold(name) in self._names

    def _candidate(self, number: int) -> Candidate:
        columns = self._columns
        return Candidate(*(columns[field][number] for field in (
            "geonameid", "name", "lat", "lon", "country", "admin1", "kind", "population")))


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer index, built on first use if the cache lacks it (a fresh install, or
    edited data files), saying so on stderr since the build takes a while."""
    path = index_path()
    if not path.exists():
        print(f"flarewatch: building the offline gazetteer (once, about 20 s) into {path.parent}",
              file=sys.stderr, flush=True)
    with build_index().open("rb") as handle:
        return Gazetteer(pickle.load(handle))


@cache
def alpha3(alpha2: str) -> str | None:
    import pycountry

    if alpha2 == "XK":
        return "XKX"
    country = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    return country.alpha_3 if country else None


def to_place(candidate: Candidate, text: str = "", start: int = -1, end: int = -1) -> Place:
    return Place(
        text=text or candidate.name, name=candidate.name,
        lat=round(candidate.lat, 5), lon=round(candidate.lon, 5),
        precision=candidate.precision,
        geonameid=candidate.geonameid if candidate.geonameid > 0 else None,
        country=alpha3(candidate.country), admin1=load_gazetteer().admin1_name(candidate),
        start=start, end=end, feature=candidate.kind,
    )
