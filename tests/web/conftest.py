"""A store filled with hand-made documents, and an API client over it.

Every API test runs on SQLite, and on PostgreSQL when a cluster can start
(`database_url` in tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_samples import TOKEN, sample_documents

from flarewatch.storage import open_store
from flarewatch.web import WebSettings, create_app


@pytest.fixture
def db_path(database_url: str) -> str:
    """The URL (or SQLite path) of a store holding `sample_documents()`."""
    with open_store(database_url) as store:
        store.add_documents(sample_documents())
    return database_url


@pytest.fixture
def client(db_path: str) -> Iterator[TestClient]:
    settings = WebSettings(api_token=TOKEN, stages=(), max_body_bytes=2000, page_size=2)
    with TestClient(create_app(db_path, settings)) as test_client:
        yield test_client
