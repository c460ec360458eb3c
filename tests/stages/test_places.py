"""The places stage: every toponym with its span and resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.evaluation.matching import great_circle_km
from flarewatch.model import Document, Mention
from flarewatch.pipeline import run

SEED_PLACES = {  # name in the text -> (lat, lon) it must resolve to, within 50 km
    "Stepanakert": (39.8177, 46.7528),
    "Lachin corridor": (39.7, 46.6),
    "Agdam": (39.99, 46.93),
    "Baku": (40.38, 49.89),
    "Moscow": (55.75, 37.62),
    "Nagorno-Karabakh": (39.85, 46.75),
}


def seed_document(shared: Path) -> Document:
    path = next((shared / "data" / "seed").glob("*.txt"))
    text = path.read_text(encoding="utf-8").split("Z", 1)[1]
    return run(Document("seed", text), ["parse", "places"])


@pytest.mark.parametrize("name", sorted(SEED_PLACES))
def test_seed_places_resolve(shared: Path, name: str) -> None:
    places = [p for p in seed_document(shared).places if p.text.lower() == name.lower()]
    assert places, f"{name} not recognised"
    lat, lon = SEED_PLACES[name]
    assert all(great_circle_km(p.lat, p.lon, lat, lon) <= 50 for p in places)


def test_spans_point_at_the_text(shared: Path) -> None:
    doc = seed_document(shared)
    assert all(doc.text[p.start : p.end] == p.text for p in doc.places)


def test_x_comma_y_resolves_inside_y() -> None:
    text = "Floods hit Alexandria, Louisiana on Monday."
    mentions = [Mention("Alexandria", 11, 21, "GPE"), Mention("Louisiana", 23, 32, "GPE")]
    doc = run(Document("d", text, mentions=mentions), ["places"])
    first = doc.places[0]
    assert (first.text, first.country, first.admin1) == ("Alexandria", "USA", "Louisiana")


def test_alexandria_alone_is_in_egypt() -> None:
    text = "Protesters gathered in Alexandria."
    doc = run(Document("d", text, mentions=[Mention("Alexandria", 23, 33, "GPE")]), ["places"])
    assert doc.places[0].country == "EGY"


def test_a_place_spacy_calls_a_person_is_recovered_with_focus() -> None:
    text = "Azerbaijan shelled Stepanakert."
    mentions = [Mention("Azerbaijan", 0, 10, "GPE"), Mention("Stepanakert", 19, 30, "PERSON")]
    doc = run(Document("d", text, mentions=mentions), ["places"])
    assert [p.text for p in doc.places] == ["Azerbaijan", "Stepanakert"]


def test_no_toponyms_no_places() -> None:
    doc = run(Document("d", "Most people stayed home on Tuesday."), ["places"])
    assert doc.places == []
