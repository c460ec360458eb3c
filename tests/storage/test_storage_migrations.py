"""Migrations create the schema of schema.py; opening finds a fresh path or a current db."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from store_samples import make_document

from flarewatch.errors import StorageError
from flarewatch.storage import EventQuery, Store, open_store, resolve_url, rows, upgrade
from flarewatch.storage.columns import batch_columns
from flarewatch.storage.engine import create_store_engine
from flarewatch.storage.migrate import (
    HEAD_REVISION,
    current_revisions,
    migrate_locked,
    script_heads,
    upgrade_connection,
)
from flarewatch.storage.schema import (
    documents,
    events,
    metadata,
    outside_metadata,
)


def core_object(item: object, name: str | None, kind: str, reflected: bool,
                other: object) -> bool:
    """Alembic's filter: leave out the objects of 0007 and 0008, which live outside the
    core schema (an FTS5 table and its shadows; a tsvector; PostGIS points and a view)."""
    return not outside_metadata(name or "")


def test_migrated_database_matches_the_core_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": core_object})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_database_is_at_head_after_open(store: Store) -> None:
    with store.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    assert set(current) == script_heads() == {HEAD_REVISION}


def test_reopening_a_current_database_does_not_run_alembic(database_url: str) -> None:
    open_store(database_url).close()
    code = ("import sys; from flarewatch.storage import open_store; "
            f"open_store({database_url!r}).close(); print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_upgrade_creates_the_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    upgrade(url)
    upgrade(url)  # at head: nothing to do
    names = set(sa.inspect(sa.create_engine(url)).get_table_names())
    assert {name for name in names if outside_metadata(name)} == {
        "fused_events_fts", *(f"fused_events_fts_{part}" for part in
                              ("config", "data", "docsize", "idx", "vocab"))}
    assert {table.name for table in metadata.sorted_tables} | {"alembic_version"} == {
        name for name in names if not outside_metadata(name)}


@pytest.mark.parametrize(
    ("given", "environment", "expected"),
    [
        ("events.db", None, "sqlite:///events.db"),
        ("/data/x.db", None, "sqlite:////data/x.db"),
        ("sqlite:///rel.db", None, "sqlite:///rel.db"),
        ("postgresql://u:p@host:5432/db", None, "postgresql+psycopg://u:p@host:5432/db"),
        ("postgresql+psycopg://host/db", None, "postgresql+psycopg://host/db"),
        (None, "from-env.db", "sqlite:///from-env.db"),
        (None, None, "sqlite:///flarewatch.db"),
    ],
)
def test_resolve_url(
    given: str | None, environment: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if environment is None:
        monkeypatch.delenv("FLAREWATCH_DB", raising=False)
    else:
        monkeypatch.setenv("FLAREWATCH_DB", environment)
    assert resolve_url(given) == expected


def test_a_path_that_cannot_be_opened_raises_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="E020"):
        open_store(str(tmp_path / "missing-dir" / "x.db"))


def test_open_store_creates_a_fresh_sqlite_file(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "new.db")) as store:
        assert (store.count_documents(), store.count_events()) == (0, 0)
    assert (tmp_path / "new.db").exists()


def test_downgrade_to_base_removes_the_tables(tmp_path: Path) -> None:
    from alembic import command

    from flarewatch.storage.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'x.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "base")
    assert set(sa.inspect(sa.create_engine(url)).get_table_names()) == {"alembic_version"}


def fill_at_0002(url: str) -> None:
    """A database at revision 0002 holding one document and two events, as 0002 stored them."""
    from alembic import command

    from flarewatch.storage.migrate import alembic_config

    command.upgrade(alembic_config(url), "0002")
    doc = make_document("old", events=2)
    engine = create_store_engine(url)
    found = batch_columns([doc], {doc.id: rows.content_hash(doc.text)},
                          dt.datetime.now(dt.UTC), lambda _doc: True)
    later = {"relevance", "mentions", "fusion_country", "date_basis"}  # of 0003, 0005, 0020
    with engine.begin() as connection:
        for table in (documents, events):
            values = [{key: value for key, value in row.items() if key not in later}
                      for row in found[table.name].as_dicts()]
            connection.execute(table.insert(), values)
        connection.exec_driver_sql(EVENT_LINKS)
    engine.dispose()


# Each event's link to its own document, as stores before 0019 held them.
EVENT_LINKS = ("INSERT INTO event_documents SELECT id, doc_id, evidence_start, evidence_end, "
               "evidence_sentence FROM events")


def test_a_0002_database_migrates_with_its_rows(database_url: str) -> None:
    url = resolve_url(database_url)
    fill_at_0002(url)
    with open_store(database_url) as store:
        old = list(store.query_events(EventQuery(fused=False)))
        assert [event.mentions for event in old] == [[], []]
        assert store.count_fused() >= 1  # events stored before 0005 are fused on open
        assert [len(event.tellings()) for event in old] == [1, 1]
        assert [event.date_basis for event in old] == [None, None]  # 0020 adds no value
        with store.engine.connect() as connection:
            assert connection.execute(sa.select(documents.c.relevance)).all() == [(None,)]
            assert "event_documents" not in sa.inspect(connection).get_table_names()  # 0019
        report = store.add_documents([make_document("new", relevance=0.4)])
    assert report.documents_added == 1


def test_downgrade_to_0002_keeps_the_rows(tmp_path: Path) -> None:
    from alembic import command

    from flarewatch.storage.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'x.db'}"
    with open_store(url) as store:
        store.add_documents([make_document("d1", relevance=0.9)])
    command.downgrade(alembic_config(url), "0002")
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        counts = [connection.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar_one()
                  for name in ("documents", "events", "event_documents")]
        names = {column["name"] for column in sa.inspect(connection).get_columns("events")}
    engine.dispose()
    assert counts == [1, 2, 2] and "mentions" not in names


def fail_on_statement(fragment: str) -> Callable[..., None]:
    """A `before_cursor_execute` listener that raises on the statement containing `fragment`."""
    def listener(_connection: object, _cursor: object, statement: str, *_args: object) -> None:
        if fragment in statement:
            raise RuntimeError(f"stopped before {fragment}")
    return listener


def test_a_failed_migration_leaves_nothing_behind(database_url: str) -> None:
    # 0001 creates the tables, 0002 this index: a migration stopped there is undone whole
    # (a process waiting for the migration lock must not find half a schema).
    engine = create_store_engine(resolve_url(database_url))
    sa.event.listen(engine, "before_cursor_execute", fail_on_statement("ix_events_browse"))
    with engine.connect() as connection, pytest.raises(RuntimeError, match="stopped"):
        upgrade_connection(connection)
    with engine.connect() as connection:
        left = set(sa.inspect(connection).get_table_names())
    engine.dispose()
    assert left - {"spatial_ref_sys"} == set()  # PostGIS's own, in public
    with open_store(database_url) as store:
        assert store.count_documents() == 0


def test_an_open_during_a_migration_waits_for_it_then_finds_head(database_url: str) -> None:
    # The race of two processes opening a new database, made deterministic: `first`
    # holds the lock mid-migration while `open_store` starts in another thread.
    engine = create_store_engine(resolve_url(database_url))
    waiting = threading.Event()

    def note_lock(connection: sa.Connection, _cursor: object, statement: str,
                  *_args: object) -> None:
        if connection is not first and LOCKING.search(statement):
            waiting.set()

    with engine.connect() as first, ThreadPoolExecutor(1) as pool:
        migrate_locked(first)
        sa.event.listen(sa.Engine, "before_cursor_execute", note_lock)
        try:
            second = pool.submit(open_and_count, database_url)
            waiting.wait(timeout=10)
            time.sleep(0.2)  # let it block on the lock (passes too if it has not yet)
            first.commit()
            assert second.result(timeout=60) == (0, {HEAD_REVISION})
        finally:
            sa.event.remove(sa.Engine, "before_cursor_execute", note_lock)
    engine.dispose()


LOCKING = re.compile(r"pg_advisory_xact_lock|BEGIN IMMEDIATE")


def open_and_count(database_url: str) -> tuple[int, set[str]]:
    with open_store(database_url) as store, store.engine.connect() as connection:
        return store.count_documents(), current_revisions(connection)


def test_alerts_made_before_their_peak_columns_get_them(tmp_path: Path) -> None:
    """A store whose 0006 `alerts` table lacks `peak_week` and `coarse` (as 0006 first made
    it) gains them at 0011, filled from each alert's last alarm week and 0, and keeps the
    alert's linked events and deliveries through the table's rebuild."""
    from alembic import command

    from flarewatch.storage.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'x.db'}"
    command.upgrade(alembic_config(url), "0010")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE alerts DROP COLUMN peak_week"))
        connection.execute(sa.text("ALTER TABLE alerts DROP COLUMN coarse"))
        connection.execute(sa.text(
            "INSERT INTO alerts (id, status, level, series_key, label, measure, detector, "
            "onset_week, last_alarm_week, observed, expected, threshold, score, summary, "
            "weeks, signals, sources, opened_at, updated_at) VALUES ('a1', 'open', 'country',"
            " 'BFA', 'Burkina Faso', 'events', 'farrington', '2024-01-01', '2024-01-08', 9, 2,"
            " 6, 7.5, 's', '[]', '{}', '[]', '2024-01-09 00:00:00', '2024-01-09 00:00:00')"))
        connection.execute(sa.text(
            "INSERT INTO alert_events (alert_id, event_id, week) "
            "VALUES ('a1', 'e1', '2024-01-08')"))
        connection.execute(sa.text(
            "INSERT INTO alert_deliveries (alert_id, sink, version, ok, attempted_at) VALUES "
            "('a1', 'webhook', '2024-01-09 00:00:00', 1, '2024-01-09 00:00:01')"))
    engine.dispose()
    with open_store(url) as store, store.engine.connect() as connection:
        row = connection.execute(sa.text("SELECT peak_week, coarse FROM alerts")).one()
        linked = [connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in ("alert_events", "alert_deliveries")]
        context = MigrationContext.configure(connection, opts={"include_object": core_object})
        assert compare_metadata(context, metadata) == []
    assert tuple(row) == ("2024-01-08", 0)
    assert linked == [1, 1]  # rebuilding `alerts` must not cascade into the rows linked to it


NEW_AT_0012 = {
    "sqlite": {"ix_events_span", "ix_fused_events_span", "fused_events_fts_vocab"},
    "postgresql": {"ix_events_span", "ix_fused_events_span", "ix_fused_events_newest_covering",
                   "search_words", "search_words_pkey"},
}
# What the migrations after 0012 that make objects add (0017: the type and actor counts;
# 0018: the daily totals).
NEW_AFTER_0012 = {"daily_type_counts", "ix_daily_type_counts_day", "ix_daily_type_counts_event",
                  "daily_actor_counts", "ix_daily_actor_counts_day",
                  "ix_daily_actor_counts_actor", "ix_daily_country_counts_country",
                  "daily_totals", "ix_daily_totals_day"}
PRIMARY_KEYS_AFTER_0012 = {"postgresql": {"daily_type_counts_pkey", "daily_actor_counts_pkey",
                                          "daily_totals_pkey"},
                           "sqlite": set()}


def objects(connection: sa.Connection) -> set[str]:
    """The store's tables and indexes, expression indexes among them (which reflection
    skips)."""
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type IN ('table', 'index')"
    else:
        query = ("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                 "UNION SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return set(connection.exec_driver_sql(query).scalars())


def test_a_0011_store_gains_the_0012_objects(database_url: str) -> None:
    """A store with records, taken back to 0011, gets the span indexes and the words'
    vocabulary (on PostgreSQL, the covering newest-first index) when opened, with what
    later migrations make; the longest span (10 days here) is read from them, and a prefix
    finds what it found."""
    from alembic import command

    from flarewatch.storage.migrate import alembic_config
    from flarewatch.storage.schema import fused_events
    from flarewatch.storage.search import extensions, text_match
    from flarewatch.storage.spans import earliest_start

    doc = make_document("span", events=2)
    doc.events[1].date, doc.events[1].enddate = "2023-09-01", "2023-09-11"
    with open_store(database_url) as store:
        store.add_documents([doc])
    url = resolve_url(database_url)
    command.downgrade(alembic_config(url), "0011")
    engine = create_store_engine(url)
    with engine.connect() as connection:
        before = objects(connection)
    engine.dispose()
    since = dt.date(2023, 9, 20)
    with open_store(database_url) as store, store.engine.connect() as connection:
        added = objects(connection) - before
        bound = connection.execute(sa.select(earliest_start(since, fused_events))).scalar()
        found = connection.execute(sa.select(sa.func.count()).select_from(fused_events).where(
            text_match("shel", fused_events, extensions(connection, "shel")))).scalar()
    dialect = store.engine.dialect.name
    assert added == NEW_AT_0012[dialect] | NEW_AFTER_0012 | PRIMARY_KEYS_AFTER_0012[dialect]
    assert bound == dt.date(2023, 9, 10) and found == store.count_fused() > 0


NOTICED = dt.datetime(2024, 3, 18, 12, tzinfo=dt.UTC)
UPDATED = dt.datetime(2024, 3, 19, 12, tzinfo=dt.UTC)


def alert_values(alert_id: str) -> dict[str, object]:
    """An `alerts` row without `noticed_at` (as a store before 0013 holds it)."""
    week = dt.date(2024, 3, 11)
    return {"id": alert_id, "status": "open", "level": "country", "series_key": "BFA",
            "country": "BFA", "label": "Burkina Faso", "measure": "events",
            "detector": "farrington", "onset_week": week, "last_alarm_week": week,
            "peak_week": week, "observed": 9, "expected": 2, "threshold": 6, "score": 7.5,
            "summary": "s", "weeks": [], "signals": {}, "coarse": 0, "sources": [],
            "opened_at": NOTICED, "updated_at": UPDATED}


def delivery(alert_id: str, sink: str, version: dt.datetime) -> dict[str, object]:
    return {"alert_id": alert_id, "sink": sink, "version": version, "ok": True,
            "attempted_at": version, "error": None}


def fill_at_0012(url: str) -> None:
    """A store at 0012 as it was before 0013 (no `alerts.noticed_at`): alert `a1` with its
    notice kept as an "atom" delivery row and a webhook's row, `a2` with no notice."""
    from alembic import command

    from flarewatch.storage.migrate import alembic_config
    from flarewatch.storage.schema import alert_deliveries, alerts

    command.upgrade(alembic_config(url), "0012")
    engine = create_store_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE alerts DROP COLUMN noticed_at"))
        for alert_id in ("a1", "a2"):
            connection.execute(sa.insert(alerts).values(**alert_values(alert_id)))
        connection.execute(sa.insert(alert_deliveries), [
            delivery("a1", "atom", NOTICED), delivery("a1", "hook", UPDATED)])
    engine.dispose()


def utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as an aware UTC one (SQLite gives it back naive, in UTC)."""
    if value is None or value.tzinfo is None:
        return value and value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def deliveries(connection: sa.Connection) -> set[tuple[str, str, dt.datetime | None]]:
    from flarewatch.storage.schema import alert_deliveries

    query = sa.select(alert_deliveries.c.alert_id, alert_deliveries.c.sink,
                      alert_deliveries.c.version)
    return {(row[0], row[1], utc(row[2])) for row in connection.execute(query)}


def test_0013_moves_the_feed_rows_into_noticed_at_and_back(database_url: str) -> None:
    """Upgrading a 0012 store: the "atom" row becomes `a1`'s `noticed_at` and is deleted,
    `a2` has none (NULL), the webhook's row stays; on PostgreSQL 0010's
    `ix_fused_events_newest` is dropped. Downgrading to 0012 restores the row (and the
    index) and drops the column."""
    from alembic import command

    from flarewatch.storage.migrate import alembic_config
    from flarewatch.storage.schema import alerts

    url = resolve_url(database_url)
    fill_at_0012(url)
    engine = create_store_engine(url)
    postgres = engine.dialect.name == "postgresql"
    command.upgrade(alembic_config(url), "0013")
    with engine.connect() as connection:
        noticed = dict(connection.execute(sa.select(alerts.c.id, alerts.c.noticed_at)).all())
        moved, indexes = deliveries(connection), objects(connection)
    command.downgrade(alembic_config(url), "0012")
    with engine.connect() as connection:
        restored, restored_indexes = deliveries(connection), objects(connection)
        columns = {column["name"] for column in sa.inspect(connection).get_columns("alerts")}
    engine.dispose()
    assert {key: utc(value) for key, value in noticed.items()} == {"a1": NOTICED, "a2": None}
    assert moved == {("a1", "hook", UPDATED)}
    assert restored == {("a1", "atom", NOTICED), ("a1", "hook", UPDATED)}
    assert "noticed_at" not in columns
    assert ("ix_fused_events_newest" in indexes, "ix_fused_events_newest" in
            restored_indexes) == (False, postgres)


def test_0013_passes_a_store_without_alert_deliveries(tmp_path: Path) -> None:
    """A store whose early 0006 made no `alert_deliveries` (no notice kept) gains the
    column, NULL for every alert, and goes back to 0012 without it."""
    from alembic import command

    from flarewatch.storage.migrate import alembic_config

    url = f"sqlite:///{tmp_path / 'x.db'}"
    fill_at_0012(url)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE alert_deliveries"))
    command.upgrade(alembic_config(url), "0013")
    with engine.connect() as connection:
        noticed = connection.execute(sa.text("SELECT id, noticed_at FROM alerts")).all()
    command.downgrade(alembic_config(url), "0012")
    with engine.connect() as connection:
        columns = {column["name"] for column in sa.inspect(connection).get_columns("alerts")}
    engine.dispose()
    assert sorted(map(tuple, noticed)) == [("a1", None), ("a2", None)]
    assert "noticed_at" not in columns



def test_0014_drops_the_lat_lon_index_and_its_deferred_ddl(database_url: str) -> None:
    """Upgrading a 0013 store whose killed bulk load left `ix_events_place_lat_lon` in
    `deferred_ddl` (dropped, to be made again): it is gone, and opening the store does
    not make it again; downgrading to 0013 makes it again."""
    from alembic import command

    from flarewatch.storage.deferral import found_ddl
    from flarewatch.storage.migrate import alembic_config
    from flarewatch.storage.schema import deferred_ddl

    url, index = resolve_url(database_url), "ix_events_place_lat_lon"
    command.upgrade(alembic_config(url), "0013")
    engine = create_store_engine(url)
    with engine.begin() as connection:
        left = [item for item in found_ddl(connection, [events]) if item["name"] == index]
        connection.execute(deferred_ddl.insert(), left)
        connection.exec_driver_sql(f"DROP INDEX {index}")
    engine.dispose()
    with open_store(database_url) as store, store.engine.connect() as connection:
        after, kept = objects(connection), connection.execute(sa.select(deferred_ddl)).all()
    command.downgrade(alembic_config(url), "0013")
    engine = create_store_engine(url)
    with engine.connect() as connection:
        restored = objects(connection)
    engine.dispose()
    assert (len(left), index in after, kept, index in restored) == (1, False, [], True)
    assert "ix_events_point_date" in after


DROPPED_AT_0015 = {"ix_events_event", "ix_events_recipient_code", "ix_events_claimed_by_code",
                   "ix_events_place_country"}


def test_0015_drops_four_event_indexes_keeps_the_rows_and_gives_them_back(
        database_url: str) -> None:
    """A store with records taken back to 0014, one of the four indexes left in
    `deferred_ddl` by a killed bulk load: opening it drops the four (and that row; none is
    made again), `fused_events` keeps its own, the records stay and are found by type and
    country; a downgrade to 0014 makes the four again."""
    from alembic import command

    from flarewatch.storage.deferral import found_ddl
    from flarewatch.storage.migrate import alembic_config
    from flarewatch.storage.schema import deferred_ddl

    with open_store(database_url) as store:
        store.add_documents([make_document("kept", events=3)])
    url = resolve_url(database_url)
    command.downgrade(alembic_config(url), "0014")
    engine = create_store_engine(url)
    with engine.begin() as connection:
        before = objects(connection)
        left = [item for item in found_ddl(connection, [events])
                if item["name"] == "ix_events_place_country"]
        connection.execute(deferred_ddl.insert(), left)
        connection.exec_driver_sql("DROP INDEX ix_events_place_country")
    engine.dispose()
    with open_store(database_url) as store:
        with store.engine.connect() as connection:
            after, kept = objects(connection), connection.execute(sa.select(deferred_ddl)).all()
        found = [len(list(store.query_events(EventQuery(**query, fused=False))))
                 for query in ({"event_type": "ASSAULT"}, {"country": "UKR"})]
    command.downgrade(alembic_config(url), "0014")
    engine = create_store_engine(url)
    with engine.connect() as connection:
        restored = objects(connection)
        rows = connection.execute(sa.select(sa.func.count()).select_from(events)).scalar()
    engine.dispose()
    assert DROPPED_AT_0015 <= before and (len(left), kept) == (1, [])
    assert not DROPPED_AT_0015 & after and DROPPED_AT_0015 <= restored
    assert {name.replace("ix_events_", "ix_fused_events_") for name in DROPPED_AT_0015} <= after
    assert found == [3, 3] and rows == 3
