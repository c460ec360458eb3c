"""The built gazetteer index: names news use resolve, without context, to the right place."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.evaluation.matching import great_circle_km
from flarewatch.geo import build_index, lookup

CASES = [
    line.split("\t")
    for line in (Path(__file__).parent / "lookups.tsv").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize(("name", "lat", "lon", "country", "precision"), CASES)
def test_likeliest_place_for_a_name(name: str, lat: str, lon: str, country: str,
                                    precision: str) -> None:
    best = lookup(name, limit=1)[0]
    assert great_circle_km(best.lat, best.lon, float(lat), float(lon)) <= 50
    assert (best.country, best.precision) == (country, precision)


def test_index_is_built_once_and_reused() -> None:
    assert build_index() == build_index()


def test_unknown_name_has_no_places() -> None:
    assert lookup("Qwertzuiopville") == []


@pytest.mark.parametrize(("written", "alternates", "readable"), [
    ("Rafaḩ", ["Rafa", "Rafah", "Rafaḩ"], "Rafah"),
    ("Khān Yūnis", ["Khan Younis", "Khan Yunis"], "Khan Yunis"),
    ("Ağdam", [], "Agdam"),
    ("Kyiv", ["Kiev"], "Kyiv"),
    ("Τρίπολη", [], "Τρίπολη"),  # no ASCII spelling: the name stays as written
])
def test_readable_names_drop_accents_only(written: str, alternates: list[str], readable: str):
    from flarewatch.geo.sources import readable_name

    assert readable_name(written, alternates) == readable


def test_countries_carry_their_short_english_name():
    from flarewatch.geo.index import load_gazetteer

    names = {c.name for c in load_gazetteer().candidates("Syrian Arab Republic")}
    assert "Syria" in names


# (names of a town, its population, the names the gazetteer lists for it)
ARTICLE_CASES = [
    (("Al Qāmishlī", "Al-Qamishli"), 184_231,
     ("Al Qāmishlī", "Al-Qamishli", "Qamishli", "Qāmishlī")),
    (("Ar Raqqah",), 177_636, ("Ar Raqqah", "Raqqah")),
    (("Al Bab",), 130_745, ("Al Bab",)),  # "Bab" alone is too short a word to list
    (("Al Mahwit",), 12_000, ("Al Mahwit",)),  # a small town keeps its article
    (("Alexandria", "Altamira"), 500_000, ("Alexandria", "Altamira")),  # no article
]


@pytest.mark.parametrize(("names", "population", "listed"), ARTICLE_CASES)
def test_big_towns_are_also_listed_without_an_arabic_article(
        names: tuple[str, ...], population: int, listed: tuple[str, ...]) -> None:
    from flarewatch.geo.sources import with_article_free

    assert with_article_free(names, population) == listed
