"""Clock times with stated zones and "local time": the table in `zones.tsv`."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from flarewatch.model import Place
from flarewatch.timex import find_timexes
from flarewatch.timex.local import capital_zone, country_zones, local_zone
from flarewatch.timex.zones import bracketed_offset, with_offset, zone_of

TABLE = Path(__file__).with_name("zones.tsv")
COLUMNS = ("doc_date", "places", "zone", "sentence", "text", "value", "date")
# hand-made resolved places: name -> (country, lat, lon, feature)
PLACES = {
    "Azerbaijan": ("AZE", 40.5, 47.5, "country"), "Armenia": ("ARM", 40.25, 45.0, "country"),
    "Kyiv": ("UKR", 50.45, 30.52, "capital"), "Ukraine": ("UKR", 49.0, 32.0, "country"),
    "Moscow": ("RUS", 55.75, 37.62, "capital"), "Russia": ("RUS", 60.0, 100.0, "country"),
    "Vladivostok": ("RUS", 43.11, 131.87, "city"), "Israel": ("ISR", 31.5, 34.75, "country"),
    "Syria": ("SYR", 35.0, 38.0, "country"), "Chicago": ("USA", 41.85, -87.65, "city"),
    "United States": ("USA", 39.76, -98.5, "country"),
}


def _rows() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return [dict(zip(COLUMNS, row, strict=True))
            for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _places(names: str, sentence: str) -> list[Place]:
    places, elsewhere = [], len(sentence) + 1
    for name in [] if names == "-" else names.split(","):
        country, lat, lon, feature = PLACES[name]
        start = sentence.find(name)
        if start < 0:
            start, elsewhere = elsewhere, elsewhere + len(name) + 1
        places.append(Place(name, name, lat, lon, "town", None, country, None, start,
                            start + len(name), feature))
    return places


ROWS = _rows()


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['doc_date']}|{r['places']}|{r['text']}"
                                           for r in ROWS])
def test_zone(row: dict[str, str]) -> None:
    date = None if row["doc_date"] == "-" else dt.date.fromisoformat(row["doc_date"])
    zone = None if row["zone"] == "-" else row["zone"]
    found = find_timexes(row["sentence"], date, places=_places(row["places"], row["sentence"]),
                         zone=zone)
    start = row["sentence"].index(row["text"])
    matching = [t for t in found if (t.start, t.end) == (start, start + len(row["text"]))]
    assert matching, f"{row['text']!r} not recognised; found {[t.text for t in found]}"
    assert (matching[0].type, matching[0].value, matching[0].date or "") == (
        "TIME", row["value"], row["date"])
    assert matching[0].precision == ("day" if date else None)


def test_table_covers_explicit_local_dst_and_no_place() -> None:
    values = {row["value"] for row in ROWS}
    assert {"2023-09-19T16:00-04:00", "2024-01-10T16:00-05:00"} <= values  # DST
    assert any(row["places"] == "-" and "local time" in row["text"] and row["value"][-6] != "+"
               for row in ROWS)


@pytest.mark.parametrize(("phrase", "zone"), [
    ("GMT", "Z"), ("gmt", "Z"), ("UTC+4", "+04:00"), ("UTC -3", "-03:00"), ("GMT+5:30", "+05:30"),
    ("ET", "America/New_York"), ("et", None), ("local  time", "local"), ("UTC+19", None),
    ("Moscow time", "Europe/Moscow"), (None, None),
])
def test_zone_of(phrase: str | None, zone: str | None) -> None:
    assert zone_of(phrase) == zone


def test_with_offset_follows_daylight_saving() -> None:
    assert with_offset("2023-07-01T12:00", "Europe/London") == "2023-07-01T12:00+01:00"
    assert with_offset("2023-01-01T12:00", "Europe/London") == "2023-01-01T12:00+00:00"
    assert with_offset("2023-01-01T12:00", "local") == "2023-01-01T12:00"
    assert with_offset("2023-01-01T12:00", "local", "Asia/Kolkata") == "2023-01-01T12:00+05:30"
    assert with_offset("2023-01-01TMO", "Z") == "2023-01-01TMO"


def test_bracketed_offset() -> None:
    assert bracketed_offset("2023-09-19T13:00", "2023-09-19T10:00Z") == "+03:00"
    assert bracketed_offset("2023-09-19T08:00", "2023-09-19T13:00Z") == "-05:00"
    assert bracketed_offset("2023-09-19T13:00", "2023-09-19T10:00") is None


def test_country_zones_cover_the_world_with_valid_zones() -> None:
    zones = country_zones()
    assert len(zones) > 200
    assert capital_zone("AZE") == "Asia/Baku"
    assert capital_zone("RUS") == "Europe/Moscow"
    assert capital_zone("USA") == "America/New_York"
    assert capital_zone("XXX") is None


def test_no_country_no_zone() -> None:
    unresolved = Place("Somewhere", "Somewhere", 0.0, 0.0, "town", start=0, end=9)
    assert local_zone([]) is None
    assert local_zone([unresolved], [unresolved]) is None
