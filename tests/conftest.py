"""Shared fixtures: the `../shared` data beside the checkout, skipped cleanly when absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.paths import shared_dir


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if not (path / "data").is_dir():
        pytest.skip(f"shared data not found at {path} (set FLAREWATCH_SHARED)")
    return path
