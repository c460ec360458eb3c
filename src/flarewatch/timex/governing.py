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
A bomb had killed three soldiers": not in 2014). Nor do the period of a ranking ("the
first talks since March": `comparison_period`), the day of a toll's revision for the deaths
it counts (`toll_revised`), the day of what befell an event's people ("the victims of the
massacre were buried on Wednesday": `about_its_people`), or an offset heading a clause
("six months after gunmen killed ...": `clause_offset`). A possessive date names its event noun's
day ("Tuesday's bombing", `owns_noun`), and never that of a noun coordinated with it ("the
killing of the shepherds and Saturday's attack", `conjunct_day`); "last week" in a weekend
report runs to the day before it (`week_just_ended`), "overnight" to the report's day
(`night_just_ended`).

Some events take the day of another: one told after "a day after" or "two days after" lies
that many days before what the sentence tells first (`offset_before`, `days_after`); one told
in a clause hanging from "since June 2024, when" happened in June 2024 (`since_when`); a death
of one "wounded in Tuesday's attack" takes the attack's day (`wounded_in`); one told "the same
day" or "hours later" the day last told (`same_day_as`). A date the parse hangs below the
event's clause through phrases only is still the event's own (`below_clause`), and a
possessive date of another noun gives way to the clause's other dates (`own_days`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from flarewatch.events.detect import (
    claimed_as_done,
    claims_responsibility,
    day_named_apart,
    is_definite_noun,
)
from flarewatch.events.lexicon import claim_words, trigger_types, triggers, word_roles
from flarewatch.events.syntax import children, circumstances, count_participle, relative_subject
from flarewatch.layout import PARAGRAPH_BREAK, dateline_end
from flarewatch.model import Document, Event, Sentence, Timex
from flarewatch.timex.calendar import interval
from flarewatch.timex.lexicon import number_value, words

_CLAUSE_POS = ("VERB", "AUX")
_PREPOSITION = re.compile(
    r"(?i)\b(?:on|in|at|during|by|from|between|until|till|over|around|as\s+of)\s+$")
_RANGE_JOIN = re.compile(r"(?i)^\s*(?:-|–|to|until|till|through|and)\s*$")
_RANGE_OPEN = re.compile(r"(?i)\b(?:from|between)\s+$")
_LAST_WEEK = re.compile(r"(?i)^(?:the\s+)?(?:last|past|previous)\s+week$")
_CLAUSE_OFFSET = re.compile(
    r"(?i)(?!the\b).+\b(?:hours?|fortnights?|months?|years?|decades?)\s+(?:after|before)")
_NAMED_NIGHT = re.compile(r"(?i)\s+(?:on|to|until|till|between|from|of)\b")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
COARSE_PRECISIONS = frozenset({"year", "decade"})  # too coarse to carry to the next sentence
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class EventDate:
    date: str
    enddate: str
    precision: str
    text: str
    said: bool = False  # the day is the saying's, the act told before it (`said_of_earlier`)


def clause_head(token: Any) -> Any:
    for _ in range(12):
        if token.pos_ in _CLAUSE_POS or token.dep_ == "ROOT" or token.head.i == token.i:
            return token
        token = token.head
    return token


def _ancestors(token: Any) -> list[Any]:
    chain: list[Any] = []
    while token.head.i != token.i and len(chain) < 20:
        token = token.head
        chain.append(token)
    return chain


def root_of(doc: Document, start: int, end: int) -> Any:
    """The parse's root token of the characters `start`-`end`; None without a parse."""
    if doc.parse is None:
        return None
    span = doc.parse.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def usable(timex: Timex) -> bool:
    return timex.type in ("DATE", "TIME") and timex.date is not None


def _in_sentence(doc: Document, event: Event) -> list[Timex]:
    """The sentence's dates that may date the event (`may_date`); the dateline's ("BOGOTA,
    July 9 -", `flarewatch.layout`) only when the sentence has no other: it tells when the
    report was filed, and the event's own "on Monday" wins over it. An offset ("two days
    after", "six months after": `clause_offset`) counts from the happening it is told with,
    not from the report: it dates nothing by itself (`offset_before`, `offset_ahead`)."""
    sentence = doc.sentence_at(event.trigger_start)
    if sentence is None:
        return []
    trigger = root_of(doc, event.trigger_start, event.trigger_end)
    found = [t for t in doc.timexes if usable(t) and sentence.start <= t.start < sentence.end
             and may_date(doc, t, trigger) and not _offset_phrase().fullmatch(t.text)
             and not clause_offset(doc, t)]
    told = [t for t in found if t.start >= dateline_end(doc.text)]
    return told or found


def clause_offset(doc: Document, timex: Timex) -> bool:
    """"six months after gunmen killed 26 people", "three hours before troops moved in": an
    offset of hours, months or years heading a clause; it counts from what that clause
    tells, so dates no event by itself. Not "the day before" nor one closing its clause
    ("had been shelled two years before.")."""
    return bool(_CLAUSE_OFFSET.fullmatch(timex.text)) and bool(
        re.match(r"\s+[A-Za-z]", doc.text[timex.end : timex.end + 2]))


def may_date(doc: Document, timex: Timex, trigger: Any) -> bool:
    """Whether `timex` may date the event whose trigger token is `trigger` (None without a
    parse): not "since X" outside the event's own clause (`opens_state`,
    `told_with_start`), not a cutoff (`is_cutoff`) nor a day the event came some time
    before (`is_reference`), not the report's own day on a saying verb above the event
    (`said_on_report_day`). Without a parse only the cutoff is read."""
    if is_cutoff(doc, timex) or is_reference(doc, timex):
        return False
    if doc.parse is None or trigger is None:
        return True
    root = root_of(doc, timex.start, timex.end)
    if root is None:
        return True
    if opens_state(timex) and (not told_with_start(root, trigger)
                               or comparison_period(root, trigger)):
        return False
    return not said_on_report_day(doc, timex, root, trigger) \
        and not in_detached_event_noun(root, trigger) and not toll_revised(root, trigger) \
        and not about_its_people(root, trigger) and not claim_dated(root, trigger) \
        and not befell_subject(trigger, clause_head(root))


def befell_subject(inner: Any, verb: Any) -> bool:
    """"On Thursday, warriors from the clan whose members were killed hit back", "the
    driver killed by a drone was buried on Saturday", "mourners on Sunday buried the
    teachers who were shot dead": a passive relative clause or a past participle after a
    noun (`inner` inside it) in the subject or object of `verb` tells what befell that
    party before; the day on `verb` is its act's, not theirs."""
    parties = children(verb, "nsubj", "nsubjpass", "dobj")
    token = inner
    while token.i != verb.i and token.head.i != token.i:
        if befell_clause(token) and any(p.is_ancestor(token) for p in parties):
            return True
        token = token.head
    return False


def befell_clause(token: Any) -> bool:
    """A passive relative clause ("whose members were killed") or a past participle
    hanging from a noun ("the driver killed by a drone")."""
    if token.dep_ == "relcl":
        return bool(children(token, "nsubjpass", "auxpass"))
    return token.dep_ == "acl" and token.tag_ == "VBN"


def claim_dated(root: Any, trigger: Any) -> bool:
    """"The group claimed responsibility for the attack on Tuesday", "on Tuesday claimed
    responsibility for the Gao attack": a day on the verb of a claim (`claiming` words of
    `data/events/claim_words.tsv`) dates the claim, not the act it takes on
    (`detect.claimed_as_done`), which came before (also where the parser hangs it on the
    act's noun: `day_after`); a day of the act's own words ("the Monday attack", "Tuesday's
    attack on a bus") still dates it."""
    head = clause_head(root)
    if head.lemma_.lower() not in claim_words("claiming") or trigger.i == head.i:
        return False
    return claimed_as_done(trigger) and (not trigger.is_ancestor(root) or day_after(root, trigger))


# Words of an event noun that name the act told ("the Macomia attack", "its deadly raid"), and
# what trails it (a comma; an apposition, where the parser hangs a participle clause there).
NAMING_DEPS = frozenset({"det", "poss", "compound", "amod", "punct", "appos"})


def claimed_act(doc: Document, event: Event) -> bool:
    """"Islamic State claimed responsibility for the Macomia attack": an act a claim takes on
    (`detect.claimed_as_done`) was told before, so it takes no day from the sentences
    around it (the day the toll was told, the claim's own: `claim_dated`)."""
    trigger = root_of(doc, event.trigger_start, event.trigger_end)
    return trigger is not None and trigger.pos_ in ("NOUN", "PROPN") \
        and claimed_as_done(trigger)


def day_after(root: Any, noun: Any) -> bool:
    """"claimed responsibility for the attack on Tuesday", "for the Macomia attack on Monday
    evening": a day in an "on" phrase that is all a claimed noun has besides the words before it
    (`NAMING_DEPS`; the parser hangs it on the noun) is the claim's: the act named so was
    told before."""
    while root.dep_ == "compound":  # "Monday" of "on Monday evening"
        root = root.head
    preposition = root.head
    if preposition.lower_ != "on" or preposition.head.i != noun.i:
        return False
    return all(c.i == preposition.i or c.dep_ in NAMING_DEPS for c in noun.children)


def about_its_people(root: Any, trigger: Any) -> bool:
    """"The victims of the massacre were buried on Wednesday", "Families of those killed in
    the bombing marched on Monday": an event inside the "of" phrase of its people
    (`people_of_event` of `words.json`) is not dated by the clause those people are the
    subject of, which tells what befell them after; a date inside the phrase still is."""
    people = people_of(trigger)
    return people is not None and people.i != root.i and not people.is_ancestor(root)


def people_of(trigger: Any) -> Any:
    """The people noun whose "of" phrase holds the trigger, through relative participles
    ("those killed in the bombing"); None past any other clause."""
    token = trigger
    while token.head.i != token.i:
        head = token.head
        if token.dep_ == "pobj" and head.lower_ == "of" and \
                head.head.lemma_.lower() in words()["people_of_event"]:
            return head.head
        if head.pos_ in _CLAUSE_POS and head.dep_ not in ("acl", "relcl"):
            return None
        token = head
    return None


def toll_revised(root: Any, trigger: Any) -> bool:
    """"On 17 September the ministry revised the toll to 27 killed and 58 injured": a day on
    a verb that states or revises a toll (`toll_verbs` with a `toll_nouns` subject or object,
    of `words.json`) dates the figure, not the deaths it counts (`count_participle`), which
    were told before. So does a day on a verb coordinated with such a statement ("a
    statement read on radio on Tuesday put the toll at four dead and two wounded"). Not "on
    Monday the army put down a revolt and 12 were killed"."""
    head = clause_head(root)
    stating = any(states_toll(verb) for verb in (head, *head.conjuncts))
    return stating and trigger.i != head.i and count_participle(trigger)


def states_toll(verb: Any) -> bool:
    """A verb of `toll_verbs` with a `toll_nouns` subject or object (`words.json`): "revised
    the toll", "the death toll rose"."""
    return verb.lemma_ in words()["toll_verbs"] and any(
        child.lemma_.lower() in words()["toll_nouns"] for child in verb.children
        if child.dep_ in ("nsubj", "nsubjpass", "dobj"))


def toll_figure(trigger: Any) -> bool:
    """"revised the toll to 27 killed and 58 injured": a casualty figure
    (`count_participle`) in a statement of a toll (`states_toll`)."""
    if not count_participle(trigger):
        return False
    head = clause_head(trigger.head) if trigger.dep_ == "acl" else trigger.head
    return states_toll(head)


def in_detached_event_noun(root: Any, trigger: Any) -> bool:
    """"blew himself up at a tea shop on Saturday, ..., the second deadly bombing in the
    city this week": an expression inside a detached noun phrase (`detached`) headed
    by an event noun of the lexicon dates that noun, which counts or renames happenings,
    not the event of the clause it hangs on; "killed in an attack on Tuesday" (the noun
    a prepositional object) is no such phrase."""
    token, head = root.head, clause_head(root)
    while token.i != head.i and token.head.i != token.i:
        event_noun = token.pos_ == "NOUN" and (token.lemma_.lower(), "NOUN") in triggers()
        if event_noun and detached(token) and not token.is_ancestor(trigger) \
                and token.i != trigger.i:
            return True
        token = token.head
    return False


DETACHED_DEPS = frozenset({"advcl", "appos", "npadvmod", "parataxis"})


def detached(noun: Any) -> bool:
    """A noun phrase set off from its clause: one of `DETACHED_DEPS`, or led by a comma
    (the parser also makes "..., police said, the third blast this week" an object)."""
    edge = noun.left_edge
    comma = edge.i > 0 and edge.doc[edge.i - 1].text == ","
    return noun.dep_ in DETACHED_DEPS or comma


def told_with_start(root: Any, trigger: Any) -> bool:
    """Whether a "since X" expression (its root token `root`) may date the event: it sits in
    the event's own clause ("Since Tuesday, fighters have shelled the town"), or the event's
    clause hangs from it ("the largest since June 2024, when protesters stormed parliament")."""
    return bool(clause_head(root).i == clause_head(trigger).i or root.is_ancestor(trigger))


_RANKING = frozenset({"first", "last", "only", "second", "third", "most", "least"})


def comparison_period(root: Any, trigger: Any) -> bool:
    """"met for the first round of talks since March", "the deadliest attack since 2019":
    "since X" on a noun ranked first, last or by a superlative is the period the ranking
    runs over, not a day of the event; the event a "when" clause below it tells keeps it
    ("the largest since June 2024, when protesters stormed parliament")."""
    noun = root.head.head if root.head.lower_ == "since" else root.head
    if root.is_ancestor(trigger) or noun.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return False
    ranked = [c for c in noun.children if c.dep_ in ("amod", "advmod", "nummod")] + [noun]
    return any(t.tag_ in ("JJS", "RBS") or t.lower_ in _RANKING for t in ranked)


def opens_state(timex: Timex) -> bool:
    """"since late 2021": the start of a state still going on (`find_timexes` takes "since"
    into the expression's text)."""
    return timex.text.lower().startswith("since ")


def is_cutoff(doc: Document, timex: Timex) -> bool:
    """"killed by Tuesday", "as of Monday": the day a count was closed (`cutoff_preps` of
    `words.json` right before), not the day of what was counted; "killed by Tuesday's
    attack" names the attack's day."""
    before = doc.text[max(0, timex.start - 8) : timex.start].lower()
    return bool(lead("cutoff_preps").search(before)) and not owns_noun(doc, timex)


def is_reference(doc: Document, timex: Timex) -> bool:
    """"the bombing of a food market days before Easter", "weeks ahead of the 7 May vote":
    a day told as what the event came some time before (`reference_leads` of `words.json`
    right before it) is no day of the event. A clock time keeps its reading ("shortly
    before midnight on Tuesday")."""
    before = doc.text[max(0, timex.start - 24) : timex.start].lower()
    return timex.type == "DATE" and bool(lead("reference_leads", "the").search(before))


@cache
def lead(key: str, article: str = "") -> re.Pattern[str]:
    """A phrase of `words.json`'s list `key` right at the end of a text, with `article`
    allowed after it ("days before the 7 May vote")."""
    phrases = "|".join(re.escape(phrase) for phrase in words()[key])
    optional = rf"(?:{re.escape(article)}\s+)?" if article else ""
    return re.compile(rf"\b(?:{phrases})\s+{optional}$")


def said_on_report_day(doc: Document, timex: Timex, root: Any, trigger: Any) -> bool:
    """"The number of people killed has risen to 15, the UN said on Wednesday", "officials
    said on Wednesday that rebels had killed 16" in Wednesday's report: the expression is
    the report's own day, its clause a saying verb (`saying_verbs` of `words.json`) that
    governs the event's clause from above; it dates the saying only, unless the event goes
    on as it is said (`ongoing`) or is told in the simple past (`simple_past`)."""
    if doc.date is None or (timex.date, timex.enddate) != (doc.date.isoformat(),) * 2:
        return False
    own = clause_head(trigger)
    return saying_above(root, trigger) and not ongoing(own) and not simple_past(own)


def said_day(doc: Document, event: Event, timex: Timex) -> bool:
    """Whether the expression chosen for the event dates the saying that reports it, the
    act told in the past perfect before it (`said_of_earlier`)."""
    trigger = root_of(doc, event.trigger_start, event.trigger_end)
    root = root_of(doc, timex.start, timex.end)
    return trigger is not None and root is not None and said_of_earlier(root, trigger)


def said_of_earlier(root: Any, trigger: Any) -> bool:
    """"The army said on Tuesday that it had killed five militants", "police said on
    Monday they had arrested eleven people": a day on a saying verb (`saying_verbs` of
    `words.json`) over a clause in the past perfect is the day the act was said; the act
    came on it or before. Also where the parser hangs the day on the reported clause
    though it stands before that clause's subject."""
    own = clause_head(trigger)
    if not past_perfect(own):
        return False
    return saying_above(root, trigger) or before_reported_subject(root, own)


def past_perfect(head: Any) -> bool:
    """"had killed", "had been arrested": a clause told before a past moment."""
    auxiliaries = [c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")]
    return "had" in auxiliaries and head.tag_ == "VBN"


def before_reported_subject(root: Any, own: Any) -> bool:
    """Whether `root` lies between a saying verb and the subject of the clause it reports,
    hung on that clause ("said on Monday they had arrested", on "arrested")."""
    saying = own.head
    if own.dep_ != "ccomp" or saying.lemma_ not in words()["saying_verbs"]:
        return False
    subjects = [c.left_edge.i for c in children(own, "nsubj", "nsubjpass")]
    return clause_head(root).i == own.i and bool(subjects) and saying.i < root.i < min(subjects)


def saying_above(root: Any, trigger: Any) -> bool:
    """Whether the expression whose root token is `root` sits in the clause of a saying verb
    (`saying_verbs` of `words.json`) that governs the clause of the event's trigger from
    above ("gunmen stormed the post at dawn, the army said on Wednesday"): it dates the
    saying, which the event came before."""
    head, own = clause_head(root), clause_head(trigger)
    return bool(head.lemma_ in words()["saying_verbs"] and head.i != own.i
                and head.is_ancestor(own))


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
    the event clause's subject, else in a toll clause joined to its own toll clause
    (`toll_conjuncts`)."""
    trigger = root_of(doc, event.trigger_start, event.trigger_end)
    if trigger is None:
        return None
    in_phrase = [t for t in candidates if in_noun_phrase(doc, t, trigger)]
    if in_phrase:
        owner = [t for t in in_phrase if owns_noun(doc, t)]
        return _nearest(owner or in_phrase, event.trigger_start)
    if in_relative := [t for t in candidates if in_doer_clause(doc, t, trigger)]:
        return _nearest(in_relative, event.trigger_start)
    own = clause_head(trigger)
    told_with = [clause.i for clause in circumstances(own)]
    shared = [clause.i for clause in sharing_subject(own)]
    above = [token.i for token in _ancestors(own) if token.pos_ in _CLAUSE_POS]
    levels = [own.i, *told_with, *above, *shared, *(c.i for c in toll_conjuncts(own))]
    heads = {id(t): clause_head(root).i for t in candidates
             if (root := root_of(doc, t.start, t.end)) is not None}
    groups = [[t for t in candidates if heads.get(id(t)) == level] for level in levels]
    groups.insert(1, [t for t in candidates if in_means_phrase(doc, t, own)])
    for found in groups:
        if found:
            return _nearest(own_days(doc, found), event.trigger_start)
    return None


def in_means_phrase(doc: Document, timex: Timex, verb: Any) -> bool:
    """Whether the expression sits in the verb's "by" phrase (a passive's agent or a
    means), however the parser shapes it, past no clause of its own: "were killed by
    shelling on Tuesday" (the means, told with its day), not "by soldiers who had arrived
    on Monday". "By Tuesday" itself is a cutoff, which `may_date` leaves out before."""
    token = root_of(doc, timex.start, timex.end)
    while token is not None and token.head.i != token.i:
        if token.dep_ == "agent" or (token.dep_ == "prep" and token.lower_ == "by"):
            return token.head.i == verb.i
        if token.dep_ in ("relcl", "acl", "advcl", "ccomp"):
            return False
        token = token.head
    return False


def not_nested(doc: Document, event: Event, candidates: list[Timex]) -> list[Timex]:
    """The candidates that are no other event noun's own day in the event's phrase
    (`nested_day`, `conjunct_day`)."""
    trigger = root_of(doc, event.trigger_start, event.trigger_end)
    if trigger is None:
        return candidates
    return [t for t in candidates if not nested_day(doc, t, trigger, event.event)
            and not conjunct_day(doc, t, trigger)]


def conjunct_day(doc: Document, timex: Timex, trigger: Any) -> bool:
    """"blamed the cell for both the killing of the shepherds and Saturday's attack on the
    soldiers": a possessive date (`owns_noun`) of a noun coordinated with the trigger is
    that noun's day, not the trigger's (two happenings named side by side)."""
    owner = possessive_owner(doc, timex)
    return owner is not None and owner.i != trigger.i and \
        owner.i in {word.i for word in trigger.conjuncts}


def possessive_owner(doc: Document, timex: Timex) -> Any:
    """The noun a possessive date (`owns_noun`) names the day of ("Monday" of "since
    Monday's ambush": the ambush); None for a date that is no possessive."""
    last = root_of(doc, timex.end - 1, timex.end)
    return last.head if last is not None and owns_noun(doc, timex) else None


def nested_day(doc: Document, timex: Timex, trigger: Any, event_type: str) -> bool:
    """"the raid with Monday's bombing", "the second attack since Sunday's ambush": a
    possessive date (`owns_noun`) of another event noun of the event's type (one the
    trigger would otherwise absorb, `events.detect.absorbed`) that a preposition hangs on the
    trigger is that noun's day (a happening of its own, `events.detect.day_named_apart`),
    never the trigger's; not "killed in Tuesday's bombing" (an `inside` preposition: the
    killing's day too)."""
    owner = possessive_owner(doc, timex)
    if owner is None:
        return False
    same_type = event_type in trigger_types(owner.lemma_, "NOUN")
    return same_type and owner.i != trigger.i and day_named_apart(owner, trigger)


def own_days(doc: Document, found: list[Timex]) -> list[Timex]:
    """Of a clause's expressions, those that are no possessive of another noun, where there are
    any ("arrested a suspect in Thursday's bombing on Saturday": Saturday; the possessive
    names the bombing's day, `owns_noun`)."""
    return [t for t in found if not owns_noun(doc, t)] or found


def toll_conjuncts(head: Any) -> list[Any]:
    """"A farmer was killed and two others were injured on Wednesday": the toll clauses
    (`toll` verbs of `data/events/circumstances.tsv`) joined to the event's own toll clause,
    whose day closes the pair and dates both (the parser also hangs the pair side by side
    from "police said"). Not a clause of another verb ("rebels attacked the town and troops
    arrived on Wednesday")."""
    tolls = word_roles("events/circumstances.tsv")["toll"]
    if head.lemma_.lower() not in tolls:
        return []
    joined = list(head.conjuncts)
    if children(head, "cc") and head.head.i != head.i:  # "killed and ... injured", both
        joined += [c for c in head.head.children if c.i > head.i and c.dep_ == head.dep_]
    return [c for c in joined if c.pos_ in _CLAUSE_POS and c.lemma_.lower() in tolls]


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
    root = root_of(doc, timex.start, timex.end)
    if root is None or trigger.pos_ not in ("NOUN", "PROPN") or not trigger.is_ancestor(root):
        return False
    return clause_head(root).i == clause_head(trigger).i


def in_doer_clause(doc: Document, timex: Timex, trigger: Any) -> bool:
    """"the attack that killed four farmers on Monday": an expression in a relative clause
    on the event noun whose subject is the relative pronoun tells what the event itself
    did, so it is the event's day; not one where the noun is the clause's object or
    passive subject ("the attack, which the army denied on Monday", "which was condemned
    on Monday": the denial's day)."""
    root = root_of(doc, timex.start, timex.end)
    if root is None or trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    head = clause_head(root)
    return head.dep_ == "relcl" and head.head.i == trigger.i and relative_subject(head)


def by_main_clause(doc: Document, event: Event, candidates: list[Timex]) -> Timex | None:
    """An expression of the sentence's main clause (or its conjuncts), not of a subordinate one."""
    if doc.parse is None:
        return _nearest(candidates, event.trigger_start)
    main = []
    for timex in candidates:
        root = root_of(doc, timex.start, timex.end)
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
        if PARAGRAPH_BREAK.search(doc.text, earlier.start, later.start):
            break
        found.append(earlier)
    return found


def dates_in(doc: Document, sentence: Sentence) -> list[Timex]:
    return [t for t in doc.timexes if usable(t) and sentence.start <= t.start < sentence.end]


def carried(doc: Document, sentence: Sentence) -> list[Timex]:
    """The dates of a sentence that may pass to the next: not "since X", a cutoff, a year
    or coarser (`COARSE_PRECISIONS`), nor "now" (the present of a statement or a count,
    "police now confirm 16 dead", is not the day of what the next sentence tells), nor
    the day a count was given (`dates_count`) or a claim made (`dates_claim`). Where the
    sentence also dates an act, neither the day of its saying (`dates_saying`) nor a
    noun's possessive day (`owns_noun`: "raided a house on Tuesday night and killed the
    men behind last week's bombing") passes on."""
    dated = [(t, dated_clause(doc, t)) for t in dates_in(doc, sentence) if not opens_state(t)
             and not is_cutoff(doc, t) and t.precision not in COARSE_PRECISIONS
             and t.value != "PRESENT_REF"]
    found = [(t, head) for t, head in dated if not (dates_count(head) or dates_claim(head))]
    told = [t for t, head in found if not (dates_saying(head) or owns_noun(doc, t))]
    return told or [t for t, _ in found]


def dated_clause(doc: Document, timex: Timex) -> Any:
    """The head of the clause an expression sits in (`clause_head`), None outside the parse."""
    root = root_of(doc, timex.start, timex.end)
    return clause_head(root) if root is not None else None


def dates_saying(head: Any) -> bool:
    """"Militants ambushed a patrol on Sunday, the military said on Monday. ... gunmen
    opened fire on them from a ridge": the day of a saying (its clause `head` a
    `saying_verbs` verb of `words.json`) is when the news was told, not the day of the acts
    the next sentence goes on telling (`carried`)."""
    return head is not None and head.lemma_ in words()["saying_verbs"]


def dates_claim(head: Any) -> bool:
    """"Islamic State claimed responsibility on Thursday for the two attacks. The first
    statement said its fighters had detonated a device near Hawija": the day of a claim of
    responsibility (a `claiming` verb of `data/events/claim_words.tsv` with a
    `responsibility` object) is not the day of the acts the next sentences claim, which
    came before it. `head`: the head of the expression's clause (`dated_clause`)."""
    claiming = head is not None and head.lemma_.lower() in claim_words("claiming")
    return claiming and claims_responsibility(head)


def dates_count(head: Any) -> bool:
    """"A health official put the death toll at 34 on 8 October", "the ministry raised the
    number of dead to 12 on Thursday": the day a count was given (a `count_verbs` verb of
    `words.json` with a `count_nouns` object), not of a happening the next sentence tells
    ("Police put up roadblocks on Thursday" passes its day on). `head`: the head of the
    expression's clause (`dated_clause`)."""
    if head is None:
        return False
    counted = any(o.lemma_ in words()["count_nouns"] for o in head.children if o.dep_ == "dobj")
    return head.lemma_ in words()["count_verbs"] and counted


def place_names(doc: Document, sentence: Sentence) -> frozenset[str]:
    """The document's place names (its toponyms, and the names spaCy tags GPE, LOC or FAC
    anywhere in it) that a sentence contains, lower case."""
    text = doc.text[sentence.start:sentence.end].lower()
    return frozenset(name for name in document_place_names(doc)  # `in` first: speed
                     if name in text and re.search(rf"\b{re.escape(name)}\b", text))


def document_place_names(doc: Document) -> frozenset[str]:
    names = [m.text for m in doc.mentions if m.label in PLACE_LABELS]
    return frozenset(name.lower() for name in names + [p.text for p in doc.places])


def clause_tense(doc: Document, event: Event) -> str:
    """`present` (incl. present perfect), `past`, `future` or `none` for the event's clause."""
    trigger = root_of(doc, event.trigger_start, event.trigger_end)
    return "none" if trigger is None else head_tense(clause_head(trigger))


def head_tense(head: Any) -> str:
    """`present` (incl. present perfect), `past`, `future` or `none` for the clause headed by
    verb `head`, from its tag and auxiliaries."""
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


def continued_span(doc: Document, chosen: Timex) -> tuple[str, str, str] | None:
    """"Clashes erupted late on Tuesday and continued until Wednesday afternoon": a day told
    in one clause and a later day told on a coordinated verb of going on or ending that
    shares its subject (`going_on`) make one interval, from the first day to the end
    of the second, whichever of the two dates the event. None where the clause has no such
    pair."""
    days = coordinated_days(doc, chosen)
    if days is None:
        return None
    start, end = days
    if start.date is None or end.enddate is None or end.enddate <= start.date:
        return None
    return start.date, end.enddate, doc.text[start.start : end.end]


def coordinated_days(doc: Document, chosen: Timex) -> tuple[Timex, Timex] | None:
    """(the first day, the day on the verb of going on) of `chosen`'s coordinated clauses."""
    root = root_of(doc, chosen.start, chosen.end)
    if root is None:
        return None
    head = clause_head(root)
    first = head.head if head.dep_ == "conj" else head
    verbs = [first, *(c for c in first.children if c.dep_ == "conj" and c.pos_ in _CLAUSE_POS)]
    sentence = range(root.sent.start_char, root.sent.end_char)
    dated = [(t, clause_head(r)) for t in doc.timexes
             if t.start in sentence and usable(t) and t.precision == "day"
             and (r := root_of(doc, t.start, t.end)) is not None and clause_head(r) in verbs]
    going = [t for t, verb in dated if verb.i != first.i and going_on(verb)
             and not is_cutoff(doc, t)]
    opening = [t for t, verb in dated if verb.i == first.i]
    return (opening[0], going[-1]) if going and opening else None


def going_on(verb: Any) -> bool:
    """A verb of going on or ending (`continuation_verbs`) that shares the subject of the
    clause it is joined to ("and continued until Wednesday"; "and the talks continued on
    Sunday" is another matter)."""
    own_subject = any(child.dep_ in ("nsubj", "nsubjpass") for child in verb.children)
    return verb.lemma_.lower() in words()["continuation_verbs"] and not own_subject


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


def night_just_ended(doc: Document, timex: Timex) -> str | None:
    """The last day of an event told as "overnight" in a report of day D: D itself. The
    expression keeps its TIMEX3 value, the night of D-1, but the night runs into D ("drones
    struck the depot overnight": D-1 to D, as the gold annotation guides of `eval/gold`
    code it). None for any other expression, or for a night the text names ("overnight on
    Tuesday")."""
    if doc.date is None or timex.text.lower() != "overnight":
        return None
    if _NAMED_NIGHT.match(doc.text, timex.end):
        return None
    if timex.enddate != (doc.date - dt.timedelta(days=1)).isoformat():
        return None
    return doc.date.isoformat()


def since_when(doc: Document, event: Event, timex: Timex) -> tuple[str, str, str] | None:
    """The date, end date and text of "since June 2024" for an event told in a clause that
    hangs from it ("the largest since June 2024, when protesters stormed parliament"): the
    event happened in June 2024, not all along since then. None when the expression is no
    "since X" or the event is told in its own clause ("Since Tuesday, fighters have
    shelled the town")."""
    if not opens_state(timex) or doc.parse is None:
        return None
    root = root_of(doc, timex.start, timex.end)
    trigger = root_of(doc, event.trigger_start, event.trigger_end)
    if root is None or trigger is None or clause_head(root).i == clause_head(trigger).i:
        return None
    span = interval(timex.value, doc.date)
    if span is None:
        return None
    return span[0].isoformat(), span[1].isoformat(), timex.text[len("since "):]


def wounded_in(doc: Document, event: Event, candidates: list[Timex]) -> Timex | None:
    """For a death ("a boy injured in Thursday's strike died in hospital on Monday"; a
    `death_verbs` lemma of `words.json`), the date under a wound word (`wound_words`) in its
    subject: the death counts toward the attack that wounded, so it takes the attack's day.
    None for other events, or where the subject names no date."""
    trigger = root_of(doc, event.trigger_start, event.trigger_end)
    if trigger is None or trigger.lemma_ not in words()["death_verbs"]:
        return None
    subjects = [c for c in clause_head(trigger).children if c.dep_ in ("nsubj", "nsubjpass")]
    wounds = [t for s in subjects for t in s.subtree if t.lower_ in words()["wound_words"]]
    found = [t for t in candidates
             if (root := root_of(doc, t.start, t.end)) is not None
             and any(w.is_ancestor(root) for w in wounds)]
    return _nearest(found, event.trigger_start)


@cache
def _offset_phrase() -> re.Pattern[str]:
    """"a day after", "two weeks after", "the day after": an offset before an event."""
    numbers = "|".join(re.escape(n) for n in sorted(words()["numbers"], key=len, reverse=True))
    units = "|".join(words()["offset_units"])
    return re.compile(
        rf"(?i)\b(?:(?P<num>{numbers}|\d+)\s+(?P<unit>{units})|the\s+(?P<the>day))\s+after\b")


def offset_before(doc: Document, event: Event) -> re.Match[str] | None:
    """The "a day after" or "two days after" (`_offset_phrase`) the event is told after, in its
    sentence with no comma, colon or semicolon between ("buried them on Tuesday, a day after
    the bombing"; "two days after the attack on a community where 43 were abducted")."""
    sentence = doc.sentence_at(event.trigger_start)
    if sentence is None:
        return None
    phrase = None
    for found in _offset_phrase().finditer(doc.text, sentence.start, event.trigger_start):
        if not re.search(r"[,;:]", doc.text[found.end() : event.trigger_start]):
            phrase = found
    return phrase


def days_after(doc: Document, event: Event, phrase: re.Match[str]) -> EventDate | None:
    """The date of an event told after offset `phrase` (`offset_before`): the day of what the
    sentence tells before the offset (an event already dated there, else an expression of
    the sentence) less the offset. The offset runs from that day back, where the expression
    alone reads forwards from the last date named ("The bombing came two days after three
    children were killed": not two days after the date before). None, leaving the event
    undated, where nothing before the offset in the sentence gives a day."""
    sentence = doc.sentence_at(event.trigger_start)
    if sentence is None:
        return None
    host = _host_day(doc, sentence, phrase.start()) or _main_clause_day(doc, sentence, phrase)
    if host is None:
        return None
    day = host - offset_length(phrase)
    return EventDate(day.isoformat(), day.isoformat(), "day", phrase.group(0))


@cache
def _hours_from() -> re.Pattern[str]:
    """"Hours before", "shortly after" (`hours_from_words` of `data/timex/words.json`): a
    time within the day of an act told before (`hours_from`)."""
    lead = "|".join(re.escape(word) for word in words()["hours_from_words"])
    return re.compile(rf"(?i)\b(?:{lead})\s+(?P<prep>before|after)\b")


def hours_from(doc: Document, event: Event) -> EventDate | None:
    """"Hours before the Mogadishu bombing, troops recaptured the town", "Shortly after
    the attack, police arrested two men": an act told hours from a definite event noun
    (`_hours_from`, `detect.is_definite_noun`) before the trigger in its sentence, with no
    day of its own, takes the day the acts of that noun's type told in earlier sentences
    were dated to (a span of hours rarely crosses a night; "a day after" is
    `offset_before`'s). None where no such act is told, where they were told on several
    days (which one is meant is not known), or where the noun is no event word."""
    sentence = doc.sentence_at(event.trigger_start)
    if sentence is None or doc.parse is None:
        return None
    found = _hours_from().search(doc.text, sentence.start, event.trigger_start)
    span = doc.parse.char_span(found.start("prep"), found.end("prep")) if found else None
    if found is None or span is None:
        return None
    kinds = {kind for noun in children(span.root, "pobj") if is_definite_noun(noun)
             for kind in trigger_types(noun.lemma_.lower(), "NOUN")}
    days = {e.date for e in doc.events if e.trigger_start < sentence.start
            and e.event in kinds and e.date_precision == "day" and e.date
            and e.date == e.enddate}
    if len(days) != 1:
        return None  # none told, or acts of that kind told on several days
    day = days.pop() or ""
    return EventDate(day, day, "day", found.group(0))


def offset_length(phrase: re.Match[str]) -> dt.timedelta:
    """The span an offset phrase (`_offset_phrase`) says: "the day after" one day, "two
    weeks after" fourteen."""
    count = 1 if phrase.group("the") else number_value(phrase.group("num")) or 0
    unit = words()["offset_units"].get((phrase.group("unit") or "day").lower(), 1)
    return dt.timedelta(days=int(count * unit))


def dated_after_offset(doc: Document, phrase: re.Match[str]) -> bool:
    """"three weeks after the Feb. 2 attack", "two days after police shot dead a student on
    March 3", "six months after gunmen killed 26 people near Pahalgam in April": the event
    after the offset names its own day or month, after the offset in its sentence, which it
    keeps."""
    return bool(_days_after_offset(doc, phrase, ("day", "month")))


def _days_after_offset(doc: Document, phrase: re.Match[str],
                       precisions: tuple[str, ...] = ("day",)) -> list[Timex]:
    """The dates at one of `precisions` after an offset phrase in its sentence, none past a
    comma, semicolon or colon ("A day after the bombing, relatives buried the dead on Sunday":
    Sunday is the burial's day, not the bombing's)."""
    sentence = doc.sentence_at(phrase.start())
    if sentence is None:
        return []
    return [t for t in doc.timexes if t.type == "DATE" and phrase.end() <= t.start
            and t.end <= sentence.end and t.precision in precisions and t.date
            and (t.precision != "day" or t.date == t.enddate)
            and not re.search(r"[,;:]", doc.text[phrase.end():t.start])]


def offset_ahead(doc: Document, event: Event) -> EventDate | None:
    """"Troops retook the town three weeks after the Feb. 2 attack", "Hundreds marched two
    days after police shot dead a student on March 3": an event told before an offset
    phrase (`_offset_phrase`, no comma, colon or semicolon between), in a sentence naming
    no day before that phrase, lies the offset after the first day told after it
    (February 23, March 5). None otherwise."""
    sentence = doc.sentence_at(event.trigger_start)
    if sentence is None:
        return None
    phrase = next(_offset_phrase().finditer(doc.text, event.trigger_end, sentence.end), None)
    if phrase is None or re.search(r"[,;:]", doc.text[event.trigger_end:phrase.start()]):
        return None
    if any(t.type == "DATE" and sentence.start <= t.start < phrase.start() for t in doc.timexes):
        return None
    later = _days_after_offset(doc, phrase)
    if not later:
        return None
    day = dt.date.fromisoformat(later[0].date or "") + offset_length(phrase)
    return EventDate(day.isoformat(), day.isoformat(), "day", f"{phrase.group(0)} {later[0].text}")


def _host_day(doc: Document, sentence: Sentence, before: int) -> dt.date | None:
    """The day the sentence tells before offset `before`: an event already dated to a day,
    else its nearest date at day precision (for "overnight", the day the night ran into)."""
    told = [e for e in doc.events if sentence.start <= e.trigger_start < before
            and e.date_precision == "day" and e.date and e.date == e.enddate]
    if told:
        return dt.date.fromisoformat(max(told, key=lambda e: e.trigger_start).date or "")
    dates = [t for t in dates_in(doc, sentence) if t.end <= before and t.precision == "day"
             and t.date == t.enddate and not opens_state(t)]
    if not dates:
        return None  # "overnight" ran into the report's day: a day after it is the day before
    return dt.date.fromisoformat(night_just_ended(doc, dates[-1]) or dates[-1].date or "")


def _main_clause_day(doc: Document, sentence: Sentence, phrase: re.Match[str]) -> dt.date | None:
    """For an offset that opens its sentence, the day of the main clause after the comma that
    closes it: that clause's date at day precision ("A day after the bombing, relatives buried
    the dead on Sunday"), else the report's day where the clause is told in the present ("A
    week after soldiers burned the village, most families now sleep in the forest"). None
    for an offset inside its sentence, or a main clause in the past with no day."""
    if doc.text[sentence.start : phrase.start()].strip(" \"'“‘"):
        return None
    comma = doc.text.find(",", phrase.end(), sentence.end)
    if comma < 0:
        return None
    dates = [t for t in dates_in(doc, sentence) if t.start > comma and t.precision == "day"
             and t.date == t.enddate and not opens_state(t)]
    if dates:
        return dt.date.fromisoformat(night_just_ended(doc, dates[0]) or dates[0].date or "")
    main = root_of(doc, comma + 1, sentence.end)
    if main is None or doc.date is None or head_tense(main) != "present":
        return None
    return doc.date


@cache
def _same_day() -> re.Pattern[str]:
    phrases = sorted(words()["same_day_phrases"], key=len, reverse=True)
    return re.compile(r"(?i)\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def same_day_as(doc: Document, event: Event) -> Timex | None:
    """For an event whose sentence says "the same day" or "that evening" and names no date of
    its own, the last date told before it: the nearest earlier sentence with a date that may
    pass on (`carried`), in any paragraph ("Ten soldiers fell near Tera on Tuesday. ... The
    same day, gunmen attacked Bani Bangou"); of its dates, one of the part of day named
    ("the same night": "on Tuesday night" over "on Wednesday"), else the last that is no
    possessive of another noun (`own_days`: "marched on Wednesday behind the coffins of
    those killed in Tuesday night's strike. Hours earlier, troops had stormed the camp":
    Wednesday). None without such words."""
    sentence = doc.sentence_at(event.trigger_start)
    found = _same_day().search(doc.text, sentence.start, sentence.end) if sentence else None
    if sentence is None or found is None:
        return None
    part = words()["parts_of_day"].get(found.group(0).split()[-1].lower())
    for earlier in reversed(doc.sentences[: sentence.index]):
        dates = [t for t in carried(doc, earlier) if t.precision not in ("week", "month")]
        if dates:
            same_part = [t for t in dates if part and t.value.endswith("T" + part)]
            return (same_part or own_days(doc, dates))[-1]
    return None


_CLAUSAL_DEPS = frozenset({"relcl", "advcl", "conj", "parataxis", "csubj"})


def below_clause(doc: Document, event: Event, candidates: list[Timex]) -> Timex | None:
    """An expression the parse hangs below the event's clause through phrases only, where a
    participle or a noun tagged as a verb took it out of the clause ("settlers attacked
    farmers harvesting olives on Wednesday", "exchanged fire near the crossing late on
    Wednesday"): the event's own date, over the sentence before or the dateline. Not one
    inside a clause of its own (relative, adverbial, conjunct, or with a tensed verb: "rebels
    attacked the town, which was shelled on Monday"); a participle passes ("farmers
    harvesting olives on Wednesday", parsed as a complement). Failing that, one below a
    conjunct clause that tells more of the same subject (`sharing_subject`), as `by_clause`
    reads them: "shot dead two farmers and wounded five others working in the fields on
    Tuesday"."""
    trigger = root_of(doc, event.trigger_start, event.trigger_end)
    if trigger is None:
        return None
    own = clause_head(trigger)
    roots = [(t, root) for t in candidates if (root := root_of(doc, t.start, t.end)) is not None]
    for head in (own, *sharing_subject(own)):
        found = [t for t, root in roots if _phrase_path(root, head)]
        if found:
            return _nearest(found, event.trigger_start)
    return None


def _phrase_path(token: Any, head: Any) -> bool:
    """Whether `head` is above `token` with no clause boundary between them."""
    if not head.is_ancestor(token):
        return False
    while token.i != head.i:
        boundary = token.dep_ in _CLAUSAL_DEPS or (token.pos_ in _CLAUSE_POS and _finite(token))
        if boundary and not (naming_frame(token) or dispersing(token)):
            return False
        token = token.head
    return True


def dispersing(verb: Any) -> bool:
    """"fired tear gas to disperse protesters in Nairobi on Tuesday": an infinitive of
    driving a crowd off (`dispersal` words of `data/incidents/words.tsv`) tells the moment
    of the force used for it, not a later aim; its day is that act's."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return infinitive and verb.lemma_.lower() in word_roles("incidents/words.tsv")["dispersal"]


def naming_frame(verb: Any) -> bool:
    """"struck what it called terrorist camps on May 7": a free relative of naming
    (`naming_verbs` of `words.json` with "what") only words the object of the clause above;
    what the parser hangs on it belongs to that clause."""
    return verb.lemma_ in words()["naming_verbs"] and any(
        child.lower_ == "what" for child in verb.children)


def _finite(verb: Any) -> bool:
    """A verb with its own tense (past, present, or an auxiliary), not a participle."""
    return verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") for c in verb.children)


def event_date(doc: Document, event: Event) -> EventDate | None:
    phrase = offset_before(doc, event)
    if phrase is not None and not dated_after_offset(doc, phrase):
        return days_after(doc, event, phrase)
    ahead = offset_ahead(doc, event)
    if ahead is not None:
        return ahead
    candidates = not_nested(doc, event, _in_sentence(doc, event))
    chosen = wounded_in(doc, event, candidates) or by_clause(doc, event, candidates) \
        or by_main_clause(doc, event, candidates) or below_clause(doc, event, candidates)
    tense = clause_tense(doc, event)
    if chosen is None and tense == "past" and not claimed_act(doc, event):
        if (near := hours_from(doc, event)) is not None:
            return near
        chosen = same_day_as(doc, event) or by_discourse(doc, event)
    if chosen is not None:
        date, enddate, text = since_when(doc, event, chosen) or continued_span(doc, chosen) \
            or with_range(doc, chosen)
        enddate = week_just_ended(doc, chosen) or night_just_ended(doc, chosen) or enddate
        if opens_state(chosen) and owns_noun(doc, chosen):
            enddate = date  # "since Monday's bombing": the bombing's own day, no span
        return EventDate(date or "", enddate or date or "", chosen.precision or "day", text,
                         said_day(doc, event, chosen))
    if tense == "present" and doc.date is not None:
        return EventDate(doc.date.isoformat(), doc.date.isoformat(), "day", "")
    return None
