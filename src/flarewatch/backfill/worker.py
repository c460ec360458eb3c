"""A partition extracted on a worker and written as Parquet (`partitions` gives layout).

`extract_partition(partition, out, stages)` runs on a Dask worker (or anywhere): every
document through the pipeline (`pipeline.run_each`; the models load once per worker
process, where the stages cache them), then per (year, month) of the document dates a
`documents` file (id, date, text, ..., `annotated`: the document as JSON,
`backfill.records`) and an `events` file (the Parquet export's schema),
then the `_done` marker. Returns (documents, events, errors) counts; the errors are
the E018 lines of documents that failed, which are left out.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from flarewatch.backfill.partitions import Partition, mark, month_folder
from flarewatch.backfill.records import document_json
from flarewatch.errors import InputError
from flarewatch.model import Document
from flarewatch.pipeline import run_each

Result = tuple[int, int, list[str]]


def extract_partition(partition: Partition, out: Path, stages: tuple[str, ...]) -> Result:
    good: list[Document] = []
    errors: list[str] = []
    for item in run_each(partition.documents, stages, 32):
        if isinstance(item, InputError):
            errors.append(item.message)
        else:
            item.parse = None
            good.append(item)
    by_month: dict[tuple[int, int], list[Document]] = defaultdict(list)
    for doc in good:
        by_month[(doc.date.year, doc.date.month) if doc.date else (0, 0)].append(doc)
    events = sum(write_month(out, partition.name, key, docs) for key, docs in by_month.items())
    mark(out, "done", partition.name)
    return len(good), events, errors


def write_month(out: Path, name: str, month: tuple[int, int], docs: list[Document]) -> int:
    from flarewatch.exports.parquet import event_schema, parquet_row

    rows = [document_row(doc) for doc in docs]
    write_table(month_folder(out, "documents", *month) / f"{name}.parquet", rows, None)
    events = [parquet_row(event) for doc in docs for event in doc.events]
    write_table(month_folder(out, "events", *month) / f"{name}.parquet", events,
                event_schema())
    return len(events)


def document_row(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "date": doc.date, "title": doc.title, "url": doc.url,
            "source": doc.source, "relevance": doc.relevance, "events": len(doc.events),
            "annotated": document_json(doc)}


def write_table(path: Path, rows: list[dict[str, Any]], schema: Any) -> None:
    """Rows to `path` atomically (a temporary name, then a rename)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=schema) if schema is not None else \
        pa.Table.from_pylist(rows)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    pq.write_table(table, partial, compression="zstd")
    partial.replace(path)
