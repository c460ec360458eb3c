"""Fused ids (flarewatch.fusion.layer.fused_ids, step 5) are unique: a cluster whose every
event id names another record is named by a hash of its events that no other record has.

The first case is the one that stopped a bulk load of 10,000 synthetic reports (UNIQUE
constraint failed: fused_events.id): e1's record, named by its event id, took sources and
kept its name when e1 left it; e1 alone was named by the hash of {e1}; that record took
two sources and kept the hash name when e1 left it again; e1 alone hashed to it once more.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from flarewatch.fusion.blocking import Member
from flarewatch.fusion.layer import fused_ids, hashed_ids
from flarewatch.storage import Store, open_store
from flarewatch.storage.schema import fused_events

Cluster = list[tuple[str, str | None]]  # (event id, the fused id it had)

# A stored record's columns that may not be NULL, any value.
RECORD = {"doc_id": "d", "event": "ASSAULT", "casualties": {}, "modality": "reported",
          "event_text": "shelled", "evidence_start": 0, "evidence_end": 7,
          "evidence_sentence": 0, "trigger_start": 0, "trigger_end": 7, "confidence": 0.5,
          "mentions": [], "source_count": 1, "sources": [], "size_range": {},
          "explanation": {}}


def hashed(event_id: str, number: int = 0) -> str:
    """The `number`-th hashed name of the cluster {event_id}."""
    names = hashed_ids([Member({"id": event_id})])
    return [next(names) for _ in range(number + 1)][-1]


def cluster(*members: tuple[str, str | None]) -> Cluster:
    return list(members)


FOUNDER_LEFT_TWICE = [cluster(("e1", hashed("e1"))),
                      cluster(("e2", hashed("e1")), ("e3", hashed("e1"))),
                      cluster(("e4", "e1"), ("e5", "e1"))]

# (clusters of the pool, stored records outside it, the ids expected)
CASES = [
    (FOUNDER_LEFT_TWICE, [], [hashed("e1", 1), hashed("e1"), "e1"]),
    (FOUNDER_LEFT_TWICE, [hashed("e1", 1)], [hashed("e1", 2), hashed("e1"), "e1"]),
    ([cluster(("e1", None))], ["e1", hashed("e1")], [hashed("e1", 1)]),
    ([cluster(("e1", None)), cluster(("e2", None))], ["e1"], [hashed("e1"), "e2"]),
    ([cluster(("e1", "e1"), ("e2", "e1")), cluster(("e3", None))], [], ["e1", "e3"]),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "ids.db")) as opened:
        yield opened


def members(clusters: list[Cluster]) -> list[list[Member]]:
    return [[Member({"id": event_id, "fused_id": fused}) for event_id, fused in found]
            for found in clusters]


@pytest.mark.parametrize(("clusters", "outside", "expected"), CASES)
def test_fused_ids_are_unique_and_free(store: Store, clusters: list[Cluster],
                                       outside: list[str], expected: list[str]) -> None:
    groups = members(clusters)
    old = {m["fused_id"] for group in groups for m in group if m["fused_id"]}
    with store.engine.begin() as connection:
        stored = [{**RECORD, "id": name} for name in sorted(old | set(outside))]
        connection.execute(fused_events.insert(), stored)
        chosen = fused_ids(connection, groups, old)
        assert chosen == expected
        assert len(set(chosen)) == len(chosen)
        assert not set(chosen) & set(outside)
        assert fused_ids(connection, groups, old) == chosen
        connection.execute(fused_events.delete().where(fused_events.c.id.in_(sorted(old))))
        connection.execute(fused_events.insert(), [{**RECORD, "id": name} for name in chosen])
        assert connection.execute(sa.select(sa.func.count()).select_from(fused_events)
                                  ).scalar() == len(outside) + len(chosen)
