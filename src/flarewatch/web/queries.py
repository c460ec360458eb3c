"""SQL over the store's tables for the API (SQLAlchemy Core, read-only).

Each function takes an open connection and returns plain dicts in the contract's
shapes (`flarewatch.serialize`), so routes only choose a format.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from itertools import groupby
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

from flarewatch.model import TextSpan
from flarewatch.storage.counts import (
    folded_select,
    kept_select,
    key_names,
    series_select,
    totals_select,
)
from flarewatch.storage.points import walked
from flarewatch.storage.rows import spans_from_json
from flarewatch.storage.schema import (
    daily_actor_counts,
    daily_country_counts,
    daily_counts,
    daily_totals,
    daily_type_counts,
    documents,
    entities,
    events,
    fused_events,
    places,
    timexes,
)
from flarewatch.storage.search import extensions
from flarewatch.storage.spans import earliest_start
from flarewatch.web.filters import Cursor, EventFilters, after_cursor, filter_conditions
from flarewatch.web.listing import event_json

# Group name -> the column of an event table (`events` and `fused_events` share them).
GROUP_COLUMNS = {"country": "place_country", "type": "event", "actor": "actor_code",
                 "sector": "actor_sector", "modality": "modality"}
OTHER_GROUP = "(other)"
DOCUMENT_FIELDS = ("id", "title", "url", "date", "source", "language", "relevance")


def event_dict(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A row of `events` or `fused_events` as contract JSON (`sources`, `size_range` on
    fused records only): `serialize.event_to_dict` of `rows.event_from_row`, built
    without the model objects (`web.listing`)."""
    return event_json(row)


def events_page(connection: sa.Connection, filters: EventFilters, limit: int,
                cursor: Cursor | None, table: sa.Table = fused_events
                ) -> tuple[list[dict[str, Any]], Cursor | None]:
    """One page of matching rows of `table` (fused records by default), newest first, and
    the cursor of the next page.

    On SQLite a page of a box is first sought among the newest `RECENT_ROWS` records
    (`recent_page`); only when they hold less than a page are all records searched.
    """
    filters = searched(connection, filters, table)
    conditions = filter_conditions(filters, table)
    if cursor is not None:
        conditions.append(after_cursor(cursor, table))
    found = recent_page(connection, filters, conditions, limit, cursor, table)
    if len(found) <= limit:
        found = page_rows(connection, conditions, limit, table)
    page = found[:limit]
    more = len(found) > limit
    last = page[-1] if page and more else None
    return [event_dict(row) for row in page], Cursor(last["date"], last["id"]) if last else None


def searched(connection: sa.Connection, filters: EventFilters, table: sa.Table
             ) -> EventFilters:
    """`filters` with the indexed extensions of the words of `q` where the store reads
    them before the query (PostgreSQL: `storage.search.extensions`)."""
    if not filters.text or table is not fused_events:
        return filters
    return replace(filters, extended=extensions(connection, filters.text))


def newest_first(table: sa.Table) -> tuple[sa.ColumnElement[Any], ...]:
    return table.c.date.desc().nulls_last(), table.c.id.desc()


def page_rows(connection: sa.Connection, conditions: list[sa.ColumnElement[bool]],
              limit: int, table: sa.Table) -> Sequence[Mapping[Any, Any]]:
    """Up to `limit` + 1 full rows of `table` meeting `conditions`, newest first."""
    # Pick the page's ids first, from indexes only, then read just those rows: sorting
    # thousands of full rows to keep fifty is what makes a naive query slow.
    page_ids = (sa.select(table.c.id).where(*conditions).order_by(*newest_first(table))
                .limit(limit + 1).subquery("page"))
    statement = (sa.select(*listed_columns(table))
                 .join(page_ids, page_ids.c.id == table.c.id).order_by(*newest_first(table)))
    return connection.execute(statement).mappings().all()


def listed_columns(table: sa.Table) -> list[sa.Column[Any]]:
    """The columns a listed event is built from: all but a fused record's `explanation`
    (JSON of every compared pair, for `flarewatch events --explain`), which a page does
    not show and would only parse."""
    return [column for column in table.c if column.name != "explanation"]


# How many of the newest records a box's page is first sought among (SQLite).
RECENT_ROWS = 20_000


def recent_page(connection: sa.Connection, filters: EventFilters,
                conditions: list[sa.ColumnElement[bool]], limit: int,
                cursor: Cursor | None, table: sa.Table) -> Sequence[Mapping[Any, Any]]:
    """On SQLite with `bbox` or `near`: the matching rows among those dated on or after the
    `RECENT_ROWS`-th newest (after `cursor`), walking the date index, boxes kept off the
    latitude index (`points.walked`); else no rows.

    When they are more than `limit`, they are the page the whole table gives: every row
    newer than the bound was tested. SQLite, without statistics, answers a box from the
    latitude index and sorts every match; a large box (200,000 records of 1,000,000) took
    120 ms that way, and 0.5 ms here. A small box finds less than a page here (3 ms at
    most) and is answered from the latitude index.
    """
    if connection.dialect.name != "sqlite" or not (filters.bbox or filters.near):
        return []
    dates = sa.select(table.c.date).where(table.c.date.is_not(None))
    if cursor is not None:
        dates = dates.where(after_cursor(cursor, table))
    bound = dates.order_by(table.c.date.desc()).limit(1).offset(RECENT_ROWS)
    recent = [walked(condition) for condition in conditions]
    return page_rows(connection, [*recent, table.c.date >= bound.scalar_subquery()], limit,
                     table)


def event_detail(connection: sa.Connection, event_id: str, fused: bool = True
                 ) -> dict[str, Any] | None:
    """`{"event", "fused_id", "evidence", "documents"}` for the fused record `event_id`,
    else (or with `fused` False) for the per-document event of that id; None when neither.

    `fused_id`: the record itself, or the fused record a per-document event belongs to
    (None before fusion ran). A fused record's `evidence` and `documents` cover every
    source, in the order of its `sources` (oldest first).
    """
    row = fused_row(connection, event_id) if fused else None
    if row is not None:
        return fused_detail(connection, row)
    row = connection.execute(sa.select(events).where(events.c.id == event_id)).mappings().first()
    if row is None:
        return None
    return {"event": event_dict(row), "fused_id": row["fused_id"],
            **members_evidence(connection, [row])}


def fused_row(connection: sa.Connection, fused_id: str) -> Mapping[Any, Any] | None:
    statement = sa.select(fused_events).where(fused_events.c.id == fused_id)
    return connection.execute(statement).mappings().first()


def fused_detail(connection: sa.Connection, row: Mapping[Any, Any]) -> dict[str, Any]:
    members = connection.execute(sa.select(events).where(events.c.fused_id == row["id"])
                                 ).mappings().all()
    order = {source["event_id"]: index for index, source in enumerate(row["sources"])}
    members = sorted(members, key=lambda member: (order.get(member["id"], len(order)),
                                                  member["id"]))
    return {"event": event_dict(row), "fused_id": row["id"],
            **members_evidence(connection, members)}


def members_evidence(connection: sa.Connection, members: Sequence[Mapping[Any, Any]]
                     ) -> dict[str, list[dict[str, Any]]]:
    """`evidence` (each item with the `event_id` it tells) and `documents` (each once) of
    per-document events `members`, member by member, each told in its own document."""
    found: list[dict[str, Any]] = []
    documents_seen: dict[str, dict[str, Any]] = {}
    for member in members:
        source = document_row(connection, member["doc_id"])
        found.extend({**item, "event_id": member["id"]} for item in evidence(member, source))
        documents_seen.setdefault(member["doc_id"], document_meta(source))
    return {"evidence": found, "documents": list(documents_seen.values())}


def document_row(connection: sa.Connection, doc_id: str) -> Mapping[Any, Any]:
    """The document's text and metadata (`DOCUMENT_FIELDS`); an event's document is always
    stored (deleting a document deletes its events)."""
    statement = (sa.select(documents.c.text, *(documents.c[name] for name in DOCUMENT_FIELDS))
                 .where(documents.c.id == doc_id))
    return connection.execute(statement).mappings().one()


def evidence(event: Mapping[Any, Any], source: Mapping[Any, Any]) -> list[dict[str, Any]]:
    """`{"doc_id", "start", "end", "sentence", "text", "principal"}` per telling of the
    stored `event` in its document `source`."""
    text = source["text"]
    return [{"doc_id": event["doc_id"], **span, "text": text[span["start"]:span["end"]]}
            for span in telling_dicts(event)]


def telling_dicts(event: Mapping[Any, Any]) -> list[dict[str, Any]]:
    """Every telling of a stored event in its document, in text order, as
    `{"start", "end", "sentence", "principal"}`: its evidence span (the principal) and
    those of its `mentions` column."""
    principal = TextSpan(event["evidence_start"], event["evidence_end"],
                         event["evidence_sentence"])
    others = spans_from_json(event["mentions"])
    tellings = sorted({principal, *others}, key=lambda span: (span.start, span.end))
    return [{**asdict(span), "principal": span == principal} for span in tellings]


def document_meta(row: Mapping[Any, Any]) -> dict[str, Any]:
    meta = {name: row[name] for name in DOCUMENT_FIELDS}
    meta["date"] = meta["date"].isoformat() if meta["date"] else None
    return meta


def document_detail(connection: sa.Connection, doc_id: str) -> dict[str, Any] | None:
    """The document's text and metadata (relevance among it) with the spans of its events
    (each with `mentions`, every telling of it in this text), places, dates and actors."""
    statement = sa.select(documents).where(documents.c.id == doc_id)
    row = connection.execute(statement).mappings().first()
    if row is None:
        return None
    return {**document_meta(row), "text": row["text"],
            "events": document_events(connection, doc_id),
            "places": layer_spans(connection, places, doc_id, ("text", "name", "country",
                                                                "lat", "lon", "precision")),
            "timexes": layer_spans(connection, timexes, doc_id, ("text", "type", "value",
                                                                 "date", "enddate")),
            "actors": layer_spans(connection, entities, doc_id, ("text", "name", "code",
                                                                 "sector"))}


def document_events(connection: sa.Connection, doc_id: str) -> list[dict[str, Any]]:
    statement = (sa.select(*(events.c[name] for name in EVENT_SPAN_FIELDS))
                 .where(events.c.doc_id == doc_id).order_by(events.c.evidence_start))
    return [event_span(row) for row in connection.execute(statement).mappings()]


EVENT_SPAN_FIELDS = ("id", "doc_id", "event", "modality", "event_text", "evidence_start",
                     "evidence_end", "evidence_sentence", "trigger_start", "trigger_end",
                     "mentions")


def event_span(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {"id": row["id"], "event": row["event"], "modality": row["modality"],
            "event_text": row["event_text"],
            "start": row["evidence_start"], "end": row["evidence_end"],
            "trigger_start": row["trigger_start"], "trigger_end": row["trigger_end"],
            "mentions": telling_dicts(row)}


def layer_spans(connection: sa.Connection, table: sa.Table, doc_id: str,
                names: tuple[str, ...]) -> list[dict[str, Any]]:
    statement = (sa.select(table.c.span_start, table.c.span_end, *(table.c[n] for n in names))
                 .where(table.c.doc_id == doc_id).order_by(table.c.span_start))
    return [{"start": row["span_start"], "end": row["span_end"], **{n: row[n] for n in names}}
            for row in connection.execute(statement).mappings()]


SeriesRow = tuple[str, Any, int, int]  # (day as ISO text, group or None, records, dead)


def timeseries(connection: sa.Connection, filters: EventFilters, group_by: str | None,
               top: int, table: sa.Table = fused_events) -> list[dict[str, Any]]:
    """`series_rows` as `{"date", "key", "events", "dead"}` dicts."""
    return [{"date": day, "key": key, "events": count, "dead": dead}
            for day, key, count, dead in series_rows(connection, filters, group_by, top, table)]


def series_rows(connection: sa.Connection, filters: EventFilters, group_by: str | None,
                top: int, table: sa.Table = fused_events) -> list[SeriesRow]:
    """Daily rows of `table` (fused records by default) and their dead, by start date
    (undated left out), per group: (day, group or None, records, dead) tuples.

    With `group_by`, the `top` groups with the most events keep their name and the
    rest are summed as "(other)", last among its day's rows. The day is read as its ISO
    text. Read from the daily counts (`storage.counts`) when they can answer
    (`counted_series`), else from `table`: the same rows either way.
    """
    counted = counted_rows(connection, filters, group_by, top, table)
    if counted is not None:
        return counted
    filters = searched(connection, filters, table)
    # Straight from the DBAPI cursor: the values are already plain str and int, and
    # SQLAlchemy's Row objects would cost more than the query over 50,000 groups.
    found = connection.execute(table_series(filters, group_by, table)).cursor.fetchall()
    if group_by:
        return fold_small_groups(found, top)
    return [(day, None, count, dead) for day, count, dead in found]


def table_series(filters: EventFilters, group_by: str | None, table: sa.Table
                 ) -> sa.Select[Any]:
    """(day text, [key,] records, dead) per day and group, from the rows of `table`."""
    keys = [table.c[GROUP_COLUMNS[group_by]]] if group_by else []
    return (sa.select(sa.cast(table.c.date, sa.String), *keys, sa.func.count(),
                      # SUM of a BIGINT is NUMERIC on PostgreSQL: back to an integer
                      sa.cast(sa.func.coalesce(sa.func.sum(table.c.dead), 0), sa.BigInteger))
            .where(dated(filters, table), *filter_conditions(filters, table))
            .group_by(table.c.date, *keys).order_by(table.c.date, *keys))


def dated(filters: EventFilters, table: sa.Table) -> sa.ColumnElement[bool]:
    """Dated rows; with `since`, from the earliest start a row reaching it can have
    (`storage.spans`), which bounds the date index from below (one bound, not also
    `IS NOT NULL`, which SQLite could pick instead)."""
    if filters.since:
        return table.c.date >= earliest_start(filters.since, table)
    return table.c.date.is_not(None)


# Group name -> its `daily_counts` column; filter field -> the column it compares with.
COUNTED_GROUPS = {"country": "country", "type": "event", "actor": "actor"}
COUNTED_FILTERS = {"event_type": "event", "actor": "actor"}


Counted = tuple[sa.Table, str | None, list[sa.ColumnElement[bool]]]


def counted_series(filters: EventFilters, group_by: str | None, table: sa.Table
                   ) -> Counted | None:
    """(counts table, its group column or None, conditions) that answer the series from
    the daily counts, or None when they cannot: per-document events, a group other than
    country/type/actor, or a filter other than type, actor and until (`since` reads the
    end date, `country` three columns; neither is counted)."""
    if table is not fused_events or (group_by and group_by not in COUNTED_GROUPS):
        return None
    others = {name: value for name, value in vars(filters).items()
              if value is not None and name not in COUNTED_FILTERS and name != "until"}
    if others:
        return None
    return counted_by(filters, COUNTED_GROUPS[group_by] if group_by else None)


def counted_by(filters: EventFilters, key: str | None) -> Counted:
    """(counts table, `key`, conditions) of the series by `key` (a `daily_counts` column,
    or None for no group) under filters the counts answer (`counted_series`)."""
    counts = counts_table(filters, key)
    conditions = [counts.c[column] == getattr(filters, name)
                  for name, column in COUNTED_FILTERS.items() if getattr(filters, name)]
    if filters.until:
        conditions.append(counts.c.day <= filters.until)
    return counts, key, conditions


def counts_table(filters: EventFilters, key: str | None) -> sa.Table:
    """The smallest counts table whose key holds the group (`key`, a `daily_counts`
    column, or None) and the filtered columns (type, actor): `daily_totals`, then those
    by type, country and actor (16, some 30 and some 30 rows a day on the bench store),
    else `daily_counts` (hundreds a day)."""
    needed = {key} - {None}
    needed |= {column for name, column in COUNTED_FILTERS.items() if getattr(filters, name)}
    for table in (daily_totals, daily_type_counts, daily_country_counts, daily_actor_counts):
        if needed <= set(key_names(table)):
            return table
    return daily_counts


def counted_rows(connection: sa.Connection, filters: EventFilters, group_by: str | None,
                 top: int, table: sa.Table = fused_events) -> list[SeriesRow] | None:
    """The series from the counts, groups folded as `fold_small_groups` folds them; None
    when the counts cannot answer it (`counted_series`)."""
    counted = counted_series(filters, group_by, table)
    if counted is None:
        return None
    _counts, key, _conditions = counted
    if key is None:
        return [(day, None, count, dead) for day, count, dead in daily(connection, counted)]
    return folded_rows(connection, counted, top, filters)


def daily(connection: sa.Connection, counted: Counted) -> Sequence[tuple[str, int, int]]:
    """(day text, records, dead) by day, summed over the counted table's groups."""
    counts, _key, conditions = counted
    return connection.execute(series_select(counts, None, conditions)).cursor.fetchall()


def folded_rows(connection: sa.Connection, counted: Counted, top: int,
                filters: EventFilters) -> list[SeriesRow]:
    """By group: the totals over the series (in the database's order of the groups)
    choose the kept groups, whose rows come in one day-ordered read; each day's rest is
    its total (the series with no group under the same `filters`) less its kept groups'
    (`with_rest`). A kept group named "(other)" merges with the rest: then one SQL query
    folds (`counts.folded_select`)."""
    counts, key, conditions = counted
    order = connection.execute(totals_select(counts, str(key), conditions)).all()
    kept = top_keys({group: int(total) for group, total in order}, top)
    if OTHER_GROUP in kept:
        statement = folded_select(counts, str(key), conditions, kept, OTHER_GROUP)
        return list(connection.execute(statement).cursor.fetchall())
    kept_rows = connection.execute(kept_select(counts, str(key), conditions, kept)
                                   ).cursor.fetchall()
    return with_rest(kept_rows, daily(connection, counted_by(filters, None)))


def with_rest(kept_rows: Sequence[SeriesRow], totals: Sequence[tuple[str, int, int]]
              ) -> list[SeriesRow]:
    """`kept_rows` (by day) with each day's "(other)" row after them: the day's total
    less its kept rows, where that leaves records (a group counts only on days it has a
    record, so records left mean a group left). Days of `kept_rows` are days of `totals`."""
    found: list[SeriesRow] = []
    days = groupby(kept_rows, key=itemgetter(0))
    pending = next(days, None)
    for day, count, dead in totals:
        if pending is not None and pending[0] == day:
            rows = list(pending[1])
            found += rows
            count -= sum(row[2] for row in rows)
            dead -= sum(row[3] for row in rows)
            pending = next(days, None)
        if count > 0:
            found.append((day, OTHER_GROUP, count, dead))
    return found


def top_keys(totals: dict[Any, int], top: int) -> set[Any]:
    """The `top` groups with the most records (ties: by the group's text)."""
    return set(sorted(totals, key=lambda k: (-totals[k], str(k)))[:top])


def fold_small_groups(found: Sequence[Any], top: int) -> list[SeriesRow]:
    totals: dict[Any, int] = defaultdict(int)
    for _day, key, count, _dead in found:
        totals[key] += count
    kept = top_keys(totals, top)
    folded: dict[tuple[str, Any], list[int]] = {}
    for day, key, count, dead in found:
        slot = folded.setdefault((day, key if key in kept else OTHER_GROUP), [0, 0])
        slot[0] += count
        slot[1] += dead
    # Rows arrive by day, groups in the database's order; a stable sort puts each day's
    # "(other)" after its kept groups.
    rows = [(day, key, count, dead) for (day, key), (count, dead) in folded.items()]
    return sorted(rows, key=lambda row: (row[0], row[1] == OTHER_GROUP))
