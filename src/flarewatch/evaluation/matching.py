"""Pieces every scorer shares: greedy one-to-one pairing and great-circle distance."""

from __future__ import annotations

import math
from collections.abc import Iterable

EARTH_RADIUS_KM = 6371.0088  # the mean radius


def one_to_one(ordered: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pairs (i, j) taken greedily in the given order, each i and each j used once."""
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for i, j in ordered:
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((i, j))
    return pairs


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlon = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
