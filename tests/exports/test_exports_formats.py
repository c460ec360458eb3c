"""Each export format written and read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_samples import TELLINGS, make_event, parquet_rows

from flarewatch.exports import FORMATS, Exporter, export
from flarewatch.model import Event
from flarewatch.serialize import event_from_dict, event_to_dict

EVENTS = [
    make_event(),
    make_event(id="ev-2", event="PROTEST", acled=None, actor=None, recipient=None,
               event_loc=None, date=None, enddate=None, date_precision=None, casualties=[]),
    make_event(id="ev-3", date="2023-09-01", enddate="2023-09-30", date_precision="month",
               mentions=TELLINGS),
]
EXPECTED_MENTIONS = [  # per event of EVENTS: the principal span alone, or every telling
    [{"start": 10, "end": 40, "sentence": 1}], [{"start": 10, "end": 40, "sentence": 1}],
    [{"start": 0, "end": 8, "sentence": 0}, {"start": 10, "end": 40, "sentence": 1},
     {"start": 52, "end": 60, "sentence": 2}],
]


def test_built_in_formats_are_registered_by_name() -> None:
    assert sorted(FORMATS) == ["acled-csv", "geojson", "parquet", "plover-jsonl"]
    assert all(exporter.name == name for name, exporter in FORMATS.items())


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(EVENTS, "xml", tmp_path / "out.xml")


def test_another_exporter_can_be_passed_in(tmp_path: Path) -> None:
    class CountOnly:
        name, suffix = "count", ".txt"

        def write(self, events: object, path: Path) -> int:
            path.write_text(str(len(list(events))))  # type: ignore[call-overload]
            return int(path.read_text())

    formats: dict[str, Exporter] = {"count": CountOnly()}
    assert export(EVENTS, "count", tmp_path / "n.txt", formats) == 3


def test_plover_jsonl_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    assert export(EVENTS, "plover-jsonl", path) == 3
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [event_to_dict(e) for e in EVENTS]
    # The contract carries no trigger span: everything else comes back.
    back = [event_to_dict(event_from_dict(json.loads(line))) for line in lines]
    assert back == [event_to_dict(e) for e in EVENTS]
    assert [json.loads(line)["mentions"] for line in lines] == EXPECTED_MENTIONS


def test_geojson_is_a_feature_collection_of_located_events(tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    assert export(EVENTS, "geojson", path) == 2
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    located = [event for event in EVENTS if event.event_loc]
    for feature, event in zip(collection["features"], located, strict=True):
        assert feature["type"] == "Feature"
        assert feature["geometry"] == {"type": "Point", "coordinates": [46.7528, 39.8177]}
        assert feature["properties"] == event_to_dict(event)
    assert [f["properties"]["mentions"] for f in collection["features"]] == [
        EXPECTED_MENTIONS[0], EXPECTED_MENTIONS[2]]


def test_geojson_with_no_events_is_still_valid(tmp_path: Path) -> None:
    path = tmp_path / "none.geojson"
    assert export([], "geojson", path) == 0
    assert json.loads(path.read_text()) == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize("events", [EVENTS, []], ids=["three", "none"])
def test_parquet_round_trip(tmp_path: Path, events: list[Event]) -> None:
    path = tmp_path / "events.parquet"
    assert export(events, "parquet", path) == len(events)
    assert parquet_rows(path) == [event_to_dict(event) for event in events]


def test_parquet_columns_are_typed(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    export(EVENTS, "parquet", tmp_path / "e.parquet")
    schema = pq.read_schema(tmp_path / "e.parquet")
    assert schema.field("date").type == pa.date32()
    assert schema.field("confidence").type == pa.float64()
    assert schema.field("event_loc").type.field("geonameid").type == pa.int64()
    assert schema.field("size").type.field("dead").type == pa.int32()
    span = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("sentence", pa.int32())])
    assert schema.field("mentions").type == pa.list_(span)


def test_parquet_mentions_column(tmp_path: Path) -> None:
    export(EVENTS, "parquet", tmp_path / "e.parquet")
    assert [row["mentions"] for row in parquet_rows(tmp_path / "e.parquet")] == EXPECTED_MENTIONS
