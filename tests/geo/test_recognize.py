"""Toponym recognition on a tiny hand-made gazetteer and hand-made spaCy mentions."""

from __future__ import annotations

import pytest

from flarewatch.geo.build import name_table, place_columns, sorted_names
from flarewatch.geo.index import Gazetteer
from flarewatch.geo.recognize import Span, find_toponyms, gazetteer_spans, trimmed
from flarewatch.geo.sources import GazetteerRow
from flarewatch.model import Mention

ROWS = [
    GazetteerRow(1, "Khankendi", 39.8, 46.75, "AZ", "61", "city", 55_000,
                 ("Khankendi", "Stepanakert")),
    GazetteerRow(2, "Armenia", 40.25, 45.0, "AM", "", "country", 3_000_000, ("Armenia",)),
    GazetteerRow(3, "Dunn", 35.3, -78.6, "US", "NC", "city", 10_000, ("Dunn",)),
    GazetteerRow(4, "Most", 50.5, 13.6, "CZ", "85", "city", 66_000, ("Most",)),
    GazetteerRow(5, "New York", 40.7, -74.0, "US", "NY", "city", 8_000_000, ("New York",)),
    GazetteerRow(6, "York", 53.9, -1.1, "GB", "ENG", "city", 150_000, ("York",)),
    GazetteerRow(7, "Washington", 38.9, -77.0, "US", "DC", "capital", 700_000, ("Washington",)),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    names, starts, rows = sorted_names(name_table(ROWS))
    return Gazetteer({"columns": place_columns(ROWS), "names": names, "name_rows": (starts, rows)})


def texts(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[str]:
    return [span.text for span in find_toponyms(text, mentions, gazetteer)]


def test_longest_name_wins_and_words_must_be_whole(gazetteer: Gazetteer) -> None:
    spans = gazetteer_spans("Troops left New York and Yorkshire.", gazetteer)
    assert [s.text for s in spans] == ["New York"]


def test_spacy_person_label_is_corrected_for_a_known_place(gazetteer: Gazetteer) -> None:
    text = "Armenia said Stepanakert was calm."  # "was shelled" would cue the place alone
    mentions = [Mention("Armenia", 0, 7, "PERSON"), Mention("Stepanakert", 13, 24, "PERSON")]
    assert texts(text, mentions, gazetteer) == ["Armenia"]
    assert texts(text, mentions, gazetteer)[:1] == ["Armenia"]
    focused = find_toponyms(text, mentions, gazetteer, frozenset({"AZ"}))
    assert [s.text for s in focused] == ["Armenia", "Stepanakert"]
    shelled = "Armenia said Stepanakert was shelled."
    assert texts(shelled, mentions, gazetteer) == ["Armenia", "Stepanakert"]


def test_stop_words_opening_a_sentence_are_no_places(gazetteer: Gazetteer) -> None:
    assert texts("Most residents fled to Armenia.", [], gazetteer) == ["Armenia"]


def test_a_surname_of_a_named_person_is_no_place(gazetteer: Gazetteer) -> None:
    text = "Dr. Jane Dunn said Dunn was safe."
    mentions = [Mention("Jane Dunn", 4, 13, "PERSON")]
    assert texts(text, mentions, gazetteer) == []


def test_a_name_inside_a_longer_capitalised_name_is_rejected(gazetteer: Gazetteer) -> None:
    assert texts("He wrote for the Washington Post.", [], gazetteer) == []
    assert texts("He flew to Washington.", [], gazetteer) == ["Washington"]


def test_spacy_place_entities_are_trimmed_of_the_article() -> None:
    assert trimmed(Span(10, 26, "the Republic X's")) == Span(14, 24, "Republic X")


def test_a_full_stop_spacy_took_into_the_entity_is_dropped(gazetteer: Gazetteer) -> None:
    text = "Troops withdrew from Armenia."
    assert texts(text, [Mention("Armenia.", 21, 29, "ORG")], gazetteer) == ["Armenia"]


def test_an_organisation_named_like_a_small_town_stays_an_organisation(
    gazetteer: Gazetteer,
) -> None:
    text = "Dunn said the talks failed."
    assert texts(text, [Mention("Dunn", 0, 4, "ORG")], gazetteer) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Settlers raided Al-Most on Monday.", []),  # the word after an Arabic article
    ("Settlers raided Most'ar on Monday.", []),  # glued by an apostrophe
    ("Most's mayor resigned.", ["Most"]),  # a possessive keeps the name
    ("Most-based firms closed.", ["Most"]),  # a hyphenated compound keeps it
])
def test_no_fragment_of_a_longer_word(gazetteer: Gazetteer, text: str, expected: list[str]) -> None:
    assert [span.text for span in gazetteer_spans(text, gazetteer)] == expected
