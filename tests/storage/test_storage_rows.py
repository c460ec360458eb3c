"""Strings a store cannot hold: replaced by U+FFFD, the same on SQLite and PostgreSQL.

U+0000 is refused by PostgreSQL text (SQLite would keep it); lone surrogates have no
UTF-8, so both drivers refuse them. A case is stored in every string field of a
document and read back; each store must hold what it holds after ingesting the same
document with the strings already replaced.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

import pytest
import sqlalchemy as sa
from store_samples import clean_ingest_dump, dump, make_document

from flarewatch.model import Event, Place
from flarewatch.storage import EventQuery, Store, content_hash
from flarewatch.storage.rows import storable, storable_text
from flarewatch.storage.schema import documents

# (case, string given, string stored)
STRINGS = [
    ("nul", "a\x00b", "a\ufffdb"),
    ("nuls at both ends", "\x00ab\x00\x00", "\ufffdab\ufffd\ufffd"),
    ("high surrogate", "a\ud800b", "a\ufffdb"),
    ("low surrogate", "a\udfffb", "a\ufffdb"),
    ("a UTF-16 pair as two code points", "\ud83d\ude00", "\ufffd\ufffd"),
    ("nul beside a surrogate", "\x00\udc80", "\ufffd\ufffd"),
    ("astral character", "a\U0001F600b", "a\U0001F600b"),
    ("other control characters", "a\x01\x1f\x7f\x9fb", "a\x01\x1f\x7f\x9fb"),
    ("non-Latin scripts", "Київ, كييف, 基辅", "Київ, كييف, 基辅"),
    ("the replacement character itself", "a\ufffdb", "a\ufffdb"),
    ("last code points before and after the surrogates", "\ud7ff\ue000", "\ud7ff\ue000"),
]
CASES = [pytest.param(given, stored, id=case) for case, given, stored in STRINGS]
# Through both stores (each case costs two new databases): one of each kind.
STORE_CASES = [pytest.param(given, stored, id=case) for case, given, stored in STRINGS
               if case in {"nul", "high surrogate", "nul beside a surrogate", "astral character",
                           "other control characters", "non-Latin scripts",
                           "the replacement character itself"}]
# Fields read as ISO dates (DATE columns) and a field that is never stored.
UNSALTED = {(Event, "date"), (Event, "enddate"), (Place, "kind")}


def salted(value: Any, extra: str) -> Any:
    """`value` with `extra` appended to every string in it, through dataclasses and lists.

    Appended, so every span offset into the document text stays where it was.
    """
    if isinstance(value, str):
        return value + extra
    if isinstance(value, list | tuple):
        return type(value)(salted(item, extra) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            field.name: salted(getattr(value, field.name), extra)
            for field in dataclasses.fields(value) if (type(value), field.name) not in UNSALTED
        })
    return value


@pytest.mark.parametrize(("given", "stored"), CASES)
def test_storable_text_replaces_one_for_one(given: str, stored: str) -> None:
    assert storable_text(given) == stored
    assert len(storable_text(given)) == len(given)


def test_storable_reaches_into_json_lists_and_dicts() -> None:
    given = {"n": 3, "who": "a\x00", "sectors": ["\ud800", "CVL"], "groups": [{"who": "\x00"}]}
    assert storable(given) == {"n": 3, "who": "a\ufffd", "sectors": ["\ufffd", "CVL"],
                               "groups": [{"who": "\ufffd"}]}


@pytest.mark.parametrize(("given", "stored"), STORE_CASES)
def test_every_string_is_stored_and_read_back_as_a_clean_ingest_gives_it(
    store: Store, database_url: str, given: str, stored: str
) -> None:
    report = store.add_documents([salted(make_document("d1"), given)])
    expected = salted(make_document("d1"), stored)
    assert (report.documents_added, report.events_added) == (1, 2)
    assert dump(store) == clean_ingest_dump([expected], database_url)
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(documents)).mappings().one()
    assert [row[name] for name in ("id", "text", "title", "url", "source")] == [
        expected.id, expected.text, expected.title, expected.url, expected.source]
    assert list(store.query_events(EventQuery(fused=False))) == expected.events


@pytest.mark.parametrize(("given", "stored"), STORE_CASES[:3])
def test_a_text_and_its_stored_form_are_duplicates(
    store: Store, given: str, stored: str
) -> None:
    text = f"Shelling in Kyiv: {given}."
    store.add_documents([make_document("d1", text=text)])
    again = store.add_documents([make_document("d1", text=text),
                                 make_document("d2", text=f"Shelling in Kyiv: {stored}.")])
    assert (again.documents_added, again.documents_skipped_duplicate) == (0, 2)
    assert store.has_document(content_hash(text))


def test_content_hash_of_a_storable_text_is_its_plain_sha256() -> None:
    # Hashes stored before the replacement stay valid for every text it leaves alone.
    text = "Київ, 19 September: shelling."
    assert content_hash(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()
