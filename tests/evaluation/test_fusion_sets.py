"""The conflict fusion sets (`eval/fusion/*.jsonl`) follow the format of eval/fusion/README.md.

Every file of the folder is checked alike: the dev set and any blind set added beside it.
Problems name a file line, a report id, a mention number and a field, never the words of a
text or of a mention, because a blind set's texts must not be shown. Only the dev set's size
is held to issue 13 (25 topics, 40 incidents told by two or more reports, 12 look-alikes).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import pytest

from flarewatch.paths import REPO_DIR

FUSION_DIR = REPO_DIR / "eval" / "fusion"
DEV_SET = FUSION_DIR / "conflict-dev.jsonl"
SOURCES = frozenset({"wire", "local", "official", "follow-up", "ngo", "social"})
PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT"})
REPORT_FIELDS = {"id": str, "topic": str, "date": str, "source": str, "title": str,
                 "text": str, "mentions": list}
MENTION_FIELDS = {"start": int, "end": int, "text": str, "cluster": str, "event": str,
                  "place": str, "event_date": str}
FACTS = ("event", "place", "event_date", "dead")  # one value each per cluster
WORDS = (60, 220)  # words per report, inclusive
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
LOOKALIKE_DAYS = 7  # two incidents of one topic and type this close in time look alike


def fusion_files() -> list[Path]:
    return sorted(FUSION_DIR.glob("*.jsonl"))


def read_reports(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def is_type(value: object, kind: type) -> bool:
    """isinstance, except that a bool is not an int (JSON true is no offset)."""
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def field_problems(record: dict, fields: dict[str, type], where: str) -> list[str]:
    missing = [f"{where}{name}: missing" for name in fields if name not in record]
    wrong = [f"{where}{name}: not {kind.__name__}" for name, kind in fields.items()
             if name in record and not is_type(record[name], kind)]
    return missing + wrong


def day(value: str) -> dt.date | None:
    """A real calendar day written YYYY-MM-DD, else None."""
    if not ISO_DAY.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def report_problems(report: object) -> list[str]:
    """What is wrong with one report line, cross-line rules aside (empty when sound)."""
    if not isinstance(report, dict):
        return ["not a JSON object"]
    found = field_problems(report, REPORT_FIELDS, "")
    if found:
        return found
    found += [] if report["id"] and report["topic"] else ["id or topic: empty"]
    found += [] if report["source"] in SOURCES else ["source: not one of the six kinds"]
    found += [] if day(report["date"]) else ["date: not a real YYYY-MM-DD day"]
    words = len(report["text"].split())
    found += [] if WORDS[0] <= words <= WORDS[1] else [f"text: {words} words"]
    for number, mention in enumerate(report["mentions"]):
        found += mention_problems(number, mention, report)
    return found


def mention_problems(number: int, mention: object, report: dict) -> list[str]:
    where = f"mention {number}: "
    if not isinstance(mention, dict):
        return [where + "not a JSON object"]
    found = field_problems(mention, MENTION_FIELDS, where)
    if "dead" not in mention:
        found.append(where + "dead: missing")
    if found:
        return found
    return (offset_problems(mention, report["text"], where)
            + fact_problems(mention, report, where))


def offset_problems(mention: dict, text: str, where: str) -> list[str]:
    start, end = mention["start"], mention["end"]
    if not 0 <= start < end <= len(text):
        return [where + "start/end: outside the text or empty"]
    return [] if text[start:end] == mention["text"] else [where + "text: not text[start:end]"]


def fact_problems(mention: dict, report: dict, where: str) -> list[str]:
    found = [] if mention["cluster"].startswith(report["topic"] + "-") else [
        where + "cluster: does not start with the topic"]
    found += [] if mention["event"] in PLOVER_TYPES else [where + "event: not a PLOVER type"]
    found += [] if mention["place"].strip() else [where + "place: empty"]
    dead = mention["dead"]
    found += [] if dead is None or is_type(dead, int) and dead >= 0 else [
        where + "dead: not a count or null"]
    happened, published = day(mention["event_date"]), day(report["date"])
    if happened is None:
        found.append(where + "event_date: not a real YYYY-MM-DD day")
    elif published and happened > published:
        found.append(where + "event_date: after the report's date")
    return found


def file_problems(path: Path) -> list[str]:
    """Problems of every line of a fusion set, led by the line number and the report id."""
    found: list[str] = []
    sound: list[dict] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            report = json.loads(line)
        except json.JSONDecodeError as error:
            found.append(f"line {number}: not JSON ({error.msg})")
            continue
        name = report.get("id") if isinstance(report, dict) else None
        problems = report_problems(report)
        found += [f"line {number} ({name}): {problem}" for problem in problems]
        sound += [] if problems else [report]
    return found + repeated_ids(sound) + cluster_fact_problems(sound)


def repeated_ids(reports: list[dict]) -> list[str]:
    seen: set[str] = set()
    found = []
    for report in reports:
        found += [f"id {report['id']} repeated"] if report["id"] in seen else []
        seen.add(report["id"])
    return found


def cluster_fact_problems(reports: list[dict]) -> list[str]:
    """A cluster is one incident: every mention of it carries the same facts."""
    facts = defaultdict(set)
    for report in reports:
        for mention in report["mentions"]:
            facts[mention["cluster"]].add(tuple(mention[name] for name in FACTS))
    return [f"cluster {cluster}: {len(seen)} different sets of facts"
            for cluster, seen in sorted(facts.items()) if len(seen) > 1]


def cluster_reports(reports: list[dict]) -> dict[str, set[str]]:
    """cluster -> the ids of the reports that mention it."""
    found = defaultdict(set)
    for report in reports:
        for mention in report["mentions"]:
            found[mention["cluster"]].add(report["id"])
    return found


def lookalike_pairs(reports: list[dict]) -> list[tuple[str, str]]:
    """Pairs of incidents of one topic and type, a week or less apart: they must not fuse."""
    facts = {m["cluster"]: (r["topic"], m["event"], day(m["event_date"]))
             for r in reports for m in r["mentions"]}
    return [(a, b) for a, b in combinations(sorted(facts), 2)
            if facts[a][:2] == facts[b][:2]
            and abs((facts[a][2] - facts[b][2]).days) <= LOOKALIKE_DAYS]


@pytest.mark.parametrize("path", fusion_files(), ids=lambda path: path.name)
def test_fusion_set_follows_the_format(path):
    assert file_problems(path) == [], path.name


def test_the_dev_set_is_in_the_folder():
    assert DEV_SET in fusion_files()


def test_dev_set_has_the_shape_of_issue_13():
    reports = read_reports(DEV_SET)
    told = cluster_reports(reports)
    assert len({report["topic"] for report in reports}) == 25
    assert sum(len(ids) >= 2 for ids in told.values()) >= 40
    assert any(len(ids) == 1 for ids in told.values())  # background incidents told once
    assert len(lookalike_pairs(reports)) >= 12


TEXT = ("Russian shells hit the central market of Kherson on Monday, killing five people. "
        + "Traders swept broken glass from the stalls all afternoon. " * 6)


def sound_report() -> dict:
    start = TEXT.index("hit")
    mention = {"start": start, "end": start + 3, "text": "hit", "cluster": "t1-1",
               "event": "ASSAULT", "place": "Kherson", "event_date": "2024-02-12", "dead": 5}
    return {"id": "t1-a", "topic": "t1", "date": "2024-02-13", "source": "wire",
            "title": "Kherson market shelled", "text": TEXT, "mentions": [mention]}


def first_mention(**fields) -> Callable[[dict], None]:
    return lambda report: report["mentions"][0].update(fields)


def report_fields(**fields) -> Callable[[dict], None]:
    return lambda report: report.update(fields)


BROKEN = [
    (first_mention(start=1), "text: not text[start:end]"),
    (first_mention(text="struck"), "text: not text[start:end]"),
    (first_mention(end=10_000), "outside the text"),
    (first_mention(start=30, end=30), "outside the text or empty"),
    (first_mention(start="30"), "start: not int"),
    (first_mention(start=True), "start: not int"),
    (first_mention(cluster="t2-1"), "cluster: does not start with the topic"),
    (first_mention(cluster="t11"), "cluster: does not start with the topic"),
    (first_mention(event="FIGHT"), "event: not a PLOVER type"),
    (first_mention(place=" "), "place: empty"),
    (first_mention(dead=-1), "dead: not a count or null"),
    (first_mention(dead="5"), "dead: not a count or null"),
    (first_mention(dead=False), "dead: not a count or null"),
    (lambda r: r["mentions"][0].pop("dead"), "dead: missing"),
    (lambda r: r["mentions"][0].pop("event_date"), "event_date: missing"),
    (first_mention(event_date="2024-02-30"), "event_date: not a real"),
    (first_mention(event_date="20240212"), "event_date: not a real"),
    (first_mention(event_date="2024-02-14"), "event_date: after the report's date"),
    (report_fields(mentions=["hit"]), "mention 0: not a JSON object"),
    (report_fields(mentions={}), "mentions: not list"),
    (report_fields(date="13 February 2024"), "date: not a real"),
    (report_fields(source="blog"), "source: not one of"),
    (report_fields(topic=""), "id or topic: empty"),
    (report_fields(text="Shells hit Kherson."), "text: 3 words"),
    (report_fields(text=TEXT * 4), "words"),
    (lambda r: r.pop("title"), "title: missing"),
]


@pytest.mark.parametrize(("mutate", "expected"), BROKEN)
def test_checks_catch_a_broken_report(mutate, expected):
    report = sound_report()
    mutate(report)
    found = report_problems(report)
    assert any(expected in problem for problem in found), found


SOUND = [
    first_mention(dead=None),
    first_mention(dead=0, event="PROTEST"),
    first_mention(event_date="2024-02-13"),
    report_fields(source="follow-up", mentions=[]),
    report_fields(subtopic="t1a"),
]


@pytest.mark.parametrize("mutate", SOUND)
def test_checks_accept_what_the_format_allows(mutate):
    report = sound_report()
    mutate(report)
    assert report_problems(report) == []


def write_lines(path: Path, *records: object) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records),
                    encoding="utf-8")
    return path


def test_file_checks_name_repeated_ids_bad_lines_and_clusters_with_two_facts(tmp_path):
    other = copy.deepcopy(sound_report())
    other["mentions"][0]["dead"] = 7
    path = write_lines(tmp_path / "set.jsonl", sound_report(), "", other, "{not json")
    assert file_problems(path) == [
        "line 4: not JSON (Expecting property name enclosed in double quotes)",
        "id t1-a repeated", "cluster t1-1: 2 different sets of facts"]


def test_problems_never_quote_the_text():
    report = sound_report()
    report["text"] = "a secret text"
    report["mentions"][0].update(text="secret words", place="", cluster="secret")
    found = report_problems(report)
    assert found and not any("secret" in problem for problem in found)


def test_lookalikes_are_one_topic_and_type_within_a_week():
    def report(topic: str, *facts: tuple[str, str, str]) -> dict:
        return {"topic": topic, "mentions": [
            {"cluster": c, "event": e, "event_date": d} for c, e, d in facts]}
    reports = [report("t1", ("t1-1", "ASSAULT", "2024-02-12"), ("t1-2", "ASSAULT", "2024-02-13"),
                      ("t1-3", "PROTEST", "2024-02-13"), ("t1-4", "ASSAULT", "2024-03-13")),
               report("t2", ("t2-1", "ASSAULT", "2024-02-12"))]
    assert lookalike_pairs(reports) == [("t1-1", "t1-2")]
