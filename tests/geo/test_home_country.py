"""A report's own country against a same-name town abroad, and names cut from longer ones
(their first or last words), as `home_country.tsv` tabulates them; each positive row fails
with its rule switched off."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from flarewatch.geo import recognize
from tables import place_reading, rows

GEOPARSE = importlib.import_module("flarewatch.geo.geoparse")  # the package shadows the name

ROWS = rows(Path(__file__).parent / "home_country.tsv")
POSITIVE = [row for row in ROWS if row[1] == "positive"]



def _switched_off(rule: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if rule == "home":
        monkeypatch.setattr(GEOPARSE, "at_home", lambda name, chosen, *_: chosen)
    elif rule == "tail":
        monkeypatch.setattr(recognize, "tail_of_longer", lambda *_: False)
    else:
        monkeypatch.setattr(recognize, "cut_from_longer", lambda *_: False)


@pytest.mark.parametrize(("rule", "row", "text", "name", "expected"), ROWS,
                         ids=[f"{r[0]}-{r[1]}:{r[2][:30]}" for r in ROWS])
def test_reading(rule: str, row: str, text: str, name: str, expected: str) -> None:
    assert place_reading(text, name) == expected


@pytest.mark.parametrize(("rule", "row", "text", "name", "expected"), POSITIVE,
                         ids=[f"{r[0]}:{r[2][:30]}" for r in POSITIVE])
def test_positive_rows_need_their_rule(rule: str, row: str, text: str, name: str,
                                       expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _switched_off(rule, monkeypatch)
    assert place_reading(text, name) != expected
