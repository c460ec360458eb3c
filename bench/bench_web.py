"""Latency and throughput of the web API over a large synthetic event store.

    python bench/bench_web.py                 # 1,000,000 events (generated once, cached)
    python bench/bench_web.py --events 100000 --requests 20
    python bench/bench_web.py --postgres      # the same store copied into PostgreSQL
    python bench/bench_web.py --postgres-copied URL   # ... copied there by an earlier run
    python bench/bench_web.py --db STORE --only fused=false --latency-only   # some rows

The store is SQLite under `flarewatch.paths.cache_dir()`, built by the real migrations
and filled with plausible events, each its own one-source fused record (30 countries of
unequal weight, 16 PLOVER types, five years of dates, points scattered around each
country's centre), and their daily counts (a store cached before migration 0009 gets
them when it is migrated, before the timing). The app runs in uvicorn subprocesses on
127.0.0.1, as `flarewatch serve --workers N` runs it. Latency is measured one request at a
time with varied parameters (p50 / p95 per kind of query), with the server's response
cache off (every request answered by the database) and on (`web.cache`: a request
identical to an earlier one, while the store is unchanged, is answered from memory).
Throughput is measured with 20 concurrent keep-alive clients, with 1 and 2 server
processes, cache off and on. The clients are cheap on purpose, since they share the
machine's cores with the server: one request at a time on `http.client` for latency, and
for throughput raw HTTP/1.1 over asyncio streams (no HTTP library), in one process. Beside
each figure, the CPU time the server's processes spent per request (Linux /proc; not
PostgreSQL's own), which other work on the cores changes far less than the times. The
table ends with the machine's load averages before and after (other work on the cores).
Prints a Markdown table.

With `--postgres` the cached SQLite store is copied into PostgreSQL (a throwaway cluster
from tests/pg_cluster.py, or `--postgres-url`): the schema made by the migrations (with
PostGIS points and the `tsvector` column where PostGIS is installed), each table's rows
by COPY with its indexes deferred (`storage.deferral`), then VACUUM ANALYZE (what
autovacuum does on its own after a large load: planner statistics, and the visibility map
that lets index-only scans skip the table), and the server runs against it.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import http.client
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TypeVar

import httpx

from flarewatch.model import MODALITIES, PLOVER_TYPES
from flarewatch.paths import cache_dir
from flarewatch.storage import counts, open_store
from flarewatch.web.app import APP_FACTORY

# ISO3, weight, centre lat, centre lon, spread in degrees
COUNTRIES = [
    ("UKR", 30, 48.5, 33.0, 4), ("SYR", 18, 35.0, 38.5, 2), ("SDN", 12, 14.0, 30.0, 4),
    ("MLI", 8, 16.0, -2.0, 4), ("NGA", 10, 9.0, 8.0, 4), ("COD", 10, -2.0, 24.0, 5),
    ("SOM", 8, 4.0, 45.5, 3), ("YEM", 9, 15.5, 47.5, 2), ("AFG", 8, 34.0, 66.0, 3),
    ("IRQ", 6, 33.0, 43.5, 3), ("MMR", 9, 21.0, 96.0, 3), ("ETH", 7, 9.0, 39.5, 4),
    ("BFA", 6, 12.3, -1.5, 2), ("NER", 4, 16.0, 8.0, 4), ("ISR", 8, 31.5, 34.9, 0.6),
    ("PSE", 9, 31.8, 35.0, 0.4), ("LBN", 4, 33.9, 35.8, 0.5), ("RUS", 8, 55.0, 40.0, 6),
    ("AZE", 2, 40.3, 47.5, 1.5), ("ARM", 2, 40.2, 44.8, 0.8), ("COL", 4, 4.5, -74.0, 3),
    ("MEX", 5, 23.0, -102.0, 5), ("HTI", 3, 19.0, -72.5, 0.7), ("PAK", 5, 30.0, 70.0, 4),
    ("IND", 4, 24.0, 80.0, 6), ("PHL", 3, 12.0, 123.0, 3), ("LBY", 3, 27.0, 17.0, 4),
    ("MOZ", 2, -13.0, 39.5, 2), ("CMR", 3, 6.0, 12.0, 3), ("VEN", 2, 7.0, -66.0, 3),
]
TYPE_WEIGHTS = [2, 3, 2, 1, 2, 2, 1, 2, 4, 2, 3, 2, 14, 3, 10, 30]
SECTORS = ["MIL", "GOV", "REB", "CVL", "COP", "UAF", "UNK"]
MODES = {"ASSAULT": ["heavy-weapons", "aerial", "drone", "firearms", "explosives"],
         "PROTEST": ["demonstrate", "riot"], "COERCE": ["seize", "arrest"]}
ACLED = {"ASSAULT": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         "PROTEST": ("Protests", "Peaceful protest")}
START = dt.date(2020, 1, 1)
DAYS = 5 * 365
EVENTS_PER_DOCUMENT = 10
BATCH = 20_000
EVENT_COLUMNS = (
    "id", "doc_id", "event", "mode", "acled_event_type", "acled_sub_event_type",
    "actor_text", "actor_code", "actor_sector", "actor_other_sectors",
    "recipient_text", "recipient_code", "recipient_sector", "recipient_other_sectors",
    "place_text", "place_name", "place_lat", "place_lon", "place_country", "place_precision",
    "date", "enddate", "date_precision", "dead", "casualties", "modality", "event_text",
    "evidence_start", "evidence_end", "evidence_sentence", "trigger_start", "trigger_end",
    "confidence", "mentions",
)
FUSION_COLUMNS = ("fused_id", "component", "fusion_country")
FUSED_COLUMNS = ("source_count", "sources", "size_range", "explanation")
DOCUMENT_COLUMNS = (
    "id", "content_hash", "url", "title", "date", "source", "language", "text", "ingested_at",
    "relevance",
)
RELEVANCE = 0.9  # every synthetic report is about political violence


# ---- the synthetic store -------------------------------------------------------------

def synthetic_event(number: int, rng: random.Random) -> tuple[object, ...]:
    code, _, lat, lon, spread = rng.choices(COUNTRIES, weights=[c[1] for c in COUNTRIES])[0]
    kind = rng.choices(PLOVER_TYPES, weights=TYPE_WEIGHTS)[0]
    day = START + dt.timedelta(days=int(DAYS * rng.random() ** 0.8))
    span = 0 if rng.random() < 0.9 else rng.randint(1, 30)
    target = rng.choice(COUNTRIES)[0] if rng.random() < 0.3 else code
    dead = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 30]) if kind == "ASSAULT" else None
    acled = ACLED.get(kind, (None, None))
    return (
        f"ev-{number:09d}", f"doc-{number // EVENTS_PER_DOCUMENT:08d}", kind,
        rng.choice(MODES.get(kind, [None])), *acled,
        f"{code} forces", code, rng.choice(SECTORS), "[]",
        "people", target, rng.choice(SECTORS), "[]",
        f"Town {number % 500}", f"Town {number % 500}", lat + rng.gauss(0, spread),
        lon + rng.gauss(0, spread), code, "town",
        day.isoformat(), (day + dt.timedelta(days=span)).isoformat(), "day", dead, "[]",
        rng.choices(MODALITIES, weights=[50, 30, 8, 3, 3, 3, 1, 2])[0],
        f"{kind.lower()} near town {number % 500}", 0, 80, 0, 10, 20, round(rng.random(), 3),
        "[]",
    )


def fused(event: tuple[object, ...]) -> tuple[object, ...]:
    """A synthetic event as its own one-source fused record (`fused_events` row)."""
    values = dict(zip(EVENT_COLUMNS, event, strict=True))
    source = {"doc_id": values["doc_id"], "event_id": values["id"], "url": None,
              "title": "Report", "date": None,
              "text_info": {"start": 0, "end": 80, "sentence": 0}, "claimed_by": None,
              "size": {"dead": values["dead"], "injured": None, "arrested": None}}
    return (*event, 1, json.dumps([source]), "{}", '{"threshold": 0.0, "pairs": []}')


def linked(event: tuple[object, ...]) -> tuple[object, ...]:
    """An `events` row with its fusion columns: its own record and component."""
    return (*event, event[0], event[0], event[EVENT_COLUMNS.index("place_country")])


def synthetic_documents(count: int) -> Iterator[tuple[object, ...]]:
    now = dt.datetime(2025, 1, 1).isoformat(sep=" ")
    for number in range((count + EVENTS_PER_DOCUMENT - 1) // EVENTS_PER_DOCUMENT):
        doc_id = f"doc-{number:08d}"
        yield (doc_id, f"{number:064x}", None, "Report", None, "Bench", "en",
               f"Synthetic report {number}.", now, RELEVANCE)


def batches(rows: Iterator[tuple[object, ...]]) -> Iterator[list[tuple[object, ...]]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_statement(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})")


def build_store(path: Path, count: int) -> None:
    """Create the schema with the real migrations, then bulk-insert in one transaction."""
    open_store(str(path)).close()
    rng = random.Random(20260101)
    connection = sqlite3.connect(path)
    # A throwaway file: no journal, no fsync, and a page cache large enough that the
    # index B-trees stay in memory while they grow.
    connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                             "PRAGMA cache_size=-1000000;")
    with connection:
        # Explicit column lists: a column added by a later migration (with a default or
        # nullable) leaves this insert valid.
        insert = insert_statement("documents", DOCUMENT_COLUMNS)
        for batch in batches(synthetic_documents(count)):
            connection.executemany(insert, batch)
        insert = insert_statement("events", EVENT_COLUMNS + FUSION_COLUMNS)
        record = insert_statement("fused_events", EVENT_COLUMNS + FUSED_COLUMNS)
        for batch in batches(synthetic_event(n, rng) for n in range(count)):
            connection.executemany(insert, [linked(event) for event in batch])
            connection.executemany(record, [fused(event) for event in batch])
    # No ANALYZE: stores written by `flarewatch ingest` have no planner statistics either.
    connection.execute("PRAGMA journal_mode=WAL")  # as the store itself runs
    connection.close()
    count_daily(path)


def count_daily(path: Path) -> None:
    """Fill the daily counts (`storage.counts`) of the records inserted behind the
    store's back, as fusion would have kept them."""
    from flarewatch.storage.counts import recount

    with open_store(str(path)) as store, store.engine.begin() as connection:
        recount(connection)


def cached_store(count: int) -> tuple[Path, float | None]:
    """The store for `count` events, built when missing; (path, seconds it took or None)."""
    path = cache_dir() / f"bench-web-fused2-{count}.db"  # with the fusion layer (0005)
    if path.exists():
        return path, None
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    build_store(partial, count)
    partial.rename(path)
    return path, time.perf_counter() - started


# ---- the same store in PostgreSQL ----------------------------------------------------

# Every counts table too (`storage.counts.TABLES`): a series reads the one that answers it,
# and an empty one answers with nothing (before 2026-12-04 those by type, by actor and the
# daily totals were left out, and their PostgreSQL series timed over empty tables).
COPIED_TABLES = ("documents", "events", "fused_events",
                 *(table.name for table in counts.TABLES))


def copy_to_postgres(db: Path, url: str) -> float:
    """Copy the SQLite store `db` into the empty PostgreSQL store at `url`; seconds."""
    from flarewatch.storage.deferral import deferred
    from flarewatch.storage.schema import metadata

    started = time.perf_counter()
    with open_store(url) as store:
        tables = [metadata.tables[name] for name in COPIED_TABLES]
        with deferred(store.engine, tables):
            source = sqlite3.connect(db)
            try:
                for name in COPIED_TABLES:
                    copy_table(source, store.engine, name)
            finally:
                source.close()
        with store.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE")
    return time.perf_counter() - started


def copy_table(source: sqlite3.Connection, engine: object, name: str) -> None:
    """One table's rows, SQLite text values as PostgreSQL parses them (dates, JSON)."""
    columns = [row[1] for row in source.execute(f"PRAGMA table_info({name})")]
    quoted = ", ".join(f'"{column}"' for column in columns)
    raw = engine.raw_connection()  # type: ignore[attr-defined]
    try:
        with raw.driver_connection.cursor() as cursor, cursor.copy(
                f"COPY {name} ({quoted}) FROM STDIN") as copy:
            for row in source.execute(f"SELECT {quoted} FROM {name}"):
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


@contextmanager
def postgres_store(url: str | None) -> Iterator[str]:
    """`url`, or an empty store in a throwaway cluster (tests/pg_cluster.py)."""
    if url:
        yield url
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from pg_cluster import throwaway_cluster, unavailable_reason

    reason = unavailable_reason()
    if reason:
        raise SystemExit(f"PostgreSQL: {reason}")
    with throwaway_cluster() as server:
        yield server


# ---- the server and the measurements -------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path | str, port: int, workers: int = 1,
                 cache: bool = True) -> subprocess.Popen[bytes]:
    """uvicorn serving the app on `db`, with `workers` processes sharing the port (what
    `flarewatch serve --workers N` runs), the response cache on or off."""
    env = {**os.environ, "FLAREWATCH_DB": str(db),
           "FLAREWATCH_RESPONSE_CACHE_MIB": "64" if cache else "0"}
    env.pop("FLAREWATCH_API_TOKEN", None)
    command = [sys.executable, "-m", "uvicorn", APP_FACTORY, "--factory",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
               "--no-access-log", "--workers", str(workers)]
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def country_range(rng: random.Random) -> str:
    code = rng.choices(COUNTRIES, weights=[c[1] for c in COUNTRIES])[0][0]
    start = START + dt.timedelta(days=rng.randrange(DAYS - 365))
    end = start + dt.timedelta(days=rng.choice([30, 90, 365]))
    return f"country={code}&since={start}&until={end}"


def event_type(rng: random.Random) -> str:
    return f"type={rng.choices(PLOVER_TYPES, weights=TYPE_WEIGHTS)[0]}"


def bbox(rng: random.Random) -> str:
    _, _, lat, lon, _ = rng.choices(COUNTRIES, weights=[c[1] for c in COUNTRIES])[0]
    size = rng.choice([1, 3, 6])
    return f"bbox={lon - size},{lat - size},{lon + size},{lat + size}"


QUERIES: list[tuple[str, str, Callable[[random.Random], str]]] = [
    ("/events country + date range", "/events?", country_range),
    ("/events type", "/events?", event_type),
    ("/events bbox", "/events?", bbox),
    ("/events q= a place's name (1 record in 500)", "/events?",
     lambda rng: f"q=town+{rng.randrange(500)}"),
    ("/events q= an actor's country (1 record in 7-30)", "/events?",
     lambda rng: f"q={rng.choice(COUNTRIES)[0]}+forces"),
    ("/stats/timeseries (no filter)", "/stats/timeseries?", lambda rng: ""),
    ("/stats/timeseries by country (no filter)", "/stats/timeseries?",
     lambda rng: "group_by=country"),
    ("/stats/timeseries country + date range", "/stats/timeseries?", country_range),
    ("/stats/timeseries type, by country", "/stats/timeseries?",
     lambda rng: event_type(rng) + "&group_by=country"),
    ("/stats/timeseries by type (no filter)", "/stats/timeseries?", lambda rng: "group_by=type"),
    ("/stats/timeseries by actor (no filter)", "/stats/timeseries?",
     lambda rng: "group_by=actor"),
]
# The per-document events (`events`, which has its own indexes: migration 0015), asked the
# same queries with `fused=false`.
PER_DOCUMENT = ("/events country + date range", "/events type", "/events bbox",
                "/events q= a place's name (1 record in 500)",
                "/stats/timeseries country + date range", "/stats/timeseries type, by country")
QUERIES += [(label.replace(" ", "?fused=false ", 1), path + "fused=false&", make)
            for label, path, make in QUERIES if label in PER_DOCUMENT]


def chosen_queries(only: str | None) -> list[tuple[str, str, Callable[[random.Random], str]]]:
    """The rows of `QUERIES` whose name holds `only` (all without it)."""
    return [query for query in QUERIES if only is None or only in query[0]]


def latencies(port: int, path: str, params: Callable[[random.Random], str],
              count: int) -> list[float]:
    """Milliseconds of `count` requests, one at a time on one keep-alive connection."""
    rng = random.Random(7)
    found = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        fetch(connection, path + params(rng))  # warm the page cache once
        for _ in range(count):
            url = path + params(rng)
            started = time.perf_counter()
            fetch(connection, url)
            found.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    return found


def fetch(connection: http.client.HTTPConnection, url: str) -> bytes:
    connection.request("GET", url)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{url}: {response.status}")
    return body


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def load_urls(total: int) -> list[str]:
    """A mixed /events workload: country and dates, type, box (`total` requests)."""
    rng = random.Random(11)
    return [f"/events?{rng.choice([country_range, event_type, bbox])(rng)}"
            for _ in range(total)]


async def throughput(port: int, clients: int, total: int) -> tuple[float, int]:
    """(requests per second, failures) of `load_urls` from `clients` concurrent
    keep-alive connections, raw HTTP/1.1 on asyncio streams."""
    urls = load_urls(total)
    started = time.perf_counter()
    failures = await asyncio.gather(*(client(port, urls[i::clients]) for i in range(clients)))
    return total / (time.perf_counter() - started), sum(failures)


async def client(port: int, urls: list[str]) -> int:
    """Send `urls` one after the other on one connection; the number not answered 200."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    failures = 0
    try:
        for url in urls:
            writer.write(f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            failures += await read_response(reader) != 200
    finally:
        writer.close()
    return failures


async def read_response(reader: asyncio.StreamReader) -> int:
    """The status of the next response, its body read by Content-Length."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    fields = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
    await reader.readexactly(int(fields["content-length"]))
    return int(head[0].split()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="an existing SQLite store to use instead")
    parser.add_argument("--requests", type=int, default=50, help="per latency query")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--total", type=int, default=1000, help="requests in the load test")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="server processes of each load test")
    parser.add_argument("--postgres", action="store_true",
                        help="measure the store copied into PostgreSQL")
    parser.add_argument("--postgres-url", help="an empty PostgreSQL database to copy into "
                        "(default: a throwaway cluster)")
    parser.add_argument("--postgres-copied", help="a PostgreSQL database the store was "
                        "copied into before (by an earlier --postgres-url run): no copy")
    parser.add_argument("--only", help="time only the queries whose name holds this text")
    parser.add_argument("--latency-only", action="store_true", help="no throughput runs")
    args = parser.parse_args()
    db, built = (args.db, None) if args.db else cached_store(args.events)
    started = time.perf_counter()
    open_store(str(db)).close()  # migrations to head (a new index fills here) before timing
    migrated = time.perf_counter() - started
    print(f"(store opened and migrated to head in {migrated:.1f} s)", file=sys.stderr)
    if args.postgres_copied:
        serve_and_report(args.postgres_copied, args, built, db)
        return 0
    if not (args.postgres or args.postgres_url):
        serve_and_report(db, args, built, None)
        return 0
    with postgres_store(args.postgres_url) as url:
        copied = copy_to_postgres(db, url)
        print(f"(copied into PostgreSQL in {copied:.1f} s)", file=sys.stderr)
        serve_and_report(url, args, built, db)
    return 0


@contextmanager
def serving(target: Path | str, workers: int, cache: bool) -> Iterator[tuple[int, int]]:
    """A server on `target` (a SQLite path or a PostgreSQL URL) for the block; (its port,
    the id of its process)."""
    port = free_port()
    server = start_server(target, port, workers, cache)
    try:
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def serve_and_report(target: Path | str, args: argparse.Namespace, built: float | None,
                     source: Path | None) -> None:
    """Measure the app on `target`: latency with the cache off and on (one process),
    throughput with each of `args.workers` processes, cache off and on."""
    load = os.getloadavg()
    found = {}
    for cache in (False, True):
        with serving(target, 1, cache) as (port, pid):
            found[cache] = [server_cpu(pid, args.requests + 1,  # with the warm-up request
                                       partial(latencies, port, path, params, args.requests))
                            for _name, path, params in chosen_queries(args.only)]
    rates = {}
    for workers in [] if args.latency_only else args.workers:
        for cache in (False, True):
            with serving(target, workers, cache) as (port, pid):
                rates[workers, cache] = server_cpu(pid, args.total, lambda: asyncio.run(
                    throughput(port, args.clients, args.total)))
    report(args, target, built, source, (found, rates, (load, os.getloadavg())))


T = TypeVar("T")


def server_cpu(pid: int, requests: int, measure: Callable[[], T]) -> tuple[T, float | None]:
    """(`measure()`, milliseconds of CPU per request of the server process `pid` and its
    children meanwhile, None where /proc cannot tell): unlike times, little changed by
    other work on the cores."""
    before = tree_cpu_seconds(pid)
    found = measure()
    after = tree_cpu_seconds(pid)
    if before is None or after is None:
        return found, None
    return found, (after - before) * 1000 / requests


def tree_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process `pid` and its children (Linux /proc)."""
    total = 0
    try:
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended
                continue
            if stat.parent.name == str(pid) or fields[1] == str(pid):
                total += int(fields[11]) + int(fields[12])  # utime, stime
    except OSError:
        return None
    return total / os.sysconf("SC_CLK_TCK") if total else None


def count_events(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM events").fetchone()[0])


def store_line(target: Path | str, source: Path | None) -> str:
    """The table's first line: the store's kind, events and size."""
    if isinstance(target, Path):
        size_mib = target.stat().st_size / 2**20
        return f"| events in SQLite store | {count_events(target):,} ({size_mib:.0f} MiB) | |"
    import psycopg

    with psycopg.connect(target.split("?", 1)[0]) as connection:
        size = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        events = connection.execute("SELECT count(*) FROM events").fetchone()
    mib = (size[0] if size else 0) / 2**20
    return (f"| events in PostgreSQL store (copied from {source.name if source else '?'}) | "
            f"{events[0] if events else 0:,} ({mib:.0f} MiB) | |")


Load = tuple[float, float, float]
Measured = tuple[dict[bool, list[tuple[list[float], float | None]]],
                 dict[tuple[int, bool], tuple[tuple[float, int], float | None]],
                 tuple[Load, Load]]


def report(args: argparse.Namespace, target: Path | str, built: float | None,
           source: Path | None, measured: Measured) -> None:
    found, rates, (before, after) = measured
    print("| metric | cache off | cache on |\n| --- | --- | --- |")
    print(store_line(target, source))
    if built is not None:
        print(f"| store generation | {built:.1f} s | |")
    for index, (name, _path, _params) in enumerate(chosen_queries(args.only)):
        cells = [f"{statistics.median(times):.1f} / {percentile(times, 0.95):.1f} ms"
                 f"{cpu_text(cpu)}" for times, cpu in (kind[index] for kind in found.values())]
        print(f"| {name}: p50 / p95; server CPU per request | {cells[0]} | {cells[1]} |")
    for workers in [] if args.latency_only else args.workers:
        cells = [f"{rate:.0f} req/s ({failed} failed){cpu_text(cpu)}"
                 for (rate, failed), cpu in (rates[workers, cache] for cache in found)]
        print(f"| /events mixed, {args.clients} keep-alive clients (raw asyncio HTTP/1.1, one "
              f"process), {args.total} requests, {workers} server process"
              f"{'es' if workers > 1 else ''} | {cells[0]} | {cells[1]} |")
    print(f"| CPUs; load average (1, 5, 15 min) before and after the runs: other work on "
          f"the cores | {len(os.sched_getaffinity(0))}; {load_text(before)} | "
          f"{load_text(after)} |")


def cpu_text(cpu: float | None) -> str:
    return f"; {cpu:.1f} ms CPU" if cpu is not None else ""


def load_text(load: Load) -> str:
    return ", ".join(f"{value:.1f}" for value in load)


if __name__ == "__main__":
    sys.exit(main())
