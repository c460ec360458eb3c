"""Fusion at ingest (flarewatch.fusion.layer): partitions, stable ids, order independence,
re-ingest, replacement, decisions and records stored before fusion, on SQLite and PostgreSQL.

The reports are `data/layer_events.tsv`: one strike told by three reports (one without a
place), a look-alike strike in the same town the next day told twice, another city's
shelling told twice with different tolls, and talks that fuse with nothing."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from flarewatch.errors import FusionError
from flarewatch.model import Casualty, Document, Entity, Event, Place, Size
from flarewatch.storage import Store, open_store
from flarewatch.storage.query import EventQuery
from flarewatch.storage.schema import events

TABLE = Path(__file__).parent / "data" / "layer_events.tsv"


def table_rows() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def value(cell: str) -> str | None:
    return None if cell == "-" else cell


def place(cell: str) -> Place | None:
    if cell == "-":
        return None
    name, lat, lon, precision, country, admin1 = cell.split(",")
    return Place(text=name, name=name, lat=float(lat), lon=float(lon), precision=precision,
                 country=country, admin1=admin1)


def event(row: dict[str, str]) -> Event:
    text = row["text"]
    actor = value(row["actor"])
    return Event(event=row["event"], start=0, end=len(text), sentence=0, event_text=text,
                 trigger_start=0, trigger_end=3, mode=value(row["mode"]),
                 actor=Entity(text=actor, code=actor) if actor else None,
                 event_loc=place(row["place"]), date=value(row["date"]),
                 enddate=value(row["date"]), date_precision="day" if value(row["date"]) else None,
                 date_text=f"on {row['date']}" if value(row["date"]) else None,  # told in words
                 size=Size(dead=int(row["dead"]) if value(row["dead"]) else None),
                 casualties=[Casualty(count=int(row["dead"]), status="dead", who=row["doc"])]
                 if value(row["dead"]) else [],
                 id=row["event_id"], doc_id=row["doc"])


def documents() -> dict[str, Document]:
    found: dict[str, Document] = {}
    for row in table_rows():
        doc = found.setdefault(row["doc"], Document(
            id=row["doc"], text="", date=dt.date.fromisoformat(row["published"]),
            title=f"Report {row['doc']}", source=f"Outlet {row['doc']}"))
        doc.events.append(event(row))
        doc.places += [p for p in (place(row["place"]), place(row["named"])) if p]
        doc.text += row["text"] + " "
    return found


def expected_partition() -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for row in table_rows():
        groups.setdefault(row["incident"], set()).add(row["event_id"])
    return {frozenset(group) for group in groups.values()}


def partition(store: Store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    with store.engine.connect() as connection:
        for event_id, fused_id in connection.execute(sa.select(events.c.id, events.c.fused_id)):
            groups.setdefault(fused_id, set()).add(event_id)
    return {frozenset(group) for group in groups.values()}


def fused_ids(store: Store) -> dict[str, str]:
    with store.engine.connect() as connection:
        return dict(connection.execute(sa.select(events.c.id, events.c.fused_id)).all())


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


def ingest(store: Store, order: list[str]) -> None:
    docs = documents()
    store.add_documents([docs[name] for name in order])


def test_three_reports_of_one_strike_are_one_record(store: Store) -> None:
    ingest(store, sorted(documents()))
    assert partition(store) == expected_partition()
    assert store.count_fused() == len(expected_partition())


ORDERS = [list(order) for order in itertools.islice(
    itertools.permutations(["r1", "r2", "r3", "r4", "r5", "r6", "r7"]), 0, 5040, 997)]


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
def test_any_order_gives_the_same_partition(store: Store, order: list[str]) -> None:
    ingest(store, order)
    assert partition(store) == expected_partition()


def test_two_runs_give_the_same_partition_as_one(database_url: str) -> None:
    with open_store(database_url) as first:
        ingest(first, ["r3", "r5", "r7"])
    with open_store(database_url) as second:
        ingest(second, ["r2", "r6", "r1", "r4"])
        assert partition(second) == expected_partition()


def test_a_fused_id_survives_new_sources_and_reingest_adds_nothing(store: Store) -> None:
    ingest(store, ["r1"])
    first = fused_ids(store)["e-r1-1"]
    assert first == "e-r1-1"  # a one-source record has its event's id
    ingest(store, ["r2", "r3", "r4"])
    assert fused_ids(store)["e-r1-1"] == first
    before = (fused_ids(store), store.count_fused())
    report = store.add_documents(list(documents().values()))
    assert report.documents_skipped_duplicate == 4
    ingest(store, sorted(documents()))
    assert (fused_ids(store), store.count_fused())[1] == len(expected_partition())
    assert {k: v for k, v in fused_ids(store).items() if k in before[0]} == before[0]


def test_reconciled_record_stands_by_the_latest_toll(store: Store) -> None:
    ingest(store, ["r3", "r1", "r2"])
    [record] = [e for e in store.query_events(EventQuery()) if e.id == "e-r3-1"]
    assert [s.doc_id for s in record.sources] == ["r1", "r2", "r3"]  # oldest first
    assert record.size.dead == 7 and record.size_range == {"dead": [5, 7]}
    # the groups counted are those of the report whose figure the record stands by
    assert [(c.count, c.who) for c in record.casualties] == [(7, "r3")]
    assert record.event_loc is not None and record.event_loc.name == "Rafah"


def test_per_document_events_stay_stored(store: Store) -> None:
    ingest(store, sorted(documents()))
    per_document = list(store.query_events(EventQuery(fused=False)))
    assert len(per_document) == len(table_rows())
    assert all(not e.sources for e in per_document)


def test_a_replaced_report_is_fused_again(store: Store) -> None:
    ingest(store, sorted(documents()))
    talks = documents()["r7"]
    talks.text += "(updated) "
    moved = talks.events[0]
    talks.events = [Event(**{**moved.__dict__, "event": "ASSAULT", "mode": "heavy-weapons",
                             "event_loc": place("Kharkiv,49.99,36.23,town,UKR,Kharkiv"),
                             "event_text": "Russian shelling of Kharkiv killed two on Friday.",
                             "size": Size(dead=2)})]
    talks.places = [talks.events[0].event_loc]  # the new text's places, as re-extracted
    store.add_documents([talks])
    assert fused_ids(store)["e-r7-1"] == fused_ids(store)["e-r5-1"]
    assert store.count_fused() == len(expected_partition()) - 1


def test_a_split_holds_when_another_source_arrives(store: Store) -> None:
    ingest(store, ["r1", "r2"])
    record = fused_ids(store)["e-r1-1"]
    assert fused_ids(store)["e-r2-1"] == record
    after = store.split(record, "r2", note="the unplaced report is another strike")
    assert sorted(after) == ["e-r1-1", "e-r2-1"]
    ingest(store, ["r3"])  # tells the strike of both
    ids = fused_ids(store)
    assert ids["e-r2-1"] != ids["e-r1-1"] == ids["e-r3-1"] == record
    assert store.merge(ids["e-r1-1"], ids["e-r2-1"]) == [record]
    assert len({fused_ids(store)[e] for e in ("e-r1-1", "e-r2-1", "e-r3-1")}) == 1


@pytest.mark.parametrize(("call", "code"), [
    (lambda s: s.split("nope", "r1"), "E050"),
    (lambda s: s.split("e-r5-1", "r1"), "E051"),
    (lambda s: s.split("e-r7-1", "r7"), "E051"),
    (lambda s: s.merge("e-r7-1", "e-r7-1"), "E052"),
    (lambda s: s.explain("nope"), "E050"),
])
def test_impossible_decisions_are_numbered_errors(store: Store, call: object, code: str) -> None:
    ingest(store, sorted(documents()))
    with pytest.raises(FusionError, match=f"^{code} "):
        call(store)  # type: ignore[operator]


def test_explanation_names_the_parts_that_held(store: Store) -> None:
    ingest(store, ["r5", "r6"])
    explained = store.explain(fused_ids(store)["e-r5-1"])
    [pair] = explained["pairs"]
    assert {pair["a"], pair["b"]} == {"e-r5-1", "e-r6-1"}
    assert pair["score"] >= explained["threshold"]
    assert {"same_place", "same_day", "same_actor"} <= set(pair["parts"])


def test_events_stored_before_fusion_are_fused_on_open(database_url: str) -> None:
    with open_store(database_url) as unfused:
        unfused.fuse = False
        ingest(unfused, sorted(documents()))
        assert unfused.count_fused() == 0
    with open_store(database_url) as reopened:
        assert partition(reopened) == expected_partition()


def test_corrections_export_as_fusion_gold(store: Store) -> None:
    ingest(store, ["r1", "r2", "r3"])
    store.split("e-r1-1", "r2")
    lines = list(store.corrections())
    clusters = {m["m_id"]: m["cluster"] for line in lines for m in line["mentions"]}
    assert clusters["e-r2-1"] != clusters["e-r1-1"] == clusters["e-r3-1"]
    assert all(line["text"][m["start"]:m["end"]] == m["text"]
               for line in lines for m in line["mentions"])


def test_shuffled_orders_agree_on_a_larger_mix(tmp_path: Path) -> None:
    docs = list(documents().values())
    seen = set()
    for seed in range(3):
        random.Random(seed).shuffle(docs)
        with open_store(str(tmp_path / f"s{seed}.db")) as store:
            store.add_documents(docs)
            seen.add(frozenset(partition(store)))
    assert len(seen) == 1


def test_the_seed_reports_distinct_incidents_stay_apart(tmp_path: Path) -> None:
    """The seed's gold incidents are all distinct: fusing its own events joins none."""
    from flarewatch.ingest import read_inputs
    from flarewatch.pipeline import run_many

    seed = next(iter(sorted((Path(__file__).parents[2] / ".." / "shared" / "data" / "seed")
                            .glob("*.txt"))), None)
    if seed is None:
        pytest.skip("../shared/data/seed is not beside the repository")
    docs = list(run_many(d for d in read_inputs([str(seed)]) if isinstance(d, Document)))
    with open_store(str(tmp_path / "seed.db")) as store:
        store.add_documents(docs)
        assert store.count_fused() == store.count_events() > 10


def test_three_reports_of_one_strike_fuse_end_to_end(tmp_path: Path) -> None:
    """Issue 13's example, in our words: one report places the strike in Rafah with five
    dead, one names no place ("the southern Gaza city") and says five, one says the toll has
    risen to seven; a shelling elsewhere stays apart. Extraction, storage and fusion."""
    from flarewatch.ingest import read_inputs
    from flarewatch.pipeline import run_many

    path = Path(__file__).parent / "data" / "rafah_reports.jsonl"
    docs = list(run_many(d for d in read_inputs([str(path)]) if isinstance(d, Document)))
    with open_store(str(tmp_path / "rafah.db")) as store:
        store.add_documents(docs)
        records = sorted(store.query_events(EventQuery()), key=lambda e: -len(e.sources))
    assert [len(r.sources) for r in records] == [3, 1]
    strike = records[0]
    assert strike.event_loc is not None and strike.event_loc.name == "Rafah"
    assert (strike.size.dead, strike.size_range) == (7, {"dead": [5, 7]})
