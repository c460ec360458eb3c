"""Tolls: a table of sentences with the dead, injured and arrested they state."""

from __future__ import annotations

import datetime as dt

import pytest
from event_cases import parsed, table

from flarewatch.model import Document, Size
from flarewatch.pipeline import run

CASES = table("casualties.tsv")
STAGES = ("parse", "events", "casualties")


def number(cell: str) -> int | None:
    return None if cell.strip() == "-" else int(cell)


@pytest.mark.parametrize(("sentence", "dead", "injured", "arrested"), CASES,
                         ids=[row[0][:40] for row in CASES])
def test_tolls(sentence: str, dead: str, injured: str, arrested: str) -> None:
    doc = parsed(sentence, STAGES)
    sizes = [event.size for event in doc.events if event.size != Size()]
    wanted = Size(number(dead), number(injured), number(arrested))
    if wanted == Size():
        assert sizes == []
    else:
        assert sizes == [wanted]


def test_groups_keep_their_sector() -> None:
    doc = parsed("Gunmen killed two civilians and four soldiers.", STAGES)
    groups = {(c.count, c.sector) for event in doc.events for c in event.casualties}
    assert groups == {(2, "CVL"), (4, "MIL")}


def test_toll_told_later_joins_the_attack() -> None:
    text = "A car bomb exploded in the market on Friday. Four people were wounded."
    doc = parsed(text, (*STAGES, "incidents"))
    assert [event.size.injured for event in doc.events] == [4]


OWNERS = table("toll_owners.tsv")


@pytest.mark.parametrize(("sentence", "owner", "dead"), OWNERS,
                         ids=[row[0][:40] for row in OWNERS])
def test_toll_owner(sentence: str, owner: str, dead: str) -> None:
    doc = parsed(sentence, STAGES)
    counted = {sentence[e.trigger_start:e.trigger_end]: e.size.dead
               for e in doc.events if e.size.dead is not None}
    assert counted == ({} if owner == "-" else {owner: int(dead)})


DAYS = table("toll_days.tsv")


@pytest.mark.parametrize(("text", "dead"), DAYS, ids=[row[0][:40] for row in DAYS])
def test_toll_told_before_the_attack(text: str, dead: str) -> None:
    stages = ("parse", "places", "timexes", "events", "event_dates", "casualties")
    doc = run(Document(id="test", text=text, date=dt.date(2024, 3, 13)), stages)
    assert doc.events[0].size.dead == number(dead)
