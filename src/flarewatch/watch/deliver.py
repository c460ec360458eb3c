"""Alerts to sinks, none lost: `deliver(engine, sinks, report)`.

Each sink (`flarewatch.watch.sinks`, keyed by `sink.key`) is told of an alert's opening,
of each new high while it is open, and of its closing (`report.notices`,
`flarewatch.watch.alerts.notice`); other changes of an alert are stored, not sent. An
alert whose last delivery to a sink failed (`alert_deliveries`: the version, `ok`, the
error) is sent again to it, as it stands now, until it arrives. Each alert sent carries
its `notice` ("open", "high" or "close"). Alerts of one surge go together
(`related_groups`: those that share a driving record, or the country and the onset week),
one delivery per group (one email, one webhook POST listing them); each alert's delivery
is still recorded on its own. After a sink's first failure in a run, its other groups are
not tried (a dead webhook would cost each one its retries): they are recorded as failed
and retried by the next run. Returns the deliveries made or skipped, one per group and
sink.
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

Failed = dict[tuple[str, str], str]  # (alert id, sink key) -> the version not delivered


def failed_before(connection: sa.Connection) -> Failed:
    """The alert version of each (alert id, sink key) whose last delivery failed."""
    query = sa.select(alert_deliveries.c.alert_id, alert_deliveries.c.sink,
                      alert_deliveries.c.version).where(alert_deliveries.c.ok.is_(False))
    return {(row[0], row[1]): stamp(row[2]) for row in connection.execute(query)}


def deliver(engine: sa.Engine, sinks: Sequence[Sink], report: Any) -> list[Delivery]:
    if not sinks:
        return []
    with engine.connect() as connection:
        failed = failed_before(connection)
    found = []
    for sink in sinks:
        key = getattr(sink, "key", type(sink).__name__)
        todo = [{**alert, "notice": told} for alert in report.alerts
                if (told := to_tell(alert, report.notices, failed.get((alert["id"], key))))]
        found.extend(to_sink(engine, sink, key, todo))
    return found


def to_tell(alert: Alert, notices: dict[str, str], missed: str | None) -> str | None:
    """The notice a sink is sent of `alert`: this run's (`notices`), else, when its last
    delivery failed (`missed`: the version not delivered), the one it missed: "close" for
    a closed alert, "open" when the version missed was the first (opened_at), else
    "high"; None when there is nothing to send."""
    if alert["id"] in notices:
        return notices[alert["id"]]
    if missed is None:
        return None
    if alert["status"] == "closed":
        return "close"
    first = dt.datetime.fromisoformat(missed) == dt.datetime.fromisoformat(alert["opened_at"])
    return "open" if first else "high"


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
    """The alert's last delivery to the sink `key`, in place of the one before. A failure
    after a failure keeps the earlier version: the first notice the sink missed (so a
    missed opening is retried as an opening, `to_tell`)."""
    where = (alert_deliveries.c.alert_id == alert["id"], alert_deliveries.c.sink == key)
    with engine.begin() as connection:
        missed = None if delivery.ok else connection.execute(sa.select(
            alert_deliveries.c.version).where(*where, alert_deliveries.c.ok.is_(False))).scalar()
        version = missed or dt.datetime.fromisoformat(alert["updated_at"])
        connection.execute(sa.delete(alert_deliveries).where(*where))
        connection.execute(sa.insert(alert_deliveries), [
            {"alert_id": alert["id"], "sink": key, "ok": delivery.ok, "error": delivery.error,
             "version": version, "attempted_at": dt.datetime.now(dt.UTC)}])
