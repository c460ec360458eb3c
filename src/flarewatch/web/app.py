"""The web app: REST API, offline API docs and the dashboard, all served locally."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flarewatch.storage.engine import resolve_url
from flarewatch.storage.store import open_store
from flarewatch.web import alerts, fuse, ingest, routes
from flarewatch.web.cache import response_cache
from flarewatch.web.problems import install_problem_handlers
from flarewatch.web.schemas import documented
from flarewatch.web.security import SecurityMiddleware, host_pattern, name_allowed
from flarewatch.web.settings import WebSettings
from flarewatch.web.threads import add_write_thread, use_worker_threads

STATIC_DIR = Path(__file__).resolve().parent / "static"
SWAGGER_DIR = STATIC_DIR / "vendor" / "swagger-ui"
# What each worker process of `serve(..., workers=N)` imports and calls, and the
# variable that names its store.
APP_FACTORY = "flarewatch.web.app:served_app"
DB_VARIABLE = "FLAREWATCH_DB"
# SQLite builds cap this at their SQLITE_MAX_MMAP_SIZE (often 2 GiB); 0 there turns it off.
SQLITE_MMAP_BYTES = 2**31
DESCRIPTION = """Conflict events extracted from news reports (PLOVER types, actors as
country + sector, places, dates, fatalities, claims), each with the words that support it.
Events are fused records, one per incident however many reports tell it (`sources`,
`size_range`); `fused=false` gives the per-document events. Errors are RFC 9457 problem
details."""


class FlarewatchApp(FastAPI):
    """FastAPI with `SecurityMiddleware` outermost, outside even the 500 handler, then
    `HeadAsGet`; its OpenAPI description gives every answer's shape (`web.schemas`)."""

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            self.openapi_schema = documented(super().openapi())
        return self.openapi_schema

    def build_middleware_stack(self) -> ASGIApp:
        settings: WebSettings = self.state.settings
        return SecurityMiddleware(HeadAsGet(super().build_middleware_stack()),
                                  settings.allowed_hosts)


class HeadAsGet:
    """Answers HEAD as GET without the body (RFC 9110 section 9.3.2): same status and
    headers, Content-Length among them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def create_app(db: str | None = None, settings: WebSettings | None = None) -> FastAPI:
    """The app over the store at `db` (None: $FLAREWATCH_DB, else ./flarewatch.db).

    Settings default to `WebSettings.from_env()`. The store is opened (and migrated)
    here, so a bad database fails at start, not at the first request. Requests must name
    one of `settings.allowed_hosts` as Host (400 otherwise). A SQLite file is read through
    a memory map (`map_sqlite_file`), and identical GET /events and /stats/timeseries
    requests are answered from `web.cache` while it is unchanged (`response_cache_mib`).
    Reads run in `settings.worker_threads` threads, writes in one of their own
    (`web.threads`).
    Each worker of `serve(..., workers=N)` calls it with no arguments (`served_app`).
    """
    store = open_store(db)
    map_sqlite_file(store.engine)
    settings = settings or WebSettings.from_env()
    responses = response_cache(store.engine, settings.response_cache_mib)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        use_worker_threads(settings.worker_threads)
        yield
        if responses is not None:
            responses.close()
        store.close()

    app = FlarewatchApp(title="flarewatch", description=DESCRIPTION, version="0.1.0",
                        docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.store, app.state.engine = store, store.engine
    app.state.settings, app.state.responses = settings, responses
    app.state.extractions = ingest.ExtractionGate(app.state.settings.max_waiting_extractions)
    add_write_thread(app)
    install_problem_handlers(app)
    app.include_router(routes.router)
    app.include_router(ingest.router)
    app.include_router(fuse.router)
    app.include_router(alerts.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_api_route("/", dashboard, include_in_schema=False)
    app.add_api_route("/docs", api_docs, include_in_schema=False)
    return app


def served_app(db: str | None = None, settings: WebSettings | None = None) -> FastAPI:
    """`create_app` for a server process (`serve`, each of its workers), then
    `settle_heap()`."""
    app = create_app(db, settings)
    settle_heap()
    return app


def settle_heap() -> None:
    """Keep the objects alive now (modules, the app, the caches of SQLAlchemy and
    pydantic: about 140,000) out of every later cycle collection (`gc.freeze`): a full
    collection then walks only what requests left, not the whole heap. Pages of events at
    1,000,000 records on the loaded 2-core machine: two full collections in 500 pages had
    taken 240 ms; server CPU per page 6.8 -> 6.2 ms. For server processes only: frozen
    objects in reference cycles are never freed."""
    gc.collect()
    gc.freeze()


def map_sqlite_file(engine: sa.Engine) -> None:
    """Have each connection to a SQLite file map up to `SQLITE_MMAP_BYTES` of it: reads
    then come from the OS page cache without a system call and a copy per page (`q=` at
    1,000,000 records, one connection: median 17 -> 13 ms). Connections opened before
    (the migration's) are closed, so that every one the app uses maps the file."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    sa.event.listen(engine, "connect", map_file)
    engine.dispose()


def map_file(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")


def dashboard() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html")


def api_docs() -> Response:
    """Swagger UI from the local vendor copy (docs.html); a plain page when it is not installed."""
    if not (SWAGGER_DIR / "swagger-ui-bundle.js").is_file():
        return HTMLResponse(
            "<!doctype html><title>flarewatch API</title><p>Swagger UI is not installed "
            "(run scripts/install_frontend.sh). The API description is at "
            '<a href="/openapi.json">/openapi.json</a>.</p>')
    return FileResponse(STATIC_DIR / "docs.html", media_type="text/html")


def serve(db: str | None, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Run the app with uvicorn until interrupted (`flarewatch serve`).

    With `workers` > 1, that many processes share the listening socket (uvicorn's
    supervisor), each building the app with `served_app()` from $FLAREWATCH_DB, which is
    set here to the store's URL; the store is opened (migrated) once before they start,
    so they never race to migrate it. Prints a hint on stderr when clients could not
    reach it by the `host` it binds to.
    """
    import uvicorn

    settings = WebSettings.from_env()
    hint = allowed_hosts_hint(host, settings.allowed_hosts)
    if hint:
        print(hint, file=sys.stderr)
    if workers == 1:
        uvicorn.run(served_app(db, settings), host=host, port=port, log_level="info")
        return
    url = resolve_url(db)
    open_store(url).close()
    os.environ[DB_VARIABLE] = url
    uvicorn.run(APP_FACTORY, factory=True, workers=workers, host=host, port=port,
                log_level="info")


def allowed_hosts_hint(bind_host: str, allowed_hosts: tuple[str, ...]) -> str | None:
    """A hint when requests to `bind_host` would be refused for their Host header, else None."""
    allowed = frozenset(host_pattern(name) for name in allowed_hosts)
    if name_allowed(host_pattern(bind_host), allowed):
        return None
    return (f"flarewatch serve: only requests naming {', '.join(allowed_hosts)} as Host are "
            "answered; set FLAREWATCH_ALLOWED_HOSTS to the comma-separated names and "
            "addresses clients use for this server")
