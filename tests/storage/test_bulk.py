"""Bulk loading stores what one-by-one ingest stores, fusion included."""

from __future__ import annotations

import pytest
from store_samples import clean_ingest_dump, dump, make_document, make_event

from flarewatch.storage import open_store
from flarewatch.storage.bulk import bulk_add


def documents() -> list:  # type: ignore[type-arg]
    docs = [make_document(f"d{i}", events=2) for i in range(6)]
    docs.append(make_document("d0-copy", text=docs[0].text))  # the same text: skipped
    other = make_document("far", text="Report far away.", events=0)
    other.events = [make_event(id="ev-far", doc_id="far", date="2024-05-01",
                               enddate="2024-05-01")]
    return [*docs, other]


@pytest.mark.parametrize("batch", [1, 3, 100])
def test_bulk_add_stores_what_ingest_stores(database_url: str, batch: int) -> None:
    with open_store(database_url) as store:
        report = bulk_add(store, documents(), batch=batch)
        assert (report.documents_added, report.documents_skipped_duplicate) == (7, 1)
        assert dump(store) == clean_ingest_dump(documents(), database_url)


def test_a_new_version_replaces_the_old(database_url: str) -> None:
    with open_store(database_url) as store:
        bulk_add(store, documents())
        newer = make_document("d1", text="A second version of d1.", events=1)
        report = bulk_add(store, [newer])
        assert (report.documents_added, report.documents_replaced) == (1, 1)
        assert store.count_documents() == 7
