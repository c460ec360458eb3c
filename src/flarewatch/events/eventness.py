"""Whether a trigger word tells a specific happening (`shared/eval/ANNOTATION.md`).

Not events: other senses of conflict words (sport, business, film, medicine: a trigger
with a sense word near it, or a sentence in such a domain with no conflict word),
purpose clauses ("fighting to topple the government"), suppositions ("a potential
attack"), habits and generic statements ("militants who attack worshippers", "routinely
kidnap", "frequent raids"), negated event nouns ("no attack", "without any attack"), and
background: the attacks people flee ("fleeing from attacks on villages"), service in a war
("troops who fought in Iraq") and wars waged ("fighting an insurgency"). The cues are the
rows of `data/events/eventness.tsv`.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span

from flarewatch.events.lexicon import read_rows, trigger_types, triggers, word_roles
from flarewatch.events.numbers import word_value
from flarewatch.events.syntax import (
    CLAUSE_DEPS,
    SUBJECT,
    Token,
    children,
    in_perfect,
    is_infinitive,
    named_place,
    of_objects,
    results,
)
from flarewatch.model import VIOLENT_TYPES

PRESENT_SIMPLE = frozenset({"VBP", "VBZ"})
# Acts a simple present with no day tells as a general truth ("they target only vessels linked
# to Israel", "each side accuses the other of holding hostages", "they defend their farms").
GENERIC_TYPES = frozenset({"ASSAULT", "COERCE", "ACCUSE", "SUPPORT"})
# Acts whose infinitive of purpose is only aimed at ("to capture the commander", "to defend
# the city", "to free the hostages", "sent troops to reinforce security", "hired
# translators to cooperate with investigators", "bought lorries to deliver food"), or, for
# a protest, retells the act before it ("marched to protest"), or of a meeting ("set up a
# committee to discuss grazing rights", "are due to meet next month": a meeting planned);
# a purpose of speech ("summoned him to complain") is itself done, and so is a journey's
# meeting ("flew to Moscow to meet his counterpart": `purpose-keep` of CONSULT).
PURPOSE_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "SUPPORT", "RETREAT", "MOBILIZE",
                           "COOPERATE", "AID", "CONSULT"})


@cache
def cues(kind: str) -> dict[str, frozenset[str]]:
    """lemma (or *) -> cue words, for one kind of row of `eventness.tsv`."""
    found: dict[str, set[str]] = {}
    for row_kind, lemma, words, _note in read_rows("eventness.tsv"):
        if row_kind == kind:
            found.setdefault(lemma, set()).update(words.split("|"))
    return {lemma: frozenset(words) for lemma, words in found.items()}


def conflict_words() -> frozenset[str]:
    return word_roles("incidents/relevance.tsv").get("conflict", frozenset())


def is_happening(token: Token, event: str) -> bool:
    """False where the trigger token, of PLOVER type `event`, names no specific happening."""
    checks = (
        other_sense, other_domain, caption, unreal, caused_supposition, habitual, conditional,
        open_question, negated_noun, nobody, act_as_subject, state, held_under,
        control_of_no_place, fled_from, deserted,
        served, waged, compared, standing_truce, disrupted, permitted, cumulative, trend,
        toll_of_many, repeated, unevidenced, forgone, time_anchor, kind_of_event,
        stated_motive, earlier_occasions, tally, tally_participle, standing_allegation,
        never_began, set_about, capability, ongoing_conflict,
    )
    framed = purpose(token, event) or setting(token, event) or described(token, event) \
        or public_appeal(token, event) or fight_withdrawal(token, event) \
        or stationed(token, event) or aftercare(token, event)
    return not (framed or any(c(token) for c in checks))


def stated_motive(token: Token) -> bool:
    """"Gunmen killed three men, accusing them of informing for the army", "police arrested
    12 men, accusing them of passing information": an accusation told as a participle of a
    violent or coercive act (`model.VIOLENT_TYPES`) is the reason that act's doer gives, not an
    accusation of its own (the gold files code the act alone). "The group later claimed the
    killings, accusing the victims of being agents" stays one: a claim is no act."""
    if token.tag_ != "VBG" or token.dep_ not in ("advcl", "xcomp"):
        return False
    if "ACCUSE" not in trigger_types(token.lemma_.lower(), "VERB"):
        return False
    return bool(trigger_types(token.head.lemma_.lower(), "VERB") & VIOLENT_TYPES)


def cumulative(token: Token) -> bool:
    """"The war has killed tens of thousands", "violence in Manipur, which has killed more
    than 250 people since May 2023": a toll verb (`cumulative` `toll` cues of
    `eventness.tsv`) in the perfect whose subject, or the noun its relative clause hangs on
    (or that noun's head: "violence in Manipur, which"), is a whole conflict (`cumulative`
    nouns) tells the conflict's running total, a background summary
    (`shared/eval/ANNOTATION.md`), not a happening; "violence killed 12 people on Monday"
    and "the offensive has killed 1,600" are happenings. A state a verb of result left ("the
    feud has left more than 120 dead since January") is judged by that verb."""
    if (verb := left_by(token)) is not None:
        token = verb
    elif token.lemma_.lower() not in cues("cumulative")["toll"]:
        return False
    if sharing_verb(token):
        return cumulative(token.head)
    if reported_period(token) or since_months(token):
        return True
    if not in_perfect(token):
        return long_war_toll(token)
    if any(s.lemma_.lower() in cues("cumulative")["*"] for s in totalled(token)):
        return True
    return (countless(token) and not day_told(token)) or over_long_span(token) \
        or within_conflict(token) or since_then(token)


def left_by(state: Token) -> Token | None:
    """The verb of result ("left", `syntax.results`) whose object or predicate the state is
    ("has left 120 dead", "left a farmer dead"), if any."""
    verb = state.head
    return verb if state.dep_ in ("oprd", "dobj", "ccomp") and results(verb) else None


def since_then(token: Token) -> bool:
    """"More than 1,800 people have been killed in Sinaloa since then": a perfect toll
    counted from a time told before ("since" and a `cumulative` `back` cue) totals what
    happened over that span, a background summary; victims added to a toll told ("two more
    passengers have died since then", "another trader has died since": `cumulative`
    `added` cues, not "more than") are that happening's."""
    back = [word for preposition in children(token, "prep") if preposition.lower_ == "since"
            for word in children(preposition, "pcomp", "pobj", "advmod")]
    return any(word.lower_ in cues("cumulative")["back"] for word in back) and \
        not added_victims(token)


def added_victims(token: Token) -> bool:
    """"two more passengers", "another trader", "a further three" as the toll's victims."""
    victims = children(token, "nsubj", "nsubjpass", "dobj")
    marks = [m for v in victims for word in (v, *children(v, "nummod"))
             for m in children(word, "amod", "advmod", "det")]
    added = cues("cumulative")["added"]
    return any(m.lower_ in added and not children(m, "quantmod") and
               not any(c.lower_ == "than" for c in m.head.children) for m in marks)


def reported_period(token: Token) -> bool:
    """"Five people were killed in the governorate during the reporting period", "in the
    period under review": a toll counted over a periodic report's span (`cumulative`
    `period` cues: the words of the noun phrase, with no determiner), in any tense, totals
    the period's happenings, which the report tells one by one; "during the raid" is one."""
    periods = cues("cumulative")["period"]
    return any(phrase_words(noun) in periods for preposition in children(token, "prep")
               if preposition.lower_ in cues("cumulative")["span"]
               for noun in children(preposition, "pobj"))


def since_months(token: Token) -> bool:
    """"The monitor counts 14 fighters killed in attacks across the province since the start
    of April", "were killed since March 2024": a toll counted since a month or a year
    (`cumulative` `month` cues, a four-digit year), or since the start of one (`start`
    cues), totals many happenings, in any tense; "killed since Monday" or "since the
    attack" is no such span."""
    return any(month_or_year(noun) or start_of_month(noun)
               for preposition in children(token, "prep") if preposition.lower_ == "since"
               for noun in children(preposition, "pobj"))


def start_of_month(noun: Token) -> bool:
    """"the start of April", "the beginning of 2024"."""
    return noun.lemma_.lower() in cues("cumulative")["start"] and any(
        month_or_year(inner) for of in children(noun, "prep") if of.lower_ == "of"
        for inner in children(of, "pobj"))


def month_or_year(noun: Token) -> bool:
    return noun.lower_ in cues("cumulative")["month"] or is_year(noun)


def is_year(noun: Token) -> bool:
    return len(noun.text) == 4 and noun.text.isdigit()


def phrase_words(noun: Token) -> str:
    """The lower-case words of a noun's phrase, less its determiner."""
    return " ".join(w.lower_ for w in noun.subtree if w.dep_ != "det")


def within_conflict(token: Token) -> bool:
    """"28,000 have been killed since the war began", "since the start of the conflict",
    "have been killed in the war": a perfect toll counted since a whole conflict began
    (`cumulative` nouns, as the subject of a "since" clause or in a "since" phrase) or
    within a long one (`lasting` nouns in an "in", "during" or "throughout" phrase, no day
    told) is its running total; "have been killed in the attack" and "in the unrest on
    Monday" are one happening's toll."""
    whole, lasting = cues("cumulative")["*"], cues("cumulative")["lasting"]
    for preposition in children(token, "prep"):
        nouns = [n for o in children(preposition, "pobj") for n in (o, *of_objects(o))]
        wanted = whole if preposition.lower_ == "since" else lasting
        held = preposition.lower_ in ("since", "in", "during", "throughout")
        if held and any(n.lemma_.lower() in wanted for n in nouns):
            return preposition.lower_ == "since" or not day_told(token)
    return any(child.lower_ == "since" and any(s.lemma_.lower() in whole
                                                for s in children(clause, "nsubj"))
               for clause in children(token, "advcl") for child in children(clause, "mark"))


def long_war_toll(token: Token) -> bool:
    """"the war in Tigray, which killed hundreds of thousands", "the war killed 300,000
    people between 2011 and 2020": a toll in any tense whose subject is a conflict lasting
    months or years (`cumulative` `lasting` nouns), with no day told, is its running total;
    "fighting killed 12 people on Tuesday" is a happening."""
    lasting = cues("cumulative")["lasting"]
    return any(s.lemma_.lower() in lasting for s in totalled(token)) and not day_told(token)


def over_long_span(token: Token) -> bool:
    """"have killed thousands of security personnel over the past two decades", "have
    killed 300 civilians in the last two years", "have killed 1,200 people since 2021": a
    perfect toll over a span of months or more (`cumulative` `span` prepositions with a
    `unit` noun, or "since" a year) totals many happenings, whoever its subject; "have
    killed 30 people over the weekend" is one happening's toll. So does one counted "this
    year" or "this month" (a `unit` noun the toll's adverb, with "this")."""
    for noun in children(token, "npadvmod"):
        if noun.lemma_.lower() in cues("cumulative")["unit"] and \
                any(d.lower_ == "this" for d in children(noun, "det")):
            return True
    for preposition in children(token, "prep"):
        if preposition.lower_ not in cues("cumulative")["span"]:
            continue
        for noun in children(preposition, "pobj"):
            year = preposition.lower_ == "since" and is_year(noun)
            if year or noun.lemma_.lower() in cues("cumulative")["unit"]:
                return True
    return False


def countless(token: Token) -> bool:
    """"Armed groups have killed hundreds of soldiers and civilians there", "thousands have
    been displaced": a toll in the present perfect of a round multitude (`cumulative`
    `vague` cues) by no single attacker (no subject in the singular: "the bombing has killed
    hundreds"; not placed in one happening: "in the offensive") counts many happenings over
    time, a background summary. "had been killed" is a past told in reported speech, and a
    day told keeps it one happening (checked by the caller). A verb coordinated with the
    toll verb lends it its object ("have killed or maimed hundreds": `shared_victims`)."""
    victims = shared_victims(token)
    subjects = children(token, "nsubj")
    single = any(s.tag_ in ("NN", "NNP") for s in subjects) or in_one_happening(token)
    reported = any(aux.lower_ == "had" for aux in children(token, "aux"))  # a backshifted past
    vague = any(v.lower_ in cues("cumulative")["vague"] for v in victims)
    return vague and not (single or reported)


def sharing_verb(token: Token) -> bool:
    """A toll verb coordinated with another toll verb, with no subject or auxiliary of its
    own ("have killed and wounded thousands": "wounded"), is told in its clause: the same
    running total or the same happening."""
    head = token.head
    toll = head.pos_ == "VERB" and head.lemma_.lower() in cues("cumulative")["toll"]
    return token.dep_ == "conj" and toll and not children(token, "nsubj", "nsubjpass", "aux")


def shared_victims(token: Token) -> list[Token]:
    """The toll verb's objects (direct, or its passive subject), or where it has none, those
    of a verb coordinated with it: in "have killed or maimed hundreds" and "killed and
    wounded thousands" the parser hangs the one object on the second verb."""
    own = children(token, "dobj", "nsubjpass")
    if own:
        return own
    return [v for verb in children(token, "conj") if verb.pos_ == "VERB"
            for v in children(verb, "dobj")]


def in_one_happening(token: Token) -> bool:
    """"hundreds were killed in the offensive": the toll placed in one event noun."""
    held = [o for p in children(token, "prep") if p.lower_ in ("in", "during")
            for o in children(p, "pobj")]
    return any(is_event_noun(noun) and noun.tag_ == "NN" for noun in held)


def trend(token: Token) -> bool:
    """"Rocket attacks have become almost daily", "shelling of the town has become a nightly
    ordeal", "attacks on police posts rose to 14 last month": an event noun in the bare plural
    (or a bare gerund) that is the subject of a verb of change (`trend` rows), in the perfect,
    the present or with the figure it changes to, tells how often things happen, a
    background summary (`shared/eval/ANNOTATION.md`); "fighting grew heavier overnight" and
    "the attacks grew bolder" are told as happenings."""
    verb = token.head
    if token.dep_ not in ("nsubj", "csubj") or verb.lemma_.lower() not in cues("trend")["*"]:
        return False
    if not bare_plural(token):
        return False
    figure = any(prep.lower_ in ("to", "by") for prep in children(verb, "prep"))
    ongoing = verb.tag_ in (*PRESENT_SIMPLE, "VBG")
    return (in_perfect(verb) or ongoing or figure) and not day_told(verb, token)


def bare_plural(noun: Token) -> bool:
    """An event noun in the plural with no determiner, number or possessor ("drone strikes",
    "such raids"), a bare gerund ("shelling of the town"), or "them"."""
    if noun.lower_ == "them":
        return True
    if children(noun, "det", "nummod", "poss"):
        return False
    gerund = noun.tag_ == "VBG" and noun.dep_ == "csubj"  # "shelling of the town has become"
    noun_ing = noun.tag_ == "NN" and noun.lower_.endswith("ing")  # "bombing of clinics"
    return noun.tag_ == "NNS" or gerund or noun_ing


def day_told(verb: Token, subject: Token | None = None) -> bool:
    """A date or time told to the day in the verb's clause ("on Sunday night", "overnight";
    `trend` words of lemma `day`), outside its subject's words ("attacks by settlers, who
    strike at night"); a plural ("on some nights") recurs."""
    days, skip = cues("trend")["day"], set(subject.subtree) if subject is not None else set()
    plain = cues("trend")["plain_day"]  # day words no parser misreads: "overnight", "Sunday"
    return any((w.ent_type_ in ("DATE", "TIME") or w.lower_ in plain) and w.tag_ != "NNS"
               and w.lemma_.lower() in days for w in verb.subtree if w not in skip)


def toll_of_many(token: Token) -> bool:
    """"Hundreds of civilians have been killed in such raids", "dozens have been killed in
    ambushes over the past year", "... killed in them": a toll verb in the perfect (`cumulative`
    `toll` cues) counting over event nouns in the bare plural totals many happenings, a
    background summary; "twelve have been killed in the attack", "in two strikes" and "in air
    strikes since Tuesday" (a day told) count one or a few. The event noun itself is no
    happening there either."""
    if token.pos_ == "NOUN" and bare_plural(token):
        verb = token.head.head if token.dep_ == "pobj" else token.head
        return verb.pos_ == "VERB" and verb.i != token.i and toll_of_many(verb)
    if not in_perfect(token) or token.lemma_.lower() not in cues("cumulative")["toll"]:
        return False
    held = [obj for prep in children(token, "prep") if prep.lower_ in ("in", "by")
            for obj in children(prep, "pobj")]
    over = [noun for noun in (*totalled(token), *held)
            if is_event_noun(noun) or noun.lower_ == "them"]
    return any(bare_plural(noun) for noun in over) and not day_told(token)


def is_event_noun(noun: Token) -> bool:
    return noun.pos_ == "NOUN" and bool(trigger_types(noun.lemma_, "NOUN"))


def repeated(token: Token) -> bool:
    """"The village has been shelled three times this month", "the town was bombed twice this
    week": a count of repetitions (`trend` words of lemma `times`) over a period (lemma
    `period`) or in the perfect sums several happenings, a background summary; "attacked the
    checkpoint twice on Sunday night" (a day told) and "was shot twice" are happenings. An
    event noun that is the subject of such a verb ("talks have stalled several times") is
    counted with it."""
    if token.pos_ == "NOUN" and token.dep_ in ("nsubj", "nsubjpass"):
        token = token.head
    if token.pos_ != "VERB" or not counted_times(token):
        return False
    return (in_perfect(token) or over_period(token)) and not day_told(token)


def over_period(verb: Token) -> bool:
    """A period (`trend` words of lemma `period`) in the verb's time phrases ("this month")."""
    periods = cues("trend")["period"]
    return any(w.lemma_.lower() in periods
               for c in children(verb, "npadvmod", "prep") for w in c.subtree)


def counted_times(verb: Token) -> bool:
    times = cues("trend")["times"]
    return any(w.lower_ in times for c in children(verb, "npadvmod", "advmod", "dobj")
               for w in c.subtree)


def unevidenced(token: Token) -> bool:
    """"There was no sign that troops opened fire", "police found no evidence that the guards
    beat them": a clause held by a noun of evidence (`unevidenced` rows) that "no" determines
    is said not to have happened."""
    noun = token.head
    if token.dep_ not in ("acl", "ccomp") or noun.lemma_.lower() not in cues("unevidenced")["*"]:
        return False
    return any(child.lower_ == "no" for child in children(noun, "det"))


def capability(token: Token) -> bool:
    """"drones capable of attacking helicopters", "missiles able to strike ships", "is
    capable of attacking the city": a verb after an adjective of a capability (`capable`
    rows: its infinitive, or the gerund of its "of") tells what a side or thing can do, not
    an act; not after a past copula where the adjective tells an act managed ("the rebels
    were able to strike the ship")."""
    if token.pos_ != "VERB":
        return False
    head = token.head.head if token.dep_ == "pcomp" and token.head.lower_ == "of" else token.head
    if token.dep_ not in ("xcomp", "pcomp") or head.lower_ not in cues("capable")["*"]:
        return False
    copula = head.head if head.dep_ == "acomp" else None
    managed = head.lower_ in cues("capable")["managed"]
    return not (managed and copula is not None and copula.tag_ == "VBD")


def forgone(token: Token) -> bool:
    """"Took to the countryside rather than disarm", "instead of surrendering": a verb right
    after the words of a choice not taken (`forgone` rows) was not done."""
    before = token.doc[max(token.i - 2, 0):token.i].text.lower()
    return before in cues("forgone")["*"]


def time_anchor(token: Token) -> bool:
    """"Mobile internet has been cut since the fighting began": a definite event noun with no
    words of its own (no modifier, argument or day), subject of a verb of starting or ending
    (`anchor` `begin` cues) in a time clause (`anchor` conjunctions), dates another clause
    by a happening told elsewhere or known; it tells none ("after fighting erupted in Sake
    on Monday" still does)."""
    verb = token.head
    if token.dep_ != "nsubj" or verb.lemma_.lower() not in cues("anchor")["begin"]:
        return False
    marks = {child.lower_ for child in children(verb, "mark", "advmod")}
    bare = [child.lower_ for child in token.children] == ["the"]
    return bare and bool(marks & cues("anchor")["*"]) and not dated(verb)


def ongoing_conflict(token: Token) -> bool:
    """A fight word (`ongoing` `fight` cues) that names a conflict going on rather than one
    fight, with no day told: its start anchoring a time clause ("one of the deadliest
    attacks since fighting between federal forces and Fano militiamen broke out last
    year": `time_anchor` for a conflict's named sides), a fight going on since a time
    ("rival factions have been fighting since early September"), or what a place has
    lived through ("Sinune has seen fighting": `ongoing` `see` verbs). "Fighting broke
    out in Kidal on Monday" and "fighting since dawn on Sunday" tell a day: happenings."""
    if since_going_on(token):
        return True
    if token.lemma_.lower() not in cues("ongoing")["fight"]:
        return False
    verb = token.head if token.dep_ in ("nsubj", "dobj", "xcomp", "pcomp") else token
    if day_in(verb):
        return False
    marks = {child.lower_ for child in children(verb, "mark")}
    onset = token.dep_ == "nsubj" and verb.lemma_.lower() in cues("anchor")["begin"] \
        and bool(marks & cues("anchor")["*"])
    since = token.dep_ == "pcomp" and verb.lower_ == "since"  # parsed "since [fighting ...]"
    going_on = token.pos_ == "VERB" and bool(since_parts(token))
    lived = token.dep_ in ("dobj", "xcomp") and verb.lemma_.lower() in cues("ongoing")["see"]
    return onset or since or going_on or lived


def day_in(verb: Token) -> bool:
    """A day told in the verb's clause: `day_told`, or a date with a day's number ("on 3
    September"; not "since early September" nor "in 2023")."""
    return day_told(verb) or any(word.ent_type_ == "DATE" and word.like_num
                                 and len(word.text) <= 2 for word in verb.subtree)


def since_parts(verb: Token) -> list[Token]:
    """The "since" phrases or clauses on a verb: "fighting since early September" (a
    preposition), "fighting since an offensive launched last year" (a clause)."""
    clauses = [c for c in children(verb, "advcl")
               if any(m.lower_ == "since" for m in children(c, "mark"))]
    return [p for p in children(verb, "prep") if p.lower_ == "since"] + clauses


def since_going_on(token: Token) -> bool:
    """"have been fighting the insurgents since an offensive launched last year": what a
    fight going on is counted from (`ongoing_conflict`) is that conflict's start, no
    happening of its own, unless a day is told."""
    part = token.head
    if token.dep_ not in ("pobj", "nsubj") or day_in(part):
        return False
    fight = part.head
    return part in since_parts(fight) and fight.pos_ == "VERB" \
        and fight.lemma_.lower() in cues("ongoing")["fight"] and not day_in(fight)


def totalled(token: Token) -> list[Token]:
    """What a toll verb counts for: its subject, or the noun its relative clause hangs on
    and, where that noun is the object of a preposition, the noun before it."""
    found = children(token, "nsubj")
    if token.dep_ == "conj" and not found and not children(token, "nsubjpass"):
        found = children(token.head, "nsubj")  # "the war began in 2023 and has killed"
    if token.dep_ == "relcl":
        found.append(token.head)
        if token.head.dep_ == "pobj":
            found.append(token.head.head.head)
        if token.head.ent_type_ == "DATE":  # "torn by violence since May 2023, which has"
            found += dated_subjects(token.head)
    return found


def dated_subjects(date: Token) -> list[Token]:
    """The subject (or passive agent) of the verb a date hangs on: a relative clause after
    "since May 2023" refers to what the clause tells, not to the date."""
    verb = date.head.head if date.dep_ == "pobj" else date.head
    agents = [o for a in children(verb, "agent") for o in children(a, "pobj")]
    return children(verb, "nsubj") + agents


def permitted(token: Token) -> bool:
    """"The truce will let aid agencies reach the camps", "it would allow aid workers to
    reach them", "to allow convoys to reach the town": what a verb of letting (`permit`
    cues of `eventness.tsv`) lets happen is not done while the letting is future or
    supposed (its `modal` auxiliaries) or an aim; "the army allowed aid workers to reach
    Bentiu" tells the arrival."""
    head = token.head
    if token.dep_ not in ("xcomp", "ccomp") or head.lemma_.lower() not in cues("permit")["*"]:
        return False
    modal = any(aux.lower_ in cues("permit")["modal"] for aux in children(head, "aux"))
    return modal or is_infinitive(head)


def compared(token: Token) -> bool:
    """"the deadliest attack on the army since December", "some of the deadliest air raids
    of the conflict": an event noun under a superlative measures a happening against others;
    it tells none of its own (the happening it ranks is told by its other words); one of
    time order ("the latest blasts": `ranking` cues of `eventness.tsv`) points back."""
    if token.pos_ != "NOUN":
        return False
    order = cues("ranking")["*"]
    modifiers = [m for m in children(token, "amod") if m.lower_ not in order]
    most = [word for m in modifiers for word in children(m, "advmod") if word.lower_ == "most"]
    return any(m.tag_ == "JJS" for m in modifiers) or bool(most) or counted(token)


def standing_allegation(token: Token) -> bool:
    """"Security forces have been accused of torture in detention", "militias are accused of
    reprisals": an accusation (`allegation` cues of `eventness.tsv`) in the passive, in the
    present or a perfect, with no one who makes it (no "by") and no day told, is an
    allegation that stands, background to the news, not an accusation made. "The army was
    accused on Monday of shelling a market" and "have been accused by rights groups of
    torture" still tell one, as does one with a "by" the parser hangs elsewhere in the
    sentence ("has been accused of misusing funds ... by government officials")."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in cues("allegation")["*"]:
        return False
    passive = children(token, "auxpass")
    agent = any(word.lower_ == "by" for word in token.sent if word.i > token.i)  # hung anywhere
    if not passive or agent or dated(token):
        return False
    return in_perfect(token) or any(a.lower_ in ("is", "are") for a in passive)


def never_began(token: Token) -> bool:
    """"Formal talks have not resumed", "the meeting never took place": an event noun whose
    verb of happening (`negative` `onset` cues; "take" with "place") is negated did not
    happen. "The talks did not produce a deal" tells talks held."""
    if token.pos_ != "NOUN" or token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = token.head
    happening = verb.lemma_.lower() in cues("negative")["onset"] and (
        verb.lemma_.lower() != "take" or any(o.lower_ == "place" for o in children(verb, "dobj")))
    return happening and any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)


def set_about(token: Token) -> bool:
    """"The government moved to fold regional forces into the army": a verb of motion with
    an infinitive complement (`steps` cues) tells steps taken towards what the infinitive
    says, not a movement of troops ("troops moved to the border" still is one)."""
    steps = cues("steps")["*"]
    return token.lemma_.lower() in steps and any(is_infinitive(c) for c in children(token, "xcomp"))


def tally(token: Token) -> bool:
    """"the KKB has carried out 31 attacks in Intan Jaya since January 2024", "ISKP has
    staged dozens of attacks since the Taliban took power": a plural event noun counted
    (a number above one, or a multitude of `tally` cues of `eventness.tsv`) as the object of
    a perfect counted over a span ("since", or a span of months or more: `over_long_span`),
    no day told, tallies many happenings and tells none. "Rebels carried out two attacks on
    Monday" and "have carried out three raids on the town" (no span) still tell theirs."""
    if token.pos_ != "NOUN" or token.tag_ != "NNS":
        return False
    count, holder = tally_count(token)
    verb = holder.head if holder.dep_ == "dobj" else None
    if not count or verb is None or not in_perfect(verb) or day_told(verb):
        return False
    return over_long_span(verb) or counted_since(verb)


def counted_since(verb: Token) -> bool:
    """A "since" phrase or clause on the verb ("since January 2024", "since the Taliban
    took power")."""
    phrases = children(verb, "prep", "advcl")
    heads = [w for c in phrases for w in (c, *c.children) if w.dep_ in ("prep", "mark")]
    return any(word.lower_ == "since" for word in heads)


def tally_count(noun: Token) -> tuple[bool, Token]:
    """Whether the noun is counted many ("31 attacks", "dozens of attacks"), and the word
    that holds its place in the clause (the noun, or the multitude whose "of" it is in)."""
    many = cues("tally")["*"]
    numbers = [c for c in children(noun, "nummod") if (word_value(c.text) or 0) > 1]
    whole = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    if whole is not None and whole.lower_ in many:
        return True, whole
    return bool(numbers) or any(c.lower_ in many for c in children(noun, "amod")), noun


def tally_participle(token: Token) -> bool:
    """"has carried out 31 attacks since January 2024, killing nine civilians": a participle
    of a clause whose object is a tally (`tally`) tells what those happenings did in all
    (also where the parser hangs it on the "since" clause: "since the Taliban took power,
    targeting officials")."""
    if token.tag_ != "VBG" or token.dep_ != "advcl":
        return False
    verb = token.head  # the parser may hang it on a "since" clause of the tally's verb
    since = verb.dep_ == "advcl" and any(m.lower_ == "since" for m in children(verb, "mark"))
    objects = children(verb.head if since else verb, "dobj")
    return any(tally(noun) for o in objects for noun in (o, *of_objects(o)))


def earlier_occasions(token: Token) -> bool:
    """"This is not the first time the town has come under attack", "It was not the first
    attack on the camp", "The camp had been attacked before": what is said to have happened
    on earlier occasions, none of them told (`earlier` cues of `eventness.tsv`), is no
    specific happening; an occasion the text goes on to tell has words of its own ("not the
    first: in March, gunmen shot two guards"). "It was the first time rebels had shelled the
    town" and "had been attacked before dawn" still tell one."""
    return not_the_first(token) or before_unnamed(token)


def not_the_first(token: Token) -> bool:
    """An event noun, or the relative clause of an occasion noun ("time") that holds the
    trigger, as the predicate "not the first" ranks: the copula above it is negated."""
    nouns = [token] if token.pos_ == "NOUN" else []
    return any(ranked_first(noun) for noun in (*nouns, occasion_of(token)) if noun is not None)


def ranked_first(noun: Token) -> bool:
    """The noun is the predicate of a negated copula and ranked "first"."""
    first = any(m.lower_ in cues("earlier")["*"] for m in children(noun, "amod"))
    return first and noun.dep_ in ("attr", "oprd") and bool(children(noun.head, "neg"))


def occasion_of(token: Token) -> Token | None:
    """The occasion noun (`earlier` `occasion` cues) whose relative clause holds the trigger
    ("the first time [the council has been targeted]", "... [has come under attack]")."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("pobj", "prep", "dobj"):
        verb = verb.head
    holder = verb.head
    wanted = verb.dep_ == "relcl" and holder.lemma_.lower() in cues("earlier")["occasion"]
    return holder if wanted else None


def before_unnamed(token: Token) -> bool:
    """"The town has been hit before", "had been attacked before": a perfect with a bare
    adverb of an earlier time (`earlier` `adverb` cues; no object, no day told)."""
    if token.pos_ != "VERB" or not in_perfect(token):
        return False
    adverbs = cues("earlier")["adverb"]
    bare = any(a.lower_ in adverbs and not list(a.children) for a in children(token, "advmod"))
    return bare and not dated(token)


def standing_truce(token: Token) -> bool:
    """"a fragile ceasefire", "the 2022 truce", "called for a permanent ceasefire": a truce
    noun (`truce` `noun` cues of `eventness.tsv`) names a state, or what a verb beside it
    tells (agreed, violated, called for), not a happening of its own; it tells one when an
    agreement is told on it ("a truce brokered by Qatar", "a ceasefire between the army and
    the RSF": `agreed_truce`) or when it changes ("the ceasefire took effect", "the truce
    collapsed": `truce` `change` cues), not when it holds; or when a verb of agreeing has
    it as object ("the NPA declared a unilateral ceasefire")."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in cues("truce")["noun"]:
        return False
    acting = token.dep_ == "nsubj" and token.head.lemma_.lower() in cues("truce")["change"]
    declared = token.dep_ == "dobj" and token.head.lemma_.lower() in cues("truce")["agree"]
    return not (acting or declared or agreed_truce(token))


def agreed_truce(token: Token) -> bool:
    """A truce noun with an agreement told on it: a participle or passive of agreeing
    ("brokered by Qatar", "a ceasefire was agreed in March": `truce` `agree` cues), a verb
    of two parties' agreement with it as object ("elders brokered a truce at dawn":
    `agree_object` cues; not "declared a unilateral ceasefire") or the parties it is
    "between"."""
    agree = cues("truce")["agree"]
    told = any(child.lemma_.lower() in agree for child in children(token, "acl", "relcl"))
    passive = token.dep_ == "nsubjpass" and token.head.lemma_.lower() in agree
    made = token.dep_ == "dobj" and token.head.lemma_.lower() in cues("truce")["agree_object"]
    between = any(child.lower_ == "between" for child in children(token, "prep"))
    return told or passive or made or between


def counted(token: Token) -> bool:
    """"the third attack on a police post in less than 72 hours", "it was the second
    such raid this month" (the span may hang on the copula): "the" and an ordinal count a
    happening among others in a span of time (`count` cues of `eventness.tsv`); the
    happening counted is told by other words. "A second bomb went off" tells a new one."""
    ordinal = any(m.lower_ in cues("count")["ordinal"] for m in children(token, "amod"))
    definite = any(d.lower_ == "the" for d in children(token, "det"))
    scope = token.head.subtree if token.dep_ in ("attr", "oprd") else token.subtree
    return ordinal and definite and any(time_span(word) for word in scope)


def time_span(word: Token) -> bool:
    """A span of time an ordinal counts in: "in less than a week", "within 72 hours",
    "since January", "this month"."""
    if word.lower_ == "this" and word.head.lemma_.lower() in cues("count")["unit"]:
        return True
    if word.dep_ != "pobj" or word.head.lower_ not in cues("count")["span"]:
        return False
    return word.lemma_.lower() in cues("count")["unit"] or word.ent_type_ == "DATE"


def described(token: Token, event: str) -> bool:
    """Words of a kind that describe rather than tell: "suspects accused of assembling the
    bomb" (a label on a noun, not an accusation made), "Tamalt, a journalist imprisoned in
    Algeria, died" (who a person named beside it is), "calling it a tax on survival" (a
    name given), "blocked the road demanding protection" and "marched to demand his
    release" (the demand of the protest told, not a request of its own), "traders who
    refused to pay" (`refusers`)."""
    label = token.tag_ == "VBN" and token.dep_ == "acl"
    if label and token.head.dep_ == "appos":
        return True  # "Tamalt, a journalist imprisoned in Algeria, died": who he was
    if event == "ACCUSE":
        return label or accused_one(token)
    if event == "REJECT":
        return refusers(token)
    if event != "REQUEST" or token.pos_ != "VERB":
        return False
    if children(token, "oprd") or any(children(obj, "oprd") for obj in children(token, "dobj")):
        return True  # "calling it a tax"
    return protest_above(token)


def protest_above(token: Token) -> bool:
    """Whether a protest verb governs the clause, through up to `PROTEST_CLIMB` clauses
    ("blocked the road, chanting and demanding that ...", "marched, carrying flags and
    demanding ...", "put up barricades to demand")."""
    for _ in range(PROTEST_CLIMB):
        if token.dep_ not in ("advcl", "xcomp", "acl", "conj"):
            return False
        token = token.head
        if protests(token):
            return True
    return False


PROTEST_CLIMB = 3  # clauses climbed from a demand to the protest it tells the aim of


def public_appeal(token: Token, event: str) -> bool:
    """"urged residents to report any suspicious movement", "called on the public to stay
    indoors", "asked shop owners to report unattended motorcycles", "visitors are being
    asked to stay away": an appeal whose addressee (object, passive subject, or "on"/"to"
    phrase) is the public at large (`public` words) is a reaction at the margin; "urged the
    rebels to disarm" asks a party."""
    if event != "REQUEST" or token.pos_ != "VERB":
        return False
    addressees = children(token, "dobj", "nsubjpass") + [o for p in children(token, "prep")
                                            if p.lower_ in ("on", "upon", "to")
                                            for o in children(p, "pobj")]
    addressees += [o for word in addressees if word.lemma_.lower() == "member"
                   for p in children(word, "prep") if p.lower_ == "of"
                   for o in children(p, "pobj")]  # "members of the public"
    return any(word.lemma_.lower() in cues("public")["*"] for word in addressees)


def accused_one(verb: Token) -> bool:
    """"a tanker it accused of shipping oil", "men whom they accused of sheltering
    militants", "what she is accused of": an accusation whose accused is the noun its
    clause describes, or a question word, labels that one; "the ministry, which accused
    Kyiv of shelling the plant" makes one."""
    objects = children(verb, "dobj", "nsubjpass")
    gap = not objects or any(o.tag_ in ("WP", "WDT") for o in objects)
    asked = any(o.tag_ == "WP" for p in children(verb, "prep") for o in children(p, "pobj"))
    return verb.pos_ == "VERB" and ((verb.dep_ == "relcl" and gap) or asked)


def protests(token: Token) -> bool:
    """Whether the word can name a protest ("marched", "blocked", "a sit-in")."""
    pos = "VERB" if token.pos_ == "VERB" else "NOUN"
    return "PROTEST" in trigger_types(token.lemma_, pos)


def setting(token: Token, event: str) -> bool:
    """"The attack came during his visit to the United States": a visit or meeting told as
    the time of something else is a setting detail (`setting` words), not the news."""
    framed = token.dep_ == "pobj" and token.head.lower_ in cues("setting")["*"]
    return event == "CONSULT" and token.pos_ == "NOUN" and framed


def aftercare(token: Token, event: str) -> bool:
    """"The wounded were evacuated by helicopter to Timika", "the injured men were flown to
    the capital": the struck of an attack (`aftercare` words, with "the"), moved in the
    passive with no one named doing it, are cared for in its aftermath; "the Red Cross
    evacuated 40 wounded fighters from the besieged town" is aid, as is "the wounded were
    evacuated by the Red Cross" ("by helicopter", a bare noun, names the means)."""
    if event != "AID" or any(not means(o) for agent in children(token, "agent")
                             for o in children(agent, "pobj")):
        return False
    subjects = children(token, "nsubjpass")
    moved = [word for subject in subjects for word in [subject, *children(subject, "amod", "acl")]]
    definite = any(child.lower_ == "the" for subject in subjects
                   for child in children(subject, "det"))
    return definite and any(word.lower_ in cues("aftercare")["*"] for word in moved)


def means(noun: Token) -> bool:
    """A bare singular noun after "by" names a means ("by helicopter", "by road"), not who."""
    return noun.tag_ == "NN" and not children(noun, "det", "poss", "compound")


def stationed(token: Token, event: str) -> bool:
    """"Rwandan forces deployed in the province engaged an armed group", "a monitoring team,
    deployed on the border since October, said": a force described by where it was sent (a
    participle of sending that modifies a noun, in a sentence told by a verb) is a setting
    detail; a day of its own tells the sending ("officers deployed to Haiti last year"), a
    span since a day does not. A headline with no verb ("Hundreds of police deployed in
    Nairobi ahead of protests") tells the sending."""
    if event != "MOBILIZE" or token.tag_ != "VBN" or token.dep_ != "acl":
        return False
    if token.sent.root.pos_ not in ("VERB", "AUX"):
        return False
    return not any(word.ent_type_ in ("DATE", "TIME") and not since_day(word, token)
                   for word in token.subtree)


def since_day(word: Token, verb: Token) -> bool:
    """Whether the word hangs from a "since" phrase of the verb ("since October")."""
    while word.i != verb.i and word.head.i != word.i:
        if word.dep_ == "pobj" and word.head.lower_ == "since":
            return True
        word = word.head
    return False


def control_of_no_place(token: Token) -> bool:
    """"took control of the town", "took over the base" is ground taken; control of a
    company, a match or a budget is not: the object must be a place (a named place or a
    `place` word of `data/events/eventness.tsv`)."""
    control = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() == "control"]
    taken_over = any(c.dep_ == "prt" and c.lower_ == "over" for c in token.children)
    taking = token.lemma_.lower() in cues("taking")["*"]
    if token.pos_ != "VERB" or not taking or not (control or taken_over):
        return False
    holders = [control[0], token] if control else []
    objects = [o for h in holders for p in children(h, "prep") if p.lower_ in ("of", "over")
               for o in children(p, "pobj")] if control else children(token, "dobj")
    places = cues("place")["*"]
    return not any(is_place_word(o, places) for o in objects)


def is_place_word(word: Token, places: frozenset[str]) -> bool:
    """A place noun, a name the parser takes for a place, or a name in the gazetteer."""
    return word.lemma_.lower() in places or named_place(word)


def forms(token: Token) -> set[str]:
    return {token.lower_, token.lemma_.lower()}


def neighbourhood(token: Token) -> list[Token]:
    """The trigger's dependents, theirs and theirs (and a noun's verb: "a patrol passed", a
    participle's noun: "photos released by the group", the subject of a clause it takes:
    "asking that his name be withheld"): the words its sense turns on."""
    heads = token.pos_ == "NOUN" or token.dep_ == "acl"  # "photos released by the group"
    found, layer = ([token.head] if heads else []), [token]
    for _ in range(3):  # dependents, theirs, and theirs: "shot most of the film"
        layer = [c for word in layer for c in word.children if c.dep_ not in CLAUSE_DEPS]
        found += layer
    return found + partitive_wholes(found) + clause_subjects(token)


def clause_subjects(token: Token) -> list[Token]:
    """The subjects of the clauses the word takes as its object ("asked that her name not
    be used": name)."""
    return [subject for clause in children(token, "ccomp")
            for subject in children(clause, "nsubj", "nsubjpass")]


def partitive_wholes(words: list[Token]) -> list[Token]:
    """The whole a partitive word among `words` takes a part of (`partitive` rows):
    "battled against one of the largest wildfires" (wildfires)."""
    parts = cues("partitive")["*"]
    return [whole for word in words if word.lower_ in parts
            for of in children(word, "prep") if of.lower_ == "of"
            for whole in children(of, "pobj")]


def other_sense(token: Token) -> bool:
    """A sense word (`sense` rows) near the trigger; one that only names the kind of a place
    ("the budget office", "a film festival") or is part of a name ("the Democracy Square
    camp") leaves the trigger's sense as it is, unless the trigger's own rows list it ("ask
    God")."""
    if settled_by_subject(token):
        return False
    senses = cues("sense")
    none: frozenset[str] = frozenset()
    lemma_cues = senses.get(token.lemma_.lower(), none) | senses.get(token.lower_, none)
    words = lemma_cues | senses.get("*", none)
    near = [word for word in neighbourhood(token) if not names_venue(word, token)]
    return any(forms(word) & (named_cues(word, token, lemma_cues) if word.pos_ == "PROPN"
                              else words) for word in near) or lines_meet(token)


def settled_by_subject(token: Token) -> bool:
    """A verb whose trigger rows name its subject (`@subject:bomb` in `triggers.tsv`) and
    that has it: "a car bomb tore through the market" is an explosion, whatever the `tear`
    sense row says of "through" ("a storm tore through the town" has no such subject)."""
    if token.pos_ != "VERB":
        return False
    needs = {need for entry in triggers().get((token.lemma_.lower(), "VERB"), ())
             for need in entry.needs}
    return any(SUBJECT + subject.lemma_.lower() in needs
               for subject in children(token, "nsubj"))


def lines_meet(token: Token) -> bool:
    """"Where the two rivers meet", "the road meets the highway": lines of land (`lines`
    rows) as the trigger's subject or object; "met near the border" is a meeting there."""
    lines = cues("lines").get(token.lemma_.lower(), frozenset())
    arguments = children(token, "nsubj", "nsubjpass", "dobj")
    return any(forms(word) & lines for word in arguments)


def named_cues(word: Token, token: Token, lemma_cues: frozenset[str]) -> frozenset[str]:
    """The sense words a name may match: none inside a name ("the Democracy Square camp"),
    the trigger's own rows for a name that is its direct object or subject ("ask God")."""
    return lemma_cues if word.head.i == token.i else frozenset()


def names_venue(word: Token, token: Token) -> bool:
    """A compound modifier of a place or venue other than the trigger (`place` and `venue`
    rows): "the budget office", "a film festival"."""
    venues = cues("place")["*"] | cues("venue")["*"]
    head = word.head
    return word.dep_ == "compound" and head.i != token.i and head.lemma_.lower() in venues


def other_domain(token: Token) -> bool:
    """A sentence about sport, shows or markets, with no word of conflict in it."""
    words = {form for word in token.sent if word.pos_ != "PROPN" for form in forms(word)}
    domain = set().union(*cues("domain").values())
    in_domain = bool(words & domain) or has_scoreline(token.sent)
    return in_domain and not words & conflict_words()


def has_scoreline(sentence: Span) -> bool:
    """A token giving a match's result ("beat Katsina United 2-1"; `scoreline` rows)."""
    patterns = scorelines()
    return any(pattern.fullmatch(word.text) for word in sentence for pattern in patterns)


@cache
def scorelines() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in cues("scoreline")["*"])


def purpose(token: Token, event: str) -> bool:
    """"fighting to topple the government": an infinitive of purpose is not done, nor a
    verb coordinated with it ("trains recruits to find and defuse bombs", "to stop attacks
    and to allow access"). What a request asks for is not done either, whatever its type
    ("called on all parties to allow access": `REQUEST` triggers); a protest's purpose
    ("marched to protest") retells the act of a trigger word before it, and a sentence
    whose only protest word it is ("gathered to protest") still tells the protest."""
    if requested(token):
        return True
    token = infinitive_head(token)
    clause = token.dep_ in ("advcl", "xcomp", "acl")
    if token.pos_ != "VERB" or not is_infinitive(token) or not clause:
        return False
    if requests(token.head):
        return True  # "called a strike to protest": the purpose of a call is not told done
    if event not in PURPOSE_TYPES or (event == "PROTEST" and not is_trigger_word(token.head)):
        return False
    keep, head = cues("purpose-keep"), token.head.lemma_.lower()
    return head not in keep["*"] and head not in keep.get(event, ())


def infinitive_head(token: Token) -> Token:
    """The first of coordinated bare verbs ("to stop attacks and to allow access": stop); a
    finite verb coordinated with them ("called on them to live as a minority and rejects a
    special status") is told for itself."""
    while token.dep_ == "conj" and token.head.pos_ == "VERB" and token.tag_ == "VB":
        token = token.head
    return token


def requested(token: Token) -> bool:
    """Whether the verb is what a request asks for, through complements and coordinated
    bare verbs ("urged them to stop shelling the camps and to allow access"); a finite verb
    coordinated with them is told for itself."""
    while token.dep_ in ("conj", "xcomp") and token.head.pos_ == "VERB":
        if token.dep_ == "conj" and token.tag_ not in ("VB", "VBG"):
            return False
        if token.dep_ == "xcomp" and requests(token.head):
            return True
        token = token.head
    return False


def requests(verb: Token) -> bool:
    return "REQUEST" in trigger_types(verb.lemma_, "VERB")


def is_trigger_word(word: Token) -> bool:
    """A lexicon trigger that needs no other word ("marched"; not "gathered", which needs
    protesters or a crowd named with it)."""
    pos = "NOUN" if word.pos_ in ("NOUN", "PROPN") else word.pos_
    return any(not entry.needs for entry in triggers().get((word.lemma_.lower(), pos), ()))


def unreal(token: Token) -> bool:
    """"a potential full-scale attack", "feared reprisals", "fearing an assault on the city"
    (the object of a verb of expecting: `unreal` cues of lemma `expect`), "an assault on the
    capital would need heavy weapons" (the subject of a supposing auxiliary: lemma `modal`;
    not "would" in a reported clause: "said the talks would resume"): a supposed event noun."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(child.lemma_.lower() in cues("unreal")["*"] for child in children(token, "amod")):
        return True
    head = token.head.head if token.dep_ == "pobj" else token.head  # "braced for an attack"
    expected = token.dep_ in ("dobj", "pobj") and head.lemma_.lower() in cues("unreal")["expect"]
    modals = {aux.lower_ for aux in children(token.head, "aux")} & cues("unreal")["modal"]
    if token.head.dep_ == "ccomp":
        modals.discard("would")  # "said the talks would resume": the future of a report
    return expected or (token.dep_ == "nsubj" and bool(modals))


def deserted(token: Token) -> bool:
    """"Residents abandoned the village", "both villages were abandoned during the
    clashes": people leaving their homes (the `refuge` cues of lemma `abandon`: who leaves;
    of lemma `abandoned`: homes left in a passive that names no one) flee them, as "fled"
    does; PLOVER's RETREAT is a side giving up ground ("troops abandoned their positions",
    "the base was abandoned by the army")."""
    if token.pos_ != "VERB" or token.lemma_.lower() != "abandon":
        return False
    flight = cues("refuge")
    subjects = children(token, "nsubj")  # "hundreds of residents": the people counted too
    leaving = [w.lemma_.lower() for subject in subjects
               for w in [subject, *of_objects(subject)]]
    left = [w.lemma_.lower() for w in children(token, "nsubjpass")]
    homes = bool(left) and not children(token, "agent") and set(left) <= flight["abandoned"]
    return bool(set(leaving) & flight["abandon"]) or homes


def caused_supposition(token: Token) -> bool:
    """"a proposal that would have Hezbollah's fighters withdraw 10 km", "the plan would see
    rebels hand over their weapons", "the deal could require troops to leave": the act a
    causative verb (`unreal` cues of lemma `causative`) would bring about, that verb told
    with a supposing auxiliary (lemma `modal`), is the content of a plan, no happening;
    "said the fighters would withdraw" (the future of a report) has no causative verb."""
    if token.pos_ != "VERB" or token.dep_ not in ("ccomp", "xcomp"):
        return False
    causing, unreal_cues = token.head, cues("unreal")
    if causing.lemma_.lower() not in unreal_cues.get("causative", frozenset()):
        return False
    return any(aux.lower_ in unreal_cues["modal"] for aux in children(causing, "aux"))


def former_habit(verb: Token) -> bool:
    """"They have moved from blowing up gas pipelines to attacking soldiers": a gerund in
    the "from" or "to" phrase of a verb of a change of ways (`habitual` `turning` cues), or
    in the "to" phrase of such a "from" gerund, tells what a side used to do or does now,
    no happening."""
    if verb.tag_ != "VBG" or verb.dep_ != "pcomp" or verb.head.lower_ not in ("from", "to"):
        return False
    owner = verb.head.head
    turning = owner.lemma_.lower() in cues("habitual").get("turning", frozenset())
    return turning or (verb.head.lower_ == "to" and former_habit(owner))


def habitual(token: Token) -> bool:
    """"militants who attack worshippers", "bandits routinely kidnap travellers", "frequent
    raids", "have long rejected"."""
    habit = cues("habitual")["*"]
    if token.pos_ == "NOUN":
        # "militants often lay mines and ambushes", "police routinely use tear gas against
        # demonstrations"
        verb = objects_verb(token) or prepositions_verb(token)
        told = {child.lower_ for child in children(verb, "advmod")} if verb is not None else set()
        return any(child.lemma_.lower() in habit for child in children(token, "amod")) \
            or bool(told & habit) or repeated_noun(token)
    if token.pos_ != "VERB":
        return False
    adverbs = {child.lower_ for child in children(token, "advmod")}
    shared = not children(token, "nsubj", "nsubjpass")  # "often strike and burn farms"
    if token.dep_ == "conj" and token.head.pos_ == "VERB" and shared:
        adverbs |= {child.lower_ for child in children(token.head, "advmod")}
    if adverbs & habit or token.head.lemma_.lower() in habit:
        return True
    if fights_for(token) or fights_alongside(token):
        return True
    if former_habit(token):
        return True
    if recurs(token):
        return True
    perfect = in_perfect(token)
    if perfect and adverbs & cues("habitual").get("perfect", frozenset()):
        return True  # "residents have long rejected offers of citizenship"
    if perfect and lasting(token):
        return True  # "which has fought the government for two decades"
    if token.dep_ != "relcl":
        return generic_present(token)
    if standing_pledge(token, perfect):
        return True  # "the ADF, which has pledged allegiance to the Islamic State group"
    present_passive = any(a.lower_ in ("is", "are") for a in children(token, "auxpass"))
    simple = token.tag_ in PRESENT_SIMPLE and not children(token, "aux")
    return simple or present_passive  # "shops that are looted during riots"


def repeated_noun(noun: Token) -> bool:
    """"Central Mali has seen repeated attacks since 2015": an event noun told as many
    (`habitual` words of lemma `repeated`) sums happenings, unless a date or time told to
    the day is in its clause ("repeated attacks on the village on Monday night")."""
    many = cues("habitual").get("repeated", frozenset())
    if not any(child.lower_ in many for child in children(noun, "amod")):
        return False
    return not day_told(noun.head if noun.head.pos_ in ("VERB", "AUX") else noun)


def standing_pledge(verb: Token, perfect: bool) -> bool:
    """"a junta that has promised to win back every inch", "the officers it was promised":
    a pledge (`habitual` rows of lemma `pledge`) told in the perfect or the passive in a
    relative clause, with no day, describes who the noun is, not news of its own."""
    passive = bool(children(verb, "auxpass"))
    pledge = verb.lemma_.lower() in cues("habitual").get("pledge", frozenset())
    return pledge and (perfect or passive) and not dated(verb)


def objects_verb(noun: Token) -> Token | None:
    """The verb a noun (or a noun coordinated with it) is the direct object of; spaCy may
    join the second of two objects to the verb itself ("lay mines and ambushes")."""
    while noun.dep_ == "conj" and noun.head.pos_ != "VERB" and noun.head.i != noun.i:
        noun = noun.head
    if noun.dep_ == "conj" and noun.head.pos_ == "VERB":
        return noun.head
    return noun.head if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" else None


def prepositions_verb(noun: Token) -> Token | None:
    """The verb whose prepositional phrase holds the noun ("use tear gas against
    demonstrations": use)."""
    prep = noun.head if noun.dep_ == "pobj" else None
    verb = prep.head if prep is not None and prep.dep_ == "prep" else None
    return verb if verb is not None and verb.pos_ == "VERB" else None


def generic_present(verb: Token) -> bool:
    """"The Houthis say they target only vessels linked to Israel": an attack, coercion or
    accusation (`GENERIC_TYPES`) told in the simple present, in a sentence with no day or
    time and a full stop, is a general statement; a headline ("Gunmen kill 14"), a
    live-blog entry with its time, and verbs whose past looks the same (`habitual` words of
    lemma `unchanged`: "they hit") are news."""
    if verb.dep_ == "conj" and verb.tag_ in ("VB", *PRESENT_SIMPLE) and generic_present(verb.head):
        return True  # "bandits attack villages and kidnap residents"
    simple = verb.tag_ in PRESENT_SIMPLE and not children(verb, "aux", "auxpass")
    if not simple or verb.lower_ in cues("habitual").get("unchanged", frozenset()):
        return False
    general = bool(trigger_types(verb.lemma_, "VERB") & GENERIC_TYPES)
    return general and not timed(verb.sent) and stated(verb.sent)


def timed_beyond_saying(verb: Token) -> bool:
    """Whether the sentence tells a day or a time other than one dating a saying verb that
    governs the verb's clause (`timex.governing.saying_above`): in "Attacks on aid workers
    are unacceptable, the minister said on Sunday" the day is the saying's."""
    from flarewatch.timex.governing import saying_above  # governing reads detect, which reads us

    return any(word.ent_type_ in ("DATE", "TIME") and not saying_above(word, verb)
               for word in verb.sent)


def timed(sentence: Span) -> bool:
    """Whether the sentence tells a day or a time."""
    return any(word.ent_type_ in ("DATE", "TIME") for word in sentence)


def stated(sentence: Span) -> bool:
    """Whether the sentence ends as a statement does (a full stop, a closing quote): a
    headline or a live blog's timed line does not."""
    return sentence.text.rstrip()[-1:] in (".", '"', "\u201d")


def kind_of_event(noun: Token) -> bool:
    """"Attacks near towns are rare", "its remnants continue to carry out hit-and-run
    attacks", "the fighting pits the sons of El Chapo against his partner": an event noun
    in the bare plural (no determiner, possessive or number) that is the object of a verb
    in the simple present (or of an infinitive under one) or the subject of "be" or
    "remain" in it, in a sentence with no day or time and a full stop, tells a kind of
    happening; a bare "the" noun that is the subject of such a verb (whatever other
    happening the sentence dates: "after his arrest in July") describes a standing
    conflict, or points back at a happening told before; neither is a happening of its
    own. "Drone attacks on the base killed two" (past), a verb of going on (`kind`
    `ongoing` cues: "the fighting continues near the airport") and a headline still are."""
    verb = described_by(noun)
    if verb is None or verb.tag_ not in PRESENT_SIMPLE or children(verb, "aux", "auxpass"):
        return False
    return stated(verb.sent) and not (noun.tag_ == "NNS" and timed_beyond_saying(verb))


def described_by(noun: Token) -> Token | None:
    """The verb that says what a bare plural or bare "the" event noun is like or does, as
    `kind_of_event` reads it; None for another noun."""
    determiners = [child.lower_ for child in children(noun, "det", "poss", "nummod")]
    subject = noun.dep_ == "nsubj"
    if noun.tag_ == "NNS" and not determiners:
        copula = subject and noun.head.lemma_.lower() in ("be", "remain")
        verb = objects_verb(noun) or (noun.head if copula else None)
        while verb is not None and verb.dep_ == "xcomp" and verb.tag_ == "VB":
            verb = verb.head
        return verb
    bare = determiners == ["the"] and len(list(noun.children)) == 1
    if bare and subject and noun.head.lemma_.lower() not in cues("kind")["ongoing"]:
        return noun.head
    return None


def recurs(verb: Token) -> bool:
    """"Civilians are killed every day", "shelled each night": a time that recurs (`habitual`
    rows of lemmas `every` and `each`)."""
    units, each = cues("habitual")["every"], cues("habitual")["each"]
    times = [c for c in children(verb, "npadvmod", "advmod") if c.lemma_.lower() in units]
    return any(word.lower_ in each for time in times for word in time.children)


def lasting(verb: Token) -> bool:
    """"for nearly two decades", "for years": a span of months or more that a perfect has
    gone on for (`habitual` words of lemma `span`)."""
    spans = cues("habitual").get("span", frozenset())
    held = [obj for prep in children(verb, "prep") if prep.lower_ == "for"
            for obj in children(prep, "pobj")]
    return any(obj.lemma_.lower() in spans for obj in held)


def conditional(token: Token) -> bool:
    """"If fighting resumes", "would have attacked if the river had not ...": a happening
    under a condition, or one that did not come about, is no event."""
    verb = token if token.pos_ == "VERB" else token.head
    for clause in (verb, verb.head):
        if any(m.lower_ in cues("conditional")["*"] for m in children(clause, "mark")):
            return True
    auxiliaries = [a.lower_ for a in children(verb, "aux")]
    return "would" in auxiliaries and "have" in auxiliaries and verb.tag_ == "VBN"


def caption(token: Token) -> bool:
    """"US-backed fighters battling the Islamic State, file photo": a photo's caption (a
    `caption` phrase of `data/events/eventness.tsv` in the sentence) shows, it tells no
    happening of the report."""
    sentence = token.sent.text.lower()
    return any(cue in sentence for cue in cues("caption")["*"])


def open_question(token: Token) -> bool:
    """"It remains unclear when the aid will be allowed in", "officials did not say how the
    troops would withdraw": a happening still to come, asked about, is no event; "unclear
    when the attack happened" still tells the attack (it has no modal)."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    asked = any(w.tag_ in ("WRB", "WP") for w in verb.children) or \
        any(m.lower_ == "whether" for m in children(verb, "mark"))
    modal = any(a.lower_ in cues("question")["modal"] for a in children(verb, "aux"))
    heads = [verb.head, *children(verb.head, "acomp")]  # "remains unclear when"
    return asked and modal and any(h.lemma_.lower() in cues("question")["*"] for h in heads)


def fights_for(verb: Token) -> bool:
    """"fighting to topple the government": a struggle told by its aim, with no target,
    place or time of its own, is a cause, not a happening; so is one against a scourge
    ("forces fighting terrorism") or for a prize (`fights_over`), in a present, a gerund or
    an infinitive ("use car bombs to fight for territory")."""
    if verb.tag_ not in ("VBG", "VBP", "VBZ") and not is_infinitive(verb):
        return False
    if fights_scourge(verb):
        return True
    clauses = children(verb, "xcomp", "advcl")
    aims = [c for c in clauses if is_infinitive(c)]
    if aims:
        return not children(verb, "dobj", "prep", "npadvmod")
    return fights_over(verb)


def fights_alongside(verb: Token) -> bool:
    """"Many commanders had fought alongside the army in Tigray", "militias that fought
    alongside federal troops against Tigrayan forces in 2020-2022": a fight verb
    (`habitual` lemma `fight`) told by whom the party fought beside, with no day told
    (`day_told`), says whose side it was on, not a happening."""
    if verb.lemma_.lower() not in cues("habitual")["fight"]:
        return False
    beside = any(p.lower_ == "alongside" for p in children(verb, "prep"))
    return beside and not day_told(verb)


def fights_scourge(verb: Token) -> bool:
    """"forces fighting terrorism", "to fight crime": a fight verb (`habitual` lemma
    `fight`) whose foe is a scourge (lemma `scourge`: terrorism, crime), not a party, with
    no day told, is a standing cause."""
    if verb.lemma_.lower() not in cues("habitual")["fight"]:
        return False
    preps = [p for p in children(verb, "prep") if p.lower_ == "against"]
    foes = children(verb, "dobj") + [o for p in preps for o in children(p, "pobj")]
    scourge = cues("habitual")["scourge"]
    return bool(foes) and all(f.lemma_.lower() in scourge for f in foes) and not dated(verb)


def fights_over(verb: Token) -> bool:
    """"are fighting for control of coca crops and smuggling routes": a struggle told by
    the prize (a `prize` word of `data/events/eventness.tsv` after "for") with no day and
    no foe is a standing conflict, not a happening."""
    preps = children(verb, "prep")
    prizes = [o for p in preps if p.lower_ == "for" for o in children(p, "pobj")]
    prizes += [w for o in prizes for w in [*o.conjuncts, *children(o, "nmod")]]
    won = any(o.lemma_.lower() in cues("habitual")["prize"] for o in prizes)
    foe = children(verb, "dobj") or [p for p in preps if p.lower_ in ("against", "with")]
    return won and not foe and not dated(verb)


def state(verb: Token) -> bool:
    """"occupied territory", "the town, held by rebels", "Crimea is occupied by Russia", "is
    considered occupied territory": a participle of holding ground tells the state of a
    place, not an act; so does one of closing that "remains" ("access remains blocked")."""
    lemma, auxiliaries = verb.lemma_.lower(), {aux.lower_ for aux in verb.children}
    if verb.tag_ == "VBN" and lemma in cues("state")["remain"]:
        remains = verb.dep_ == "acomp" and verb.head.lemma_.lower() == "remain"
        return remains or bool(auxiliaries & {"remains", "remain"})
    if verb.tag_ != "VBN" or lemma not in cues("state")["*"]:
        return False
    present = bool(auxiliaries & {"is", "are", "remains", "remain"})
    before = verb.doc[verb.i - 1].lemma_.lower() if verb.i > 0 else ""
    deemed = before in cues("state")["deem"]  # "considered occupied territory"
    return verb.dep_ in ("acl", "amod") or present or deemed


def disrupted(verb: Token) -> bool:
    """"Flights were suspended for several hours", "classes were cancelled": a service or
    routine (`disrupted` rows: verbs and their subjects) halted in the passive, by no one
    named, tells a consequence of events, not a sanction of its own. "The government
    suspended flights to Georgia" and "trade was suspended by Ankara" still tell one."""
    halted = cues("disrupted").get(verb.lemma_.lower())
    if verb.pos_ != "VERB" or not halted or children(verb, "agent"):
        return False
    return any(noun.lemma_.lower() in halted for noun in children(verb, "nsubjpass"))


def fight_withdrawal(verb: Token, event: str) -> bool:
    """"held the base for hours before pulling back with weapons", "tried to stop the raid
    but withdrew after running out of ammunition": a side breaking off a fight told in the
    same sentence (an ASSAULT word there), withdrawing from no place named, is the end of
    that fight, not a RETREAT of its own (ACLED codes no such moves; the guide of
    shared/eval/ANNOTATION.md makes them optional at most). "Retreated from the airport
    after two days of fighting" gives up ground and stays a retreat."""
    lemma = verb.lemma_.lower()
    if event != "RETREAT" or verb.pos_ != "VERB" or lemma not in cues("withdrawal")["*"]:
        return False
    ground = any(p.lower_ in ("from", "out") for p in children(verb, "prep", "prt"))
    return not ground and not children(verb, "dobj") and fight_told(verb)


def fight_told(verb: Token) -> bool:
    """An ASSAULT trigger word (or a `withdrawal` row of lemma `fight`) in the sentence,
    not one said not to be (`fight_denied`)."""
    fights = cues("withdrawal").get("fight", frozenset())
    return any(word.i != verb.i and not fight_denied(word)
               and (word.lemma_.lower() in fights
                    or "ASSAULT" in trigger_types(word.lemma_, word.pos_))
               for word in verb.sent)


def fight_denied(word: Token) -> bool:
    """"withdrew without a fight", "no fighting was reported": a fight said not to be."""
    without = word.dep_ in ("pobj", "pcomp") and word.head.lower_ == "without"
    return without or any(child.lower_ in ("no", "without") for child in word.children)


def held_under(token: Token) -> bool:
    """"has remained under house arrest since March", "is still in detention": a noun of
    custody (`state` rows of lemma `custody`) after "under" or "in" and a verb of being (lemma
    `under`) tells a lasting state; "was placed under house arrest" tells the act, and "kept
    under blockade" the blockade."""
    preposition = token.head
    if token.dep_ != "pobj" or preposition.lower_ not in ("under", "in"):
        return False
    custody = token.lemma_.lower() in cues("state")["custody"]
    return custody and preposition.head.lemma_.lower() in cues("state")["under"]


def act_as_subject(verb: Token) -> bool:
    """"Closing the border does not fix anything", "attacking civilians is a war crime": a
    gerund with its own object as a clause's subject names a kind of act, not one done
    ("Shelling continued overnight" tells the shelling). After a comma it is a participle
    the parser took for a subject ("lodged a protest, charging its neighbour with ...")."""
    subject = verb.dep_ in ("csubj", "csubjpass", "nsubj", "nsubjpass")
    after_comma = verb.i > 0 and verb.doc[verb.i - 1].text == ","
    return verb.tag_ == "VBG" and subject and bool(children(verb, "dobj")) and not after_comma


# The dependencies of a status word told as what a verb reports of its subject ("no one was
# reported hurt", "nobody was believed killed"): the subject is the verb's.
TOLD_AS = ("oprd", "xcomp", "acomp")


def nobody(verb: Token) -> bool:
    """"No one was injured", "nobody was killed", "no civilians were killed or injured"
    (the subject shared by the coordinated verb), "no one was reported hurt" (`TOLD_AS`):
    a toll of none tells no happening; nor does a toll asked about ("did not say how many
    fighters had been killed": `how_many`)."""
    if verb.pos_ != "VERB":
        return False
    subjects = children(verb, "nsubj", "nsubjpass")
    if not subjects and verb.dep_ in ("conj", *TOLD_AS) and verb.head.pos_ == "VERB":
        subjects = children(verb.head, "nsubj", "nsubjpass")  # "no one was reported hurt"
    words = {word.lower_ for subject in subjects for word in subject.subtree}
    return bool(words & cues("nobody")["*"]) or any(map(how_many, subjects))


def how_many(subject: Token) -> bool:
    """"how many fighters": a number asked for, not told."""
    return any(word.lower_ in ("many", "much") and
               any(adverb.lower_ == "how" for adverb in children(word, "advmod"))
               for word in subject.children)


def negated_noun(token: Token) -> bool:
    """"no attack", "without any attack": an event noun said not to have happened; "such
    raids", "any attack": a kind of event, not one."""
    negative = cues("negative")["*"] | cues("generic")["*"]
    if token.dep_ == "pcomp" and token.head.lower_ in negative:
        return True  # "handed over the town without fighting"
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(child.lower_ in negative for child in children(token, "det", "predet", "amod")):
        return True
    return token.dep_ == "pobj" and token.head.lower_ in negative


def refusers(token: Token) -> bool:
    """"dissidents who refused to lay down their arms", "traders who refused to pay": a
    refusal told in a relative clause on a plural noun, with no day of its own, says who
    those people are, not what they did that day."""
    return token.dep_ == "relcl" and token.head.tag_ == "NNS" and not dated(token)


def described_refuge(token: Token) -> bool:
    """"people who had fled fighting in nearby villages", "families fleeing violence": a
    bare event noun that a flight (`refuge` verbs) told of people in a relative clause or a
    participle is from says who they are, not what happened ("thousands fled fighting in
    Sake" still tells the fighting)."""
    verb = token.head
    fled = token.dep_ == "dobj" and verb.lemma_.lower() in cues("refuge")["*"]
    return fled and verb.dep_ in ("relcl", "acl")


def fled_from(token: Token) -> bool:
    """"displaced people fleeing from attacks on villages", "sanctions over attacks on
    civilians", "condemned attacks on journalists": a bare plural event noun that a flight
    is from (`refuge` verbs), or that a reaction is over (`reaction` words and prepositions)
    or is aimed at (the object of a `reaction` verb of lemma object), with no day, tells
    why people fled or reacted, a kind of happening, not one; so does any bare event noun
    fled in a description of people (`described_refuge`)."""
    if children(token, "det", "poss", "nummod") or dated(token):
        return False
    if token.tag_ != "NNS":
        return described_refuge(token)
    if token.dep_ == "dobj" and described_refuge(token):
        return True
    if token.dep_ == "dobj":  # "rights groups condemned attacks on journalists"
        return token.head.lemma_.lower() in cues("reaction")["object"]
    if token.dep_ != "pobj":
        return False
    preposition, head = token.head.lower_, token.head.head
    if preposition == "from" and head.lemma_.lower() in cues("refuge")["*"]:
        return True
    reacting = [head, *children(head, "dobj")]  # "voiced outrage over killings"
    reactions = cues("reaction")
    return preposition in reactions["over"] and any(
        word.lemma_.lower() in reactions["*"] for word in reacting)


def served(token: Token) -> bool:
    """"troops who fought in Afghanistan": a relative clause of service in a war (`service`
    verbs; and its conjuncts) with no foe (object, "against", "with", "off") and no day
    describes its people, veterans, and tells no happening."""
    clause = token.head if token.dep_ == "conj" else token  # "who fought and were wounded"
    if clause.dep_ != "relcl" or clause.lemma_.lower() not in cues("service")["*"]:
        return False
    foes = children(clause, "dobj", "prt") + [
        p for p in children(clause, "prep") if p.lower_ in ("against", "with", "off")]
    return not foes and not dated(clause)


def waged(token: Token) -> bool:
    """"the government has been fighting an insurgency", "the insurgency has been fought
    far from the cities", "fought alongside federal troops in the 2020-2022 war": a whole
    war fought (`war` rows: its object, passive subject, or what it was fought in), with no
    day told ("for seven decades" is none: `day_told`), is background, not a
    happening."""
    wars = cues("war").get(token.lemma_.lower(), frozenset())
    fought = children(token, "dobj", "nsubjpass") + [
        o for p in children(token, "prep") if p.lower_ in ("in", "during")
        for o in children(p, "pobj")]  # "fought alongside the army in the 2020-2022 war"
    objects = {word.lemma_.lower() for word in fought}
    return token.pos_ == "VERB" and bool(objects & wars) and not day_told(token)


def dated(token: Token) -> bool:
    """A day or time told in the word's subtree ("on Tuesday", "last week")."""
    return any(word.ent_type_ in ("DATE", "TIME") for word in token.subtree)
