"""`flarewatch.fusion.blocking`: which events may be compared at all, by fusion country.

An event whose report names no place and no coded side has no fusion country; it may tell
an incident anywhere, so it is blocked from no country. Half the rows are traps."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from flarewatch.fusion.blocking import Member, compatible, countries_differ, country_conditions


def member(country: str | None, event: str = "ASSAULT", day: str = "2024-07-09") -> Member:
    return Member({"id": f"e-{country}-{event}", "event": event, "fusion_country": country,
                   "date": dt.date.fromisoformat(day), "enddate": None, "date_precision": "day",
                   "doc_date": dt.date.fromisoformat(day), "place_precision": None,
                   "place_lat": None, "place_lon": None})


@pytest.mark.parametrize(("a", "b", "differ"), [
    ("HTI", "HTI", False),
    ("HTI", None, False),  # a follow-up naming no place
    (None, None, False),
    ("HTI", "DOM", True),  # trap: two countries
    ("NGA", "NER", True),  # trap
])
def test_countries_differ_only_when_both_are_known(a, b, differ):
    assert countries_differ(member(a), member(b)) is differ


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


@pytest.mark.parametrize(("country", "unrestricted"), [
    (None, True),
    ("HTI", False),  # trap: a known country narrows the lookup
])
def test_country_conditions(country, unrestricted):
    conditions = country_conditions(member(country))
    unbound = [str(c.compile()) == str(sa.true().compile()) for c in conditions]
    assert unbound == ([True] if unrestricted else [False, False])
