"""Writer processes for the concurrency tests: each opens one store and ingests into it.

Run with the multiprocessing 'spawn' context, so each writer is a fresh interpreter that
imports flarewatch and opens (creating and migrating) the store itself, as two
`flarewatch ingest` runs do. The writers wait at a shared barrier, then start at once.
"""

from __future__ import annotations

import multiprocessing
import sys
from dataclasses import dataclass, field
from multiprocessing.context import SpawnContext
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

import sqlalchemy as sa
from store_samples import make_document

from flarewatch.storage import open_store, resolve_url
from flarewatch.storage.engine import create_store_engine
from flarewatch.storage.migrate import current_revisions
from flarewatch.storage.schema import documents

JOIN_TIMEOUT_S = 120


def doc_ids(writer: int, count: int) -> list[str]:
    return [f"w{writer}-d{number}" for number in range(count)]


def ingest_at_barrier(url: str, ids: list[str], barrier: Barrier, results: Queue[str]) -> None:
    """Wait at `barrier`, open the store at `url`, add the documents `ids`; put the outcome
    ('ok' or the error) on `results` and exit 1 on an error."""
    docs = [make_document(doc_id) for doc_id in ids]
    barrier.wait()
    try:
        with open_store(url) as store:
            store.add_documents(docs)
    except Exception as error:  # noqa: BLE001 - reported to the parent, then exit 1
        results.put(f"{ids[0]}: {type(error).__name__}: {error}")
        sys.exit(1)
    results.put("ok")


@dataclass
class Trial:
    """What one race left: the writers' exit codes and errors, and the database's state."""

    exit_codes: list[int | None]
    errors: list[str]
    stored_ids: set[str] = field(default_factory=set)
    revisions: set[str] = field(default_factory=set)


def race(url: str, writers: int, docs_each: int) -> Trial:
    """Start `writers` processes on the (new) database at `url` at once; wait for them."""
    context: SpawnContext = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(writers), context.Queue()
    processes = [
        context.Process(target=ingest_at_barrier,
                        args=(url, doc_ids(writer, docs_each), barrier, results))
        for writer in range(writers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=JOIN_TIMEOUT_S) for _ in processes]
    for process in processes:
        process.join(JOIN_TIMEOUT_S)
    trial = Trial([process.exitcode for process in processes],
                  [outcome for outcome in outcomes if outcome != "ok"])
    trial.stored_ids, trial.revisions = stored_state(url)
    return trial


def stored_state(url: str) -> tuple[set[str], set[str]]:
    """The stored document ids and Alembic revisions, read without migrating anything."""
    engine = create_store_engine(resolve_url(url))
    try:
        with engine.connect() as connection:
            revisions = current_revisions(connection)
            has_documents = sa.inspect(connection).has_table("documents")
            ids = connection.execute(sa.select(documents.c.id)).scalars() if has_documents \
                else []
            return set(ids), revisions
    finally:
        engine.dispose()
