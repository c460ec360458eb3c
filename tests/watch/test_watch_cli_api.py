"""`flarewatch watch` on the command line, and the alerts over HTTP."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import jsonschema
import pytest
from fastapi.testclient import TestClient
from stored import SURGE_WEEK, add_rows, fused_row, quiet_rows, surge_rows, surge_store
from typer.testing import CliRunner

from flarewatch.cli import app
from flarewatch.web import WebSettings, create_app
from flarewatch.web.schemas import answer_schema

WEEKLY_HEADER = "country_iso3,admin1,week_start,events,deaths\n"


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return surge_store(str(tmp_path / "watch.db"))


def weekly_file(tmp_path: Path) -> Path:
    monday = dt.date(2024, 1, 1)
    rows = [f"XYZ,,{monday + dt.timedelta(weeks=i)},{6 if i == 11 else 0},0\n"
            for i in range(12)]
    path = tmp_path / "weekly.csv"
    path.write_text(WEEKLY_HEADER + "".join(rows), encoding="utf-8")
    return path


def test_backtest_writes_one_row_per_alarm(tmp_path: Path) -> None:
    out = tmp_path / "alarms.csv"
    result = invoke("watch", "--backtest", str(weekly_file(tmp_path)), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["country_iso3"], r["admin1"], r["week_start"], r["detector"]) for r in rows] == [
        ("XYZ", "", "2024-03-18", "farrington")]
    assert float(rows[0]["score"]) > 4


@pytest.mark.parametrize("detector", ["mean3sd", "no-change", "cusum"])
def test_backtest_with_another_detector(tmp_path: Path, detector: str) -> None:
    out = tmp_path / "alarms.csv"
    result = invoke("watch", "--backtest", str(weekly_file(tmp_path)), "-o", str(out),
                    "--detector", detector)
    assert result.exit_code == 0
    assert {r["detector"] for r in csv.DictReader(out.open(encoding="utf-8"))} <= {detector}


@pytest.mark.parametrize(("args", "code"), [
    (["--set", "events_z=high"], "E034"),
    (["--set", "no_such=1"], "E034"),
    (["--set", "events_z"], "E034"),
    (["--detector", "oracle"], "E034"),
    (["--mail-to", "desk@example.org"], "E035"),
    (["--smtp", "mailhost"], "E035"),
])
def test_refused_options_exit_2_with_their_code(db: str, args: list[str], code: str) -> None:
    result = CliRunner().invoke(app, ["watch", "--db", db, *args])
    assert result.exit_code == 2 and code in result.output


def test_backtest_of_a_bad_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "weekly.csv"
    path.write_text(WEEKLY_HEADER + "XYZ,,not-a-day,1,0\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "flarewatch", "watch", "--backtest",
                           str(path), "-o", str(tmp_path / "a.csv")],
                          capture_output=True, text=True)
    assert done.returncode == 1 and f"{path}:2: E060" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_watch_prints_alerts_and_a_summary(db: str) -> None:
    result = invoke("watch", "--db", db, "--format", "json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {line["series"]["key"] for line in lines} == {"BFA", "BFA/Sahel"}
    assert all(line["onset_week"] == SURGE_WEEK for line in lines)
    assert "2 alerts (2 new, 0 changed)" in result.stderr
    assert "0 new, 0 changed" in invoke("watch", "--db", db).stderr


def test_the_summary_says_how_many_records_had_no_date(db: str) -> None:
    assert "without a date" not in invoke("watch", "--db", db).stderr
    undated = [{**fused_row(f"u{i}", "2024-03-12"), "date": None, "date_precision": None}
               for i in range(2)]
    add_rows(db, undated)
    assert "2 records without a date left out" in invoke("watch", "--db", db).stderr


class Receiver(BaseHTTPRequestHandler):
    bodies: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers["Content-Length"])
        Receiver.bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        return


def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A webhook receiver on 127.0.0.1 (a free port) while the generator runs."""
    Receiver.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


@pytest.fixture
def receiver() -> Iterator[str]:
    yield from serving(Receiver)


def posted_keys() -> list[list[str]]:
    """The series keys of the alerts of each webhook body received (one body a group)."""
    return [[alert["series"]["key"] for alert in body["alerts"]] for body in Receiver.bodies]


def test_new_alerts_go_to_the_webhook_once(db: str, receiver: str) -> None:
    first = invoke("watch", "--db", db, "--webhook", receiver)
    assert "1 of 1 deliveries made" in first.stderr  # one surge: its two alerts in one POST
    assert posted_keys() == [["BFA", "BFA/Sahel"]]
    invoke("watch", "--db", db, "--webhook", receiver)
    assert len(Receiver.bodies) == 1  # nothing new or changed: nothing sent again


def posted_notices() -> list[list[tuple[str, str]]]:
    """(series key, notice) of the alerts of each webhook body received."""
    return [[(alert["series"]["key"], alert["notice"]) for alert in body["alerts"]]
            for body in Receiver.bodies]


def test_the_webhook_hears_of_opening_new_high_and_closing_only(db: str, receiver: str
                                                                ) -> None:
    invoke("watch", "--db", db, "--webhook", receiver)  # the surge opens both alerts
    for rows in ([fused_row("after", "2024-03-19")],  # the week after: changed, no news
                 surge_rows(count=3, first=6),  # 9 events in the surge week: a new high
                 [fused_row("late", "2024-04-30")]):  # four quiet weeks: closed
        add_rows(db, rows)
        assert "0 new, 2 changed" in invoke("watch", "--db", db, "--webhook", receiver).stderr
    assert posted_notices() == [[("BFA", "open"), ("BFA/Sahel", "open")],
                                [("BFA", "high"), ("BFA/Sahel", "high")],
                                [("BFA", "close"), ("BFA/Sahel", "close")]]


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    invoke("watch", "--db", db)
    settings = WebSettings(allowed_hosts=("testserver",))
    with TestClient(create_app(db, settings)) as test_client:
        yield test_client


def test_alerts_endpoint_lists_and_filters(client: TestClient) -> None:
    assert len(client.get("/alerts").json()["alerts"]) == 2
    assert client.get("/alerts", params={"status": "closed"}).json() == {"alerts": []}
    assert client.get("/alerts", params={"status": "maybe"}).status_code == 422
    upper = client.get("/alerts", params={"country": "BFA"}).json()["alerts"]
    assert len(upper) == 2  # any case, as the CLI takes codes
    assert client.get("/alerts", params={"country": "bfa"}).json()["alerts"] == upper
    assert client.get("/alerts", params={"country": "bf1"}).status_code == 422


def test_one_alert_carries_its_driving_records(client: TestClient) -> None:
    first = client.get("/alerts").json()["alerts"][0]
    found = client.get(f"/alerts/{first['id']}").json()
    assert sorted(r["id"] for r in found["records"]) == sorted(first["events"])
    assert all(r["place_lat"] is not None for r in found["records"])
    missing = client.get("/alerts/alert-000000000000")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(
        "application/problem+json")


def test_one_alert_carries_its_series_day_by_day(client: TestClient) -> None:
    sahel = next(a for a in client.get("/alerts").json()["alerts"]
                 if a["series"]["key"] == "BFA/Sahel")
    found = client.get(f"/alerts/{sahel['id']}").json()
    days = {row["day"]: row["events"] for row in found["days"]}
    assert len(days) == 7 * len(found["weeks"]) and found["days_coarse"] == 0
    surge = dt.date.fromisoformat(SURGE_WEEK)
    assert [days[str(surge + dt.timedelta(days=n))] for n in range(7)] == [2, 1, 1, 1, 1, 0, 0]
    assert sum(days.values()) == sum(week["events"] for week in found["weeks"])


def test_alert_answers_fit_the_api_description(client: TestClient) -> None:
    openapi = client.get("/openapi.json").json()
    listed = client.get("/alerts").json()
    jsonschema.validate(listed, answer_schema(openapi, "get", "/alerts", 200))
    for alert in listed["alerts"]:
        one = client.get(f"/alerts/{alert['id']}").json()
        jsonschema.validate(one, answer_schema(openapi, "get", "/alerts/{alert_id}", 200))
    broken = {**listed["alerts"][0], "status": "maybe"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"alerts": [broken]}, answer_schema(openapi, "get", "/alerts", 200))


def test_atom_feed_reads_back(client: TestClient) -> None:
    response = client.get("/alerts.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo and len(feed.entries) == 2
    ids = {alert["id"] for alert in client.get("/alerts").json()["alerts"]}
    assert {entry.link.split("#alert=")[1] for entry in feed.entries} == ids


def test_exported_series_back_test_like_ucdp_files(db: str, tmp_path: Path) -> None:
    weekly = tmp_path / "mine.csv"
    invoke("watch", "--db", db, "--export-series", str(weekly))
    rows = list(csv.DictReader(weekly.open(encoding="utf-8")))
    surge = [r for r in rows if r["admin1"] == "Sahel" and r["week_start"] == SURGE_WEEK]
    assert surge == [{"country_iso3": "BFA", "admin1": "Sahel", "week_start": SURGE_WEEK,
                      "events": "6", "deaths": "18", "signals": "0"}]
    out = tmp_path / "alarms.csv"
    assert invoke("watch", "--backtest", str(weekly), "-o", str(out)).exit_code == 0
    alarmed = {(r["admin1"], r["week_start"]) for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert ("Sahel", SURGE_WEEK) in alarmed


@pytest.mark.parametrize(("period", "column", "first", "rows", "unit"), [
    ("week", "week_start", "2024-01-01", 2 * 11, "series-weeks"),
    ("day", "day", "2024-01-02", 2 * 74, "series-days"),
])
def test_series_export_by_week_or_day(db: str, tmp_path: Path, period: str, column: str,
                                      first: str, rows: int, unit: str) -> None:
    from flarewatch.watch.command import export_line, export_report

    path = tmp_path / f"{period}.csv"
    exported = export_report(db, path, None, period)
    found = list(csv.DictReader(path.open(encoding="utf-8")))
    assert exported.rows == len(found) == rows and exported.coarse == 0
    assert found[0][column] == first and sum(int(r["events"]) for r in found) == 2 * 10
    assert export_line(exported, path, period) == f"{rows} {unit} written to {path}"


def test_series_export_refuses_other_periods(db: str, tmp_path: Path) -> None:
    from flarewatch.watch.command import UsageError, export_report

    with pytest.raises(UsageError, match="E034"):
        export_report(db, tmp_path / "x.csv", None, "month")


class Refusing(Receiver):
    """A receiver that answers 503 while `Refusing.down` is set."""

    down = True

    def do_POST(self) -> None:  # noqa: N802
        if Refusing.down:
            self.send_response(503)
            self.end_headers()
            return
        super().do_POST()


@pytest.fixture
def flaky() -> Iterator[str]:
    Refusing.down = True
    yield from serving(Refusing)


def test_a_failed_delivery_is_retried_by_the_next_run(db: str, flaky: str) -> None:
    add_rows(db, [{**row, "id": f"m{row['id']}", "place_country": "MLI",
                   "place_admin1": "Mopti"} for row in quiet_rows() + surge_rows()])
    failing = invoke("watch", "--db", db, "--webhook", flaky, "--set", "webhook_backoff_s=0")
    assert "0 of 2 deliveries made" in failing.stderr  # two surges (BFA, MLI): two groups
    assert "not tried after an earlier failure" in failing.stderr  # one dead hook, one wait
    assert failing.exit_code == 1  # a cron job sees the failure
    Refusing.down = False
    retried = invoke("watch", "--db", db, "--webhook", flaky, "--set", "webhook_backoff_s=0")
    assert retried.exit_code == 0
    assert posted_keys() == [["BFA", "BFA/Sahel"], ["MLI", "MLI/Mopti"]]
    assert {notice for body in posted_notices() for _, notice in body} == {"open"}  # missed
    invoke("watch", "--db", db, "--webhook", flaky, "--set", "webhook_backoff_s=0")
    assert len(Receiver.bodies) == 2  # delivered: not again


def test_a_look_back_stores_and_sends_nothing(db: str, receiver: str) -> None:
    invoke("watch", "--db", db)
    past = invoke("watch", "--db", db, "--as-of", "2024-03-04", "--webhook", receiver)
    assert "0 alerts" in past.stderr and Receiver.bodies == []
    assert "0 new, 0 changed" in invoke("watch", "--db", db).stderr


@pytest.mark.parametrize("since", ["0001-01-01", "0001-01-06", "9999-12-31"])
def test_alerts_since_takes_any_day(client: TestClient, since: str) -> None:
    found = client.get("/alerts", params={"since": since})
    assert found.status_code == 200 and len(found.json()["alerts"]) == 2  # both open
