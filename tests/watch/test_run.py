"""`run_watch` over a store: alerts stored, kept stable, updated, closed, filtered."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from stored import SURGE_WEEK, add_rows, fused_row, surge_rows, surge_store

from flarewatch.storage import open_store
from flarewatch.storage.schema import alert_deliveries, alert_events, alerts
from flarewatch.watch.run import load_alert, load_alerts, run_watch
from flarewatch.watch.settings import default_settings

FIRST = dt.datetime(2024, 3, 18, 12, tzinfo=dt.UTC)  # the surge week is over
LATER = dt.datetime(2024, 3, 19, 12, tzinfo=dt.UTC)


@pytest.fixture
def db(database_url: str) -> str:
    """The surge store on SQLite, then on PostgreSQL when a cluster can start."""
    return surge_store(database_url)


def watch(db: str, now: dt.datetime, **options):  # type: ignore[no-untyped-def]
    with open_store(db) as store:
        return run_watch(store.engine, default_settings(), now=now, **options)


def sahel(report) -> dict:  # type: ignore[no-untyped-def]
    return next(a for a in report.alerts if a["series"]["key"] == "BFA/Sahel")


def test_first_run_stores_new_alerts_with_sources_and_members(db: str) -> None:
    report = watch(db, FIRST)
    assert {a["series"]["key"] for a in report.new} == {"BFA", "BFA/Sahel"}
    assert sorted(report.notices.values()) == ["open", "open"] and report.notify == report.new
    alert = sahel(report)
    assert alert["status"] == "open" and alert["onset_week"] == SURGE_WEEK
    assert [s["doc_id"] for s in alert["sources"]] == [f"doc-s{i}" for i in
                                                        (0, 5, 1, 2, 3, 4)]
    with open_store(db) as store, store.engine.connect() as connection:
        stored = load_alert(connection, alert["id"])
        members = connection.execute(sa.select(alert_events.c.event_id).where(
            alert_events.c.alert_id == alert["id"])).scalars().all()
    assert stored is not None and stored["summary"] == alert["summary"]
    assert sorted(members) == [f"s{i}" for i in range(6)]
    assert stored["weeks"] == alert["weeks"] and stored["opened_at"] == FIRST.isoformat()


def test_a_rerun_over_the_same_records_changes_nothing(db: str) -> None:
    first = watch(db, FIRST)
    again = watch(db, LATER)
    assert again.new == [] and again.changed == [] and again.notices == {}
    assert sahel(again)["updated_at"] == sahel(first)["updated_at"] == FIRST.isoformat()


def test_more_events_update_the_same_alert(db: str) -> None:
    alert_id = sahel(watch(db, FIRST))["id"]
    add_rows(db, surge_rows(count=3, first=6))
    report = watch(db, LATER)
    assert [a["id"] for a in report.changed if a["series"]["key"] == "BFA/Sahel"] == [alert_id]
    assert report.notices[alert_id] == "high"
    alert = sahel(report)
    assert alert["observed"] == 9 and len(alert["events"]) == 9
    assert alert["opened_at"] == FIRST.isoformat() and alert["updated_at"] == LATER.isoformat()


def test_quiet_weeks_close_the_alert(db: str) -> None:
    watch(db, FIRST)
    add_rows(db, [fused_row("late", "2024-04-30")])
    report = watch(db, LATER)
    alert = sahel(report)
    assert alert["status"] == "closed" and alert["closed_week"] == "2024-03-18"
    assert alert["id"] in {a["id"] for a in report.changed}
    assert report.notices[alert["id"]] == "close"


@pytest.mark.parametrize(("since", "count"), [("2024-03-01", 2), ("2024-03-24", 2),
                                               ("2024-04-01", 0)])
def test_since_keeps_open_alerts_and_those_closed_since(db: str, since: str,
                                                       count: int) -> None:
    assert len(watch(db, FIRST, since=dt.date.fromisoformat("2030-01-01")).alerts) == 2
    add_rows(db, [fused_row("late", "2024-04-30")])  # closes both, in the week of 03-18
    report = watch(db, FIRST, since=dt.date.fromisoformat(since))
    assert len(report.alerts) == count


@pytest.mark.parametrize(("filters", "count"), [
    ({}, 2), ({"status": "open"}, 2), ({"status": "closed"}, 0), ({"country": "BFA"}, 2),
    ({"country": "MLI"}, 0), ({"limit": 1}, 1),
])
def test_load_alerts_filters(db: str, filters: dict, count: int) -> None:
    watch(db, FIRST)
    with open_store(db) as store, store.engine.connect() as connection:
        assert len(load_alerts(connection, **filters)) == count


def test_month_dated_records_are_reported_not_placed(db: str) -> None:
    add_rows(db, [fused_row("m1", "2024-03-01", precision="month")])
    report = watch(db, FIRST)
    assert report.coarse == 1 and sahel(report)["coarse"] == 1
    assert "m1" not in sahel(report)["events"]


LATEST = dt.datetime(2024, 3, 20, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(("rows", "told", "noticed_at"), [
    # one event two weeks on: the alert's weeks grow, nobody is told, the feed keeps it
    ([fused_row("later", "2024-03-27")], None, FIRST),
    # three more events in the surge week: a new high, noticed now
    (surge_rows(count=3, first=6), "high", LATER),
    # four quiet weeks: closed, noticed now
    ([fused_row("late", "2024-04-30")], "close", LATER),
])
def test_the_last_notice_is_kept_for_the_feed(db: str, rows: list[dict], told: str | None,
                                              noticed_at: dt.datetime) -> None:
    first = sahel(watch(db, FIRST))
    assert first["noticed_at"] == FIRST.isoformat()
    add_rows(db, rows)
    report = watch(db, LATER)
    alert = sahel(report)
    assert alert["updated_at"] == LATER.isoformat() and report.notices.get(alert["id"]) == told
    assert alert["noticed_at"] == noticed_at.isoformat()
    again = sahel(watch(db, LATEST))  # nothing new: nothing moves
    with open_store(db) as store, store.engine.connect() as connection:
        stored = load_alert(connection, alert["id"])
        listed = load_alerts(connection, by_notice=True)
        deliveries = connection.execute(sa.select(sa.func.count()).select_from(
            alert_deliveries)).scalar_one()
    assert deliveries == 0  # the notice is the alert's column, not a delivery (no sinks)
    assert again["noticed_at"] == noticed_at.isoformat()
    assert stored is not None and stored["noticed_at"] == noticed_at.isoformat()
    assert [one["noticed_at"] for one in listed] == sorted(
        (one["noticed_at"] for one in listed), reverse=True)


def test_an_alert_stored_without_a_notice_keeps_its_last_version(db: str) -> None:
    """An alert stored before the feed kept notices: its updated_at stands for its last
    notice, and stays when a silent update comes."""
    alert_id = sahel(watch(db, FIRST))["id"]
    with open_store(db) as store, store.engine.begin() as connection:
        connection.execute(sa.update(alerts).values(noticed_at=None))
    add_rows(db, [fused_row("later", "2024-03-27")])
    alert = next(one for one in watch(db, LATER).alerts if one["id"] == alert_id)
    assert alert["updated_at"] == LATER.isoformat()
    assert alert["noticed_at"] == FIRST.isoformat()
