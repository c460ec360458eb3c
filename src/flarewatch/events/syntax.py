"""Small helpers over the spaCy dependency parse shared by the event stages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any, NamedTuple

from flarewatch.events.lexicon import (
    Trigger,
    claim_words,
    data_rows,
    mode_cues,
    statuses,
    trigger_types,
    victim_sectors,
    word_roles,
)
from flarewatch.model import VIOLENT_TYPES

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs

# Dependencies that open a new clause: a phrase stops there.
CLAUSE_DEPS = frozenset({"relcl", "ccomp", "advcl", "conj", "cc", "parataxis", "csubj", "mark"})
# A verb's complements that tell its outcome ("shot dead", "hacked to death").
RESULT_DEPS = frozenset({"acomp", "oprd", "advmod", "xcomp", "dep"})
# A verb's core arguments: the evidence span of a verbal event covers these.
CORE_DEPS = frozenset({
    "nsubj", "nsubjpass", "dobj", "agent", "attr", "dative", "prt", "prep", "xcomp", "acomp",
    "aux", "auxpass", "neg", "advmod", "npadvmod", "oprd", "pobj",
})


class Columns(NamedTuple):
    """Attributes of every token of one spaCy parse, as lists indexed by `token.i`."""

    lemma: list[str]  # lower-cased
    lower: list[str]
    alpha: list[bool]  # `is_alpha`


@lru_cache(maxsize=8)
def columns(parse: Any) -> Columns:
    """The `Columns` of one spaCy parse, read once (`Doc.to_array`) however many stages
    walk it: spaCy builds a Token object and looks its string up at every attribute read
    (0.7 us a token for `token.lemma_.lower()` against 0.4 us for these columns)."""
    from spacy.attrs import IS_ALPHA, LEMMA, LOWER

    strings = parse.vocab.strings
    rows = parse.to_array([LEMMA, LOWER, IS_ALPHA]).tolist() if len(parse) else []
    return Columns([strings[row[0]].lower() for row in rows], [strings[row[1]] for row in rows],
                   [bool(row[2]) for row in rows])


def tokens_with_lemma(parse: Any, lemmas: frozenset[str] | set[str]) -> list[Token]:
    """The tokens of one spaCy parse whose lower-cased lemma is one of `lemmas`, in order
    (only those are made: spaCy builds a Token object at each step of a walk over a Doc)."""
    return [parse[i] for i, lemma in enumerate(columns(parse).lemma) if lemma in lemmas]


def phrase(token: Token, deps: Iterable[str] | None = None) -> list[Token]:
    """The token with its dependents in `deps` (all but clause links if None), recursively."""
    allowed = frozenset(deps) if deps is not None else None
    found = [token]
    for child in token.children:
        if child.dep_ in CLAUSE_DEPS:
            continue
        if allowed is None or child.dep_ in allowed:
            found.extend(phrase(child))
    return found


def char_span(tokens: Iterable[Token]) -> tuple[int, int]:
    """Character extent of tokens, without leading or trailing punctuation."""
    words = sorted((t for t in tokens if not t.is_punct), key=lambda t: t.i)
    if not words:
        words = sorted(tokens, key=lambda t: t.i)
    return words[0].idx, words[-1].idx + len(words[-1].text)


# The tags a trigger's `needs` use for a named place as the direct object ("seized Manbij")
# and for any direct object ("warplanes struck the terminal" is no labour strike).
NAMED_PLACE = "@place"
HAS_OBJECT = "@object"
# ... and for a place as the object of "on" or "against" ("a strike on the city").
PLACE_TARGET = "@target"
# ... and for the subject's lemma ("@subject:bomb": "a car bomb blew up", not "the talks").
SUBJECT = "@subject:"
# ... and for a clause or gerund that tells violence ("denied that troops had occupied the
# school", "denied killing civilians"), not any other content ("denied that talks stalled").
VIOLENT_ACT = "@act"
# ... and for the subject of a toll of people ("another strike left two men dead", "the
# strike killed three farmers"): no stoppage of work leaves people dead (`deadly_subject`).
DEADLY = "@deadly"
# ... and for a "with" or "by" phrase whose object is a means of force ("protesters were met
# with tear gas", "greeted by a hail of bullets"), not a person ("met by the governor").
FORCE = "@force"
# ... and also among the words its act befell where they are no dependents of it: the noun
# a past participle hangs from, the people a subject or object counts (`detect.acted_on`:
# "a force, deployed to Haiti", "hundreds of police deployed in Mombasa").
PATIENT = "@patient"


def named_place(word: Token) -> bool:
    """A name the parser takes for a place, or a proper noun the gazetteer knows."""
    from flarewatch.geo.index import load_gazetteer

    if word.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    name = " ".join(t.text for t in word.subtree if t.pos_ == "PROPN")
    return word.pos_ == "PROPN" and bool(load_gazetteer().candidates(name))


def targets_place(preposition: Token) -> bool:
    """Whether the preposition's object is a place: a name, or a `place` noun of
    `data/events/eventness.tsv` ("on the city", "against Kharkiv")."""
    from flarewatch.events.eventness import cues

    places = cues("place")["*"]
    return any(named_place(o) or o.lemma_.lower() in places for o in children(preposition, "pobj"))


def near_lemmas(token: Token, tags: bool = False) -> set[str]:
    """Lower-case lemmas (and words) of a token's children and grandchildren; with `tags`
    (only where a trigger asks for them: they look names up in the gazetteer) also the
    tags of its children (`child_tags`)."""
    found: set[str] = set()
    for child in token.children:
        found.update((child.lemma_.lower(), child.lower_))
        if tags:
            found.update(child_tags(child))
        for grandchild in child.children:
            found.update((grandchild.lemma_.lower(), grandchild.lower_))
    if tags and deadly_subject(token):
        found.add(DEADLY)
    return found


HARM = frozenset({"dead", "injured"})  # the statuses of `statuses.tsv` a toll of harm tells


def deadly_subject(noun: Token) -> bool:
    """Whether the word is the subject of a verb that tells people killed or hurt: a status
    verb with people as its object ("the strike killed three farmers"), or a verb of
    result (`resulting` of `data/events/circumstances.tsv`) leaving people in such a state
    ("another strike left two young men dead"); not "the strike killed the deal", "the
    strike left thousands stranded"."""
    verb = noun.head
    if noun.dep_ != "nsubj" or verb.pos_ != "VERB":
        return False
    objects = children(verb, "dobj")
    if statuses().get(verb.lemma_.lower()) in HARM:
        return any(map(counted_people, objects))
    if not results(verb):
        return False
    states = [w for c in verb.children for w in (c, *c.children)
              if statuses().get(w.lemma_.lower()) in HARM]
    return bool(states) and any(map(counted_people, objects))


def results(verb: Token) -> bool:
    """A verb of result ("left three dead": `resulting` of `data/events/circumstances.tsv`)."""
    return verb.lemma_.lower() in word_roles("events/circumstances.tsv")["resulting"]


def counted_people(noun: Token) -> bool:
    """A number ("left 14 dead"), a counted noun ("two men") or a noun of people
    (`data/events/victims.tsv`)."""
    return noun.like_num or bool(children(noun, "nummod")) \
        or noun.lemma_.lower() in victim_sectors()


def child_tags(child: Token) -> set[str]:
    """`HAS_OBJECT` for a direct object, with `NAMED_PLACE` when it is a named place;
    `PLACE_TARGET` for an "on" or "against" whose object is a place; `SUBJECT` and its
    lemma for a subject; `VIOLENT_ACT` for a clause or gerund that tells violence, a direct
    object among them ("denied killing civilians")."""
    if child.dep_ in ("nsubj", "nsubjpass"):
        return {SUBJECT + child.lemma_.lower()}
    tags = {VIOLENT_ACT} if tells_violence(child) else set()
    if child.dep_ == "dobj":
        tags |= {HAS_OBJECT, NAMED_PLACE} if named_place(child) else {HAS_OBJECT}
    elif child.dep_ == "prep" and child.lower_ in ("on", "against") and targets_place(child):
        tags.add(PLACE_TARGET)
    elif child.dep_ in ("prep", "agent") and child.lower_ in ("with", "by") and by_force(child):
        tags.add(FORCE)
    return tags


def by_force(preposition: Token) -> bool:
    """Whether a preposition's object is a means of force (`force` words of
    `data/events/circumstances.tsv`), counts one ("a hail of bullets"), or is people using
    one ("met by gunmen firing rifles", "by hitmen lobbing hand grenades")."""
    means = word_roles("events/circumstances.tsv")["force"]
    objects = children(preposition, "pobj")
    counted = [o for word in objects for of in children(word, "prep") if of.lower_ == "of"
               for o in children(of, "pobj")]
    using = [u for word in objects for verb in children(word, "acl")
             for u in (verb, *children(verb, "dobj"))]
    return any(word.lemma_.lower() in means for word in objects + counted + using)


def tells_violence(child: Token) -> bool:
    """Whether a clausal complement or gerund tells violence: its verb, or its verb's object
    ("had carried out the attack"), triggers an ASSAULT or COERCE (`detect.match_trigger`)
    in its violent sense ("attacked the witness's credibility" is not: `eventness`) or is a
    status word ("killed", "harmed": `data/events/statuses.tsv`)."""
    from flarewatch.events.detect import match_trigger
    from flarewatch.events.eventness import other_domain, other_sense

    clause = child.dep_ in ("ccomp", "xcomp") or (child.dep_ in ("dobj", "pcomp")
                                                  and child.tag_ == "VBG")
    words = [child, *(c for c in child.children if c.dep_ == "dobj")] if clause else []
    violent = [word for word in words if word.lemma_.lower() in statuses()
               or violent_trigger(match_trigger(word))]
    return any(not (other_sense(word) or other_domain(word)) for word in violent)


def violent_trigger(entry: Trigger | None) -> bool:
    return entry is not None and entry.event in VIOLENT_TYPES


def relative_subject(clause: Token) -> bool:
    """Whether the relative pronoun is the clause's subject ("the attack that killed four
    farmers", "police who claim"), not its object ("the attack, which the army denied")."""
    return any(child.dep_ == "nsubj" and child.tag_ in ("WP", "WDT") for child in clause.children)


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, borrowed from the verb it is coordinated with or governed by."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return child
        if (aside := parenthetical_subject(verb)) is not None:
            return aside
        if verb.dep_ not in ("conj", "xcomp", "acomp", "advcl") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def parenthetical_subject(verb: Token) -> Token | None:
    """"The gunmen, said to number more than 100, first struck Kadauri": the parser hangs
    the subject on the aside ("said to ...", "believed to ...": a verb before the trigger
    with an infinitive of its own, parsed as parataxis) instead of the verb after it;
    that subject is the verb's. None where no such aside stands before the verb."""
    for aside in children(verb, "parataxis"):
        subjects = [s for s in children(aside, "nsubj", "nsubjpass") if s.i < aside.i]
        infinitive = any(children(x, "aux") and x.i > aside.i for x in children(aside, "xcomp"))
        if aside.i < verb.i and subjects and infinitive:
            return subjects[0]
    return None


def of_objects(noun: Token) -> list[Token]:
    """"the start of the war", "one of the dead": the objects of the noun's "of" phrases."""
    return [o for p in children(noun, "prep") if p.lower_ == "of" for o in children(p, "pobj")]


def people(subject: Token) -> Token:
    """The people a subject counts ("hundreds of students": students), else the subject."""
    counted = [o for p in subject.children if p.lower_ == "of" for o in p.children
               if o.dep_ == "pobj"]
    return counted[0] if counted and subject.pos_ in ("NUM", "NOUN") else subject


def climb(token: Token, top: Token) -> Iterator[Token]:
    """`token` and its heads, up to `top` (not included) or the root (included)."""
    while token.i != top.i:
        yield token
        if token.head.i == token.i:
            return
        token = token.head


CLOCK_TIME = re.compile(r"\d{1,2}[:.]\d{2}")  # "17:50" alone (compare.CLOCK: a phrase)


def is_clock(token: Token) -> bool:
    """A clock time written in digits ("17:50", "09.40"), as live reports head their
    entries ("17:50 - Gunmen set fire to a school")."""
    return bool(CLOCK_TIME.fullmatch(token.text))


def after_clock(tokens: list[Token]) -> list[Token]:
    """The tokens of a phrase in text order, less a clock time heading it and the dash or
    colon after it: "17:50 - Gunmen" names "Gunmen"."""
    ordered = sorted(tokens, key=lambda t: t.i)
    if len(ordered) < 2 or not is_clock(ordered[0]):
        return ordered
    rest = ordered[1:]
    while len(rest) > 1 and rest[0].is_punct:
        rest = rest[1:]
    return rest


def children(token: Token, *deps: str) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def is_infinitive(verb: Token) -> bool:
    """Whether "to" marks the verb as an infinitive ("to reach", "to demand")."""
    return any(aux.tag_ == "TO" for aux in children(verb, "aux"))


def in_perfect(verb: Token) -> bool:
    """Whether "have" makes the verb a perfect ("has killed", "had fought")."""
    return any(aux.lemma_ == "have" for aux in children(verb, "aux"))


def circumstances(trigger: Token) -> list[Token]:
    """Clauses under a trigger that tell its own time and place: an adverbial clause opened
    by a marker of the same moment ("killed when rockets hit a village on Saturday"), and a
    toll verb coordinated with a toll trigger ("five killed and scores injured across the
    country"), with the marked clause the parser hangs on that second toll ("were killed
    and dozens wounded when a bomber blew himself up on Friday"), unless it names a place of
    its own (`placed_apart`). Markers and toll words: `data/events/circumstances.tsv`."""
    roles = word_roles("events/circumstances.tsv")
    found = [c for c in children(trigger, "advcl") if marked(c, roles["marker"])]
    if trigger.lemma_.lower() in roles["toll"]:
        tolls = children(trigger, "conj") + told_tolls(trigger)
        tolls = [c for c in tolls if c.lemma_.lower() in roles["toll"]
                 and not placed_apart(c, trigger)]
        found += [c for c in children(trigger, "advcl") if causing(c, roles["cause"])]
        found += tolls + [c for toll in tolls for c in children(toll, "advcl")
                          if marked(c, roles["marker"]) or causing(c, roles["cause"])]
    return found


def placed_apart(verb: Token, other: Token) -> bool:
    """"One man was killed in Nikopol and two women were wounded in Marhanets": two verbs
    that each name a place of their own (a capitalised name after a locative preposition),
    none shared, tell two happenings."""
    own, others = place_words(verb), place_words(other)
    return bool(own) and bool(others) and not own & others


def place_prepositions() -> frozenset[str]:
    """Prepositions by which a thing names where it is ("a school in Y", "killed two people
    in Kharkiv"): `place` of `data/events/circumstances.tsv`."""
    return word_roles("events/circumstances.tsv")["place"]


def place_words(verb: Token) -> frozenset[str]:
    """The names that `place_prepositions` on the verb or its object govern ("in Marhanets",
    whatever part of speech the parser gave it), days and months left out."""
    heads = [verb, *children(verb, "dobj", "nsubjpass")]  # "killed two people in Kharkiv"
    return frozenset(noun.lower_ for head in heads for prep in children(head, "prep")
                     if prep.lower_ in place_prepositions() for noun in children(prep, "pobj")
                     if noun.text[:1].isupper() and noun.ent_type_ not in ("DATE", "TIME"))


def causing(clause: Token, markers: frozenset[str]) -> bool:
    """"three soldiers were killed after militants attacked their post": a toll's clause
    opened by a `cause` marker whose verb is an attack tells the attack the toll came from;
    "a day after militants attacked" (a measured gap) tells an earlier happening."""
    opened = [c for c in children(clause, "mark") if c.lower_ in markers]
    violent = "ASSAULT" in trigger_types(clause.lemma_, "VERB")
    gap = [w for c in opened for w in c.subtree if w.ent_type_ in ("DATE", "TIME") or w.like_num]
    # "killed a day after ...": spaCy may hang the measure on the toll verb, right before
    before = [w for w in children(clause.head, "npadvmod")
              if w.right_edge.i + 1 == clause.left_edge.i]
    measured = children(clause, "npadvmod") + gap + before
    return bool(opened) and violent and not measured


def gap_between(token: Token, stop: Token) -> bool:
    """Whether, climbing from `token` towards `stop` (not included), a clause is met that
    a `sequence` word of `data/events/circumstances.tsv` opens at a measured gap
    (`unit_gap`, `measure_phrase`): "hit a bulldozer on Tuesday, two days after an air
    strike killed three people", "a day after another strike left two men dead". What it
    tells came that long before (or after) the outer act: another happening, not its
    telling. The measure may open a clause (`unit_gap`, `measure_phrase`) or a phrase
    (`measured_preposition`)."""
    node = token
    while node.i != stop.i and node.head.i != node.i:
        if node.dep_ == "advcl" and (unit_gap(node) or measure_phrase(node)):
            return True
        if node.dep_ == "prep" and measured_preposition(node):
            return True
        node = node.head
    return False


def unit_gap(clause: Token) -> bool:
    """A clause opened by a `sequence` word and measured in `gap` units (both of
    `data/events/circumstances.tsv`): the measure on the clause ("two days after ..."),
    in its marker's phrase, or (spaCy may hang it on the outer verb) right before it."""
    roles = word_roles("events/circumstances.tsv")
    opened = [c for c in children(clause, "mark") if c.lower_ in roles["sequence"]]
    before = [w for w in children(clause.head, "npadvmod")
              if w.right_edge.i + 1 == clause.left_edge.i]
    measures = [*children(clause, "npadvmod"), *before, *(w for c in opened for w in c.subtree)]
    return bool(opened) and any(w.lemma_.lower() in roles["gap"] for w in measures)


def measure_phrase(clause: Token) -> bool:
    """"a day after another strike left two men dead" parsed with "after" as a preposition
    under the measure ("day"), the measure hung on the clause: the same gap, parsed
    another way."""
    roles = word_roles("events/circumstances.tsv")
    return any(child.lower_ in roles["sequence"] for measure in children(clause, "npadvmod")
               if measure.lemma_.lower() in roles["gap"] for child in children(measure, "prep"))


def measured_preposition(preposition: Token) -> bool:
    """"one week after the massacre at a pool hall that left nine people dead" parsed with
    "after" as a preposition on the outer verb and the measure ("week") under it: the
    same gap, parsed a third way."""
    roles = word_roles("events/circumstances.tsv")
    return preposition.lower_ in roles["sequence"] and any(
        child.lemma_.lower() in roles["gap"] for child in children(preposition, "npadvmod"))


def told_tolls(trigger: Token) -> list[Token]:
    """"were killed and scores injured": spaCy may parse the second toll as a participle
    under a coordinated noun."""
    return [acl for noun in children(trigger, "conj") for acl in children(noun, "acl")]


def marked(clause: Token, markers: frozenset[str]) -> bool:
    return any(child.lower_ in markers for child in children(clause, "mark", "advmod"))


def in_sequence(token: Token, trigger: Token, role: str = "sequence") -> bool:
    """Whether the word hangs under a sequence word below the trigger ("after", "in revenge
    for": `data/events/circumstances.tsv`, role `sequence`, or only the `answer` nouns):
    what came before, after or in answer to an event is another happening."""
    words = word_roles("events/circumstances.tsv")[role]
    return sequence_word(token, words, trigger) is not None


def answer_phrase(trigger: Token) -> Token | None:
    """"struck camps in retaliation for rocket attacks": the noun of answer (`answer` words
    of `data/events/circumstances.tsv`) an act answered hangs under, None for other acts."""
    if trigger.head.i == trigger.i:
        return None
    answers = word_roles("events/circumstances.tsv")["answer"]
    found = sequence_word(trigger.head, answers)
    root = trigger.sent.root
    return found or (root if root.lower_ in answers and root.i != trigger.i else None)


def sequence_word(token: Token, words: frozenset[str], stop: Token | None = None
                  ) -> Token | None:
    """The first of `words` met climbing from `token` (itself included) towards `stop` or
    the root (neither included), with "for" right after "in revenge" read as under it
    (`after_sequence_noun`); None if there is none."""
    while token.head.i != token.i and (stop is None or token.i != stop.i):
        if token.lower_ in words:
            return token
        if after_sequence_noun(token, words):
            return token.doc[token.i - 1]
        token = token.head
    return None


def after_sequence_noun(word: Token, sequence: frozenset[str]) -> bool:
    """"torched a church in revenge for the killing": the parse may hang "for" on the verb,
    beside "in revenge"; a preposition right after a sequence noun still opens its phrase."""
    return word.dep_ == "prep" and word.i > 0 and word.doc[word.i - 1].lower_ in sequence


def misread_weapon(noun: Token) -> Token | None:
    """"in response to drone attacks": the parse may read a weapon word (`mode_cues`) right
    before an event noun as a verb whose object the noun is; it is the noun's modifier."""
    head = noun.head
    misread = noun.dep_ == "dobj" and head.i == noun.i - 1 and head.pos_ == "VERB"
    return head if misread and head.lemma_.lower() in mode_cues() else None


def phrase_text(token: Token) -> str:
    """The text of the token's whole phrase (its subtree, first to last word)."""
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    return token.doc.text[start:end]


def count_participle(trigger: Token) -> bool:
    """"27 killed", "and 58 injured": a past participle that a number heads, follows or has as its
    subject, the parse of a casualty figure (its victims, never its attacker)."""
    counted = trigger.dep_ == "acl" and trigger.head.pos_ == "NUM"
    return trigger.tag_ == "VBN" and (counted or after_number(trigger) or any(
        child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NUM" for child in trigger.children))


def after_number(trigger: Token) -> bool:
    """"revised the toll to nine killed": a participle right after a number the parser
    hung elsewhere (a year or a time is no number of people: "planted in 2019 killed")."""
    before = trigger.nbor(-1) if trigger.i > trigger.sent.start else None
    return before is not None and before.pos_ == "NUM" and before.ent_type_ not in ("DATE", "TIME")


def person_reading(word: Token) -> str | None:
    """The reading of an agent word told as a person (`sense` rows of
    `data/actors/person_senses.tsv`: "bomber" -> "suicide bomber"), where the word is the
    subject of a verb with a `person` word among its dependents or theirs ("blew himself
    up", "detonated his explosives", "on foot"); None otherwise ("bombers struck")."""
    table = person_senses()
    reading = table.get(("sense", word.lower_))
    if reading is None or word.dep_ not in ("nsubj", "nsubjpass"):
        return None
    near = [w for child in word.head.children for w in (child, *child.children)]
    return reading if any(("person", w.lower_) in table for w in near if w.i != word.i) else None


@cache
def person_senses() -> dict[tuple[str, str], str]:
    """(kind, word) -> value of `data/actors/person_senses.tsv`."""
    return {(row[0], row[1]): (row + [""])[2] for row in data_rows("actors/person_senses.tsv")}


def disowned(verb: Token) -> bool:
    """"No group claimed responsibility", "did not claim it": nobody vouches for it (a
    `nobody` word of `data/events/claim_words.tsv` as or before the subject, or a
    negation)."""
    nobody = claim_words("nobody")
    subjects = children(verb, "nsubj")
    said = any(word.lower_ in nobody for s in subjects for word in [s, *children(s, "det")])
    return said or bool(children(verb, "neg"))
