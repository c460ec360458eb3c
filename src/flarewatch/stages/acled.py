"""ACLED event and sub-event type, and the CAMEO root code, of each event.

Rules live in `data/events/acled.tsv` (first match wins). Territory taken counts as
"Government regains territory" only with a state actor; otherwise as a non-state
actor overtaking it. Events ACLED does not code keep `acled = None`.
A state named as actor by its country alone gets the sector of the arm that does the act.
Reads `doc.events` (type, mode, actor) and `doc.parse`; sets `event.acled`, `event.cameo`,
and the sector of such actors.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.actors.cameo import cameo_root
from flarewatch.events.lexicon import AcledRule, acled_rules, state_sectors, word_roles
from flarewatch.events.syntax import in_sequence
from flarewatch.model import AcledType, Document, Entity, Event
from flarewatch.pipeline import stage

STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
GOVERNMENT_REGAINS = "Government regains territory"
CIVILIAN_SECTORS = frozenset({"CVL", "JRN", "MED", "REF", "EDU", "AGR", "LAB", "BUS"})
ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "INS", "SEP", "UAF", "SPY"})


@stage("acled")
def acled(doc: Document) -> Document:
    for event in doc.events:
        event.actor = as_state(event, event.actor, own_forces(doc, event))
        trigger, cues = event_words(doc, event)
        event.acled = acled_type(event, trigger, cues)
        event.cameo = cameo_root(event.event, event.mode)
    return doc


# Codes that are not states: international and non-governmental organisations.
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "MNC"})


def as_state(event: Event, actor: Entity | None, forces: bool = False) -> Entity | None:
    """A state named by its country alone acts through the arm that does such acts
    (`data/events/state_sectors.tsv`): "Israel struck" is ISR MIL, "Venezuela rejected"
    VEN GOV; through its army when what it moves is its own forces (`forces`: "will
    withdraw its military trainers"). Set here, after relevance, so an inferred army is
    never evidence of violence."""
    if actor is None or actor.sector or not actor.code or actor.code in NON_STATE_CODES:
        return actor
    sector = "MIL" if forces else state_sectors().get(event.event)
    return replace(actor, sector=sector) if sector else actor


def own_forces(doc: Document, event: Event) -> bool:
    """Whether the trigger's object is the actor's own forces: "its troops", "their
    military trainers" (a possessive pronoun and a `forces` word of acled_words.tsv)."""
    span = doc.trigger_span(event)
    if span is None:
        return False
    forces = word_roles("events/acled_words.tsv").get("forces", frozenset())
    objects = [o for o in span.root.children if o.dep_ == "dobj"]
    own = [o for o in objects if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in o.children)]
    return any(w.lemma_.lower() in forces for o in own for w in o.subtree)


def event_words(doc: Document, event: Event) -> tuple[str, set[str]]:
    """The trigger lemma and the lemmas of the evidence span; of the whole sentence for a
    protest, whose dispersal or deaths are often told in a clause of their own ("marched
    until police dispersed them with tear gas": ACLED's Protest with intervention). Words
    told as what came before or after ("arrested after the rally") are left out."""
    if doc.parse is None:
        return doc.text[event.trigger_start:event.trigger_end].lower(), set()
    start, end = (event.start, event.end)
    sentence = doc.sentence_at(event.trigger_start)
    if event.event == "PROTEST" and sentence is not None:
        start, end = sentence.start, sentence.end
    span = doc.parse.char_span(start, end, alignment_mode="expand")
    trigger = doc.trigger_span(event)
    told = [t for t in span or () if trigger is None or not in_sequence(t, trigger.root)]
    return doc.trigger_lemma(event), {t.lemma_.lower() for t in told} | sentence_means(doc, event)


def sentence_means(doc: Document, event: Event) -> set[str]:
    """Words that tell how a bombing was done, from anywhere in its sentence ("an explosion
    killed 30; police said a suicide bomber had entered"): `means` of acled_words.tsv."""
    sentence = doc.sentence_at(event.trigger_start)
    if event.event != "ASSAULT" or sentence is None or doc.parse is None:
        return set()
    span = doc.parse.char_span(sentence.start, sentence.end, alignment_mode="expand")
    means = word_roles("events/acled_words.tsv").get("means", frozenset())
    return {t.lemma_.lower() for t in span or ()} & means


def acled_type(event: Event, trigger: str, cues: set[str]) -> AcledType | None:
    for rule in acled_rules():
        if matches(rule, event, trigger, cues) and fits_actor(rule, event):
            return AcledType(rule.event_type, rule.sub_event_type)
    return None


def matches(rule: AcledRule, event: Event, trigger: str, cues: set[str]) -> bool:
    return (
        rule.event == event.event
        and rule.mode in ("*", event.mode or "")
        and rule.trigger in ("*", trigger)
        and (rule.cue == "*" or rule.cue in cues)
        and (rule.target == "*" or TARGETS[rule.target](event))
    )


def targets_civilians(event: Event) -> bool:
    return event.recipient is not None and event.recipient.sector in CIVILIAN_SECTORS


def targets_armed(event: Event) -> bool:
    """Two armed sides: ACLED's Battles. The recipient is armed (soldiers, police, rebels)."""
    return event.recipient is not None and event.recipient.sector in ARMED_SECTORS


def crowd_acts(event: Event) -> bool:
    """A crowd outside any organisation acts (ACLED's Mob violence): "a mob", "villagers",
    "angry residents" name the actor (`crowd` words of `data/events/acled_words.tsv`)."""
    return actor_named(event, "crowd")


def demonstrators_act(event: Event) -> bool:
    """Demonstrators do the violence (ACLED's Violent demonstration): "protesters torched
    the office" (`demonstrators` words of `data/events/acled_words.tsv`)."""
    return actor_named(event, "demonstrators")


def actor_named(event: Event, role: str) -> bool:
    words = set((event.actor.text if event.actor else "").lower().split())
    return bool(words & word_roles("events/acled_words.tsv").get(role, frozenset()))


# How a rule's `target` column is checked (`data/events/acled.tsv`).
TARGETS = {
    "civilian": targets_civilians, "armed": targets_armed, "crowd": crowd_acts,
    "demonstrators": demonstrators_act,
}


def fits_actor(rule: AcledRule, event: Event) -> bool:
    if rule.sub_event_type != GOVERNMENT_REGAINS:
        return True
    return event.actor is not None and event.actor.sector in STATE_SECTORS
