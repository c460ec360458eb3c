"""Stages registered by name; a pipeline is an ordered list of stage names.

Each stage lives in `flarewatch/stages/<name>.py` and registers one function
`Document -> Document` with `@stage("<name>")`. A stage reads the layers earlier
stages set and adds its own; it never reaches into another stage's module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

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
    "incidents",   # mentions grouped into incidents, fields merged
    "relevance",   # the document's relevance; violence without an agent left out
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
    from flarewatch.stages.parse import parse_batch

    names = list(stages)
    if "parse" not in names:
        yield from (run(doc, names) for doc in docs)
        return
    before, after = names[: names.index("parse")], names[names.index("parse") + 1 :]
    documents = iter(docs)
    while batch := [run(doc, before) for doc in islice(documents, batch_size)]:
        yield from (run(doc, after) for doc in parse_batch(batch, batch_size))
