"""Full-text search of fused records (`q=`; migration 0007), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from store_samples import RUS_MIL, make_document, make_event

from flarewatch.model import Entity, Place
from flarewatch.storage import Store, open_store, search
from flarewatch.storage.schema import events, fused_events
from flarewatch.storage.search import extensions, text_match, words

ODESA = Place(text="Odesa", name="Odésa", lat=46.48, lon=30.72, precision="town",
              geonameid=698740, country="UKR", admin1="Odesa", start=30, end=35, feature="PPLA")
APART = {"date": "2024-01-05", "enddate": "2024-01-05"}  # no fusion with the Kyiv strike
HAMAS = Entity(text="Hamas gunmen", name="Hamas", code="PSE", sector="REB")


@pytest.fixture
def store(database_url: str) -> Store:
    store = open_store(database_url)
    store.add_documents([
        make_document("kyiv"),
        doc_with("odesa", make_event(event_text="drone strike", event_loc=ODESA, id="ev-od",
                                     **APART)),
        doc_with("gaza", make_event(event_text="rocket barrage", actor=HAMAS, id="ev-gz",
                                    event_loc=None, date="2024-02-09", enddate="2024-02-09")),
    ])
    return store


def doc_with(doc_id: str, event):  # type: ignore[no-untyped-def]
    doc = make_document(doc_id, text=f"Report {doc_id} with its own words.", events=0)
    event.doc_id = doc_id
    doc.events = [event]
    return doc


def found(store: Store, text: str, table: sa.Table = fused_events) -> set[str]:
    with store.engine.connect() as connection:
        extended = extensions(connection, text)  # PostgreSQL's, read before the query
        query = sa.select(table.c.id).where(text_match(text, table, extended))
        ids = set(connection.execute(query).scalars())
    with store.engine.connect() as connection:
        docs = sa.select(table.c.doc_id).where(table.c.id.in_(ids))
        return set(connection.execute(docs).scalars())


@pytest.mark.parametrize(("text", "docs"), [
    ("odesa", {"odesa"}),
    ("Odesa", {"odesa"}),          # case
    ("odésa", {"odesa"}),          # diacritics
    ("ode", {"odesa"}),            # a prefix
    ("drone strike", {"odesa"}),   # every word
    ("drone kyiv", set()),         # ... not any word
    ("hamas", {"gaza"}),           # the actor's words
    ("kyiv", {"kyiv"}),            # the place
    ("shelled", {"kyiv"}),         # the event's words
    ("desa", set()),               # words are matched from their start
    ("%", set()), ("_", set()), ("   ", set()),
    ('"', set()), ("drone*", {"odesa"}), ("NEAR(drone strike)", set()),
    ("drone OR kyiv", set()), ("-drone", {"odesa"}), ("o'desa", set()), ("back\\slash", set()),
    ("rocket:*", {"gaza"}), ("rocket & !barrage", {"gaza"}),
])
def test_search_words(store: Store, text: str, docs: set[str]) -> None:
    """FTS5 and tsquery syntax in user text is never interpreted: only its words count."""
    assert found(store, text) == docs


@pytest.mark.parametrize("text", ["odesa", "drone strike", "hamas", "%", "ode"])
def test_per_document_events_search_the_same_words(store: Store, text: str) -> None:
    assert found(store, text, events) == found(store, text)


def test_the_index_follows_replaced_documents(store: Store) -> None:
    replaced = doc_with("odesa", make_event(event_text="naval mine", event_loc=ODESA,
                                            actor=RUS_MIL, id="ev-od2", **APART))
    replaced.text = "A new version of the Odesa report."
    store.add_documents([replaced])
    assert found(store, "drone") == set()
    assert found(store, "naval mine") == {"odesa"}


def test_words_are_capped() -> None:
    assert len(words(" ".join(f"w{i}" for i in range(50)))) == 20


def test_one_engine_answers_each_query_with_its_own_words(store: Store) -> None:
    """Compiled statements are cached per engine: other words must never reuse them."""
    assert [found(store, text) for text in ("odesa", "hamas", "kyiv", "odesa")] == [
        {"odesa"}, {"gaza"}, {"kyiv"}, {"odesa"}]


@pytest.mark.parametrize("text", ["ode", "s", "r", "kyiv", "drone str", "c", "hamas gun"])
def test_prefixes_read_through_the_vocabulary_find_the_same_records(
        store: Store, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """A plain word becomes the word or its extensions from the vocabulary when they are
    at most `MOST_EXTENSIONS`: the records of the prefix term, whatever the cap."""
    monkeypatch.setattr(search, "MOST_EXTENSIONS", -1)  # every word a prefix term
    expected = found(store, text)
    for most in (0, 1, 16):
        monkeypatch.setattr(search, "MOST_EXTENSIONS", most)
        assert found(store, text) == expected, most
    assert expected
