"""Names people read (issue 11, item 6): the display name of a place as `display_names.tsv`
tabulates it, with traps where a name must stay as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.api import annotate
from flarewatch.geo.sources import readable_name, skeleton, term_base, unmarked
from tables import rows

ROWS = rows(Path(__file__).parent / "display_names.tsv")


@pytest.mark.parametrize(("text", "toponym", "field", "expected", "why"), ROWS,
                         ids=[f"{r[1]}:{r[2]}" for r in ROWS])
def test_display_name(text: str, toponym: str, field: str, expected: str, why: str) -> None:
    places = annotate(text, "2024-05-08", "d", ["parse", "places"]).places
    found = {text[p.start:p.end]: getattr(p, field) for p in places}
    assert found.get(toponym) == expected, why


@pytest.mark.parametrize(("written", "alternates", "english", "readable"), [
    ("Janīn", ["Janin", "Jenin"], ["Jenin"], "Jenin"),
    ("Sāmarrā’", ["Samara", "Samarra"], [], "Samarra"),
    ("Al ‘Amārah", ["Amara"], [], "Al Amarah"),
    ("Bakı", [], [], "Baki"),
    # traps: a settled name, an ASCII name with a mark of its own, an elision
    ("Kyiv", ["Kiev"], ["Kiev"], "Kyiv"),
    ("Manu'a", [], [], "Manu'a"),
    ("Provence-Alpes-Côte-d’Azur", [], [], "Provence-Alpes-Cote-d'Azur"),
])
def test_readable_name(written: str, alternates: list[str], english: list[str], readable: str):
    assert readable_name(written, alternates, english) == readable


@pytest.mark.parametrize(("alternate", "base"), [
    ("Gegharkunik Province", "Gegharkunik"),
    ("Emirate of Ras Al Khaimah", "Ras Al Khaimah"),
    ("Tigray Regional State", "Tigray"),
    # traps: a generic word keeps its term, a name with no term, another script's spelling
    ("Southern Governorate", "Southern Governorate"),
    ("Gegharkunik", None),
    ("Провинция", None),
])
def test_term_base(alternate: str, base: str | None) -> None:
    assert term_base(alternate) == base


@pytest.mark.parametrize(("one", "other", "same"), [
    ("Janīn", "Jenin", True), ("Ḩamāh", "Hama", True), ("Dar‘ā", "Daraa", True),
    ("Belém", "Para", False), ("Shāhganj", "Jaunpur", False),
])
def test_skeletons(one: str, other: str, same: bool) -> None:
    assert (skeleton(one) == skeleton(other)) is same


def test_marks_are_dropped_but_apostrophes_stay() -> None:
    assert [unmarked(n) for n in ("Dar‘ā", "Saint Julian's", "L'Aquila")] == [
        "Darā", "Saint Julian's", "L'Aquila"]
