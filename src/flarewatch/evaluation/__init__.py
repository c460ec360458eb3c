"""Scoring against gold sets (shared eval/SCORING.md)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path


def file_argument(argv: Sequence[str], usage: str) -> Path | None:
    """The first argument that is no option (`--...`, or the value after `--examples`), as
    a file that exists; None after printing `usage` and what is wrong with it on standard
    error (the diagnostic commands then exit with status 2, never a traceback)."""
    values = [a for i, a in enumerate(argv)
              if not a.startswith("--") and (i == 0 or argv[i - 1] != "--examples")]
    if not values:
        print(f"usage: {usage}", file=sys.stderr)
        return None
    path = Path(values[0])
    if not path.is_file():
        print(f"{path}: no such file\nusage: {usage}", file=sys.stderr)
        return None
    return path
