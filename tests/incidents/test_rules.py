"""Each rule of the incidents, relevance and event-ness stages over `rules.tsv`: short
reports in our own words, with a trap beside every rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.api import extract
from flarewatch.model import Event

ROWS = [
    line.split("\t")
    for line in (Path(__file__).parent / "rules.tsv").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def observed(events: list[Event], check: str) -> str:
    """The value a check reads off the extracted events, as the table writes it."""
    kind, _, event_type = check.partition(":")
    chosen = [event for event in events if event.event == event_type]
    first = chosen[0] if chosen else None
    if kind == "types":
        return ",".join(sorted({event.event for event in events})) or "-"
    if kind == "count":
        return str(len(chosen))
    if kind == "place":
        return first.event_loc.name if first and first.event_loc else "-"
    if kind == "dead":
        return str(first.size.dead) if first else "-"
    if kind == "mentions":
        return str(len(first.tellings())) if first else "0"
    if kind == "actor":
        return f"{first.actor.code} {first.actor.sector}" if first and first.actor else "-"
    if kind == "date":
        return (first.date or "-") if first else "-"
    if kind == "actor_text":
        return (first.actor.text or "-") if first and first.actor else "-"
    raise ValueError(f"unknown check {check!r}")


@pytest.mark.parametrize(
    ("text", "date", "check", "expected"), ROWS, ids=[r[2] + ":" + r[0][:40] for r in ROWS]
)
def test_rule(text: str, date: str, check: str, expected: str) -> None:
    assert observed(extract(text, date), check) == expected


def test_mention_level_keeps_every_telling() -> None:
    text = "Gunmen killed three farmers in Zamfara on Monday. The attack was condemned."
    incidents = [e for e in extract(text, "2024-01-02") if e.event == "ASSAULT"]
    mentions = [e for e in extract(text, "2024-01-02", level="mention") if e.event == "ASSAULT"]
    assert len(incidents) == 1 and len(mentions) == 2


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="level"):
        extract("Rebels shelled the town.", level="sentence")
