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

    def write(self, events: Iterable[Event], path: Path) -> int: ...
