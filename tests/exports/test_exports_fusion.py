"""Fused records in the exports (contract: "Fused events"; ACLED: disputes in `notes`).

ACLED CSV: one row per fused record, `source` the reporting outlets, `notes` the spread of
the tolls and the claimants where sources disagree, `fatalities` the record's figure.
PLOVER JSONL, GeoJSON and Parquet carry `sources` and `size_range` (and `source_count`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from export_samples import make_event, make_fused, make_source, parquet_rows

from flarewatch.exports import export
from flarewatch.model import Document, Entity, Event, Size
from flarewatch.serialize import event_to_dict
from flarewatch.storage import EventQuery, open_store

MEDICS = Entity(text="medics", sector="MED")
ARMY = Entity(text="the army", name="Azerbaijan Armed Forces", code="AZE", sector="MIL")
WIRE, DAILY = "https://www.wire.example/1", "https://daily.example/2"
AGREED = "shelled positions (according to the ombudsman)"  # the per-document notes

# (case, fused record, ACLED `source`, `notes`, `fatalities`)
CASES = [
    ("two outlets agree", make_fused([make_source("a1", url=WIRE), make_source("a2", url=DAILY)]),
     "wire.example; daily.example", AGREED, "27"),
    ("one source", make_fused([make_source("a1", url=DAILY)]), "daily.example", AGREED, "27"),
    ("no urls: document ids", make_fused([make_source("a1"), make_source("a2")]), "a1; a2",
     AGREED, "27"),
    ("an outlet twice is listed once",
     make_fused([make_source("a1", url=WIRE), make_source("a2", url=DAILY),
                 make_source("a3", url="http://wire.example/3")]),
     "wire.example; daily.example", AGREED, "27"),
    ("an unparsable url: its document id",
     make_fused([make_source("a1", url="http://[::1/x"), make_source("a2", url=DAILY)]),
     "a1; daily.example", AGREED, "27"),
    ("the toll rises",
     make_fused([make_source("a1", 5), make_source("a2", 5), make_source("a3", 7)]),
     "a1; a2; a3", f"{AGREED} Fatalities reported 5-7 (7 in the latest report).", "7"),
    ("the latest figure, neither the highest nor an average",
     make_fused([make_source("a1", 9), make_source("a2", None), make_source("a3", 5)]),
     "a1; a2; a3", f"{AGREED} Fatalities reported 5-9 (5 in the latest report).", "5"),
    ("claimants differ",
     make_fused([make_source("a1", claimed_by=MEDICS), make_source("a2", claimed_by=MEDICS),
                 make_source("a3", claimed_by=ARMY)], claimed_by=MEDICS),
     "a1; a2; a3",
     "shelled positions (according to medics) Claimed by: medics (a1, a2); "
     "Azerbaijan Armed Forces (a3).", "27"),
    ("one claimant, one silent source: no dispute",
     make_fused([make_source("a1"), make_source("a2", claimed_by=None)]), "a1; a2", AGREED,
     "27"),
    ("tolls and claims differ, a denial kept",
     make_fused([make_source("a1", 5, claimed_by=MEDICS), make_source("a2", 7, ARMY)],
                modality="denied", size_range={"dead": [5, 7], "injured": [10, 12]},
                size=Size(dead=7, injured=12)),
     "a1; a2",
     "shelled positions (according to the ombudsman) [denied] Fatalities reported 5-7 "
     "(7 in the latest report). Injuries reported 10-12 (12 in the latest report). "
     "Claimed by: medics (a1); Azerbaijan Armed Forces (a2).", "7"),
]
FUSED = [replace(event, id=f"ev-fused-{n}") for n, (_, event, *_) in enumerate(CASES)]


def acled_rows(tmp_path: Path, events: list[Event]) -> list[dict[str, str]]:
    path = tmp_path / "acled.csv"
    written = export(events, "acled-csv", path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert written == len(rows)
    return rows


@pytest.mark.parametrize(("event", "source", "notes", "fatalities"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_fused_records_acled_row(
    tmp_path: Path, event: Event, source: str, notes: str, fatalities: str
) -> None:
    (row,) = acled_rows(tmp_path, [event])
    assert (row["source"], row["notes"], row["fatalities"]) == (source, notes, fatalities)


@pytest.mark.parametrize("event", [case[1] for case in CASES if case[3] == AGREED],
                         ids=[case[0] for case in CASES if case[3] == AGREED])
def test_sources_that_agree_leave_the_notes_as_for_one_document(
    tmp_path: Path, event: Event
) -> None:
    (fused,) = acled_rows(tmp_path, [event])
    (alone,) = acled_rows(tmp_path, [replace(event, sources=[], size_range={})])
    assert fused["notes"] == alone["notes"]
    assert alone["source"] == event.doc_id  # a per-document event: its document


def test_one_row_per_fused_record(tmp_path: Path) -> None:
    planned = replace(FUSED[0], id="ev-planned", modality="planned")  # not exported
    rows = acled_rows(tmp_path, [*FUSED, planned])
    assert [row["event_id_cnty"] for row in rows] == [f"AZE-{event.id}" for event in FUSED]


def test_plover_jsonl_lines_carry_sources_and_size_range(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    assert export([*FUSED, make_event()], "plover-jsonl", path) == len(FUSED) + 1
    *fused, alone = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert fused == [event_to_dict(event) for event in FUSED]
    assert [line["size_range"] for line in fused] == [event.size_range for event in FUSED]
    assert [len(line["sources"]) for line in fused] == [len(event.sources) for event in FUSED]
    assert "sources" not in alone and "size_range" not in alone


def test_geojson_properties_carry_source_count_and_sources(tmp_path: Path) -> None:
    path = tmp_path / "e.geojson"
    export([*FUSED, make_event()], "geojson", path)
    *fused, alone = [f["properties"] for f in json.loads(path.read_text("utf-8"))["features"]]
    assert [p["source_count"] for p in fused] == [len(event.sources) for event in FUSED]
    assert [[s["doc_id"] for s in p["sources"]] for p in fused] == [
        [s.doc_id for s in event.sources] for event in FUSED]
    assert [p["size_range"] for p in fused] == [event.size_range for event in FUSED]
    assert not {"source_count", "sources", "size_range"} & set(alone)


def test_parquet_fused_columns(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "e.parquet"
    export([*FUSED, make_event()], "parquet", path)
    assert parquet_rows(path) == [event_to_dict(e) for e in [*FUSED, make_event()]]
    table = pq.read_table(path)
    assert table.schema.names[-3:] == ["source_count", "sources", "size_range"]
    assert table.schema.field("sources").type.value_type.field("date").type == pa.date32()
    assert table.column("source_count").to_pylist() == [len(e.sources) for e in FUSED] + [None]


REPORTS = [  # (document, url, published, dead): two reports of one shelling, one of another
    ("r1", "https://www.wire.example/r1", dt.date(2023, 9, 19), 25),
    ("r2", "https://daily.example/r2", dt.date(2023, 9, 20), 27),
    ("r3", "https://daily.example/r3", dt.date(2023, 1, 2), 2),
]


def stored_report(doc_id: str, url: str, published: dt.date, dead: int) -> Document:
    """A report of `make_event`'s shelling (a January one for `r3`) with its event."""
    text = f"Azerbaijani forces shelled positions in Stepanakert, killing {dead}."
    day = published.isoformat()
    event = make_event(id=f"ev-{doc_id}", doc_id=doc_id, start=0, end=len(text),
                       event_text=text, size=Size(dead=dead), date=day, enddate=day)
    return Document(id=doc_id, text=text, url=url, date=published, events=[event])


@pytest.mark.parametrize(("fused", "rows"), [(True, 2), (False, 3)],
                         ids=["fused", "per-document"])
def test_a_stores_listing_exports_one_row_per_record(
    tmp_path: Path, fused: bool, rows: int
) -> None:
    with open_store(str(tmp_path / "f.db")) as store:
        store.add_documents(stored_report(*report) for report in REPORTS)
        listed = list(store.query_events(EventQuery(fused=fused)))
    by_id = {row["event_id_cnty"]: row for row in acled_rows(tmp_path, listed)}
    assert len(by_id) == rows
    if fused:
        shelled = by_id["AZE-ev-r1"]
        assert shelled["source"] == "wire.example; daily.example"
        assert shelled["fatalities"] == "27" and "Fatalities reported 25-27" in shelled["notes"]
