"""Bulk loading stores what one-by-one ingest stores, fusion included, with its indexes
deferred or not, and leaves the indexes as they were, also when it fails or is killed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from store_samples import (
    KYIV,
    clean_ingest_dump,
    dump,
    make_document,
    make_event,
    told_three_times,
)

from flarewatch.model import Casualty, Document, Entity, Place, Size
from flarewatch.storage import Store, bulk, counts, deferral, open_store
from flarewatch.storage.bulk import bulk_add, skip_foreign_key_checks
from flarewatch.storage.columns import Columns, document_country
from flarewatch.storage.schema import daily_country_counts, events, fused_events
from flarewatch.storage.search import text_match
from flarewatch.storage.writer import binary_fits, each_distinct, written
from pg_cluster import fresh_schema_url

OBJECTS = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')",
    "postgresql": "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()",
}


def documents() -> list:  # type: ignore[type-arg]
    docs = [make_document(f"d{i}", events=2) for i in range(6)]
    docs.append(make_document("d0-copy", text=docs[0].text))  # the same text: skipped
    other = make_document("far", text="Report far away.", events=0)
    other.events = [make_event(id="ev-far", doc_id="far", date="2024-05-01",
                               enddate="2024-05-01")]
    return [*docs, other]


def schema_objects(store: Store) -> set[str]:
    """The names of the store's indexes (and SQLite triggers)."""
    with store.engine.connect() as connection:
        return set(connection.execute(sa.text(OBJECTS[connection.dialect.name])).scalars())


def searchable(store: Store) -> int:
    """Fused records the full-text index finds by their place (every sample's is Kyiv)."""
    with store.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(fused_events)
                                  .where(text_match("kyiv", fused_events))).scalar_one()


# defer_at: None (the rule: not deferred at this size), 1 (from the first batch), 4 (from
# the batch that brings the load to four documents).
@pytest.mark.parametrize(("batch", "defer_at"), [(1, None), (3, None), (100, None), (1, 1),
                                                 (3, 4), (100, 1)])
def test_bulk_add_stores_what_ingest_stores(database_url: str, batch: int,
                                            defer_at: int | None) -> None:
    with open_store(database_url) as store:
        before = schema_objects(store)
        report = bulk_add(store, documents(), batch=batch, defer_at=defer_at)
        assert (report.documents_added, report.documents_skipped_duplicate) == (7, 1)
        assert dump(store) == clean_ingest_dump(documents(), database_url)
        assert schema_objects(store) == before
        assert searchable(store) == store.count_fused() > 0


def unstorable_documents() -> list:  # type: ignore[type-arg]
    """Documents with characters no store holds (U+0000, a lone surrogate) in a text
    column, a JSON list and a casualty group, and one below the relevance floor."""
    odd = make_document("odd\x00", text="Report \x00 with \ud800 in it.", relevance=0.9)
    odd.events = [make_event(id="ev-0-odd", doc_id="odd", event_text="shel\x00led",
                             actor=Entity(text="forces\ud800", code="R\x00S",
                                          other_sectors=("MIL\x00",)),
                             casualties=[Casualty(count=1, status="dead", who="x\x00")])]
    low = make_document("low", text="Report below the floor.", relevance=0.1)
    return [low, odd, make_document("plain", relevance=0.8)]  # in id order, as fused


def test_bulk_add_stores_unstorable_characters_as_ingest_does(database_url: str) -> None:
    with open_store(database_url) as store:
        report = bulk_add(store, unstorable_documents(), min_relevance=0.5)
        assert (report.documents_added, report.documents_below_relevance) == (3, 1)
        other = database_url + ".clean" if "://" not in database_url else None
        with open_store(other or fresh_schema_url(database_url)) as clean:
            clean.add_documents(unstorable_documents(), min_relevance=0.5)
            assert dump(store) == dump(clean)


def test_a_failed_load_restores_the_indexes(database_url: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = bulk.insert_columns

    def failing(connection: sa.Connection, table: sa.Table, values: Columns) -> None:
        if table.name == "events" and "d3" in values.values[1]:
            raise RuntimeError("the disk is full")
        real(connection, table, values)

    monkeypatch.setattr(bulk, "insert_columns", failing)
    with open_store(database_url) as store:
        before = schema_objects(store)
        with pytest.raises(RuntimeError):
            bulk_add(store, documents(), batch=3, defer_at=1)
        assert (store.count_documents(), schema_objects(store)) == (3, before)


def test_documents_failing_midway_leave_the_batches_read_before(database_url: str) -> None:
    """The next batch is read (and built) while one is written: when reading it fails,
    the batch before is written all the same, as when batches were read one at a time."""
    def failing() -> Iterator[Document]:
        yield from documents()[:3]
        raise OSError("a partition could not be read")

    with open_store(database_url) as store:
        with pytest.raises(OSError, match="partition"):
            bulk_add(store, failing(), batch=2, fuse=False)
        assert store.count_documents() == 2


def test_what_a_killed_load_dropped_is_restored_on_open(database_url: str) -> None:
    with open_store(database_url) as store:
        bulk_add(store, documents())
        before = schema_objects(store)
        assert deferral.drop(store.engine, [events, fused_events]) > 5
        assert schema_objects(store) < before
    with open_store(database_url) as store:
        assert schema_objects(store) == before
        assert searchable(store) == store.count_fused() > 0


def test_counts_a_killed_fusion_pass_left_are_recounted_on_open(database_url: str) -> None:
    with open_store(database_url) as store:
        bulk_add(store, varied_documents())
        with store.engine.connect() as connection:
            expected = counts.stored_rows(connection)
        assert expected
        deferral.drop(store.engine, [fused_events], recount=True)
        with store.engine.begin() as connection:  # as a pass that fused without counting
            connection.execute(counts.TABLES[0].delete())
    with open_store(database_url) as store, store.engine.connect() as connection:
        assert counts.stored_rows(connection) == expected


def test_a_fusion_pass_on_a_deferring_connection_counts_nothing(database_url: str) -> None:
    with open_store(database_url) as store:
        bulk_add(store, varied_documents(), fuse=False)
        with store.engine.connect() as connection:
            connection.execution_options(**{counts.DEFERRED: True})
            while bulk.fuse_some(connection):
                pass
            assert counts.stored_rows(connection) == []
            assert store.count_fused() > 0


def test_a_new_version_replaces_the_old(database_url: str) -> None:
    with open_store(database_url) as store:
        bulk_add(store, documents())
        newer = make_document("d1", text="A second version of d1.", events=1)
        report = bulk_add(store, [newer])
        assert (report.documents_added, report.documents_replaced) == (1, 1)
        assert store.count_documents() == 7



# Ids that a batch's lookup of stored ids (`bulk.stored`: one JSON array on SQLite, one
# array on PostgreSQL) must give back as stored: quotes, a backslash, a control
# character, accents, a character outside the BMP, U+0000 (stored as U+FFFD).
ODD_IDS = ['d"quoted"', "back\\slash", "tab\there", "caf\u00e9", "smile\U0001F600", "nul\x00"]


@pytest.mark.parametrize("doc_id", ODD_IDS)
def test_a_new_version_of_an_odd_id_replaces_the_old(database_url: str, doc_id: str) -> None:
    with open_store(database_url) as store:
        bulk_add(store, [make_document(doc_id), make_document("plain")])
        report = bulk_add(store, [make_document(doc_id, text="A second version.", events=1),
                                  make_document("plain")])
        assert (report.documents_added, report.documents_replaced,
                report.documents_skipped_duplicate) == (1, 1, 1)
        assert store.count_documents() == 2


ODESA = Place(text="Odesa", name="Odesa", lat=46.48, lon=30.72, precision="town",
              country="UKR", admin1="Odesa Oblast", start=60, end=65)
ALEPPO = Place(text="Aleppo", name="Aleppo", lat=36.2, lon=37.16, precision="town",
               country="SYR", start=60, end=66)


def varied_documents() -> list:  # type: ignore[type-arg]
    """Documents whose events differ in the fields that are often empty (no claimant, no
    place, no date, no toll, several tellings), on several days and in two countries, so
    that a batch holds columns empty in every row, and columns empty in some rows only."""
    docs = []
    for number in range(9):
        doc = make_document(f"v{number}", events=0)
        day = (dt.date(2023, 9, 18) + dt.timedelta(days=number % 3)).isoformat()
        place = (KYIV, ODESA, ALEPPO)[number % 3]
        doc.places = [place]
        doc.events = [make_event(id=f"ev-v{number}-a", doc_id=doc.id, date=day, enddate=day,
                                 event_loc=place, claimed_by=None, cameo=None, mode=None,
                                 size=Size(dead=number if number % 2 else None))]
        if number % 3 == 1:
            told = told_three_times(start=100, doc_id=doc.id, date=None, enddate=None,
                                    event_loc=None)
            told.id = f"ev-v{number}-told"
            doc.events.append(told)
        docs.append(doc)
    return docs


def search_ids(store: Store, word: str) -> list[str]:
    """The fused records the full-text index finds for `word`, by id."""
    with store.engine.connect() as connection:
        return sorted(connection.execute(sa.select(fused_events.c.id)
                                         .where(text_match(word, fused_events))).scalars())


def facts(store: Store) -> dict[str, Any]:
    """What the comparisons name one by one: the events (with their tellings), the
    full-text results of a few words, and both daily counts tables."""
    with store.engine.connect() as connection:
        stored_events = sorted(connection.execute(
            sa.select(events.c.id, events.c.doc_id, events.c.mentions, events.c.date,
                      events.c.fused_id, events.c.fusion_country)).all())
        daily = (counts.stored_rows(connection),
                 counts.stored_rows(connection, daily_country_counts))
    return {"events": stored_events, "daily": daily,
            "search": {word: search_ids(store, word) for word in SEARCHED_WORDS}}


SEARCHED_WORDS = ("kyiv", "odes", "aleppo", "shelled", "russian", "civ", "nowhere")


def ingested(docs: list, database_url: str) -> Store:  # type: ignore[type-arg]
    """A new store of the kind of `database_url` with `docs` ingested one by one."""
    other = database_url + ".one" if "://" not in database_url else None
    store = open_store(other or fresh_schema_url(database_url))
    store.add_documents(docs)
    return store


@pytest.mark.parametrize(("batch", "defer_at"), [(1, None), (4, 1), (100, None), (100, 1)])
def test_bulk_load_equals_ingest_record_by_record(database_url: str, batch: int,
                                                  defer_at: int | None) -> None:
    with open_store(database_url) as store, ingested(varied_documents(), database_url) as one:
        report = bulk_add(store, varied_documents(), batch=batch, defer_at=defer_at)
        assert (report.documents_added, report.events_added) == (9, 12)
        found = facts(store)
        assert found == facts(one)
        assert found["search"]["odes"] and found["daily"][0]
        assert [len(row.mentions) for row in found["events"]].count(3) == 3
        assert dump(store) == dump(one)


# (columns as processed, the names written): a column is left out only when it is NULL in
# every row and has no default (`events.mentions` has one).
WRITTEN = [
    ({"doc_id": ["d", "e"], "cameo": [None, None]}, ("doc_id",)),
    ({"doc_id": ["d", "e"], "cameo": [None, "195"]}, ("doc_id", "cameo")),
    ({"doc_id": ["d"], "dead": [0]}, ("doc_id", "dead")),
    ({"doc_id": ["d"], "mentions": [None]}, ("doc_id", "mentions")),
    ({"doc_id": ["d"], "casualties": ["[]"]}, ("doc_id", "casualties")),
]


@pytest.mark.parametrize(("processed", "names"), WRITTEN)
def test_columns_null_in_every_row_are_left_out(processed: dict[str, list[Any]],
                                                names: tuple[str, ...]) -> None:
    kept, values = written(events, tuple(processed), list(processed.values()))
    assert (kept, values) == (names, [processed[name] for name in names])


DISTINCT = [
    ([dt.date(2023, 1, 2), None, dt.date(2023, 1, 2)], ["2023-01-02", None, "2023-01-02"]),
    ([None, None], [None, None]),
    ([], []),
]


@pytest.mark.parametrize(("column", "expected"), DISTINCT)
def test_each_distinct_value_processed_once(column: list[Any], expected: list[Any]) -> None:
    calls: list[Any] = []

    def process(value: Any) -> Any:
        calls.append(value)
        return value.isoformat() if value else None

    assert each_distinct(process, column) == expected
    assert sorted(map(repr, calls)) == sorted(map(repr, set(column)))


# (the countries of a document's places, in text order; the one it names most): a tie
# names none, and places without a country do not count.
NAMED = [(("UKR",), "UKR"), (("UKR", "RUS"), None), (("RUS", "UKR", "UKR"), "UKR"),
         ((None, None), None), ((), None), ((None, "SYR"), "SYR"), (("R\x00S",), "R\ufffdS")]


@pytest.mark.parametrize(("countries", "named"), NAMED)
def test_a_documents_country_is_the_one_its_places_name_most(
        countries: tuple[str | None, ...], named: str | None) -> None:
    places = [Place(text="x", name="x", lat=0.0, lon=0.0, precision="town", country=country,
                    start=100 - 10 * at, end=105 - 10 * at)  # listed against text order
              for at, country in enumerate(countries)]
    assert document_country(places) == named


def test_index_builds_run_with_their_settings(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite's builds take pragmas (deferral.BUILD_PRAGMAS)")
    with open_store(database_url) as store, store.engine.begin() as connection:
        deferral.postgresql_build_settings(connection)
        shown = [connection.exec_driver_sql(f"SHOW {name}").scalar()
                 for name in ("maintenance_work_mem", "max_parallel_maintenance_workers")]
    assert shown == [deferral.BUILD_MEMORY, str(deferral.BUILD_PARALLEL)]


def test_foreign_key_checks_are_skipped_only_where_allowed(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite's load turns them off by PRAGMA")
    with open_store(database_url) as store, store.engine.connect() as connection:
        with connection.begin():
            assert skip_foreign_key_checks(connection)
            connection.exec_driver_sql(  # an entity of a document not stored
                "INSERT INTO entities (doc_id, span_start, span_end, sentence, text, "
                "other_sectors) VALUES ('none', 0, 1, 0, 'x', '[]')")
            connection.rollback()
        with connection.begin():
            connection.exec_driver_sql("DROP ROLE IF EXISTS flarewatch_plain")
            connection.exec_driver_sql("CREATE ROLE flarewatch_plain")
        with connection.begin():
            connection.exec_driver_sql("SET LOCAL ROLE flarewatch_plain")
            assert not skip_foreign_key_checks(connection)
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1  # it goes on


# (PostgreSQL type, column, whether the binary COPY format takes it): exact classes only,
# and ints within the type's bounds (psycopg would wrap 2**31 into an int4's -2**31).
BINARY = [
    ("int4", [0, None, 2**31 - 1, -2**31], True),
    ("int4", [0, 2**31], False),
    ("int4", [None, -2**31 - 1], False),
    ("int4", [None, None], True),
    ("int4", [True, 1], False),
    ("int8", [2**31, -2**63], True),
    ("int8", [2**63], False),
    ("float8", [0.5, None], True),
    ("float8", [0.5, 1], False),
    ("text", ["a", None], True),
    ("text", ["a", 1], False),
    ("date", [dt.date(2023, 1, 2), None], True),
    ("date", [dt.datetime(2023, 1, 2, 3)], False),
    ("timestamptz", [dt.datetime(2023, 1, 2, tzinfo=dt.UTC)], True),
]


@pytest.mark.parametrize(("kind", "column", "fits"), BINARY)
def test_binary_copy_takes_only_values_it_stores_as_text(kind: str, column: list[Any],
                                                          fits: bool) -> None:
    assert binary_fits(kind, column) is fits


def test_an_int_out_of_its_column_is_refused_as_ingest_refuses_it(database_url: str) -> None:
    """2**31 in an INTEGER column: PostgreSQL refuses it in a bulk load (not stored
    wrapped, as the binary format would) as in one-by-one ingest; SQLite's INTEGER holds
    it either way."""
    docs = [make_document("big", events=1)]
    docs[0].events[0].sentence = 2**31
    with open_store(database_url) as store, ingested([], database_url) as one:
        if database_url.startswith("postgresql"):
            psycopg = pytest.importorskip("psycopg")
            with pytest.raises(sa.exc.DataError):
                one.add_documents(docs)
            with pytest.raises(psycopg.errors.NumericValueOutOfRange):
                bulk_add(store, docs)
            return
        one.add_documents(docs)
        bulk_add(store, docs)
        assert dump(store) == dump(one)
