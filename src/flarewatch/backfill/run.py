"""`flarewatch backfill`: partitions extracted on a Dask cluster, then loaded.

`backfill(docs, out, client, ...)` cuts the documents into partitions
(`backfill.partitions`), skips those already written (their `_done` marker), submits the
others to the Dask `client` (`backfill.worker.extract_partition`; at most two per worker
in flight, so the reports held in memory stay bounded; each task retried twice, and
tasks of a worker that dies are redone by Dask), and, with a `store`, loads every written
partition not yet loaded, in partition order (`backfill.load`). `local_client(n)` starts
a `LocalCluster` of `n` single-threaded worker processes on 127.0.0.1, without its
dashboard; `Client(address)` joins an existing cluster, whose workers must see `out` at
the same path (a shared file system).

On a terminal (stderr a tty) a progress line follows the extraction: reports extracted,
reports per second since the start, and the ETA (`parallel.progress_text`), which is
known once the inputs are read to their end (until then the total is not known).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flarewatch.backfill.load import load_partition
from flarewatch.backfill.partitions import is_marked, partitions
from flarewatch.backfill.worker import extract_partition
from flarewatch.model import Document
from flarewatch.parallel import progress_text
from flarewatch.pipeline import DEFAULT_PIPELINE
from flarewatch.storage import Store


@dataclass
class BackfillReport:
    partitions: int = 0
    skipped: int = 0  # written by an earlier run
    documents: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)
    loaded: int = 0  # partitions loaded into the store by this run
    stored_documents: int = 0
    stored_events: int = 0


@dataclass
class Progress:
    """What the progress line needs: when extraction started, the reports submitted, and
    whether the inputs are read to their end (then those are the total)."""

    started: float = field(default_factory=time.monotonic)
    submitted: int = 0
    inputs_read: bool = False
    shown: bool = field(default_factory=lambda: sys.stderr.isatty())

    def line(self, done: int) -> str:
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if done and elapsed > 0 else None
        total = self.submitted if self.inputs_read else None
        return f"backfill: {done} reports extracted, {progress_text(done, total, rate)}"

    def show(self, done: int, end: str = "") -> None:
        if self.shown:
            sys.stderr.write(f"\r{self.line(done)}{end}")
            sys.stderr.flush()


def local_client(workers: int) -> Any:
    """A Dask `Client` of a `LocalCluster` it starts and owns: `workers` single-threaded
    worker processes on 127.0.0.1, no dashboard. Closing the client (`with` it) closes the
    cluster too; a client given a cluster built apart (`Client(LocalCluster(...))`) left
    that cluster's scheduler and workers running after it closed."""
    from distributed import Client

    logging.getLogger("distributed").setLevel(logging.ERROR)  # no INFO lines on stderr
    return Client(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                  dashboard_address=None, silence_logs=logging.ERROR)


def backfill(docs: Iterable[Document], out: Path, client: Any, *, size: int = 1000,
             store: Store | None = None, stages: tuple[str, ...] = DEFAULT_PIPELINE,
             min_relevance: float | None = None) -> BackfillReport:
    report, names = BackfillReport(), []
    limit = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    in_flight: list[Any] = []
    progress = Progress()
    for partition in partitions(docs, size):
        report.partitions += 1
        names.append(partition.name)
        if is_marked(out, "done", partition.name):
            report.skipped += 1
            continue
        progress.submitted += len(partition.documents)
        in_flight.append(client.submit(extract_partition, partition, out, stages,
                                       key=f"extract-{partition.name}", retries=2))
        in_flight = collect(in_flight, report, limit, progress)
    progress.inputs_read = True
    collect(in_flight, report, 0, progress)
    progress.show(report.documents, "\n")
    if store is not None:
        load_all(store, out, names, report, min_relevance)
    return report


def collect(in_flight: list[Any], report: BackfillReport, keep: int,
            progress: Progress | None = None) -> list[Any]:
    """Wait until at most `keep` tasks are in flight; count the finished ones (and show
    the progress line after each)."""
    from distributed import wait

    while len(in_flight) > keep:
        done = wait(in_flight, return_when="FIRST_COMPLETED").done
        for future in done:
            documents, events, errors = future.result()
            report.documents, report.events = report.documents + documents, \
                report.events + events
            report.errors.extend(errors)
            if progress is not None:
                progress.show(report.documents)
        in_flight = [future for future in in_flight if future not in done]
    return in_flight


def load_all(store: Store, out: Path, names: list[str], report: BackfillReport,
             min_relevance: float | None) -> None:
    for name in names:
        if is_marked(out, "loaded", name):
            continue
        loaded = load_partition(store, out, name, min_relevance)
        report.loaded += 1
        report.stored_documents += loaded.documents_added
        report.stored_events += loaded.events_added
