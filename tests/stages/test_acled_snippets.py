"""Single-event snippets (own sentences): the most confident event carries the right ACLED type."""

from __future__ import annotations

import pytest
from event_cases import parsed, table

CASES = table("acled_snippets.tsv")
STAGES = ("parse", "actors", "events", "roles", "casualties", "claims", "acled")


@pytest.mark.parametrize(("snippet", "sub_event"), CASES, ids=[row[0][:40] for row in CASES])
def test_snippet_label(snippet: str, sub_event: str) -> None:
    events = parsed(snippet, STAGES).events
    assert events
    best = max(events, key=lambda event: event.confidence)
    assert best.acled is not None and best.acled.sub_event_type == sub_event
