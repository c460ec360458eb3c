"""Bulk loading: many annotated documents into the store at once (`bulk_add`).

Where `Store.add_document` writes one document per transaction and fuses it at once,
`bulk_add(store, docs)` writes `batch` documents per transaction, each table's rows at
once (`storage.columns` builds them column by column, `storage.writer` writes them:
INSERTs of many rows on SQLite, COPY on PostgreSQL), and fuses afterwards: the events
are stored unfused, then `Store.fuse_pending` fuses them document by document, in id
order, as it fuses a store from before fusion, which gives the partition fusion at
ingest gives (fusion is order-independent: `tests/fusion`). A document whose text is stored is
skipped; one whose id is stored with another text (a new version) goes through
`add_document`, which replaces it. Returns the `IngestReport`.

A large load (at least `DEFER_MIN_DOCUMENTS` documents, and at least `DEFER_SHARE` of
those already stored) defers the indexes (`storage.deferral`): once it has reached that
size, the loaded tables' secondary indexes are dropped and made again after its last
batch, and those of `fused_events` (with SQLite's full-text triggers) during its fusion
pass, which leaves the daily counts to one recount at its end; they are restored (and
recounted) also when the load fails or is killed. `defer_at` sets the size in documents
instead. On SQLite the load's connection runs with `LOAD_PRAGMAS` (restored after); on
PostgreSQL its transactions skip the foreign key checks where the role may
(`skip_foreign_key_checks`).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager

import sqlalchemy as sa

from flarewatch.model import Document
from flarewatch.pipeline import batches
from flarewatch.storage import counts, rows
from flarewatch.storage.columns import DOCUMENT_TABLES, batch_columns, fusion
from flarewatch.storage.deferral import deferred
from flarewatch.storage.engine import sqlite_pragmas
from flarewatch.storage.schema import fused_events
from flarewatch.storage.store import IngestReport, Store, is_below
from flarewatch.storage.writer import insert_columns

# Deferring pays when the load is large next to the table: rebuilding an index sorts all
# its rows once, where keeping it costs a B-tree descent per new row.
DEFER_MIN_DOCUMENTS = 5000
DEFER_SHARE = 0.25
FUSE_BATCH = 500  # documents fused per transaction
# During the load only, on its connection: no fsync (an OS crash may lose the last
# batches), 256 MiB of page cache, temporary B-trees (index builds) in memory, and no
# foreign key lookups (each batch writes a document's rows after the document itself, so
# they hold by construction; deletes elsewhere still cascade).
LOAD_PRAGMAS = {"synchronous": "OFF", "cache_size": "-262144", "temp_store": "MEMORY",
                "foreign_keys": "OFF"}


def bulk_add(store: Store, docs: Iterable[Document], batch: int = 5000,
             min_relevance: float | None = None, fuse: bool = True,
             defer_at: int | None = None) -> IngestReport:
    """Store `docs` in batches (see the module docstring); fuse them unless `fuse` is
    False. `min_relevance` is 0..1; `defer_at` a size in documents (None: the rule).

    Raises what the database or its driver raises (a batch is then rolled back whole, the
    batches before it stay, unfused until the store is next opened), after restoring any
    deferred index.
    """
    report = IngestReport()
    threshold = deferral_threshold(store) if defer_at is None else defer_at
    with ExitStack() as stack:
        large = load(store, docs, (batch, threshold), min_relevance, report, stack)
    if fuse and store.fuse:
        fuse_loaded(store, large)
    return report


def fuse_loaded(store: Store, large: bool) -> None:
    """The fusion pass over the loaded documents. After a large load, with `fused_events`'
    indexes (and SQLite's full-text triggers) deferred, and the daily counts recounted
    once at the end instead of kept per group of records (`counts.DEFERRED`)."""
    if not large:
        store.fuse_pending(batch=FUSE_BATCH)
        return
    with (deferred(store.engine, [fused_events], recount=True),
          store.engine.connect() as connection):
        connection.execution_options(**{counts.DEFERRED: True})
        while fuse_some(connection):
            pass


def fuse_some(connection: sa.Connection) -> int:
    """Fuse up to `FUSE_BATCH` unfused documents in one transaction, as
    `Store.fuse_pending` does; how many."""
    with connection.begin():
        pending = fusion().pending_documents(connection, FUSE_BATCH)
        for doc_id in pending:
            fusion().fuse_pending_document(connection, doc_id)
    return len(pending)


def deferral_threshold(store: Store) -> int:
    """The load size (documents) from which indexes are deferred."""
    return max(DEFER_MIN_DOCUMENTS, int(DEFER_SHARE * store.count_documents()))


def load(store: Store, docs: Iterable[Document], sizes: tuple[int, int],
         min_relevance: float | None, report: IngestReport, stack: ExitStack) -> bool:
    """Write the documents in batches, deferring the indexes on `stack` once `sizes` =
    (batch, threshold) says they are that many; whether they were deferred."""
    batch, threshold = sizes
    seen, large = 0, False
    with (store.engine.connect() as connection, load_settings(connection),
          no_cycle_collection()):
        for chunk in batches(docs, batch, 10**12, size=lambda doc: len(doc.text)):
            seen += len(chunk)
            if not large and seen >= threshold:
                stack.enter_context(deferred(store.engine, DOCUMENT_TABLES))
                large = True
            for doc in write_batch(connection, chunk, report, min_relevance):
                store.add_document(doc, report, min_relevance)  # a new version, replaced
    return large


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector off for the block (on again after, if it was).

    A batch allocates millions of containers (a tuple per row, lists per event), and each
    full collection walks every live object, the caller's documents included: collecting
    during a load took more than half of its Python time (cProfile). The rows hold no
    cycles; reference counting frees them as before.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@contextmanager
def load_settings(connection: sa.Connection) -> Iterator[None]:
    """SQLite's `LOAD_PRAGMAS` on this connection for the block, then the values before."""
    with sqlite_pragmas(connection, LOAD_PRAGMAS):
        yield


def write_batch(connection: sa.Connection, chunk: list[Document], report: IngestReport,
                min_relevance: float | None) -> list[Document]:
    """Insert the batch's new documents in one transaction; return those whose id holds
    another text."""
    hashes = {doc.id: rows.content_hash(doc.text) for doc in chunk}
    with connection.begin():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL synchronous_commit = off")
            skip_foreign_key_checks(connection)
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


def skip_foreign_key_checks(connection: sa.Connection) -> bool:
    """PostgreSQL: no foreign key checks for the rest of the transaction, where the role
    may (`session_replication_role = replica`, which skips the per-row triggers that
    check them: a superuser, or one granted SET on it); whether it may.

    A batch writes each document's rows after the document, and its event links after its
    events, so the keys hold by construction (as with SQLite's `foreign_keys=OFF` in
    `LOAD_PRAGMAS`); checking them row by row took more of a load's time on the server
    than writing the rows. The setting is the session's only, and ends with the
    transaction; `documents`' tables have no other triggers it would skip. Refused, it
    is undone (a savepoint) and the checks stay.
    """
    savepoint = connection.begin_nested()
    try:
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def stored(connection: sa.Connection, chunk: list[Document],
           hashes: dict[str, str]) -> tuple[set[str], set[str]]:
    """(stored text hashes, stored ids) among the batch's, in one statement whatever the
    batch's size: each list is one parameter, a JSON array on SQLite (`json_each`), an
    array on PostgreSQL (`= ANY`). A parameter per value made SQLAlchemy compile a
    statement of 10,000 of them for a batch of 5,000 documents: 35-40 ms a batch, where
    this takes 15 (bench_storage's documents, a store of 5,000); and SQLite takes at
    most 32,766 parameters."""
    wanted = (list(set(hashes.values())), [rows.storable_text(doc.id) for doc in chunk])
    if connection.dialect.name == "postgresql":
        found = connection.exec_driver_sql(STORED_ANY, wanted).all()
    else:
        arrays = tuple(json.dumps(values, ensure_ascii=False) for values in wanted)
        found = connection.exec_driver_sql(STORED_JSON, arrays).all()
    return {row[0] for row in found}, {row[1] for row in found}


STORED_ANY = ("SELECT content_hash, id FROM documents WHERE content_hash = ANY(%s) "
              "OR id = ANY(%s)")
# Each IN reads its JSON array once into a list, then looks each value up in the unique
# index (SQLite's plan: MULTI-INDEX OR, one SEARCH per index).
STORED_JSON = ("SELECT content_hash, id FROM documents "
               "WHERE content_hash IN (SELECT value FROM json_each(?)) "
               "OR id IN (SELECT value FROM json_each(?))")


def insert_all(connection: sa.Connection, fresh: list[Document], hashes: dict[str, str],
               report: IngestReport, min_relevance: float | None) -> None:
    """Write the documents' rows, table by table (`storage.columns`, `storage.writer`)."""
    found = batch_columns(fresh, hashes, dt.datetime.now(dt.UTC),
                          lambda doc: not is_below(doc, min_relevance))
    report.documents_added += len(fresh)
    report.documents_below_relevance += sum(is_below(doc, min_relevance) for doc in fresh)
    report.events_added += len(found["events"])
    for table in DOCUMENT_TABLES:
        insert_columns(connection, table, found[table.name])
