"""Stage `timexes` on small hand-built documents and on the seed report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flarewatch import pipeline
from flarewatch.model import Document, Place

SEED_DATE = dt.date(2023, 9, 19)
# the examples: words of the seed report and what a 2023-09-19 report means by them
SEED_READINGS = [
    ("reported on Tuesday", "Tuesday", "2023-09-19", "2023-09-19", "2023-09-19"),
    ("since 1 p.m. local time", "since 1 p.m. local time", "2023-09-19T13:00+04:00", "2023-09-19",
     "2023-09-19"),
    ("Since last December", "Since last December", "2022-12", "2022-12-01", "2023-09-19"),
    ("Tuesday last week", "Tuesday last week", "2023-09-12", "2023-09-12", "2023-09-12"),
    ("Last Sunday", "Last Sunday", "2023-09-17", "2023-09-17", "2023-09-17"),
    ("region on Monday", "Monday", "2023-09-18", "2023-09-18", "2023-09-18"),
    ("three years ago", "three years ago", "2020", "2020-01-01", "2020-12-31"),
    ("the early 1990s", "the early 1990s", "199", "1990-01-01", "1993-12-31"),
]


def _run(text: str, date: dt.date | None, places: list[Place] | None = None) -> Document:
    doc = Document("test", text, date)
    doc.places = places or []
    return pipeline.run(doc, ["parse", "timexes"])


def test_sets_resolved_timexes() -> None:
    doc = _run("The convoy was shelled on Tuesday and again last Sunday.", SEED_DATE)
    assert [(t.text, t.value) for t in doc.timexes] == [
        ("Tuesday", "2023-09-19"), ("last Sunday", "2023-09-17")]
    assert all(t.precision == "day" for t in doc.timexes)


def test_future_tense_points_forward() -> None:
    doc = _run("The two sides will meet on Friday in Brussels.", SEED_DATE)
    assert [t.value for t in doc.timexes] == ["2023-09-22"]


def test_offsets_index_the_text() -> None:
    doc = _run("Since last December, the road has been closed.", SEED_DATE)
    timex = doc.timexes[0]
    assert doc.text[timex.start : timex.end] == timex.text == "Since last December"


def test_no_document_date_leaves_relative_expressions_unresolved() -> None:
    doc = _run("Shelling resumed on Tuesday, as in May 2017.", None)
    values = {t.text: (t.value, t.date) for t in doc.timexes}
    assert values["Tuesday"] == ("XXXX-WXX-2", None)
    assert values["May 2017"] == ("2017-05", "2017-05-01")


def test_durations_and_sets_have_no_interval() -> None:
    doc = _run("The siege lasted 44 days and convoys now arrive every day.", SEED_DATE)
    kinds = {t.type: t for t in doc.timexes}
    assert kinds["DURATION"].value == "P44D" and kinds["DURATION"].date is None
    assert kinds["SET"].value == "P1D" and kinds["SET"].enddate is None


def test_local_time_takes_the_zone_of_the_places() -> None:
    text = "Kyiv came under attack at 4 a.m. local time, the Ukrainian air force said."
    kyiv = Place("Kyiv", "Kyiv", 50.45, 30.52, "town", 703448, "UKR", start=0, end=4,
                 feature="capital")
    winter = _run(text, dt.date(2024, 1, 14), [kyiv]).timexes[0]
    summer = _run(text, dt.date(2023, 7, 14), [kyiv]).timexes[0]
    assert (winter.value, winter.date) == ("2024-01-14T04:00+02:00", "2024-01-14")
    assert summer.value == "2023-07-14T04:00+03:00"


def test_local_time_follows_the_places_stage() -> None:
    doc = Document("kyiv", "Kyiv came under attack at 4 a.m. local time.", dt.date(2024, 1, 14))
    doc = pipeline.run(doc, ["parse", "places", "timexes"])
    assert doc.timexes[0].value == "2024-01-14T04:00+02:00"


def test_local_time_with_no_place_has_no_offset() -> None:
    doc = _run("The attack came at 4 a.m. local time, officials said.", dt.date(2024, 1, 14))
    assert doc.timexes[0].value == "2024-01-14T04:00"


def test_stated_zones_carry_offsets() -> None:
    doc = _run("The truce began at 1 p.m. (1000 GMT) and talks at 3 p.m. Moscow time.", SEED_DATE)
    assert [t.value for t in doc.timexes] == [
        "2023-09-19T13:00+03:00", "2023-09-19T10:00Z", "2023-09-19T15:00+03:00"]


@pytest.fixture(scope="module")
def seed_doc(shared: Path) -> Document:
    raw = next((shared / "data" / "seed").glob("*.txt")).read_text(encoding="utf-8")
    doc = Document("seed", raw.split(" Z", 1)[1], SEED_DATE)
    return pipeline.run(doc, ["parse", "places", "timexes"])


@pytest.mark.parametrize(("context", "text", "value", "date", "enddate"), SEED_READINGS)
def test_seed_readings(seed_doc: Document, context: str, text: str, value: str, date: str,
                       enddate: str) -> None:
    where = seed_doc.text.index(context) + context.index(text)
    found = [t for t in seed_doc.timexes if t.start == where and t.text == text]
    assert found, [t.text for t in seed_doc.timexes]
    assert (found[0].value, found[0].date, found[0].enddate) == (value, date, enddate)
