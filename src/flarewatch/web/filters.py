"""The filters of GET /events and GET /stats/timeseries, and the keyset cursor.

`EventFilters` holds parsed, validated values; `filter_conditions` turns them into SQL
over an event table: `fused_events` (fused records, the API's default) or `events` (per
document, `?fused=false`), which have the same event columns. Events are listed newest
first (date descending, undated last, then id descending); the cursor is the (date, id)
of the last event of a page, encoded so clients treat it as opaque.

Text parameters must match `NO_CONTROLS`; a cursor is checked for length before it is
decoded, and its content for shape.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from flarewatch.storage.points import point_in_box
from flarewatch.storage.query import (
    KM_PER_DEGREE_LAT,
    bounding_box,
    near_in_bounds,
    relevance_at_least,
)
from flarewatch.storage.schema import fused_events
from flarewatch.storage.search import text_match
from flarewatch.web.problems import Problem

NO_CONTROLS = r"^[^\x00-\x1f\x7f]*$"  # no C0 control character, no DEL
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"  # unpadded base64url (RFC 4648 section 5)
# Room for an event id of 500 characters written as JSON escapes (up to 12 bytes each).
MAX_CURSOR_CHARS = 8192

BBox = tuple[float, float, float, float]
Near = tuple[float, float, float]


@dataclass(frozen=True)
class EventFilters:
    """All optional, combined with AND (see the query parameters of GET /events)."""

    country: str | None = None
    event_type: str | None = None
    mode: str | None = None
    acled: str | None = None
    actor: str | None = None
    sector: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    bbox: BBox | None = None
    near: Near | None = None
    text: str | None = None
    modality: str | None = None
    min_dead: int | None = None
    min_relevance: float | None = None  # 0..1, of the event's document
    # Not a parameter: the indexed extensions of the words of `text` (PostgreSQL), read
    # just before the query (`storage.search.extensions`, `web.queries.searched`).
    extended: dict[str, list[str]] | None = None


@dataclass(frozen=True)
class Cursor:
    date: dt.date | None
    id: str


def parse_bbox(raw: str | None) -> BBox | None:
    """`minlon,minlat,maxlon,maxlat` in degrees."""
    if not raw:
        return None
    parts = parse_numbers("bbox", raw, 4)
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-90 <= min_lat <= max_lat <= 90 and -180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise Problem(400, "Invalid bbox", "expected minlon,minlat,maxlon,maxlat in degrees")
    return min_lon, min_lat, max_lon, max_lat


def parse_near(raw: str | None) -> Near | None:
    """`lat,lon,km`."""
    if not raw:
        return None
    lat, lon, km = parse_numbers("near", raw, 3)
    if not near_in_bounds(lat, lon, km):
        raise Problem(400, "Invalid near", "expected lat,lon,km with 0 < km <= 20000")
    return lat, lon, km


def parse_numbers(name: str, raw: str, count: int) -> list[float]:
    try:
        numbers = [float(part) for part in raw.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) != count or not all(math.isfinite(n) for n in numbers):
        raise Problem(400, f"Invalid {name}", f"expected {count} comma-separated numbers")
    return numbers


def filter_conditions(filters: EventFilters, table: sa.Table = fused_events
                      ) -> list[sa.ColumnElement[bool]]:
    """SQL conditions over `table` (`events` or `fused_events`) for every filter set."""
    found = equality_conditions(filters, table)
    if filters.since:
        found.append(sa.func.coalesce(table.c.enddate, table.c.date) >= filters.since)
    if filters.until:
        found.append(table.c.date <= filters.until)
    if filters.bbox:
        found.extend(bbox_conditions(filters.bbox, table))
    if filters.near:
        found.extend(near_conditions(filters.near, table))
    if filters.text:
        found.append(text_condition(filters.text, table, filters.extended))
    if filters.min_dead is not None:
        found.append(table.c.dead >= filters.min_dead)
    if filters.min_relevance is not None:
        found.append(relevance_at_least(filters.min_relevance, table))
    return found


def equality_conditions(filters: EventFilters, table: sa.Table = fused_events
                        ) -> list[sa.ColumnElement[bool]]:
    found: list[sa.ColumnElement[bool]] = []
    if filters.country:
        # `'UKR' IN (actor_code, recipient_code, place_country)`, not three ORed
        # equalities: SQLite would answer those with one index per column and sort
        # every match, where this form lets it walk the date-ordered covering index.
        found.append(sa.literal(filters.country).in_(
            [table.c.actor_code, table.c.recipient_code, table.c.place_country]))
    pairs = ((table.c.event, filters.event_type), (table.c.mode, filters.mode),
             (table.c.acled_event_type, filters.acled), (table.c.actor_code, filters.actor),
             (table.c.actor_sector, filters.sector), (table.c.modality, filters.modality))
    found.extend(column == value for column, value in pairs if value)
    return found


def bbox_conditions(bbox: BBox, table: sa.Table = fused_events) -> list[sa.ColumnElement[bool]]:
    """The point in the box, edges included (on PostGIS from its index: `storage.points`);
    a box crossing the antimeridian is two boxes."""
    min_lon, min_lat, max_lon, max_lat = bbox
    if min_lon <= max_lon:
        return [point_in_box(table, min_lon, min_lat, max_lon, max_lat)]
    return [sa.or_(point_in_box(table, min_lon, min_lat, 180.0, max_lat),
                   point_in_box(table, -180.0, min_lat, max_lon, max_lat))]


def near_conditions(near: Near, table: sa.Table = fused_events) -> list[sa.ColumnElement[bool]]:
    """A box on the lat/lon index, refined by an equirectangular distance.

    Plain arithmetic runs the same in SQLite and PostgreSQL; for radii of a few hundred
    km it is within 1% of the great-circle distance.
    """
    lat, lon, km = near
    x = (table.c.place_lon - lon) * (KM_PER_DEGREE_LAT * math.cos(math.radians(lat)))
    y = (table.c.place_lat - lat) * KM_PER_DEGREE_LAT
    return [*bounding_box(lat, lon, km, table), x * x + y * y <= km * km]


def text_condition(text: str, table: sa.Table = fused_events,
                   extended: dict[str, list[str]] | None = None) -> sa.ColumnElement[bool]:
    """Every word of `text` in the record's words (`flarewatch.storage.search`)."""
    return text_match(text, table, extended)


def after_cursor(cursor: Cursor, table: sa.Table = fused_events) -> sa.ColumnElement[bool]:
    """Rows of `table` after `cursor` in the listing order (date desc, undated last, id
    desc)."""
    if cursor.date is None:
        return sa.and_(table.c.date.is_(None), table.c.id < cursor.id)
    return sa.or_(table.c.date < cursor.date,
                  sa.and_(table.c.date == cursor.date, table.c.id < cursor.id),
                  table.c.date.is_(None))


def encode_cursor(cursor: Cursor) -> str:
    day = cursor.date.isoformat() if cursor.date else None
    raw = json.dumps([day, cursor.id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(token: str | None) -> Cursor | None:
    """The cursor in `token`; Problem 400 for anything `encode_cursor` did not make."""
    if not token:
        return None
    if len(token) > MAX_CURSOR_CHARS:
        raise bad_cursor()
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        day, event_id = cursor_fields(json.loads(raw))
        return Cursor(dt.date.fromisoformat(day) if day else None, event_id)
    except (binascii.Error, ValueError, TypeError, RecursionError) as error:
        raise bad_cursor() from error


def cursor_fields(value: Any) -> tuple[str | None, str]:
    """`[day or null, event id]`, else ValueError."""
    if not (isinstance(value, list) and len(value) == 2):
        raise ValueError("a cursor is a list of two")
    day, event_id = value
    if not isinstance(day, str | None) or not isinstance(event_id, str):
        raise ValueError("a cursor holds a day and an event id")
    if CONTROL_CHARACTER.search(event_id):
        raise ValueError("an event id has no control characters")
    event_id.encode("utf-8")  # UnicodeEncodeError (a ValueError) for a lone surrogate
    return day, event_id


def bad_cursor() -> Problem:
    return Problem(400, "Invalid cursor", "pass back the `next` value unchanged")
