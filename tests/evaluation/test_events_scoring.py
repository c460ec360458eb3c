"""The events scorer follows shared eval/SCORING.md: alignment, optional gold, duplicates."""

from __future__ import annotations

import pytest

from flarewatch.evaluation.events import (
    GoldEvent,
    metrics,
    score_document,
)
from flarewatch.evaluation.gate import check_floors
from flarewatch.evaluation.matching import great_circle_km, one_to_one
from flarewatch.model import Entity, Event, Place, Size

TEXT = "Troops shelled the town on Monday. Two people were killed. Leaders met in Baku."


def span(quote: str) -> tuple[int, int]:
    start = TEXT.index(quote)
    return start, start + len(quote)


def predicted(quote: str, kind: str, **fields) -> Event:
    start, end = span(quote)
    return Event(kind, start, end, 0, quote, start, end, **fields)


def gold(quote: str, kind: str, **data) -> GoldEvent:
    return GoldEvent({"event": kind, **data}, [span(quote)])


def test_perfect_match_scores_one():
    tally = score_document([predicted("Troops shelled", "ASSAULT")],
                           [gold("Troops shelled the town", "ASSAULT")])
    result = metrics(tally)
    assert result["detection"]["f1"] == 1.0 and result["typed"]["f1"] == 1.0


def test_wrong_type_is_detected_but_not_typed():
    result = metrics(score_document([predicted("Leaders met", "AGREE")],
                                    [gold("Leaders met in Baku", "CONSULT")]))
    assert result["detection"]["f1"] == 1.0 and result["typed"]["f1"] == 0.0


def test_second_overlapping_prediction_is_a_duplicate():
    events = [predicted("Troops shelled", "ASSAULT"), predicted("shelled the town", "ASSAULT")]
    result = metrics(score_document(events, [gold("Troops shelled the town", "ASSAULT")]))
    assert result["duplicates"] == 1
    assert result["detection"]["precision"] == 0.5


def test_optional_gold_costs_nothing_either_way():
    optional = gold("Leaders met in Baku", "CONSULT", optional=True)
    found = metrics(score_document([predicted("Leaders met", "CONSULT")], [optional]))
    missed = metrics(score_document([], [optional]))
    assert found["predicted"] == 0 and found["gold"] == 0 and missed["gold"] == 0


def test_same_type_preferred_over_larger_overlap():
    events = [predicted("Two people were killed", "ASSAULT")]
    golds = [gold("Two people were killed.", "ACCUSE"), gold("people were killed", "ASSAULT")]
    assert metrics(score_document(events, golds))["typed"]["recall"] == 0.5


def test_fields_scored_only_where_gold_has_them():
    event = predicted("Troops shelled", "ASSAULT", actor=Entity("Troops", code="AZE",
                      sector="MIL"), size=Size(dead=2), date="2023-09-18",
                      enddate="2023-09-18")
    reference = gold("Troops shelled the town", "ASSAULT", actor={"code": "AZE"},
                     size={"dead": 3}, date="2023-09", enddate="2023-09")
    fields = metrics(score_document([event], [reference]))["fields"]
    assert fields["actor.code"] == {"correct": 1, "scored": 1, "accuracy": 1.0}
    assert fields["actor.sector"]["scored"] == 0
    assert fields["size.dead"]["correct"] == 0
    assert fields["date"]["correct"] == 1


def test_injured_scored_like_dead_where_gold_has_it():
    event = predicted("Troops shelled", "ASSAULT", size=Size(dead=2, injured=5))
    reference = gold("Troops shelled the town", "ASSAULT", size={"injured": 5})
    fields = metrics(score_document([event], [reference]))["fields"]
    assert fields["size.injured"] == {"correct": 1, "scored": 1, "accuracy": 1.0}
    assert fields["size.dead"]["scored"] == 0


def test_sector_only_gold_entity_scores_the_sector_alone():
    event = predicted("Troops shelled", "ASSAULT", actor=Entity("gunmen", sector="UAF"))
    reference = gold("Troops shelled the town", "ASSAULT", actor={"sector": "UAF"})
    fields = metrics(score_document([event], [reference]))["fields"]
    assert fields["actor.code"]["scored"] == 0
    assert fields["actor.sector"] == {"correct": 1, "scored": 1, "accuracy": 1.0}


@pytest.mark.parametrize(("lat", "lon", "radius", "right"), [
    (39.82, 46.75, None, True), (40.5, 46.75, None, False), (40.5, 46.75, 100, True),
])
def test_location_within_max_of_50_km_and_radius(lat, lon, radius, right):
    event = predicted("Troops shelled", "ASSAULT",
                      event_loc=Place("x", "x", lat, lon, "town"))
    reference = gold("Troops shelled the town", "ASSAULT",
                     event_loc={"lat": 39.8177, "lon": 46.7528, "radius_km": radius})
    assert metrics(score_document([event], [reference]))["fields"]["event_loc"]["correct"] == right


def test_great_circle_known_distance():
    assert great_circle_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1)


def test_floor_failures_are_reported():
    assert check_floors({"typed": {"f1": 0.5}}, {"typed.f1": 0.6})
    assert not check_floors({"typed": {"f1": 0.7}}, {"typed.f1": 0.6})


def test_one_to_one_takes_pairs_in_order_each_side_once():
    assert one_to_one([(0, 1), (0, 2), (1, 1), (1, 0), (2, 2)]) == [(0, 1), (1, 0), (2, 2)]
