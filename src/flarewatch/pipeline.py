"""Stages registered by name; a pipeline is an ordered list of stage names.

Each stage lives in `flarewatch/stages/<name>.py` and registers one function
`Document -> Document` with `@stage("<name>")`. A stage reads the layers earlier
stages set and adds its own; it never reaches into another stage's module. A stage whose
data loads once, on first use (the gazetteer, built on a fresh install), names that load
with `@stage("<name>", prepare=...)`, so that `run_each` does it before a document's
time limit starts (`prepare`).
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from flarewatch.errors import Errors, InputError
from flarewatch.model import Document

StageFunction = Callable[[Document], Document]
T = TypeVar("T")

DEFAULT_PIPELINE = (
    "parse",       # spaCy: sentences, tokens, NER, dependencies
    "places",      # toponyms recognised and resolved
    "timexes",     # time expressions resolved against the document date
    "actors",      # actor mentions coded country + sector
    "events",      # triggers typed PLOVER type + mode
    "roles",       # actor / recipient of each event
    "locations",   # where each event happened
    "event_dates", # when each event happened
    "casualties",  # dead / injured / arrested
    "claims",      # who says so, modality
    "incidents",   # mentions grouped into incidents, fields merged
    "relevance",   # the document's relevance; violence without an agent left out
    "acled",       # ACLED and CAMEO mapping
    "finalize",    # stable ids, confidence
)

_REGISTRY: dict[str, StageFunction] = {}
_PREPARE: dict[str, Callable[[], object]] = {}
# Characters of one batch of `run_each`: its documents and their layers (a spaCy Doc
# each) are held until the batch is done; a 200,000-character report holds about 40 MB.
BATCH_CHARS = 200_000
# Seconds one document may spend in the stages after the parse (`FLAREWATCH_DOC_SECONDS`;
# 0: no limit). A report takes well under a second there, a 200,000-character one a few
# seconds; a document that runs past the limit (a rule caught in a loop on odd text) is
# E018 and costs no other.
DOC_SECONDS = 60.0


def alarm_in_use() -> bool:
    """Whether the program already runs a real-time timer or handles SIGALRM itself, which
    a limit of ours would cancel or replace."""
    handler = signal.getsignal(signal.SIGALRM)
    return signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0) or handler not in (
        signal.SIG_DFL, signal.SIG_IGN, None)


class TimeLimitExceeded(Exception):
    """A document ran past its time limit (`time_limit`)."""


def doc_seconds() -> float:
    """The time limit per document, from `FLAREWATCH_DOC_SECONDS` (`DOC_SECONDS` when unset
    or not a number)."""
    try:
        return float(os.environ.get("FLAREWATCH_DOC_SECONDS", DOC_SECONDS))
    except ValueError:
        return DOC_SECONDS


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `TimeLimitExceeded` in the block after `seconds` (a real-time timer,
    SIGALRM). Only in a process's main thread, where Python delivers signals (the CLI,
    and each `--workers` process); elsewhere (a server's or a Dask worker's threads), for
    `seconds` <= 0, and where the program already uses SIGALRM (`alarm_in_use`), no
    limit. Code inside C extensions is interrupted only when it returns to Python."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds <= 0 or not usable or alarm_in_use():
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise TimeLimitExceeded(f"took longer than {seconds:g} s (FLAREWATCH_DOC_SECONDS)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def stage(name: str, prepare: Callable[[], object] | None = None
          ) -> Callable[[StageFunction], StageFunction]:
    """Register the decorated function as stage `name`; `prepare` is its one-time load
    (called by `prepare`, which may call it again: it must cache what it loads)."""
    def register(function: StageFunction) -> StageFunction:
        _REGISTRY[name] = function
        if prepare is not None:
            _PREPARE[name] = prepare
        return function

    return register


def prepare(stages: Iterable[str]) -> None:
    """Load the data the stages load once (their `prepare`), so that a document's time
    limit does not count it: building the gazetteer on a fresh install takes 20 s or
    more, on a loaded machine more than `DOC_SECONDS`. Raises what a load raises."""
    for name in stages:
        get_stage(name)
        if name in _PREPARE:
            _PREPARE[name]()


def get_stage(name: str) -> StageFunction:
    if name not in _REGISTRY:
        importlib.import_module(f"flarewatch.stages.{name}")
    return _REGISTRY[name]


def run(doc: Document, stages: Iterable[str] = DEFAULT_PIPELINE) -> Document:
    for name in stages:
        doc = get_stage(name)(doc)
    return doc


def run_many(
    docs: Iterable[Document], stages: Iterable[str] = DEFAULT_PIPELINE, batch_size: int = 32
) -> Iterator[Document]:
    """Like `run` over many documents, batched as `run_each` batches them; the first
    document that fails raises its `InputError` (E018, the exception as its cause)."""
    for item in run_each(docs, stages, batch_size):
        if isinstance(item, InputError):
            raise item
        yield item


def run_each(
    docs: Iterable[Document], stages: Iterable[str] = DEFAULT_PIPELINE, batch_size: int = 32
) -> Iterator[Document | InputError]:
    """Like `run_many`, but each document inside its own error boundary: one that makes a
    stage raise gives an `InputError` E018 (its file, line, id and the exception) in its
    place, and the others go on; so does one that spends longer than `doc_seconds()` in
    the stages after the parse. A batch whose parse fails is parsed again one document
    at a time, so that only the culprit is lost. Memory holds one batch at a time. The
    stages' one-time loads (`prepare`) run before the first batch's limit starts, and
    raise as they would."""
    names = list(stages)
    before, after = split_at_parse(names)
    for batch in batches(docs, batch_size, BATCH_CHARS, size=lambda doc: len(doc.text)):
        prepare(after)
        ready = [guarded(doc, before) for doc in batch]
        for item in parsed_each([d for d in ready if isinstance(d, Document)], names):
            yield guarded(item, after, doc_seconds()) if isinstance(item, Document) else item
        yield from (item for item in ready if isinstance(item, InputError))
        settle_heap()


@cache
def settle_heap() -> None:
    """Once per process, after the first batch has loaded the models, the gazetteer and
    the lexicons: collect, then put every object alive out of the cyclic garbage
    collector's reach (`gc.freeze`). Each later collection walked those objects again:
    0.21 s of the 5.0 s that the stages after the parse spend on the bench's 438 documents,
    0.04 s once frozen (`gc.callbacks`). A document makes no reference cycle (a run's
    documents, dropped, leave `gc.collect()` nothing), so one alive now is still freed by
    its reference count."""
    gc.collect()
    gc.freeze()


def batches(items: Iterable[T], most: int, chars: int, size: Callable[[T], int]
            ) -> Iterator[list[T]]:
    """The items in order, in lists of at most `most` items and `chars` characters as
    `size` counts them (or one larger item)."""
    batch: list[T] = []
    held = 0
    for item in items:
        if batch and (len(batch) >= most or held + size(item) > chars):
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += size(item)
    if batch:
        yield batch


def split_at_parse(names: list[str]) -> tuple[list[str], list[str]]:
    if "parse" not in names:
        return names, []
    return names[: names.index("parse")], names[names.index("parse") + 1 :]


def parsed_each(batch: list[Document], names: list[str]) -> list[Document | InputError]:
    """The batch parsed together; on a failure, each parsed alone in its own boundary."""
    if "parse" not in names:
        return list(batch)
    from flarewatch.stages.parse import parse_batch

    try:
        return list(parse_batch(batch, len(batch) or 1))
    except Exception:  # noqa: BLE001 - isolated below, document by document
        return [guarded(doc, ["parse"]) for doc in batch]


def guarded(doc: Document | InputError, stages: list[str],
            seconds: float = 0.0) -> Document | InputError:
    """The document run through `stages`, or E018 naming it when one of them raises or
    they take longer than `seconds` (0: no limit, `time_limit`)."""
    if isinstance(doc, InputError):
        return doc
    try:
        with time_limit(seconds):
            return run(doc, stages)
    except Exception as error:  # noqa: BLE001 - every failure becomes one error line
        found = failure(doc, Errors.E018, error)
        found.__cause__ = error
        return found


def failure(doc: Document, code: Errors, error: BaseException) -> InputError:
    """The error line for a document that failed: its origin, id and the exception."""
    path, line = doc.origin or ("<input>", None)
    cause = getattr(error, "orig", None) or error  # a database's own message, not the SQL
    reason = f"{type(cause).__name__}: {str(cause).strip()[:200]}"
    return InputError(path, code, reason, line, doc_id=doc.id)
