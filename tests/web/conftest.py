"""A store filled with hand-made documents, and an API client over it.

Every API test runs on SQLite, and on PostgreSQL when a cluster can start
(`database_url` in tests/conftest.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_samples import TEST_HOSTS, TOKEN, sample_documents

from flarewatch.storage import open_store
from flarewatch.web import WebSettings, create_app
from pg_cluster import fresh_schema_url


@pytest.fixture
def db_path(database_url: str) -> str:
    """The URL (or SQLite path) of a store holding `sample_documents()`."""
    with open_store(database_url) as store:
        store.add_documents(sample_documents())
    return database_url


@pytest.fixture
def client(db_path: str) -> Iterator[TestClient]:
    settings = WebSettings(api_token=TOKEN, stages=(), max_body_bytes=2000, page_size=2,
                           allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(db_path, settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def probe_client(request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app over the samples with the default limits (1 MB bodies, 200,000-character
    texts), one a backend for a whole module: for requests that must not change the store.
    Server errors come back as 500 responses, not raised."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("probes") / "web.db")
    else:
        url = fresh_schema_url(request.getfixturevalue("postgres_server"))
    with open_store(url) as store:
        store.add_documents(sample_documents())
    settings = WebSettings(api_token=TOKEN, stages=(), allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(url, settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def broken_client(db_path: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client whose GET /events fails with an unexpected error ("secret internals")."""
    def broken(*_args: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("flarewatch.web.queries.events_page", broken)
    app = create_app(db_path, WebSettings(allowed_hosts=TEST_HOSTS))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def slow_extraction(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """POST /documents' extraction held until the second event is set; the first is set
    once it runs."""
    started, release = threading.Event(), threading.Event()

    def slow_run_each(docs: list[Any], _stages: Any) -> list[Any]:
        started.set()
        release.wait(timeout=30)
        return docs

    monkeypatch.setattr("flarewatch.web.ingest.run_each", slow_run_each)
    return started, release
