"""Which time expression governs an event: its clause, then its sentence, then the discourse.

Clauses come from the dependency parse: a token's clause is the nearest verb at or above it.
An expression governs an event when it sits in the event's clause or in a clause above it
("announced on Tuesday that it had begun operations"); failing that, one in the sentence's
main clause; failing that, for a past-tense event, the last date of the sentence before in
the same paragraph. The document date is used only for present-tense or `now` events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flarewatch.events.syntax import circumstances
from flarewatch.layout import dateline_end
from flarewatch.model import Document, Event, Sentence, Timex

_CLAUSE_POS = ("VERB", "AUX")
_PREPOSITION = re.compile(
    r"(?i)\b(?:on|in|at|during|by|from|between|until|till|over|around|as\s+of)\s+$")
_RANGE_JOIN = re.compile(r"(?i)^\s*(?:-|–|to|until|till|through|and)\s*$")
_RANGE_OPEN = re.compile(r"(?i)\b(?:from|between)\s+$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class EventDate:
    date: str
    enddate: str
    precision: str
    text: str


def clause_head(token: Any) -> Any:
    for _ in range(12):
        if token.pos_ in _CLAUSE_POS or token.dep_ == "ROOT" or token.head is token:
            return token
        token = token.head
    return token


def _ancestors(token: Any) -> list[Any]:
    chain: list[Any] = []
    while token.head is not token and len(chain) < 20:
        token = token.head
        chain.append(token)
    return chain


def _root_of(doc: Document, start: int, end: int) -> Any:
    if doc.parse is None:
        return None
    span = doc.parse.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def usable(timex: Timex) -> bool:
    return timex.type in ("DATE", "TIME") and timex.date is not None


def _in_sentence(doc: Document, event: Event) -> list[Timex]:
    """The sentence's dates; the dateline's ("BOGOTA, July 9 -", `flarewatch.layout`) only
    when the sentence has no other: it tells when the report was filed, and the event's own
    "on Monday" wins over it."""
    sentence = doc.sentence_at(event.trigger_start)
    if sentence is None:
        return []
    found = [t for t in doc.timexes if usable(t) and sentence.start <= t.start < sentence.end]
    told = [t for t in found if t.start >= dateline_end(doc.text)]
    return told or found


def _nearest(timexes: list[Timex], offset: int) -> Timex | None:
    if not timexes:
        return None
    return min(timexes, key=lambda timex: abs(timex.start - offset))


def by_clause(doc: Document, event: Event, candidates: list[Timex]) -> Timex | None:
    """The expression in an event noun's own phrase ("the killing of a commander last
    week", "Tuesday's attack"), else in the event's own clause, else in a clause telling
    its circumstances ("killed when rockets hit on Saturday"), else in the nearest clause
    above it, else in a conjunct clause that shares the event clause's subject."""
    trigger = _root_of(doc, event.trigger_start, event.trigger_end)
    if trigger is None:
        return None
    in_phrase = [t for t in candidates if in_noun_phrase(doc, t, trigger)]
    if in_phrase:
        return _nearest(in_phrase, event.trigger_start)
    own = clause_head(trigger)
    told_with = [clause.i for clause in circumstances(own)]
    shared = [clause.i for clause in sharing_subject(own)]
    above = [token.i for token in _ancestors(own) if token.pos_ in _CLAUSE_POS]
    levels = [own.i, *told_with, *above, *shared]
    heads = {id(t): clause_head(root).i for t in candidates
             if (root := _root_of(doc, t.start, t.end)) is not None}
    for level in levels:
        found = [t for t in candidates if heads.get(id(t)) == level]
        if found:
            return _nearest(found, event.trigger_start)
    return None


def sharing_subject(head: Any) -> list[Any]:
    """Clauses joined to the event's clause that have no subject of their own, so tell more
    of the same subject ("Talks, meant to reopen this weekend, have been pushed back to
    Monday", where the parser makes "pushed" a conjunct of "meant")."""
    return [child for child in head.children if child.dep_ == "conj"
            and child.pos_ in _CLAUSE_POS
            and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children)]


def in_noun_phrase(doc: Document, timex: Timex, trigger: Any) -> bool:
    """Whether the expression sits under an event noun, within its phrase."""
    root = _root_of(doc, timex.start, timex.end)
    if root is None or trigger.pos_ not in ("NOUN", "PROPN") or not trigger.is_ancestor(root):
        return False
    return clause_head(root).i == clause_head(trigger).i


def by_main_clause(doc: Document, event: Event, candidates: list[Timex]) -> Timex | None:
    """An expression of the sentence's main clause (or its conjuncts), not of a subordinate one."""
    if doc.parse is None:
        return _nearest(candidates, event.trigger_start)
    main = []
    for timex in candidates:
        root = _root_of(doc, timex.start, timex.end)
        head = clause_head(root) if root is not None else None
        if head is not None and _is_main_clause(head):
            main.append(timex)
    return _nearest(main, event.trigger_start)


def _is_main_clause(head: Any) -> bool:
    return bool(head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT"))


def by_discourse(doc: Document, event: Event) -> Timex | None:
    """The last date of the sentence before, where it is in the same paragraph; but when
    that sentence names places, none of them named in the event's sentence, which names
    places of its own, the last date of the nearest earlier sentence of the paragraph that
    shares one of them ("Gunmen attacked Rufaa on Thursday. On Tuesday, they overran nearby
    Tamboul. In Rufaa they opened fire on men at a mosque": Thursday), if there is one.
    Places are `place_names`, resolved or not."""
    sentence = doc.sentence_at(event.trigger_start)
    if sentence is None or sentence.index == 0:
        return None
    earlier = paragraph_before(doc, sentence.index)
    if not earlier:
        return None
    previous = dates_in(doc, earlier[0])
    own, before = place_names(doc, sentence), place_names(doc, earlier[0])
    if not own or not before or own & before:
        return previous[-1] if previous else None
    placed = next((dates_in(doc, s)[-1] for s in earlier[1:]
                   if dates_in(doc, s) and own & place_names(doc, s)), None)
    return placed or (previous[-1] if previous else None)


def paragraph_before(doc: Document, index: int) -> list[Sentence]:
    """The sentences before sentence `index` in its paragraph, nearest first."""
    found: list[Sentence] = []
    for earlier in reversed(doc.sentences[:index]):
        later = found[-1] if found else doc.sentences[index]
        if _PARAGRAPH_BREAK.search(doc.text, earlier.start, later.start):
            break
        found.append(earlier)
    return found


def dates_in(doc: Document, sentence: Sentence) -> list[Timex]:
    return [t for t in doc.timexes if usable(t) and sentence.start <= t.start < sentence.end]


def place_names(doc: Document, sentence: Sentence) -> frozenset[str]:
    """The document's place names (its toponyms, and the names spaCy tags GPE, LOC or FAC
    anywhere in it) that a sentence contains, lower case."""
    text = doc.text[sentence.start:sentence.end].lower()
    return frozenset(name for name in document_place_names(doc)
                     if re.search(rf"\b{re.escape(name)}\b", text))


def document_place_names(doc: Document) -> frozenset[str]:
    names = [m.text for m in doc.mentions if m.label in PLACE_LABELS]
    return frozenset(name.lower() for name in names + [p.text for p in doc.places])


def clause_tense(doc: Document, event: Event) -> str:
    """`present` (incl. present perfect), `past`, `future` or `none` for the event's clause."""
    trigger = _root_of(doc, event.trigger_start, event.trigger_end)
    if trigger is None:
        return "none"
    head = clause_head(trigger)
    auxiliaries = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxiliaries}
    if words & {"will", "shall", "'ll", "wo"}:
        return "future"
    if words & {"has", "have"} or (head.tag_ in ("VBZ", "VBP") and not words & {"had"}):
        return "present"
    if any(c.tag_ in ("VBZ", "VBP") for c in auxiliaries):
        return "present"
    return "past" if head.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxiliaries) else "none"


def with_range(doc: Document, timex: Timex) -> tuple[str | None, str | None, str]:
    """`from March to June`, `between 2010 and 2017`: the range two expressions make together."""
    later = [t for t in doc.timexes if usable(t) and t.start >= timex.end][:1]
    opened = _RANGE_OPEN.search(doc.text, max(0, timex.start - 10), timex.start)
    if later and opened and _RANGE_JOIN.match(doc.text[timex.end : later[0].start]):
        return timex.date, later[0].enddate, doc.text[opened.start() : later[0].end]
    lead = _PREPOSITION.search(doc.text, max(0, timex.start - 8), timex.start)
    text = doc.text[lead.start() : timex.end] if lead else timex.text
    return timex.date, timex.enddate, text


def event_date(doc: Document, event: Event) -> EventDate | None:
    candidates = _in_sentence(doc, event)
    chosen = by_clause(doc, event, candidates) or by_main_clause(doc, event, candidates)
    tense = clause_tense(doc, event)
    if chosen is None and tense == "past":
        chosen = by_discourse(doc, event)
    if chosen is not None:
        date, enddate, text = with_range(doc, chosen)
        return EventDate(date or "", enddate or date or "", chosen.precision or "day", text)
    if tense == "present" and doc.date is not None:
        return EventDate(doc.date.isoformat(), doc.date.isoformat(), "day", "")
    return None
