"""Throughput of `extract` against bare spaCy parsing of the same texts, and the cost of
each pipeline stage as a share of the parse, all in one process over the same documents.

The corpus is the GeoVirus and GeoWebNews article texts from `../shared/data/geo/`
(438 news documents), read in place, never copied.

    .venv/bin/python bench/bench_extract.py                # every document, about 2 min
    .venv/bin/python bench/bench_extract.py --docs 100     # the first 100 only
    .venv/bin/python bench/bench_extract.py --rounds 2     # the fastest of 2 rounds
    .venv/bin/python bench/bench_extract.py --cold         # and the first pass, compared

The models, gazetteer and lexicons are loaded on the repository's samples, then one
untimed extract pass over the corpus lets spaCy's vocabulary learn every word: its first
sight of a word costs about a tenth of the parse here, and the comparison must not charge
it to one side only (bare spaCy timed on a first pass against extract timed on a second
read 0.94 where the two like for like read 0.83). Each round then times, with the same
spaCy model:

- bare spaCy: `nlp.pipe` over the texts, batches of 32;
- extract: `run_many` over fresh documents (the batching and error boundaries of
  `flarewatch extract`);
- stage by stage: as `run_many` (a batch of 32 parsed with `parse_batch`, then each
  document through the later stages in pipeline order), the time of each stage
  (`get_stage(name)`) summed by name; the shares are of this run's parse, and the parse's
  time is compared with bare spaCy's (its batching and the building of the document's
  sentences and mentions are all that sets it apart).

`--cold` replaces the untimed pass by timed first passes of bare spaCy and extract, each
with a freshly loaded model (noisier: one pass each). Only ratios are reported against
targets (the issue's: incidents < 5 % of the parse, extract / bare spaCy >= 0.9 in
throughput); nothing asserts on wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from collections import defaultdict
from itertools import islice

import spacy
from table import print_table

from flarewatch.model import Document
from flarewatch.paths import REPO_DIR, shared_dir
from flarewatch.pipeline import DEFAULT_PIPELINE, get_stage, run_many
from flarewatch.stages.parse import MODEL_NAME, load_nlp, parse_batch

BATCH_SIZE = 32  # run_many's default
# Stages given a row of their own; every other stage after the parse is summed as "the rest".
NAMED_STAGES = ("incidents", "relevance")


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


def documents(texts: list[str]) -> list[Document]:
    return [Document(id=str(i), text=t) for i, t in enumerate(texts)]


def timed(function) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def stage_times(docs: list[Document], stages: tuple[str, ...] = DEFAULT_PIPELINE,
                batch_size: int = BATCH_SIZE) -> dict[str, float]:
    """Seconds spent in each stage over `docs`, run as `run_many` runs them."""
    names = list(stages)
    at = names.index("parse")
    before, after = names[:at], names[at + 1:]
    by_name = {name: get_stage(name) for name in names}  # imported before timing
    spent: dict[str, float] = defaultdict(float)

    def through(doc: Document, order: list[str]) -> Document:
        for name in order:
            start = time.perf_counter()
            doc = by_name[name](doc)
            spent[name] += time.perf_counter() - start
        return doc

    remaining = iter(docs)
    while batch := [through(doc, before) for doc in islice(remaining, batch_size)]:
        start = time.perf_counter()
        parsed = parse_batch(batch, batch_size)
        spent["parse"] += time.perf_counter() - start
        for doc in parsed:
            through(doc, after)
    return {name: spent[name] for name in names}


def share(seconds: float, parse: float) -> str:
    return f"{100 * seconds / parse:.1f} % ({seconds:.2f} s)"


def warm_up_texts() -> list[str]:
    """The repository's samples (not in the corpus): they load every model and lexicon."""
    samples = REPO_DIR / "samples"
    lines = (samples / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    return [(samples / "karabakh-brief.txt").read_text(encoding="utf-8"),
            *(json.loads(line)["text"] for line in lines if line.strip())]


def timed_pipe(nlp, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    return timed(lambda: list(nlp.pipe(texts, batch_size=BATCH_SIZE)))


def timed_run_many(texts: list[str]) -> float:
    docs = documents(texts)
    return timed(lambda: list(run_many(docs)))


def cold(warm: list[str], texts: list[str]) -> tuple[float, float]:
    """Seconds of the first pass over `texts` of bare spaCy and of extract, each with a
    freshly loaded model warmed on `warm` only."""
    bare_nlp = spacy.load(MODEL_NAME)
    list(bare_nlp.pipe(warm, batch_size=BATCH_SIZE))
    bare = timed_pipe(bare_nlp, texts)
    load_nlp.cache_clear()  # the pipeline loads its own afresh
    list(run_many(documents(warm)))
    return bare, timed_run_many(texts)


def main() -> int:
    parser = argparse.ArgumentParser(
        description="extract / bare spaCy, and each stage's share of the parse")
    parser.add_argument("--docs", type=int, help="use only the first N documents")
    parser.add_argument("--rounds", type=int, default=1,
                        help="warm rounds (bare, extract, stage by stage); the fastest counts")
    parser.add_argument("--cold", action="store_true",
                        help="also the first pass over the corpus (fresh models), about 1 min more")
    args = parser.parse_args()
    texts = corpus()
    if len(texts) < 200:
        print_table([("corpus", "fewer than 200 documents found: skipped")])
        return 0
    if args.docs:
        texts = texts[: args.docs]
    words = sum(len(t.split()) for t in texts)

    warm = warm_up_texts()
    list(run_many(documents(warm)))  # models, gazetteer, lexicons load once
    if args.cold:
        cold_bare, cold_full = cold(warm, texts)
    else:
        list(run_many(documents(texts)))  # spaCy's vocabulary learns every word once
    nlp = load_nlp()

    bares, fulls, spents = [], [], []
    for _ in range(max(1, args.rounds)):
        bares.append(timed_pipe(nlp, texts))
        fulls.append(timed_run_many(texts))
        spents.append(stage_times(documents(texts)))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bare, full = min(bares), min(fulls)
    spent = {name: min(round_[name] for round_ in spents) for name in spents[0]}

    parse = spent["parse"]
    later = [name for name in spent if name != "parse"]
    rest = [name for name in later if name not in NAMED_STAGES]
    per_round = "" if len(bares) == 1 else " (rounds: " + ", ".join(
        f"{b / f:.2f}" for b, f in zip(bares, fulls, strict=True)) + ")"
    rows = [
        ("documents", f"{len(texts)} ({words} words)"
                      + ("" if not args.docs else f", the first {len(texts)} only")),
        ("bare spaCy parse", f"{len(texts) / bare:.1f} docs/s, {words / bare:.0f} words/s"),
        ("flarewatch extract", f"{len(texts) / full:.1f} docs/s, {words / full:.0f} words/s"),
        ("ratio extract / bare spaCy (target >= 0.9)", f"{bare / full:.2f}{per_round}"),
    ]
    if args.cold:
        rows.append(("ratio extract / bare spaCy, first pass (fresh models)",
                     f"{cold_bare / cold_full:.2f} ({len(texts) / cold_bare:.1f} and "
                     f"{len(texts) / cold_full:.1f} docs/s)"))
    rows.append(("stage by stage: parse (parse_batch)",
                 f"{parse:.2f} s, {len(texts) / parse:.1f} docs/s"))
    rows.append(("parse (parse_batch) / bare spaCy (time; above 1: the parse costs more)",
                 f"{parse / bare:.2f}"))
    rows += [(f"stage {name} / parse" + (" (target < 5 %)" if name == "incidents" else ""),
              share(spent[name], parse)) for name in NAMED_STAGES if name in spent]
    rows += [
        (f"the rest / parse ({', '.join(rest)})", share(sum(spent[n] for n in rest), parse)),
        ("all stages after parse / parse", share(sum(spent[n] for n in later), parse)),
    ]
    rows += [(f"stage {name} / parse", share(spent[name], parse)) for name in rest]
    rows += [("stage by stage, total / extract", f"{sum(spent.values()) / full:.2f}"),
             ("peak resident memory", f"{peak_mb:.0f} MB")]
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
