"""The loaded gazetteer: candidates for a name, and how far a name may run in text."""

from __future__ import annotations

import pickle
import re
import sys
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from flarewatch.geo.build import build_index, fold, index_path, sorted_names, spellings
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
    derived: bool = False  # the name is a spelling guessed from a transliteration

    @property
    def precision(self) -> str:
        return PRECISION_OF_KIND[self.kind]


class NameIndex:
    """Folded names in sorted order, each with its gazetteer rows (`build.sorted_names`):
    what a dict of tuples and an Aho-Corasick automaton held, in a fifth of the memory."""

    def __init__(self, names: tuple[str, ...], starts: Sequence[int], rows: Sequence[int]):
        self.names, self._starts, self._rows = names, starts, rows

    @classmethod
    def of_table(cls, table: Mapping[str, Sequence[int]]) -> NameIndex:
        """From folded name -> rows, as `build.name_table` gives (tests build small ones)."""
        return cls(*sorted_names({name: tuple(rows) for name, rows in table.items()}))

    def rows(self, folded: str) -> Sequence[int]:
        """The rows of a folded name, in building order; empty for an unknown one."""
        at = self._position(folded)
        return () if at < 0 else self._rows[self._starts[at] : self._starts[at + 1]]

    def __contains__(self, folded: str) -> bool:
        return self._position(folded) >= 0

    def _position(self, folded: str) -> int:
        """The index of `folded` in `names`, -1 if it is none of them."""
        at = bisect_left(self.names, folded)
        return at if at < len(self.names) and self.names[at] == folded else -1

    def reach(self, query: str) -> int:
        """The length of the longest prefix of `query` that begins some name (0 for none).
        Only the two names either side of where `query` sorts need comparing: a string
        sorted between two that share a prefix has it too, so the neighbour on the side of
        any name that shares k characters with `query` shares at least those k."""
        at = bisect_left(self.names, query)
        return max((shared_prefix(query, name) for name in self.names[max(at - 1, 0) : at + 1]),
                   default=0)

    def reading(self, query: str) -> tuple[bool, bool]:
        """Whether `query` (not empty) is a name, and whether some name begins with it: the
        first name sorted at or after it tells both (names that begin with `query` sort
        from `query` on, before any other name after it)."""
        at = bisect_left(self.names, query)
        following = self.names[at] if at < len(self.names) else ""
        return following == query, following.startswith(query)


def shared_prefix(one: str, other: str) -> int:
    """The length of the longest common prefix of two strings."""
    length = 0
    for mine, theirs in zip(one, other, strict=False):
        if mine != theirs:
            break
        length += 1
    return length


# Queries `Gazetteer._reading` remembers at most (about 5 MB; the 438 texts of the benchmark
# corpus ask some 19,000).
READINGS_KEPT = 30_000


class Gazetteer:
    def __init__(self, payload: dict[str, Any]) -> None:
        """`payload`: an index of `build.build_index` (its names sorted, with "name_rows"),
        or "columns" and "names" as a dict of folded name -> rows (a hand-made gazetteer)."""
        self._columns = payload["columns"]
        names = payload["names"]
        self._names = (NameIndex.of_table(names) if isinstance(names, Mapping)
                       else NameIndex(names, *payload["name_rows"]))
        self._admin1_names: dict[str, str] = payload.get("admin1_names", {})
        self._candidates: dict[str, tuple[Candidate, ...]] = {}  # folded name -> its entries
        self._readings: dict[str, tuple[bool, bool]] = {}  # `_reading`'s memory

    def candidates(self, name: str) -> list[Candidate]:
        """The entries a name may refer to, under the first of its spellings the gazetteer
        knows (`build.spellings`: "Pétion-Ville" is Petionville); built once a name, then
        reused (they are frozen)."""
        key = fold(name)
        found = self._candidates.get(key)
        if found is None:
            rows = next((rows for spelt in spellings(key) if (rows := self._names.rows(spelt))),
                        ())
            found = tuple(self._candidate(number) for number in rows)
            self._candidates[key] = found
        return list(found)

    def knows_folded(self, folded: str) -> bool:
        """Whether `folded` (a name already through `fold`) is a name of the gazetteer."""
        return folded in self._names

    def name_reach(self, folded: str, start: int) -> int:
        """How far from `start` a name may run in the folded text: the length of the longest
        stretch there that begins some name. Every name starting there is no longer."""
        return self._names.reach(folded[start : start + self._longest_name])

    def name_ends(self, folded: str, start: int, ends: Iterable[int]) -> list[int]:
        """Those of `ends` (rising offsets past `start` in the folded text) where a name
        that starts at `start` ends, read up to the first one no name runs on to: the same
        as the ends within `name_reach` that close a name, in fewer look-ups."""
        found = []
        for end in ends:
            known, begins = self._reading(folded[start:end])
            if not begins:
                break
            if known:
                found.append(end)
        return found

    def _reading(self, query: str) -> tuple[bool, bool]:
        """`NameIndex.reading`, remembered (the same words open names text after text) for
        up to `READINGS_KEPT` queries, then forgotten all at once."""
        found = self._readings.get(query)
        if found is None:
            if len(self._readings) >= READINGS_KEPT:
                self._readings.clear()
            found = self._readings[query] = self._names.reading(query)
        return found

    @cached_property
    def _longest_name(self) -> int:
        return max(map(len, self._names.names), default=0)

    def admin1_name(self, candidate: Candidate) -> str | None:
        """The name of the candidate's first-level division ("Texas"), if known."""
        if not candidate.admin1 or candidate.kind == "country":
            return None
        return self._admin1_names.get(f"{candidate.country}.{candidate.admin1}")

    def knows(self, name: str) -> bool:
        """Whether the gazetteer holds the name under one of its spellings (`build.spellings`)."""
        return any(spelt in self._names for spelt in spellings(fold(name)))

    def knows_respelled(self, name: str) -> bool:
        """Whether the gazetteer holds the name under another of its spellings only
        (`build.spellings`), not as written."""
        folded = fold(name)
        return folded not in self._names and any(
            spelt in self._names for spelt in spellings(folded) if spelt != folded)

    def _candidate(self, number: int) -> Candidate:
        columns = self._columns
        fields = ("geonameid", "name", "lat", "lon", "country", "admin1", "kind", "population")
        derived = "derived" in columns and bool(columns["derived"][number])
        return Candidate(**{field: columns[field][number] for field in fields}, derived=derived)


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


def display_name(candidate: Candidate, text: str) -> str:
    """The name a reader is shown (issue 11, item 6): the gazetteer's (`sources.
    readable_name`), or, where that is only a spelling guessed from a transliteration
    (`derived`: "Bayt Lahya"), the text's own spelling of that place ("Beit Lahia") if it
    is written as English prints names (plain ASCII words, no capitals throughout, no
    abbreviation) and no other place has it as its own name."""
    if not candidate.derived or not _printed_name(text) or fold(text) == fold(candidate.name):
        return candidate.name
    others = load_gazetteer().candidates(text)
    if candidate not in others or any(fold(c.name) == fold(text) for c in others):
        return candidate.name
    return text


def _printed_name(text: str) -> bool:
    """"Beit Lahia", "Khan Younis": ASCII letters, spaces and hyphens, led by a capital;
    not "JENIN" nor "Ga."."""
    return bool(_PRINTED.fullmatch(text)) and not text.isupper()


_PRINTED = re.compile(r"[A-Z][A-Za-z]*(?:[ -][A-Za-z]+)*")


def to_place(candidate: Candidate, text: str = "", start: int = -1, end: int = -1) -> Place:
    return Place(
        text=text or candidate.name, name=display_name(candidate, text) if text else candidate.name,
        lat=round(candidate.lat, 5), lon=round(candidate.lon, 5),
        precision=candidate.precision,
        geonameid=candidate.geonameid if candidate.geonameid > 0 else None,
        country=alpha3(candidate.country), admin1=load_gazetteer().admin1_name(candidate),
        start=start, end=end, feature=candidate.kind,
    )
