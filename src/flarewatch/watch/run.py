"""`flarewatch watch`: series from the store, alerts found, stored and delivered.

`run_watch(engine, settings, ...)` reads the fused records (`fused_events`), builds the
weekly series (`flarewatch.watch.series`), finds the alerts (`flarewatch.watch.alerts`),
adds each alert's sources (the documents of its driving records), and stores them in the
`alerts` and `alert_events` tables (migration 0006). An alert whose content did not
change keeps its stored `updated_at`; one that changed gets `now`; `opened_at` never
changes. It returns a `WatchReport` listing the alerts that are new, changed or closed
since the last run, and what the sinks (`flarewatch.watch.sinks`) are told of them
(`notices`: an alert's opening, a new high while it is open, its closing;
`flarewatch.watch.alerts.notice`); the version of an alert's last notice is stored as its
`noticed_at` (migration 0013), the time the Atom feed dates it by, so that a silent update
does not move it.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import sqlalchemy as sa

from flarewatch.storage.schema import alert_events, alerts, fused_events
from flarewatch.watch.alerts import Alert, find_alerts, notice
from flarewatch.watch.scan import RECORD_COLUMNS, scan_series
from flarewatch.watch.series import Record, series_columns, weekly_rows
from flarewatch.watch.settings import WatchSettings

# Stored fields compared to tell a changed alert from an unchanged one.
TRACKED = ("status", "measure", "last_alarm_week", "closed_week", "observed", "expected",
           "threshold", "score", "summary", "weeks")
CHUNK = 500


@dataclass
class WatchReport:
    series: int = 0
    records: int = 0
    coarse: int = 0
    undated: int = 0  # records read with no date, which no series can count
    alerts: list[Alert] = field(default_factory=list)
    new: list[Alert] = field(default_factory=list)
    changed: list[Alert] = field(default_factory=list)
    notices: dict[str, str] = field(default_factory=dict)  # alert id -> open, high, close

    @property
    def notify(self) -> list[Alert]:
        """The new and changed alerts the sinks are told of (those with a notice)."""
        return [alert for alert in self.new + self.changed if alert["id"] in self.notices]


def read_records(connection: sa.Connection, *where: Any) -> Iterator[Record]:
    """The fused records (those matching `where`, SQL conditions), one `Record` each (no
    date: read, then left out): `build_series` of them is what `scan_series` gives
    (the other reader its tests compare it with)."""
    columns = [fused_events.c[name] for name in RECORD_COLUMNS]
    for row in connection.execute(sa.select(*columns).where(*where)):
        yield Record(*row)


def alert_days(connection: sa.Connection, alert: Alert) -> dict[str, Any]:
    """The alert's series day by day over its weeks (the dashboard's daily view):
    `days`, one {"day", "events", "deaths", "signals"} a day, zero days included, and
    `days_coarse`, the series' records in those weeks dated only to a week, month or year
    (left out of the days, never put on one)."""
    first = dt.date.fromisoformat(alert["weeks"][0]["week_start"])
    last = dt.date.fromisoformat(alert["weeks"][-1]["week_start"]) + dt.timedelta(days=6)
    where = [fused_events.c.date >= first, fused_events.c.date <= last,
             *series_filter(alert["series"])]
    found = [one for one in scan_series(connection, last, "day", None, *where)[0]
             if (one.level, one.key) == (alert["series"]["level"], alert["series"]["key"])]
    by_day = {day: i for i, day in enumerate(found[0].weeks)} if found else {}
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return {"days": [day_row(found[0] if found else None, by_day.get(day), day)
                     for day in days], "days_coarse": found[0].coarse if found else 0}


def count_undated(connection: sa.Connection) -> int:
    """The stored fused records with no date: read by the watch, counted in no series."""
    query = sa.select(sa.func.count()).select_from(fused_events).where(
        fused_events.c.date.is_(None))
    return int(connection.scalar(query) or 0)


def series_filter(series: dict[str, Any]) -> list[Any]:
    """SQL conditions that keep a series' records (and some others, counted elsewhere)."""
    if series["level"] == "dyad":
        pair = series["key"].split("|")
        return [fused_events.c.actor_code.in_(pair), fused_events.c.recipient_code.in_(pair)]
    country = [fused_events.c.place_country == series["country"]]
    if series["level"] == "admin1":
        return [*country, fused_events.c.place_admin1 == series["admin1"]]
    return country


def day_row(series: Any, index: int | None, day: dt.date) -> dict[str, Any]:
    counts = [0, 0, 0] if index is None else [
        int(series.events[index]), int(series.deaths[index]), int(series.signals[index])]
    return {"day": day.isoformat(), **dict(zip(("events", "deaths", "signals"), counts,
                                               strict=True))}


def run_watch(engine: sa.Engine, settings: WatchSettings, *, as_of: dt.date | None = None,
              since: dt.date | None = None, now: dt.datetime | None = None,
              keep: bool = True) -> WatchReport:
    """Find, store and report the alerts; `since` keeps to alerts active on or after it
    (open ones always are). With `keep` False nothing is written (a look back `--as-of`
    must not rewrite today's alerts): new and changed are still said, against the store."""
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    with engine.begin() as connection:
        series, read = scan_series(connection, as_of, today=now.date())
        found = [a for a in find_alerts(series, settings, now) if active_since(a, since)]
        add_sources(connection, found)
        report = store_alerts(connection, found, keep)
        report.undated = count_undated(connection)
    report.series, report.records = len(series), read
    report.coarse = sum(one.coarse for one in series if one.level == "country")
    return report


class Exported(NamedTuple):
    rows: int  # series-periods written
    coarse: int  # records kept out of the country series, dated too coarsely for the period


def export_series(engine: sa.Engine, path: Path, as_of: dt.date | None = None,
                  period: str = "week") -> Exported:
    """Write the store's country and admin1 series in the back-test's weekly format (with
    a `signals` column), so an analyst's own stream can be back-tested; `period="day"`
    writes daily series (a `day` column for `week_start`; records dated only to a week,
    month or year left out and counted). ValueError for another period."""
    with engine.connect() as connection:
        series = scan_series(connection, as_of, period)[0]
    rows = list(weekly_rows(series))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(series_columns(period))
        writer.writerows(rows)
    return Exported(len(rows), sum(one.coarse for one in series if one.level == "country"))


def active_since(alert: Alert, since: dt.date | None) -> bool:
    if since is None or alert["status"] == "open":
        return True
    last = alert["closed_week"] or alert["last_alarm_week"]
    return dt.date.fromisoformat(last) + dt.timedelta(days=6) >= since


def add_sources(connection: sa.Connection, found: list[Alert]) -> None:
    """Each alert's `sources`: the documents of its records, once each, in date order."""
    wanted = sorted({event for alert in found for event in alert["events"]})
    by_event: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        query = sa.select(fused_events.c.id, fused_events.c.sources).where(
            fused_events.c.id.in_(chunk))
        by_event.update({row.id: row.sources for row in connection.execute(query)})
    for alert in found:
        alert["sources"] = unique_sources(by_event.get(event, []) for event in alert["events"])


def unique_sources(groups: Iterator[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for group in groups:
        for source in group:
            seen.setdefault(source["doc_id"], {key: source.get(key) for key in
                                               ("doc_id", "url", "title", "date")})
    return sorted(seen.values(), key=lambda source: (source["date"] or "", source["doc_id"]))


def store_alerts(connection: sa.Connection, found: list[Alert], keep: bool = True
                 ) -> WatchReport:
    stored = {row.id: row for row in connection.execute(
        sa.select(alerts).where(alerts.c.id.in_([alert["id"] for alert in found])))} \
        if found else {}
    report = WatchReport(alerts=found)
    for alert in found:
        old = stored.get(alert["id"])
        if old is not None and not changed(old, alert):
            alert["opened_at"], alert["updated_at"] = stamp(old.opened_at), stamp(old.updated_at)
            alert["noticed_at"] = last_notice(old)
            continue
        if old is not None:
            alert["opened_at"] = stamp(old.opened_at)
        (report.changed if old is not None else report.new).append(alert)
        told = notice(None if old is None else row_alert(old, []), alert)
        if told:  # always so for a new alert: its opening
            report.notices[alert["id"]] = told
        alert["noticed_at"] = alert["updated_at"] if told or old is None else last_notice(old)
        if keep:
            write_alert(connection, alert, replace=old is not None)
    return report


def last_notice(row: sa.Row[Any]) -> str:
    """A stored alert's `noticed_at` (migration 0013), its `updated_at` where none is kept
    (an alert stored before the watch kept notices)."""
    return stamp(row.noticed_at or row.updated_at)


def stamp(value: dt.datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat()


def changed(old: sa.Row[Any], alert: Alert) -> bool:
    now = alert_row(alert)
    return any(normal(getattr(old, name)) != normal(now[name]) for name in TRACKED)


def normal(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def alert_row(alert: Alert) -> dict[str, Any]:
    series = alert["series"]
    day = dt.date.fromisoformat
    return {
        "id": alert["id"], "status": alert["status"], "level": series["level"],
        "series_key": series["key"], "country": series["country"], "admin1": series["admin1"],
        "label": series["label"], "measure": alert["measure"], "detector": alert["detector"],
        "onset_week": day(alert["onset_week"]), "last_alarm_week": day(alert["last_alarm_week"]),
        "closed_week": day(alert["closed_week"]) if alert["closed_week"] else None,
        "peak_week": day(alert["peak_week"]),
        "observed": alert["observed"], "expected": alert["expected"],
        "threshold": alert["threshold"], "score": alert["score"], "summary": alert["summary"],
        "weeks": alert["weeks"], "signals": alert["signals"], "coarse": alert["coarse"],
        "sources": alert["sources"],
        "opened_at": dt.datetime.fromisoformat(alert["opened_at"]),
        "updated_at": dt.datetime.fromisoformat(alert["updated_at"]),
    }


def write_alert(connection: sa.Connection, alert: Alert, replace: bool) -> None:
    """Insert the alert, or update it in place (its deliveries stay), with its
    `noticed_at`, and its records."""
    row = {**alert_row(alert), "noticed_at": dt.datetime.fromisoformat(alert["noticed_at"])}
    if replace:
        connection.execute(sa.update(alerts).where(alerts.c.id == alert["id"]).values(row))
        connection.execute(sa.delete(alert_events).where(alert_events.c.alert_id == alert["id"]))
    else:
        connection.execute(sa.insert(alerts), [row])
    weeks = {event: week for week, event in event_weeks(alert)}
    if weeks:
        connection.execute(sa.insert(alert_events), [
            {"alert_id": alert["id"], "event_id": event, "week": week}
            for event, week in weeks.items()])


def event_weeks(alert: Alert) -> list[tuple[dt.date, str]]:
    """(week, fused record id) of the records of the alert's alarm weeks."""
    return [(dt.date.fromisoformat(row["week_start"]), event) for row in alert["weeks"]
            for event in row.get("records", [])]


def row_alert(row: sa.Row[Any], events: list[str]) -> Alert:
    """A stored alert back as the alert dict (`flarewatch.watch.alerts`)."""
    return {
        "id": row.id, "status": row.status,
        "series": {"level": row.level, "key": row.series_key, "country": row.country,
                   "admin1": row.admin1, "label": row.label},
        "measure": row.measure, "detector": row.detector,
        "onset_week": row.onset_week.isoformat(),
        "last_alarm_week": row.last_alarm_week.isoformat(),
        "closed_week": row.closed_week.isoformat() if row.closed_week else None,
        "peak_week": row.peak_week.isoformat(),
        "observed": int(row.observed), "expected": row.expected, "threshold": row.threshold,
        "score": row.score, "summary": row.summary, "weeks": row.weeks, "events": events,
        "signals": row.signals, "coarse": row.coarse, "sources": row.sources,
        "opened_at": stamp(row.opened_at), "updated_at": stamp(row.updated_at),
        "noticed_at": last_notice(row),
    }


def load_alerts(connection: sa.Connection, *, status: str | None = None,
                country: str | None = None, since: dt.date | None = None,
                limit: int = 100, by_notice: bool = False) -> list[Alert]:
    """Stored alerts, most recently updated first (`by_notice`: most recently noticed
    first, as the Atom feed orders them), filtered by status, the series' country, and
    `since`: open, or last alarmed or closed on or after it (as `flarewatch watch
    --since`). Each carries `noticed_at` (`last_notice`)."""
    latest = sa.func.coalesce(alerts.c.noticed_at, alerts.c.updated_at) if by_notice \
        else alerts.c.updated_at
    query = sa.select(alerts).order_by(latest.desc(), alerts.c.id).limit(limit)
    if status:
        query = query.where(alerts.c.status == status)
    if country:
        query = query.where(alerts.c.country == country)
    if since:  # open, or active in the week holding `since` or later
        week_start = max(since, dt.date.min + dt.timedelta(days=6)) - dt.timedelta(days=6)
        query = query.where(sa.or_(
            alerts.c.status == "open",
            sa.func.coalesce(alerts.c.closed_week, alerts.c.last_alarm_week) >= week_start))
    rows = list(connection.execute(query))
    members = alert_members(connection, [row.id for row in rows])
    return [row_alert(row, members.get(row.id, [])) for row in rows]


def load_alert(connection: sa.Connection, alert_id: str) -> Alert | None:
    row = connection.execute(sa.select(alerts).where(alerts.c.id == alert_id)).first()
    return None if row is None else row_alert(row, alert_members(connection, [alert_id])
                                              .get(alert_id, []))


def alert_members(connection: sa.Connection, ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    query = sa.select(alert_events.c.alert_id, alert_events.c.event_id).where(
        alert_events.c.alert_id.in_(ids)).order_by(alert_events.c.week, alert_events.c.event_id)
    for alert_id, event_id in connection.execute(query) if ids else []:
        found.setdefault(alert_id, []).append(event_id)
    return found
