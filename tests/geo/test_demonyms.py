"""Demonyms are places of their own kind: output by geoparse, never event locations."""

from __future__ import annotations

import pytest

from flarewatch.api import annotate, extract

TEXT = "Turkish troops and Russians clashed near the Georgian border in Syria on Monday."


def test_demonyms_are_places_of_kind_demonym_at_their_country():
    doc = annotate(TEXT, "2024-05-08", "d", ["parse", "places"])
    found = {(TEXT[p.start:p.end], p.country, p.kind) for p in doc.demonyms}
    assert found == {("Turkish", "TUR", "demonym"), ("Russians", "RUS", "demonym"),
                     ("Georgian", "GEO", "demonym")}
    assert [p.kind for p in doc.places] == ["toponym"]


@pytest.mark.parametrize("text", [TEXT, "Turkish troops shelled the border on Monday."])
def test_a_demonym_is_never_an_event_location(text):
    for event in extract(text, "2024-05-08"):
        assert event.event_loc is None or event.event_loc.kind == "toponym"


@pytest.mark.parametrize(("text", "expected"), [
    ("The city council met on Monday to discuss the budget.", []),
    ("Azerbaijan has been blocking the Lachin corridor since December.",
     ["Azerbaijan", "Lachin corridor"]),
])
def test_generic_words_led_by_an_article_are_no_place(text, expected):
    places = annotate(text, "2024-05-08", "d", ["parse", "places"]).places
    assert [text[p.start:p.end] for p in places] == expected


def test_a_regional_demonym_stands_for_its_region():
    text = "Texans lined up for water while Scottish fishermen stayed in port."
    doc = annotate(text, "2024-05-08", "d", ["parse", "places"])
    found = {(text[p.start:p.end], p.name, p.country) for p in doc.demonyms}
    assert ("Texans", "Texas", "USA") in found and ("Scottish", "Scotland", "GBR") in found
