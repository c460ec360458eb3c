"""A fused record's date (`flarewatch.fusion.reconcile.date_of`): the most precise, and of
days one told in words over one a report's day or its narrative gave (`date_basis`). In the
project's own words; half the rows are traps."""

from __future__ import annotations

import datetime as dt

import pytest

from flarewatch.fusion.blocking import Member
from flarewatch.fusion.reconcile import date_of


def member(number: int, day: str, precision: str = "day", told: str | None = None,
           basis: str | None = None) -> Member:
    first = dt.date.fromisoformat(day)
    last = first + dt.timedelta(days=6) if precision == "week" else first
    return Member({"id": f"e-{number}", "date": first, "enddate": last,
                   "date_precision": precision, "date_text": told, "date_basis": basis})


@pytest.mark.parametrize(("members", "expected"), [
    # the lede's report day (oldest source), then a day told in words: the words win
    ([("2024-05-14", "day", None, "report"), ("2024-05-13", "day", "on Monday", "text")],
     "2024-05-13"),
    # a day carried from the narrative, then one told in words
    ([("2024-05-12", "day", None, "narrative"), ("2024-05-13", "day", "on Monday", "text")],
     "2024-05-13"),
    # trap: two days told in words, the oldest source's first
    ([("2024-05-12", "day", "on Sunday", "text"), ("2024-05-13", "day", "on Monday", "text")],
     "2024-05-12"),
    # trap: a week told in words is less precise than the report's day
    ([("2024-05-06", "week", "last week", "text"), ("2024-05-14", "day", None, "report")],
     "2024-05-14"),
])
def test_a_fused_record_takes_a_day_told_in_words(members, expected):
    found = date_of([member(n, *fields) for n, fields in enumerate(members)])
    assert found is not None and found["date"].isoformat() == expected
