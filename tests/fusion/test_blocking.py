"""`flarewatch.fusion.blocking`: which events may be compared at all, by fusion country.

An event whose report names no place and no coded side has no fusion country; it may tell
an incident anywhere, so it is blocked from no country. Half the rows are traps."""

from __future__ import annotations

import datetime as dt

import pytest

from flarewatch.fusion.blocking import Member, candidate_statement, compatible, countries_differ


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


@pytest.mark.parametrize(("countried", "ranges"), [
    (True, 3),  # its own country, none, and the undated
    (False, 2),  # trap: a member in no country looks everywhere: dated and undated only
])
def test_candidate_statement(countried, ranges):
    sql = str(candidate_statement(countried).compile())
    assert sql.count("SELECT") == ranges
    assert ("fusion_country =" in sql) is countried
