"""Own phrasings of the ACLED kinds weakest on unseen text and of who acts on whom
(`tests/events/cases/acled_kinds.tsv`, about half traps): the full pipeline, read as the
ACLED snippet scorer reads it, gives each row its sub-event type and, where the row states
one, its interaction code."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.evaluation.acled import NONE, interaction_of, label
from flarewatch.model import Document
from flarewatch.pipeline import DEFAULT_PIPELINE, run

CASES_FILE = Path(__file__).parent.parent / "events" / "cases" / "acled_kinds.tsv"
UNCHECKED = "*"


def rows() -> list[list[str]]:
    """(snippet, sub-event type, interaction, trap or event) per row of the table."""
    lines = CASES_FILE.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


CASES = rows()


@pytest.mark.parametrize(("snippet", "sub_event", "code", "kind"), CASES,
                         ids=[row[0][:40] for row in CASES])
def test_kind_and_sides(snippet: str, sub_event: str, code: str, kind: str) -> None:
    events = run(Document(id="test", text=snippet), DEFAULT_PIPELINE).events
    assert label(events) == sub_event
    if code != UNCHECKED:
        assert interaction_of(events) == code


def test_about_half_are_traps_and_each_weak_kind_has_rows() -> None:
    traps = sum(kind == "trap" for *_, kind in CASES)
    assert 0.4 <= traps / len(CASES) <= 0.6
    assert all(kind in ("trap", "event") for *_, kind in CASES)
    counts = {name: sum(row[1] == name for row in CASES)
              for name in ("Other", "Change to group/activity", "Chemical weapon", NONE)}
    assert min(counts.values()) >= 8
