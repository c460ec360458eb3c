"""Shared fixtures: the `../shared` data beside the checkout, and the databases tests run on.

Both skip cleanly when their part is absent (no `../shared`, no PostgreSQL binaries).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from flarewatch.paths import shared_dir
from pg_cluster import fresh_schema_url, throwaway_cluster, unavailable_reason


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not (path / "data").is_dir():
        pytest.skip(f"shared data not found at {path} (set FLAREWATCH_SHARED)")
    return path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """One throwaway PostgreSQL cluster on 127.0.0.1 for the whole test session."""
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"PostgreSQL: {reason}")
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, then a fresh schema in the PostgreSQL cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "flarewatch.db")
    return fresh_schema_url(request.getfixturevalue("postgres_server"))
