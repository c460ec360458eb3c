"""Readers for the test tables in tests/data (shared by several test modules)."""

from __future__ import annotations

import ast
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def bad_inputs() -> list[tuple[str, bytes, str]]:
    """(file name, its bytes, the error code it must give) from bad_inputs.tsv."""
    rows = []
    for line in (DATA / "bad_inputs.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, literal, code, _why = line.split("\t")
            rows.append((name, ast.literal_eval(literal), code))
    return rows
