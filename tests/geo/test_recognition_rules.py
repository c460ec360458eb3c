"""Recognition kinds of issue 11 (fragments, person names, organisations' letters) as
`recognition_rules.tsv` tabulates them, traps included."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.api import annotate
from tables import rows

ROWS = rows(Path(__file__).parent / "recognition_rules.tsv")


@pytest.mark.parametrize(("rule", "text", "expected", "why"), ROWS,
                         ids=[f"{r[0]}:{r[1][:30]}" for r in ROWS])
def test_toponyms_of_a_text(rule: str, text: str, expected: str, why: str) -> None:
    places = annotate(text, "2024-05-08", "d", ["parse", "places"]).places
    assert [text[p.start:p.end] for p in places] == [
        name for name in expected.split(",") if name != "-"], why
