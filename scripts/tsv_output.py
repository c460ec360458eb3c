"""Writing the project's TSV data files, shared by the converter scripts."""

from __future__ import annotations

import csv
from pathlib import Path


def write_tsv(path: Path, rows: list[dict[str, str]]) -> None:
    """A header row from the first row's keys, tab-separated, `\\n` line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t",
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
