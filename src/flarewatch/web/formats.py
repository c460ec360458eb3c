"""A page of events as JSON, GeoJSON or CSV, chosen by `format=` or the Accept header."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.responses import JSONResponse, Response

from flarewatch.web.problems import Problem

FORMATS = ("json", "geojson", "csv")
ACCEPTED = {"application/geo+json": "geojson", "text/csv": "csv"}
CSV_COLUMNS = (
    "id", "doc_id", "event", "mode", "acled_event_type", "acled_sub_event_type",
    "actor_text", "actor_code", "actor_sector", "recipient_text", "recipient_code",
    "recipient_sector", "place_name", "country", "admin1", "lat", "lon", "precision",
    "date", "enddate", "date_precision", "dead", "injured", "arrested", "modality",
    "claimed_by", "confidence", "event_text",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def choose_format(requested: str | None, accept: str) -> str:
    if requested:
        if requested not in FORMATS:
            raise Problem(400, "Unknown format", f"format must be one of {', '.join(FORMATS)}")
        return requested
    for media_type, name in ACCEPTED.items():
        if media_type in accept:
            return name
    return "json"


def render_page(found: list[dict[str, Any]], next_cursor: str | None, name: str) -> Response:
    headers = {"X-Next-Cursor": next_cursor} if next_cursor else {}
    if name == "geojson":
        return JSONResponse(feature_collection(found, next_cursor), headers=headers,
                            media_type="application/geo+json")
    if name == "csv":
        return Response(csv_text(found), headers=headers, media_type="text/csv; charset=utf-8")
    return JSONResponse({"events": found, "next": next_cursor})


def feature_collection(found: list[dict[str, Any]], next_cursor: str | None) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [feature(event) for event in found],
            "next": next_cursor}


def feature(event: dict[str, Any]) -> dict[str, Any]:
    place = event["event_loc"]
    geometry = None
    if place and place["lat"] is not None and place["lon"] is not None:
        geometry = {"type": "Point", "coordinates": [place["lon"], place["lat"]]}
    return {"type": "Feature", "id": event["id"], "geometry": geometry, "properties": event}


def csv_text(found: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_row(event) for event in found)
    return out.getvalue()


def csv_row(event: dict[str, Any]) -> dict[str, Any]:
    return {name: defuse(value) for name, value in csv_fields(event).items()}


def defuse(value: Any) -> Any:
    # Article text is untrusted: a cell starting with = + - @ would run as a
    # spreadsheet formula when the CSV is opened, so such text gets a leading quote.
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_fields(event: dict[str, Any]) -> dict[str, Any]:
    actor, recipient = event["actor"] or {}, event["recipient"] or {}
    place, acled = event["event_loc"] or {}, event["acled"] or {}
    claimed_by = event["claimed_by"] or {}
    return {
        **{name: event[name] for name in ("id", "doc_id", "event", "mode", "date", "enddate",
                                          "date_precision", "modality", "confidence",
                                          "event_text")},
        **{name: event["size"][name] for name in ("dead", "injured", "arrested")},
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "actor_text": actor.get("text"), "actor_code": actor.get("code"),
        "actor_sector": actor.get("sector"), "recipient_text": recipient.get("text"),
        "recipient_code": recipient.get("code"), "recipient_sector": recipient.get("sector"),
        "place_name": place.get("name"), "country": place.get("country"),
        "admin1": place.get("admin1"), "lat": place.get("lat"), "lon": place.get("lon"),
        "precision": place.get("precision"), "claimed_by": claimed_by.get("text"),
    }
