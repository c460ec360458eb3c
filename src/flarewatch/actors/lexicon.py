"""The actor dictionary: phrase entries from the data TSVs, matched with one automaton.

Text and phrases go through the same tokenizer (`tokenize`), so "Azerbaijan’s" and
"azerbaijan's" give the same tokens. The automaton is built once, lazily, and cached with
the entries; it stores only each phrase's length, and a match finds its senses through the
phrase (compact entries: issue 12 bounds the memory of a running ingest).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import pickle
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import accumulate, compress, count
from operator import add, attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from flarewatch.geo.sources import given_names
from flarewatch.paths import DATA_DIR, cache_dir

ACTORS_DIR = DATA_DIR / "actors"
# curated files first: for one phrase, the first file that has it wins.
ACTOR_FILES = ("curated.tsv", "petrarch_actors.tsv")
AGENT_FILES = ("agents.tsv", "petrarch_agents.tsv")
# "u.n." is one token; hyphens separate words and are no tokens ("Jean-Bertrand" matches
# the dictionary's "jean bertrand"); other punctuation is a token of its own.
TOKEN = re.compile(r"(?:\w\.){2,}|\w+|[^\w\s-]")
_HYPHENED = re.compile(r"-(\w+)")  # "Iranian-backed": the word after a hyphen
# Curly quotes and dashes as the dictionary writes them (pairs, not a `str.translate` table:
# a few `str.replace` passes are several times faster on a whole article).
QUOTES = (("’", "'"), ("‘", "'"), ("`", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"))


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary sense of a phrase. `kind`: country, people ("Iraqis"), capital,
    territory, person, international, group, generic or agent."""

    phrase: str
    kind: str
    code: str | None = None
    sector: str | None = None
    other_sectors: tuple[str, ...] = ()
    start: str = ""
    end: str = ""

    def valid_on(self, date: dt.date | None) -> bool:
        if date is None:
            return True
        day = date.isoformat()
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)


class Token(NamedTuple):
    """A word of the dictionary's tokenisation: character span and normalised form (a
    tuple, as a document has thousands and a frozen dataclass is slow to build)."""

    start: int
    end: int
    norm: str


_NORM = attrgetter("norm")  # a token's normalised form, for scans in C (`map`)


@dataclass(frozen=True)
class Hit:
    """A dictionary phrase found in the text: tokens [first, last] and its senses."""

    start: int
    end: int
    first: int
    last: int
    entries: tuple[Entry, ...]


def tokenize(text: str) -> list[Token]:
    normal = straightened(text).lower()
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(normal)]


def straightened(text: str) -> str:
    """The text with straight quotes and dashes for curly ones (`QUOTES`)."""
    for curly, straight in QUOTES:
        text = text.replace(curly, straight)
    return text


@lru_cache(maxsize=65536)
def normalise(phrase: str) -> str:
    """The phrase as dictionary keys are written: its tokens' forms, space-separated (cached:
    the same head words and phrases recur)."""
    return " ".join(token.norm for token in tokenize(phrase))


def _read_tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t")


def _entry(row: dict[str, str], kind: str) -> Entry:
    """A sense of a TSV row, its short strings interned: the cached index then holds each
    distinct kind, code, sector and date once."""
    others = tuple(sys.intern(s) for s in (row.get("other_sectors") or "").split(";") if s)
    code, sector, start, end = (sys.intern(row.get(key) or "")
                                for key in ("code", "sector", "start", "end"))
    return Entry(normalise(row["phrase"]), sys.intern(kind), code or None, sector or None,
                 others, start, end)


def _build_entries() -> dict[str, tuple[Entry, ...]]:
    """Normalised phrase -> its senses; the earlier file owns a phrase it has."""
    table: dict[str, list[Entry]] = {}
    sources = [(name, None) for name in ACTOR_FILES] + [(name, "agent") for name in AGENT_FILES]
    for name, kind in sources:
        owned = set(table)
        for row in _read_tsv(ACTORS_DIR / name):
            entry = _entry(row, kind or row["kind"])
            if entry.phrase and entry.phrase not in owned:
                table.setdefault(entry.phrase, []).append(entry)
    _add_plural_demonyms(table)
    return {phrase: tuple(senses) for phrase, senses in table.items()}


def _add_plural_demonyms(table: dict[str, list[Entry]]) -> None:
    """"Iraqis", "Nigerians": the people of a state, where the dictionary has only "Iraqi"."""
    for phrase, senses in list(table.items()):
        plural = phrase + "s"
        if " " in phrase or not phrase.isalpha() or phrase.endswith("s") or plural in table:
            continue
        countries = [replace(e, phrase=plural, kind="people", sector="CVL")
                     for e in senses if e.kind == "country"]
        if countries:
            table[plural] = countries


@cache
def anaphors() -> dict[str, tuple[str, ...]]:
    """Definite description -> the sectors an antecedent may have ("*": any coded mention)."""
    return {normalise(row["phrase"]): tuple(row["sector"].split("|"))
            for row in _read_tsv(ACTORS_DIR / "anaphors.tsv")}


@cache
def action_nouns() -> dict[str, str]:
    return {row["noun"]: row["sector"] for row in _read_tsv(ACTORS_DIR / "action_nouns.tsv")}


def vehicle_nouns() -> frozenset[str]:
    """The vehicles of `vehicles.tsv` (singular)."""
    return frozenset(row["noun"] for row in _read_tsv(ACTORS_DIR / "vehicles.tsv"))


def _build_automaton(phrases: Iterable[str]) -> ahocorasick.Automaton:
    """" phrase " for each phrase, storing its length only (`find_hits` reads the phrase back
    out of the text)."""
    machine = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for phrase in phrases:
        machine.add_word(f" {phrase} ")
    machine.make_automaton()
    return machine


@dataclass(frozen=True)
class _Index:
    entries: dict[str, tuple[Entry, ...]]
    automaton: ahocorasick.Automaton
    surnames: dict[str, tuple[Entry, ...]]


@cache
def _index() -> _Index:
    """Built from the TSVs once, then loaded from `cache_dir()` (about 4x faster)."""
    path = cache_dir() / f"actors-{_data_digest()}.pickle"
    try:
        with path.open("rb") as handle:
            index = pickle.load(handle)
        if isinstance(index, _Index):
            return index
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError):
        pass
    table = _build_entries()
    index = _Index(table, _build_automaton(table), _build_surnames(table))
    _write_atomically(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    return index


def _data_digest() -> str:
    """Changes with the data files and with this module (its tokenizer, its builders)."""
    digest = hashlib.sha1(Path(__file__).read_bytes())
    for name in (*ACTOR_FILES, *AGENT_FILES):
        digest.update((ACTORS_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        for stale in path.parent.glob("actors-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache only costs the next process the build


def entries() -> dict[str, tuple[Entry, ...]]:
    return _index().entries


def automaton() -> ahocorasick.Automaton:
    return _index().automaton


def surnames() -> dict[str, tuple[Entry, ...]]:
    """Last name -> the dictionary's people of that name ("mugabe" -> Robert Mugabe)."""
    return _index().surnames


def add_acronym_hits(text: str, tokens: list[Token], hits: list[Hit]) -> list[Hit]:
    """"the Karabakh Defence Army (KDA)": later "KDA" in the text is the same actor."""
    covered = {i for hit in hits for i in range(hit.first, hit.last + 1)}
    aliases: dict[str, tuple[Entry, ...]] = {}
    for hit in hits:
        window = tokens[hit.last + 1 : hit.last + 4]
        if len(window) == 3 and window[0].norm == "(" and window[2].norm == ")":
            acronym = text[window[1].start : window[1].end]
            if acronym.isupper() and len(acronym) > 1 and hit.last + 2 not in covered:
                aliases[window[1].norm] = hit.entries
    added = [Hit(t.start, t.end, i, i, aliases[t.norm]) for i, t in enumerate(tokens)
             if t.norm in aliases and i not in covered] if aliases else []
    return sorted(hits + added, key=lambda hit: hit.start)


# Words an actor's initials skip ("Movement for Democracy and Justice": MDJ).
INITIALS_SKIP = frozenset({"the", "of", "and", "for", "in", "de", "du", "des", "la", "le", "al"})


def add_initials_hits(text: str, tokens: list[Token], hits: list[Hit]) -> list[Hit]:
    """"the Arakan Army ... An AA spokesman said": a word in capitals of two to six letters
    that no phrase matched, spelling the initials of one actor named before it (its
    capitalised words; `INITIALS_SKIP` left out: "Allied Democratic Forces", ADF), is that
    actor, as a report that never wrote "(AA)" still means it. Not where two earlier actors
    share the initials, nor in a headline set in capitals (`_shouted`)."""
    covered = {i for hit in hits for i in range(hit.first, hit.last + 1)}
    added, known = [], iter(sorted(hits, key=lambda hit: hit.last))
    spelled: dict[str, tuple[Entry, ...] | None] = {}
    upcoming = next(known, None)
    for index, token in enumerate(tokens):
        while upcoming is not None and upcoming.last < index:
            letters = initials(text[upcoming.start:upcoming.end])
            if letters:
                same = spelled.get(letters, upcoming.entries) == upcoming.entries
                spelled[letters] = upcoming.entries if same else None
            upcoming = next(known, None)
        word = text[token.start:token.end]
        senses = spelled.get(word) if index not in covered else None
        if senses and word.isalpha() and not _shouted(tokens, text, index):
            added.append(Hit(token.start, token.end, index, index, senses))
    return sorted(hits + added, key=lambda hit: hit.start) if added else hits


def initials(phrase: str) -> str:
    """The initials of a name of two or more capitalised words ("Arakan Army": "AA"), ""
    for a phrase with a word in lower case other than `INITIALS_SKIP`, or of one word."""
    words = [w for w in re.split(r"[\s-]+", phrase) if w and w.lower() not in INITIALS_SKIP]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words) if len(words) <= 6 else ""


@cache
def qualifiers() -> dict[tuple[str, str], str]:
    """(word, where) -> effect, from `qualifiers.tsv`."""
    rows = _read_tsv(ACTORS_DIR / "qualifiers.tsv")
    return {(row["word"], row["where"]): row["effect"] for row in rows}


def qualify(text: str, tokens: list[Token], hits: list[Hit]) -> list[Hit]:
    """Apply the qualifiers: "ethnic Albanians", "Iranian-backed" and "the Saudi Hospital"
    name no state; "former President X" is ELI."""
    table, qualified = qualifiers(), []
    for hit in hits:
        before = tokens[hit.first - 1].norm if hit.first > 0 else ""
        after = _HYPHENED.match(text, hit.end, hit.end + 20)
        effects = {table.get((before, "before")),
                   table.get((after.group(1).lower(), "hyphen")) if after else None,
                   table.get((_name_after(text, tokens, hit), "name_after"))}
        qualified.append(_qualified(hit, effects))
    return qualified


def token_after(tokens: list[Token], hit: Hit) -> Token | None:
    """The token right after the hit, None at the end of the text."""
    return tokens[hit.last + 1] if hit.last + 1 < len(tokens) else None


def _name_after(text: str, tokens: list[Token], hit: Hit) -> str:
    """The word right after the hit when it is capitalised, as part of one proper name
    ("the Saudi Hospital"), lower-cased; "" otherwise."""
    following = token_after(tokens, hit)
    if following is None or not text[following.start:following.start + 1].isupper():
        return ""
    return following.norm


def _qualified(hit: Hit, effects: set[str | None]) -> Hit:
    senses = hit.entries
    if "no_state" in effects:
        senses = tuple(replace(e, code=None) for e in senses if e.kind in ("country", "people"))
    if "former" in effects:
        senses = tuple(replace(e, sector="ELI", other_sectors=()) if e.kind == "agent" else e
                       for e in senses)
    return replace(hit, entries=senses) if senses and senses is not hit.entries else hit


def find_hits(tokens: list[Token], text: str) -> list[Hit]:
    """Longest, leftmost, non-overlapping dictionary phrases over the tokens of `text`."""
    joined, starts = _join(tokens)
    table, found, ends = entries(), [], starts.ends
    for end_char, length in automaton().iter(joined):
        phrase = joined[end_char - length + 2 : end_char]  # the match less its two spaces
        senses = table[phrase]
        last = ends[end_char]
        first = last - phrase.count(" ")
        if first != last or _single_word_matches(tokens, text, first, senses):
            found.append((first, last, senses))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    hits: list[Hit] = []
    for first, last, senses in found:
        if hits and first <= hits[-1].last or _article_cut(tokens, found, first, last):
            continue
        hits.append(Hit(tokens[first].start, tokens[last].end, first, last, senses))
    return hits


def _article_cut(tokens: list[Token], found: list[Any], first: int, last: int) -> bool:
    """"The US military": a phrase led by "the" ("the us") gives way to a longer one that
    starts after the article ("us military", USA MIL)."""
    if tokens[first].norm != "the":
        return False
    return any(start == first + 1 and end > last for start, end, _ in found)


def _single_word_matches(tokens: list[Token], text: str, index: int,
                         senses: tuple[Entry, ...]) -> bool:
    """A one-word name: a function word only in capitals ("US", never "us" or "an"); a short
    name not in a headline's capitals ("AN OFFICIAL SAID" names nobody)."""
    word = text[tokens[index].start : tokens[index].end]
    if tokens[index].norm in function_words() and not word.isupper():
        return False
    if len(word) <= 3 and _shouted(tokens, text, index):
        return False
    if _other_persons_name(tokens, text, index, senses):
        return False
    return _cased_as_needed(word, senses)


def _other_persons_name(tokens: list[Token], text: str, index: int,
                        senses: tuple[Entry, ...]) -> bool:
    """A one-word person entry that is a common given name (`data/geo/given_names.txt`:
    PETRARCH's "hassan" is Jordan's Prince Hassan) inside a longer personal name, next to
    another capitalised name word: "police spokesman Mansir Hassan", "Hassan Ali" name
    someone else. Alone ("Hassan said") it keeps its entry."""
    if not all(entry.kind == "person" for entry in senses) or \
            text[tokens[index].start : tokens[index].end].title() not in given_names():
        return False
    before = tokens[index - 1] if index > 0 else None
    beside = before is not None and tokens[index].start - before.end <= 1 and \
        _name_word(text[before.start : before.end])
    return beside or first_name(text, tokens, index)


def _name_word(word: str) -> bool:
    """A capitalised word of a personal name: no function word, no title or other agent
    word of the dictionary ("Prince Hassan" is the entry's man)."""
    known = entries().get(word.lower(), ())
    titled = any(entry.kind in COMMON_KINDS for entry in known)
    return word[:1].isupper() and word.isalpha() and word.lower() not in function_words() \
        and not titled


def _shouted(tokens: list[Token], text: str, index: int) -> bool:
    """Whether a word next to this one is in capitals too, and no acronym itself ("UN OCHA"
    is two names; "AN OFFICIAL" a headline)."""
    neighbours = tokens[max(index - 1, 0) : index] + tokens[index + 1 : index + 2]
    return any(_capitalised_word(text[t.start : t.end]) for t in neighbours)


def _capitalised_word(word: str) -> bool:
    if len(word) < 2 or not word.isalpha() or not word.isupper():
        return False
    return all(entry.kind == "agent" for entry in entries().get(word.lower(), ()))


@cache
def organisation_nouns() -> frozenset[str]:
    return frozenset(row["word"] for row in _read_tsv(ACTORS_DIR / "organisation_nouns.tsv"))


@cache
def function_words() -> frozenset[str]:
    return frozenset(row["word"] for row in _read_tsv(ACTORS_DIR / "function_words.tsv"))


def _cased_as_needed(word: str, senses: tuple[Entry, ...]) -> bool:
    """Names of three letters or fewer are acronyms: "US", "UN", "LeT", "M23", not "us",
    "an", "let" (a digit at the end is no lower-case letter). A longer one-word name is a
    proper name, written with a capital: "stormed the base at dawn" names no newspaper
    Dawn, "hope" no party. Sector words ("troops") and generic ones ("gunmen") match in any
    case."""
    if all(entry.kind in COMMON_KINDS for entry in senses):
        return True
    if len(word) > 3:
        return not word.islower()
    return word[:1].isupper() and not word[-1:].islower()


COMMON_KINDS = frozenset({"agent", "generic"})  # kinds of common nouns, matched in any case


@dataclass(frozen=True)
class _Offsets:
    ends: dict[int, int]

    def index_of_end(self, char: int) -> int:
        return self.ends[char]


def _join(tokens: list[Token]) -> tuple[str, _Offsets]:
    """' tok1 tok2 ' and, for the char after each token, that token's index."""
    norms = [token.norm for token in tokens]
    # The space after token i: the lengths of tokens 0..i, plus i + 1 spaces.
    spaces = map(add, accumulate(map(len, norms)), count(1))
    joined = f" {' '.join(norms)} " if norms else " "
    return joined, _Offsets(dict(zip(spaces, count())))


def _build_surnames(phrases: dict[str, tuple[Entry, ...]]) -> dict[str, tuple[Entry, ...]]:
    table: dict[str, list[Entry]] = {}
    for phrase, senses in phrases.items():
        last = phrase.split()[-1]
        if " " in phrase and len(last) > 3 and all(e.kind == "person" for e in senses):
            table.setdefault(last, []).extend(senses)
    return {name: tuple(senses) for name, senses in table.items()}


def first_name(text: str, tokens: list[Token], index: int) -> bool:
    """Whether the word at `index` is followed, one space or less after it, by a
    capitalised word: the two are one name ("Ramon Dizon"), the first a given name."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and text[following.start].isupper() and \
        text[following.start:following.end].isalpha() and following.start - tokens[index].end <= 1


def add_surname_hits(text: str, tokens: list[Token], hits: list[Hit]) -> list[Hit]:
    """A capitalised last name after a title ("President Mugabe") or after the full name
    earlier in the text is that person, when every person of that name has one country;
    a name followed by another capitalised word is a first name ("Lieutenant Colonel
    Ramon Dizon" is no Haim Ramon). A word that ends the names of organisations
    (`organisation_nouns.tsv`) is no name after a title: "Police Headquarters" is not the
    GCHQ the dictionary files among its people, though "Guards" after "the Revolutionary
    Guards" are those Guards."""
    covered = {i for hit in hits for i in range(hit.first, hit.last + 1)}
    named = {hit.entries[0].phrase.split()[-1] for hit in hits
             if hit.entries[0].kind == "person" and " " in hit.entries[0].phrase}
    titled = {hit.last + 1 for hit in hits if hit.entries[0].kind == "agent"}
    table = surnames()
    added = []
    for index in compress(count(), map(table.__contains__, map(_NORM, tokens))):  # C (speed)
        token = tokens[index]
        senses = table[token.norm]
        if index in covered or not senses or not text[token.start].isupper():
            continue
        if first_name(text, tokens, index):
            continue
        titled_name = index in titled and token.norm not in organisation_nouns()
        if len({e.code for e in senses}) == 1 and (titled_name or token.norm in named):
            added.append(Hit(token.start, token.end, index, index, senses))
    return sorted(hits + added, key=lambda hit: hit.start)
