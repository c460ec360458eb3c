"""Documents as each table's values, column by column: the one way rows are built, for
bulk loads (`storage.bulk`) and one-by-one ingest (`store.insert_document`) alike.

`batch_columns(docs, hashes, now, kept)` gives, per table of `DOCUMENT_TABLES`, a
`Columns` (column names and one sequence of values per column: a tuple, or a list where
`storable` changed it) holding each document's rows in turn: the tuples of the
`rows.<table>_values` builders, turned into columns once (`zip`), `storable` applied a
column at a time, and the events' `fusion_country` added. `Columns.as_dicts()` gives
them back as dicts, for SQLAlchemy's `insert`.

`storable` a column at a time: a text column (`sa.String`, `sa.Text`) is checked at once,
its strings joined (one scan, as `rows.clean_row` does for a row), and only a column with
a character to replace goes through `rows.storable` value by value; a JSON column only
when it holds something other than `[]` and None. Other columns hold no strings (the
model's numbers, dates and flags) and are left as they are.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import sqlalchemy as sa

from flarewatch.model import Document, Event, Place
from flarewatch.storage import rows
from flarewatch.storage.schema import (
    documents,
    entities,
    events,
    places,
    timexes,
)

# The tables a document's rows go to, in the order of their foreign keys.
DOCUMENT_TABLES = (documents, entities, places, timexes, events)


@dataclass
class Columns:
    """One table's rows as columns: `values[i]` holds column `names[i]` of every row (a
    tuple, or a list; neither is changed in place)."""

    names: tuple[str, ...]
    values: list[Sequence[Any]]

    def __len__(self) -> int:
        return len(self.values[0]) if self.values else 0

    def as_dicts(self) -> list[dict[str, Any]]:
        """The rows as dicts of column name to value."""
        return [dict(zip(self.names, row, strict=True))
                for row in zip(*self.values, strict=True)]


def batch_columns(docs: Sequence[Document], hashes: dict[str, str], now: dt.datetime,
                  kept: Callable[[Document], bool]) -> dict[str, Columns]:
    """Each table's columns for `docs` (see the module docstring); `hashes` maps a
    document id to its `rows.content_hash`, `kept(doc)` says whether its events are
    stored (a document below the relevance floor keeps its layers only)."""
    tuples: dict[str, list[tuple[Any, ...]]] = {name: [] for name in KEYS}
    named: list[str | None] = []
    for doc in docs:
        add_document(tuples, named, doc, (hashes[doc.id], now, kept(doc)))
    found = {name: as_columns(TABLES[name], KEYS[name], values)
             for name, values in tuples.items()}
    add_fusion_country(found["events"], named)
    return found


def add_document(tuples: dict[str, list[tuple[Any, ...]]], named: list[str | None],
                 doc: Document, facts: tuple[str, dt.datetime, bool]) -> None:
    """Append the document's tuples; `facts` = (text hash, ingest time, events kept);
    `named` gets the document's `named_country` once per event."""
    text_hash, now, with_events = facts
    doc_id = doc.id
    tuples["documents"].append(rows.document_values(doc, text_hash, now))
    tuples["entities"] += [rows.actor_mention_values(m, doc_id) for m in doc.actors]
    tuples["places"] += [rows.place_row_values(p, doc_id) for p in doc.places]
    tuples["timexes"] += [rows.timex_values(t, doc_id) for t in doc.timexes]
    if not with_events or not doc.events:
        return
    by_id = unique_ids(doc.events, text_hash)
    tuples["events"] += [rows.event_values(e, doc_id, i) for i, e in by_id.items()]
    named += [document_country(doc.places)] * len(by_id)


def document_country(places: list[Place]) -> str | None:
    """`fusion.layer.named_country` of a document's places, in text order."""
    ordered = places if len(places) < 2 else sorted(places, key=place_start)
    return country_named(tuple(place.country for place in ordered))


@functools.lru_cache(maxsize=4096)
def country_named(countries: tuple[str | None, ...]) -> str | None:
    """`named_country` of places with these countries (cached: a load repeats a few
    hundred lists; a Counter per document took a tenth of a batch's building)."""
    return fusion().named_country(countries)  # type: ignore[no-any-return]


def place_start(place: Any) -> int:
    return int(place.start)


def unique_ids(events: list[Event], text_hash: str) -> dict[str, Event]:
    """Each event by its id as stored (`rows.storable_text`; made if missing), in order;
    a repeated id keeps its first event.

    Ids come from the trigger span and type, so a repeat is the same event twice.
    """
    by_id: dict[str, Event] = {}
    for event in events:
        event_id = event.id or rows.fallback_event_id(text_hash, event)
        by_id.setdefault(rows.storable_text(event_id), event)
    return by_id


def fusion() -> ModuleType:
    """`flarewatch.fusion.layer`, imported when first used (it reads this package's
    tables, so importing it here at load time would be circular)."""
    import flarewatch.fusion.layer

    return flarewatch.fusion.layer


def as_columns(table: sa.Table, names: tuple[str, ...],
               values: list[tuple[Any, ...]]) -> Columns:
    """The tuples as columns, each through `storable_column`."""
    if not values:
        return Columns(names, [])
    columns = list(zip(*values, strict=True))  # tuples: a copy to lists cost 5 ms a batch
    return Columns(names, [storable_column(kind, column) for kind, column
                           in zip(column_kinds(table, names), columns, strict=True)])


@functools.lru_cache(maxsize=16)
def column_kinds(table: sa.Table, names: tuple[str, ...]) -> list[str]:
    return [column_kind(table.c[name]) for name in names]


def column_kind(column: sa.Column[Any]) -> str:
    """'json', 'text' or 'other' (no strings in it)."""
    if isinstance(column.type, sa.JSON):
        return "json"
    return "text" if isinstance(column.type, sa.String) else "other"


def storable_column(kind: str, column: Sequence[Any]) -> Sequence[Any]:
    """The column with `rows.storable` applied to each value, skipped where it would
    change nothing (see the module docstring)."""
    if kind == "other" or (kind == "text" and clean_texts(column)):
        return column
    if kind == "json" and only_empty(column):
        return column
    return [rows.storable(value) for value in column]


def only_empty(column: Sequence[Any]) -> bool:
    """Whether a JSON column holds only `[]` and None; the first value is looked at
    first, which settles it for a column of lists with something in them."""
    if column[0] is not None and column[0] != []:
        return False
    return column.count([]) + column.count(None) == len(column)


def clean_texts(column: Sequence[Any]) -> bool:
    """Whether a text column's values are None or strings `storable_text` keeps."""
    try:
        joined = "".join(filter(None, column))
    except TypeError:  # a value that is not a string
        return False
    return (joined.isascii() and "\x00" not in joined) or rows.UNSTORABLE.search(joined) is None


def add_fusion_country(found: Columns, named: list[str | None]) -> None:
    """Append `events.fusion_country` (`fusion.layer.fusion_country`: the country fusion
    compares an event in), from the storable codes and place country and each event's
    document's `named` country."""
    if not len(found):
        found.names += ("fusion_country",)
        return
    columns = [found.values[found.names.index(name)] for name in COUNTRY_FIELDS]
    found.values.append(list(map(fusion_country, *columns, named)))
    found.names += ("fusion_country",)


COUNTRY_FIELDS = ("actor_code", "recipient_code", "place_country")


@functools.lru_cache(maxsize=65536)
def fusion_country(actor: str | None, recipient: str | None, place: str | None,
                   named: str | None) -> str | None:
    """`fusion.layer.fusion_country` of an event with these codes and place country, in a
    report naming `named` most (cached: a load repeats a few hundred combinations)."""
    row = dict(zip(COUNTRY_FIELDS, (actor, recipient, place), strict=True))
    return fusion().fusion_country(row, named)  # type: ignore[no-any-return]


TABLES = {table.name: table for table in DOCUMENT_TABLES}
KEYS = {"documents": rows.DOCUMENT_KEYS, "entities": rows.ACTOR_MENTION_KEYS,
        "places": rows.PLACE_ROW_KEYS, "timexes": rows.TIMEX_KEYS, "events": rows.EVENT_KEYS}
