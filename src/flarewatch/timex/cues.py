"""A rule's cue hits, found fast and exactly as `cue.finditer(text)` finds them.

Python's `re` tries a pattern at every offset of the text unless the pattern opens with a
literal or a character class it can skip ahead to. Two things keep cues from that:

- case-insensitive letters: a cue written wholly `(?i:...)` runs as its case-sensitive twin
  over the lower-cased text, where that finds the same hits (`lowered_twin`, `lowered_text`);
- an opening `\\b`: the rest of the pattern, which matches wherever the whole does, finds
  the offsets to try (`re` skips ahead to its opening letters); the whole is tried there only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# A cue body whose twin provably finds the same hits: lower-case ASCII words, the classes
# \b \d \s \w (lower-casing keeps every character's class), escaped punctuation and regex
# syntax without ranges ("[!-a]" would hold "B" but not "b") or inline flags.
_TWINNABLE = re.compile(r"(?:\\[bdsw]|\\[^\w\s]|[a-z0-9 |()?:+*.{},\[\]^$=!<'])*")
_INLINE_FLAGS = re.compile(r"\(\?[a-z]")
# Characters that case-insensitive matching takes for an ASCII letter but `str.lower` leaves
# alone (dotless i, long s); "İ" lower-cases to two characters, which the length test catches.
_FOLDING_APART = ("ı", "ſ")


@dataclass(frozen=True)
class CueScan:
    """How to find a cue's hits: `pattern` (the cue, or its twin where `lowered`), and `rest`,
    the pattern less an opening \\b, which finds where the pattern may match (or None)."""

    pattern: re.Pattern[str]
    lowered: bool
    rest: re.Pattern[str] | None


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
    return CueScan(re.compile(pattern), twin is not None, re.compile(rest) if rest else None)


def cue_hits(cue: re.Pattern[str], text: str, lowered: str | None) -> list[tuple[int, int]]:
    """The spans of the cue's hits in `text` (`lowered`: `lowered_text(text)`)."""
    scan = cue_scan(cue.pattern)
    if scan.lowered:
        if lowered is None:
            return [hit.span() for hit in cue.finditer(text)]
        text = lowered
    if scan.rest is None:
        return [hit.span() for hit in scan.pattern.finditer(text)]
    return _hits_at(scan.pattern, text, _starts(scan.rest, text))


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
