"""Storage and export speed on synthetic events; prints a Markdown table (metric | value).

    .venv/bin/python bench/bench_storage.py                  # 100k events, temp SQLite
    .venv/bin/python bench/bench_storage.py --events 20000 --db postgresql://...
    .venv/bin/python bench/bench_storage.py --bulk-only --events 50000   # bulk loads only

Documents of 5 events each (with one entity, place and timex apiece) are ingested one
transaction per document; then typical queries are timed (median of 5 runs) and the
whole store is exported in every format. The same documents are then bulk loaded
(`storage.bulk`) into fresh stores, on SQLite and on a throwaway PostgreSQL cluster when
PostgreSQL is installed (COPY): the rows alone (fusion left out; the indexes rebuilt
after the load counted), `--repeats` times, then the first `--fusion-events` of them with
the fusion pass, which runs at a few hundred events a second (50,000 would take minutes),
so it is timed apart, on fewer events (0 leaves it out; the table says which). The rates
are wall-clock rates; the CPU seconds of the median load (this process's, and those of a
throwaway cluster's server) say what they cost on a machine shared with other work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from table import print_table

from flarewatch.exports import FORMATS, export
from flarewatch.model import (
    PLOVER_TYPES,
    AcledType,
    ActorMention,
    Document,
    Entity,
    Event,
    Place,
    Size,
    Timex,
)
from flarewatch.storage import EventQuery, Store, open_store

EVENTS_PER_DOCUMENT = 5
COUNTRIES = {"UKR": (48.5, 31.0), "RUS": (55.0, 40.0), "AZE": (40.3, 47.7),
             "ARM": (40.2, 44.8), "SYR": (35.0, 38.0), "SDN": (15.0, 30.0),
             "MLI": (17.0, -3.0), "COL": (4.5, -74.0), "MMR": (21.0, 96.0), "YEM": (15.5, 48.0)}
SECTORS = ("GOV", "MIL", "REB", "CVL", "COP", "UAF")
START = dt.date(2022, 1, 1)


def synthetic_event(rng: random.Random, doc_id: str, index: int) -> Event:
    country = rng.choice(list(COUNTRIES))
    lat, lon = COUNTRIES[country]
    place = Place(text="Town", name=f"Town {rng.randrange(1000)}", precision="town",
                  lat=lat + rng.uniform(-2, 2), lon=lon + rng.uniform(-2, 2), country=country)
    day = START + dt.timedelta(days=rng.randrange(730))
    return Event(
        event=rng.choice(PLOVER_TYPES), start=index * 50, end=index * 50 + 40, sentence=index,
        event_text="shelled", trigger_start=index * 50, trigger_end=index * 50 + 7,
        acled=AcledType("Battles", "Armed clash") if rng.random() < 0.5 else None,
        actor=Entity(text="forces", code=rng.choice(list(COUNTRIES)), sector=rng.choice(SECTORS)),
        recipient=Entity(text="people", code=country, sector=rng.choice(SECTORS)),
        event_loc=place, date=day.isoformat(), enddate=day.isoformat(), date_precision="day",
        size=Size(dead=rng.randrange(10)), modality="reported", confidence=0.7,
        id=f"ev-{doc_id}-{index}", doc_id=doc_id,
    )


def synthetic_documents(count: int, seed: int = 7) -> Iterator[Document]:
    rng = random.Random(seed)
    for number in range(count):
        doc_id = f"doc-{number}"
        events = [synthetic_event(rng, doc_id, i) for i in range(EVENTS_PER_DOCUMENT)]
        entity = events[0].actor or Entity(text="x")
        yield Document(
            id=doc_id, text=f"Synthetic report {number}. " + "Forces shelled the town. " * 10,
            actors=[ActorMention(start=0, end=6, entity=entity)],
            places=[events[0].event_loc] if events[0].event_loc else [],
            timexes=[Timex(text="today", start=0, end=5, type="DATE", value="2023-01-01")],
            events=events,
        )


def median_ms(run: Callable[[], object], repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


QUERIES = {
    "country=UKR, limit 100": EventQuery(country="UKR", limit=100),
    "type=ASSAULT, limit 100": EventQuery(event_type="ASSAULT", limit=100),
    "one week (since/until)": EventQuery(since=dt.date(2023, 3, 1), until=dt.date(2023, 3, 7)),
    "near Kyiv 50 km": EventQuery(near=(50.45, 30.52, 50.0)),
    "country=AZE + type + one month": EventQuery(
        country="AZE", event_type="ASSAULT", since=dt.date(2023, 9, 1),
        until=dt.date(2023, 9, 30)),
    "first 100 by date (no filter)": EventQuery(limit=100),
}


def query_rows(store: Store) -> list[tuple[str, str]]:
    rows = []
    for label, query in QUERIES.items():
        found = sum(1 for _ in store.query_events(query))
        milliseconds = median_ms(lambda q=query: list(store.query_events(q)))  # type: ignore[misc]
        rows.append((f"query {label}", f"{milliseconds:.1f} ms ({found} events)"))
    return rows


def export_rows(store: Store, folder: Path) -> list[tuple[str, str]]:
    rows = []
    for name, exporter in FORMATS.items():
        started = time.perf_counter()
        written = export(store.query_events(EventQuery()), name, folder / f"x{exporter.suffix}")
        seconds = time.perf_counter() - started
        rows.append((f"export {name} (incl. reading)", f"{written / seconds:,.0f} events/s"))
    return rows


@dataclass(frozen=True)
class BulkPlan:
    """What the bulk loads time: the rows-only load `repeats` times (the median is
    reported, with the range), and the load with its fusion pass once, on the first
    `fusion_events` events (rounded down to whole documents; 0: not timed)."""

    repeats: int = 3
    fusion_events: int = 10_000


def ingest_rows(url: str, documents: int, plan: BulkPlan) -> list[tuple[str, str]]:
    docs = list(synthetic_documents(documents))
    with open_store(url) as store:
        started = time.perf_counter()
        report = store.add_documents(docs)
        seconds = time.perf_counter() - started
        again = time.perf_counter()
        store.add_documents(docs[: max(1, documents // 10)])
        recheck = (time.perf_counter() - again) / max(1, documents // 10) * 1000
    return [
        ("events ingested", f"{report.events_added:,}"),
        ("ingest", f"{report.events_added / seconds:,.0f} events/s "
                   f"({report.documents_added / seconds:,.0f} documents/s)"),
        ("re-ingest of a known document", f"{recheck:.2f} ms"),
        ("open (already at head)", f"{median_ms(lambda: open_store(url).close()):.1f} ms"),
        *bulk_rows(url, docs, plan),
    ]


def bulk_rows(url: str, docs: list[Document], plan: BulkPlan) -> list[tuple[str, str]]:
    """`bulk_add` of the same documents into fresh stores of the same kind (files beside
    it, or new PostgreSQL schemas), as `plan` says; then the same into a throwaway
    PostgreSQL cluster when `url` is a SQLite file and the PostgreSQL binaries are
    installed."""
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    rows = bulk_measures(kind, url, docs, plan)
    if kind == "SQLite":
        rows += throwaway_postgres_rows(docs, plan)
    return rows


@contextmanager
def fresh_store(url: str, name: str) -> Iterator[str]:
    """An empty store `name` of the kind of `url`: a file beside it, or a new schema
    (dropped after)."""
    if not url.startswith("postgres"):
        yield f"{url}.{name}"
        return
    import psycopg

    base, schema = url.split("?", 1)[0], f"bench_{name}_{os.getpid()}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}?options=-csearch_path%3D{schema}%2Cpublic"
    finally:
        with psycopg.connect(base, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")


def timed_bulk(url: str, docs: list[Document], fuse: bool,
               cpu: dict[str, float] | None = None) -> tuple[int, float]:
    """(events loaded, seconds) of one `bulk_add` into the empty store at `url`; `cpu`
    gets its CPU seconds (`cpu_seconds`)."""
    from flarewatch.storage.bulk import bulk_add

    with open_store(url) as store:
        before = cpu_seconds(url)
        started = time.perf_counter()
        report = bulk_add(store, docs, fuse=fuse)
        seconds = time.perf_counter() - started
        if cpu is not None:
            cpu.update({name: spent - before[name] for name, spent in cpu_seconds(url).items()
                        if name in before})
        return report.events_added, seconds


def cpu_seconds(url: str) -> dict[str, float]:
    """CPU seconds so far of this process ("client"), and of the PostgreSQL server at
    `url` ("server": its postmaster and children, those that ended included) when it runs
    on this machine where /proc shows its processes (a throwaway cluster)."""
    spent = {"client": time.process_time()}
    if url.startswith("postgres"):
        with suppress(Exception):
            spent["server"] = server_cpu_seconds(url)
    return spent


def server_cpu_seconds(url: str) -> float:
    """The CPU seconds of the PostgreSQL server at `url` (see `cpu_seconds`); raises
    OSError or psycopg's errors where they cannot be read."""
    import psycopg

    with psycopg.connect(url.split("?", 1)[0]) as connection:
        data = connection.execute("SHOW data_directory").fetchone()[0]  # type: ignore[index]
    postmaster = (Path(data) / "postmaster.pid").read_text().split()[0]
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if stat.parent.name == postmaster:  # itself, and the children it reaped
                ticks += sum(map(int, fields[11:15]))
            elif fields[1] == postmaster:
                ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


# The steps of a load without fusion: (label, module, function) timed by `phase_times`.
PHASES = (("rows built", "flarewatch.storage.bulk", "batch_columns"),
          ("rows written", "flarewatch.storage.bulk", "insert_columns"),
          ("indexes built", "flarewatch.storage.deferral", "restore"))


@contextmanager
def phase_times() -> Iterator[dict[str, float]]:
    """Seconds spent in each of `PHASES` during the block (its functions wrapped, then
    put back)."""
    import importlib

    spent = dict.fromkeys((label for label, _, _ in PHASES), 0.0)
    saved = []
    for label, module_name, name in PHASES:
        module = importlib.import_module(module_name)
        saved.append((module, name, getattr(module, name)))
        setattr(module, name, timed(getattr(module, name), label, spent))
    try:
        yield spent
    finally:
        for module, name, real in saved:
            setattr(module, name, real)


def timed(function: Callable[..., object], label: str,
          spent: dict[str, float]) -> Callable[..., object]:
    def run(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started
    return run


def bulk_measures(kind: str, url: str, docs: list[Document],
                  plan: BulkPlan) -> list[tuple[str, str]]:
    """The rows-only loads' and the fused load's rows (see `BulkPlan`)."""
    return [*rows_only_measures(kind, url, docs, plan.repeats),
            fused_measure(kind, url, docs[:plan.fusion_events // EVENTS_PER_DOCUMENT]),
            (f"machine load after the {kind} bulk loads", machine_load())]


def rows_only_measures(kind: str, url: str, docs: list[Document],
                       repeats: int) -> list[tuple[str, str]]:
    """The rate (events/s) of `repeats` rows-only loads, each into a fresh store: their
    median and range, and the seconds per step (`PHASES`) of the median one."""
    runs = []
    for number in range(repeats):
        cpu: dict[str, float] = {}
        with fresh_store(url, f"rows{number}") as fresh, phase_times() as spent:
            events, loaded = timed_bulk(fresh, docs, fuse=False, cpu=cpu)
        runs.append((loaded, spent, cpu))
    loaded, spent, cpu = sorted(runs, key=lambda run: run[0])[len(runs) // 2]
    rates = sorted(events / run[0] for run in runs)
    phases = ", ".join(f"{label} {seconds:.2f}" for label, seconds in spent.items())
    used = ", ".join(f"{name} {seconds:.2f}" for name, seconds in cpu.items())
    return [(f"bulk load {kind}, rows only (bulk_add, fusion left out), median of {repeats}",
             f"{events / loaded:,.0f} events/s ({events:,} events; runs "
             f"{rates[0]:,.0f} to {rates[-1]:,.0f})"),
            (f"bulk load {kind}, rows only: seconds per step (median run)",
             f"{loaded:.2f} in all: {phases}; CPU seconds: {used}")]


def fused_measure(kind: str, url: str, docs: list[Document]) -> tuple[str, str]:
    """The rate (events/s) of one load of `docs` with its fusion pass, into a fresh
    store."""
    label = f"bulk load {kind} with its fusion pass"
    if not docs:
        return label, "not measured (--fusion-events 0)"
    with fresh_store(url, "fused") as fresh:
        events, fused = timed_bulk(fresh, docs, fuse=True)
    return f"{label}, first {events:,} events", f"{events / fused:,.0f} events/s"


def machine_load() -> str:
    """The 1-minute load average and the core count: the rates above are wall-clock rates,
    so on a shared machine they are to be read with it."""
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def throwaway_postgres_rows(docs: list[Document], plan: BulkPlan) -> list[tuple[str, str]]:
    """`bulk_measures` on a throwaway local cluster (tests/pg_cluster.py), if one starts."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from pg_cluster import throwaway_cluster, unavailable_reason

    reason = unavailable_reason()
    if reason:
        return [("bulk load PostgreSQL", f"not measured: {reason}")]
    with throwaway_cluster() as server:
        return bulk_measures("PostgreSQL", server, docs, plan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", help="database URL or path (default: a temp SQLite file)")
    parser.add_argument("--bulk-only", action="store_true",
                        help="only the bulk loads (into SQLite and PostgreSQL, or --db's kind)")
    parser.add_argument("--repeats", type=int, default=BulkPlan.repeats,
                        help="rows-only bulk loads per store kind (the median is reported)")
    parser.add_argument("--fusion-events", type=int, default=BulkPlan.fusion_events,
                        help="events of the bulk load timed with its fusion pass (0: none)")
    args = parser.parse_args()
    plan = BulkPlan(max(1, args.repeats), min(args.fusion_events, args.events))
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or str(Path(folder) / "bench.db")
        documents = args.events // EVENTS_PER_DOCUMENT
        if args.bulk_only:
            print_table(bulk_rows(url, list(synthetic_documents(documents)), plan))
        else:
            print_table(all_rows(url, documents, Path(folder), plan))


def all_rows(url: str, documents: int, folder: Path, plan: BulkPlan) -> list[tuple[str, str]]:
    """Ingest and bulk loads, queries, exports and the file size of a SQLite store."""
    rows = ingest_rows(url, documents, plan)
    with open_store(url) as store:
        rows += query_rows(store) + export_rows(store, folder)
    if url.endswith(".db"):
        rows.append(("SQLite file size", f"{Path(url).stat().st_size / 1e6:,.1f} MB"))
    return rows

if __name__ == "__main__":
    main()
