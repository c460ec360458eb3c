"""The one interface every exporter, built-in or not, implements."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from flarewatch.model import Event


class Exporter(Protocol):
    """Writes events to one file in one format; returns the number of rows written."""

    name: str  # the `--format` name, e.g. "acled-csv"
    suffix: str  # the usual file suffix, e.g. ".csv"
    # optional `leaves_out`: which events the format does not write ("without a place"),
    # told when a command writes fewer rows than it read

    def write(self, events: Iterable[Event], path: Path) -> int: ...


# A cell starting with one of these runs as a formula when a spreadsheet opens the CSV
# (OWASP, "CSV Injection"); article text is untrusted, so such a cell gets a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(value: object) -> object:
    """A CSV cell that cannot run as a formula (numbers are left as numbers)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value
