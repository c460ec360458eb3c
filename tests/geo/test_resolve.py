"""The resolver's score, part by part, on hand-made candidates (no index needed)."""

from __future__ import annotations

from collections import Counter

from flarewatch.geo.index import Candidate
from flarewatch.geo.resolve import (
    best_candidate,
    containment_bonus,
    focus_bonus,
    neighbour_bonus,
    prior,
)


def place(name: str, country: str, kind: str = "city", population: int = 1000,
          admin1: str = "01", geonameid: int = 1) -> Candidate:
    return Candidate(geonameid, name, 0.0, 0.0, country, admin1, kind, population)


ALEXANDRIA_EG = place("Alexandria", "EG", population=3_800_000, admin1="06", geonameid=1)
ALEXANDRIA_LA = place("Alexandria", "US", population=47_000, admin1="LA", geonameid=2)
LOUISIANA = place("Louisiana", "US", kind="adm1", population=4_600_000, admin1="LA", geonameid=3)


def test_prior_prefers_the_larger_place() -> None:
    assert prior(ALEXANDRIA_EG, "Alexandria") > prior(ALEXANDRIA_LA, "Alexandria")


def test_prior_prefers_a_country_over_a_namesake_town() -> None:
    armenia = place("Armenia", "AM", kind="country", population=3_000_000)
    town = place("Armenia", "CO", population=300_000)
    assert prior(armenia, "Armenia") > prior(town, "Armenia")


def test_focus_favours_places_in_the_documents_countries() -> None:
    focus = Counter({"US": 3, "EG": 1})
    assert focus_bonus(ALEXANDRIA_LA, focus) > focus_bonus(ALEXANDRIA_EG, focus)
    assert focus_bonus(place("Iraq", "IQ", kind="country"), Counter({"IQ": 5})) == 0.0


def test_containment_reads_x_comma_y() -> None:
    assert containment_bonus(ALEXANDRIA_LA, [LOUISIANA]) > 0
    assert containment_bonus(ALEXANDRIA_EG, [LOUISIANA]) == 0


def test_alexandria_louisiana_resolves_to_the_us_town() -> None:
    chosen = best_candidate("Alexandria", [ALEXANDRIA_EG, ALEXANDRIA_LA], containers=[LOUISIANA])
    assert chosen == ALEXANDRIA_LA


def test_alexandria_alone_is_the_egyptian_city() -> None:
    assert best_candidate("Alexandria", [ALEXANDRIA_EG, ALEXANDRIA_LA]) == ALEXANDRIA_EG


def test_neighbours_in_the_same_admin1_help() -> None:
    pineville = place("Pineville", "US", admin1="LA", geonameid=9)
    assert neighbour_bonus(ALEXANDRIA_LA, [pineville]) > 0
    assert neighbour_bonus(ALEXANDRIA_EG, [pineville]) == 0


def test_no_candidates_gives_none() -> None:
    assert best_candidate("Nowhere", []) is None


def test_an_area_named_after_its_town_yields_to_the_town() -> None:
    governorate = place("Aleppo", "SY", kind="adm1", population=4_800_000, admin1="09")
    city = place("Aleppo", "SY", population=1_600_000, admin1="09", geonameid=2)
    assert best_candidate("Aleppo", [governorate, city]) == city


def test_a_country_is_meant_over_its_namesake_capital() -> None:
    country = place("Mexico", "MX", kind="country", population=112_000_000)
    capital = place("Mexico City", "MX", kind="capital", population=12_000_000, geonameid=2)
    assert best_candidate("Mexico", [country, capital], focus=Counter({"MX": 9})) == country
