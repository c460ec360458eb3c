"""PLOVER JSONL: the contract event JSON (`serialize.event_to_dict`), one event a line.

Each line carries `mentions`, every telling of the incident in its document (text order);
a fused record's line also carries `sources` (every reporting document, oldest first) and
`size_range` (the tolls where they disagree), as the contract's "Fused events" has them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from flarewatch.model import Event
from flarewatch.serialize import event_to_dict


class PloverJsonl:
    name = "plover-jsonl"
    suffix = ".jsonl"

    def write(self, events: Iterable[Event], path: Path) -> int:
        written = 0
        with path.open("w", encoding="utf-8") as out:
            for event in events:
                out.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
                written += 1
        return written
