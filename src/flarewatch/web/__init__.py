"""The analyst's desk: a REST API and a map/timeline dashboard over the event store.

    app = create_app("events.db")        # a FastAPI app; WebSettings.from_env() by default
    serve("events.db", port=8000)        # `flarewatch serve`

Routes: GET /events, /events/{id}, /events/{id}/explain, /documents/{id},
/stats/timeseries, /healthz; POST /documents, /fuse/split, /fuse/merge (with an API
token); the dashboard at /, API docs at /docs. Events are fused records unless
`fused=false`. Only the
hosts in `allowed_hosts` are answered (loopback names by default), and every response
carries the security headers of `flarewatch.web.security`.
"""

from __future__ import annotations

from flarewatch.web.app import create_app, serve
from flarewatch.web.settings import WebSettings

__all__ = ["WebSettings", "create_app", "serve"]
