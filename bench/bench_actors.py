"""Speed and memory of the actors stage, next to the spaCy parse it runs after.

Prints a Markdown table. Needs `../shared` (the PLOVER gold sentences and the seed article).

    .venv/bin/python bench/bench_actors.py
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import time

from table import print_table

from flarewatch.actors.lexicon import automaton, entries
from flarewatch.model import Document
from flarewatch.paths import shared_dir
from flarewatch.stages.actors import actors
from flarewatch.stages.parse import load_nlp, parse_batch


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _documents() -> list[Document]:
    records = json.loads((shared_dir() / "data/plover/PLOVER_GSR_CAMEO.txt").read_text())
    docs = [Document(str(i), r["text"]) for i, r in enumerate(records) if r.get("text")]
    seed = json.loads((shared_dir() / "eval/gold/seed.jsonl").read_text().splitlines()[0])
    return docs + [Document("seed", seed["text"], dt.date.fromisoformat(seed["date"][:10]))]


def _timed(function):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def _load_index() -> tuple[float, float]:
    """Seconds and MiB to load the dictionary (from the cache when it is warm)."""
    before = _rss_mib()
    _, seconds = _timed(lambda: (entries(), automaton()))
    return seconds, _rss_mib() - before


def main() -> None:
    load_nlp()
    load_seconds, index_mib = _load_index()
    docs = _documents()
    parsed, parse_seconds = _timed(lambda: parse_batch(docs))
    mentions, actor_seconds = _timed(lambda: sum(len(actors(d).actors) for d in parsed))
    characters = sum(len(doc.text) for doc in docs)
    rows = [
        ("documents (PLOVER GSR sentences + seed)", f"{len(docs)}"),
        ("characters", f"{characters}"),
        ("dictionary phrases", f"{len(entries())}"),
        ("dictionary load, s (once per process)", f"{load_seconds:.2f}"),
        ("dictionary memory, MiB (max RSS growth)", f"{index_mib:.0f}"),
        ("spaCy parse, s", f"{parse_seconds:.2f}"),
        ("actors stage, s", f"{actor_seconds:.2f}"),
        ("actors stage / spaCy parse time", f"{actor_seconds / parse_seconds:.3f}"),
        ("actors stage, chars/s", f"{characters / actor_seconds:,.0f}"),
        ("actor mentions", f"{mentions}"),
    ]
    print_table(rows)


if __name__ == "__main__":
    main()
