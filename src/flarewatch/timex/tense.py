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
    words; a present verb of saying reads as `past` ("police say on Monday"), one of a
    timetable as `future` ("the minister arrives on Tuesday"). A day something
    was put off to ("pushed back to Monday") lies ahead whatever the tense of the putting off
    (`postponed_to` in `data/timex/words.json`, or `_put_off_to` on the parse)."""
    if _postponed_to().search(text[max(0, start - _LOOKBACK) : start]):
        return "future"
    if parse is not None and _put_off_to(parse, start, end):
        return "future"
    found = _parse_tense(parse, start, end) if parse is not None else None
    if found in ("past", "future"):
        return found
    if found == "present" and _governed_by(parse, start, end, "report_verbs"):
        return "past"  # "police say on Monday": the report's day
    if found == "present" and _governed_by(parse, start, end, "schedule_verbs"):
        return "future"  # "the minister arrives on Tuesday": what is scheduled
    return "future" if _window_has_future_cue(text, start) else (found or "none")


@cache
def _postponed_to() -> re.Pattern[str]:
    cues = sorted(words()["postponed_to"], key=len, reverse=True)
    return re.compile(r"(?i)(?<!\w)(?:" + "|".join(re.escape(cue) for cue in cues) + r")\s+$")


def _governed_by(parse: Any, start: int, end: int, verbs: str) -> bool:
    """Whether the verb governing the expression is one of a `words.json` list (by lemma):
    `report_verbs` (saying) or `schedule_verbs` (what timetables tell: arrive, open, meet)."""
    verb = _governing_verb(parse, start, end)
    return verb is not None and verb.lemma_ in words()[verbs]


def _put_off_to(parse: Any, start: int, end: int) -> bool:
    """"adjourned the case to Tuesday", "moved the vote to Friday": the expression is the
    object of "to"/"until" (`postpone_preps`) under a verb of putting off or moving
    (`postpone_verbs`, by lemma), whatever stands between them: the day lies ahead."""
    span = parse.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0 or span.root.dep_ != "pobj":
        return False
    preposition = span.root.head
    verb = preposition.head
    if verb.pos_ in ("ADV", "ADP") and verb.head.i != verb.i:  # "pushed back to"
        verb = verb.head
    return bool(preposition.lower_ in words()["postpone_preps"] and verb.pos_ == "VERB"
                and verb.lemma_ in words()["postpone_verbs"])


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
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def leads_present_verb(parse: Any, start: int, end: int) -> bool:
    """Whether the expression ("today") stands before the present-tense verb that governs it,
    between subject and verb ("which today has", "our country today is"): the nowadays
    sense, where after the verb ("the court rules today") it is the day."""
    if parse is None:
        return False
    verb = _governing_verb(parse, start, end)
    span = parse.char_span(start, end, alignment_mode="expand")
    if verb is None or span is None or len(span) == 0 or verb.tag_ not in ("VBZ", "VBP"):
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return span.root.i < verb.i and any(s.i < span.root.i for s in subjects)


def _finite(verb: Any) -> Any:
    """The verb an infinitive hangs from ("will be used to apply ... to implement":
    "used"), whose auxiliaries tell the tense; the verb itself if it is no infinitive."""
    for _ in range(4):
        infinitive = verb.tag_ == "VB" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if not infinitive or verb.dep_ not in ("xcomp", "advcl", "acl", "relcl"):
            return verb
        head = verb.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.pos_ not in ("VERB", "AUX"):
            return verb
        verb = head
    return verb


def _parse_tense(parse: Any, start: int, end: int) -> str | None:
    verb = _governing_verb(parse, start, end)
    if verb is None:
        return None
    verb = _finite(verb)
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    lemmas = {child.lower_ for child in auxiliaries}
    if lemmas & {"will", "shall", "'ll", "’ll", "wo"}:
        return "future"
    if verb.tag_ in _PERFECT_OR_PAST or any(child.tag_ == "VBD" for child in auxiliaries):
        return "past"
    if lemmas & {"has", "have", "had"}:
        return "past"
    finite = verb.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in auxiliaries)
    return "present" if finite else None  # a bare "show" is more likely a misparse


def names_incident(text: str, start: int) -> bool:
    """Whether one of the three words from `start` is an incident noun (`incident_nouns` in
    `data/timex/words.json`): "Saturday's suicide attack" tells what has happened, so the
    day lies behind the report whatever the tense of the clause ("owners said they would
    close early after Saturday's attack" in Sunday's report: the day before)."""
    following = re.findall(r"[\w-]+", text[start : start + 60].lower())[:3]
    return any(word in words()["incident_nouns"] for word in following)
