"""Ingest, dedup, interrupted ingest, replacement; run on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from store_samples import clean_ingest_dump, dump, make_document, make_event, told_three_times

from flarewatch.model import Casualty, Document, Size
from flarewatch.storage import EventQuery, Store, content_hash, open_store
from flarewatch.storage import store as store_module
from flarewatch.storage.schema import documents


def test_events_come_back_as_they_went_in(store: Store) -> None:
    doc = make_document("d1", events=3)
    store.add_documents([doc])
    assert list(store.query_events(EventQuery(fused=False))) == doc.events


def test_ingest_twice_changes_nothing(store: Store) -> None:
    docs = [make_document("d1"), make_document("d2", events=3)]
    first = store.add_documents(docs)
    before = dump(store)
    second = store.add_documents(docs)
    assert (first.documents_added, first.events_added) == (2, 5)
    assert (second.documents_added, second.documents_skipped_duplicate) == (0, 2)
    assert second.events_added == 0
    assert dump(store) == before
    assert (store.count_documents(), store.count_events()) == (2, 5)


def test_same_text_under_another_id_is_a_duplicate(store: Store) -> None:
    store.add_documents([make_document("d1", text="Same text.")])
    report = store.add_documents([make_document("other", text="Same text.")])
    assert report.documents_skipped_duplicate == 1
    assert store.count_documents() == 1


def test_has_document_knows_the_text_hash(store: Store) -> None:
    doc = make_document("d1")
    assert not store.has_document(content_hash(doc.text))
    store.add_documents([doc])
    assert store.has_document(content_hash(doc.text))


def test_interrupted_ingest_rerun_gives_the_same_database(
    store: Store, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = [make_document("d1"), make_document("d2"), make_document("d3")]
    real_insert_rows = store_module.insert_rows

    def failing_insert_rows(connection: sa.Connection, table: sa.Table, values: list) -> None:
        real_insert_rows(connection, table, values)
        if table.name == "events" and values[0]["doc_id"] == "d2":
            raise KeyboardInterrupt  # stopped mid-document, after some of its rows

    monkeypatch.setattr(store_module, "insert_rows", failing_insert_rows)
    with pytest.raises(KeyboardInterrupt):
        store.add_documents(docs)
    assert store.count_documents() == 1
    assert {table: len(rows) for table, rows in dump(store).items()} == {
        "documents": 1, "events": 2, "entities": 1, "places": 1, "timexes": 1,
        "fused_events": 1, "fusion_decisions": 0, "alerts": 0,
        "alert_events": 0, "alert_deliveries": 0, "daily_counts": 1, "deferred_ddl": 0,
        "daily_country_counts": 1, "daily_type_counts": 1, "daily_actor_counts": 1,
        "daily_totals": 1,
    }
    monkeypatch.setattr(store_module, "insert_rows", real_insert_rows)
    rerun = store.add_documents(docs)
    assert (rerun.documents_added, rerun.documents_skipped_duplicate) == (2, 1)
    assert dump(store) == clean_ingest_dump(docs, database_url)


def test_a_new_text_under_a_stored_id_replaces_the_old_version(store: Store) -> None:
    store.add_documents([make_document("d1", text="First version.", events=3)])
    report = store.add_documents([make_document("d1", text="Updated version.", events=1)])
    assert (report.documents_added, report.documents_replaced) == (1, 1)
    assert (store.count_documents(), store.count_events()) == (1, 1)
    assert not store.has_document(content_hash("First version."))
    assert dump(store)["entities"] and len(dump(store)["entities"]) == 1


def test_events_without_ids_get_stable_ones(store: Store) -> None:
    doc = make_document("d1", events=0)
    doc.events = [make_event(start=0, id="", doc_id="d1"), make_event(start=40, id="")]
    store.add_documents([doc])
    ids = [event.id for event in store.query_events(EventQuery(fused=False))]
    assert len(set(ids)) == 2 and all(event_id.startswith("ev-") for event_id in ids)


def test_an_event_id_repeated_in_a_document_is_stored_once(store: Store) -> None:
    doc = make_document("d1", events=0)
    doc.events = [make_event(start=0, id="ev-same"), make_event(start=40, id="ev-same")]
    report = store.add_documents([doc])
    assert (report.events_added, store.count_events()) == (1, 1)
    assert [event.start for event in store.query_events(EventQuery(fused=False))] == [0]


def test_document_layers_are_stored(store: Store) -> None:
    store.add_documents([make_document("d1")])
    tables = dump(store)
    assert [len(tables[name]) for name in ("entities", "places", "timexes", "events")] == [
        1, 1, 1, 2]


def stored_relevance(store: Store) -> dict[str, float | None]:
    with store.engine.connect() as connection:
        found = connection.execute(sa.select(documents.c.id, documents.c.relevance))
        return {doc_id: relevance for doc_id, relevance in found}


def test_mentions_and_relevance_come_back(store: Store) -> None:
    doc = make_document("d1", events=0, relevance=0.75)
    doc.events = [told_three_times(doc_id="d1"), make_event(start=100, id="ev-once")]
    store.add_documents([doc])
    back = {event.id: event for event in store.query_events(EventQuery(fused=False))}
    assert back["ev-told-0"] == doc.events[0]
    assert [(s.start, s.end) for s in back["ev-told-0"].tellings()] == [(0, 8), (30, 50),
                                                                        (60, 70)]
    assert back["ev-once"].mentions == [] and len(back["ev-once"].tellings()) == 1
    assert stored_relevance(store) == {"d1": 0.75}


def test_min_relevance_keeps_the_document_but_not_its_events(store: Store) -> None:
    docs = [make_document("low", relevance=0.2), make_document("high", relevance=0.9),
            make_document("unscored", relevance=None), make_document("edge", relevance=0.5)]
    report = store.add_documents(docs, min_relevance=0.5)
    assert (report.documents_added, report.documents_below_relevance) == (4, 1)
    assert report.events_added == 6
    kept = {event.doc_id for event in store.query_events(EventQuery(fused=False))}
    assert kept == {"high", "unscored", "edge"}
    assert stored_relevance(store) == {"low": 0.2, "high": 0.9, "unscored": None, "edge": 0.5}
    assert len(dump(store)["places"]) == 4  # the dropped document keeps its layers
    before = dump(store)
    again = store.add_documents(docs, min_relevance=0.5)
    assert (again.documents_skipped_duplicate, again.documents_below_relevance) == (4, 0)
    assert dump(store) == before


def test_without_min_relevance_every_event_is_stored(store: Store) -> None:
    report = store.add_documents([make_document("low", relevance=0.01)])
    assert (report.events_added, report.documents_below_relevance) == (2, 0)


def failing_document(doc_id: str, **event_fields: object) -> Document:
    """A document whose second event the database refuses (after its other rows)."""
    doc = make_document(doc_id)
    doc.events[1] = dataclasses.replace(doc.events[1], **event_fields)
    return doc


# What each store raises for a value it refuses; the store does not catch it.
FAILURES = [
    pytest.param({"modality": None}, sa.exc.IntegrityError, id="a required value missing"),
    pytest.param({"size": Size(dead=2**63)}, (OverflowError, sa.exc.DataError),
                 id="an integer beyond 64 bits"),
    pytest.param({"casualties": [Casualty(count=1, status="dead", who={"civilians"})]},
                 (sa.exc.StatementError, TypeError),
                 id="a value JSON cannot hold"),
]


@pytest.mark.parametrize(("event_fields", "raised"), FAILURES)
def test_a_failed_document_leaves_nothing_and_the_store_goes_on(
    store: Store, database_url: str, event_fields: dict[str, object],
    raised: type[Exception] | tuple[type[Exception], ...],
) -> None:
    with pytest.raises(raised):
        store.add_documents([failing_document("bad", **event_fields)])
    report = store.add_documents([make_document("good")])
    with open_store(database_url) as other:  # no lock or transaction was left behind
        other.add_documents([make_document("other")])
    assert (report.documents_added, report.events_added) == (1, 2)
    assert {row[0] for row in dump(store)["documents"]} == {"'good'", "'other'"}
    assert store.count_events() == 4


@pytest.mark.parametrize("dead", [2**31 - 1, 2**31, 3_000_000_000, 2**63 - 1])
def test_a_toll_beyond_32_bits_is_stored_alike_on_both_stores(store: Store, dead: int) -> None:
    doc = make_document("big")
    doc.events[0] = dataclasses.replace(doc.events[0], size=Size(dead=dead))
    store.add_documents([doc])
    assert {event.size.dead for event in store.query_events(EventQuery(fused=False))} >= {dead}
