"""The lookup of an unplaced event reads only the stored events that may share an anchor
with it (`flarewatch.fusion.score.needed_anchors`, `flarewatch.fusion.blocking.sharing`):
a name or number of its evidence clause (`events.particulars`), or a place related to one
its report names. It drops no candidate that `score.may_reach` keeps, on SQLite and
PostgreSQL.

One report per stored event, all strikes of one day; `REACHES` says which each unplaced
one may reach. In the project's own words; the traps are the events sharing nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from flarewatch.fusion.blocking import Anchors, Member, candidates, load_members, placed, weights
from flarewatch.fusion.layer import with_report_places
from flarewatch.fusion.score import may_reach, needed_anchors, particulars_column
from flarewatch.model import Document, Entity, Event, Place
from flarewatch.storage import Store, open_store
from flarewatch.storage.schema import events

DAY = dt.date(2024, 3, 4)
# name: (lat, lon, precision, country, admin1)
PLACES = {
    "Tawla": (22.10, 95.10, "town", "MMR", "Sagaing"),
    "Kyauk": (22.30, 95.10, "town", "MMR", "Sagaing"),  # 22 km north of Tawla
    "Sinbo": (23.00, 95.10, "town", "MMR", "Mandalay"),  # 100 km north, another division
    "Sagaing": (22.50, 95.50, "region", "MMR", "Sagaing"),
    "Myanmar": (21.00, 96.00, "country", "MMR", None),
    "Kharkiv": (50.00, 36.23, "town", "UKR", "Kharkiv"),
    "Gao": (16.27, -0.04, "town", "MLI", "Gao"),
}
# event id: (its text, its place or -, the place its report names or -, its actor's code)
STORED = {
    "ev-num": ("shells killed 7 people near the station", "Kharkiv", "-", "RUS"),
    "ev-gao": ("gunmen attacked a checkpoint at dawn", "Gao", "-", "-"),  # trap
    "ev-kyauk": ("jets bombed a school compound", "Kyauk", "-", "-"),
    "ev-region": ("airstrikes hit villages in the division", "Sagaing", "-", "-"),
    "ev-country": ("the junta bombed rebel-held areas", "Myanmar", "-", "-"),
    "ev-sinbo": ("a drone hit a monastery", "Sinbo", "-", "-"),  # trap: 100 km away
    "ev-heard": ("the blast was heard across town", "-", "Tawla", "-"),
    "ev-words": ("their shelling killed 7 civilians", "-", "-", "-"),
    "ev-place": ("the raid was condemned by residents", "-", "Tawla", "-"),
    "ev-nothing": ("the attack drew wide condemnation", "-", "-", "-"),
}
# an unplaced event: the stored events it may reach
REACHES = {
    "ev-words": {"ev-num"},  # the number 7
    "ev-place": {"ev-kyauk", "ev-region", "ev-country", "ev-heard"},  # Tawla, its report's
    "ev-heard": {"ev-kyauk", "ev-region", "ev-country", "ev-place"},
    "ev-nothing": set(),  # trap: no name, no number, no place named
}


def place(name: str) -> Place | None:
    if name == "-":
        return None
    lat, lon, precision, country, admin1 = PLACES[name]
    return Place(text=name, name=name, lat=lat, lon=lon, precision=precision,
                 country=country, admin1=admin1)


def report(event_id: str) -> Document:
    text, own, named, actor = STORED[event_id]
    doc_id = event_id.replace("ev-", "doc-")
    event = Event(event="ASSAULT", start=0, end=len(text), sentence=0, event_text=text,
                  trigger_start=0, trigger_end=len(text),
                  actor=Entity(text=actor, code=actor) if actor != "-" else None,
                  event_loc=place(own), date=DAY.isoformat(), enddate=DAY.isoformat(),
                  date_precision="day", date_text="on Monday", id=event_id, doc_id=doc_id)
    return Document(id=doc_id, text=text, date=DAY + dt.timedelta(days=1), title=doc_id,
                    source=doc_id, events=[event],
                    places=[p for p in (place(own), place(named)) if p])


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        opened.add_documents([report(event_id) for event_id in sorted(STORED)])
        yield opened


def member(connection: sa.Connection, event_id: str) -> Member:
    found = load_members(connection, events.c.id == event_id)
    return with_report_places(connection, found)[0]


def reached(connection: sa.Connection, one: Member, anchors: Anchors | None) -> set[str]:
    floor = weights()["edge_floor"]
    found = with_report_places(connection, candidates(connection, one, anchors))
    return {other.id for other in found if may_reach(one, other, floor)}


@pytest.mark.parametrize("event_id", sorted(REACHES))
def test_the_anchored_lookup_keeps_every_candidate_that_may_reach(store: Store,
                                                                  event_id: str) -> None:
    with store.engine.connect() as connection:
        one = member(connection, event_id)
        anchors = needed_anchors(one, weights()["edge_floor"])
        assert anchors is not None and not placed(one)
        everywhere = reached(connection, one, None)
        assert everywhere == REACHES[event_id]
        assert reached(connection, one, anchors) == everywhere
        read = {other.id for other in candidates(connection, one, anchors)}
        assert read <= REACHES[event_id] | {"ev-num", "ev-heard", "ev-place", "ev-words",
                                            "ev-nothing"}
        assert not read & {"ev-gao", "ev-sinbo"}  # traps: nothing shared


@pytest.mark.parametrize(("event_id", "expected"), [
    ("ev-words", Anchors(("7",), ())),
    ("ev-nothing", Anchors((), ())),
    ("ev-kyauk", None),  # placed: any stored event may reach it
])
def test_needed_anchors(store: Store, event_id: str, expected: Anchors | None) -> None:
    with store.engine.connect() as connection:
        assert needed_anchors(member(connection, event_id), weights()["edge_floor"]) == expected


def test_needed_anchors_are_none_before_the_report_places_are_read() -> None:
    row = {"id": "e", "place_lat": None, "evidence": "killed 7 people"}
    assert needed_anchors(Member(row), weights()["edge_floor"]) is None


def test_fusion_stores_the_particulars_and_a_null_column_is_read(store: Store) -> None:
    with store.engine.connect() as connection:
        stored = dict(connection.execute(sa.select(events.c.id, events.c.particulars)).all())
        assert stored["ev-num"] == particulars_column("shells killed 7 people") == " 7 "
        assert stored["ev-gao"] == ""
        connection.execute(events.update().where(events.c.id == "ev-num")
                           .values(particulars=None))
        assert reached(connection, member(connection, "ev-words"),
                       Anchors(("11",), ())) == {"ev-num"}  # not yet filled: kept
        connection.rollback()


def test_a_new_event_gets_its_particulars_and_its_pool_keeps_theirs(store: Store) -> None:
    """Fusion sets a new event's particulars in the write that links it to its record
    (`layer.write`); a stored event of its pool keeps what it has, even NULL (a store
    written behind fusion's back)."""
    with store.engine.begin() as connection:
        connection.execute(events.update().where(events.c.id == "ev-num")
                           .values(particulars=None))
    again = report("ev-num")
    again.id = again.events[0].doc_id = "doc-again"
    again.events[0].id = "ev-again"
    again.text += " Officials said so."  # another report, not a copy
    store.add_documents([again])
    with store.engine.connect() as connection:
        found = {row.doc_id: row for row in connection.execute(
            sa.select(events.c.doc_id, events.c.particulars, events.c.fused_id)
            .where(events.c.doc_id.in_(["doc-num", "doc-again"])))}
    assert found["doc-again"].fused_id == found["doc-num"].fused_id  # one pool, one record
    assert found["doc-again"].particulars == " 7 "
    assert found["doc-num"].particulars is None


@pytest.mark.parametrize(("word", "stored", "found"), [
    ("al_qaim", " al_qaim ", True),
    ("al_qaim", " alxqaim ", False),  # trap: `_` is no wildcard
    ("7", " 17 ", False),  # trap: a word, not a part of one
])
def test_words_match_whole(word: str, stored: str, found: bool) -> None:
    from flarewatch.fusion.blocking import like_pattern

    engine = sa.create_engine("sqlite://")
    with engine.connect() as connection:
        match = sa.literal(stored).like(sa.literal(like_pattern(word)), escape="\\")
        assert connection.execute(sa.select(match)).scalar() == found


def test_a_0015_store_gets_the_particulars_of_its_events_when_opened(database_url: str) -> None:
    from alembic import command

    from flarewatch.storage.engine import resolve_url
    from flarewatch.storage.migrate import alembic_config

    with open_store(database_url) as opened:
        opened.add_documents([report("ev-num"), report("ev-gao")])
    command.downgrade(alembic_config(resolve_url(database_url)), "0015")
    with open_store(database_url) as opened, opened.engine.connect() as connection:
        stored = dict(connection.execute(sa.select(events.c.id, events.c.particulars)).all())
    assert stored == {"ev-num": " 7 ", "ev-gao": ""}
