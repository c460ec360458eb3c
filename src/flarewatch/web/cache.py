"""Responses of identical read requests, kept while the store is unchanged.

`ResponseCache.answer(key, build)` returns the response stored under `key` when the store
has not changed since it was built, else calls `build()` and keeps its response (status
200 only). A key is what makes two requests the same (`routes`: the path's name, the query
string, the format). Entries are dropped oldest-used first beyond `max_bytes` of bodies.

The store's generation is read before the response is built, and the response reflects at
least the store of that moment; a commit in between changes the generation the next request
reads, so the entry is never served again:

- SQLite: `PRAGMA data_version`, read on a connection of the cache's own that never
  writes. It changes whenever another connection (of this process or another, such as
  `flarewatch ingest` or a second server worker) commits.
- PostgreSQL: the snapshot a statement would read (`pg_current_snapshot()`: the oldest
  running transaction, the next transaction id and those running in between). Equal
  snapshots see the same committed data; any transaction that writes changes it, once when
  it takes an id and again when it ends (a commit's record is written before the commit is
  visible, so neither the WAL position nor a sequence bumped by a trigger would do).
- A SQLite database held in memory has no generation another connection sees: no cache.

At 1,000,000 records a daily series by country is 20,000 rows, 1.1 MB of JSON built in
80-200 ms; a dashboard asks for it on every visit.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import sqlalchemy as sa
from fastapi.responses import Response


@dataclass(frozen=True)
class Entry:
    generation: Hashable
    body: bytes
    headers: tuple[tuple[str, str], ...]  # without content-length

    def response(self) -> Response:
        return Response(self.body, headers=dict(self.headers))


def entry(generation: Hashable, response: Response) -> Entry:
    headers = tuple((name, value) for name, value in response.headers.items()
                    if name != "content-length")
    return Entry(generation, bytes(response.body), headers)


class ResponseCache:
    """Thread-safe LRU of response bodies, valid for one generation of the store;
    `generation()` reads the store's (`sqlite_cache`, `postgresql_cache`)."""

    def __init__(self, generation: Callable[[], Hashable], max_bytes: int,
                 close: Callable[[], None] = lambda: None):
        self.generation, self.close = generation, close
        self.max_bytes, self.size = max_bytes, 0
        self.entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def answer(self, key: Hashable, build: Callable[[], Response]) -> Response:
        """The cached response of `key` for the store as it is, else `build()`'s."""
        generation = self.generation()
        found = self.get(key, generation)
        if found is not None:
            return found.response()
        response = build()
        if response.status_code == 200:
            self.put(key, entry(generation, response))
        return response

    def get(self, key: Hashable, generation: Hashable) -> Entry | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None or found.generation != generation:
                return None
            self.entries.move_to_end(key)
            return found

    def put(self, key: Hashable, new: Entry) -> None:
        """Keep `new` (unless larger than the whole cache), dropping the least recently
        used entries beyond `max_bytes`."""
        if len(new.body) > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            self.size += len(new.body) - (len(old.body) if old else 0)
            self.entries[key] = new
            while self.size > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped.body)


def sqlite_cache(database: str, max_bytes: int) -> ResponseCache:
    """A cache over the SQLite file `database`, with a connection of its own."""
    connection = sqlite3.connect(database, check_same_thread=False)
    lock = threading.Lock()

    def generation() -> Hashable:
        with lock:
            return int(connection.execute("PRAGMA data_version").fetchone()[0])

    return ResponseCache(generation, max_bytes, connection.close)


SNAPSHOT = sa.text("SELECT CAST(pg_current_snapshot() AS text)")


def postgresql_cache(engine: sa.Engine, max_bytes: int) -> ResponseCache:
    """A cache over the PostgreSQL store of `engine` (one pooled connection a read)."""
    def generation() -> Hashable:
        with engine.connect() as connection:
            return str(connection.execute(SNAPSHOT).scalar_one())

    return ResponseCache(generation, max_bytes)


def response_cache(engine: sa.Engine, max_mib: int) -> ResponseCache | None:
    """A cache over the store of `engine` with `max_mib` > 0: a PostgreSQL store, or a
    SQLite file given by plain path; else None (no cache)."""
    url = engine.url
    if max_mib <= 0:
        return None
    if engine.dialect.name == "postgresql":
        return postgresql_cache(engine, max_mib * 2**20)
    if engine.dialect.name != "sqlite" or url.query or url.database in (None, "", ":memory:"):
        return None
    return sqlite_cache(url.database, max_mib * 2**20)
