"""Concurrent first use of a new database: writers that open it at the same moment all
succeed, the schema is migrated once, and every document of every writer is stored.

Real OS processes (multiprocessing 'spawn') race on a new SQLite file, or on a new
PostgreSQL schema. Each test runs FLAREWATCH_RACE_TRIALS trials (default 5; set 20 for
a benchmark-like check) of FLAREWATCH_RACE_WRITERS writers (default 2; "2,3" runs both)
and reports how many trials were clean. About a second a trial.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from store_workers import Trial, doc_ids, race

from flarewatch.storage.migrate import HEAD_REVISION
from pg_cluster import fresh_schema_url

TRIALS = int(os.environ.get("FLAREWATCH_RACE_TRIALS", "5"))
WRITERS = [int(count) for count in os.environ.get("FLAREWATCH_RACE_WRITERS", "2").split(",")]
DOCS_EACH = 5


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[int], str]:
    """A factory of new, empty databases: trial number -> URL or path."""
    if request.param == "sqlite":
        return lambda trial: str(tmp_path / f"trial-{trial}.db")
    server = request.getfixturevalue("postgres_server")
    return lambda _trial: fresh_schema_url(server)


def problems(trial: Trial, writers: int) -> list[str]:
    """What went wrong in one trial; [] for a clean one."""
    expected = {doc_id for writer in range(writers) for doc_id in doc_ids(writer, DOCS_EACH)}
    found = list(trial.errors)
    if trial.exit_codes != [0] * writers:
        found.append(f"exit codes {trial.exit_codes}")
    if trial.stored_ids != expected:
        found.append(f"missing documents {sorted(expected - trial.stored_ids)}")
    if trial.revisions != {HEAD_REVISION}:
        found.append(f"revisions {trial.revisions}")
    return found


@pytest.mark.parametrize("writers", WRITERS)
def test_writers_racing_on_a_new_database_all_succeed(
    new_database: Callable[[int], str], writers: int
) -> None:
    outcomes = [problems(race(new_database(trial), writers, DOCS_EACH), writers)
                for trial in range(TRIALS)]
    failed = [found for found in outcomes if found]
    assert failed == [], f"{TRIALS - len(failed)} of {TRIALS} trials clean: {failed}"
