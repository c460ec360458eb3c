"""The event store: documents with their layers and events, in SQLite or PostgreSQL.

Each document is written in one transaction with everything extracted from it, so an
ingest that stops half-way leaves whole documents only, and rerunning it ends in the
same database. A document whose text is already stored (same content hash) is skipped.
A document whose id is stored with another text is an updated version: it replaces
the old one (its events and layers go with it) and counts as `documents_replaced`.
With `min_relevance`, a document whose relevance is below it is stored with its text,
relevance and layers but without its events (`documents_below_relevance`); a document
never scored (relevance None) keeps its events.

Both stores take the same inputs and store the same values: every string written (the
text, title, url, source, event text, actor names, ids, strings inside JSON columns ...)
has U+0000, which PostgreSQL text cannot hold, and lone surrogates U+D800-U+DFFF, which
neither driver can encode, replaced by U+FFFD, one character for one so that every span
offset into the text stays valid (`rows.storable_text`; the lead engineer's decision,
issue 12). The content hash is of the text as stored (`rows.content_hash`: a text and
its stored form are duplicates).

A document that fails (a value the database refuses, an interrupt) raises, nothing of
it is stored, and its transaction is rolled back: the store goes on with the next one.
Several processes may ingest into one database at once; the first to open a new one
creates its schema while the others wait (`migrate.upgrade_connection`), and SQLite
writers wait their turn for the write lock (`engine.SQLITE_BUSY_TIMEOUT_S`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType

import sqlalchemy as sa

from flarewatch.errors import Errors, StorageError
from flarewatch.model import Document, Event
from flarewatch.storage import deferral, rows
from flarewatch.storage.columns import DOCUMENT_TABLES, batch_columns, fusion
from flarewatch.storage.engine import create_store_engine, resolve_url
from flarewatch.storage.migrate import upgrade_connection
from flarewatch.storage.points import mark_points
from flarewatch.storage.query import EventQuery, select_events, within_radius
from flarewatch.storage.schema import (
    documents,
    entities,
    events,
    fused_events,
    places,
    timexes,
)

STREAM_BATCH = 1000


@dataclass
class IngestReport:
    documents_added: int = 0
    documents_skipped_duplicate: int = 0
    events_added: int = 0
    documents_replaced: int = 0
    documents_below_relevance: int = 0  # added, but their events left out


class Store:
    """One database; open it with `open_store`. Use as a context manager or `close()`.

    `engine` (a SQLAlchemy Engine) is public for read-only SQL on the schema's tables.
    """

    def __init__(self, engine: sa.Engine, fuse: bool = True):
        self.engine = engine
        self.fuse = fuse  # fuse each new document's events at ingest (False: benchmarks)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def has_document(self, content_hash: str) -> bool:
        with self.engine.connect() as connection:
            return stored_hash(connection, content_hash)

    def add_documents(
        self, docs: Iterable[Document], min_relevance: float | None = None
    ) -> IngestReport:
        """Store each document (see the module docstring); `min_relevance` is 0..1."""
        report = IngestReport()
        for doc in docs:
            self.add_document(doc, report, min_relevance)
        return report

    def add_document(
        self, doc: Document, report: IngestReport, min_relevance: float | None = None
    ) -> None:
        """Write one document and all it carries in one transaction; update `report`.

        Raises what the database or its driver raises for a value it refuses (a
        SQLAlchemy error; from the driver also OverflowError, TypeError), after rolling
        the transaction back, so the store stays usable for the next document.
        """
        text_hash, doc_id = rows.content_hash(doc.text), rows.storable_text(doc.id)
        dropped = is_below(doc, min_relevance)
        try:
            with self.engine.begin() as connection:
                stored = stored_versions(connection, doc_id, text_hash)
                if text_hash in stored:
                    report.documents_skipped_duplicate += 1
                    return
                replaced = delete_document(connection, doc_id) if stored else 0
                added = insert_document(connection, doc, text_hash, with_events=not dropped)
                if added and self.fuse:
                    fusion().fuse_documents(connection, [doc_id])
        except sa.exc.IntegrityError:
            if not self.has_document(text_hash):
                raise
            report.documents_skipped_duplicate += 1  # a concurrent ingest stored it first
            return
        report.documents_added += 1
        report.documents_replaced += replaced
        report.events_added += added
        report.documents_below_relevance += int(dropped)

    def query_events(self, query: EventQuery | None = None) -> Iterator[Event]:
        """Stored events matching `query`, by date (undated last) then id."""
        query = query or EventQuery()
        matched = 0
        with self.engine.connect() as connection:
            result = connection.execution_options(yield_per=STREAM_BATCH).execute(
                select_events(query)
            )
            for row in result.mappings():
                if query.limit is not None and matched >= query.limit:
                    return
                if within_radius(query, row["place_lat"], row["place_lon"]):
                    matched += 1
                    yield rows.event_from_row(row)

    def count_events(self) -> int:
        """Per-document events stored."""
        return self._count(events)

    def count_fused(self) -> int:
        """Fused records (one per incident, `flarewatch.fusion`)."""
        return self._count(fused_events)

    def split(self, fused_id: str, doc_id: str, note: str | None = None) -> list[str]:
        """An analyst's split (`flarewatch.fusion.corrections.split`); FusionError."""
        with self.engine.begin() as connection:
            return corrections().split(connection, fused_id, doc_id, note)

    def merge(self, first: str, second: str, note: str | None = None) -> list[str]:
        """An analyst's merge (`flarewatch.fusion.corrections.merge`); FusionError."""
        with self.engine.begin() as connection:
            return corrections().merge(connection, first, second, note)

    def explain(self, fused_id: str) -> dict[str, object]:
        """Why a record was fused (`flarewatch.fusion.corrections.explain`); FusionError."""
        with self.engine.connect() as connection:
            return corrections().explain(connection, fused_id)

    def corrections(self) -> Iterator[dict[str, object]]:
        """The decided components as fusion gold (`corrections.gold_lines`)."""
        with self.engine.connect() as connection:
            yield from corrections().gold_lines(connection)

    def fuse_pending(self, batch: int = 100) -> int:
        """Fuse the events stored before fusion existed (migration 0005), a batch of
        documents a transaction; how many documents."""
        done = 0
        while True:
            with self.engine.begin() as connection:
                pending = fusion().pending_documents(connection, batch)
                for doc_id in pending:
                    fusion().fuse_pending_document(connection, doc_id)
            if not pending:
                return done
            done += len(pending)

    def count_documents(self) -> int:
        return self._count(documents)

    def _count(self, table: sa.Table) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(sa.select(sa.func.count()).select_from(table))
                       .scalar_one())


def corrections() -> ModuleType:
    import flarewatch.fusion.corrections

    return flarewatch.fusion.corrections


def is_below(doc: Document, min_relevance: float | None) -> bool:
    """Whether the document scores under `min_relevance`; unscored ones never do."""
    if min_relevance is None or doc.relevance is None:
        return False
    return doc.relevance < min_relevance


def stored_hash(connection: sa.Connection, content_hash: str) -> bool:
    found = sa.select(documents.c.id).where(documents.c.content_hash == content_hash)
    return connection.execute(found).first() is not None


def stored_versions(connection: sa.Connection, doc_id: str, content_hash: str) -> set[str]:
    """Hashes of stored documents with this id or this text (one query, both questions)."""
    found = sa.select(documents.c.content_hash).where(
        sa.or_(documents.c.id == doc_id, documents.c.content_hash == content_hash)
    )
    return set(connection.execute(found).scalars())


def delete_document(connection: sa.Connection, doc_id: str) -> int:
    """Delete a stored document and what came from it, and refuse what its events were
    fused with; 1 if there was one, else 0."""
    touched = fusion().before_delete(connection, doc_id)
    for table in (events, entities, places, timexes):
        connection.execute(table.delete().where(table.c.doc_id == doc_id))
    deleted = connection.execute(documents.delete().where(documents.c.id == doc_id))
    fusion().after_delete(connection, touched)
    return deleted.rowcount


def insert_document(
    connection: sa.Connection, doc: Document, text_hash: str, with_events: bool = True
) -> int:
    """Insert the document and its layers, and its events unless told not to (their
    rows as a bulk load builds them: `columns.batch_columns`).

    Returns the number of events inserted.
    """
    found = batch_columns([doc], {doc.id: text_hash}, dt.datetime.now(dt.UTC),
                          lambda _doc: with_events)
    for table in DOCUMENT_TABLES:
        insert_rows(connection, table, found[table.name].as_dicts())
    return len(found["events"])


def insert_rows(connection: sa.Connection, table: sa.Table, values: list[rows.Row]) -> None:
    if values:
        connection.execute(table.insert(), values)


def open_store(url_or_path: str | None = None, must_exist: bool = False) -> Store:
    """Open (creating or migrating as needed) the store at `url_or_path`.

    None -> $FLAREWATCH_DB -> ./flarewatch.db; a plain path is a SQLite file;
    `sqlite:///...` and `postgresql://...` URLs are used as given (psycopg 3 driver).
    With `must_exist`, a SQLite file that does not exist is E021, not created (commands
    that only read). StorageError E020 names the database and the first line of the cause.
    """
    url = resolve_url(url_or_path)
    try:
        shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError) as error:  # 'postgresql://h:54a2/x'
        raise cannot_open("a database URL that cannot be read", error) from error
    if must_exist and missing_sqlite_file(url):
        raise StorageError(f"E021 {Errors.E021.value.format(detail=shown)}")
    problem = sqlite_path_problem(url)
    if problem is not None:
        raise cannot_open(shown, OSError(problem))
    try:
        engine = create_store_engine(url)
    except (sa.exc.SQLAlchemyError, ModuleNotFoundError, ValueError) as error:
        raise cannot_open(shown, error) from error
    try:
        with engine.connect() as connection:
            upgrade_connection(connection)
    except (sa.exc.SQLAlchemyError, OSError, ModuleNotFoundError) as error:
        engine.dispose()
        raise cannot_open(shown, error) from error
    mark_points(engine)
    restore_deferred(engine)
    store = Store(engine)
    store.fuse_pending()
    return store


def restore_deferred(engine: sa.Engine) -> None:
    """Create the indexes a bulk load dropped and did not restore (it was killed:
    `storage.deferral`); one cheap read when there are none."""
    if deferral.pending(engine):
        deferral.restore(engine)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    parsed = sa.engine.make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return Path(database)


def missing_sqlite_file(url: str) -> bool:
    path = sqlite_file(url)
    return path is not None and not path.exists()


def sqlite_path_problem(url: str) -> str | None:
    """Why SQLite could not open or create the file of `url`, said plainly (SQLite says
    only "unable to open database file"): a folder in its place, or a folder of its path
    that does not exist; None when neither (or for a `file:` URI, read as SQLite reads it)."""
    path = sqlite_file(url)
    if path is None or str(path).startswith("file:"):
        return None
    if path.is_dir():
        return "a folder, not a database file"
    if not path.parent.is_dir():
        return f"the folder {path.parent} does not exist (flarewatch creates no folders)"
    return None


def cannot_open(shown: str, error: BaseException) -> StorageError:
    """E020 on one line: the database and the first line of the cause."""
    cause = getattr(error, "orig", None) or error
    first = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    return StorageError(f"E020 {Errors.E020.value.format(detail=f'{shown}: {first}')}")
