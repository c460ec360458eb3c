"""Model objects to table rows and back (one function per table).

Every string a row function returns has passed `storable`: the characters that a store
cannot hold are replaced by U+FFFD, the same on SQLite and PostgreSQL (see `storable_text`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import operator
import re
from collections.abc import Mapping
from typing import Any

from flarewatch.model import (
    AcledType,
    ActorMention,
    Casualty,
    Document,
    Entity,
    Event,
    Place,
    Size,
    TextSpan,
    Timex,
)

Row = dict[str, Any]

# PostgreSQL text cannot hold U+0000 (psycopg refuses it, SQLite would keep it); a lone
# surrogate (U+D800-U+DFFF, as a JSON "\ud800" escape gives) has no UTF-8 encoding, so
# both drivers refuse it. Nothing else that Python strings hold is refused.
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def storable_text(text: str) -> str:
    """`text` with each character no store can hold (`UNSTORABLE`) replaced by U+FFFD.

    One character for one, so every code point offset into the text (spans) stays valid.
    A plain ASCII string without U+0000 (most strings; `isascii` is O(1) in CPython) is
    returned as it is, without the regex.
    """
    if text.__class__ is str and text.isascii() and "\x00" not in text:
        return text
    return UNSTORABLE.sub(REPLACEMENT, text)


def storable(value: Any) -> Any:
    """`value` with `storable_text` applied to each string in it, in JSON lists and dicts
    too (their keys are field names and stay); other values are returned as they are.

    A dict that has nothing to replace (`clean_row`: most rows) is returned as it is,
    without a call per value: this runs on every row a bulk load writes.
    """
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, list | tuple):
        return [item if item.__class__ in PLAIN else storable(item) for item in value]
    if isinstance(value, dict):
        if clean_row(value):
            return value
        return {key: item if item.__class__ in PLAIN else storable(item)
                for key, item in value.items()}
    return value


# Exact types that hold no string: `storable` returns them unchanged.
PLAIN = frozenset({int, float, bool, type(None), dt.date, dt.datetime})


def clean_row(row: Row) -> bool:
    """Whether `storable` leaves a dict's values as they are: each a `PLAIN` value, an
    empty list or a plain string, and no string holding an `UNSTORABLE` character (their
    concatenation checked at once: one scan instead of one call per value)."""
    texts = []
    for value in row.values():
        kind = value.__class__
        if kind is str:
            texts.append(value)
        elif kind not in PLAIN and not (kind is list and not value):
            return False
    joined = "".join(texts)
    return (joined.isascii() and "\x00" not in joined) or UNSTORABLE.search(joined) is None


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the UTF-8 of the text as stored (`storable_text`): the key that
    makes re-ingesting a text a no-op.

    Hashing the stored form keeps `documents.content_hash` the hash of `documents.text`,
    makes a text and its stored form duplicates (the database cannot tell them apart),
    and gives a text with a lone surrogate a hash at all (it has no UTF-8). A text
    without `UNSTORABLE` characters hashes as before, so stored hashes stay valid.
    """
    return hashlib.sha256(storable_text(text).encode("utf-8")).hexdigest()


def fallback_event_id(text_hash: str, event: Event) -> str:
    # Same recipe as the finalize stage, for events stored without running it.
    key = f"{text_hash}:{event.trigger_start}:{event.trigger_end}:{event.event}"
    return "ev-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@functools.lru_cache(maxsize=4096)
def to_date(value: str | None) -> dt.date | None:
    """An ISO date string as a date (cached: a load repeats a few thousand days)."""
    return dt.date.fromisoformat(value) if value else None


def from_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


# Each table's row builder, `<table>_values`, gives the values as a tuple in the order of
# `<TABLE>_KEYS`; `storage.columns` makes them each table's columns, through `storable`
# (bulk loads and one-by-one ingest alike). `event_row` is the dict of an event's, through
# `storable`: fusion's fused record (`fusion.layer`).
DOCUMENT_KEYS = ("id", "content_hash", "url", "title", "date", "source", "language", "text",
                 "ingested_at", "relevance")


def document_values(doc: Document, text_hash: str, now: dt.datetime) -> tuple[Any, ...]:
    return (doc.id, text_hash, doc.url, doc.title, doc.date, doc.source, doc.language,
            doc.text, now, doc.relevance)


ENTITY_NAMES = ("text", "name", "code", "sector", "other_sectors")
PLACE_NAMES = ("text", "name", "geonameid", "lat", "lon", "country", "admin1", "precision",
               "feature", "start", "end")
PLACE_KEYS = tuple(f"place_{name}" for name in PLACE_NAMES)
place_values = operator.attrgetter(*PLACE_NAMES)
NO_ENTITY = (None,) * len(ENTITY_NAMES)
NO_PLACE = (None,) * len(PLACE_NAMES)


@functools.cache
def entity_keys(prefix: str) -> tuple[str, ...]:
    """`<prefix>_text` ... : the column names of an entity's fields."""
    return tuple(f"{prefix}_{name}" for name in ENTITY_NAMES)


def entity_values(entity: Entity | None) -> tuple[Any, ...]:
    """An entity's five fields (`ENTITY_NAMES`), all None without one."""
    if entity is None:
        return NO_ENTITY
    return (entity.text, entity.name, entity.code, entity.sector, list(entity.other_sectors))


def place_fields(place: Place | None) -> tuple[Any, ...]:
    """An event place's fields (`PLACE_NAMES`), all None without one."""
    return NO_PLACE if place is None else place_values(place)


EVENT_KEYS = ("id", "doc_id", "event", "mode", "acled_event_type", "acled_sub_event_type",
              "cameo", *entity_keys("actor"), *entity_keys("recipient"),
              *entity_keys("claimed_by"), *PLACE_KEYS, "date", "enddate", "date_precision",
              "date_text", "date_basis", "dead", "injured", "arrested", "casualties", "modality",
              "event_text", "evidence_start", "evidence_end", "evidence_sentence",
              "trigger_start", "trigger_end", "confidence", "mentions")


def event_values(event: Event, doc_id: str, event_id: str) -> tuple[Any, ...]:
    """An event's values (`EVENT_KEYS`). Runs once per event of a bulk load: the ACLED
    pair as one tuple, and empty casualties and mentions without a call (0.098 s for
    bench/bench_storage.py's 50,000 events, where a field at a time and a call each took
    0.115)."""
    acled, size, casualties, mentions = event.acled, event.size, event.casualties, event.mentions
    return (event_id, doc_id, event.event, event.mode,
            *((acled.event_type, acled.sub_event_type) if acled else NO_ACLED),
            event.cameo, *entity_values(event.actor), *entity_values(event.recipient),
            *entity_values(event.claimed_by), *place_fields(event.event_loc),
            to_date(event.date), to_date(event.enddate), event.date_precision,
            event.date_text, event.date_basis, size.dead, size.injured, size.arrested,
            [casualty_json(group) for group in casualties] if casualties else [],
            event.modality, event.event_text, event.start, event.end, event.sentence,
            event.trigger_start, event.trigger_end, event.confidence,
            spans_to_json(mentions) if mentions else [])


NO_ACLED = (None, None)


def event_row(event: Event, doc_id: str, event_id: str) -> Row:
    return storable(dict(zip(EVENT_KEYS, event_values(event, doc_id, event_id), strict=True)))


# The fields of the dataclasses stored as JSON objects (flat: `asdict` would copy them
# deep, to the same values, much slower).
CASUALTY_FIELDS = tuple(field.name for field in dataclasses.fields(Casualty))
SPAN_FIELDS = tuple(field.name for field in dataclasses.fields(TextSpan))


def casualty_json(group: Casualty) -> Row:
    """A casualty group as `events.casualties` holds it: `{"count", "status", "who",
    "sector"}`."""
    return {name: getattr(group, name) for name in CASUALTY_FIELDS}


def spans_to_json(spans: list[TextSpan]) -> list[Row]:
    """Spans as the JSON of `events.mentions`: `[{"start", "end", "sentence"}]`."""
    return [{name: getattr(span, name) for name in SPAN_FIELDS} for span in spans]


def spans_from_json(stored: list[Row] | None) -> list[TextSpan]:
    """`events.mentions` back to spans; NULL or `[]` (rows from before 0003) give none."""
    return [TextSpan(span["start"], span["end"], span["sentence"]) for span in stored or []]


ACTOR_MENTION_KEYS = ("doc_id", "span_start", "span_end", "sentence", "text", "name", "code",
                      "sector", "other_sectors")


def actor_mention_values(mention: ActorMention, doc_id: str) -> tuple[Any, ...]:
    entity = mention.entity
    return (doc_id, mention.start, mention.end, mention.sentence, entity.text, entity.name,
            entity.code, entity.sector, list(entity.other_sectors))


PLACE_ROW_KEYS = ("doc_id", "span_start", "span_end", "text", "name", "geonameid", "lat", "lon",
                  "country", "admin1", "precision", "feature")


def place_row_values(place: Place, doc_id: str) -> tuple[Any, ...]:
    return (doc_id, place.start, place.end, place.text, place.name, place.geonameid,
            place.lat, place.lon, place.country, place.admin1, place.precision, place.feature)


TIMEX_KEYS = ("doc_id", "span_start", "span_end", "text", "type", "value", "date", "enddate",
              "precision")


def timex_values(timex: Timex, doc_id: str) -> tuple[Any, ...]:
    return (doc_id, timex.start, timex.end, timex.text, timex.type, timex.value, timex.date,
            timex.enddate, timex.precision)


def entity_from_row(row: Mapping[Any, Any], prefix: str) -> Entity | None:
    if row[f"{prefix}_text"] is None:
        return None
    return Entity(
        text=row[f"{prefix}_text"], name=row[f"{prefix}_name"], code=row[f"{prefix}_code"],
        sector=row[f"{prefix}_sector"],
        other_sectors=tuple(row[f"{prefix}_other_sectors"] or ()),
    )


def place_from_row(row: Mapping[Any, Any]) -> Place | None:
    if row["place_name"] is None:
        return None
    return Place(
        text=row["place_text"], name=row["place_name"], lat=row["place_lat"],
        lon=row["place_lon"], precision=row["place_precision"],
        geonameid=row["place_geonameid"], country=row["place_country"],
        admin1=row["place_admin1"], start=row["place_start"], end=row["place_end"],
        feature=row["place_feature"],
    )


def event_from_row(row: Mapping[Any, Any]) -> Event:
    acled_type = row["acled_event_type"]
    return Event(
        event=row["event"], start=row["evidence_start"], end=row["evidence_end"],
        sentence=row["evidence_sentence"], event_text=row["event_text"],
        trigger_start=row["trigger_start"], trigger_end=row["trigger_end"],
        mode=row["mode"],
        acled=AcledType(acled_type, row["acled_sub_event_type"]) if acled_type else None,
        cameo=row["cameo"],
        actor=entity_from_row(row, "actor"), recipient=entity_from_row(row, "recipient"),
        event_loc=place_from_row(row),
        date=from_date(row["date"]), enddate=from_date(row["enddate"]),
        date_precision=row["date_precision"], date_text=row["date_text"],
        date_basis=row.get("date_basis"),
        size=Size(dead=row["dead"], injured=row["injured"], arrested=row["arrested"]),
        casualties=[Casualty(**group) for group in row["casualties"] or []],
        claimed_by=entity_from_row(row, "claimed_by"),
        modality=row["modality"], confidence=row["confidence"],
        id=row["id"], doc_id=row["doc_id"], mentions=spans_from_json(row["mentions"]),
        **fused_from_row(row),
    )


def fused_from_row(row: Mapping[Any, Any]) -> dict[str, Any]:
    """`sources` and `size_range` of a `fused_events` row; nothing for an `events` row."""
    if "sources" not in row:  # a key test, without building the row's key view
        return {}
    from flarewatch.serialize import source_from_dict

    return {"sources": [source_from_dict(source) for source in row["sources"]],
            "size_range": row["size_range"] or {}}
