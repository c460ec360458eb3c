"""Serving at scale: the response cache (`web.cache`), the series JSON writer and the
heap of a server process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.responses import JSONResponse, Response
from fastapi.testclient import TestClient
from web_samples import TEST_HOSTS, sample_documents

from flarewatch.storage import open_store
from flarewatch.storage.query import event_table
from flarewatch.web import WebSettings, create_app, queries
from flarewatch.web.cache import ResponseCache, response_cache, sqlite_cache
from flarewatch.web.filters import EventFilters
from flarewatch.web.formats import feature_collection, render_page, series_json

# (request, the `queries` function that answers it)
REQUESTS = [
    ("/events?type=ASSAULT", "events_page"),
    ("/events?country=UKR&format=csv", "events_page"),
    ("/stats/timeseries?group_by=country", "series_rows"),
    ("/stats/timeseries?since=2023-01-01", "series_rows"),
]


@pytest.fixture
def store_path(database_url: str) -> str:
    """A store (SQLite, then PostgreSQL) holding all sample documents but the last."""
    with open_store(database_url) as store:
        store.add_documents(sample_documents()[:-1])
    return database_url


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls of `queries.<name>` (one item per call)."""
    calls: list[int] = []
    original = getattr(queries, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(queries, name, counted)
    return calls


@pytest.fixture
def app_client(store_path: str) -> Iterator[Callable[[int], TestClient]]:
    """Apps over `store_path` with a cache of the given MiB (0: none), closed after."""
    clients: list[TestClient] = []

    def make(cache_mib: int) -> TestClient:
        settings = WebSettings(stages=(), allowed_hosts=TEST_HOSTS, response_cache_mib=cache_mib)
        clients.append(TestClient(create_app(store_path, settings)).__enter__())
        return clients[-1]

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.mark.parametrize(("cache_mib", "store_calls"), [(64, 1), (0, 2)])
@pytest.mark.parametrize(("path", "function"), REQUESTS)
def test_an_identical_request_is_answered_from_the_cache_if_there_is_one(
        app_client: Callable[[int], TestClient], monkeypatch: pytest.MonkeyPatch,
        path: str, function: str, cache_mib: int, store_calls: int) -> None:
    client = app_client(cache_mib)
    calls = counting(monkeypatch, function)
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    assert (second.content, second.headers) == (first.content, first.headers)
    assert len(calls) == store_calls


@pytest.mark.parametrize(("path", "function"), REQUESTS)
def test_a_write_by_another_connection_renews_the_answer(
        app_client: Callable[[int], TestClient], store_path: str,
        monkeypatch: pytest.MonkeyPatch, path: str, function: str) -> None:
    client = app_client(64)
    before = client.get(path)
    calls = counting(monkeypatch, function)
    with open_store(store_path) as store:
        store.add_documents(sample_documents()[-1:])
    fresh = app_client(0).get(path)  # no cache: the store as it is now
    after = client.get(path)
    assert len(calls) == 2  # the uncached app's and the cached one's, renewed
    assert after.content == fresh.content
    assert (after.content != before.content) == (fresh.content != before.content)


@pytest.mark.parametrize(("accept", "content_type"), [
    ("application/json", "application/json"),
    ("application/geo+json", "application/geo+json"),
    ("text/csv", "text/csv; charset=utf-8"),
])
def test_each_format_is_cached_apart(app_client: Callable[[int], TestClient], accept: str,
                                     content_type: str) -> None:
    client = app_client(64)
    for other in ("application/json", "application/geo+json", "text/csv"):
        client.get("/events?limit=2", headers={"Accept": other})
    response = client.get("/events?limit=2", headers={"Accept": accept})
    assert response.headers["content-type"] == content_type
    assert response.content == app_client(0).get(
        "/events?limit=2", headers={"Accept": accept}).content


@pytest.mark.parametrize(("status", "builds"), [(200, 1), (404, 2), (503, 2)])
def test_only_a_success_is_cached(tmp_path: Path, status: int, builds: int) -> None:
    cache = sqlite_cache(str(tmp_path / "any.db"), max_bytes=100)
    calls: list[int] = []

    def build() -> Response:
        calls.append(1)
        return Response(b"{}", status_code=status, media_type="application/json")

    try:
        answers = [cache.answer("key", build) for _ in range(2)]
    finally:
        cache.close()
    assert [answer.status_code for answer in answers] == [status, status]
    assert len(calls) == builds


def body(size: int) -> Response:
    return Response(b"x" * size, media_type="text/plain")


@pytest.mark.parametrize(("sizes", "kept"), [
    ([40, 40], {0, 1}),
    ([40, 40, 40], {1, 2}),  # the oldest-used goes beyond 100 bytes
    ([40, 70], {1}),
    ([101, 40], {1}),  # larger than the whole cache: never kept
])
def test_the_cache_keeps_the_most_recently_used_within_its_size(
        tmp_path: Path, sizes: list[int], kept: set[int]) -> None:
    cache = sqlite_cache(str(tmp_path / "any.db"), max_bytes=100)
    try:
        for key, size in enumerate(sizes):
            cache.answer(key, lambda size=size: body(size))  # type: ignore[misc]
        generation = cache.generation()
        assert {key for key in range(len(sizes)) if cache.get(key, generation)} == kept
        assert cache.size == sum(sizes[key] for key in kept)
    finally:
        cache.close()


@pytest.mark.parametrize(("url", "max_mib", "cached"), [
    ("sqlite:///{tmp}/file.db", 64, True),
    ("sqlite:///{tmp}/file.db", 0, False),
    ("sqlite://", 64, False),  # in memory: no other connection sees it
    ("sqlite:///:memory:", 64, False),
    ("sqlite:///file:{tmp}/file.db?mode=ro&uri=true", 64, False),
    ("postgresql+psycopg://user@127.0.0.1:9/none", 64, True),  # not connected here
    ("postgresql+psycopg://user@127.0.0.1:9/none", 0, False),
])
def test_which_stores_get_a_cache(tmp_path: Path, url: str, max_mib: int,
                                  cached: bool) -> None:
    found = response_cache(sa.create_engine(url.format(tmp=tmp_path)), max_mib)
    assert (found is not None) == cached
    if found is not None:
        found.close()


@pytest.mark.parametrize("group_by", [None, "country", "actor"])
@pytest.mark.parametrize("rows", [
    [],
    [("2024-01-02", None, 3, 0)],
    [("2024-01-02", "UKR", 3, 12), ("2024-01-02", "(other)", 1, 0),
     ("2024-01-03", "UKR", 2**40, 2**62)],
    [("2024-01-02", 'say "hi" \\ ø 東京', 1, 1), ("2024-01-02", "tab\there\n", 2, 0)],
])
def test_series_json_is_what_json_response_writes(group_by: str | None,
                                                  rows: list[tuple[str, Any, int, int]]
                                                  ) -> None:
    dicts = [{"date": day, "key": key, "events": count, "dead": dead}
             for day, key, count, dead in rows]
    expected = JSONResponse({"group_by": group_by, "series": dicts}).body
    assert series_json(group_by, rows) == expected
    assert json.loads(expected)["series"] == dicts


def test_the_app_closes_the_connection_of_its_sqlite_cache(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "web.db"), WebSettings(allowed_hosts=TEST_HOSTS))
    with TestClient(app):
        cache = app.state.responses
        assert isinstance(cache, ResponseCache)
    with pytest.raises(Exception, match="closed"):
        cache.generation()


def test_a_server_process_keeps_its_start_heap_out_of_collections(tmp_path: Path) -> None:
    """`served_app` (what `serve` and its workers build) freezes what it made (`gc.freeze`);
    checked in a process of its own, since frozen objects stay."""
    code = ("import gc, sys; from flarewatch.web.app import served_app; "
            "served_app(sys.argv[1]); print(gc.get_freeze_count())")
    env = {key: value for key, value in os.environ.items() if not key.startswith("FLAREWATCH_")}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "served.db")], env=env,
                          capture_output=True, text=True, check=True, timeout=120)
    assert int(done.stdout) > 10_000


@pytest.mark.parametrize("fused", [True, False])
@pytest.mark.parametrize("name", ["json", "geojson"])
def test_a_page_is_the_json_json_response_writes(store_path: str, fused: bool,
                                                 name: str) -> None:
    """`FastJSONResponse` (orjson) writes every sample page byte for byte as Starlette's
    `JSONResponse` does."""
    with open_store(store_path) as store, store.engine.connect() as connection:
        found, _ = queries.events_page(connection, EventFilters(), 5000, None,
                                       event_table(fused))
    assert found
    page = render_page(found, None, name)
    content = (feature_collection(found, None) if name == "geojson"
               else {"events": found, "next": None})
    assert page.body == JSONResponse(content).body
