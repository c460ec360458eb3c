"""Place misses are sorted into kinds (`flarewatch.evaluation.place_misses`): a table of
predicted and gold places (`place_misses.tsv`, about half rows where the place is right
and no kind is given), and the command on a gold file of one report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flarewatch.evaluation import place_misses
from flarewatch.model import Event, Place

TABLE = Path(__file__).parent / "place_misses.tsv"
NONE = "-"


def rows() -> list[list[str]]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


ROWS = rows()


def event_at(predicted: str) -> Event:
    place = None
    if predicted != NONE:
        name, lat, lon, precision = predicted.split(";")
        place = Place(text=name, name=name, precision=precision, lat=float(lat),
                      lon=float(lon))
    return Event("ASSAULT", 0, 10, 0, "struck", 0, 6, event_loc=place)


def gold_at(expected: str) -> dict:
    name, lat, lon, radius = expected.split(";")
    return {"event": "ASSAULT", "event_loc": {"name": name, "lat": float(lat),
                                              "lon": float(lon), "radius_km": float(radius)}}


@pytest.mark.parametrize(("predicted", "expected", "sentence", "kind"), ROWS,
                         ids=[f"{row[1].split(';')[0]}-{row[3]}" for row in ROWS])
def test_miss_kind(predicted: str, expected: str, sentence: str, kind: str) -> None:
    found = place_misses.miss_kind(event_at(predicted), gold_at(expected), sentence)
    assert (found or NONE) == kind


def test_about_half_the_rows_are_right_places_and_every_kind_has_a_row() -> None:
    kinds = [row[3] for row in ROWS]
    assert 0.4 <= kinds.count(NONE) / len(kinds) <= 0.6
    assert {"coarse", "other_town", "far", "unplaced:in_sentence",
            "unplaced:elsewhere"} <= set(kinds)


def test_a_gold_event_without_a_place_is_no_miss() -> None:
    assert place_misses.miss_kind(event_at(NONE), {"event": "ASSAULT"}, "") is None


def test_command_counts_and_hides_examples_when_blind(tmp_path, capsys) -> None:
    text = "Gunmen shot dead a schoolteacher in Quetta on Thursday, police said."
    gold = {"id": "r1", "date": "2024-06-13", "text": text, "events": [
        {"event": "ASSAULT", "evidence": "Gunmen shot dead a schoolteacher in Quetta",
         "event_loc": {"name": "Quetta", "lat": 30.19, "lon": 67.01}}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    place_misses.main([str(path), "--counts-only"])
    shown = json.loads(capsys.readouterr().out)
    assert shown == {"counts": {"scored": 1, "right": 1}}
