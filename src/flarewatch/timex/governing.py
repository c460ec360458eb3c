"""Which time expression governs an event: its clause, then its sentence, then the discourse.

Clauses come from the dependency parse: a token's clause is the nearest verb at or above it.
An expression governs an event when it sits in the event's clause or in a clause above it
("announced on Tuesday that it had begun operations"); failing that, one in the sentence's
main clause; failing that, for a past-tense event, the last date of the sentence before in
the same paragraph. The document date is used only for present-tense or `now` events.

Some expressions never date an incident told with them (`may_date`): "since X" outside the
event's own clause (the start of an ongoing state: "the war that has raged since 2020"), a
cutoff ("the toll had reached 13 by Tuesday"), and the report's own day on a saying verb the
event is reported under ("the number of people killed has risen to 15, the UN said on
Wednesday": the day of the saying; not for a simple past, told as the news itself). The
discourse carries no such expression, nor a year or coarser ("it will be like 2014 again.
A bomb had killed three soldiers": not in 2014). A possessive date names its event noun's
day ("Tuesday's bombing", `owns_noun`); "last week" in a weekend report runs to the day
before it (`week_just_ended`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from flarewatch.events.syntax import circumstances
from flarewatch.layout import dateline_end
from flarewatch.model import Document, Event, Sentence, Timex
from flarewatch.timex.lexicon import words

_CLAUSE_POS = ("VERB", "AUX")
_PREPOSITION = re.compile(
    r"(?i)\b(?:on|in|at|during|by|from|between|until|till|over|around|as\s+of)\s+$")
_RANGE_JOIN = re.compile(r"(?i)^\s*(?:-|–|to|until|till|through|and)\s*$")
_RANGE_OPEN = re.compile(r"(?i)\b(?:from|between)\s+$")
_LAST_WEEK = re.compile(r"(?i)^(?:the\s+)?(?:last|past|previous)\s+week$")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
COARSE_PRECISIONS = frozenset({"year", "decade"})  # too coarse to carry to the next sentence
_POSSESSIVE = ("'s", "’s")


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
    """The sentence's dates that may date the event (`may_date`); the dateline's ("BOGOTA,
    July 9 -", `flarewatch.layout`) only when the sentence has no other: it tells when the
    report was filed, and the event's own "on Monday" wins over it."""
    sentence = doc.sentence_at(event.trigger_start)
    if sentence is None:
        return []
    trigger = _root_of(doc, event.trigger_start, event.trigger_end)
    found = [t for t in doc.timexes if usable(t) and sentence.start <= t.start < sentence.end
             and may_date(doc, t, trigger)]
    told = [t for t in found if t.start >= dateline_end(doc.text)]
    return told or found


def may_date(doc: Document, timex: Timex, trigger: Any) -> bool:
    """Whether `timex` may date the event whose trigger token is `trigger` (None without a
    parse): not "since X" outside the event's own clause (`opens_state`,
    `told_with_start`), not a cutoff
    (`is_cutoff`), not the report's own day on a saying verb above the event
    (`said_on_report_day`). Without a parse only the cutoff is read."""
    if is_cutoff(doc, timex):
        return False
    if doc.parse is None or trigger is None:
        return True
    root = _root_of(doc, timex.start, timex.end)
    if root is None:
        return True
    if opens_state(timex) and not told_with_start(root, trigger):
        return False
    return not said_on_report_day(doc, timex, root, trigger)


def told_with_start(root: Any, trigger: Any) -> bool:
    """Whether a "since X" expression (its root token `root`) may date the event: it sits in
    the event's own clause ("Since Tuesday, fighters have shelled the town"), or the event's
    clause hangs from it ("the largest since June 2024, when protesters stormed parliament")."""
    return bool(clause_head(root).i == clause_head(trigger).i or root.is_ancestor(trigger))


def opens_state(timex: Timex) -> bool:
    """"since late 2021": the start of a state still going on (`find_timexes` takes "since"
    into the expression's text)."""
    return timex.text.lower().startswith("since ")


def is_cutoff(doc: Document, timex: Timex) -> bool:
    """"killed by Tuesday", "as of Monday": the day a count was closed (`cutoff_preps` of
    `words.json` right before), not the day of what was counted; "killed by Tuesday's
    attack" names the attack's day."""
    before = doc.text[max(0, timex.start - 8) : timex.start].lower()
    return bool(cutoff_lead().search(before)) and not owns_noun(doc, timex)


@cache
def cutoff_lead() -> re.Pattern[str]:
    """A `cutoff_preps` word of `words.json` right at the end of a text."""
    preps = "|".join(re.escape(prep) for prep in words()["cutoff_preps"])
    return re.compile(rf"\b(?:{preps})\s+$")


def said_on_report_day(doc: Document, timex: Timex, root: Any, trigger: Any) -> bool:
    """"The number of people killed has risen to 15, the UN said on Wednesday", "officials
    said on Wednesday that rebels had killed 16" in Wednesday's report: the expression is
    the report's own day, its clause a saying verb (`saying_verbs` of `words.json`) that
    governs the event's clause from above; it dates the saying only, unless the event goes
    on as it is said (`ongoing`) or is told in the simple past (`simple_past`)."""
    if doc.date is None or (timex.date, timex.enddate) != (doc.date.isoformat(),) * 2:
        return False
    head, own = clause_head(root), clause_head(trigger)
    return bool(head.lemma_ in words()["saying_verbs"] and head.i != own.i
                and head.is_ancestor(own) and not ongoing(own) and not simple_past(own))


def simple_past(head: Any) -> bool:
    """A clause in the simple past ("rebels killed 16 people", "two were killed"): told as
    the news itself, it may well be the saying's day (dating such clauses "undated" let
    fusion join unrelated incidents on conflict-dev2)."""
    auxiliaries = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ == "had" for c in auxiliaries):
        return False
    return head.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxiliaries)


def ongoing(head: Any) -> bool:
    """A progressive clause ("the town was being shelled", "fighters are attacking"): what
    it tells goes on as it is said, so the saying's day is its day too."""
    return head.tag_ == "VBG" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBG" for c in head.children)


def _nearest(timexes: list[Timex], offset: int) -> Timex | None:
    if not timexes:
        return None
    return min(timexes, key=lambda timex: abs(timex.start - offset))


def by_clause(doc: Document, event: Event, candidates: list[Timex]) -> Timex | None:
    """The expression in an event noun's own phrase ("the killing of a commander last
    week", "Tuesday's attack": a possessive one first, `owns_noun`), else in the event's
    own clause, else in a clause telling its circumstances ("killed when rockets hit on
    Saturday"), else in the nearest clause above it, else in a conjunct clause that shares
    the event clause's subject."""
    trigger = _root_of(doc, event.trigger_start, event.trigger_end)
    if trigger is None:
        return None
    in_phrase = [t for t in candidates if in_noun_phrase(doc, t, trigger)]
    if in_phrase:
        owner = [t for t in in_phrase if owns_noun(doc, t)]
        return _nearest(owner or in_phrase, event.trigger_start)
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


def owns_noun(doc: Document, timex: Timex) -> bool:
    """"Tuesday's suicide bombing": a possessive date names the event noun's own day, over
    another date the parser hangs on the noun ("buried the victims of Tuesday's bombing on
    Wednesday": the burial's day)."""
    return doc.text[timex.end : timex.end + 2] in _POSSESSIVE


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
    Places are `place_names`, resolved or not. Only `carried` dates pass on."""
    sentence = doc.sentence_at(event.trigger_start)
    if sentence is None or sentence.index == 0:
        return None
    earlier = paragraph_before(doc, sentence.index)
    if not earlier:
        return None
    previous = carried(doc, earlier[0])
    own, before = place_names(doc, sentence), place_names(doc, earlier[0])
    if not own or not before or own & before:
        return previous[-1] if previous else None
    placed = next((dates[-1] for s in earlier[1:]
                   if own & place_names(doc, s) and (dates := carried(doc, s))), None)
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


def carried(doc: Document, sentence: Sentence) -> list[Timex]:
    """The dates of a sentence that may pass to the next: not "since X", a cutoff, nor a
    year or coarser (`COARSE_PRECISIONS`)."""
    return [t for t in dates_in(doc, sentence) if not opens_state(t)
            and not is_cutoff(doc, t) and t.precision not in COARSE_PRECISIONS]


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


def week_just_ended(doc: Document, timex: Timex) -> str | None:
    """The last day an event told as "last week" in a Saturday's or Sunday's report may have
    happened: the day before the report. The expression keeps its TIMEX3 value, the calendar
    week before, but a weekend report calls the working week just ended "last week" too
    (Sunday's "kidnapped last week" may be the Tuesday five days before). None otherwise."""
    if doc.date is None or doc.date.isoweekday() < 6 or timex.precision != "week":
        return None
    if not _LAST_WEEK.search(timex.text):
        return None
    return (doc.date - dt.timedelta(days=1)).isoformat()


def event_date(doc: Document, event: Event) -> EventDate | None:
    candidates = _in_sentence(doc, event)
    chosen = by_clause(doc, event, candidates) or by_main_clause(doc, event, candidates)
    tense = clause_tense(doc, event)
    if chosen is None and tense == "past":
        chosen = by_discourse(doc, event)
    if chosen is not None:
        date, enddate, text = with_range(doc, chosen)
        enddate = week_just_ended(doc, chosen) or enddate
        return EventDate(date or "", enddate or date or "", chosen.precision or "day", text)
    if tense == "present" and doc.date is not None:
        return EventDate(doc.date.isoformat(), doc.date.isoformat(), "day", "")
    return None
