"""What `flarewatch watch` does, apart from its options (`flarewatch.cli.watch`).

- `backtest(weekly, output, settings)`: the detector over a weekly series file as if live,
  one CSV row per alarm (`flarewatch.watch.backtest.ALARM_COLUMNS`); the alarm count.
- `watch_store(db, settings, ...)`: alerts from a store (`flarewatch.watch.run`), delivered
  to the sinks when new or changed, printed as a table or JSON lines.
- `settings_from(pairs)`: the default settings with `--set NAME=VALUE` overrides; E034
  (a usage error) for an unknown name, a wrong value or an unknown detector.
- `export_report(db, path, as_of, period)`: the store's weekly or daily series into a CSV
  file (`--export-series FILE --period week|day`), with `export_line` its summary.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flarewatch.errors import Errors, InputError
from flarewatch.watch.alerts import Alert
from flarewatch.watch.detect import detector
from flarewatch.watch.settings import WatchSettings, default_settings
from flarewatch.watch.sinks import Delivery, Sink

if TYPE_CHECKING:
    from flarewatch.watch.run import Exported


class UsageError(ValueError):
    """An option value `flarewatch watch` refuses (the message carries its code)."""


def settings_from(pairs: Sequence[str], detector_name: str | None = None) -> WatchSettings:
    values = dict(split_pair(pair) for pair in pairs)
    if detector_name:
        values["detector"] = detector_name
    try:
        settings = default_settings().with_overrides(values)
        detector(settings.detector)
    except ValueError as error:
        raise UsageError(f"E034 {Errors.E034.value.format(detail=error)}") from None
    return settings


def split_pair(pair: str) -> tuple[str, str]:
    name, sep, value = pair.partition("=")
    if not sep or not name.strip():
        raise UsageError(f"E034 --set takes NAME=VALUE, not {pair!r}")
    return name.strip(), value.strip()


def backtest(weekly: Path, output: Path, settings: WatchSettings) -> int:
    """Alarms of the settings' detector over `weekly`, written to `output`; their count."""
    from flarewatch.watch.backtest import read_weekly, run_detector, write_alarms

    if weekly.is_dir():
        raise InputError(str(weekly), Errors.E017, "a folder")
    if not weekly.is_file():
        raise InputError(str(weekly), Errors.E001)
    alarms = run_detector(read_weekly(weekly), settings)
    write_alarms(alarms, output)
    return len(alarms)


def watch_store(db: str | None, settings: WatchSettings, *, since: dt.date | None,
                as_of: dt.date | None, sinks: Sequence[Sink]) -> tuple[Any, list[Delivery]]:
    """Run the watch over the store at `db`; (report, deliveries to the sinks)."""
    from flarewatch.storage import open_store
    from flarewatch.watch.deliver import deliver
    from flarewatch.watch.run import run_watch

    with open_store(db, must_exist=True) as store:
        report = run_watch(store.engine, settings, as_of=as_of, since=since,
                           keep=as_of is None)
        return report, deliver(store.engine, sinks, report) if as_of is None else []


def export_series(db: str | None, path: Path, as_of: dt.date | None,
                  period: str = "week") -> int:
    """The store's weekly (or daily) series into `path`; the rows written."""
    return export_report(db, path, as_of, period).rows


def export_report(db: str | None, path: Path, as_of: dt.date | None,
                  period: str = "week") -> Exported:
    """The store's series of `period` ("week" or "day") into `path`
    (`flarewatch.watch.run.export_series`): (rows, coarse). UsageError (E034) for another
    period."""
    from flarewatch.storage import open_store
    from flarewatch.watch.run import export_series as write

    if period not in ("week", "day"):
        detail = f"--period takes day or week, not {period!r}"
        raise UsageError(f"E034 {Errors.E034.value.format(detail=detail)}")
    with open_store(db, must_exist=True) as store:
        return write(store.engine, path, as_of, period)


def export_line(exported: Exported, path: Path, period: str = "week") -> str:
    """The summary of an export: rows written and records left out as too coarse."""
    unit = "series-weeks" if period == "week" else "series-days"
    coarser = "a month or year" if period == "week" else "a week, month or year"
    left = f"; {exported.coarse} dated only to {coarser} left out" if exported.coarse else ""
    return f"{exported.rows} {unit} written to {path}{left}"


def alert_line(alert: Alert) -> str:
    """One line of the table view: status, onset week, sources, summary."""
    return (f"{alert['status']:<6} {alert['onset_week']}  {alert['id']}  "
            f"{len(alert['sources'])} sources  {alert['summary']}")


def json_line(alert: Alert) -> str:
    return json.dumps(alert, ensure_ascii=False)
