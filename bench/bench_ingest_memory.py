"""Peak memory of `flarewatch ingest` on large inputs; prints a Markdown table.

    .venv/bin/python bench/bench_ingest_memory.py                 # 50,000-item feed, 1 GB JSONL
    .venv/bin/python bench/bench_ingest_memory.py --jsonl-mb 100  # a smaller JSONL

Each input is written to a temporary folder and ingested into a new SQLite file by the
real command in a child process; its peak resident set size comes from the kernel
(`getrusage(RUSAGE_CHILDREN).ru_maxrss`, one child at a time). So that the bench measures
reading and holding, not hours of parsing, most records repeat a few thousand distinct
reports (known texts are skipped before extraction, but still read, decoded, validated
and hashed), and the JSONL carries oversized records (5 MB each, refused with E014
without being held whole):

- feed: 50,000 items, 2,000 distinct one- or two-sentence reports;
- JSONL: 500 distinct reports of about 5 KB, repeated in records up to half the size,
  and 5 MB records for the other half.

The issue 12 bound is 600 MB on each.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from table import print_table

FLAREWATCH = Path(sys.executable).with_name("flarewatch")
PLACES = ("Kidal", "Djibo", "Kharkiv", "Bakhmut", "Marib", "Khan Younis", "El Fasher", "Gao")
ACTS = ("Artillery shelled the outskirts of {place} overnight, wounding {n} people.",
        "Gunmen killed {n} villagers near {place} on Monday, officials said.",
        "Police arrested {n} protesters in {place} after a march turned violent.",
        "A drone strike hit a fuel depot in {place}; {n} soldiers were killed.")


def report(number: int, sentences: int = 1) -> str:
    """A short distinct report; `sentences` of them make a longer one."""
    parts = [ACTS[(number + k) % len(ACTS)].format(place=PLACES[(number // 4 + k) % len(PLACES)],
                                                   n=number % 97 + k + 2)
             for k in range(sentences)]
    return " ".join(parts) + f" (report {number})"


def write_feed(path: Path, items: int, distinct: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>\n')
        for number in range(items):
            out.write(f"<item><guid>w-{number}</guid><title>Report {number}</title>"
                      f"<pubDate>Tue, 19 Sep 2023 08:00:00 GMT</pubDate><description>"
                      f"{report(number % distinct)}</description></item>\n")
        out.write("</channel></rss>\n")


def write_jsonl(path: Path, megabytes: int, distinct: int) -> None:
    """Repeats of `distinct` 5 KB reports for the first half, 5 MB records after it."""
    target = megabytes * 1_000_000
    texts = [report(number, sentences=60) for number in range(distinct)]
    with path.open("w", encoding="utf-8") as out:
        number = 0
        while out.tell() < target:
            text = texts[number % distinct] if out.tell() < target // 2 else "x" * 5_000_000
            out.write(json.dumps({"id": f"j-{number}", "date": "2024-01-02", "text": text}) + "\n")
            number += 1


# Run in a child of its own, so that its RUSAGE_CHILDREN is the ingest's peak alone.
MEASURE = """import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stderr.write(done.stderr + done.stdout)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"""


def ingest(path: Path, db: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, closing line) of one `flarewatch ingest` run."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, str(FLAREWATCH), "ingest", str(path),
                           "--db", str(db), "--quiet"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    closing = next((line for line in reversed(done.stderr.splitlines())
                    if "document(s) added" in line), done.stderr[-300:])
    return seconds, int(done.stdout.split()[-1]) / 1024, closing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feed-items", type=int, default=50_000)
    parser.add_argument("--jsonl-mb", type=int, default=1000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        feed, jsonl = Path(folder, "feed.rss"), Path(folder, "big.jsonl")
        write_feed(feed, args.feed_items, 2000)
        seconds, peak, closing = ingest(feed, Path(folder, "feed.db"))
        rows += [(f"feed of {args.feed_items:,} items ({feed.stat().st_size / 1e6:.0f} MB): "
                  "seconds", f"{seconds:.0f}"),
                 ("feed: peak resident memory, MB", f"{peak:.0f}"), ("feed: result", closing)]
        feed.unlink()
        write_jsonl(jsonl, args.jsonl_mb, 500)
        seconds, peak, closing = ingest(jsonl, Path(folder, "jsonl.db"))
        rows += [(f"JSONL of {jsonl.stat().st_size / 1e6:.0f} MB: seconds", f"{seconds:.0f}"),
                 ("JSONL: peak resident memory, MB", f"{peak:.0f}"),
                 ("JSONL: result", closing)]
    print_table(rows)


if __name__ == "__main__":
    main()
