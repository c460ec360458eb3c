"""Every store test runs on SQLite, and on PostgreSQL when a cluster can start
(`database_url` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flarewatch.storage import Store, open_store


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened
