"""The web app: REST API, offline API docs and the dashboard, all served locally."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from flarewatch.storage.store import open_store
from flarewatch.web import ingest, routes
from flarewatch.web.problems import install_problem_handlers
from flarewatch.web.settings import WebSettings

STATIC_DIR = Path(__file__).resolve().parent / "static"
SWAGGER_DIR = STATIC_DIR / "vendor" / "swagger-ui"
DESCRIPTION = """Conflict events extracted from news reports (PLOVER types, actors as
country + sector, places, dates, fatalities, claims), each with the words that support it.
Errors are RFC 9457 problem details."""


def create_app(db: str | None = None, settings: WebSettings | None = None) -> FastAPI:
    """The app over the store at `db` (None: $FLAREWATCH_DB, else ./flarewatch.db).

    Settings default to `WebSettings.from_env()`. The store is opened (and migrated)
    here, so a bad database fails at start, not at the first request.
    """
    store = open_store(db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="flarewatch", description=DESCRIPTION, version="0.1.0",
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.store, app.state.engine = store, store.engine
    app.state.extract_lock = threading.Lock()
    app.state.settings = settings or WebSettings.from_env()
    install_problem_handlers(app)
    app.include_router(routes.router)
    app.include_router(ingest.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_api_route("/", dashboard, include_in_schema=False)
    app.add_api_route("/docs", api_docs, include_in_schema=False)
    return app


def dashboard() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html")


def api_docs() -> HTMLResponse:
    """Swagger UI from the local vendor copy; a plain page when it is not installed."""
    if not (SWAGGER_DIR / "swagger-ui-bundle.js").is_file():
        return HTMLResponse(
            "<!doctype html><title>flarewatch API</title><p>Swagger UI is not installed "
            "(run scripts/install_frontend.sh). The API description is at "
            '<a href="/openapi.json">/openapi.json</a>.</p>')
    return get_swagger_ui_html(
        openapi_url="/openapi.json", title="flarewatch API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png")


def serve(db: str | None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted (`flarewatch serve`)."""
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level="info")
