"""Written partitions into the store: `load_partition(store, out, name)`.

The documents of a partition are read back from its `documents` Parquet files
(`backfill.records`) and bulk loaded (`storage.bulk.bulk_add`: the rows in batches, then
fusion as one pass over them), which stores what `flarewatch ingest` stores. A document
already stored (the same text) adds nothing, so loading twice duplicates nothing; the
`_loaded` marker only spares the reading. Returns the `IngestReport`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from flarewatch.backfill.partitions import mark, written_files
from flarewatch.backfill.records import document_from_json
from flarewatch.model import Document
from flarewatch.storage import IngestReport, Store
from flarewatch.storage.bulk import bulk_add


def read_documents(out: Path, name: str) -> Iterator[Document]:
    import pyarrow.parquet as pq

    for path in written_files(out, "documents", name):
        for text in pq.read_table(path, columns=["annotated"]).column("annotated").to_pylist():
            yield document_from_json(text)


def load_partition(store: Store, out: Path, name: str,
                   min_relevance: float | None = None) -> IngestReport:
    report = bulk_add(store, read_documents(out, name), min_relevance=min_relevance)
    mark(out, "loaded", name)
    return report
