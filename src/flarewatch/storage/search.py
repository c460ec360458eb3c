"""Full-text search of fused records (`q=`), on the indexes of migration 0007 and the
vocabularies of 0012.

`text_match(text, table)` is a condition on `table` rows whose searched words
(`SEARCHED_COLUMNS`) hold every word of `text`, each as a prefix ("kher" finds
"Kherson"; case and diacritics ignored). On `fused_events` it is answered from the index:
SQLite's FTS5 table `fused_events_fts` (the query is built from quoted tokens, so FTS5's
own syntax in user text is never interpreted) or PostgreSQL's `search` tsvector (a
tsquery of `word:*` terms from the same tokens, or of exact words, below). Text with no
word character matches nothing. On the per-document `events` table, which has no index,
each word is a case-insensitive substring of one of the columns (literal: % and _ match
themselves).

A prefix term is answered by merging the lists of every indexed word it starts: a word
in most records ("forces", "town") costs a full list read (80 ms at 1,000,000 records on
SQLite, 70 ms in PostgreSQL's GIN index), where the same word as an exact term is read
lazily, skipping to the rows the other words allow. So each word of plain ASCII letters
and digits (which both tokenizers index as they are, lower case) becomes the exact word
OR the indexed words that extend it, from the index's vocabulary (migration 0012): the
same rows as the prefix term. On SQLite the vocabulary (`fused_events_fts_vocab`) is
read in the same statement; on PostgreSQL (`search_words`) just before it
(`extensions`), and the words reach the query through `text_match(..., extended)`. A
word with more than `MOST_EXTENSIONS` extensions, or any other word, stays a prefix term.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

SEARCHED_COLUMNS = ("event_text", "place_name", "place_text", "actor_text", "actor_name",
                    "recipient_text", "recipient_name")
WORD = re.compile(r"\w+")
MOST_WORDS = 20
PLAIN_WORD = re.compile(r"[a-z0-9]+")
MOST_EXTENSIONS = 16


def words(text: str) -> list[str]:
    """The search words of `text`: runs of word characters, lower case, at most 20."""
    return [word.lower() for word in WORD.findall(text)][:MOST_WORDS]


class IndexedMatch(ColumnElement[bool]):
    """`fused_events` rows matching every word as a prefix, compiled per dialect.

    Cached by SQLAlchemy like any statement: the cache key holds the query's shape (which
    words are plain, whether PostgreSQL has prefix terms and exact ones, the extension
    cap), the text of each term is a bound parameter. The SQL is then built once per
    shape, not per request (about 1 ms of a `q=` page).
    """

    inherit_cache = True
    _traverse_internals = [("shape", InternalTraversal.dp_plain_obj),
                           ("terms", InternalTraversal.dp_clauseelement_list)]
    type = sa.Boolean()

    def __init__(self, found: list[str], extended: dict[str, list[str]]):
        plain = tuple(bool(PLAIN_WORD.fullmatch(word)) for word in found)
        queries = postgres_queries(found, extended)
        self.shape = (plain, tuple(query is not None for query in queries), MOST_EXTENSIONS)
        # SQLite's terms, word by word (`sqlite_terms`), then PostgreSQL's queries.
        texts = [text for word in found for text in sqlite_terms(word)]
        self.terms = [bound(text) for text in [*texts, *filter(None, queries)]]


def bound(text: str) -> sa.BindParameter[str]:
    return sa.bindparam(None, text, type_=sa.String(), unique=True)


def sqlite_terms(word: str) -> list[str]:
    """The bound texts of one word's FTS5 query (`sqlite_term`): `"word"*`, then for a
    plain word its vocabulary range (from `word` + NUL, a character no word holds, to
    `past(word)`) and the opening of its list of words."""
    prefix = fts5_quoted(word) + "*"
    if not PLAIN_WORD.fullmatch(word):
        return [prefix]
    return [prefix, word + chr(0), past(word), "(" + fts5_quoted(word)]


def postgres_queries(found: list[str], extended: dict[str, list[str]]
                     ) -> tuple[str | None, str | None]:
    """(the `to_tsquery` text of the prefix terms, the tsquery text of the exact terms),
    None where there are none."""
    prefixes = [postgres_term(word) for word in found if word not in extended]
    exact = [exact_term(word, extended[word]) for word in found if word in extended]
    return (" & ".join(prefixes) or None, " & ".join(exact) or None)


@compiles(IndexedMatch, "sqlite")
def match_sqlite(element: IndexedMatch, compiler: sa.sql.compiler.SQLCompiler,
                 **kw: object) -> str:
    terms = iter(element.terms)
    query = " || ' AND ' || ".join(
        sqlite_term([compiler.process(next(terms), **kw) for _ in range(4 if plain else 1)])
        for plain in element.shape[0])
    return ("fused_events.rowid IN (SELECT rowid FROM fused_events_fts "
            f"WHERE fused_events_fts MATCH {query})")


def fts5_quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def past(word: str) -> str:
    """The first text after every word that starts with plain `word`, in byte order: its
    last character, an ASCII letter or digit, plus one."""
    return word[:-1] + chr(ord(word[-1]) + 1)


def sqlite_term(bounds: list[str]) -> str:
    """SQL text of the FTS5 query of one word from its bound `sqlite_terms`: `"word"*`,
    or for a plain word `("word" OR "extension" ...)` when the vocabulary holds at most
    `MOST_EXTENSIONS` words that extend it (a word's own list is then not read to find
    them: the range starts after it)."""
    if len(bounds) == 1:
        return bounds[0]
    prefix, lowest, beyond, opening = bounds
    extensions = (f"SELECT term FROM fused_events_fts_vocab WHERE term >= {lowest}"
                  f" AND term < {beyond} LIMIT {MOST_EXTENSIONS + 1}")
    listed = """group_concat(' OR "' || replace(term, '"', '""') || '"', '')"""
    return expanded(prefix, opening, listed, extensions)


def expanded(prefix: str, opening: str, listed: str, extensions: str) -> str:
    """SQL text: `prefix` when the query `extensions` (at most `MOST_EXTENSIONS` + 1
    words) finds more than `MOST_EXTENSIONS`, else `opening`, the words as `listed`
    aggregates them, and `)`."""
    return (f"(SELECT CASE WHEN count(*) > {MOST_EXTENSIONS} THEN {prefix} ELSE "
            f"{opening} || coalesce({listed}, '') || ')' END FROM ({extensions}) AS extensions)")


@compiles(IndexedMatch, "postgresql")
def match_postgresql(element: IndexedMatch, compiler: sa.sql.compiler.SQLCompiler,
                     **kw: object) -> str:
    plain, (has_prefixes, has_exact), _most = element.shape
    sqlite_count = sum(4 if each else 1 for each in plain)
    bounds = [compiler.process(term, **kw) for term in element.terms[sqlite_count:]]
    queries = [f"to_tsquery('simple'::regconfig, {bounds.pop(0)})"] if has_prefixes else []
    if has_exact:
        queries.append(f"CAST({bounds.pop(0)} AS tsquery)")
    return f"fused_events.search @@ ({' && '.join(queries)})"


def postgres_term(word: str) -> str:
    """A prefix term of `to_tsquery`, quoted so that no character is an operator."""
    return lexeme(word) + ":*"


def lexeme(word: str) -> str:
    """`word` quoted as one lexeme of a tsquery (quote and backslash escaped)."""
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'"


def exact_term(word: str, extensions: list[str]) -> str:
    """The tsquery text of a plain word or the indexed words that extend it."""
    return "(" + " | ".join(lexeme(each) for each in [word, *extensions]) + ")"


EXTENSIONS = sa.text("SELECT word FROM search_words WHERE word > :word AND word < :past "
                     "ORDER BY word LIMIT :most")


def extensions(connection: sa.Connection, text: str) -> dict[str, list[str]]:
    """PostgreSQL: each plain word of `text` with at most `MOST_EXTENSIONS` indexed words
    that extend it -> those words (from `search_words`, migration 0012); else `{}`.

    Read before the search, in a statement of its own, so that the planner sees the
    search's terms (a tsquery computed in the statement looks like any other, and the
    planner then walked 24,000 records for a word in 1 of 500); a record committed in
    between with a word new to the vocabulary is searched as if it came after.
    """
    if connection.dialect.name != "postgresql":
        return {}
    found = {}
    for word in dict.fromkeys(words(text)):
        if PLAIN_WORD.fullmatch(word):
            values = {"word": word, "past": past(word), "most": MOST_EXTENSIONS + 1}
            listed = list(connection.execute(EXTENSIONS, values).scalars())
            if len(listed) <= MOST_EXTENSIONS:
                found[word] = listed
    return found


def text_match(text: str, table: sa.Table, extended: dict[str, list[str]] | None = None
               ) -> sa.ColumnElement[bool]:
    """`extended`: `extensions(connection, text)`, or None (every word a prefix term on
    PostgreSQL)."""
    found = words(text)
    if not found:
        return sa.false()
    if table.name == "fused_events":
        return IndexedMatch(found, extended or {})
    return sa.and_(*(sa.or_(*(table.c[name].icontains(word, autoescape=True)
                              for name in SEARCHED_COLUMNS)) for word in found))
