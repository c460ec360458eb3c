"""Extraction in worker processes: `flarewatch ingest --workers N`.

`run_parallel(docs, stages, workers)` gives what `pipeline.run_each` gives, in the same
order: each document run through the stages, or the `InputError` (E018) of one that
failed. Batches of documents (`pipeline.batches`) go to `workers` processes, each of
which loads the models once (the `spawn` start method, so no parent state is shared);
at most two batches per worker are in flight, so memory stays bounded on any input.
Documents come back without their spaCy parse (`Document.parse` is None), which nothing
after extraction reads. With `workers` <= 1 it is `run_each` itself.

Output does not depend on `workers`: a document's extraction does not depend on the
other documents of its batch (tested: `tests/test_parallel.py`).

`progress_text(done, total, rate)` is the progress line's rate and ETA, shared by
`ingest` and `backfill`.
"""

from __future__ import annotations

import math
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from flarewatch.errors import Errors, InputError
from flarewatch.model import Document
from flarewatch.pipeline import BATCH_CHARS, batches, run_each

ErrorFields = tuple[str, str, str, int | None, str | None]  # path, code, detail, line, id
Extracted = Document | ErrorFields


def run_parallel(docs: Iterable[Document], stages: Iterable[str], workers: int,
                 batch_size: int = 32) -> Iterator[Document | InputError]:
    names = tuple(stages)
    if workers <= 1:
        yield from run_each(docs, names, batch_size)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future[list[Extracted]]] = deque()
        for batch in batches(docs, batch_size, BATCH_CHARS, size=lambda doc: len(doc.text)):
            pending.append(pool.submit(extract_batch, batch, names))
            if len(pending) >= 2 * workers:
                yield from unpacked(pending.popleft().result())
        while pending:
            yield from unpacked(pending.popleft().result())


def extract_batch(batch: list[Document], stages: tuple[str, ...]) -> list[Extracted]:
    """In a worker: the batch through the stages, ready to be sent back (picklable)."""
    return [packed(item) for item in run_each(batch, stages, len(batch) or 1)]


def packed(item: Document | InputError) -> Extracted:
    if isinstance(item, InputError):
        return (item.path, item.error.name, item.detail, item.line, item.doc_id)
    item.parse = None
    return item


def unpacked(items: list[Extracted]) -> Iterator[Document | InputError]:
    for item in items:
        if isinstance(item, Document):
            yield item
        else:
            path, code, detail, line, doc_id = item
            yield InputError(path, Errors[code], detail, line, doc_id)


def progress_text(done: int, total: int | None, rate: float | None) -> str:
    """The rate and time left of a run: "12.3 reports/s, ETA 0:01:05".

    `done` reports of `total` (None: not known, as when reading a stream of inputs) at
    `rate` reports per second (None or 0: not measured yet). The ETA is what is left at
    the rate, H:MM:SS, rounded up to the second; without a total or a rate the line says
    which is missing instead.
    """
    speed = f"{rate:.1f} reports/s" if rate else "- reports/s"
    if total is None:
        return f"{speed}, ETA unknown (total not known)"
    if done >= total:
        return f"{speed}, done"
    if not rate:
        return f"{speed}, ETA unknown (no rate yet)"
    return f"{speed}, ETA {clock(math.ceil((total - done) / rate))}"


def clock(seconds: int) -> str:
    """Seconds as H:MM:SS (hours unbounded)."""
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}"
