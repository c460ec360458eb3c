""""Local time": the IANA zone of the place a document reports on, from its resolved places.

The country is the one the clock time's sentence names (ties and several countries: the one
the whole document names most), else the document's most-named country. Within that country
the zone is the one of the listed town nearest to the most specific place the sentence names,
else of the capital (`data/timex/country_zones.tsv`, built by `zonebuild`). No resolved
country: no zone (the offset is never guessed).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from flarewatch.layout import SENTENCE_END
from flarewatch.model import Place
from flarewatch.paths import DATA_DIR

_BROAD = {"country", "continent", "water"}  # features too wide to place a town near


@dataclass(frozen=True)
class ZoneTown:
    zone: str
    lat: float
    lon: float
    population: int
    capital: bool


@cache
def country_zones() -> dict[str, tuple[ZoneTown, ...]]:
    """ISO3 country code -> the towns of `country_zones.tsv` that stand for its zones."""
    towns: dict[str, list[ZoneTown]] = {}
    path = DATA_DIR / "timex" / "country_zones.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        iso3, zone, _, lat, lon, population, capital = line.split("\t")
        town = ZoneTown(zone, float(lat), float(lon), int(population), capital == "1")
        towns.setdefault(iso3, []).append(town)
    return {iso3: tuple(members) for iso3, members in towns.items()}


def capital_zone(iso3: str) -> str | None:
    """The zone of the capital of `iso3` (of its most populous listed town if none is flagged)."""
    towns = country_zones().get(iso3, ())
    if not towns:
        return None
    return max(towns, key=lambda town: (town.capital, town.population)).zone


def nearest_zone(iso3: str, lat: float, lon: float) -> str | None:
    """The zone of the listed town of `iso3` nearest to (lat, lon)."""
    towns = country_zones().get(iso3, ())
    if not towns:
        return None
    return min(towns, key=lambda town: _distance(lat, lon, town.lat, town.lon)).zone


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, in radians of arc)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * math.asin(min(1.0, math.sqrt(h)))


def focus_country(places: Sequence[Place], nearby: Sequence[Place] = ()) -> str | None:
    """The country `nearby` places name (ties: the document's most named), else the document's."""
    counts = Counter(place.country for place in places if place.country)
    local = Counter(place.country for place in nearby if place.country)
    pool = local or counts
    if not pool:
        return None
    return max(pool, key=lambda iso3: (pool[iso3], counts[iso3], -_first(places, iso3)))


def _first(places: Sequence[Place], iso3: str) -> int:
    return min((place.start for place in places if place.country == iso3), default=0)


def local_zone(places: Sequence[Place], nearby: Sequence[Place] = ()) -> str | None:
    """The IANA zone of "local time" in a document with `places`; `nearby`: its sentence's."""
    country = focus_country(places, nearby)
    if country is None:
        return None
    specific = [place for place in nearby
                if place.country == country and (place.feature or place.precision) not in _BROAD]
    if specific and len({town.zone for town in country_zones().get(country, ())}) > 1:
        return nearest_zone(country, specific[0].lat, specific[0].lon)
    return capital_zone(country)


def sentence_span(text: str, parse: Any, position: int) -> tuple[int, int]:
    """Character bounds of the sentence around `position`: the parse's, else punctuation's."""
    if parse is not None and getattr(parse, "has_annotation", lambda _: False)("SENT_START"):
        for sentence in parse.sents:
            if sentence.start_char <= position < sentence.end_char:
                return sentence.start_char, sentence.end_char
    first, last = 0, len(text)
    for end in SENTENCE_END.finditer(text):
        if end.end() <= position:
            first = end.end()
        elif end.start() >= position:
            last = end.end()
            break
    return first, last


def zone_at(text: str, parse: Any, position: int, places: Sequence[Place]) -> str | None:
    """The zone "local time" at `position` of `text` means, given the document's places."""
    if not places:
        return None
    first, last = sentence_span(text, parse, position)
    return local_zone(places, [place for place in places if first <= place.start < last])
