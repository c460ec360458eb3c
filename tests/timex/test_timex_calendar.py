"""The calendar arithmetic under every TIMEX3 value."""

from __future__ import annotations

import datetime as dt

import pytest

from flarewatch.timex.calendar import easter, interval, narrowed, shift_months

D = dt.date


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-09-19", (D(2023, 9, 19), D(2023, 9, 19), "day")),
    ("2023-09-19TMO", (D(2023, 9, 19), D(2023, 9, 19), "day")),
    ("2023-W37", (D(2023, 9, 11), D(2023, 9, 17), "week")),
    ("2023-W37-WE", (D(2023, 9, 16), D(2023, 9, 17), "week")),
    ("2024-02", (D(2024, 2, 1), D(2024, 2, 29), "month")),
    ("2023-WI", (D(2023, 12, 1), D(2024, 2, 29), "month")),
    ("2018-Q4", (D(2018, 10, 1), D(2018, 12, 31), "month")),
    ("2018-H1", (D(2018, 1, 1), D(2018, 6, 30), "month")),
    ("2020", (D(2020, 1, 1), D(2020, 12, 31), "year")),
    ("199", (D(1990, 1, 1), D(1999, 12, 31), "decade")),
    ("18", (D(1800, 1, 1), D(1899, 12, 31), "decade")),
])
def test_interval(value: str, expected: tuple[dt.date, dt.date, str]) -> None:
    assert interval(value) == expected


@pytest.mark.parametrize("value", ["PAST_REF", "FUTURE_REF", "XXXX-WXX-2", "P3Y"])
def test_open_values_have_no_interval(value: str) -> None:
    assert interval(value, D(2023, 9, 19)) is None


def test_present_ref_is_the_document_date() -> None:
    assert interval("PRESENT_REF", D(2023, 9, 19)) == (D(2023, 9, 19), D(2023, 9, 19), "day")


@pytest.mark.parametrize(("value", "mod", "first", "last"), [
    ("199", "START", D(1990, 1, 1), D(1993, 12, 31)),
    ("199", "MID", D(1993, 1, 1), D(1996, 12, 31)),
    ("199", "END", D(1996, 1, 1), D(1999, 12, 31)),
    ("2019", "MID", D(2019, 5, 1), D(2019, 8, 31)),
    ("2022", "END", D(2022, 9, 1), D(2022, 12, 31)),
    ("2023-12", "START", D(2023, 12, 1), D(2023, 12, 11)),
    ("2023-12", "END", D(2023, 12, 21), D(2023, 12, 31)),
])
def test_fuzzy_thirds(value: str, mod: str, first: dt.date, last: dt.date) -> None:
    span = interval(value)
    assert span is not None
    assert narrowed(span, mod)[:2] == (first, last)


@pytest.mark.parametrize(("year", "day"), [(2018, D(2018, 4, 1)), (2019, D(2019, 4, 21)),
                                           (2024, D(2024, 3, 31)), (2000, D(2000, 4, 23))])
def test_easter(year: int, day: dt.date) -> None:
    assert easter(year) == day


def test_shift_months_keeps_to_the_month_end() -> None:
    assert shift_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert shift_months(D(2024, 1, 15), -13) == D(2022, 12, 15)
