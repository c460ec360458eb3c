"""Days that share their words with a group's name: `days_as_names.tsv`."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.api import annotate
from tables import rows

ROWS = rows(Path(__file__).parent / "days_as_names.tsv")


@pytest.mark.parametrize(("text", "words", "expected"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_a_day_is_no_group_unless_an_organisation_noun_follows(
    text: str, words: str, expected: str,
) -> None:
    doc = annotate(text, "2025-11-20", "d", ["parse", "places", "timexes", "actors"])
    start = text.index(words)
    end = start + len(words)
    over = [m.entity.code or "?" for m in doc.actors if m.start < end and start < m.end]
    assert (over[0] if over else "-") == expected
