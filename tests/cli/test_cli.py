"""The command line end to end, as spec/CONTRACT.md promises it."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flarewatch.cli import app
from flarewatch.model import DATE_BASES, Event, TextSpan
from flarewatch.paths import DATA_DIR
from flarewatch.storage import open_store
from tables import bad_inputs

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SCHEMA = json.loads((DATA_DIR / "schema" / "event.schema.json").read_text())
ACLED_COLUMNS = (
    "event_id_cnty, event_date, year, time_precision, disorder_type, event_type, "
    "sub_event_type, actor1, assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction, "
    "civilian_targeting, iso, region, country, admin1, admin2, admin3, location, latitude, "
    "longitude, geo_precision, source, source_scale, notes, fatalities, tags, timestamp"
).split(", ")


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def seed_file(shared) -> Path:
    return next((shared / "data" / "seed").glob("*.txt"))


@pytest.fixture(scope="module")
def seed_events(seed_file) -> list[dict]:
    result = invoke("extract", str(seed_file), "--quiet")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_extract_output_follows_the_contract_schema(seed_events):
    assert seed_events
    for event in seed_events:
        jsonschema.validate(event, SCHEMA)


def test_the_schema_names_every_date_basis(seed_events):
    assert SCHEMA["properties"]["date_basis"]["enum"] == [*DATE_BASES, None]
    assert {event["date_basis"] for event in seed_events} <= {*DATE_BASES, None}
    assert all((event["date_basis"] is None) == (event["date"] is None) for event in seed_events)


def test_extract_evidence_spans_point_into_the_body(seed_file, seed_events):
    body = seed_file.read_text(encoding="utf-8").split(" Z", 1)[1]
    for event in seed_events:
        info = event["text_info"]
        assert 0 <= info["start"] < info["end"] <= len(body)
        assert event["event_text"] in body


def test_extract_ids_are_stable(seed_file, seed_events):
    again = invoke("extract", str(seed_file), "--quiet")
    assert [json.loads(line)["id"] for line in again.stdout.splitlines()] == [
        event["id"] for event in seed_events
    ]


def test_bad_inputs_are_reported_and_good_ones_processed(tmp_path):
    (tmp_path / "binary.dat").write_bytes(b"\x00\x01\x02")
    (tmp_path / "bad.jsonl").write_text('{"id": "x"}\n{broken\n')
    good = tmp_path / "good.jsonl"
    text = "Rebels attacked an army base near Kidal on Monday, killing four soldiers."
    good.write_text(json.dumps({"id": "g", "date": "2024-01-02", "text": text}) + "\n")
    result = invoke("extract", str(tmp_path), "--quiet")
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if "E0" in line]
    assert len(errors) == 3
    assert all(str(tmp_path) in line for line in errors)
    assert any(json.loads(line)["doc_id"] == "g" for line in result.stdout.splitlines())


def test_strict_stops_at_first_bad_input(tmp_path):
    (tmp_path / "a.jsonl").write_text("{broken\n")
    result = invoke("extract", str(tmp_path / "a.jsonl"), "--strict", "--quiet")
    assert result.exit_code == 3 and result.stdout == ""


def test_stdin_jsonl():
    line = '{"id": "s1", "date": "2024-01-02", "text": "Police arrested 12 protesters in Dhaka."}\n'
    result = invoke("extract", "-", "--quiet", input=line)
    assert result.exit_code == 0
    assert {json.loads(row)["doc_id"] for row in result.stdout.splitlines()} <= {"s1"}


def test_geoparse_and_timex_one_object_per_document(seed_file):
    places = [json.loads(line) for line in invoke("geoparse", str(seed_file)).stdout.splitlines()]
    times = [json.loads(line) for line in invoke("timex", str(seed_file)).stdout.splitlines()]
    assert len(places) == len(times) == 1
    assert {"doc_id", "places"} <= places[0].keys() and places[0]["places"]
    assert {"doc_id", "timexes"} <= times[0].keys() and times[0]["timexes"]
    for place in places[0]["places"]:
        assert {"text", "name", "lat", "lon", "start", "end", "precision"} <= place.keys()


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("db") / "fw.db")
    result = invoke("ingest", str(SAMPLES), "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    return db


def count_events(db: str) -> int:
    result = invoke("events", "--db", db, "--format", "json")
    return len(result.stdout.splitlines())


def test_ingest_twice_adds_nothing(sample_db):
    before = count_events(sample_db)
    assert before > 0
    assert invoke("ingest", str(SAMPLES), "--db", sample_db, "--quiet").exit_code == 0
    assert count_events(sample_db) == before


def test_events_filters_and_formats(sample_db):
    rows = [json.loads(x) for x in invoke("events", "--db", sample_db, "--format", "json").stdout
            .splitlines()]
    kinds = {row["event"] for row in rows}
    some = sorted(kinds)[0]
    typed = invoke("events", "--db", sample_db, "--type", some, "--format", "json")
    assert {json.loads(x)["event"] for x in typed.stdout.splitlines()} == {some}
    table = invoke("events", "--db", sample_db)
    assert "event(s)" in table.stdout
    as_csv = list(csv.DictReader(invoke("events", "--db", sample_db, "--format", "csv")
                                 .stdout.splitlines()))
    assert len(as_csv) == len(rows)
    # the whole toll, as the API's CSV gives it: dead, injured and arrested
    by_id = {row["id"]: row for row in rows}
    for line in as_csv:
        for status in ("dead", "injured", "arrested"):
            told = by_id[line["id"]]["size"][status]
            assert line[status] == ("" if told is None else str(told))
    assert any(line["injured"] or line["arrested"] for line in as_csv)


def test_events_db_from_environment(sample_db, monkeypatch):
    monkeypatch.setenv("FLAREWATCH_DB", sample_db)
    assert count_events_env() == count_events(sample_db)


def count_events_env() -> int:
    return len(invoke("events", "--format", "json").stdout.splitlines())


@pytest.mark.parametrize("format_name", ["plover-jsonl", "acled-csv", "geojson", "parquet"])
def test_every_export_format_is_written(sample_db, tmp_path, format_name):
    out = tmp_path / f"events.{format_name}"
    result = invoke("export", "--db", sample_db, "--format", format_name, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 0
    if format_name == "acled-csv":
        with out.open(newline="", encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == ACLED_COLUMNS
    if format_name == "geojson":
        assert json.loads(out.read_text())["type"] == "FeatureCollection"
    if format_name == "parquet":
        assert pq.read_table(out).num_rows > 0
    if format_name == "plover-jsonl":
        for line in out.read_text().splitlines():
            jsonschema.validate(json.loads(line), SCHEMA)


@pytest.mark.parametrize("format_name", ["plover-jsonl", "acled-csv", "geojson", "parquet"])
@pytest.mark.parametrize("dash", [[], ["-o", "-"]])
def test_export_without_a_file_writes_the_same_bytes_to_stdout(sample_db, tmp_path,
                                                               format_name, dash):
    out = tmp_path / "events.out"
    invoke("export", "--db", sample_db, "--format", format_name, "-o", str(out))
    piped = invoke("export", "--db", sample_db, "--format", format_name, *dash)
    assert piped.exit_code == 0, piped.output
    assert piped.stdout_bytes == out.read_bytes() and out.stat().st_size > 0
    assert re.search(r"event\(s\) written to stdout( \(\d+ left out: [^)]+\))?\n$", piped.stderr)


@pytest.mark.parametrize("format_name", ["plover-jsonl", "acled-csv", "geojson"])
def test_export_tells_how_many_records_the_format_left_out(sample_db, tmp_path, format_name):
    records = len(invoke("events", "--db", sample_db, "--format", "json").stdout.splitlines())
    result = invoke("export", "--db", sample_db, "--format", format_name,
                    "-o", str(tmp_path / "out"))
    found = re.search(r"^(\d+) event\(s\) written to \S+(?: \((\d+) left out: (.+)\))?$",
                      result.stderr.strip())
    assert found is not None, result.stderr
    assert int(found[1]) + int(found[2] or 0) == records
    if format_name == "plover-jsonl":
        assert found[2] is None  # every record is written


@pytest.mark.parametrize(("name", "content", "code"), bad_inputs())
def test_each_bad_input_one_error_line_exit_3_good_documents_kept(tmp_path, name, content, code):
    (tmp_path / name).write_bytes(content)
    text = "Police arrested 12 protesters in Dhaka on Monday."
    good = tmp_path / "zz-good.jsonl"
    good.write_text(json.dumps({"id": "good", "date": "2024-01-02", "text": text}) + "\n")
    result = invoke("extract", str(tmp_path / name), str(good), "--quiet")
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("flarewatch: ")]
    assert errors[0].startswith(f"flarewatch: {tmp_path / name}") and code in errors[0]
    assert len(errors) == 2 and "1 input(s) skipped" in errors[1]
    assert {json.loads(row)["doc_id"] for row in result.stdout.splitlines()} == {"good"}


# --min-relevance and mentions, with a stand-in for the pipeline: documents are scored and
# given events by hand, so these tests do not depend on what extraction finds.
RELEVANCE = {"low": 0.2, "high": 0.9, "unscored": None}


def hand_annotated(docs, _stages=None, _batch_size=32):  # type: ignore[no-untyped-def]
    """What the pipeline would give: a relevance and one ASSAULT told in two places."""
    for doc in docs:
        doc.relevance = RELEVANCE[doc.id]
        doc.events = [Event(
            event="ASSAULT", start=0, end=6, sentence=0, event_text="Shells", trigger_start=0,
            trigger_end=6, id=f"ev-{doc.id}", doc_id=doc.id,
            mentions=[TextSpan(0, 6, 0), TextSpan(len(doc.text) - 7, len(doc.text) - 1, 1)])]
        yield doc


@pytest.fixture
def scored_inputs(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr("flarewatch.parallel.run_each", hand_annotated)
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(
        json.dumps({"id": doc_id, "date": "2024-03-01",
                    "text": f"Shells fell on {doc_id} town. It burned."}) + "\n"
        for doc_id in RELEVANCE))
    return path


def stored_events(db: str) -> list[dict]:
    result = invoke("events", "--db", db, "--format", "json")
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_min_relevance_stores_low_documents_without_their_events(scored_inputs, tmp_path):
    db = str(tmp_path / "fw.db")
    result = invoke("ingest", str(scored_inputs), "--db", db, "--min-relevance", "0.5")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        "3 document(s) added, 0 already stored, 2 event(s) added; 1 document(s) below "
        "relevance 0.5, their events not stored; 2 event(s) in the database")
    assert {event["doc_id"] for event in stored_events(db)} == {"high", "unscored"}
    again = invoke("ingest", str(scored_inputs), "--db", db, "--min-relevance", "0.5")
    assert "0 document(s) added, 3 already stored, 0 event(s) added" in again.stderr
    with open_store(db) as store:
        assert store.count_documents() == 3


def test_min_relevance_from_the_environment(scored_inputs, tmp_path, monkeypatch):
    monkeypatch.setenv("FLAREWATCH_MIN_RELEVANCE", "0.95")
    db = str(tmp_path / "fw.db")
    result = invoke("ingest", str(scored_inputs), "--db", db)
    assert "2 document(s) below relevance 0.95" in result.stderr
    assert [event["doc_id"] for event in stored_events(db)] == ["unscored"]


def test_without_min_relevance_the_summary_is_unchanged(scored_inputs, tmp_path, monkeypatch):
    monkeypatch.delenv("FLAREWATCH_MIN_RELEVANCE", raising=False)
    result = invoke("ingest", str(scored_inputs), "--db", str(tmp_path / "fw.db"))
    assert result.stderr.strip() == (
        "3 document(s) added, 0 already stored, 3 event(s) added; 3 event(s) in the database")


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high", "nan"])
def test_min_relevance_out_of_range_is_refused(scored_inputs, tmp_path, value):
    db = tmp_path / "fw.db"
    result = invoke("ingest", str(scored_inputs), "--db", str(db), "--min-relevance", value)
    assert result.exit_code == 2 and "E030" in result.stderr
    assert not db.exists()


def test_events_json_carries_every_telling(scored_inputs, tmp_path, monkeypatch):
    monkeypatch.delenv("FLAREWATCH_MIN_RELEVANCE", raising=False)
    db = str(tmp_path / "fw.db")
    invoke("ingest", str(scored_inputs), "--db", db)
    text = "Shells fell on high town. It burned."
    (event,) = [event for event in stored_events(db) if event["doc_id"] == "high"]
    assert [text[m["start"]:m["end"]] for m in event["mentions"]] == ["Shells", "burned"]
    assert [m["sentence"] for m in event["mentions"]] == [0, 1]


def test_extract_reads_a_named_encoding(tmp_path):
    page = tmp_path / "kidal.txt"
    page.write_bytes("Gunmen shelled the market in Ménaka on Monday, killing two traders."
                     .encode("cp1252"))
    refused = invoke("extract", str(page), "--date", "2024-05-07", "--quiet")
    assert refused.exit_code == 3 and "E003" in refused.stderr and "--encoding" in refused.stderr
    named = invoke("extract", str(page), "--date", "2024-05-07", "--quiet", "--encoding", "cp1252")
    events = [json.loads(line) for line in named.stdout.splitlines()]
    assert named.exit_code == 0
    assert [event["event_loc"]["text"] for event in events] == ["Ménaka"]


def test_an_undated_input_is_warned_of_once_a_file(tmp_path):
    undated = tmp_path / "undated.jsonl"
    undated.write_text("".join(json.dumps({"id": name, "text": "Gunmen attacked a market on "
                                           "Monday."}) + "\n" for name in ("u1", "u2")))
    dated = tmp_path / "dated.jsonl"
    dated.write_text(json.dumps({"id": "d1", "date": "2024-03-05",
                                 "text": "Gunmen attacked a market on Monday."}) + "\n")
    result = invoke("extract", str(undated), str(dated), "--quiet")
    warnings = [line for line in result.stderr.splitlines() if "W004" in line]
    assert result.exit_code == 0 and len(warnings) == 1
    assert "undated.jsonl:1" in warnings[0] and "--date" in warnings[0]
    given = invoke("extract", str(undated), "--quiet", "--date", "2024-03-05")
    assert "W004" not in given.stderr
