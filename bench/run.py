"""`make bench`: run every bench/bench_*.py and print their tables under one heading each."""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    print(f"# flarewatch benchmarks, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"\nPython {platform.python_version()}, {platform.machine()}, "
          f"{_cpu_count()} CPU(s). Ratios compare runs made in the same process.\n")
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n## {script.stem.removeprefix('bench_')}\n", flush=True)
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        print(result.stdout.rstrip())
        if result.returncode:
            failed += 1
            print(f"\n(failed with exit status {result.returncode})\n{result.stderr[-2000:]}")
    return 1 if failed else 0


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    sys.exit(main())
