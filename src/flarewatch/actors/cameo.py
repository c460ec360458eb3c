"""CAMEO <-> PLOVER tables (PLOVER CAMEO2PLOVER-2021, CC BY-SA 4.0).

`cameo_root` gives the two-digit CAMEO root code a PLOVER type (and mode) maps back to;
`quad_class` the PLOVER/CAMEO quad category (1 verbal cooperation .. 4 material conflict).
"""

from __future__ import annotations

import csv
from functools import cache

from flarewatch.paths import DATA_DIR

CAMEO_DIR = DATA_DIR / "cameo"


@cache
def _inverse_table() -> dict[tuple[str, str], tuple[str, int | None]]:
    with (CAMEO_DIR / "plover2cameo.tsv").open(encoding="utf-8") as handle:
        return {
            (row["plover"], row["mode"]): (
                row["cameo_root"], int(row["quad_class"]) if row["quad_class"] else None
            )
            for row in csv.DictReader(handle, delimiter="\t")
        }


@cache
def cameo_to_plover() -> dict[str, tuple[str, str | None]]:
    """CAMEO code (e.g. "194") -> (PLOVER type, mode or None)."""
    with (CAMEO_DIR / "cameo2plover.tsv").open(encoding="utf-8") as handle:
        return {
            row["cameo"]: (row["plover"], row["mode"] or None)
            for row in csv.DictReader(handle, delimiter="\t")
        }


def cameo_root(plover_type: str, mode: str | None = None) -> str | None:
    """The CAMEO root code of a PLOVER type + mode; a mode CAMEO lacks falls back to the type."""
    table = _inverse_table()
    found = table.get((plover_type, mode or "")) or table.get((plover_type, ""))
    return found[0] if found else None


def quad_class(plover_type: str) -> int | None:
    found = _inverse_table().get((plover_type, ""))
    return found[1] if found else None
