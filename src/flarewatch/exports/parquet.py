"""Parquet: the contract event JSON as typed, nested columns (pyarrow, zstd).

Schema (one row per event; nested objects are structs, lists are lists):

    id, doc_id, event, mode, date_precision, date_text, date_basis,
    modality, event_text, cameo                      string
    acled       struct<event_type: string, sub_event_type: string>
    actor, recipient, claimed_by
                struct<text, name, code, sector: string, other_sectors: list<string>>
    event_loc   struct<text, name: string, geonameid: int64, lat, lon: double,
                       country, admin1, precision, kind: string>
    date, enddate                                    date32 (days)
    size        struct<dead, injured, arrested: int32>
    casualties  list<struct<count: int32, status, who, sector: string>>
    text_info   struct<start, end, sentence: int32>
    mentions    list<struct<start, end, sentence: int32>>   every telling, text order
    confidence                                       double
    cameo                                            string
    source_count                                     int32
    sources     list<struct<doc_id, event_id, url, title: string, date: date32,
                            text_info: struct<start, end, sentence: int32>,
                            claimed_by: (as actor), size: (as size)>>
    size_range  struct<dead, injured, arrested: list<int32>>   [low, high] each

The last three are a fused record's (contract: "Fused events"): the number of reporting
documents, each of them oldest first, and the spread of the tolls where they disagree (a
member is null where they agree); all three are null on a per-document event. New
columns are only ever appended, so a column keeps its position.

Null objects are null structs. Reading a row back with `to_pylist()`, turning the dates
(the event's two, each source's) into ISO strings, dropping `source_count`, and dropping
`sources` and `size_range` where null (a per-document event) or their null members, gives
the contract JSON again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flarewatch.model import Event
from flarewatch.serialize import event_to_dict

if TYPE_CHECKING:
    import pyarrow as pa

BATCH_ROWS = 10_000


def entity_type() -> pa.DataType:
    import pyarrow as pa

    return pa.struct([("text", pa.string()), ("name", pa.string()), ("code", pa.string()),
                      ("sector", pa.string()), ("other_sectors", pa.list_(pa.string()))])


def place_type() -> pa.DataType:
    import pyarrow as pa

    return pa.struct([
        ("text", pa.string()), ("name", pa.string()), ("geonameid", pa.int64()),
        ("lat", pa.float64()), ("lon", pa.float64()), ("country", pa.string()),
        ("admin1", pa.string()), ("precision", pa.string()), ("kind", pa.string()),
    ])


def span_type() -> pa.DataType:
    import pyarrow as pa

    count = pa.int32()
    return pa.struct([("start", count), ("end", count), ("sentence", count)])


def size_type() -> pa.DataType:
    import pyarrow as pa

    count = pa.int32()
    return pa.struct([("dead", count), ("injured", count), ("arrested", count)])


def source_type() -> pa.DataType:
    """One source of a fused record (contract: "Fused events", `sources`)."""
    import pyarrow as pa

    text = pa.string()
    return pa.struct([
        ("doc_id", text), ("event_id", text), ("url", text), ("title", text),
        ("date", pa.date32()), ("text_info", span_type()), ("claimed_by", entity_type()),
        ("size", size_type()),
    ])


def fused_columns() -> list[tuple[str, pa.DataType]]:
    """`source_count`, `sources`, `size_range`: null on a per-document event."""
    import pyarrow as pa

    spread = pa.list_(pa.int32())
    return [("source_count", pa.int32()), ("sources", pa.list_(source_type())),
            ("size_range", pa.struct([("dead", spread), ("injured", spread),
                                      ("arrested", spread)]))]


def event_schema() -> pa.Schema:
    import pyarrow as pa

    text, count, span = pa.string(), pa.int32(), span_type()
    return pa.schema([
        ("id", text), ("doc_id", text), ("event", text), ("mode", text),
        ("acled", pa.struct([("event_type", text), ("sub_event_type", text)])),
        ("actor", entity_type()), ("recipient", entity_type()), ("event_loc", place_type()),
        ("date", pa.date32()), ("enddate", pa.date32()),
        ("date_precision", text), ("date_text", text), ("date_basis", text),
        ("size", size_type()),
        ("casualties", pa.list_(pa.struct([("count", count), ("status", text),
                                           ("who", text), ("sector", text)]))),
        ("claimed_by", entity_type()), ("modality", text), ("event_text", text),
        ("text_info", span), ("mentions", pa.list_(span)),
        ("confidence", pa.float64()), ("cameo", text),
        *fused_columns(),
    ])


def day(value: str | None) -> dt.date | None:
    """An ISO date (a datetime's day) as a date; None stays None."""
    return dt.date.fromisoformat(value[:10]) if value else None


def parquet_row(event: Event) -> dict[str, Any]:
    """The contract JSON with dates as dates; `source_count` beside a fused record's
    `sources` (the three fused columns are left out, so null, for a per-document event)."""
    row = event_to_dict(event)
    for name in ("date", "enddate"):
        row[name] = day(row[name])
    if "sources" in row:
        row["source_count"] = len(row["sources"])
        row["sources"] = [{**source, "date": day(source["date"])} for source in row["sources"]]
    return row


def batches(events: Iterable[Event]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(events)
    while batch := [parquet_row(event) for event in islice(iterator, BATCH_ROWS)]:
        yield batch


class Parquet:
    name = "parquet"
    suffix = ".parquet"

    def write(self, events: Iterable[Event], path: Path) -> int:
        # pyarrow is imported when used: it is slow to import and most runs never need it.
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema, written = event_schema(), 0
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            for batch in batches(events):
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                written += len(batch)
        return written
