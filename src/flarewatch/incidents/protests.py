"""Violence told at a protest is the protest's own incident.

ACLED codes deaths and clashes at a demonstration under Protests or Riots, not Battles
or Violence against civilians (`shared/spec/ACLED.md`: Excessive force against
protesters, Violent demonstration, Protest with intervention), and annotators give one
event for "five were killed as police clashed with students protesting". An ASSAULT
mention is told at a protest when it is a toll with no attacker of its own ("five were
killed") or a clash with no means of force told (a weapon gives a mode), and a PROTEST
mention sits in its clause (not as what came before or after it) or its parties (or its
subject: "the students set fire to two buses") are a crowd of protesters (`crowd` words in
`data/incidents/words.tsv`, or the people the report tells protesting: "students marched
... the students fought police"). Such a mention
becomes a PROTEST telling with no mode of its own, so it joins the protest and brings
its toll. Crowd control by the state's forces (or an unnamed party) with no one killed
is the protest's intervention (ACLED: Protest with intervention, one event with the
protest, the protesters acting): tear gas or water cannon on its crowd, a dispersal, and
crowd-control means beside a protest told ("police used water cannon to clear the
road"). Force used to kill protesters ("police shot dead three protesters") stays an
ASSAULT, as PLOVER codes it (ACLED: Excessive force against protesters), and so does
force by other named parties ("gunmen fired on the marchers").
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.detect import match_trigger, needs_force
from flarewatch.events.lexicon import mode_cues, trigger_types
from flarewatch.events.syntax import Token, children, in_sequence, people, subject_of
from flarewatch.incidents.compare import (
    INTERVENED,
    date_relation,
    names_attacker,
    struck_words,
    trigger_token,
    words,
)
from flarewatch.model import AcledType, Document, Entity, Event
from flarewatch.stages.roles import worded

# The coding an intervention telling carries until the acled stage codes its incident:
# `compare.telling` reads it as a telling of the protest it intervened in.
INTERVENTION = AcledType("Protests", INTERVENED)
SAME_TIME = frozenset({"same_day", "overlap", "unknown"})  # compare.date_relation
TIMES = frozenset({"DATE", "TIME"})
# PLOVER sectors of a state's forces of order: police, military, government, state
# security, paramilitary.
STATE_FORCES = frozenset({"COP", "MIL", "GOV", "SPY", "PRM", None})
# PLOVER sectors of people who bear arms, and of civilians who may protest.
ARMED = frozenset({"MIL", "COP", "SPY", "PRM", "REB", "INS", "SEP", "CRM", "UAF"})
CIVIL = frozenset({"CVL", "EDU", "AGR", "LAB", "OPP", "PTY", "BUS", "REL", "JRN", "MED", "REF"})


def at_protests(doc: Document, mentions: list[Event]) -> list[Event]:
    """The mentions, with those of violence at a protest retold as PROTEST mentions. Roads
    blocked are coded first (`blockade`), so that the protests read are those of civilians:
    a road the army blocked is no protest its crowd control would be part of."""
    mentions = [blockade(doc, m) for m in mentions]
    protests = [m for m in mentions if m.event == "PROTEST"]
    told = [token for m in protests if (token := trigger_token(doc, m)) is not None]
    crowd = words("crowd") | protesting(told)
    return [retold(doc, m, told, crowd, protests) for m in mentions]


def retold(doc: Document, mention: Event, told: list[Token], crowd: frozenset[str],
           protests: list[Event]) -> Event:
    """The mention as a PROTEST telling where it is violence at a protest; an intervention
    with its sides swapped, the crowd acting (as annotators code a protest with
    intervention: the protesters, then those they protest against)."""
    if mention.event in ("COERCE", "PROTEST"):
        return held_back(doc, mention)
    trigger = trigger_token(doc, mention) if mention.event == "ASSAULT" else None
    if trigger is None:
        return mention
    if intervenes(mention, trigger, nearby(doc, mention, protests)):
        return swapped(mention)
    return as_protest(mention) if at_protest(mention, trigger, told, crowd) else mention


def blockade(doc: Document, mention: Event) -> Event:
    """A road or a building blocked by civilians is a protest ("residents blocked the
    avenue with burning tyres"; ACLED: protesters blocking roads), by armed forces a
    restriction ("the army blocked the road to the camp"; PLOVER COERCE). Read for every
    mention (`at_protests`), so the coding and the actor are read before the parse."""
    sector = mention.actor.sector if mention.actor is not None else None
    restriction = (mention.event, mention.mode) == ("COERCE", "restrict") and sector in CIVIL
    obstruction = (mention.event, mention.mode) == ("PROTEST", "obstruct") and sector in ARMED
    if not (restriction or obstruction):
        return mention
    trigger = trigger_token(doc, mention)
    if trigger is None or trigger.lemma_.lower() not in words("blocking"):
        return mention
    if restriction:
        return replace(mention, event="PROTEST", mode="obstruct", acled=None)
    return replace(mention, event="COERCE", mode="restrict", acled=None)


def held_back(doc: Document, coded: Event) -> Event:
    """Protesters kept from a place by the state's forces ("police buses blocked protesters
    from entering the plaza") are the protest's intervention (ACLED: Protest with
    intervention, forces trying to suppress a protest), the crowd acting; not people
    of other kinds kept out ("soldiers blocked villagers from returning")."""
    trigger = trigger_token(doc, coded)
    if coded.event != "COERCE" or coded.mode != "restrict" or trigger is None:
        return coded
    if not state_force(coded.actor) or not crowd_struck(trigger):
        return coded
    return swapped(coded)


def swapped(mention: Event) -> Event:
    """An intervention as the protest's telling: the crowd acting, then those who
    intervened where words name them. A crowd no words name ("the march was met with
    tear gas") is the civilians of the country where it happened (sector CVL)."""
    actor = mention.recipient
    if actor is None and mention.event_loc is not None:
        actor = Entity(text="", code=mention.event_loc.country, sector="CVL")
    return replace(as_protest(mention), actor=actor, acled=INTERVENTION,
                   recipient=mention.actor if worded(mention.actor) else None)


def crowd_struck(trigger: Token) -> bool:
    """Whether an act befell a protest's crowd ("protesters") or a protest ("the march")."""
    targets = struck_words(trigger)
    return any(people(t).lemma_.lower() in words("crowd") or names_protest(t) for t in targets)


def nearby(doc: Document, mention: Event, protests: list[Event]) -> bool:
    """Whether a protest is told in the mention's sentence or the one before or after, on
    a day that may be the mention's: ACLED codes one event per place and day, so a rally
    "on Monday evening" cleared "shortly after midnight" is two, and "began in 2016 with
    protests ... opened fire on crowds in 2017" tells two happenings."""
    if not protests:
        return False  # most reports tell no protest: no times of day to read
    clock = clock_days(doc, mention)
    return any(abs(mention.sentence - protest.sentence) <= 1
               and date_relation(mention, protest) in SAME_TIME
               and not clock - {(protest.date or "")[:10]} for protest in protests)


def clock_days(doc: Document, mention: Event) -> set[str]:
    """The days of the times of day told in the mention's sentence ("shortly after
    midnight" after a rally "on Monday evening" is Tuesday's)."""
    sentence = doc.sentence_at(mention.trigger_start)
    if sentence is None:
        return set()
    return {t.value[:10] for t in doc.timexes if t.type == "TIME" and t.value
            and sentence.start <= t.start < sentence.end and len(t.value) >= 10}


def intervenes(mention: Event, trigger: Token, protest_near: bool) -> bool:
    """Crowd control on a protest by the state's forces, or by a party no words name (the
    roles stage gives it the unidentified armed actor, UAF, with no text) that met the
    crowd with it (`met_by_force`), with no one
    killed (ACLED: Protest with intervention): tear gas, water cannon or batons used on
    protesters ("fired tear gas at the demonstrators"), or beside a protest told on its
    crowd ("to disperse the students") or at nothing else ("Police used tear gas to clear
    the road"); not "fired water cannon at a supply boat", nor crowds dispersed with no
    protest told. Killing protesters stays an ASSAULT (PLOVER), which ACLED codes as
    excessive force."""
    unnamed = not worded(mention.actor)
    if not (state_force(mention.actor) or unnamed and met_by_force(trigger)):
        return False
    dispersal = dispersed(trigger)
    if mention.size.dead or not (mention.mode == "crowd-control" or dispersal):
        return False
    targets = [t for t in struck_words(trigger) if not means(t, mention)]
    if any(people(t).lemma_.lower() in words("crowd") for t in targets):
        return True
    if not protest_near:
        return False
    if dispersal or any(on_gathering(target) for target in targets):
        return True
    return not any(target.pos_ in ("NOUN", "PROPN") for target in targets)


def state_force(actor: Entity | None) -> bool:
    return actor is None or actor.sector in STATE_FORCES


def met_by_force(trigger: Token) -> bool:
    """"Protesters were met with tear gas": a verb of meeting with a means of force
    (`detect.needs_force`), which tells the crowd's protest."""
    entry = match_trigger(trigger)
    return entry is not None and needs_force(entry)


def dispersed(trigger: Token) -> bool:
    """A clause of dispersal on the force: "fired tear gas to disperse them"."""
    clauses = children(trigger, "xcomp", "advcl", "conj")
    return any(c.lemma_.lower() in words("dispersal") and children(c, "dobj") for c in clauses)


def means(token: Token, mention: Event) -> bool:
    """A word of the means or the time, not of the target: "used water cannon", "fired
    tear gas" (a weapon cue in the noun's compound), "on Tuesday"."""
    in_trigger = mention.trigger_start <= token.idx < mention.trigger_end
    cued = any(word.lemma_.lower() in mode_cues() for word in [token, *children(token, "compound")])
    return in_trigger or cued or token.ent_type_ in TIMES


def names_protest(target: Token) -> bool:
    """A gathering noun that is itself a protest ("the march was met with tear gas": a
    `gathering` word whose lemma triggers a PROTEST, as a noun or a verb), not a crowd,
    which may be any."""
    lemma = target.lemma_.lower()
    kinds = trigger_types(lemma, "NOUN") | trigger_types(lemma, "VERB")
    return lemma in words("gathering") and "PROTEST" in kinds


def on_gathering(target: Token) -> bool:
    """The crowd or the protest itself, or "them", as the target beside a protest told."""
    return people(target).lemma_.lower() in words("gathering") or target.lower_ == "them"


def protesting(protests: list[Token]) -> frozenset[str]:
    """The common nouns the report tells protesting ("students marched", "farmers blocked
    the highway"), lemmas: a clash of theirs is the protest's (a toll of theirs may be
    another happening's: "people" protest and "people" are killed elsewhere)."""
    subjects = [people(subject) for token in protests if (subject := subject_of(token))]
    return frozenset(s.lemma_.lower() for s in subjects if s.pos_ == "NOUN")


def at_protest(mention: Event, trigger: Token, protests: list[Token],
               crowd: frozenset[str]) -> bool:
    if mention.mode is not None:
        return False
    clash = trigger.lemma_.lower() in words("clash") or done_by(trigger, crowd)
    if not (is_toll(trigger) or clash):
        return False
    inside = [token for token in trigger.subtree if not in_sequence(token, trigger)]
    linked = {token.i for token in inside} & {token.i for token in protests}
    parties = crowd if clash else words("crowd")  # "four soldiers were killed" is no clash
    fought = clash or any(token.lemma_.lower() in words("clash") for token in inside)
    riot = fought and any(riot_police(token) for token in inside)
    return bool(linked) or riot or any(token.lemma_.lower() in parties for token in inside)


def riot_police(token: Token) -> bool:
    """"clashes with riot police": police named for crowds (`riot` words before a `force`
    noun of order: police, squad, unit) are the other side of a crowd, whether or not the
    report tells the protest (ACLED: a violent demonstration or its intervention)."""
    return token.lower_ in words("riot") and token.head.lemma_.lower() in words("order")


def done_by(trigger: Token, crowd: frozenset[str]) -> bool:
    """"the students set fire to two buses": violence whose subject is the crowd of the
    protest is the protest's (ACLED: Violent demonstration)."""
    subject = subject_of(trigger)  # an active subject: "four soldiers were killed" suffered
    active = subject is not None and subject.dep_ == "nsubj"
    return active and people(subject).lemma_.lower() in crowd


def is_toll(trigger: Token) -> bool:
    """"five were killed": a toll with no attacker of its own; "police shot dead three
    protesters" is an assault on a protest (PLOVER ASSAULT, ACLED excessive force)."""
    return trigger.lemma_.lower() in words("outcome") and not names_attacker(trigger)


def as_protest(mention: Event) -> Event:
    return replace(mention, event="PROTEST", mode=None, acled=None)
