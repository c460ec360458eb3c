"""The backfill's partitions and its output folder.

Reports are cut, in input order, into partitions of `size` documents; a partition's name
holds its number and a digest of its documents' ids and texts (`part-000003-1f2e3d4c`),
so the same inputs give the same partitions, and a changed input is a new partition.
Output folder `OUT`:

    OUT/documents/year=YYYY/month=MM/part-....parquet   every annotated document
    OUT/events/year=YYYY/month=MM/part-....parquet      its events (the export's schema)
    OUT/_done/part-...                                  the partition is written whole
    OUT/_loaded/part-...                                ... and loaded into the store

Year and month are the document's date (`year=0000/month=00` for none). Files are
written under a temporary name and renamed, and the `_done` marker comes last, so a
partition stopped half-way (a killed worker or client) has no marker and is redone by
the next run, overwriting what it left.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flarewatch.model import Document


@dataclass
class Partition:
    number: int
    documents: list[Document]

    @property
    def name(self) -> str:
        digest = hashlib.sha256()
        for doc in self.documents:
            digest.update(f"{doc.id}\t{doc.date}\t{doc.text}\n".encode())
        return f"part-{self.number:06d}-{digest.hexdigest()[:8]}"


def partitions(docs: Iterable[Document], size: int) -> Iterator[Partition]:
    """The documents in partitions of `size`, numbered from 0."""
    batch: list[Document] = []
    number = 0
    for doc in docs:
        batch.append(doc)
        if len(batch) == size:
            yield Partition(number, batch)
            batch, number = [], number + 1
    if batch:
        yield Partition(number, batch)


def marker(out: Path, stage: str, name: str) -> Path:
    """`OUT/_done/NAME` or `OUT/_loaded/NAME`."""
    return out / f"_{stage}" / name


def is_marked(out: Path, stage: str, name: str) -> bool:
    return marker(out, stage, name).exists()


def mark(out: Path, stage: str, name: str) -> None:
    path = marker(out, stage, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def month_folder(out: Path, kind: str, year: int, month: int) -> Path:
    return out / kind / f"year={year:04d}" / f"month={month:02d}"


def written_files(out: Path, kind: str, name: str) -> list[Path]:
    """The Parquet files of partition `name` of one kind, by month."""
    return sorted((out / kind).glob(f"year=*/month=*/{name}.parquet"))
