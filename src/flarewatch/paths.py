"""Where the project's data files, the built indexes and the shared evaluation data live.

Nothing here touches the disk at import time: an installed wheel (no checkout, no
`../shared`) imports it like a source checkout does.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
REPO_DIR = PACKAGE_DIR.parent.parent  # the checkout, when running from one (`src/flarewatch`)


def shared_dir() -> Path:
    """`../shared` beside the checkout, or `FLAREWATCH_SHARED` if set (evaluation data only)."""
    configured = os.environ.get("FLAREWATCH_SHARED")
    return Path(configured) if configured else REPO_DIR.parent / "shared"


def in_checkout() -> bool:
    """Whether the package runs from a source checkout (a `pyproject.toml` at `REPO_DIR`),
    editable installs included, rather than from an installed wheel."""
    return (REPO_DIR / "pyproject.toml").is_file()


def user_cache_dir() -> Path:
    """The per-user cache folder: `$XDG_CACHE_HOME/flarewatch`, else `~/.cache/flarewatch`
    (the XDG base directory specification: a relative `XDG_CACHE_HOME` is ignored)."""
    configured = Path(os.environ.get("XDG_CACHE_HOME") or ".")
    base = configured if configured.is_absolute() else Path.home() / ".cache"
    return base / "flarewatch"


def cache_dir() -> Path:
    """Built indexes (gazetteer, actor automaton), created if missing: `$FLAREWATCH_CACHE`,
    else the checkout's `.cache/`, else `user_cache_dir()` for an installed package.
    Rebuilt from the package data, never committed. Raises OSError if it cannot be created."""
    configured = os.environ.get("FLAREWATCH_CACHE")
    if configured:
        path = Path(configured)
    else:
        path = REPO_DIR / ".cache" if in_checkout() else user_cache_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path
