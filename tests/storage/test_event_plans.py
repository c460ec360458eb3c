"""Every query shape of per-document events reads `events` through an index on SQLite
(EXPLAIN QUERY PLAN), the one `event_plans.tsv` names: the shapes of migration 0015's
check, so that an index a shape needs is not dropped unnoticed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
import sqlalchemy as sa

from flarewatch.storage import EventQuery, Store, open_store
from flarewatch.storage.query import select_events
from flarewatch.storage.schema import events
from flarewatch.web.filters import Cursor, EventFilters, parse_bbox, parse_near
from flarewatch.web.queries import events_page, series_rows

ROWS = [line.split("\t") for line in
        (Path(__file__).parent / "event_plans.tsv").read_text().splitlines()
        if line and not line.startswith("#")]
SHAPES = ROWS[1:]  # after the header
TOUCHES = re.compile(r"\bevents\b")
FULL_SCAN = r"SCAN (TABLE )?events( AS \w+)?"  # a plan line reading every row
# Parameter name -> EventFilters field and parser.
FIELDS: dict[str, tuple[str, Callable[[str], object]]] = {
    "country": ("country", str), "type": ("event_type", str), "acled": ("acled", str),
    "actor": ("actor", str), "modality": ("modality", str), "q": ("text", str),
    "since": ("since", dt.date.fromisoformat), "until": ("until", dt.date.fromisoformat),
    "bbox": ("bbox", parse_bbox), "near": ("near", parse_near), "min_dead": ("min_dead", int)}
CURSOR = Cursor(dt.date(2024, 12, 29), "ev-000500000")


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with open_store(str(tmp_path_factory.mktemp("plans") / "plans.db")) as store:
        yield store


def event_filters(text: str) -> EventFilters:
    fields = {FIELDS[name][0]: FIELDS[name][1](value) for name, value in parse_qsl(text)}
    return EventFilters(**fields)


def run_shape(connection: sa.Connection, kind: str, text: str, group_by: str) -> None:
    filters = event_filters(text)
    if kind == "series":
        series_rows(connection, filters, group_by or None, 10, events)
    elif kind == "cli":
        query = EventQuery(country=filters.country, event_type=filters.event_type,
                           since=filters.since, until=filters.until, near=filters.near,
                           limit=100, fused=False)
        connection.execute(select_events(query)).all()
    else:
        events_page(connection, filters, 50, CURSOR if kind == "next" else None, events)


def shape_plans(store: Store, kind: str, text: str, group_by: str) -> list[list[str]]:
    """The SQLite plan (its lines) of each statement on `events` the shape runs."""
    seen: list[tuple[str, object]] = []

    def note(_conn: object, _cursor: object, statement: str, params: object,
             _context: object, many: bool) -> None:
        if not many and TOUCHES.search(statement):
            seen.append((statement, params))

    sa.event.listen(store.engine, "before_cursor_execute", note)
    try:
        with store.engine.connect() as connection:
            run_shape(connection, kind, text, group_by)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", note)
    with store.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        return [[row[3] for row in raw.cursor().execute(f"EXPLAIN QUERY PLAN {statement}",
                                                        params)]
                for statement, params in seen]


@pytest.mark.parametrize(("kind", "text", "group_by", "index"), SHAPES,
                         ids=[f"{kind}-{text or 'all'}-{group or ''}"
                              for kind, text, group, _index in SHAPES])
def test_each_shape_reads_events_through_its_index(sqlite_store: Store, kind: str, text: str,
                                                   group_by: str, index: str) -> None:
    plans = shape_plans(sqlite_store, kind, text, group_by)
    lines = [line for plan in plans for line in plan]
    assert plans
    assert not [line for line in lines if re.fullmatch(FULL_SCAN, line)], lines
    assert any(re.search(rf"\bevents\b.* INDEX {index}\b", line) for line in lines), lines
