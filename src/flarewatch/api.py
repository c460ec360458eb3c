"""The public Python API: `flarewatch.extract(text, date=None)` and friends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from flarewatch.model import Document, Event
from flarewatch.pipeline import DEFAULT_PIPELINE, run

# Stages that turn event mentions into incidents; `level="mention"` runs without them.
INCIDENT_STAGES = ("incidents", "relevance")
LEVELS = ("incident", "mention")


def as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value[:10])


def annotate(
    text: str,
    date: str | dt.date | None = None,
    doc_id: str = "doc",
    stages: Iterable[str] = DEFAULT_PIPELINE,
) -> Document:
    """Run the pipeline over one text and return the annotated document."""
    return run(Document(id=doc_id, text=text, date=as_date(date)), stages)


def extract(
    text: str,
    date: str | dt.date | None = None,
    doc_id: str = "doc",
    stages: Iterable[str] = DEFAULT_PIPELINE,
    level: str = "incident",
) -> list[Event]:
    """The events of one news text, dates resolved against `date` (the article's date).

    `level="incident"` (the default) gives one event per happening with every telling in
    `mentions`; `level="mention"` one event per trigger word, before incidents are formed
    and off-topic violence is left out. Raises ValueError for another level.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if level == "mention":
        stages = [name for name in stages if name not in INCIDENT_STAGES]
    return annotate(text, date, doc_id, stages).events
