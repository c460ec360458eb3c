"""POST /documents: refused without a token, size-limited, validated, then stored.

The app here runs no extraction stages (`stages=()`), so documents are stored with
no events; what is tested is the HTTP side. The real pipeline runs in the browser test
that takes the dashboard screenshot.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_samples import TEST_HOSTS, TOKEN, sample_documents

from flarewatch.storage import open_store
from flarewatch.web import WebSettings, create_app
from flarewatch.web.ingest import ExtractionGate, extract_and_store
from flarewatch.web.problems import Problem

AUTH = {"Authorization": f"Bearer {TOKEN}"}
RECORD = {"id": "new-1", "text": "Troops shelled the town on Monday.", "date": "2024-03-04",
          "url": "https://example.org/new", "title": "New", "source": "Wire"}
PROBLEM = "application/problem+json"


def test_refused_when_no_token_is_configured(db_path: str) -> None:
    with TestClient(create_app(db_path, WebSettings(api_token=None, stages=(),
                                                      allowed_hosts=TEST_HOSTS))) as client:
        response = client.post("/documents", json=RECORD, headers=AUTH)
    assert response.status_code == 403 and response.headers["content-type"] == PROBLEM
    assert "FLAREWATCH_API_TOKEN" in response.json()["detail"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": TOKEN}])
def test_refused_without_the_right_token(client: TestClient, headers: dict[str, str]) -> None:
    response = client.post("/documents", json=RECORD, headers=headers)
    assert response.status_code == 401 and response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/documents/new-1").status_code == 404


def test_stores_one_record(client: TestClient) -> None:
    response = client.post("/documents", json=RECORD, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["documents_added"] == 1
    stored = client.get("/documents/new-1").json()
    assert (stored["text"], stored["date"], stored["source"]) == (
        RECORD["text"], "2024-03-04", "Wire")


def test_stores_a_list_and_skips_a_repeat(client: TestClient) -> None:
    second = {"id": "new-2", "text": "Another report."}
    first = client.post("/documents", json=[RECORD, second], headers=AUTH).json()
    again = client.post("/documents", json=[RECORD], headers=AUTH).json()
    assert first["documents_added"] == 2
    assert again["documents_added"] == 0 and again["documents_skipped_duplicate"] == 1


def test_body_over_the_limit_is_413(client: TestClient) -> None:
    big = {**RECORD, "text": "x" * 5000}  # the client fixture allows 2000 bytes
    response = client.post("/documents", json=big, headers=AUTH)
    assert response.status_code == 413 and response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400),
    (b'{"id": "a"}', 422),
    (b'{"id": "a", "text": ""}', 422),
    (b'{"id": "a", "text": "t", "date": "yesterday"}', 422),
    (b'{"id": "a", "text": "t", "colour": "red"}', 422),
    (b"[]", 422),
    (b'"just a string"', 422),
])
def test_invalid_records_are_problem_json(client: TestClient, body: bytes, status: int) -> None:
    response = client.post("/documents", content=body,
                           headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status


@pytest.mark.parametrize(("bad", "named"), [
    ({"id": "bad-date", "text": "t", "date": "not-a-date"}, "bad-date"),
    ({"id": "bad-field", "text": "t", "colour": "red"}, "bad-field"),
    ({"text": "no id"}, "#2"),
    ("just a string", "#2"),
])
def test_a_bad_record_costs_no_other(client: TestClient, bad: object, named: str) -> None:
    # Nothing good is lost: the valid record of the list is stored, the bad one named.
    response = client.post("/documents", json=[RECORD, bad], headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert [doc["id"] for doc in body["documents"]] == [RECORD["id"]]
    assert [item["id"] for item in body["failed"]] == [named]
    assert body["failed"][0]["reason"]


def test_a_list_of_bad_records_is_422_naming_each(client: TestClient) -> None:
    bad = [{"id": "x", "text": ""}, {"id": "y", "text": "t", "date": "soon"}]
    response = client.post("/documents", json=bad, headers=AUTH)
    assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
    assert [item["id"] for item in response.json()["failed"]] == ["x", "y"]


def test_too_many_documents_is_422(db_path: str) -> None:
    settings = WebSettings(api_token=TOKEN, stages=(), max_documents=1,
                           allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(db_path, settings)) as client:
        response = client.post("/documents", json=[RECORD, {**RECORD, "id": "b"}],
                               headers=AUTH)
    assert response.status_code == 422


def test_runs_the_configured_stages(db_path: str) -> None:
    # `finalize` needs no model: it proves the posted documents go through run_each.
    settings = WebSettings(api_token=TOKEN, stages=("finalize",), allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(db_path, settings)) as client:
        response = client.post("/documents", json=RECORD, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["documents"] == [{"id": "new-1", "status": "added", "events": []}]


def test_min_relevance_setting_keeps_low_documents_without_events(db_path: str) -> None:
    # New texts and ids for two sample documents; the one below the threshold loses its events.
    low, high = sample_documents()[0], sample_documents()[1]
    low.id, low.text, low.relevance = "low-1", low.text + " Again.", 0.2
    high.id, high.text = "high-1", high.text + " Again."
    for event in (*low.events, *high.events):
        event.id = event.id + "-again"
    settings = WebSettings(stages=(), min_relevance=0.3)
    with open_store(db_path) as store:
        report = extract_and_store(store, [low, high], settings, threading.Lock())
    assert (report["documents_added"], report["documents_below_relevance"]) == (2, 1)
    assert report["events_added"] == len(high.events)


@pytest.mark.parametrize(("length", "status"), [(10, 201), (11, 413)])
def test_text_length_is_bounded_by_the_setting(db_path: str, length: int, status: int) -> None:
    settings = WebSettings(api_token=TOKEN, stages=(), max_text_chars=10,
                           allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(db_path, settings)) as client:
        response = client.post("/documents", json={"id": "long-1", "text": "x" * length},
                               headers=AUTH)
    assert response.status_code == status, response.text
    if status == 413:
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["detail"].startswith("long-1:")


def test_the_gate_admits_one_running_and_the_waiting_limit() -> None:
    gate = ExtractionGate(waiting=1)
    with gate.admit(), gate.admit():
        with pytest.raises(Problem) as raised, gate.admit():
            pass
        assert raised.value.status == 503 and raised.value.headers["Retry-After"].isdigit()
    with gate.admit():  # the places are free again
        assert gate.admitted == 1


def test_a_post_beyond_the_waiting_limit_is_503(
        db_path: str, slow_extraction: tuple[threading.Event, threading.Event]
) -> None:
    started, release = slow_extraction
    settings = WebSettings(api_token=TOKEN, stages=(), max_waiting_extractions=0,
                           allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(db_path, settings)) as client:
        first: list[Any] = []
        worker = threading.Thread(target=lambda: first.append(
            client.post("/documents", json=RECORD, headers=AUTH)))
        worker.start()
        assert started.wait(timeout=30)
        second = client.post("/documents", json={**RECORD, "id": "new-2"}, headers=AUTH)
        release.set()
        worker.join(timeout=30)
    assert second.status_code == 503 and second.headers["content-type"] == PROBLEM
    assert int(second.headers["retry-after"]) > 0
    assert first[0].status_code == 201, first[0].text


def test_ingest_limits_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    from flarewatch.ingest import MAX_TEXT_CHARS

    assert (WebSettings().max_text_chars, WebSettings().max_waiting_extractions) == (
        MAX_TEXT_CHARS, 4)
    monkeypatch.setenv("FLAREWATCH_MAX_TEXT_CHARS", "5000")
    monkeypatch.setenv("FLAREWATCH_MAX_WAITING_EXTRACTIONS", "0")
    settings = WebSettings.from_env()
    assert (settings.max_text_chars, settings.max_waiting_extractions) == (5000, 0)
