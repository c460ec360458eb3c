"""Issue 9, kinds 2 and 3: places the gazetteer lacks, tied to one it has
(`unlisted_places.tsv`), and "the X region" as the admin1 area named for town X
(`areas_named_for_towns.tsv`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.model import Document, Place
from flarewatch.pipeline import run

HERE = Path(__file__).parent


def rows(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text("utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def places_of(sentence: str) -> list[Place]:
    return run(Document("d", sentence), ["parse", "places"]).places


@pytest.mark.parametrize(("sentence", "name", "container"), rows("unlisted_places.tsv"))
def test_unlisted_name_takes_its_containers_point(sentence: str, name: str,
                                                  container: str) -> None:
    places = places_of(sentence)
    found = [p for p in places if p.text == name]
    if not container:
        assert not found
        return
    holder = next(p for p in places if p.text == container)
    assert len(found) == 1 and found[0].geonameid is None
    assert (found[0].lat, found[0].lon, found[0].precision) == (
        holder.lat, holder.lon, holder.precision)


@pytest.mark.parametrize(("sentence", "text", "precision"), rows("areas_named_for_towns.tsv"))
def test_area_noun_names_the_area(sentence: str, text: str, precision: str) -> None:
    found = [p.precision for p in places_of(sentence) if p.text == text]
    assert found == ([precision] if precision else [])
