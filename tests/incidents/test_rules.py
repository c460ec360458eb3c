"""Each rule of the incidents, relevance and event-ness stages over `rules.tsv`: short
reports in our own words, with a trap beside every rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.api import extract
from tables import observed, rows

ROWS = rows(Path(__file__).parent / "rules.tsv")


@pytest.mark.parametrize(
    ("text", "date", "check", "expected"), ROWS, ids=[r[2] + ":" + r[0][:40] for r in ROWS]
)
def test_rule(text: str, date: str, check: str, expected: str) -> None:
    text = text.replace("\\n", "\n")  # a row writes a paragraph break as \n
    assert observed(extract(text, date), check, text) == expected


def test_mention_level_keeps_every_telling() -> None:
    text = "Gunmen killed three farmers in Zamfara on Monday. The attack was condemned."
    incidents = [e for e in extract(text, "2024-01-02") if e.event == "ASSAULT"]
    mentions = [e for e in extract(text, "2024-01-02", level="mention") if e.event == "ASSAULT"]
    assert len(incidents) == 1 and len(mentions) == 2


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="level"):
        extract("Rebels shelled the town.", level="sentence")
