"""Triggers added for ACLED kinds the lexicon missed (`data/events/triggers.tsv`): each
phrasing gives its ACLED sub-event, and the same verb in another sense gives no ACLED event
(`tests/events/cases/acled_triggers.tsv`, half traps)."""

from __future__ import annotations

import pytest
from event_cases import parsed, table

from flarewatch.evaluation.acled import NONE, label

CASES = table("acled_triggers.tsv")
STAGES = ("parse", "actors", "events", "roles", "casualties", "claims", "acled")


@pytest.mark.parametrize(("snippet", "sub_event"), CASES, ids=[row[0][:40] for row in CASES])
def test_trigger_phrasing(snippet: str, sub_event: str) -> None:
    assert label(parsed(snippet, STAGES).events) == sub_event


def test_about_half_are_traps() -> None:
    traps = sum(sub_event == NONE for _, sub_event in CASES)
    assert 0.4 <= traps / len(CASES) <= 0.6
