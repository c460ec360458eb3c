"""The read-only API: events, one event with its sources, documents, time series.

Events are fused records by default (contract: "Fused events"; one record per incident,
with `sources` and `size_range`); `?fused=false` reads the per-document events instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BeforeValidator

from flarewatch.model import MODALITIES, PLOVER_TYPES
from flarewatch.storage.query import event_table
from flarewatch.storage.schema import events
from flarewatch.web import queries
from flarewatch.web.cache import ResponseCache
from flarewatch.web.filters import (
    CURSOR_PATTERN,
    MAX_CURSOR_CHARS,
    NO_CONTROLS,
    EventFilters,
    decode_cursor,
    encode_cursor,
    parse_bbox,
    parse_near,
)
from flarewatch.web.formats import choose_format, render_page, series_json
from flarewatch.web.problems import Problem, problem_doc
from flarewatch.web.settings import WebSettings

router = APIRouter()

PloverType = Literal[PLOVER_TYPES]  # type: ignore[valid-type]


def upper(value: object) -> object:
    """A code as written in any case ("ukr", "assault"): compared in upper case, as the
    CLI's `--country` and `--type` compare it (PLOVER types and ISO alpha-3 codes are
    upper case in every record)."""
    return value.upper() if isinstance(value, str) else value


Upper = BeforeValidator(upper)


def country_code(value: object) -> object:
    """A `country` value: three letters in any case, upper-cased; anything else refused
    with the code a country's name or alpha-2 code stands for ("Sudan": "did you mean
    SDN?"), as the CLI's `--country` refuses it (E039)."""
    if not isinstance(value, str) or (len(value) == 3 and value.isalpha()):
        return upper(value)
    from flarewatch.geo.lookup import alpha3_hint

    raise ValueError(f"not an ISO alpha-3 country code{alpha3_hint(value)}")


CountryCode = BeforeValidator(country_code)
Modality = Literal[MODALITIES]  # type: ignore[valid-type]
GroupBy = Literal["country", "type", "actor", "sector", "modality"]
# Bounds of every number and text a request carries, so none reaches the database out of
# its range: counts fit PostgreSQL's INTEGER (the type of `dead`), words and ids are short
# and free of control characters (NUL would end SQLite's LIKE pattern, so match anything,
# and PostgreSQL refuses it in text).
MAX_COUNT = 2**31 - 1
MAX_WORD_CHARS = 100
MAX_ID_CHARS = 500
FUSED_HELP = ("true (default): fused records, one per incident, each with `sources` and "
              "`size_range`; false: the per-document events")
RELEVANCE_HELP = ("0 to 1: only events of documents whose relevance (how much the document "
                  "is about political violence) is at least this; documents never scored "
                  "are left out")


async def engine_of(request: Request) -> sa.Engine:
    engine: sa.Engine = request.app.state.engine
    return engine


async def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def words(description: str, max_length: int = MAX_WORD_CHARS) -> Any:
    """A text query parameter: at most `max_length` characters, no control characters."""
    return Query(description=description, max_length=max_length, pattern=NO_CONTROLS)


async def event_filters(
    country: Annotated[str | None, Query(
        description="ISO alpha-3 of actor, recipient or place, any case",
        max_length=3, pattern="^[A-Za-z]{3}$"), CountryCode] = None,
    event_type: Annotated[PloverType | None, Query(
        alias="type", description="PLOVER event type, any case"), Upper] = None,
    mode: Annotated[str | None, words("PLOVER mode, e.g. aerial")] = None,
    acled: Annotated[str | None, words("ACLED event type")] = None,
    actor: Annotated[str | None, words("actor's country code, any case"), Upper] = None,
    sector: Annotated[str | None, words("actor's PLOVER sector")] = None,
    since: Annotated[dt.date | None, Query(description="events overlapping from")] = None,
    until: Annotated[dt.date | None, Query(description="events overlapping until")] = None,
    bbox: Annotated[str | None, words("minlon,minlat,maxlon,maxlat")] = None,
    near: Annotated[str | None, words("lat,lon,km")] = None,
    q: Annotated[str | None, words("words of the event, its place or its actors: every word, "
                                   "each as a word's start ('kher' finds Kherson); case and "
                                   "accents ignored; full-text indexed", 200)] = None,
    modality: Annotated[Modality | None, Query()] = None,
    min_dead: Annotated[int | None, Query(ge=0, le=MAX_COUNT)] = None,
    min_relevance: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False,
                                                      description=RELEVANCE_HELP)] = None,
) -> EventFilters:
    if since and until and since > until:
        raise Problem(400, "Invalid date range", "since is after until")
    return EventFilters(country=country, event_type=event_type, mode=mode, acled=acled, actor=actor,
                        sector=sector, since=since, until=until, bbox=parse_bbox(bbox),
                        near=parse_near(near), text=q or None, modality=modality,
                        min_dead=min_dead, min_relevance=min_relevance)


async def table_of(fused: Annotated[bool, Query(description=FUSED_HELP)] = True) -> sa.Table:
    """`fused_events` or `events`, as `?fused=` asks."""
    return event_table(fused)


Filters = Annotated[EventFilters, Depends(event_filters)]
Table = Annotated[sa.Table, Depends(table_of)]
Engine = Annotated[sa.Engine, Depends(engine_of)]
Settings = Annotated[WebSettings, Depends(settings_of)]
Id = Annotated[str, Path(max_length=MAX_ID_CHARS, pattern=NO_CONTROLS)]


@router.get("/events", tags=["events"])
def list_events(
    request: Request, filters: Filters, engine: Engine, settings: Settings, table: Table,
    limit: Annotated[int | None, Query(ge=1, le=MAX_COUNT)] = None,
    cursor: Annotated[str | None, Query(description="`next` of the previous page",
                                        max_length=MAX_CURSOR_CHARS,
                                        pattern=CURSOR_PATTERN)] = None,
    output: Annotated[str | None, Query(alias="format", description="json, geojson or csv",
                                        max_length=MAX_WORD_CHARS,
                                        pattern=NO_CONTROLS)] = None,
) -> Response:
    """Events matching every filter, newest first, one page at a time: fused records
    (each with `sources` and `size_range`), or per-document events with `fused=false`.
    CSV has a `source_count` column (empty for per-document events)."""
    name = choose_format(output, request.headers.get("accept", ""))
    size = min(limit or settings.page_size, settings.max_page_size)

    def build() -> Response:
        with engine.connect() as connection:
            found, last = queries.events_page(connection, filters, size,
                                              decode_cursor(cursor), table)
        return render_page(found, encode_cursor(last) if last else None, name)

    return answer(request, ("events", request.url.query, name), build)


@router.get("/events/{event_id}", tags=["events"],
            responses={404: problem_doc("no fused record nor per-document event of this id")})
def get_event(
    event_id: Id, engine: Engine,
    fused: Annotated[bool, Query(description="false: only a per-document event of this id")
                     ] = True,
) -> dict[str, Any]:
    """The fused record of this id, with the evidence of every source document; when no
    fused record has it (or with `fused=false`), the per-document event of that id.

    `fused_id`: the fused record answered, or the one a per-document event belongs to.
    `evidence`: `[{"doc_id", "event_id", "start", "end", "sentence", "text", "principal"}]`,
    source by source (oldest first), each in text order; `principal` marks the telling that
    is the source's `text_info`. `documents`: the source documents, each once.
    """
    with engine.connect() as connection:
        found = queries.event_detail(connection, event_id, fused)
    if found is None:
        raise Problem(404, "Event not found", f"no event with id {event_id!r}")
    return found


@router.get("/documents/{doc_id:path}", tags=["documents"],
            responses={404: problem_doc("no document of this id")})
def get_document(doc_id: Id, engine: Engine) -> dict[str, Any]:
    """The document's text and relevance, with the spans of its events (each with the
    `mentions`, every telling of it in this text), places, dates and actors."""
    with engine.connect() as connection:
        found = queries.document_detail(connection, doc_id)
    if found is None:
        raise Problem(404, "Document not found", f"no document with id {doc_id!r}")
    return found


@router.get("/stats/timeseries", tags=["stats"])
def get_timeseries(
    request: Request, filters: Filters, engine: Engine, table: Table,
    group_by: Annotated[GroupBy | None, Query()] = None,
    top: Annotated[int, Query(ge=1, le=100, description="groups kept by name")] = 10,
) -> Response:
    """Daily counts of events and dead, optionally per country / type / actor; fused
    records are counted (per-document events with `fused=false`). By country means the
    country of the event's place; the `country` filter matches the actor's and the
    recipient's country too, so a country's series may count fewer records than
    `/events?country=` finds.

    `series` rows: {"date", "key" (the group, null without group_by), "events", "dead"}.
    """
    def build() -> Response:
        with engine.connect() as connection:
            found = queries.series_rows(connection, filters, group_by, top, table)
        # JSON written row by row: FastAPI's encoder walk is slow over 20,000 rows.
        return Response(series_json(group_by, found), media_type="application/json")

    return answer(request, ("timeseries", request.url.query), build)


def answer(request: Request, key: tuple[str, ...], build: Callable[[], Response]) -> Response:
    """`build()`'s response, or the one an identical request got while the store is
    unchanged (`web.cache`; none when the app has no cache)."""
    responses: ResponseCache | None = request.app.state.responses
    return build() if responses is None else responses.answer(key, build)


@router.get("/healthz", tags=["meta"],
            responses={503: problem_doc("the events table cannot be read")})
def healthz(engine: Engine) -> dict[str, str]:
    """`{"status": "ok"}` when the events table can be read; 503 problem when not."""
    with engine.connect() as connection:
        connection.execute(sa.select(events.c.id).limit(1))
    return {"status": "ok"}
