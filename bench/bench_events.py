"""Speed of the event stages (events, roles, casualties, claims, acled) next to the parse.

Parses the PLOVER gold sentences and the event gold articles once, then times the five
stages over the parsed documents (after `actors`, so roles has mentions to place).
Needs `../shared`.

    .venv/bin/python bench/bench_events.py
"""

from __future__ import annotations

import json
import time

from flarewatch.model import Document
from flarewatch.paths import shared_dir
from flarewatch.pipeline import run, run_many
from flarewatch.stages.parse import load_nlp

EVENT_STAGES = ("events", "roles", "casualties", "claims", "acled")


def texts() -> list[str]:
    shared = shared_dir()
    records = json.loads((shared / "data/plover/PLOVER_GSR_CAMEO.txt").read_text())
    found = [record["text"] for record in records if record.get("text")]
    for name in ("seed", "gwn-conflict"):
        lines = (shared / f"eval/gold/{name}.jsonl").read_text().splitlines()
        found += [json.loads(line)["text"] for line in lines if line.strip()]
    return found


def main() -> None:
    corpus = texts()
    docs = list(run_many([Document(str(i), t) for i, t in enumerate(corpus)], ["parse", "actors"]))
    run(docs[0], EVENT_STAGES)  # load the lexicons before timing
    start = time.perf_counter()
    list(load_nlp().pipe(corpus, batch_size=32))
    parse_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for doc in docs:
        run(doc, EVENT_STAGES)
    stage_seconds = time.perf_counter() - start
    print("| documents | parse s | event stages s | share of parse |")
    print("| --- | --- | --- | --- |")
    share = 100 * stage_seconds / parse_seconds
    print(f"| {len(docs)} | {parse_seconds:.2f} | {stage_seconds:.2f} | {share:.0f}% |")


if __name__ == "__main__":
    main()
