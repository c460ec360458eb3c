"""The spellings a name is looked up under (issue 9, `flarewatch.geo.build.spellings`), by
the table `spelling_folds.tsv`: a name found only through a fold, and folds that must not
make two places collide or join two spaced words."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.geo import index
from flarewatch.geo.build import spellings
from flarewatch.geo.resolve import ranked
from tables import rows

ROWS = rows(Path(__file__).parent / "spelling_folds.tsv")
POSITIVE = [row for row in ROWS if row[0] == "positive"]


def likeliest(name: str) -> str:
    """"name|alpha-2" of the likeliest gazetteer entry for `name` without context, or "-"."""
    found = ranked(name, index.load_gazetteer().candidates(name))
    return f"{found[0].name}|{found[0].country}" if found else "-"


@pytest.mark.parametrize(("row", "name", "expected"), ROWS, ids=[f"{r[0]}:{r[1]}" for r in ROWS])
def test_fold(row: str, name: str, expected: str) -> None:
    assert likeliest(name) == expected


@pytest.mark.parametrize(("row", "name", "expected"), POSITIVE, ids=[r[1] for r in POSITIVE])
def test_positive_rows_need_a_fold(row: str, name: str, expected: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "spellings", lambda folded: (folded,))
    monkeypatch.setattr(index.load_gazetteer(), "_candidates", {})
    assert likeliest(name) != expected


@pytest.mark.parametrize(("folded", "expected"), [
    ("kéniéba", ("kéniéba", "kenieba")),
    ("saint marc", ("saint marc", "saint-marc")),
    ("pétion-ville", ("pétion-ville", "petion-ville", "petion ville", "petionville")),
    ("bel air", ("bel air", "bel-air")),  # spaced words are never joined solid
])
def test_spellings_in_order_of_trust(folded: str, expected: tuple[str, ...]) -> None:
    assert spellings(folded) == expected
