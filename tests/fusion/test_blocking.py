"""`flarewatch.fusion.blocking`: which events may be compared at all, by fusion country.

An event whose report names no place and no coded side has no fusion country; it may tell
an incident anywhere, so it is blocked from no country. Half the rows are traps."""

from __future__ import annotations

import datetime as dt

import pytest

from flarewatch.fusion.blocking import (
    WHOLE_GLOBE,
    Member,
    candidate_statement,
    compatible,
    countries_differ,
    place_box,
    places_apart,
)


def member(country: str | None, event: str = "ASSAULT", day: str = "2024-07-09",
           actor: str | None = None, lat: float | None = None) -> Member:
    return Member({"id": f"e-{country}-{event}", "event": event, "fusion_country": country,
                   "date": dt.date.fromisoformat(day), "enddate": None, "date_precision": "day",
                   "doc_date": dt.date.fromisoformat(day), "place_precision": None,
                   "place_lat": lat, "place_lon": None if lat is None else 45.0,
                   "actor_code": actor, "recipient_code": None})


@pytest.mark.parametrize(("a", "b", "differ"), [
    ("HTI", "HTI", False),
    ("HTI", None, False),  # a follow-up naming no place
    (None, None, False),
    ("HTI", "DOM", True),  # trap: two countries
    ("NGA", "NER", True),  # trap
])
def test_countries_differ_only_when_both_are_known(a, b, differ):
    assert countries_differ(member(a), member(b)) is differ


@pytest.mark.parametrize(("a", "b", "differ"), [
    # "a U.S. air strike in the Juba valley" (no place; fusion country its actor's) and a
    # U.S. strike placed near Jilib, Somalia: the unplaced one's country is a side of the other
    (member("USA", actor="USA"), member("SOM", actor="USA", lat=0.5), False),
    (member("SOM", actor="USA", lat=0.5), member("USA", actor="USA"), False),
    # traps: a placed event's country is where it happened, whoever acted
    (member("USA", actor="USA", lat=38.0), member("SOM", actor="USA", lat=0.5), True),
    (member("USA", actor="USA"), member("SOM", actor="KEN", lat=0.5), True),
])
def test_side_country_of_an_unplaced_event(a, b, differ):
    assert countries_differ(a, b) is differ


@pytest.mark.parametrize(("a", "b", "expected"), [
    (member("HTI"), member(None), True),
    (member("HTI"), member("HTI", "COERCE"), False),  # trap: the arrests after an attack
    (member("HTI", "AGREE"), member("HTI", "CONCEDE"), True),  # one family: agreement
    (member("HTI"), member("DOM"), False),  # trap
    (member("HTI"), member(None, "PROTEST"), False),  # trap: another family
    (member("HTI"), member(None, day="2024-07-20"), False),  # trap: eleven days apart
])
def test_compatible(a, b, expected):
    assert compatible(a, b) is expected


@pytest.mark.parametrize(("countried", "ranges"), [
    (True, 4),  # its own country, none, unplaced events of its sides', and the undated
    (False, 2),  # trap: a member in no country looks everywhere: dated and undated only
])
def test_candidate_statement(countried, ranges):
    sql = str(candidate_statement(countried).compile())
    assert sql.count("SELECT") == ranges
    assert ("fusion_country =" in sql) is countried


def placed_member(lat: float, lon: float, precision: str = "town") -> Member:
    return Member({"id": f"e-{lat}-{lon}", "fusion_country": None, "place_country": None,
                   "place_precision": precision, "place_lat": lat, "place_lon": lon})


def in_box(box: dict[str, float], lat: float, lon: float) -> bool:
    return (box["lat_low"] <= lat <= box["lat_high"]
            and box["lon_low"] <= lon <= box["lon_high"])


@pytest.mark.parametrize(("here", "there", "inside"), [
    ((0.0, 30.0), (0.0, 30.535), True),  # 59.5 km east on the equator
    ((0.0, 30.0), (0.535, 30.0), True),  # 59.5 km north
    ((60.0, 30.0), (60.0, 31.07), True),  # 59.5 km east at 60 degrees north
    ((-17.8, 179.9), (-17.8, -179.9), True),  # across the antimeridian (Fiji)
    ((89.8, 10.0), (89.8, -170.0), True),  # over the pole
    ((0.0, 30.0), (0.0, 31.5), False),  # trap: 167 km east
    ((0.0, 30.0), (1.5, 30.0), False),  # trap: 167 km north
    ((60.0, 30.0), (62.0, 30.0), False),  # trap: 222 km north
])
def test_place_box_holds_every_place_not_blocked(here, there, inside):
    """The SQL box (`place_box`) must hold every place `places_apart` lets through; a place
    it leaves out must be one the blocks keep apart."""
    a, b = placed_member(*here), placed_member(*there)
    assert places_apart(a, b) is not inside
    if inside:
        assert in_box(place_box(a), *there)
    else:
        assert not in_box(place_box(a), *there)


@pytest.mark.parametrize("precision", ["region", "country"])
def test_place_box_is_the_globe_for_a_coarse_place(precision):
    assert place_box(placed_member(10.0, 10.0, precision)) == WHOLE_GLOBE
