"""A pool is scored with the places the reports of its unplaced events name
(`flarewatch.fusion.layer.with_report_places`), at every step: a new unplaced telling keeps
its report's places when a stored unplaced one is read back with its component, so the pool
is clustered on the scores that made its edges, and the stored records are those of
clustering every event at once (`flarewatch.evaluation.fusion_misses.batch_differences`).

Each row ingests two reports of one air strike on a market town (one placed, one naming the
town but giving its event no place), then a third report whose event has no place either; it
tells the strike (joins their record) or another happening (stays apart). In the project's
own words; half of the rows are traps."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
import sqlalchemy as sa

from flarewatch.evaluation.fusion_misses import batch_differences, stored
from flarewatch.model import Document, Event, Place, Size
from flarewatch.storage import open_store
from flarewatch.storage.schema import events

TOWNS = {  # name: (lat, lon); a market town and another 100 km north
    "Tawla": (22.10, 95.10), "Sinbo": (23.00, 95.10)}
DAY = dt.date(2024, 5, 21)


def town(name: str) -> Place:
    lat, lon = TOWNS[name]
    return Place(text=name, name=name, lat=lat, lon=lon, precision="town", country="MMR",
                 admin1="Sagaing")


def report(doc: str, text: str, named: str, placed: bool, day: dt.date, dead: int) -> Document:
    """A report naming the town `named`, telling one air strike there (`placed`) or with no
    place, on `day` (a weekday the text gives), with `dead` killed."""
    event = Event(event="ASSAULT", start=0, end=len(text), sentence=0, event_text=text,
                  trigger_start=0, trigger_end=len(text), mode="aerial",
                  event_loc=town(named) if placed else None, date=day.isoformat(),
                  enddate=day.isoformat(), date_precision="day", date_text="on Tuesday",
                  size=Size(dead=dead), id=f"ev-{doc}", doc_id=doc)
    return Document(id=doc, text=text, date=day + dt.timedelta(days=1), title=doc,
                    source=doc, places=[town(named)], events=[event])


FIRST = [report("r1", "the bombing of the market killed villagers", "Tawla", False, DAY, 11),
         report("r2", "jets struck the market at noon", "Tawla", True, DAY, 11)]

ROWS = [  # (third report's town, days after the strike, dead, at night, joins the strike's
    # record)
    ("Tawla", 0, 11, False, True),  # a follow-up naming the town, the same day and toll
    ("Tawla", 1, 11, True, True),  # told a day later (a night strike), the same toll
    ("Sinbo", 0, 11, False, False),  # trap: another town 100 km away, nothing ties them
    ("Tawla", 7, 11, False, False),  # trap: the same town a week later
    ("Tawla", 0, 3, False, False),  # trap: the same town and day, a toll far apart
    ("Tawla", 1, 11, False, False),  # trap: the next day by day (score.told_by_day)
]


def third(named: str, days: int, dead: int, night: bool = False) -> Document:
    text = "warplanes hit stalls where traders sat" + (" overnight" if night else "")
    return report("r3", text, named, False, DAY + dt.timedelta(days=days), dead)


def records(path: Path, docs: list[Document]) -> dict[str, str]:
    """Event id -> fused id after ingesting `docs` one by one into a new store."""
    with open_store(str(path / "fusion.db")) as store:
        for doc in docs:
            store.add_documents([doc])
        with store.engine.connect() as connection:
            return dict(connection.execute(sa.select(events.c.id, events.c.fused_id)).all())


@pytest.mark.parametrize(("named", "days", "dead", "night", "joins"), ROWS)
def test_a_third_unplaced_report_joins_by_the_town_its_report_names(
        tmp_path: Path, named: str, days: int, dead: int, night: bool, joins: bool) -> None:
    fused = records(tmp_path, [*FIRST, third(named, days, dead, night)])
    assert fused["ev-r1"] == fused["ev-r2"]
    assert (fused["ev-r3"] == fused["ev-r1"]) is joins


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_every_order_gives_one_record(tmp_path: Path, order: tuple[int, ...]) -> None:
    docs = [*FIRST, third("Tawla", 0, 11)]
    fused = records(tmp_path, [docs[index] for index in order])
    assert len(set(fused.values())) == 1


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_the_stored_records_are_those_of_one_batch(order: tuple[int, ...]) -> None:
    docs = [*FIRST, third("Tawla", 1, 11, night=True)]
    _found, rows = stored([docs[index] for index in order])
    assert batch_differences(rows) == 0


def test_a_record_split_apart_from_the_batch_is_counted() -> None:
    """Trap: the diagnostic sees a partition other than the batch's (one record of three
    events stored as two records: the batch's one and the two stored differ)."""
    _found, rows = stored([*FIRST, third("Tawla", 0, 11)])
    rows[0].row["fused_id"] = "elsewhere"
    assert batch_differences(rows) == 3
