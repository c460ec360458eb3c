"""Event gold files are sound: the repo's `eval/gold/*.jsonl` and the shared ones where present.

Shape by JSON Schema (`gold.schema.json`, shared eval/SCORING.md); what a schema cannot say
(evidence found once in the text, real calendar dates, intervals in order, unique ids) by
small checks below. Problems name a line, an id and a field, never the words of a text or
of its evidence: some gold files are blind sets whose texts must not be shown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from flarewatch.paths import REPO_DIR, shared_dir

HERE = Path(__file__).resolve().parent
OWN_GOLD = REPO_DIR / "eval" / "gold" / "own-wire.jsonl"
SHARED_GOLD_NAMES = ("seed.jsonl", "gwn-conflict.jsonl", "news-dev.jsonl")
SCHEMA = json.loads((HERE / "gold.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
PLOVER_TYPES = set(SCHEMA["$defs"]["event"]["properties"]["event"]["enum"])
QUOTED = {"text", "evidence"}  # fields holding the article's words: never quoted in a problem


def gold_files() -> list[Path]:
    """Every event gold file: the repo's, then the shared ones (none without ../shared)."""
    shared = sorted((shared_dir() / "eval" / "gold").glob("*.jsonl"))
    return sorted((REPO_DIR / "eval" / "gold").glob("*.jsonl")) + shared


def read_documents(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def quotes(event: dict) -> list[str]:
    return [event["evidence"]] if isinstance(event["evidence"], str) else event["evidence"]


def occurrences(text: str, quote: str) -> int:
    """How often `quote` occurs in `text`, overlapping occurrences included."""
    count, start = 0, text.find(quote)
    while start >= 0:
        count, start = count + 1, text.find(quote, start + 1)
    return count


def calendar_interval(value: str) -> tuple[dt.date, dt.date]:
    """First and last day of a YYYY, YYYY-MM or YYYY-MM-DD value; ValueError if not real."""
    parts = [int(part) for part in value.split("-")]
    year, month, day = (parts + [0, 0])[:3]
    first = dt.date(year, month or 1, day or 1)
    if day:
        return first, first
    last_month = month or 12
    return first, dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def describe(error: jsonschema.ValidationError) -> str:
    """One schema error as a line, its value left out where it could hold article words."""
    path = [str(part) for part in error.absolute_path]
    where = "/".join(path) or "document"
    if error.validator == "anyOf" and path[-1:] in (["actor"], ["recipient"], ["claimed_by"]):
        return f"{where}: needs a code, a sector or both"
    if path[-1:] == ["acled"] and isinstance(error.instance, dict):
        return f"{where}: the ACLED sub-event type string (SCORING.md), not an object"
    if QUOTED & set(path) or not path and error.validator not in ("required",
                                                                   "additionalProperties"):
        return f"{where}: fails {error.validator}"
    return f"{where}: {error.message}"


def problems(document: dict) -> list[str]:
    """What is wrong with one gold document (empty when it is sound)."""
    found = [describe(error) for error in VALIDATOR.iter_errors(document)]
    if found:
        return found
    found += document_date_problems(document["date"])
    for number, event in enumerate(document["events"]):
        found += evidence_problems(number, event, document["text"])
        found += interval_problems(number, event)
    return found


def document_date_problems(value: str) -> list[str]:
    try:
        dt.datetime.fromisoformat(value)
    except ValueError as error:
        return [f"date: {error}"]
    return []


def evidence_problems(number: int, event: dict, text: str) -> list[str]:
    counts = [occurrences(text, quote) for quote in quotes(event)]
    return [f"event {number}: evidence {i} found {n} times in the text"
            for i, n in enumerate(counts) if n != 1]


def interval_problems(number: int, event: dict) -> list[str]:
    try:
        intervals = [calendar_interval(event[k]) for k in ("date", "enddate") if k in event]
    except ValueError as error:
        return [f"event {number}: {error}"]
    if len(intervals) == 2 and intervals[0][0] > intervals[1][1]:
        return [f"event {number}: date after enddate"]
    return []


def file_problems(path: Path) -> list[str]:
    """Problems of every line of a gold file, each led by its line number and id."""
    found: list[str] = []
    ids: set[str] = set()
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
        except json.JSONDecodeError as error:
            found.append(f"line {number}: not JSON ({error.msg})")
            continue
        name = document.get("id") if isinstance(document, dict) else None
        found += [f"line {number} ({name}): {problem}" for problem in problems(document)]
        found += [f"line {number}: id {name} repeated"] if name in ids else []
        ids.add(name)
    return found


def file_id(path: Path) -> str:
    return ("repo:" if path.is_relative_to(REPO_DIR) else "shared:") + path.name


@pytest.mark.parametrize("path", gold_files(), ids=file_id)
def test_gold_file_follows_scoring_md(path):
    found = file_problems(path)
    assert found == [], path.name


def test_shared_gold_files_are_all_checked(shared):
    names = {path.name for path in gold_files()}
    assert set(SHARED_GOLD_NAMES) <= names


def test_own_gold_is_big_enough():
    documents = read_documents(OWN_GOLD)
    assert len({d["id"] for d in documents}) == len(documents) >= 25


def test_own_gold_has_a_required_event_of_every_plover_type():
    required = {e["event"] for d in read_documents(OWN_GOLD) for e in d["events"]
                if not e.get("optional")}
    assert required == PLOVER_TYPES, sorted(PLOVER_TYPES - required)


def first_event(**fields) -> Callable[[dict], None]:
    return lambda document: document["events"][0].update(fields)


def document_fields(**fields) -> Callable[[dict], None]:
    return lambda document: document.update(fields)


BROKEN = [
    (first_event(evidence="words that are not in the text"), "found 0 times"),
    (lambda d: d["events"][0].update(evidence=d["text"][0]), "times in the text"),
    (lambda d: d["events"][0].update(evidence=[d["text"][:20], d["text"][:20]]), "evidence"),
    (first_event(evidence=[]), "evidence: fails oneOf"),
    (first_event(event="FIGHT"), "is not one of"),
    (first_event(acled="Shelling"), "is not one of"),
    (first_event(acled={"event_type": "Battles", "sub_event_type": "Armed clash"}),
     "acled: the ACLED sub-event type string (SCORING.md), not an object"),
    (first_event(actor={}), "actor: needs a code, a sector or both"),
    (first_event(recipient={"name": "the army"}), "Additional properties"),
    (first_event(actor={"sector": "ARMY"}), "is not one of"),
    (first_event(claimed_by={"code": "ua"}), "does not match"),
    (first_event(size={}), "size"),
    (first_event(size={"wounded": 3}), "Additional properties"),
    (first_event(size={"injured": -1}), "less than the minimum"),
    (first_event(size={"arrested": "12"}), "is not of type 'integer'"),
    (first_event(event_loc={"name": "Kidal", "lat": 95, "lon": 1.4}), "greater than the maximum"),
    (first_event(event_loc={"name": "Kidal", "lat": 18.4}), "'lon' is a required property"),
    (first_event(event_loc={"lat": 18.4, "lon": 1.4, "radius_km": 0}), "less than or equal"),
    (first_event(date="2024-13-01"), "month must be"),
    (first_event(date="2024-02-30", enddate="2024-02-30"), "day is out of range"),
    (first_event(date="24-05-01"), "does not match"),
    (first_event(date="2024-05-02", enddate="2024-05-01"), "after enddate"),
    (first_event(date="2024-06", enddate="2024-05-31"), "after enddate"),
    (lambda d: d["events"][0].pop("date"), "'date' is a dependency of 'enddate'"),
    (first_event(optional=False), "was expected"),
    (first_event(colour="red"), "Additional properties"),
    (document_fields(date="20 May 2025"), "does not match"),
    (document_fields(date="2025-02-30"), "day is out of range"),
    (document_fields(events=None), "is not of type 'array'"),
    (document_fields(topic=""), "should be non-empty"),
    (lambda d: d.pop("text"), "'text' is a required property"),
]


@pytest.mark.parametrize(("mutate", "expected"), BROKEN)
def test_checks_catch_broken_gold(mutate, expected):
    document = read_documents(OWN_GOLD)[0]
    mutate(document)
    found = problems(document)
    assert any(expected in problem for problem in found), found


SOUND = [
    first_event(actor={"sector": "UAF"}),
    first_event(recipient={"code": "UKR"}, claimed_by={"sector": "GOV"}),
    first_event(size={"dead": 3, "injured": 11, "arrested": 0}),
    first_event(size={"injured": 11}),
    first_event(date="2024-11", enddate="2024-11-19"),
    first_event(date="2024-11-19", enddate="2024-11"),
    first_event(event_loc={"lat": 49.99, "lon": 36.23, "radius_km": 30}),
    first_event(date_precision="day", date_text="on Tuesday", event_text="shelled"),
    document_fields(events=[], topic="sport"),
    document_fields(date="2024-11-20T08:30:00+02:00", source="wire", title="Kharkiv"),
]


@pytest.mark.parametrize("mutate", SOUND)
def test_checks_accept_what_scoring_md_allows(mutate):
    document = read_documents(OWN_GOLD)[0]
    mutate(document)
    assert problems(document) == []


def test_problems_never_quote_the_text():
    document = read_documents(OWN_GOLD)[0]
    document["events"][0]["evidence"] = ["a secret phrase", 7]
    document["text"] = ["the secret text"]
    assert not any("secret" in problem for problem in problems(document))


def test_file_problems_name_the_line_and_repeated_ids(tmp_path):
    document = read_documents(OWN_GOLD)[0]
    path = tmp_path / "gold.jsonl"
    lines = [json.dumps(document), "", json.dumps(document), "{not json"]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert file_problems(path) == [
        f"line 3: id {document['id']} repeated", "line 4: not JSON (Expecting property name "
        "enclosed in double quotes)"]
