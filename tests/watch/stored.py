"""A store holding hand-made fused records, for the watch's store, CLI and API tests.

`surge_store(path)` writes quiet weeks (one violent event every third week from
2024-01-01) and a surge of six events in the week of 2024-03-11 in Burkina Faso's Sahel,
straight into `fused_events` (no extraction: the watch reads only these columns)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from flarewatch.storage import open_store
from flarewatch.storage.schema import fused_events

SURGE_WEEK = "2024-03-11"


def fused_row(ident: str, day: str, *, event: str = "ASSAULT", dead: int | None = 2,
              admin1: str = "Sahel", precision: str = "day") -> dict[str, Any]:
    return {
        "id": ident, "doc_id": f"doc-{ident}", "event": event, "place_country": "BFA",
        "place_admin1": admin1, "place_name": "Djibo", "place_lat": 14.1, "place_lon": -1.6,
        "date": dt.date.fromisoformat(day), "date_precision": precision, "dead": dead,
        "casualties": [], "modality": "asserted", "event_text": "attacked",
        "evidence_start": 0, "evidence_end": 10, "evidence_sentence": 0, "trigger_start": 0,
        "trigger_end": 8, "confidence": 0.9, "mentions": [], "source_count": 1,
        "sources": [{"doc_id": f"doc-{ident}", "event_id": ident, "url": None,
                     "title": f"Report {ident}", "date": day}],
        "size_range": {}, "explanation": {},
    }


def quiet_rows() -> list[dict[str, Any]]:
    start = dt.date(2024, 1, 2)
    return [fused_row(f"q{i}", str(start + dt.timedelta(weeks=i))) for i in range(0, 10, 3)]


def surge_rows(count: int = 6, first: int = 0) -> list[dict[str, Any]]:
    monday = dt.date.fromisoformat(SURGE_WEEK)
    return [fused_row(f"s{i}", str(monday + dt.timedelta(days=i % 5)), dead=3)
            for i in range(first, first + count)]


def add_rows(db: str, rows: list[dict[str, Any]]) -> None:
    with open_store(db) as store, store.engine.begin() as connection:
        connection.execute(sa.insert(fused_events), rows)


def surge_store(db: str) -> str:
    add_rows(db, quiet_rows() + surge_rows())
    return db
