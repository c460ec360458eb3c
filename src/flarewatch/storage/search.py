"""Full-text search of fused records (`q=`), on the indexes of migration 0007.

`text_match(text, table)` is a condition on `table` rows whose searched words
(`SEARCHED_COLUMNS`) hold every word of `text`, each as a prefix ("kher" finds
"Kherson"; case and diacritics ignored). On `fused_events` it is answered from the index:
SQLite's FTS5 table `fused_events_fts` (the query is built from quoted tokens, so FTS5's
own syntax in user text is never interpreted) or PostgreSQL's `search` tsvector (a
`to_tsquery` of `word:*` terms from the same tokens). Text with no word character
matches nothing. On the per-document `events` table, which has no index, each word is a
case-insensitive substring of one of the columns (literal: % and _ match themselves).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

SEARCHED_COLUMNS = ("event_text", "place_name", "place_text", "actor_text", "actor_name",
                    "recipient_text", "recipient_name")
WORD = re.compile(r"\w+")
MOST_WORDS = 20


def words(text: str) -> list[str]:
    """The search words of `text`: runs of word characters, lower case, at most 20."""
    return [word.lower() for word in WORD.findall(text)][:MOST_WORDS]


class IndexedMatch(ColumnElement[bool]):
    """`fused_events` rows matching every word as a prefix, compiled per dialect."""

    # Not cached: the words are not in SQLAlchemy's cache key, so a compiled statement
    # must never be reused for other words.
    inherit_cache = False
    type = sa.Boolean()

    def __init__(self, found: list[str]):
        self.found = found


@compiles(IndexedMatch, "sqlite")
def match_sqlite(element: IndexedMatch, compiler: sa.sql.compiler.SQLCompiler,
                 **kw: object) -> str:
    query = " ".join('"' + word.replace('"', '""') + '"*' for word in element.found)
    bound = compiler.process(sa.bindparam("fts_query", query, unique=True), **kw)
    return ("fused_events.rowid IN (SELECT rowid FROM fused_events_fts "
            f"WHERE fused_events_fts MATCH {bound})")


@compiles(IndexedMatch, "postgresql")
def match_postgresql(element: IndexedMatch, compiler: sa.sql.compiler.SQLCompiler,
                     **kw: object) -> str:
    query = " & ".join(postgres_term(word) for word in element.found)
    bound = compiler.process(sa.bindparam("ts_query", query, unique=True), **kw)
    return f"fused_events.search @@ to_tsquery('simple'::regconfig, {bound})"


def postgres_term(word: str) -> str:
    """A prefix term of `to_tsquery`, quoted so that no character is an operator."""
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "':*"


def text_match(text: str, table: sa.Table) -> sa.ColumnElement[bool]:
    found = words(text)
    if not found:
        return sa.false()
    if table.name == "fused_events":
        return IndexedMatch(found)
    return sa.and_(*(sa.or_(*(table.c[name].icontains(word, autoescape=True)
                              for name in SEARCHED_COLUMNS)) for word in found))
