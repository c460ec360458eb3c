"""GeoJSON (RFC 7946): a FeatureCollection of the events that have a location.

Each feature is a Point at the event location ([lon, lat], WGS 84) whose properties are
the contract event JSON (`mentions`, every telling, among them); a fused record's also
carry its `sources` and `size_range` (contract: "Fused events") and `source_count`, the
number of reporting documents, for map styling (per-document events have none of the
three). Events without
`event_loc` have no geometry and are left out (the returned count says how many were
written). Features are streamed, not held.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flarewatch.model import Event
from flarewatch.serialize import event_to_dict


def feature(event: Event) -> dict[str, Any]:
    assert event.event_loc is not None
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [event.event_loc.lon, event.event_loc.lat]},
        "properties": properties(event),
    }


def properties(event: Event) -> dict[str, Any]:
    """The contract event JSON, with `source_count` beside a fused record's `sources`."""
    found = event_to_dict(event)
    if "sources" in found:
        found["source_count"] = len(found["sources"])
    return found


class GeoJson:
    name = "geojson"
    suffix = ".geojson"
    leaves_out = "without a place, as a feature needs a point"

    def write(self, events: Iterable[Event], path: Path) -> int:
        written = 0
        with path.open("w", encoding="utf-8") as out:
            out.write('{"type": "FeatureCollection", "features": [\n')
            for event in events:
                if event.event_loc is None:
                    continue
                out.write(",\n" if written else "")
                out.write(json.dumps(feature(event), ensure_ascii=False))
                written += 1
            out.write("\n]}\n")
        return written
