"""A throwaway PostgreSQL cluster for tests, from the Debian `postgresql` package.

`throwaway_cluster()` runs initdb + pg_ctl from /usr/lib/postgresql/*/bin in a temp
dir, listening on 127.0.0.1 at a free port with trust auth, and yields its URL. initdb
refuses to run as root, so as root the cluster runs as the `postgres` system user
(created by the Debian package) through `runuser`. `unavailable_reason()` says why
no cluster can be started here (then the PostgreSQL tests skip with that reason).
"""

from __future__ import annotations

import glob
import importlib.util
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVICE_USER = "postgres"
SCHEMA_NUMBERS = itertools.count()


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def unavailable_reason() -> str | None:
    if postgres_bin() is None:
        return "no PostgreSQL server binaries (apt-get install postgresql)"
    if importlib.util.find_spec("psycopg") is None:
        return "no psycopg driver (pip install 'psycopg[binary]')"
    if os.geteuid() == 0 and not has_user(SERVICE_USER):
        return f"running as root and no {SERVICE_USER!r} user to run initdb as"
    return None


def has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def as_service_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", SERVICE_USER, "--", *command] if os.geteuid() == 0 else command


def run(command: list[str]) -> None:
    subprocess.run(as_service_user(command), check=True, capture_output=True, timeout=120)


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a cluster, yield `postgresql://postgres@127.0.0.1:PORT/postgres`, remove it."""
    bin_dir = postgres_bin()
    assert bin_dir is not None, unavailable_reason()
    root = Path(tempfile.mkdtemp(prefix="flarewatch-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, user=SERVICE_USER)
    data, port = root / "data", free_port()
    run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
         "--encoding=UTF8", "--no-sync"])
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
         "-w", "start"])
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


def fresh_schema_url(server_url: str) -> str:
    """A URL whose tables live in a new, empty schema (much faster than a new database)."""
    import psycopg

    name = f"flarewatch_test_{os.getpid()}_{next(SCHEMA_NUMBERS)}"
    base_url = server_url.split("?", 1)[0]
    with psycopg.connect(base_url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {name}")
    # public after it: where PostGIS lives (migration 0008 installs it there)
    return f"{base_url}?options=-csearch_path%3D{name}%2Cpublic"
