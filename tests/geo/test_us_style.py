"""US newspaper style: state abbreviations and "Town, State" read both ways (`us_style.tsv`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.api import annotate
from tables import rows

ROWS = rows(Path(__file__).parent / "us_style.tsv")


@pytest.mark.parametrize(("text", "toponym", "country", "admin1"), ROWS,
                         ids=[f"{r[1]}:{r[0][:30]}" for r in ROWS])
def test_toponym_resolves_in_its_state(text: str, toponym: str, country: str, admin1: str):
    places = annotate(text, "2024-05-08", "d", ["parse", "places"]).places
    found = {text[p.start:p.end]: (p.country, p.admin1) for p in places}
    assert found.get(toponym) == (country, admin1)
