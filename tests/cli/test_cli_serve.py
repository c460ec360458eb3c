"""`flarewatch serve --workers N`: one process, or N sharing the port (uvicorn's supervisor),
each building the app from $FLAREWATCH_DB."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from flarewatch.cli import app
from flarewatch.web.app import APP_FACTORY, DB_VARIABLE


def captured_run(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    """Calls of `uvicorn.run` as (app, keyword arguments, with $FLAREWATCH_DB then)."""
    import uvicorn

    calls: list[tuple[Any, dict[str, Any]]] = []

    def run(target: Any, **kwargs: Any) -> None:
        calls.append((target, {**kwargs, "db": os.environ.get(DB_VARIABLE)}))

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.delenv(DB_VARIABLE, raising=False)  # restored after the test
    return calls


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_serve_runs_the_asked_number_of_processes(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  workers: int) -> None:
    calls = captured_run(monkeypatch)
    db = tmp_path / "served.db"
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--port", "8123",
                                      "--workers", str(workers)])
    assert result.exit_code == 0, result.output
    [(target, kwargs)] = calls
    assert (kwargs["host"], kwargs["port"]) == ("127.0.0.1", 8123)
    if workers == 1:
        assert not isinstance(target, str) and "workers" not in kwargs
        assert kwargs["db"] is None
        return
    # Workers import the factory; the store they read is migrated before they start.
    assert (target, kwargs["factory"], kwargs["workers"]) == (APP_FACTORY, True, workers)
    assert kwargs["db"] == f"sqlite:///{db}"
    assert "alembic_version" in sa.inspect(sa.create_engine(kwargs["db"])).get_table_names()


@pytest.mark.parametrize("workers", ["0", "-2", "257"])
def test_serve_refuses_a_number_of_workers_out_of_range(workers: str) -> None:
    result = CliRunner().invoke(app, ["serve", "--workers", workers])
    assert result.exit_code == 2 and "--workers" in result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_two_workers_answer_on_one_port(tmp_path: Path) -> None:
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("FLAREWATCH_")}
    command = [sys.executable, "-m", "flarewatch", "serve", "--db", str(tmp_path / "w.db"),
               "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        statuses = answers(f"http://127.0.0.1:{port}", ["/healthz", "/events", "/stats/timeseries"])
    finally:
        server.terminate()
        _out, log = server.communicate(timeout=30)
    assert statuses == [200, 200, 200]
    assert log.count("Started server process") == 2, log


def answers(base: str, paths: list[str], wait_s: float = 60) -> list[int]:
    """The statuses of GET `paths`, once the server answers (within `wait_s`)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return [httpx.get(base + path, timeout=10).status_code for path in paths]
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
