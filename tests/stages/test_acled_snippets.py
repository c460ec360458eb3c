"""Single-event snippets (own sentences): the most confident ACLED-coded event carries the
right sub-event type, read as the ACLED snippet scorer reads it."""

from __future__ import annotations

import pytest
from event_cases import parsed, table

from flarewatch.evaluation.acled import label

CASES = table("acled_snippets.tsv")
STAGES = ("parse", "actors", "events", "roles", "casualties", "claims", "acled")


@pytest.mark.parametrize(("snippet", "sub_event"), CASES, ids=[row[0][:40] for row in CASES])
def test_snippet_label(snippet: str, sub_event: str) -> None:
    assert label(parsed(snippet, STAGES).events) == sub_event
