"""The label of a digest's item (`stages.parse.label_ends`, `place_label`): a place the
gazetteer knows opens the item's own sentence; a topic's label does not."""

from __future__ import annotations

import pytest

from flarewatch.stages.parse import label_ends, place_label

LABELS = [
    ("Bamako", True),
    ("Djibo (Soum province)", True),
    ("Sinjar (Nineveh)", True),
    ("Health", False),  # a topic
    ("Third", False),  # an ordinal of a communique
    ("LIVE", False),  # a live blog's title mark
    ("ANCHOR", False),  # a speaker
]


@pytest.mark.parametrize(("label", "expected"), LABELS)
def test_place_labels(label: str, expected: bool) -> None:
    assert place_label(label) is expected


def test_label_ends_point_past_the_colon_of_place_labels_only() -> None:
    text = "DIGEST\n\n- Bamako: Police arrested two men.\n- Health: Clinics closed.\n"
    (end,) = label_ends(text)
    assert text[end:].startswith("Police arrested")
