"""A rule's cue hits, found fast and exactly as `cue.finditer(text)` finds them.

Python's `re` tries a pattern at every offset of the text unless the pattern opens with a
literal or a character class it can skip ahead to, and folds case slowly. So:

- a cue written wholly `(?i:...)` runs as its case-sensitive twin over the lower-cased text,
  where that finds the same hits (`lowered_twin`, `lowered_text`);
- a twin that is only words, `(?:ago|later)`, is found with the other such twins in one pass
  of an Aho-Corasick automaton over the lower-cased text (`cue_text`, `_first_words`);
- a cue opening with `\\b`: the rest of it, which matches wherever the whole does, finds the
  offsets to try (`re` skips ahead to its opening letters); the whole is tried there only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import ahocorasick

# A cue body whose twin provably finds the same hits: lower-case ASCII words, the classes
# \b \d \s \w (lower-casing keeps every character's class), escaped punctuation and regex
# syntax without ranges ("[!-a]" would hold "B" but not "b") or inline flags.
_TWINNABLE = re.compile(r"(?:\\[bdsw]|\\[^\w\s]|[a-z0-9 |()?:+*.{},\[\]^$=!<'])*")
_INLINE_FLAGS = re.compile(r"\(\?[a-z]")
# Characters that case-insensitive matching takes for an ASCII letter but `str.lower` leaves
# alone (dotless i, long s); "İ" lower-cases to two characters, which the length test catches.
_FOLDING_APART = ("ı", "ſ")


_WORDS = re.compile(r"\(\?:([a-z]+(?:\|[a-z]+)*)\)")  # a twin that is only words


@dataclass(frozen=True)
class CueScan:
    """How to find a cue's hits: `pattern` (the cue, or its twin where `lowered`); `rest`, the
    pattern less an opening \\b, which finds where the pattern may match (or None); `words`,
    the alternatives of a twin that is only words (or None)."""

    pattern: re.Pattern[str]
    lowered: bool
    rest: re.Pattern[str] | None
    words: tuple[str, ...] | None = None


@dataclass(frozen=True)
class CueText:
    """A text made ready for its cues: itself, lower-cased where that is exact (else None),
    and for the cues in `worded`, where each of their words starts in the lower-cased text."""

    text: str
    lowered: str | None
    worded: frozenset[str] = frozenset()
    word_starts: dict[str, list[int]] = field(default_factory=dict)


def lowered_twin(cue: str) -> str | None:
    """For a cue `(?i:BODY)`: `(?:BODY)`, case-sensitive, which finds the same hits in the
    lower-cased text; None where that is not certain."""
    body = cue[4:-1]
    if not (cue.startswith("(?i:") and cue.endswith(")") and _TWINNABLE.fullmatch(body)):
        return None
    if _INLINE_FLAGS.search(body) or not _compiles(body):  # "(?i:a)|(?i:b)": not one group
        return None
    return f"(?:{body})"


def lowered_text(text: str) -> str | None:
    """`text` lower-cased, where that keeps every offset and what matches a twin."""
    lowered = text.lower()
    if len(lowered) != len(text) or any(char in text for char in _FOLDING_APART):
        return None
    return lowered


def without_opening_boundary(pattern: str) -> str | None:
    """`\\bX` -> `X`, `(?:\\bX)` -> `(?:X)`: without an assertion, a pattern matches wherever
    it did (and more); None where the pattern does not open with \\b."""
    for opening in ("\\b", "(?:\\b"):
        if pattern.startswith(opening):
            rest = opening[:-2] + pattern[len(opening):]
            return rest if _compiles(rest) else None
    return None


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


@cache
def cue_scan(cue: str) -> CueScan:
    twin = lowered_twin(cue)
    pattern = twin or cue
    rest = without_opening_boundary(pattern)
    words = _WORDS.fullmatch(twin) if twin else None
    return CueScan(re.compile(pattern), twin is not None, re.compile(rest) if rest else None,
                   tuple(words.group(1).split("|")) if words else None)


def cue_text(text: str, cues: tuple[str, ...] = ()) -> CueText:
    """`text` made ready; the words of those `cues` that are only words found in one pass."""
    lowered = lowered_text(text)
    worded = frozenset(cue for cue in cues if cue_scan(cue).words)
    if lowered is None or not worded:
        return CueText(text, lowered)
    return CueText(text, lowered, worded, _word_starts(lowered, _automaton(worded)))


def cue_hits(cue: re.Pattern[str], text: CueText) -> list[tuple[int, int]]:
    """The spans of the cue's hits in the text."""
    scan = cue_scan(cue.pattern)
    if scan.words and cue.pattern in text.worded:
        return _first_words(scan.words, text.word_starts)
    searched = text.lowered if scan.lowered else text.text
    if searched is None:  # a text lower-casing would change: the cue itself
        return [hit.span() for hit in cue.finditer(text.text)]
    if scan.rest is None:
        return [hit.span() for hit in scan.pattern.finditer(searched)]
    return _hits_at(scan.pattern, searched, _starts(scan.rest, searched))


@cache
def _automaton(cues: frozenset[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for cue in cues:
        for word in cue_scan(cue).words or ():
            automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def _word_starts(lowered: str, automaton: ahocorasick.Automaton) -> dict[str, list[int]]:
    """Where each word of the automaton starts in the text, in order."""
    starts: dict[str, list[int]] = {}
    for end, word in automaton.iter(lowered):
        starts.setdefault(word, []).append(end - len(word) + 1)
    return starts


def _first_words(words: tuple[str, ...], starts: dict[str, list[int]]) -> list[tuple[int, int]]:
    """What `(?:w1|w2|...)` finds, from where each word starts: at an offset, the first of the
    alternatives found there; then on from its end."""
    chosen: dict[int, str] = {}
    for word in reversed(words):  # the earlier alternative overwrites
        for start in starts.get(word, ()):
            chosen[start] = word
    hits: list[tuple[int, int]] = []
    for start in sorted(chosen):
        if not hits or start >= hits[-1][1]:
            hits.append((start, start + len(chosen[start])))
    return hits


def _starts(pattern: re.Pattern[str], text: str) -> list[int]:
    """Every offset where `pattern` matches, overlapping matches too."""
    starts, match = [], pattern.search(text)
    while match:
        starts.append(match.start())
        match = pattern.search(text, match.start() + 1)
    return starts


def _hits_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[tuple[int, int]]:
    """What `pattern.finditer(text)` finds, given every offset it may match at: the first
    match, then the first from its end on (after an empty one, `finditer` itself decides)."""
    hits: list[tuple[int, int]] = []
    for start in starts:
        if hits and start < hits[-1][1]:
            continue
        match = pattern.match(text, start)
        if match and match.end() == start:
            return [hit.span() for hit in pattern.finditer(text)]
        if match:
            hits.append(match.span())
    return hits
