"""Number phrases -> counts, as a table (digits, words, vague quantities, ranges)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.events.numbers import number_value
from flarewatch.stages.parse import load_nlp

CASES = [
    line.split("\t")
    for line in (Path(__file__).parent / "cases" / "numbers.tsv").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.mark.parametrize(("words", "value"), CASES, ids=[row[0] for row in CASES])
def test_number_value(words: str, value: str) -> None:
    assert number_value(list(load_nlp()(words))) == int(value)
