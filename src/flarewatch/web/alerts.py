"""The watch's alerts over HTTP: `GET /alerts`, `GET /alerts/{id}`, `GET /alerts.atom`.

Alerts are those `flarewatch watch` stored (`flarewatch.watch.run`); the server finds
none itself. `/alerts/{id}` adds the driving fused records (`records`: id, type, date,
place and point, dead) for the dashboard's map; `/alerts.atom` is an Atom feed (RFC 4287)
that feed readers can subscribe to.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from flarewatch.storage.schema import fused_events
from flarewatch.watch.feed import atom_feed
from flarewatch.watch.run import alert_days, load_alert, load_alerts
from flarewatch.web.problems import Problem, problem_doc
from flarewatch.web.routes import CountryCode, Engine, Id

router = APIRouter()
Status = Literal["open", "closed"]
RECORD_FIELDS = ("id", "event", "mode", "date", "place_name", "place_lat", "place_lon",
                 "place_country", "dead", "event_text")


@router.get("/alerts", tags=["alerts"])
def get_alerts(
    engine: Engine,
    status: Annotated[Status | None, Query(description="open or closed")] = None,
    country: Annotated[str | None, Query(
        description="ISO alpha-3 of the series, any case",
        max_length=3, pattern="^[A-Za-z]{3}$"), CountryCode] = None,
    since: Annotated[dt.date | None, Query(description="active on or after this day")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Stored escalation alerts, most recently updated first: `{"alerts": [...]}`, each
    with its series, expected and observed values, threshold, score, weeks, events and
    sources (docs/alerts.md)."""
    with engine.connect() as connection:
        found = load_alerts(connection, status=status, country=country, since=since,
                            limit=limit)
    return {"alerts": found}


@router.get("/alerts.atom", tags=["alerts"], response_class=Response)
def get_alerts_feed(request: Request, engine: Engine) -> Response:
    """The 100 alerts last noticed (opened, a new high, closed) as an Atom feed
    (application/atom+xml)."""
    with engine.connect() as connection:
        found = load_alerts(connection, limit=100, by_notice=True)
    body = atom_feed(found, feed_url=str(request.url), site_url=str(request.base_url))
    return Response(body, media_type="application/atom+xml")


@router.get("/alerts/{alert_id}", tags=["alerts"],
            responses={404: problem_doc("no alert of this id")})
def get_alert(alert_id: Id, engine: Engine) -> dict[str, Any]:
    """One alert, with `records`: its driving fused records (for the map and evidence),
    and `days`: its series day by day over its weeks (`days_coarse`: records left out)."""
    with engine.connect() as connection:
        found = load_alert(connection, alert_id)
        if found is None:
            raise Problem(404, "Alert not found", f"no alert with id {alert_id!r}")
        found["records"] = driving_records(connection, found["events"])
        found.update(alert_days(connection, found) if found["weeks"] else {})
    return found


def driving_records(connection: sa.Connection, ids: list[str]) -> list[dict[str, Any]]:
    columns = [fused_events.c[name] for name in RECORD_FIELDS]
    query = sa.select(*columns).where(fused_events.c.id.in_(ids[:1000])).order_by(
        fused_events.c.date, fused_events.c.id)
    return [{name: plain(value) for name, value in row._mapping.items()}
            for row in connection.execute(query)] if ids else []


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
