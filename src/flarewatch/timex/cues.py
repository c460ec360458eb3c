"""A rule's cue hits, found fast and exactly as `cue.finditer(text)` finds them.

Python's `re` tries a pattern at every offset of the text unless the pattern opens with a
literal or a character class it can skip ahead to, and folds case slowly. So:

- a cue written wholly `(?i:...)` runs as its case-sensitive twin over the lower-cased text,
  where that finds the same hits (`lowered_twin`, `lowered_text`);
- a twin whose every match opens with one of a few words, `(?:\\b(?:now|so\\s+far)\\b)`, is
  tried only where one of them starts: those of every such twin are found in one pass of an
  Aho-Corasick automaton over the lower-cased text (`cue_text`);
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
_PHRASE = r"[a-z]+(?:\\s\+[a-z]+)*"  # words, any space between them
_PHRASES = rf"{_PHRASE}(?:\|{_PHRASE})*"
# A twin each match of which opens with the first word of one of its phrases.
_LED_BY_WORDS = re.compile(rf"\(\?:(?:\\b)?(?:\(\?:({_PHRASES})\)|({_PHRASES}))(?:\\b)?\)")


@dataclass(frozen=True)
class CueScan:
    """How to find a cue's hits: `pattern` (the cue, or its twin where `lowered`); `rest`, the
    pattern less an opening \\b, which finds where the pattern may match (or None); `leads`,
    the words every match of a twin opens with one of (or None)."""

    pattern: re.Pattern[str]
    lowered: bool
    rest: re.Pattern[str] | None
    leads: tuple[str, ...] | None = None


@dataclass(frozen=True)
class CueText:
    """A text made ready for its cues: itself, lower-cased where that is exact (else None),
    and for the cues in `worded`, where each of their leading words starts in the latter."""

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
    return CueScan(re.compile(pattern), twin is not None, re.compile(rest) if rest else None,
                   _leading_words(twin) if twin else None)


def _leading_words(twin: str) -> tuple[str, ...] | None:
    """`(?:\\b(?:now|so\\s+far)\\b)` -> ("now", "so"); None for another kind of twin."""
    found = _LED_BY_WORDS.fullmatch(twin)
    if found is None:
        return None
    phrases = (found.group(1) or found.group(2)).split("|")
    return tuple(dict.fromkeys(phrase.split("\\")[0] for phrase in phrases))


def cue_text(text: str, cues: tuple[str, ...] = ()) -> CueText:
    """`text` made ready; the leading words of those `cues` that have them found in one pass."""
    lowered = lowered_text(text)
    worded = frozenset(cue for cue in cues if cue_scan(cue).leads)
    if lowered is None or not worded:
        return CueText(text, lowered)
    return CueText(text, lowered, worded, _word_starts(lowered, _automaton(worded)))


def cue_hits(cue: re.Pattern[str], text: CueText) -> list[tuple[int, int]]:
    """The spans of the cue's hits in the text."""
    scan = cue_scan(cue.pattern)
    searched = text.lowered if scan.lowered else text.text
    if searched is None:  # a text lower-casing would change: the cue itself
        return [hit.span() for hit in cue.finditer(text.text)]
    if scan.leads and cue.pattern in text.worded:
        starts = {start for word in scan.leads for start in text.word_starts.get(word, ())}
        return _hits_at(scan.pattern, searched, sorted(starts))
    if scan.rest is None:
        return [hit.span() for hit in scan.pattern.finditer(searched)]
    return _hits_at(scan.pattern, searched, _starts(scan.rest, searched))


@cache
def _automaton(cues: frozenset[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for cue in cues:
        for word in cue_scan(cue).leads or ():
            automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def _word_starts(lowered: str, automaton: ahocorasick.Automaton) -> dict[str, list[int]]:
    """Where each word of the automaton starts in the text."""
    starts: dict[str, list[int]] = {}
    for end, word in automaton.iter(lowered):
        starts.setdefault(word, []).append(end - len(word) + 1)
    return starts


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
