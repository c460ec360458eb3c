"""Noun-headed lines (headlines, list titles, captions) whose root is no verb: the tense and
governing-verb walks up the parse end at the root. They once compared spaCy tokens by
identity, which a token's `head` never keeps, and spun forever on such a line (found by a
newcomer's trial: "New measures to curb attacks on Monday.")."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from flarewatch.api import extract

LINES = (
    ("New measures to curb attacks on Monday.", "2025-03-04"),
    ("Ten ways to make your balcony garden thrive this spring.", "2025-03-04"),
    ("Tips to keep your garden green this spring.", "2025-04-01"),
    ("A plan to rebuild the bridge destroyed in the attack on Friday.", "2024-11-08"),
)


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging the suite (a guard against an endless loop, not a speed test)."""
    def stop(*_: object) -> None:
        raise TimeoutError("extraction did not end")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(("text", "date"), LINES)
def test_noun_headed_line_ends(text: str, date: str, alarm: None) -> None:
    events = extract(text, date=date)
    assert all(event.date is None or event.date <= date for event in events)
