"""What the sinks are told (`flarewatch.watch.alerts.notice`, `flarewatch.watch.deliver`):
an alert's opening, new high and closing, related alerts in one delivery, a missed notice
sent again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from stored import add_rows, surge_rows, surge_store

from flarewatch.storage import open_store
from flarewatch.watch.alerts import notice
from flarewatch.watch.deliver import deliver, related_groups, to_tell
from flarewatch.watch.run import run_watch
from flarewatch.watch.settings import default_settings
from flarewatch.watch.sinks import Delivery


def alert(ident: str, level: str, country: str, onset: str, events: str,
          score: float = 5.0) -> dict[str, Any]:
    return {"id": ident, "series": {"level": level, "country": country},
            "onset_week": onset, "events": events.split(), "score": score}


@pytest.mark.parametrize(("alerts", "groups"), [
    # a surge on the country and its admin1 series: shared records, one group, country first
    ([alert("a1", "admin1", "BFA", "2024-03-11", "r1 r2"),
      alert("c", "country", "BFA", "2024-03-11", "r1 r2 r3")], [["c", "a1"]]),
    # a dyad alert with one shared record, a week later: joined through the record
    ([alert("c", "country", "BFA", "2024-03-11", "r1"),
      alert("d", "dyad", "BFA", "2024-03-18", "r1 r9")], [["c", "d"]]),
    # a family alert (no shared records) in the same country and onset week
    ([alert("f", "family", "BFA", "2024-03-11", "p1"),
      alert("c", "country", "BFA", "2024-03-11", "r1")], [["c", "f"]]),
    # the same week in two countries: two surges
    ([alert("b", "country", "BFA", "2024-03-11", "r1"),
      alert("m", "country", "MLI", "2024-03-11", "r2")], [["b"], ["m"]]),
    # the same series a month apart: two alerts, two deliveries
    ([alert("c1", "country", "BFA", "2024-03-11", "r1"),
      alert("c2", "country", "BFA", "2024-04-15", "r7")], [["c1"], ["c2"]]),
    # transitive: a-b share a record, b-c share the onset week
    ([alert("a", "admin1", "BFA", "2024-03-04", "r1"),
      alert("b", "admin1", "BFA", "2024-03-11", "r1 r2", score=9.0),
      alert("c", "family", "BFA", "2024-03-11", "p1")], [["b", "a", "c"]]),
    ([], []),
])
def test_related_alerts_share_one_delivery(alerts: list[dict[str, Any]],
                                           groups: list[list[str]]) -> None:
    assert [[a["id"] for a in group] for group in related_groups(alerts)] == groups


def week(events: int, deaths: int, alarm: bool = True) -> dict[str, Any]:
    return {"events": events, "deaths": deaths, "alarm": alarm}


def state(status: str, *weeks: dict[str, Any]) -> dict[str, Any]:
    return {"id": "a", "status": status, "weeks": list(weeks)}


OPEN = state("open", week(1, 0, False), week(6, 18))


@pytest.mark.parametrize(("before", "after", "told"), [
    (None, OPEN, "open"),  # a new alert
    (None, state("closed", week(6, 18), week(0, 0, False)), "open"),  # new, already over
    (OPEN, state("open", week(1, 0, False), week(6, 18), week(9, 18)), "high"),  # events
    (OPEN, state("open", week(1, 0, False), week(6, 30)), "high"),  # deaths, same week
    (OPEN, state("closed", week(6, 18), week(0, 0, False)), "close"),
    (OPEN, state("closed", week(6, 18), week(12, 40)), "close"),  # a high, then over
    (state("closed", week(6, 18)), state("open", week(6, 18), week(3, 2)), "open"),  # reopened
    # traps: an update that is no new high, or no change of state, tells nothing
    (OPEN, state("open", week(1, 0, False), week(6, 18), week(4, 10)), None),  # lower
    (OPEN, state("open", week(1, 0, False), week(6, 18), week(6, 18)), None),  # same peak
    (OPEN, state("open", week(1, 0, False), week(6, 18), week(0, 0, False)), None),  # quiet
    (OPEN, state("open", week(9, 40, False), week(6, 18)), None),  # high, but no alarm
    (OPEN, state("open", week(6, 17)), None),  # revised down
    (state("closed", week(6, 18)), state("closed", week(6, 18), week(9, 50)), None),
])
def test_the_sinks_are_told_of_opening_new_high_and_closing(
        before: dict[str, Any] | None, after: dict[str, Any], told: str | None) -> None:
    assert notice(before, after) == told


OPENED = "2024-03-18T12:00:00+00:00"


@pytest.mark.parametrize(("status", "notices", "missed", "told"), [
    ("open", {"a": "high"}, None, "high"),  # this run's notice
    ("open", {"a": "high"}, OPENED, "high"),  # this run's, though the opening was missed
    ("open", {}, None, None),  # nothing new, nothing missed
    ("open", {}, OPENED, "open"),  # the opening failed: sent again as an opening
    ("open", {}, "2024-03-18T13:00:00+01:00", "open"),  # the same time, another zone
    ("open", {}, "2024-03-25T12:00:00+00:00", "high"),  # a later notice failed
    ("closed", {}, OPENED, "close"),  # missed, and over since
])
def test_a_missed_notice_is_sent_again(status: str, notices: dict[str, str],
                                       missed: str | None, told: str | None) -> None:
    alert = {"id": "a", "status": status, "opened_at": OPENED}
    assert to_tell(alert, notices, missed) == told


class Sink:
    """A sink that fails while `down`, and keeps the groups it was sent."""

    key = name = "test-sink"

    def __init__(self) -> None:
        self.down = True
        self.sent: list[list[tuple[str, str, int]]] = []

    def deliver(self, alert: dict[str, Any]) -> Delivery:
        return self.deliver_group([alert])

    def deliver_group(self, alerts: Sequence[dict[str, Any]]) -> Delivery:
        if self.down:
            return Delivery(self.name, False, 1, "HTTP 503")
        self.sent.append([(a["series"]["key"], a["notice"], a["observed"]) for a in alerts])
        return Delivery(self.name, True, 1)


def test_a_missed_opening_is_sent_as_an_opening(tmp_path: Path) -> None:
    db, sink = surge_store(str(tmp_path / "watch.db")), Sink()
    hours = iter(range(12, 24))

    def run() -> None:
        with open_store(db) as store:
            now = dt.datetime(2024, 3, 18, next(hours), tzinfo=dt.UTC)
            deliver(store.engine, [sink], run_watch(store.engine, default_settings(), now=now))

    run()  # the opening fails
    add_rows(db, surge_rows(count=3, first=6))
    run()  # the new high fails too
    sink.down = False
    run()  # nothing new: what was missed goes, as the opening it began with, as it is now
    run()  # delivered: not again
    assert sink.sent == [[("BFA", "open", 9), ("BFA/Sahel", "open", 9)]]
