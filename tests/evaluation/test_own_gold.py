"""Event gold files are sound: the project's own blind set, and the shared ones where present.

Shape by JSON Schema (`gold.schema.json`); what a schema cannot say (evidence found once in
the text, real calendar dates, intervals in order, unique ids) by small checks below.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

HERE = Path(__file__).resolve().parent
OWN_GOLD = HERE.parents[1] / "eval" / "gold" / "own-wire.jsonl"
SCHEMA = json.loads((HERE / "gold.schema.json").read_text(encoding="utf-8"))
PLOVER_TYPES = set(SCHEMA["$defs"]["event"]["properties"]["event"]["enum"])


def read_documents(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def quotes(event: dict) -> list[str]:
    return [event["evidence"]] if isinstance(event["evidence"], str) else event["evidence"]


def calendar_date(value: str) -> dt.date:
    """The first day of a YYYY, YYYY-MM or YYYY-MM-DD value; ValueError if not a real date."""
    parts = [int(part) for part in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def problems(document: dict) -> list[str]:
    """What is wrong with one gold document (empty when it is sound)."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    found = [error.message for error in validator.iter_errors(document)]
    if found:
        return found
    for number, event in enumerate(document["events"]):
        found += [f"event {number}: evidence {q!r} found {document['text'].count(q)} times"
                  for q in quotes(event) if document["text"].count(q) != 1]
        found += interval_problems(number, event, document["date"])
    return found


def interval_problems(number: int, event: dict, document_date: str) -> list[str]:
    try:
        dates = [calendar_date(event[k]) for k in ("date", "enddate") if k in event]
        calendar_date(document_date)
    except ValueError as error:
        return [f"event {number}: {error}"]
    if len(dates) == 2 and dates[0] > dates[1]:
        return [f"event {number}: date after enddate"]
    return []


def test_own_gold_documents_are_sound():
    documents = read_documents(OWN_GOLD)
    assert len({d["id"] for d in documents}) == len(documents) >= 25
    for document in documents:
        assert problems(document) == [], document["id"]


def test_shared_gold_documents_follow_the_same_rules(shared):
    for path in sorted((shared / "eval" / "gold").glob("*.jsonl")):
        for document in read_documents(path):
            assert problems(document) == [], (path.name, document["id"])


def test_own_gold_has_a_required_event_of_every_plover_type():
    required = {e["event"] for d in read_documents(OWN_GOLD) for e in d["events"]
                if not e.get("optional")}
    assert required == PLOVER_TYPES, sorted(PLOVER_TYPES - required)


BROKEN = [
    (lambda d: d["events"][0].update(evidence="words that are not in the text"), "found 0 times"),
    (lambda d: d["events"][0].update(evidence=d["text"][0]), "times"),
    (lambda d: d["events"][0].update(event="FIGHT"), "is not one of"),
    (lambda d: d["events"][0].update(acled="Shelling"), "is not one of"),
    (lambda d: d["events"][0].update(date="2024-13-01"), "month must be"),
    (lambda d: d["events"][0].update(date="2024-05-02", enddate="2024-05-01"), "after enddate"),
    (lambda d: d.update(date="20 May 2025"), "does not match"),
    (lambda d: d["events"][0].update(colour="red"), "Additional properties"),
]


@pytest.mark.parametrize(("mutate", "expected"), BROKEN)
def test_checks_catch_broken_gold(mutate, expected):
    document = read_documents(OWN_GOLD)[0]
    mutate(document)
    assert any(expected in problem for problem in problems(document)), problems(document)
