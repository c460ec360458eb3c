"""Issue 9, kind 1, the parts the reading table (`namesakes_abroad.tsv`) does not pin alone:
which country a report is about, and which names event locations pass over."""

from __future__ import annotations

import importlib

import pytest

from flarewatch.geo.index import Candidate
from flarewatch.geo.locate import unplaced
from flarewatch.model import Place

GEOPARSE = importlib.import_module("flarewatch.geo.geoparse")


def town(country: str, kind: str = "city") -> Candidate:
    return Candidate(1, "X", 0.0, 0.0, country, "01", kind, 1000)


@pytest.mark.parametrize(("countries", "kinds", "home"), [
    (["SO", "SO", "IR"], ["city", "country", "city"], "SO"),  # Mogadishu, Somalia; Karan
    (["US", "US", "SO"], ["country", "country", "city"], ""),  # "US" strikes near Jilib
    (["LY", "IQ"], ["capital", "adm1"], ""),  # no country named most
])
def test_home_country_needs_a_place_of_its_own(countries: list[str], kinds: list[str],
                                                home: str) -> None:
    alone: list[Candidate | None] = [town(c, k) for c, k in zip(countries, kinds, strict=True)]
    assert GEOPARSE.home_country(countries, alone) == home


@pytest.mark.parametrize(("text", "name", "precision", "expected"), [
    ("Lido beach", "Somalia", "country", True),  # a name put at its report's country
    ("Somalia", "Somalia", "country", False),
    ("U.S.", "United States", "country", False),
    ("Mogadishu", "Mogadishu", "town", False),
])
def test_event_locations_pass_over_names_put_at_a_country(text: str, name: str,
                                                         precision: str, expected: bool) -> None:
    place = Place(text=text, name=name, lat=0.0, lon=0.0, precision=precision)
    assert unplaced(place) is expected
