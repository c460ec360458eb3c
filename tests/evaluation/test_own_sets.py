"""Readers of our own self-contained place and time sets (`eval/places`, `eval/timex`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flarewatch.evaluation.places import evaluate_places, read_jsonl
from flarewatch.evaluation.timex import evaluate
from flarewatch.evaluation.timex import read_jsonl as read_time_jsonl

PLACES = {"text": "Turkish troops crossed into Syria.", "toponyms": [
    {"start": 0, "end": 7, "text": "Turkish", "lat": 39.0, "lon": 35.0, "kind": "demonym"},
    {"start": 28, "end": 33, "text": "Syria", "lat": 35.0, "lon": 38.0, "kind": "toponym"}]}
TIMES = {"id": "t1", "date": "2023-09-20", "text": "Rockets hit the city on Monday.",
         "timexes": [{"start": 24, "end": 30, "text": "Monday", "type": "DATE",
                      "value": "2023-09-18"}]}


def write(path: Path, record: dict) -> Path:
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_places_set_counts_demonyms_and_toponyms(tmp_path: Path) -> None:
    path = write(tmp_path / "p.jsonl", PLACES)
    assert len(next(read_jsonl(path)).toponyms) == 2
    scores = evaluate_places(path, "jsonl")
    assert (scores["gold"], scores["matched"], scores["acc161"]) == (2, 2, 1.0)


def test_time_set_is_scored_and_a_wrong_span_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "t.jsonl", TIMES)
    scores = evaluate(files=path)
    assert (scores["f1"], scores["value_accuracy"]) == (1.0, 1.0)
    bad = dict(TIMES, timexes=[dict(TIMES["timexes"][0], start=23)])
    with pytest.raises(ValueError, match="t1"):
        read_time_jsonl(write(tmp_path / "bad.jsonl", bad))
