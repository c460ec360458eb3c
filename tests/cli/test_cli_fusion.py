"""Fusion on the command line (contract "Fused events", issue 13): `events` lists fused
records or, with --per-document, each document's events; `events --explain`; an analyst's
`fuse split` and `fuse merge`; `corrections export` read back by `evaluate --fusion`; the
fused count in the `ingest` summary; E050-E052 as one line each.

data/fusion_reports.jsonl: three reports of one air strike in Khan Younis (a toll of four,
one of five, a follow-up without one) and a report of shelling in Kherson.
data/fusion_followup.jsonl: a fourth report of the Khan Younis strike, ingested later.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flarewatch.cli import app, ingest_summary, weighed_parts
from flarewatch.fusion.corrections import part_weights
from flarewatch.storage import IngestReport

DATA = Path(__file__).parent / "data"
REPORTS = DATA / "fusion_reports.jsonl"
FOLLOWUP = DATA / "fusion_followup.jsonl"
STRIKE = ("ky-local", "ky-toll", "ky-wire")  # the Khan Younis reports, as sorted
PARTITION = [("kherson",), STRIKE]


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> tuple[Path, str]:
    """The reports ingested once: (database, the ingest summary)."""
    db = tmp_path_factory.mktemp("fusion") / "fw.db"
    result = invoke("ingest", str(REPORTS), "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.stderr
    return db, result.stderr.strip()


@pytest.fixture
def db(ingested, tmp_path) -> str:
    """A copy of the ingested database each test may change."""
    for path in ingested[0].parent.glob("fw.db*"):
        shutil.copy(path, tmp_path / path.name)
    return str(tmp_path / "fw.db")


def records(db: str, *flags: str) -> list[dict]:
    result = invoke("events", "--db", db, "--format", "json", *flags)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def partition(db: str) -> list[tuple[str, ...]]:
    """The documents of each fused record, sorted."""
    return sorted(tuple(sorted(s["doc_id"] for s in row["sources"])) for row in records(db))


def together(db: str, *doc_ids: str) -> bool:
    """Whether the documents are sources of one fused record."""
    return any(set(doc_ids) <= set(group) for group in partition(db))


def record_of(db: str, doc_id: str) -> str:
    """The id of the fused record `doc_id` is a source of."""
    (found,) = [row["id"] for row in records(db)
                if doc_id in {source["doc_id"] for source in row["sources"]}]
    return found


def test_ingest_summary_counts_the_fused_records(ingested):
    assert ingested[1] == ("4 document(s) added, 0 already stored, 4 event(s) added; "
                           "4 event(s) in the database, 2 fused record(s)")


# (fused records in the database, the end of the summary): said only when fusion joined events
SUMMARY_ENDS = [
    (None, "; 3 event(s) in the database"),
    (3, "; 3 event(s) in the database"),
    (2, "; 3 event(s) in the database, 2 fused record(s)"),
]


@pytest.mark.parametrize(("fused", "end"), SUMMARY_ENDS)
def test_ingest_summary_names_fused_records_when_fewer_than_events(fused, end):
    report = IngestReport(documents_added=3, events_added=3)
    assert ingest_summary(report, 0, 0, 3, None, fused).endswith(end)


def test_events_lists_one_record_per_incident_with_its_sources(db):
    rows = records(db)
    assert partition(db) == PARTITION
    strike = next(row for row in rows if len(row["sources"]) == 3)
    assert strike["size_range"] == {"dead": [4, 6]}  # the toll report: "rose to six"
    assert all(source["event_id"] and source["text_info"] for source in strike["sources"])


def test_per_document_lists_every_document_event(db):
    rows = records(db, "--per-document")
    assert sorted(row["doc_id"] for row in rows) == sorted(("kherson", *STRIKE))
    assert not any("sources" in row or "size_range" in row for row in rows)


@pytest.mark.parametrize(("flags", "count"), [((), 2), (("--per-document",), 4)])
def test_the_table_counts_what_it_lists(db, flags, count):
    result = invoke("events", "--db", db, *flags)
    assert result.stdout.rstrip().endswith(f"\n{count} event(s)")


def test_explain_reads_the_sources_and_each_scored_pair(db):
    fused = record_of(db, "ky-wire")
    lines = invoke("events", "--db", db, "--explain", fused).stdout.splitlines()
    assert lines[0].startswith(f"{fused}: 3 source(s); events fuse at a score of ")
    assert [line.split()[0] for line in lines[1:4]] == ["ky-local", "ky-wire", "ky-toll"]
    pairs = lines[lines.index("pairs, best first:") + 1:]
    assert len(pairs) == 3
    for line in pairs:
        assert sum(doc in line for doc in STRIKE) == 2
        assert " score " in line and "; for: " in line


def test_explain_of_a_source_event_id_explains_its_record(db):
    fused = record_of(db, "ky-wire")
    found = json.loads(invoke("events", "--db", db, "--explain", fused, "--format", "json").stdout)
    other = next(s["event_id"] for s in found["sources"] if s["event_id"] != fused)
    result = invoke("events", "--db", db, "--explain", other)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith(f"{fused}: 3 source(s)")


@pytest.mark.parametrize(("parts", "expected"), [
    ({"words": 1.0, "same_place": 1.0}, "; for: words 1, same_place 1"),
    ({"same_day": 1.0, "toll_conflict": 1.0}, "; for: same_day 1; against: toll_conflict 1"),
    ({"other_day": 1.0}, "; for: nothing; against: other_day 1"),
])
def test_explained_parts_are_for_or_against_by_their_weight(parts, expected):
    assert weighed_parts(parts, part_weights([{"parts": parts}])) == expected


def test_explain_json_is_the_stores_explanation(db):
    fused = record_of(db, "ky-wire")
    found = json.loads(invoke("events", "--db", db, "--explain", fused,
                              "--format", "json").stdout)
    assert found["id"] == fused and isinstance(found["threshold"], float)
    assert sorted(source["doc_id"] for source in found["sources"]) == list(STRIKE)
    assert [set(pair) for pair in found["pairs"]] == [{"a", "b", "score", "parts",
                                                       "decision"}] * 3


def test_explain_of_a_single_source_says_nothing_was_fused(db):
    result = invoke("events", "--db", db, "--explain", record_of(db, "kherson"))
    assert result.stdout.splitlines()[-1] == "one source: nothing was fused"


def test_explain_refuses_csv(db):
    result = invoke("events", "--db", db, "--explain", record_of(db, "kherson"),
                    "--format", "csv")
    assert result.exit_code == 2 and "--explain prints table or json" in result.stderr


def test_split_keeps_the_source_apart_in_later_ingests(db):
    fused = record_of(db, "ky-wire")
    result = invoke("fuse", "split", fused, "--source", "ky-toll", "--db", db,
                    "--note", "the follow-up may be another strike")
    assert result.exit_code == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted([fused, record_of(db, "ky-toll")])
    assert partition(db) == [("kherson",), ("ky-local", "ky-wire"), ("ky-toll",)]
    invoke("ingest", str(FOLLOWUP), "--db", db, "--quiet")
    assert together(db, "ky-local", "ky-wire") and not together(db, "ky-wire", "ky-toll")
    assert not together(db, "ky-local", "ky-toll") and together(db, "ky-funeral")


def test_merge_brings_the_source_back_and_holds_in_later_ingests(db):
    fused = record_of(db, "ky-wire")
    invoke("fuse", "split", fused, "--source", "ky-toll", "--db", db)
    result = invoke("fuse", "merge", fused, record_of(db, "ky-toll"), "--db", db)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [fused]
    assert partition(db) == PARTITION
    invoke("ingest", str(FOLLOWUP), "--db", db, "--quiet")
    assert together(db, *STRIKE) and together(db, "ky-funeral")
    assert "an analyst's merge" in invoke("events", "--db", db, "--explain", fused).stdout


def test_corrections_export_round_trips_through_evaluate(db, tmp_path):
    invoke("fuse", "split", record_of(db, "ky-wire"), "--source", "ky-toll", "--db", db)
    gold = tmp_path / "gold.jsonl"
    written = invoke("corrections", "export", "-o", str(gold), "--db", db)
    assert written.stderr.strip() == f"3 document(s) written to {gold}"
    assert invoke("corrections", "export", "--db", db).stdout == gold.read_text()
    lines = [json.loads(line) for line in gold.read_text().splitlines()]
    clusters = {line["id"]: {m["cluster"] for m in line["mentions"]} for line in lines}
    assert clusters["ky-wire"] == clusters["ky-local"] != clusters["ky-toll"]
    result = invoke("evaluate", "--fusion", str(gold), "--fusion-mode", "incident")
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout)
    assert (scores["documents"], scores["gold_clusters"]) == (3, 2)
    assert 0 <= scores["conll"] <= 1


def test_corrections_export_without_decisions_is_empty(db):
    result = invoke("corrections", "export", "--db", db)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.strip() == "0 document(s) written to stdout"


# (arguments, exit status, the start of the one line on stderr); {strike} and {kherson}
# are the fused records of those reports
BAD_DECISIONS = [
    (["events", "--explain", "no-such-record"], 1, "flarewatch: E050 "),
    (["fuse", "split", "no-such-record", "--source", "ky-wire"], 1, "flarewatch: E050 "),
    (["fuse", "split", "{strike}", "--source", "kherson"], 1, "flarewatch: E051 "),
    (["fuse", "split", "{kherson}", "--source", "kherson"], 1, "flarewatch: E051 "),
    (["fuse", "merge", "{strike}", "no-such-record"], 1, "flarewatch: E050 "),
    (["fuse", "merge", "{strike}", "{strike}"], 1, "flarewatch: E052 "),
]


@pytest.mark.parametrize(("args", "status", "start"), BAD_DECISIONS)
def test_a_decision_that_cannot_be_made_is_one_line_and_records_nothing(db, args, status,
                                                                         start):
    names = {"{strike}": record_of(db, "ky-wire"), "{kherson}": record_of(db, "kherson")}
    result = invoke(*[names.get(arg, arg) for arg in args], "--db", db)
    assert result.exit_code == status
    assert result.stderr.startswith(start) and result.stderr.count("\n") == 1
    assert partition(db) == PARTITION
    assert invoke("corrections", "export", "--db", db).stdout == ""


# through `python -m flarewatch`, as a user runs it: one line, no traceback
BAD_RUNS = [
    (["events", "--explain", "no-such-record"], 1, "E050"),
    (["fuse", "merge", "a", "b", "--db", "{tmp}/never-made.db"], 1, "E021"),
    (["corrections", "export", "--db", "{tmp}/never-made.db"], 1, "E021"),
    (["corrections", "export", "-o", "{db}"], 2, "E033"),
]


@pytest.mark.parametrize(("args", "status", "code"), BAD_RUNS)
def test_fusion_commands_fail_without_a_traceback(db, tmp_path, args, status, code):
    argv = [arg.replace("{tmp}", str(tmp_path)).replace("{db}", db) for arg in args]
    if "--db" not in argv:
        argv += ["--db", db]
    done = subprocess.run([sys.executable, "-m", "flarewatch", *argv], capture_output=True,
                          text=True)
    assert done.returncode == status and code in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "never-made.db").exists()


@pytest.mark.parametrize(("flags", "rows"), [((), 2), (("--per-document",), 4)])
def test_export_writes_fused_records_or_each_documents_events(db, tmp_path, flags, rows):
    out = tmp_path / "events.jsonl"
    result = invoke("export", "--db", db, "--format", "plover-jsonl", "-o", str(out), *flags)
    assert result.exit_code == 0, result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == rows
