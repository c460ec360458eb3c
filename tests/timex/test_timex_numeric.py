"""Numeric dates ("03/04/2023") in the order the document writes them: another numeric date of
the text that only one order reads, else the country the text names most, else day first."""

from __future__ import annotations

import datetime as dt

import pytest

from flarewatch.model import Place
from flarewatch.timex import find_timexes

REPORT = dt.date(2023, 6, 1)


def place(country: str) -> Place:
    return Place(text=country, name=country, lat=0.0, lon=0.0, precision="country",
                 country=country)


@pytest.mark.parametrize(("text", "countries", "expected"), [
    # month first: a US text, or another date that only month-first reads
    ("The plant closed on 03/04/2023.", ["USA", "USA", "GBR"], "2023-03-04"),
    ("The plant closed on 03/04/2023 and reopened on 03/25/2023.", [], "2023-03-04"),
    ("Manila said the port shut on 05/06/2023.", ["PHL"], "2023-05-06"),
    # traps: day first elsewhere, or where the text's own dates say so
    ("The plant closed on 03/04/2023.", [], "2023-04-03"),
    ("The plant closed on 03/04/2023.", ["GBR", "NGA"], "2023-04-03"),
    ("The plant closed on 03/04/2023 and reopened on 25/03/2023.", ["USA"], "2023-04-03"),
])
def test_numeric_date_order(text: str, countries: list[str], expected: str) -> None:
    found = find_timexes(text, REPORT, places=[place(c) for c in countries])
    assert found[0].value == expected
