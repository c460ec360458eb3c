"""The failure kinds of `cases/field_failures.tsv`: each row a field of one input with its
right value. Rows marked `open` are known failures (strict xfail: fixing one fails the
suite until the row is marked `pass`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.api import extract
from tables import observed, rows

ROWS = [
    pytest.param(*row[:4], marks=[pytest.mark.xfail(strict=True)] if row[4] == "open" else [],
                 id=f"{row[2]}:{row[0][:40]}")
    for row in rows(Path(__file__).parent / "cases" / "field_failures.tsv")
]


@pytest.mark.parametrize(("text", "date", "check", "expected"), ROWS)
def test_field(text: str, date: str, check: str, expected: str) -> None:
    assert observed(extract(text, date), check) == expected
