"""A folder of good reports mixed with every kind of hostile input: every good report is
stored, every bad input gets exactly one numbered line, the run exits 3, no traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flarewatch import pipeline
from flarewatch.cli import app
from flarewatch.storage import open_store
from flarewatch.storage.store import Store
from tables import bad_inputs

GOOD = {
    "g1": "Rebels attacked an army base near Kidal on Monday, killing four soldiers.",
    "g2": "Police arrested 12 protesters in Dhaka on Tuesday.",
    "g3": "Artillery shelled the outskirts of Kharkiv overnight, wounding three people.",
    "g6": "Troops\u0000 advanced on the town of Bakhmut.",  # PostgreSQL refuses a raw NUL
}
RSS = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item>"
       "<guid>g4</guid><pubDate>Tue, 19 Sep 2023 10:00:00 GMT</pubDate><description>"
       "Gunmen killed two villagers near Djibo.</description></item></channel></rss>")


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def hostile_folder(root: Path) -> int:
    """Writes the good reports and the hostile inputs; returns how many are bad."""
    lines = [json.dumps({"id": key, "date": "2024-01-02", "text": text})
             for key, text in GOOD.items()]
    (root / "good.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "wire.rss").write_text(RSS, encoding="utf-8")
    (root / "g5.txt").write_text(" date 2023-09-19 ZTroops shelled the town.", encoding="utf-8")
    rows = bad_inputs()
    for name, content, _code in rows:
        (root / f"bad-{name}").write_bytes(content)
    os.mkfifo(root / "pipe")
    (root / "dangling").symlink_to(root / "nowhere")
    (root / "loop").symlink_to(root / "loop")
    (root / "forged\nflarewatch: x: E001 file not found").write_bytes(b"")
    return len(rows) + 4


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("flarewatch: ")
            and " E0" in line]


def stored_ids(db: str) -> set[str]:
    with open_store(db) as store, store.engine.connect() as connection:
        return set(connection.exec_driver_sql("SELECT id FROM documents").scalars())


def test_mixed_folder_stores_every_good_report_and_one_line_per_bad_input(
    tmp_path, database_url
):
    folder = tmp_path / "inputs"
    folder.mkdir()
    bad = hostile_folder(folder)
    result = invoke("ingest", str(folder), "--db", database_url, "--quiet")
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert len(error_lines(result.stderr)) == bad
    assert f"{bad} input(s) skipped" in result.stderr
    assert stored_ids(database_url) == {"g1", "g2", "g3", "g4", "g5", "g6"}


@pytest.fixture
def two_reports(tmp_path) -> Path:
    path = tmp_path / "two.jsonl"
    path.write_text("".join(json.dumps({"id": key, "text": GOOD[key]}) + "\n"
                            for key in ("g1", "g2")), encoding="utf-8")
    return path


def test_a_document_that_makes_a_stage_raise_costs_no_other(two_reports, tmp_path,
                                                            monkeypatch):
    real = pipeline.get_stage("places")

    def fragile(doc):  # type: ignore[no-untyped-def]
        if doc.id == "g1":
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc)

    monkeypatch.setitem(pipeline._REGISTRY, "places", fragile)
    db = str(tmp_path / "fw.db")
    result = invoke("ingest", str(two_reports), "--db", db, "--quiet")
    (line,) = error_lines(result.stderr)
    assert result.exit_code == 3
    assert line == (f"flarewatch: {two_reports}:1: E018 extraction failed (RecursionError: "
                    'maximum recursion depth exceeded); id "g1"')
    assert stored_ids(db) == {"g2"}


def test_a_document_the_store_refuses_costs_no_other(two_reports, tmp_path, monkeypatch):
    real = Store.add_document

    def refusing(self, doc, report, min_relevance=None):  # type: ignore[no-untyped-def]
        if doc.id == "g1":
            raise ValueError("value out of range")
        return real(self, doc, report, min_relevance)

    monkeypatch.setattr(Store, "add_document", refusing)
    db = str(tmp_path / "fw.db")
    result = invoke("ingest", str(two_reports), "--db", db, "--quiet")
    (line,) = error_lines(result.stderr)
    assert result.exit_code == 3 and " E019 cannot be stored (ValueError: " in line
    assert stored_ids(db) == {"g2"}


def test_a_new_text_under_a_known_id_is_counted_as_replaced(tmp_path):
    path = tmp_path / "versions.jsonl"
    path.write_text("".join(json.dumps({"id": "v", "date": "2024-03-01", "text": GOOD[key]}) + "\n"
                            for key in ("g1", "g3")), encoding="utf-8")
    db = str(tmp_path / "fw.db")
    result = invoke("ingest", str(path), "--db", db)
    assert result.exit_code == 0
    assert result.stderr.startswith("1 document(s) added, 1 replaced by a new text of the "
                                    "same id (")
    assert stored_ids(db) == {"v"}


# (arguments, exit status, the code the message must carry): bad option values are usage
# errors (exit 2), a database that cannot be opened is one E020 or E021 line (exit 1).
BAD_OPTIONS = [
    (["ingest", "-", "--date", "2023-13-45"], 2, "E031"),
    (["ingest", "-", "--date", "yesterday"], 2, "E031"),
    (["events", "--since", "2023-02-30"], 2, "E031"),
    (["export", "--format", "geojson", "--until", "x"], 2, "E031"),
    (["ingest", "-", "--encoding", "no-such-codec"], 2, "E038"),
    (["extract", "-", "--encoding", ""], 2, "E038"),
    (["events", "--near", "a,b,c"], 2, "E032"),
    (["events", "--near", "10,20"], 2, "E032"),
    (["events", "--near", "nan,20,5"], 2, "E032"),
    (["events", "--near", "91,0,10"], 2, "E032"),
    (["events", "--country", "Kenya"], 2, "E039"),
    (["events", "--since", "2024-10-01", "--until", "2024-09-01"], 2, "E042"),
    (["export", "--format", "geojson", "--since", "2024-10-01", "--until", "2024-09-01"], 2,
     "E042"),
    (["export", "--format", "geojson", "--type", "BOMBING"], 2, "E041"),
    (["ingest", "-", "--db", "mysql://127.0.0.1/x"], 1, "E020"),
    (["ingest", "-", "--db", "{tmp}/no/such/folder/x.db"], 1, "E020"),
    (["events", "--db", "{tmp}/never-made.db"], 1, "E021"),
    (["export", "--format", "geojson", "--db", "{tmp}/never-made.db"], 1, "E021"),
    (["events", "--db", "postgresql://u:p@127.0.0.1:54a2/x"], 1, "E020"),
    (["events", "--db", "{tmp}/corrupt.db"], 1, "E020"),
    (["events", "--limit", "99999999999999999999999"], 2, "--limit"),
    (["events", "--limit", "-1"], 2, "--limit"),
    (["extract", "-", "--max-chars", "9223372036854775807"], 2, "--max-chars"),
    (["extract", "{tmp}/in.jsonl", "-o", "{tmp}/in.jsonl"], 2, "E033"),
    (["extract", "{tmp}/in.jsonl", "-o", "{tmp}/no/such/folder/out.jsonl"], 1, "E040"),
    (["extract", "{tmp}/in.jsonl", "-o", "/dev/full"], 1, "E040"),
    (["evaluate", "--gold", "{tmp}/in.jsonl"], 2, "--gold"),
    (["evaluate", "--gold", "{tmp}/nothing-here.jsonl"], 2, "--gold"),
]


@pytest.mark.parametrize(("args", "status", "code"), BAD_OPTIONS)
def test_a_bad_option_value_is_one_clear_message_never_a_traceback(tmp_path, args, status,
                                                                   code):
    import subprocess
    import sys

    (tmp_path / "in.jsonl").write_text(
        json.dumps({"id": "a", "date": "2024-03-01", "text": GOOD["g1"]}) + "\n")
    (tmp_path / "corrupt.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    if "--db" not in argv and argv[0] in ("ingest", "events", "export"):
        argv += ["--db", str(tmp_path / "fw.db")]
    done = subprocess.run([sys.executable, "-m", "flarewatch", *argv], input="",
                          capture_output=True, text=True)
    assert done.returncode == status and code in done.stderr
    assert "Traceback" not in done.stderr
    if status == 1:
        assert done.stderr.count("\n") == 1
    assert not (tmp_path / "never-made.db").exists()


def test_ingest_of_the_folder_holding_its_database_passes_over_the_database(tmp_path,
                                                                            monkeypatch):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "g1", "date": "2024-03-01", "text": GOOD["g1"]}) + "\n")
    monkeypatch.chdir(tmp_path)
    first = invoke("ingest", ".", "--db", "fw.db", "--quiet")
    again = invoke("ingest", ".", "--db", "./fw.db", "--quiet")
    assert (first.exit_code, again.exit_code) == (0, 0), again.stderr
    assert again.stderr.startswith("0 document(s) added, 1 already stored")


def test_strict_stores_what_was_read_before_the_first_bad_input(two_reports, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n")
    db = str(tmp_path / "fw.db")
    result = invoke("ingest", str(two_reports), str(bad), str(two_reports), "--db", db,
                    "--strict", "--quiet")
    assert result.exit_code == 3 and len(error_lines(result.stderr)) == 1
    assert stored_ids(db) == {"g1", "g2"}


def test_export_refuses_to_overwrite_its_database(two_reports, tmp_path):
    db = tmp_path / "fw.db"
    invoke("ingest", str(two_reports), "--db", str(db), "--quiet")
    before = db.read_bytes()
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "acled-csv",
                                      "-o", str(db)])
    assert result.exit_code == 2 and "E033" in result.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize(("where", "said"), [
    ("no/such/folder/x.db", "no/such/folder does not exist"),
    (".", "a folder, not a database file"),
])
def test_a_database_path_sqlite_cannot_open_says_why(tmp_path, where, said):
    # SQLite itself says only "unable to open database file".
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "flarewatch", "ingest", "-", "--db",
                           str(tmp_path / where)], input="", capture_output=True, text=True)
    assert done.returncode == 1 and "E020" in done.stderr and said in done.stderr
