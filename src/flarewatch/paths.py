"""Where the project's data files and the shared evaluation data live."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
REPO_DIR = PACKAGE_DIR.parent.parent


def shared_dir() -> Path:
    """`../shared` beside the checkout, or `FLAREWATCH_SHARED` if set."""
    configured = os.environ.get("FLAREWATCH_SHARED")
    return Path(configured) if configured else REPO_DIR.parent / "shared"


def cache_dir() -> Path:
    """Built indexes (gazetteer, actor automaton): rebuilt by scripts, never committed."""
    configured = os.environ.get("FLAREWATCH_CACHE")
    path = Path(configured) if configured else REPO_DIR / ".cache"
    path.mkdir(parents=True, exist_ok=True)
    return path
