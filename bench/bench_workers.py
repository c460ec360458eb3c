"""Extraction throughput with 1 and 2 worker processes (`flarewatch ingest --workers`).

    .venv/bin/python bench/bench_workers.py              # the 438 GeoVirus + GWN texts
    .venv/bin/python bench/bench_workers.py --docs 200

The corpus is bench_extract's (`../shared/data/geo/`, read in place). Each setting runs
`flarewatch.parallel.run_parallel` over fresh documents, timed from the first document in
to the last out, model loading included: each worker loads the models once, and the
single process loads them in its timed run too, so both pay their start. Prints the
reports/s of each and their ratio (on a busy machine the ratio falls: run it alone).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import corpus, documents  # noqa: E402
from table import print_table  # noqa: E402

from flarewatch.parallel import run_parallel  # noqa: E402
from flarewatch.pipeline import DEFAULT_PIPELINE  # noqa: E402


def rate(texts: list[str], workers: int) -> float:
    started = time.perf_counter()
    count = sum(1 for _ in run_parallel(documents(texts), DEFAULT_PIPELINE, workers, 16))
    return count / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=None)
    args = parser.parse_args()
    texts = corpus()[: args.docs]
    two = rate(texts, 2)  # first: its workers are fresh processes either way
    one = rate(texts, 1)
    print_table([("documents", str(len(texts))), ("1 process, reports/s", f"{one:.1f}"),
                 ("2 workers, reports/s", f"{two:.1f}"), ("ratio 2 / 1", f"{two / one:.2f}")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
