"""Which way a bare `Tuesday` or `in March` points: the tense of the clause that governs it."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from flarewatch.timex.lexicon import words

_PERFECT_OR_PAST = ("VBD",)
_LOOKBACK = 80


@cache
def _future_cue() -> re.Pattern[str]:
    cues = sorted(words()["future_cues"], key=len, reverse=True)
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(re.escape(cue) for cue in cues) + r")\b")


def tense_at(parse: Any, text: str, start: int, end: int) -> str:
    """`past`, `present`, `future` or `none`: from the parse where there is one, else the
    words. A day something was put off to ("pushed back to Monday") lies ahead whatever
    the tense of the putting off (`postponed_to` in `data/timex/words.json`)."""
    if _postponed_to().search(text[max(0, start - _LOOKBACK) : start]):
        return "future"
    found = _parse_tense(parse, start, end) if parse is not None else None
    if found in ("past", "future"):
        return found
    return "future" if _window_has_future_cue(text, start) else (found or "none")


@cache
def _postponed_to() -> re.Pattern[str]:
    cues = sorted(words()["postponed_to"], key=len, reverse=True)
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(re.escape(cue) for cue in cues) + r")\s+$")


def _window_has_future_cue(text: str, start: int) -> bool:
    window = text[max(0, start - _LOOKBACK) : start]
    window = re.split(r"[.!?]\s", window)[-1]
    return bool(_future_cue().search(window))


def _governing_verb(parse: Any, start: int, end: int) -> Any:
    span = parse.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _parse_tense(parse: Any, start: int, end: int) -> str | None:
    verb = _governing_verb(parse, start, end)
    if verb is None:
        return None
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    lemmas = {child.lower_ for child in auxiliaries}
    if lemmas & {"will", "shall", "'ll", "’ll", "wo"}:
        return "future"
    if verb.tag_ in _PERFECT_OR_PAST or any(child.tag_ == "VBD" for child in auxiliaries):
        return "past"
    if lemmas & {"has", "have", "had"}:
        return "past"
    return "present" if verb.tag_ in ("VBZ", "VBP", "VBG", "VB") else None
