"""Bulk loading: many annotated documents into the store at once (`Store.bulk_add`).

Where `Store.add_document` writes one document per transaction and fuses it at once,
`bulk_add(store, docs)` writes `batch` documents per transaction, each table's rows in
one executemany, and fuses afterwards: the events are stored unfused, then
`Store.fuse_pending` fuses them document by document, in id order, as it fuses a store
from before fusion, which gives the partition fusion at ingest gives (fusion is
order-independent: `tests/fusion`). A document whose text is stored is skipped; one whose
id is stored with another text (a new version) goes through `add_document`, which
replaces it. Returns the `IngestReport`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa

from flarewatch.model import Document
from flarewatch.pipeline import batches
from flarewatch.storage import rows
from flarewatch.storage.schema import documents
from flarewatch.storage.store import DOCUMENT_TABLES, IngestReport, Store, document_rows, is_below


def bulk_add(store: Store, docs: Iterable[Document], batch: int = 2000,
             min_relevance: float | None = None, fuse: bool = True) -> IngestReport:
    report = IngestReport()
    for chunk in batches(docs, batch, 10**12, size=lambda doc: len(doc.text)):
        for doc in write_batch(store, chunk, report, min_relevance):
            store.add_document(doc, report, min_relevance)  # a new version, replaced
    if fuse and store.fuse:
        store.fuse_pending(batch=500)
    return report


def write_batch(store: Store, chunk: list[Document], report: IngestReport,
                min_relevance: float | None) -> list[Document]:
    """Insert the batch's new documents; return those whose id holds another text."""
    hashes = {doc.id: rows.content_hash(doc.text) for doc in chunk}
    with store.engine.begin() as connection:
        known_hashes, known_ids = stored(connection, chunk, hashes)
        fresh, seen, replacing = [], set(known_hashes), []
        for doc in chunk:
            if hashes[doc.id] in seen:
                report.documents_skipped_duplicate += 1
            elif rows.storable_text(doc.id) in known_ids:
                replacing.append(doc)
            else:
                seen.add(hashes[doc.id])
                fresh.append(doc)
        insert_all(connection, fresh, hashes, report, min_relevance)
    return replacing


def stored(connection: sa.Connection, chunk: list[Document],
           hashes: dict[str, str]) -> tuple[set[str], set[str]]:
    """(stored text hashes, stored ids) among the batch's."""
    found = connection.execute(sa.select(documents.c.content_hash, documents.c.id).where(
        sa.or_(documents.c.content_hash.in_(set(hashes.values())),
               documents.c.id.in_({rows.storable_text(doc.id) for doc in chunk})))).all()
    return {row[0] for row in found}, {row[1] for row in found}


def insert_all(connection: sa.Connection, fresh: list[Document], hashes: dict[str, str],
               report: IngestReport, min_relevance: float | None) -> None:
    now = dt.datetime.now(dt.UTC)
    values: dict[str, list[rows.Row]] = {table.name: [] for table in DOCUMENT_TABLES}
    for doc in fresh:
        kept = not is_below(doc, min_relevance)
        for name, found in document_rows(doc, hashes[doc.id], now, kept).items():
            values[name].extend(found)
        report.documents_added += 1
        report.documents_below_relevance += int(not kept)
    report.events_added += len(values["events"])
    for table in DOCUMENT_TABLES:
        if values[table.name]:
            connection.execute(table.insert(), values[table.name])
