"""`flarewatch watch` over a large synthetic store of fused records.

    python bench/bench_watch.py                 # 1,000,000 records (bench_web's cached store)
    python bench/bench_watch.py --events 100000

The store is bench_web's (built once and cached: 30 countries, 16 PLOVER types, five years
of day-dated records, each its own one-source fused record; no admin1, so the series are
countries, dyads and type families). It is copied to a temporary file, because the watch
writes its alerts (migration 0006 on open). Timed: the first run (reads every record,
builds the weekly series, runs the default detector, stores every alert) and a second run
over the same records (nothing new to store), in one process. Prints a Markdown table,
with the CPU seconds of each run beside its wall-clock seconds (SQLite reads in the
process, so on a machine shared with other work the CPU time is the steadier figure).

A cached store migrated by an earlier 0006 (whose `alerts` lacked columns the schema has
now, e.g. `peak_week`, or which lacks one of the watch's tables, e.g. `alert_deliveries`)
gets the watch's tables recreated, empty, in the copy (`refresh_watch_tables`), and the
table says so.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa  # noqa: E402
from bench_web import cached_store  # noqa: E402
from table import print_table  # noqa: E402

from flarewatch.storage import open_store  # noqa: E402
from flarewatch.storage.schema import alert_deliveries, alert_events, alerts  # noqa: E402
from flarewatch.watch.run import run_watch  # noqa: E402
from flarewatch.watch.settings import default_settings  # noqa: E402


def timed_run(db: Path) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, the report) of one `run_watch`."""
    with open_store(str(db)) as store:
        started, cpu = time.perf_counter(), time.process_time()
        report = run_watch(store.engine, default_settings())
        return time.perf_counter() - started, time.process_time() - cpu, report


def refresh_watch_tables(db: Path) -> bool:
    """Recreate the watch's tables (empty) in `db` when its `alerts` lacks a column of the
    schema or one of the tables is missing; whether it did."""
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        inspector = sa.inspect(connection)
        tables = set(inspector.get_table_names())
        have = {column["name"] for column in inspector.get_columns("alerts")}
        if have >= {column.name for column in alerts.columns} and tables >= {
                table.name for table in (alerts, alert_events, alert_deliveries)}:
            return False
        for table in (alert_deliveries, alert_events, alerts):
            table.drop(connection, checkfirst=True)
        for table in (alerts, alert_events, alert_deliveries):
            table.create(connection)
    engine.dispose()
    return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    source, _ = cached_store(args.events)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "watch.db"
        shutil.copyfile(source, db)
        with open_store(str(db)):
            pass  # migrate to the head outside the timing
        refreshed = refresh_watch_tables(db)
        first_s, first_cpu, first = timed_run(db)
        second_s, second_cpu, second = timed_run(db)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table([
        ("stored fused records", f"{first.records:,}"),  # type: ignore[attr-defined]
        ("series (country, dyad, family)", f"{first.series:,}"),  # type: ignore[attr-defined]
        ("alerts found", f"{len(first.alerts):,}"),  # type: ignore[attr-defined]
        ("first run, alerts stored (s)", f"{first_s:.1f}"),
        ("first run, CPU of the process (s)", f"{first_cpu:.1f}"),
        ("second run, nothing new (s)", f"{second_s:.1f}"),
        ("second run, CPU of the process (s)", f"{second_cpu:.1f}"),
        ("alerts new or changed on the second run",
         f"{len(second.notify)}"),  # type: ignore[attr-defined]
        ("peak memory of the process (MB)", f"{peak_mb:,.0f}"),
        ("watch tables recreated (store migrated by an earlier 0006)", str(refreshed)),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
