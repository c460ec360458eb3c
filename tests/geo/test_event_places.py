"""Event places told through a road or the sea off a town, by the table `event_places.tsv`:
a road named by its two ends ("the road between X and Y", "the X-Y road") is one place at
their middle; "off X" is at X; "X, in Y" and "X township" are at X; where the wounded died
later is no place of the incident; "near the X bus stand" is at X; "arrested men from X" tells
where they come from; "X, where gunmen killed five" is at X, and so is "In the capital X, a
protest ..." misparsed with the protest as X's apposition. Each positive row fails with its
rule switched off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flarewatch.geo import locate, recognize
from flarewatch.model import Document, Event, Place
from flarewatch.pipeline import run
from flarewatch.storage.query import haversine_km
from tables import rows

ROWS = rows(Path(__file__).parent / "event_places.tsv")
POSITIVE = [row for row in ROWS if row[1] == "positive"]


def event_place(sentence: str, trigger: str) -> str:
    """The text of the place the locations stage gives an event at `trigger`, or "-"."""
    doc = run(Document("d", sentence), ["parse", "places"])
    start = sentence.index(trigger)
    told = doc.sentence_at(start)
    index = told.index if told is not None else 0
    doc.events = [Event("ASSAULT", 0, len(sentence), index, trigger, start, start + len(trigger))]
    place = run(doc, ["locations"]).events[0].event_loc
    return place.text if place is not None else "-"


SWITCHES = {"container": ("told_container", False), "care": ("cared_at", False),
            "named": ("dateline_named", False), "site": ("named_site", None),
            "where": ("where_hops", None), "apposed": ("apposed_event", None),
            "which": ("which_antecedent", None), "reference": ("told_reference", False)}


def _switched_off(rule: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if rule == "route":
        monkeypatch.setattr(locate, "route_of", lambda token: None)
        return
    if rule in SWITCHES:
        monkeypatch.setattr(locate, SWITCHES[rule][0], lambda *_: SWITCHES[rule][1])
        return
    dropped = DROPPED_WORDS.get(rule, {"township"})
    words = recognize.cue_words
    monkeypatch.setattr(locate, "cue_words", lambda role: words(role) - dropped)


DROPPED_WORDS = {"off": {"off"}, "centre": {"centre", "center", "heart"},
                 "origin": {"arrest", "detain", "apprehend"},
                 "settlement": {"hamlet", "barangay", "settlement", "municipality"}}


@pytest.mark.parametrize(("rule", "row", "sentence", "trigger", "expected"), ROWS,
                         ids=[f"{r[0]}-{r[1]}:{r[2][:30]}" for r in ROWS])
def test_event_place(rule: str, row: str, sentence: str, trigger: str, expected: str) -> None:
    assert event_place(sentence, trigger) == expected


@pytest.mark.parametrize(("rule", "row", "sentence", "trigger", "expected"), POSITIVE,
                         ids=[f"{r[0]}:{r[2][:30]}" for r in POSITIVE])
def test_positive_rows_need_their_rule(rule: str, row: str, sentence: str, trigger: str,
                                       expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _switched_off(rule, monkeypatch)
    assert event_place(sentence, trigger) != expected


def test_a_road_lies_at_the_middle_of_its_ends() -> None:
    sentence = "Gunmen ambushed a minibus on the road between Bahir Dar and Gondar on Monday."
    doc = run(Document("d", sentence), ["parse", "places"])
    ends = [p for p in doc.places if p.text in ("Bahir Dar", "Gondar")]
    start = sentence.index("ambushed")
    doc.events = [Event("ASSAULT", 0, len(sentence), 0, "ambushed", start, start + 8)]
    road = run(doc, ["locations"]).events[0].event_loc
    assert road is not None and len(ends) == 2 and road.geonameid is None
    assert road.lat == pytest.approx((ends[0].lat + ends[1].lat) / 2)
    assert road.lon == pytest.approx((ends[0].lon + ends[1].lon) / 2)


def road_place(sentence: str, trigger: str) -> Any:
    doc = run(Document("d", sentence), ["parse", "places"])
    start = sentence.index(trigger)
    doc.events = [Event("ASSAULT", 0, len(sentence), 0, trigger, start, start + len(trigger))]
    return run(doc, ["locations"]).events[0].event_loc


@pytest.mark.parametrize(("sentence", "trigger", "country", "near"), [
    # Bali is also an Indonesian island: the road's middle was in the Indian Ocean
    ("A roadside bomb hit a truck on the Bali-Batibo road on Tuesday.", "hit", "CMR",
     (5.84, 9.86)),
    ("Gunmen ambushed a minibus on the road between Bahir Dar and Gondar on Monday.",
     "ambushed", "ETH", (12.1, 37.4)),
])
def test_a_road_lies_between_ends_read_near_each_other(
        sentence: str, trigger: str, country: str, near: tuple[float, float]) -> None:
    road = road_place(sentence, trigger)
    assert road is not None and road.country == country
    assert haversine_km(road.lat, road.lon, *near) < 150


def test_ends_no_reading_brings_near_are_no_one_place() -> None:
    bamako = Place(text="Bamako", name="Bamako", lat=12.65, lon=-8.0, precision="town",
                   country="MLI")
    dakar = Place(text="Dakar", name="Dakar", lat=14.69, lon=-17.44, precision="town",
                  country="SEN")
    assert locate.near_ends([bamako, dakar]) is None
    assert locate.near_ends([bamako, bamako]) == [bamako, bamako]
