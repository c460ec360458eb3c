"""Gazetteer look-up by name, for `flarewatch gazetteer lookup NAME`."""

from __future__ import annotations

from flarewatch.geo.index import load_gazetteer, to_place
from flarewatch.geo.resolve import ranked
from flarewatch.model import Place


def lookup(name: str, limit: int = 10) -> list[Place]:
    """The places a name may denote, likeliest first (the resolver's score without context)."""
    candidates = load_gazetteer().candidates(name)
    return [to_place(candidate, name) for candidate in ranked(name, candidates)[:limit]]
