"""The daily counts (`storage.counts`) stay equal to a recount of the fused records through
ingest, bulk loads, replaced versions, splits and merges (API and CLI), and
`/stats/timeseries` answers the same from them as from the records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

import pytest
import sqlalchemy as sa
from store_samples import KYIV, RUS_MIL, UKR_CVL, make_document
from typer.testing import CliRunner

from flarewatch.cli import app
from flarewatch.model import Document, Place, Size
from flarewatch.storage import Store, counts, open_store
from flarewatch.storage.bulk import bulk_add
from flarewatch.storage.schema import events, fused_events
from flarewatch.web import queries
from flarewatch.web.filters import EventFilters

KHARKIV = Place(text="Kharkiv", name="Kharkiv", lat=49.99, lon=36.23, precision="town",
                country="UKR", admin1="Kharkiv Oblast", start=30, end=37)
GAZA = Place(text="Gaza", name="Gaza", lat=31.5, lon=34.47, precision="town", country="PSE")
# A country named like the folded groups: it must merge with them when it is kept.
OTHER = Place(text="Elsewhere", name="Elsewhere", lat=1.0, lon=1.0, precision="town",
              country="(other)")
PLACES = [KYIV, KHARKIV, GAZA, None, OTHER]
DAYS = [None, "2023-09-18", "2023-09-19", "2023-09-20"]


def random_document(rng: random.Random, number: int) -> Document:
    """A report of 1-3 events drawn from few values, so that reports fuse often."""
    doc = make_document(f"r{number}", text=f"Report {number}: shelling. {rng.random()}",
                        events=rng.randint(1, 3))
    doc.events = [dataclasses.replace(
        event, event=rng.choice(["ASSAULT", "ASSAULT", "PROTEST"]),
        event_loc=rng.choice(PLACES), date=(day := rng.choice(DAYS)), enddate=day,
        actor=rng.choice([RUS_MIL, UKR_CVL, None]),
        size=Size(dead=rng.choice([None, 0, 2, 5]))) for event in doc.events]
    return doc


def recounted(store: Store) -> list[tuple[Any, ...]]:
    """What the counts tables should hold: a recount from `fused_events`, sorted alike."""
    found = []
    with store.engine.connect() as connection:
        for table in counts.TABLES:
            rows = [tuple(row) for row in connection.execute(counts.recount_select(table))]
            size = len(counts.key_names(table))
            found += sorted(rows, key=lambda row, n=size: (counts.sort_key(row[:n]), row[n:]))
    return found


def stored(store: Store) -> list[tuple[Any, ...]]:
    """Every counts table's rows (`recounted`'s shape)."""
    with store.engine.connect() as connection:
        return [row for table in counts.TABLES for row in counts.stored_rows(connection, table)]


def fused_records(store: Store) -> dict[str, list[str]]:
    """Fused id -> the documents of its events."""
    found: dict[str, list[str]] = {}
    with store.engine.connect() as connection:
        for fused_id, doc_id in connection.execute(sa.select(events.c.fused_id,
                                                             events.c.doc_id)):
            found.setdefault(fused_id, []).append(doc_id)
    return found


def split_one(store: Store, rng: random.Random, url: str) -> None:
    shared = sorted(record for record, docs in fused_records(store).items()
                    if len(set(docs)) > 1)
    if shared:
        record = rng.choice(shared)
        source = rng.choice(sorted(set(fused_records(store)[record])))
        cli(["fuse", "split", record, "--source", source, "--db", url])


def merge_two(store: Store, rng: random.Random, url: str) -> None:
    records = sorted(fused_records(store))
    if len(records) > 1:
        cli(["fuse", "merge", *rng.sample(records, 2), "--db", url])


def cli(arguments: list[str]) -> None:
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output


def ingest_some(store: Store, rng: random.Random, numbers: list[int]) -> None:
    docs = [random_document(rng, number) for number in numbers]
    if rng.random() < 0.5:
        store.add_documents(docs)
    else:
        bulk_add(store, docs, batch=2, defer_at=rng.choice([1, 10**6]))


def replace_one(store: Store, rng: random.Random, count: int) -> None:
    newer = random_document(rng, rng.randrange(count))
    newer.text = f"A newer version: {rng.random()}"
    store.add_documents([newer])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_equal_a_recount_after_every_step(database_url: str, seed: int) -> None:
    rng = random.Random(seed)
    with open_store(database_url) as store:
        ingest_some(store, rng, list(range(6)))
        assert stored(store) == recounted(store) != []
        for step in range(8):
            action = rng.choice(["ingest", "replace", "split", "merge"])
            if action == "ingest":
                ingest_some(store, rng, list(range(6 + 3 * step, 9 + 3 * step)))
            elif action == "replace":
                replace_one(store, rng, 6)
            elif action == "split":
                split_one(store, rng, database_url)
            else:
                merge_two(store, rng, database_url)
            assert stored(store) == recounted(store), (step, action)


def test_a_migrated_store_is_counted(tmp_path: Any) -> None:
    """Migrations 0009, 0017 and 0018 fill the tables from the records stored before them."""
    url = str(tmp_path / "old.db")
    with open_store(url) as store:
        store.add_documents([random_document(random.Random(4), n) for n in range(8)])
        with store.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE daily_counts"))
            connection.execute(sa.text("DROP TABLE daily_country_counts"))
            connection.execute(sa.text("DROP TABLE daily_type_counts"))
            connection.execute(sa.text("DROP TABLE daily_actor_counts"))
            connection.execute(sa.text("DROP TABLE daily_totals"))
            connection.execute(sa.text("DROP TABLE deferred_ddl"))
            connection.execute(sa.text("CREATE TABLE event_documents (event_id TEXT)"))  # 0019
            connection.execute(sa.text("UPDATE alembic_version SET version_num = '0008'"))
    with open_store(url) as store:
        assert stored(store) == recounted(store) != []


FILTERS = [EventFilters(), EventFilters(event_type="ASSAULT"), EventFilters(actor="RUS"),
           EventFilters(until=dt.date(2023, 9, 19)),
           EventFilters(event_type="PROTEST", actor="UKR", until=dt.date(2023, 9, 20))]
UNCOUNTED = [EventFilters(since=dt.date(2023, 9, 19)), EventFilters(country="UKR"),
             EventFilters(text="kyiv"), EventFilters(min_dead=1), EventFilters(modality="reported")]
GROUPS = [None, "country", "type", "actor"]


@pytest.fixture
def sample_store(database_url: str) -> Any:
    rng = random.Random(5)
    with open_store(database_url) as store:
        store.add_documents([random_document(rng, n) for n in range(30)])
        yield store


def timeseries(store: Store, filters: EventFilters, group_by: str | None,
               top: int) -> list[dict[str, Any]]:
    with store.engine.connect() as connection:
        return queries.timeseries(connection, filters, group_by, top)


def test_timeseries_is_the_same_from_the_counts(sample_store: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cases = [(f, g, top) for f in FILTERS for g in GROUPS for top in (1, 2, 3, 10)]
    assert all(queries.counted_series(f, g, fused_events) is not None for f, g, _ in cases)
    counted = [timeseries(sample_store, *case) for case in cases]
    monkeypatch.setattr(queries, "counted_series", lambda *_args: None)
    assert counted == [timeseries(sample_store, *case) for case in cases]
    assert any(len(found) > 3 for found in counted)


@pytest.mark.parametrize(("filters", "group_by", "table"), [
    *((f, None, fused_events) for f in UNCOUNTED), (EventFilters(), "sector", fused_events),
    (EventFilters(), "modality", fused_events), (EventFilters(), "country", events)])
def test_what_the_counts_cannot_answer_reads_the_records(
        filters: EventFilters, group_by: str | None, table: sa.Table) -> None:
    assert queries.counted_series(filters, group_by, table) is None


@pytest.mark.parametrize(("filters", "group_by", "table"), [
    (EventFilters(), None, "daily_totals"),
    (EventFilters(until=dt.date(2023, 9, 19)), None, "daily_totals"),
    (EventFilters(until=dt.date(2023, 9, 19)), "country", "daily_country_counts"),
    (EventFilters(), "type", "daily_type_counts"),
    (EventFilters(event_type="ASSAULT"), "type", "daily_type_counts"),
    (EventFilters(event_type="ASSAULT"), None, "daily_type_counts"),
    (EventFilters(), "actor", "daily_actor_counts"),
    (EventFilters(actor="RUS"), "actor", "daily_actor_counts"),
    (EventFilters(actor="RUS"), None, "daily_actor_counts"),
    (EventFilters(event_type="ASSAULT"), "country", "daily_counts"),
    (EventFilters(actor="RUS"), "type", "daily_counts"),
    (EventFilters(event_type="ASSAULT"), "actor", "daily_counts"),
    (EventFilters(event_type="ASSAULT", actor="RUS"), None, "daily_counts")])
def test_a_series_reads_the_smallest_counts_table_that_holds_it(
        filters: EventFilters, group_by: str | None, table: str) -> None:
    counted = queries.counted_series(filters, group_by, fused_events)
    assert counted is not None and counted[0].name == table
