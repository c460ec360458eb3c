"""Throughput of `extract` against bare spaCy parsing of the same texts, in one run.

The corpus is the GeoVirus and GeoWebNews article texts from `../shared/data/geo/`
(429 news documents), read in place, never copied.
"""

from __future__ import annotations

import re
import resource
import sys
import time

from table import print_table

from flarewatch.model import Document
from flarewatch.paths import shared_dir
from flarewatch.pipeline import run_many
from flarewatch.stages.parse import load_nlp


def corpus() -> list[str]:
    texts = []
    for name in ("GeoVirus.xml", "GWN.xml"):
        path = shared_dir() / "data" / "geo" / name
        raw = path.read_text(encoding="utf-8")
        texts += [unescape(t) for t in re.findall(r"<text>(.*?)</text>", raw, re.S)]
    return texts


def unescape(text: str) -> str:
    import html

    return html.unescape(text)


def timed(function) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> int:
    texts = corpus()
    if len(texts) < 200:
        print_table([("corpus", "fewer than 200 documents found: skipped")])
        return 0
    words = sum(len(t.split()) for t in texts)
    nlp = load_nlp()
    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts[:5])]
    list(run_many(docs))  # warm up: models, gazetteer, lexicons load once
    bare = timed(lambda: list(nlp.pipe(texts, batch_size=32)))
    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    full = timed(lambda: list(run_many(docs)))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table([
        ("documents", f"{len(texts)} ({words} words)"),
        ("bare spaCy parse", f"{len(texts) / bare:.1f} docs/s, {words / bare:.0f} words/s"),
        ("flarewatch extract", f"{len(texts) / full:.1f} docs/s, {words / full:.0f} words/s"),
        ("ratio extract / bare spaCy", f"{bare / full:.2f}"),
        ("peak resident memory", f"{peak_mb:.0f} MB"),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
