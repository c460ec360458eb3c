"""Exporters of events, registered by name: plover-jsonl, acled-csv, geojson, parquet.

Every exporter, built-in or not, implements `Exporter` (base.py): a `name`, a usual
`suffix` and `write(events, path) -> rows written`. `FORMATS` maps the built-in names
to their exporters; `export` takes another mapping to use more (or other) exporters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from flarewatch.exports.acled_csv import ACLED_COLUMNS, AcledCsv
from flarewatch.exports.base import Exporter
from flarewatch.exports.geojson import GeoJson
from flarewatch.exports.parquet import Parquet
from flarewatch.exports.plover_jsonl import PloverJsonl
from flarewatch.model import Event

BUILT_IN: tuple[Exporter, ...] = (PloverJsonl(), AcledCsv(), GeoJson(), Parquet())
FORMATS: Mapping[str, Exporter] = MappingProxyType({each.name: each for each in BUILT_IN})


def export(
    events: Iterable[Event], format_name: str, path: Path,
    formats: Mapping[str, Exporter] = FORMATS,
) -> int:
    """Write `events` to `path` in the format named `format_name`; the rows written."""
    if format_name not in formats:
        raise ValueError(f"unknown export format {format_name!r}: {', '.join(formats)}")
    return formats[format_name].write(events, Path(path))


__all__ = ["ACLED_COLUMNS", "FORMATS", "Exporter", "export"]
