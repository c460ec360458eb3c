"""`flarewatch backfill` throughput with 1 and 2 Dask workers, and their ratio.

    python bench/bench_backfill.py                    # 2,000 synthetic reports
    python bench/bench_backfill.py --reports 20000    # the issue's size (about an hour here)

Reports come from `synthetic_reports.py`. Each run starts its own LocalCluster (127.0.0.1,
no dashboard), writes the Parquet output to a fresh folder (`--no-load`: extraction
only) and is timed from the first partition submitted to the last written, worker start
and model loading included. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_reports import reports  # noqa: E402
from table import print_table  # noqa: E402

from flarewatch.backfill.run import backfill, local_client  # noqa: E402
from flarewatch.model import Document  # noqa: E402


def documents(count: int) -> list[Document]:
    import datetime as dt

    return [Document(id=r["id"], text=r["text"], date=dt.date.fromisoformat(r["date"]),
                     source=r["source"]) for r in reports(count)]


def rate(docs: list[Document], workers: int, size: int) -> float:
    with tempfile.TemporaryDirectory() as out, local_client(workers) as client:
        started = time.perf_counter()
        report = backfill(docs, Path(out), client, size=size)
        assert report.documents == len(docs), report
        return len(docs) / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--partition-size", type=int, default=100)
    args = parser.parse_args()
    docs = documents(args.reports)
    one = rate(docs, 1, args.partition_size)
    two = rate(docs, 2, args.partition_size)
    print_table([("synthetic reports", f"{len(docs):,}"),
                 ("1 worker, reports/s", f"{one:.1f}"), ("2 workers, reports/s", f"{two:.1f}"),
                 ("ratio 2 / 1 (target >= 1.7)", f"{two / one:.2f}")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
