"""Alerts to sinks, none lost: `deliver(engine, sinks, report)`.

Each sink (`flarewatch.watch.sinks`, keyed by `sink.key`) is sent the alerts that are new
or changed in this run, and those whose last delivery to it failed (`alert_deliveries`:
the alert's version, `ok`, the error). After a sink's first failure in a run, its other
alerts are not tried (a dead webhook would cost each one its retries): they are recorded
as failed and retried by the next run. Returns the deliveries made or skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from flarewatch.storage.schema import alert_deliveries
from flarewatch.watch.alerts import Alert
from flarewatch.watch.run import stamp
from flarewatch.watch.sinks import Delivery, Sink, guarded_deliver


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
    for alert in alerts:
        broken = next((d for d in made if not d.ok), None)
        delivery = guarded_deliver(sink, alert) if broken is None else Delivery(
            broken.sink, False, 0, f"not tried after an earlier failure ({broken.error})")
        record(engine, alert, key, delivery)
        made.append(delivery)
    return made


def record(engine: sa.Engine, alert: Alert, key: str, delivery: Delivery) -> None:
    row = {"alert_id": alert["id"], "sink": key, "ok": delivery.ok, "error": delivery.error,
           "version": dt.datetime.fromisoformat(alert["updated_at"]),
           "attempted_at": dt.datetime.now(dt.UTC)}
    with engine.begin() as connection:
        connection.execute(sa.delete(alert_deliveries).where(
            alert_deliveries.c.alert_id == alert["id"], alert_deliveries.c.sink == key))
        connection.execute(sa.insert(alert_deliveries), [row])
