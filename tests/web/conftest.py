"""A store filled with hand-made documents, and an API client over it.

Every API test runs on SQLite, and on a throwaway PostgreSQL cluster when one can start
(the cluster helper of the storage tests is reused).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_samples import TOKEN, sample_documents

from flarewatch.storage import open_store
from flarewatch.web import WebSettings, create_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "storage"))
from pg_cluster import (  # noqa: E402
    fresh_schema_url,
    throwaway_cluster,
    unavailable_reason,
)


@pytest.fixture(scope="session")
def web_postgres_server() -> Iterator[str]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"PostgreSQL: {reason}")
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_path(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL (or SQLite path) of a store holding `sample_documents()`."""
    if request.param == "sqlite":
        url = str(tmp_path / "web.db")
    else:
        url = fresh_schema_url(request.getfixturevalue("web_postgres_server"))
    with open_store(url) as store:
        store.add_documents(sample_documents())
    return url


@pytest.fixture
def client(db_path: str) -> Iterator[TestClient]:
    settings = WebSettings(api_token=TOKEN, stages=(), max_body_bytes=2000, page_size=2)
    with TestClient(create_app(db_path, settings)) as test_client:
        yield test_client
