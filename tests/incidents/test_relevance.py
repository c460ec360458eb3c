"""The stored relevance of a page (`incidents.relevance.relevance`) over `relevance.tsv`:
reports of attacks above `OFF_TOPIC` though they use no conflict word, and pages of another
field whose weapon words have other senses below it."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.api import annotate
from flarewatch.incidents.relevance import OFF_TOPIC
from tables import rows

ROWS = rows(Path(__file__).parent / "relevance.tsv")


@pytest.mark.parametrize(("text", "date", "expect"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_relevance_side(text: str, date: str, expect: str) -> None:
    score = annotate(text, date, "d").relevance
    assert score is not None
    assert ("above" if score >= OFF_TOPIC else "below") == expect, score
