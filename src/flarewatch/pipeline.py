"""Stages registered by name; a pipeline is an ordered list of stage names.

Each stage lives in `flarewatch/stages/<name>.py` and registers one function
`Document -> Document` with `@stage("<name>")`. A stage reads the layers earlier
stages set and adds its own; it never reaches into another stage's module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator

from flarewatch.model import Document

StageFunction = Callable[[Document], Document]

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
    "acled",       # ACLED and CAMEO mapping
    "finalize",    # stable ids, confidence
)

_REGISTRY: dict[str, StageFunction] = {}


def stage(name: str) -> Callable[[StageFunction], StageFunction]:
    def register(function: StageFunction) -> StageFunction:
        _REGISTRY[name] = function
        return function

    return register


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
    """Like `run` over many documents, parsing them in batches (spaCy is faster so)."""
    names = list(stages)
    before = names[: names.index("parse")] if "parse" in names else names
    after = names[names.index("parse") + 1 :] if "parse" in names else []
    batch: list[Document] = []
    for doc in docs:
        batch.append(run(doc, before))
        if len(batch) >= batch_size:
            yield from _finish(batch, after, "parse" in names)
            batch = []
    yield from _finish(batch, after, "parse" in names)


def _finish(batch: list[Document], after: list[str], parse: bool) -> Iterator[Document]:
    from flarewatch.stages.parse import parse_batch

    parsed = parse_batch(batch) if parse else batch
    for doc in parsed:
        yield run(doc, after)
