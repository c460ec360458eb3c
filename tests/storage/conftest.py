"""Every store test runs on SQLite, and on a throwaway PostgreSQL cluster when one can start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import fresh_schema_url, throwaway_cluster, unavailable_reason

from flarewatch.storage import Store, open_store


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"PostgreSQL: {reason}")
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    return fresh_schema_url(request.getfixturevalue("postgres_server"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened
