"""Bulk loading stores what one-by-one ingest stores, fusion included, with its indexes
deferred or not, and leaves the indexes as they were, also when it fails or is killed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from store_samples import clean_ingest_dump, dump, make_document, make_event

from flarewatch.model import Casualty, Entity
from flarewatch.storage import Store, bulk, deferral, open_store
from flarewatch.storage.bulk import bulk_add
from flarewatch.storage.columns import Columns
from flarewatch.storage.schema import events, fused_events
from flarewatch.storage.search import text_match
from pg_cluster import fresh_schema_url

OBJECTS = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')",
    "postgresql": "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()",
}


def documents() -> list:  # type: ignore[type-arg]
    docs = [make_document(f"d{i}", events=2) for i in range(6)]
    docs.append(make_document("d0-copy", text=docs[0].text))  # the same text: skipped
    other = make_document("far", text="Report far away.", events=0)
    other.events = [make_event(id="ev-far", doc_id="far", date="2024-05-01",
                               enddate="2024-05-01")]
    return [*docs, other]


def schema_objects(store: Store) -> set[str]:
    """The names of the store's indexes (and SQLite triggers)."""
    with store.engine.connect() as connection:
        return set(connection.execute(sa.text(OBJECTS[connection.dialect.name])).scalars())


def searchable(store: Store) -> int:
    """Fused records the full-text index finds by their place (every sample's is Kyiv)."""
    with store.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(fused_events)
                                  .where(text_match("kyiv", fused_events))).scalar_one()


# defer_at: None (the rule: not deferred at this size), 1 (from the first batch), 4 (from
# the batch that brings the load to four documents).
@pytest.mark.parametrize(("batch", "defer_at"), [(1, None), (3, None), (100, None), (1, 1),
                                                 (3, 4), (100, 1)])
def test_bulk_add_stores_what_ingest_stores(database_url: str, batch: int,
                                            defer_at: int | None) -> None:
    with open_store(database_url) as store:
        before = schema_objects(store)
        report = bulk_add(store, documents(), batch=batch, defer_at=defer_at)
        assert (report.documents_added, report.documents_skipped_duplicate) == (7, 1)
        assert dump(store) == clean_ingest_dump(documents(), database_url)
        assert schema_objects(store) == before
        assert searchable(store) == store.count_fused() > 0


def unstorable_documents() -> list:  # type: ignore[type-arg]
    """Documents with characters no store holds (U+0000, a lone surrogate) in a text
    column, a JSON list and a casualty group, and one below the relevance floor."""
    odd = make_document("odd\x00", text="Report \x00 with \ud800 in it.", relevance=0.9)
    odd.events = [make_event(id="ev-0-odd", doc_id="odd", event_text="shel\x00led",
                             actor=Entity(text="forces\ud800", code="R\x00S",
                                          other_sectors=("MIL\x00",)),
                             casualties=[Casualty(count=1, status="dead", who="x\x00")])]
    low = make_document("low", text="Report below the floor.", relevance=0.1)
    return [low, odd, make_document("plain", relevance=0.8)]  # in id order, as fused


def test_bulk_add_stores_unstorable_characters_as_ingest_does(database_url: str) -> None:
    with open_store(database_url) as store:
        report = bulk_add(store, unstorable_documents(), min_relevance=0.5)
        assert (report.documents_added, report.documents_below_relevance) == (3, 1)
        other = database_url + ".clean" if "://" not in database_url else None
        with open_store(other or fresh_schema_url(database_url)) as clean:
            clean.add_documents(unstorable_documents(), min_relevance=0.5)
            assert dump(store) == dump(clean)


def test_a_failed_load_restores_the_indexes(database_url: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = bulk.insert_columns

    def failing(connection: sa.Connection, table: sa.Table, values: Columns) -> None:
        if table.name == "events" and "d3" in values.values[1]:
            raise RuntimeError("the disk is full")
        real(connection, table, values)

    monkeypatch.setattr(bulk, "insert_columns", failing)
    with open_store(database_url) as store:
        before = schema_objects(store)
        with pytest.raises(RuntimeError):
            bulk_add(store, documents(), batch=3, defer_at=1)
        assert (store.count_documents(), schema_objects(store)) == (3, before)


def test_what_a_killed_load_dropped_is_restored_on_open(database_url: str) -> None:
    with open_store(database_url) as store:
        bulk_add(store, documents())
        before = schema_objects(store)
        assert deferral.drop(store.engine, [events, fused_events]) > 5
        assert schema_objects(store) < before
    with open_store(database_url) as store:
        assert schema_objects(store) == before
        assert searchable(store) == store.count_fused() > 0


def test_a_new_version_replaces_the_old(database_url: str) -> None:
    with open_store(database_url) as store:
        bulk_add(store, documents())
        newer = make_document("d1", text="A second version of d1.", events=1)
        report = bulk_add(store, [newer])
        assert (report.documents_added, report.documents_replaced) == (1, 1)
        assert store.count_documents() == 7
