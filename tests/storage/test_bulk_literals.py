"""What a bulk load writes without a value per row: on SQLite, a column holding one value
in every row as an SQL literal (`writer.constant_literal`), stored as binding it stores
it, storage class included."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from store_samples import make_document, make_event, told_three_times

from flarewatch.model import Document, Entity
from flarewatch.storage import Store, open_store, writer
from flarewatch.storage.bulk import bulk_add
from flarewatch.storage.columns import DOCUMENT_TABLES
from flarewatch.storage.writer import constant_literal

# (a column as processed for SQLite, its literal; None: bound in each row). Only one
# value of one exact class gets a literal: 1 and True, or 1 and 1.0, are equal in Python
# but stored apart; -2**63 and larger ints would be read back as floats; U+0000 is no
# text a statement can hold; a long string would be repeated in each row of a statement
# (`writer.LITERAL_CHARACTERS`).
LITERALS: list[tuple[list[Any], str | None]] = [
    (["a", "a"], "'a'"),
    (["it's", "it's"], "'it''s'"),
    (["caf\u00e9 \U0001F600", "caf\u00e9 \U0001F600"], "'caf\u00e9 \U0001F600'"),
    (["[]", "[]"], "'[]'"),
    ([None, None], "NULL"),
    ([7, 7], "7"),
    ([-7, -7], "-7"),
    ([2**63 - 1, 2**63 - 1], str(2**63 - 1)),
    ([-2**63, -2**63], None),
    ([2**63, 2**63], None),
    (["a", "b"], None),
    (["a", None], None),
    ([None, "a"], None),
    ([1, True], None),
    ([1, 1.0], None),
    ([1.5, 1.5], None),
    (["nul\x00", "nul\x00"], None),
    ([dt.date(2023, 1, 2), dt.date(2023, 1, 2)], None),
    (["x" * 200, "x" * 200], "'" + "x" * 200 + "'"),
    (["x" * 201, "x" * 201], None),
]


@pytest.mark.parametrize(("column", "literal"), LITERALS)
def test_only_one_value_of_one_class_is_a_literal(column: list[Any],
                                                  literal: str | None) -> None:
    assert constant_literal(column) == literal


def shared_documents() -> list[Document]:
    """Documents whose events share values a literal must quote (an apostrophe, accents,
    a character outside the BMP) in some columns and not in others, with a claimant in
    some rows only and three tellings in one."""
    docs = []
    for number in range(4):
        doc = make_document(f"s{number}", events=0, relevance=0.5)
        doc.title = "L'attaque \u00e0 Kyiv \U0001F4A5"
        doc.events = [make_event(start=10 * at, id=f"ev-s{number}-{at}", doc_id=doc.id,
                                 event_text="it's \u00e9t\u00e9 shelled", date_text=None,
                                 claimed_by=Entity(text="x'y") if number == 2 else None)
                      for at in range(3)]
        docs.append(doc)
    told = told_three_times(start=200, doc_id="s1", event_text="it's \u00e9t\u00e9 shelled",
                            date_text=None)
    docs[1].events.append(told)
    return docs


def stored_as(store: Store) -> dict[str, list[tuple[str, ...]]]:
    """SQLite: each row's values as their storage class and SQL text (`typeof`, `quote`),
    sorted, without surrogate ids and ingest times."""
    found = {}
    with store.engine.connect() as connection:
        for table in DOCUMENT_TABLES:
            names = [column.name for column in table.c if column.name != "ingested_at"
                     and not (column.name == "id" and table.name != "events"
                              and table.name != "documents")]
            shown = ", ".join(f"typeof(\"{name}\") || ':' || quote(\"{name}\")"
                              for name in names)
            rows = connection.exec_driver_sql(f'SELECT {shown} FROM "{table.name}"').all()
            found[table.name] = sorted(tuple(row) for row in rows)
        found["order"] = [tuple(row) for row in connection.exec_driver_sql(
            "SELECT id FROM events ORDER BY rowid")]  # as inserted
    return found


# Parameters per INSERT (`writer.ROW_PARAMETERS`): a row per statement; a few rows per
# statement, and one or a few rows in a last statement; all rows in one statement.
@pytest.mark.parametrize("parameters", [1, 60, 2000])
def test_literals_store_what_binding_stores(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                                            parameters: int) -> None:
    monkeypatch.setattr(writer, "ROW_PARAMETERS", parameters)
    with open_store(str(tmp_path / "bulk.db")) as bulk, \
            open_store(str(tmp_path / "one.db")) as one:
        bulk_add(bulk, shared_documents(), batch=100)
        one.add_documents(shared_documents())
        loaded = stored_as(bulk)
        assert loaded == stored_as(one)
        assert len(loaded["events"]) == len(loaded["order"]) == 13
