"""The probes of a hostile tester (issue 12, item 5): each was a 500, an open door or a
match of everything; now each is a 4xx problem. Also: every input the OpenAPI
description lists is bounded, so a fuzzer cannot reach the database with values out of
its range.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_samples import TEST_HOSTS, TOKEN

from flarewatch import pipeline
from flarewatch.cli import app as cli_app
from flarewatch.model import Document
from flarewatch.storage.store import Store
from flarewatch.web import WebSettings, create_app
from flarewatch.web.filters import MAX_CURSOR_CHARS, decode_cursor
from flarewatch.web.problems import Problem

PROBLEM = "application/problem+json"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
HUGE = str(10**20)  # 21 digits: past SQLite's and PostgreSQL's 64-bit integers
INT64_MAX = 2**63 - 1


def cursor_of(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


QUERY_PROBES = [
    (f"/events?min_dead={HUGE}", 422),
    (f"/stats/timeseries?min_dead={HUGE}", 422),
    (f"/events?limit={HUGE}", 422),
    (f"/stats/timeseries?top={HUGE}", 422),
    ("/events?min_dead=-1", 422),
    # 40,000 `[` (the 50,000 of the report make too long a URL for the test client)
    (f"/events?cursor={cursor_of(b'[' * 40_000)}", 422),
    # under the length limit, but nested past Python's recursion limit
    (f"/events?cursor={cursor_of(b'[' * 6_000)}", 400),
    (f"/events?cursor={cursor_of(b'[null, 1]')}", 400),
    ("/events?cursor=" + cursor_of(json.dumps(["2023-09-19", "ev-x\u0000"]).encode()), 400),
    ("/events?cursor=" + cursor_of(b'{"a": 1, "b": 2}'), 400),
    ("/events?cursor=W251bGwsICJcdWQ4MDAiXQ", 400),  # A1: id a lone surrogate, not UTF-8
    ("/events?q=%00", 422),
    ("/events?q=%01x", 422),
    ("/events?q=a%7F", 422),
    ("/events?mode=%00", 422),
    ("/events?actor=%00", 422),
    ("/stats/timeseries?q=%00", 422),
    ("/events/ev%00", 422),
    ("/documents/kyiv-1%00", 422),
    (f"/events/{'x' * 501}", 422),
    (f"/events?q={'x' * 201}", 422),
    (f"/events?bbox={'1,' * 200}1", 422),
]


@pytest.mark.parametrize(("path", "status"), QUERY_PROBES,
                         ids=[path[:50] for path, _status in QUERY_PROBES])
def test_hostile_queries_are_4xx_problems(probe_client: TestClient, path: str, status: int) -> None:
    response = probe_client.get(path)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM


BODY_PROBES = [
    (b"[" * 100_000, 400),
    (b"[" * 500 + b"]" * 500, 400),  # valid JSON, nested too deep
    (b'{"id": "a", "text": "t", "extra": {"b": {"c": {"d": {}}}}}', 400),
    (b'{"id": "a", "text": "t", "x": NaN}', 400),
    (b'[{"id": "a", "text": "t"}, Infinity]', 400),
    (b'{"id": "a", "text": "t", "x": -Infinity}', 400),
    (b'{"id": "a", "text": "t", "x": 1e400}', 400),
    (b'{"id": "a", "text": "t", "x": ' + b"9" * 5000 + b"}", 400),
    (b'{"id": "a", "text": "t\\u0000"}', 422),
    (b'{"id": "a\\u0000", "text": "t"}', 422),
    (b'{"id": "a\\n", "text": "t"}', 422),
    (b'{"id": "a", "text": "t", "title": "\\u0000"}', 422),
    (b'{"id": "a", "text": "t \\ud800"}', 422),  # a lone surrogate cannot be stored
    (b"\xff\xfe", 400),
]


@pytest.mark.parametrize(("body", "status"), BODY_PROBES,
                         ids=[repr(body[:40]) for body, _status in BODY_PROBES])
def test_hostile_bodies_are_4xx_problems(probe_client: TestClient, body: bytes,
                                         status: int) -> None:
    response = probe_client.post("/documents", content=body, headers=AUTH)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "ud800" not in response.text and "\\u0000" not in response.text  # not echoed


def test_a_999000_character_text_is_refused_naming_the_document(probe_client: TestClient) -> None:
    response = probe_client.post("/documents", json={"id": "huge-1", "text": "x" * 999_000},
                             headers=AUTH)
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == PROBLEM
    assert "huge-1" in response.json()["detail"]
    assert probe_client.get("/documents/huge-1").status_code == 404


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example",
                                  "127.0.0.1.nip.io", "testserver.evil.example"])
def test_a_foreign_host_is_400(probe_client: TestClient, host: str) -> None:
    response = probe_client.get("/events", headers={"Host": host})
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Invalid host header"
    assert "events" not in response.json()


@pytest.mark.parametrize(("query", "expected"), [
    ("q=%25", set()),  # % is literal, not a wildcard matching every event
    ("q=_", set()),  # so is _
    ("q=%25%25", set()),
    ("q=Kyiv", {"ev-kyiv-shelling", "ev-kyiv-protest"}),
])
def test_like_wildcards_in_q_are_literal(probe_client: TestClient, query: str,
                                         expected: set[str]) -> None:
    response = probe_client.get(f"/events?{query}&limit=100")
    assert {event["id"] for event in response.json()["events"]} == expected


def test_a_cursor_is_refused_before_it_is_decoded_when_too_long() -> None:
    with pytest.raises(Problem) as raised:
        decode_cursor(cursor_of(b"[" * 50_000))
    assert raised.value.status == 400
    assert len(cursor_of(b"[" * 50_000)) > MAX_CURSOR_CHARS


def parameters(openapi: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(path and name, schema) of every parameter, the `anyOf` of optional ones unwrapped."""
    found = []
    for path, methods in openapi["paths"].items():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                for option in schema.get("anyOf", [schema]):
                    if option.get("type") != "null":
                        found.append((f"{path} {parameter['name']}", option))
    return found


def test_every_parameter_of_the_openapi_description_is_bounded(probe_client: TestClient) -> None:
    # The fuzz test draws from this description and seldom tries a 21-digit number: the
    # bounds themselves are checked here. Header parameters (the token) are left out.
    found = parameters(probe_client.get("/openapi.json").json())
    unbounded = [name for name, schema in found if not bounded(schema)]
    assert found and unbounded == []


def bounded(schema: dict[str, Any]) -> bool:
    """Integers within 64 bits; strings of a fixed set or format, or a length and pattern."""
    kind = schema.get("type")
    if kind == "integer":
        return -INT64_MAX <= schema.get("minimum", -(2**64)) <= schema.get("maximum",
                                                                          2**64) <= INT64_MAX
    if kind == "string":
        return "enum" in schema or "format" in schema or (
            "maxLength" in schema and "pattern" in schema)
    return kind in ("number", "boolean")


def test_a_content_length_of_5000_digits_is_413(probe_client: TestClient) -> None:
    response = probe_client.post("/documents", content=b"{}",
                                 headers={**AUTH, "Content-Length": "9" * 5000})
    assert response.status_code == 413 and response.headers["content-type"] == PROBLEM


# ---- The second hostile round (A1-A4, F17): each was a 500 or a wrong answer.

FAILS_FOR = "fail-me"  # the id of the document the monkeypatched stage or store refuses
GOOD = {"id": "good-1", "text": "Soldiers killed two militants in Kidal on Sunday."}
BAD = {"id": FAILS_FOR, "text": "Rebels will attack Gao next week, the army warned."}


@pytest.fixture
def fragile_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """An app over an empty SQLite store whose one stage raises for the document FAILS_FOR."""

    def fragile(doc: Document) -> Document:
        if doc.id == FAILS_FOR:
            raise OverflowError("date value out of range")
        return doc

    monkeypatch.setitem(pipeline._REGISTRY, "finalize", fragile)
    settings = WebSettings(api_token=TOKEN, stages=("finalize",), allowed_hosts=TEST_HOSTS)
    app = create_app(str(tmp_path / "fragile.db"), settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(("posted", "status", "stored", "failed"), [
    ([GOOD, BAD], 201, ["good-1"], [FAILS_FOR]),
    ([BAD, GOOD], 201, ["good-1"], [FAILS_FOR]),
    ([BAD], 422, [], [FAILS_FOR]),
    (BAD, 422, [], [FAILS_FOR]),
    ([GOOD], 201, ["good-1"], []),
])
def test_a_document_that_makes_a_stage_raise_costs_no_other(
        fragile_client: TestClient, posted: Any, status: int, stored: list[str],
        failed: list[str]) -> None:
    response = fragile_client.post("/documents", json=posted, headers=AUTH)
    assert response.status_code == status, response.text
    body = response.json()
    assert [item["id"] for item in body.get("documents", [])] == stored
    assert [item["id"] for item in body["failed"]] == failed
    assert all(item["reason"] == "E018 extraction failed (OverflowError: date value out of "
               "range)" for item in body["failed"])
    assert fragile_client.get(f"/documents/{FAILS_FOR}").status_code == 404
    assert fragile_client.get("/documents/good-1").status_code == (200 if stored else 404)


@pytest.mark.parametrize(("refusal", "status", "stored"), [
    (ValueError("value out of range"), 201, ["good-1"]),  # reported, the other stored
    (sa.exc.DataError("INSERT", {}, Exception("too long")), 201, ["good-1"]),
    (sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error")), 503, []),
])
def test_a_document_the_store_refuses_costs_no_other(
        fragile_client: TestClient, monkeypatch: pytest.MonkeyPatch, refusal: Exception,
        status: int, stored: list[str]) -> None:
    real = Store.add_document

    def refusing(self: Store, doc: Document, report: Any, min_relevance: Any = None) -> None:
        if doc.id == "refused-1":
            raise refusal
        real(self, doc, report, min_relevance)

    monkeypatch.setattr(Store, "add_document", refusing)
    refused = {"id": "refused-1", "text": "Gunmen attacked Menaka on Friday."}
    response = fragile_client.post("/documents", json=[refused, GOOD], headers=AUTH)
    assert response.status_code == status, response.text
    if status == 201:
        assert [item["id"] for item in response.json()["documents"]] == stored
        (failed,) = response.json()["failed"]
        assert failed["id"] == "refused-1" and failed["reason"].startswith("E019 ")
    else:
        assert response.json()["title"] == "Database unavailable"


SAME_TEXT = "Rebels ambushed a convoy near Tessalit on Sunday."


@pytest.mark.parametrize(("posted", "status", "expected"), [
    ([{"id": "same1", "text": SAME_TEXT}, {"id": "same2", "text": SAME_TEXT}], 201,
     [("same1", "added"), ("same2", "duplicate")]),
    ([{"id": "dup", "text": "Gunmen attacked Menaka."}, {"id": "dup", "text": "Other."}], 422,
     "dup: posted more than once in this request"),
])
def test_repeats_within_one_post(fragile_client: TestClient, posted: list[dict[str, str]],
                                 status: int, expected: Any) -> None:
    response = fragile_client.post("/documents", json=posted, headers=AUTH)
    assert response.status_code == status, response.text
    if status == 201:
        found = [(item["id"], item["status"]) for item in response.json()["documents"]]
        assert found == expected
        assert response.json()["documents"][1]["events"] == []
        assert fragile_client.get("/documents/same2").status_code == 404
    else:
        assert response.json()["detail"] == expected
        assert fragile_client.get("/documents/dup").status_code == 404


@pytest.mark.parametrize("path", ["/events", "/healthz", "/events/ev-x", "/documents/x",
                                  "/stats/timeseries"])
def test_a_database_gone_is_503_not_500(tmp_path: Path, path: str) -> None:
    db = tmp_path / "gone.db"
    settings = WebSettings(api_token=TOKEN, stages=(), allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(str(db), settings), raise_server_exceptions=False) as client:
        with sqlite3.connect(db) as connection:  # what a deleted file leaves: no tables
            for (table,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'fused_events_fts_%'").fetchall():  # FTS5 shadows
                connection.execute(f'DROP TABLE "{table}"')
        response = client.get(path)
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Database unavailable"


@pytest.mark.parametrize(("path", "content_type"), [
    ("/events", "application/json"),
    ("/events?format=csv", "text/csv; charset=utf-8"),
    ("/", "text/html; charset=utf-8"),
    ("/healthz", "application/json"),
    ("/nowhere", PROBLEM),
])
def test_head_is_answered_like_get_without_a_body(probe_client: TestClient, path: str,
                                                  content_type: str) -> None:
    got, head = probe_client.get(path), probe_client.head(path)
    assert head.status_code == got.status_code and head.content == b""
    assert head.headers["content-type"] == content_type
    assert head.headers["content-length"] == got.headers["content-length"]
    assert head.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("accept", "status", "content_type"), [
    ("application/geo+json;q=0, application/json", 200, "application/json"),
    ("application/geo+json;q=0", 406, PROBLEM),
    ("*/*;q=0", 406, PROBLEM),
    ("application/geo+json;q=0, */*", 200, "application/json"),
    ("application/*;q=0, text/csv", 200, "text/csv; charset=utf-8"),
    ("text/csv;q=0.5, application/json", 200, "application/json"),
    ("application/geo+json, application/json", 200, "application/geo+json"),
    ("text/html,*/*;q=0.8", 200, "application/json"),
    ("text/html", 200, "application/json"),  # none of ours named: the default
])
def test_accept_qualities_are_respected(probe_client: TestClient, accept: str, status: int,
                                        content_type: str) -> None:
    response = probe_client.get("/events?limit=1", headers={"Accept": accept})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == content_type


@pytest.mark.parametrize(("name", "value", "message"), [
    ("STAGES", "bogus", "FLAREWATCH_STAGES names an unknown stage 'bogus'"),
    ("STAGES", "parse,../os", "FLAREWATCH_STAGES names an unknown stage '../os'"),
    ("MAX_PAGE_SIZE", "-1", "FLAREWATCH_MAX_PAGE_SIZE must be a positive integer, not -1"),
    ("PAGE_SIZE", "0", "FLAREWATCH_PAGE_SIZE must be a positive integer, not 0"),
    ("MAX_BODY_BYTES", "abc", "FLAREWATCH_MAX_BODY_BYTES must be an integer, not 'abc'"),
    ("MAX_DOCUMENTS", "9" * 5000, "FLAREWATCH_MAX_DOCUMENTS must be an integer, not '999"),
    ("MAX_TEXT_CHARS", "1.5", "FLAREWATCH_MAX_TEXT_CHARS must be an integer, not '1.5'"),
    ("MAX_WAITING_EXTRACTIONS", "-1",
     "FLAREWATCH_MAX_WAITING_EXTRACTIONS must be an integer of at least 0, not -1"),
    ("RESPONSE_CACHE_MIB", "-1",
     "FLAREWATCH_RESPONSE_CACHE_MIB must be an integer of at least 0, not -1"),
    ("MIN_RELEVANCE", "2", "FLAREWATCH_MIN_RELEVANCE must be from 0 to 1, not 2.0"),
    ("MIN_RELEVANCE", "nan", "FLAREWATCH_MIN_RELEVANCE must be from 0 to 1, not nan"),
    ("MIN_RELEVANCE", "high", "FLAREWATCH_MIN_RELEVANCE must be from 0 to 1, not 'high'"),
    ("ALLOWED_HOSTS", " , ", "FLAREWATCH_ALLOWED_HOSTS must name at least one host"),
])
def test_an_invalid_setting_is_refused_naming_it(monkeypatch: pytest.MonkeyPatch, name: str,
                                                 value: str, message: str) -> None:
    monkeypatch.setenv(f"FLAREWATCH_{name}", value)
    with pytest.raises(ValueError) as raised:
        WebSettings.from_env()
    assert str(raised.value).startswith(message)
    result = CliRunner().invoke(cli_app, ["serve", "--db", "unused.db"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"flarewatch: {raised.value}"


@pytest.mark.parametrize("port", ["-1", "65536"])
def test_serve_refuses_a_port_out_of_range(port: str) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--port", port])
    assert result.exit_code == 2 and "--port" in result.stderr
