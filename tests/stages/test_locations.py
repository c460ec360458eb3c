"""The locations stage on parsed sentences with hand-made events."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.model import Document, Event
from flarewatch.pipeline import run

CASES = [
    line.split("\t")
    for line in (Path(__file__).parent / "locations_cases.tsv").read_text("utf-8").splitlines()
    if line and not line.startswith("#")
]


def located(sentence: str, trigger: str) -> Document:
    doc = run(Document("d", sentence), ["parse", "places"])
    start = sentence.index(trigger)
    doc.events = [Event("ASSAULT", 0, len(sentence), 0, trigger, start, start + len(trigger))]
    return run(doc, ["locations"])


@pytest.mark.parametrize(("sentence", "trigger", "expected"), CASES)
def test_event_location(sentence: str, trigger: str, expected: str) -> None:
    location = located(sentence, trigger).events[0].event_loc
    assert (location.text if location else "") == expected


ANAPHORS = [
    ("An aid shipment reached the region on Monday.", "shipment"),
    ("Troops were attacking along the entire contact line.", "attacking"),
]


@pytest.mark.parametrize(("sentence", "trigger"), ANAPHORS)
def test_the_region_names_the_region_the_text_is_about(sentence: str, trigger: str) -> None:
    text = "Fighting flared in Nagorno-Karabakh. Moscow called for calm. " + sentence
    doc = run(Document("d", text), ["parse", "places"])
    start = text.index(trigger)
    index = doc.sentence_at(start).index  # type: ignore[union-attr]
    doc.events = [Event("AID", start, len(text), index, trigger, start, start + len(trigger))]
    location = run(doc, ["locations"]).events[0].event_loc
    assert location is not None and location.name == "Nagorno-Karabakh"


def test_the_region_with_no_region_named_before_is_no_location() -> None:
    doc = located("An aid shipment reached the region on Monday.", "shipment")
    assert doc.events[0].event_loc is None


def test_no_parse_no_location() -> None:
    doc = Document("d", "Shelling in Kharkiv.")
    doc.events = [Event("ASSAULT", 0, 8, 0, "Shelling", 0, 8)]
    assert run(doc, ["locations"]).events[0].event_loc is None


ANAPHORS = [line.split("\t") for line in
            (Path(__file__).parent / "anaphor_places.tsv").read_text("utf-8").splitlines()
            if line and not line.startswith("#")]


@pytest.mark.parametrize(("text", "trigger", "expected"), ANAPHORS, ids=[r[1] + ":" + r[0][:40]
                                                                         for r in ANAPHORS])
def test_the_city_is_the_town_last_named(text: str, trigger: str, expected: str) -> None:
    stages = ["parse", "places", "timexes", "actors", "events", "roles", "locations"]
    doc = run(Document("d", text), stages)
    start = text.index(trigger)
    (event,) = [e for e in doc.events if e.trigger_start == start]
    assert (event.event_loc.name if event.event_loc else "-") == expected
