"""Parquet: the contract event JSON as typed, nested columns (pyarrow, zstd).

Schema (one row per event; nested objects are structs, lists are lists):

    id, doc_id, event, mode, date_precision, date_text,
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

Null objects are null structs. Reading a row back with `to_pylist()` and turning the
two dates into ISO strings gives the contract JSON again.
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


def event_schema() -> pa.Schema:
    import pyarrow as pa

    text, count = pa.string(), pa.int32()
    span = pa.struct([("start", count), ("end", count), ("sentence", count)])
    return pa.schema([
        ("id", text), ("doc_id", text), ("event", text), ("mode", text),
        ("acled", pa.struct([("event_type", text), ("sub_event_type", text)])),
        ("actor", entity_type()), ("recipient", entity_type()), ("event_loc", place_type()),
        ("date", pa.date32()), ("enddate", pa.date32()),
        ("date_precision", text), ("date_text", text),
        ("size", pa.struct([("dead", count), ("injured", count), ("arrested", count)])),
        ("casualties", pa.list_(pa.struct([("count", count), ("status", text),
                                           ("who", text), ("sector", text)]))),
        ("claimed_by", entity_type()), ("modality", text), ("event_text", text),
        ("text_info", span), ("mentions", pa.list_(span)),
        ("confidence", pa.float64()), ("cameo", text),
    ])


def parquet_row(event: Event) -> dict[str, Any]:
    row = event_to_dict(event)
    for name in ("date", "enddate"):
        row[name] = dt.date.fromisoformat(row[name]) if row[name] else None
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
