"""Alerts to sinks, none lost: `deliver(engine, sinks, report)`.

Each sink (`flarewatch.watch.sinks`, keyed by `sink.key`) is sent the alerts that are new
or changed in this run, and those whose last delivery to it failed (`alert_deliveries`:
the alert's version, `ok`, the error). Alerts of one surge go together (`related_groups`:
those that share a driving record, or the country and the onset week), one delivery per
group (one email, one webhook POST listing them); each alert's delivery is still recorded
on its own. After a sink's first failure in a run, its other groups are not tried (a dead
webhook would cost each one its retries): they are recorded as failed and retried by the
next run. Returns the deliveries made or skipped, one per group and sink.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from flarewatch.storage.schema import alert_deliveries
from flarewatch.watch.alerts import Alert
from flarewatch.watch.run import stamp
from flarewatch.watch.sinks import Delivery, Sink, guarded_deliver_group


def failed_before(connection: sa.Connection) -> set[tuple[str, str, str]]:
    """(alert id, sink key, alert version) of every delivery that failed."""
    query = sa.select(alert_deliveries.c.alert_id, alert_deliveries.c.sink,
                      alert_deliveries.c.version).where(alert_deliveries.c.ok.is_(False))
    return {(row[0], row[1], stamp(row[2])) for row in connection.execute(query)}


def deliver(engine: sa.Engine, sinks: Sequence[Sink], report: Any) -> list[Delivery]:
    if not sinks:
        return []
    with engine.connect() as connection:
        failed = failed_before(connection)
    fresh = {alert["id"] for alert in report.notify}
    found = []
    for sink in sinks:
        key = getattr(sink, "key", type(sink).__name__)
        todo = [alert for alert in report.alerts if alert["id"] in fresh
                or (alert["id"], key, alert["updated_at"]) in failed]
        found.extend(to_sink(engine, sink, key, todo))
    return found


def to_sink(engine: sa.Engine, sink: Sink, key: str, alerts: list[Alert]) -> list[Delivery]:
    made: list[Delivery] = []
    for group in related_groups(alerts):
        broken = next((d for d in made if not d.ok), None)
        delivery = guarded_deliver_group(sink, group) if broken is None else Delivery(
            broken.sink, False, 0, f"not tried after an earlier failure ({broken.error})")
        for alert in group:
            record(engine, alert, key, delivery)
        made.append(delivery)
    return made


LEVELS = ("country", "admin1", "dyad", "family")  # the order of alerts in a group


def related_groups(alerts: list[Alert]) -> list[list[Alert]]:
    """The alerts in groups of one surge: linked when they share a driving record (the
    country and admin1 series count the same events) or the series' country and the onset
    week (a family or dyad alert beside them), and so on transitively. Groups in the order
    of their first alert; in a group, country first, then admin1, dyad, family, each by
    score, highest first."""
    parent = list(range(len(alerts)))
    for keys in shared_keys(alerts).values():
        for other in keys[1:]:
            parent[root(parent, other)] = root(parent, keys[0])
    groups: dict[int, list[Alert]] = {}
    for index, alert in enumerate(alerts):
        groups.setdefault(root(parent, index), []).append(alert)
    return [sorted(group, key=group_order) for group in groups.values()]


def shared_keys(alerts: list[Alert]) -> dict[tuple[str, ...], list[int]]:
    """Indexes of the alerts that hold each driving record or (country, onset week)."""
    holders: dict[tuple[str, ...], list[int]] = {}
    for index, alert in enumerate(alerts):
        country = (alert.get("series") or {}).get("country")
        keys: list[tuple[str, ...]] = [("event", event) for event in alert.get("events") or []]
        keys += [("onset", country, alert["onset_week"])] if country else []
        for found in set(keys):
            holders.setdefault(found, []).append(index)
    return holders


def root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index


def group_order(alert: Alert) -> tuple[int, float]:
    level = (alert.get("series") or {}).get("level")
    return (LEVELS.index(level) if level in LEVELS else len(LEVELS),
            -float(alert.get("score") or 0.0))


def record(engine: sa.Engine, alert: Alert, key: str, delivery: Delivery) -> None:
    row = {"alert_id": alert["id"], "sink": key, "ok": delivery.ok, "error": delivery.error,
           "version": dt.datetime.fromisoformat(alert["updated_at"]),
           "attempted_at": dt.datetime.now(dt.UTC)}
    with engine.begin() as connection:
        connection.execute(sa.delete(alert_deliveries).where(
            alert_deliveries.c.alert_id == alert["id"], alert_deliveries.c.sink == key))
        connection.execute(sa.insert(alert_deliveries), [row])
