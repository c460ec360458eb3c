"""Related alerts grouped into one delivery (`flarewatch.watch.deliver.related_groups`)."""

from __future__ import annotations

from typing import Any

import pytest

from flarewatch.watch.deliver import related_groups


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
