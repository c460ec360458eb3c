"""The geoparser: an offline gazetteer, toponym recognition, resolution and event locations.

Public API (imports are lazy, so `import flarewatch.geo` loads nothing heavy):
    build_index(force=False) -> Path         build the gazetteer cache (auto-built on first use)
    lookup(name, limit=10) -> list[Place]    gazetteer entries for a name, likeliest first
    geoparse(text, mentions) -> list[Place]  every toponym of a text, resolved
    event_location(doc, event) -> Place | None   where an event happened, None if untold
"""

from __future__ import annotations

from pathlib import Path

from flarewatch.model import Document, Event, Mention, Place

__all__ = ["build_index", "event_location", "geoparse", "lookup"]


def build_index(force: bool = False) -> Path:
    from flarewatch.geo.build import build_index as build

    return build(force)


def lookup(name: str, limit: int = 10) -> list[Place]:
    from flarewatch.geo.lookup import lookup as look_up

    return look_up(name, limit)


def geoparse(text: str, mentions: list[Mention]) -> list[Place]:
    from flarewatch.geo.geoparse import geoparse as parse_places

    return parse_places(text, mentions)


def event_location(doc: Document, event: Event) -> Place | None:
    from flarewatch.geo.locate import event_location as locate

    return locate(doc, event)
