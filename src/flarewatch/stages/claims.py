"""Who says so, and whether it happened: `claimed_by`, `modality` and `confidence`.

An event told inside the clause of a reporting verb ("the ministry said that ...",
"reported about ...", "... , the army said") or after "according to X" is attributed to
that verb's subject. The verb gives the modality (said: reported, claimed: claimed,
denied: denied); a party vouching for its own action claims it. Negation, conditional
modals and plans mark the event itself. Unnamed civilians and rebels, once the attacker
and the place are known, take the country they belong to.
Reads `doc.parse`, `doc.actors`, `doc.events`; sets `claimed_by`, `modality`, `confidence`.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.arguments import resolve_pronoun
from flarewatch.events.detect import intended
from flarewatch.events.lexicon import reporting_verbs
from flarewatch.events.syntax import Token, children, phrase
from flarewatch.model import Document, Entity, Event
from flarewatch.pipeline import stage
from flarewatch.stages.roles import entity_in

HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should"})
PLANNING_VERBS = frozenset({"want", "plan", "intend", "prepare", "seek", "aim", "hope"})
COMBATANT_SECTORS = frozenset({"MIL", "REB", "UAF", "IMG"})
STATE_FORCES = frozenset({"MIL", "COP"})
ENEMY_FIGHTERS = frozenset({"REB", "UAF", "IMG"})
# Unnamed groups that belong to the place they are in (soldiers, journalists may be foreign).
LOCAL_SECTORS = frozenset({"CVL", "REB", "REF"})


@stage("claims")
def claims(doc: Document) -> Document:
    if doc.parse is None:
        return doc
    for event in doc.events:
        span = doc.parse.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
        if span is not None:
            attribute(doc, event, span.root)
        event.recipient = localised(event)
        event.confidence = confidence(event)
    return doc


def attribute(doc: Document, event: Event, trigger: Token) -> None:
    verb = reporting_verb(trigger)
    if verb is not None:
        speaker = source_phrase(verb)
        event.claimed_by = entity_in(doc, phrase(speaker)) if speaker is not None else None
        event.modality = reporting_modality(verb) or "reported"
        if event.modality == "reported" and vouches_for_itself(event, trigger, speaker):
            event.modality = "claimed"
            credit_speaker(event)
    own = own_modality(trigger)
    if own != "negated":  # "would attack" read as a threat is threatened, not hypothetical
        own = announced(event, trigger) or own
    if own is not None:
        event.modality = own


def announced(event: Event, trigger: Token) -> str | None:
    """A threat is threatened; an act promised for later ("will release") is planned."""
    if event.event == "THREATEN":
        return "threatened"
    return "planned" if event.event == "AGREE" and intended(trigger) else None


def reporting_verb(trigger: Token) -> Token | None:
    """The reporting verb whose clause holds the trigger, if any."""
    node = trigger
    for _ in range(6):
        if node.dep_ in ("conj", "nsubj", "nsubjpass") or node.head.i == node.i:
            break
        node = node.head
        if reporting_modality(node) and node.i != trigger.i:
            return node
    return quoting_verb(trigger)


def quoting_verb(trigger: Token) -> Token | None:
    """"..., the army said": a reporting verb hanging off the sentence root."""
    root = trigger.sent.root
    for child in root.children:
        if child.dep_ in ("parataxis", "ccomp") and reporting_modality(child):
            if child.i > trigger.i and children(child, "nsubj"):
                return child
    for token in trigger.sent:
        if token.lower_ == "according" and token.i != trigger.i:
            return token
    return None


def reporting_modality(token: Token) -> str | None:
    """The modality a reporting word gives ("according" is matched as written)."""
    verbs = reporting_verbs()
    by_lemma = verbs.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
    return verbs.get(token.lower_) or by_lemma


def source_phrase(verb: Token) -> Token | None:
    """Who speaks: the subject of the reporting verb, or the object of "according to"."""
    if verb.lower_ == "according":
        objects = [obj for prep in children(verb, "prep") for obj in children(prep, "pobj")]
        return objects[0] if objects else None
    subjects = children(verb, "nsubj")
    if subjects:
        return resolve_pronoun(subjects[0])
    return verb.head if verb.dep_ in ("acl", "relcl") else None  # "officials, reporting ..."


def vouches_for_itself(event: Event, trigger: Token, speaker: Token | None) -> bool:
    """A fighting party telling of its own action, or of enemy losses, claims it."""
    if speaker is None or event.claimed_by is None:
        return False
    subject = next(iter(children(trigger, "nsubj")), None)
    if subject is not None and subject.pos_ == "PRON":
        return True
    own_side = event.actor is None or event.actor.code is None
    return own_side and event.claimed_by.sector in COMBATANT_SECTORS


def credit_speaker(event: Event) -> None:
    """"The army said 30 rebels were killed": state forces announcing enemy fighters' losses,
    with no attacker named, claim their own operation; other victims ("civilians died")
    say nothing of who did it."""
    speaker, victims = event.claimed_by, event.recipient
    unnamed = event.actor is None or not event.actor.text  # no attacker named at all
    if event.event != "ASSAULT" or not unnamed or speaker is None or victims is None:
        return
    if speaker.sector in STATE_FORCES and victims.sector in ENEMY_FIGHTERS:
        event.actor = speaker


def localised(event: Event) -> Entity | None:
    """Unnamed civilians or rebels are people of the country where it happened ("civilians
    killed in Aleppo" are Syrian); rebels fought by a state's forces, of that state."""
    victims = event.recipient
    if victims is None or victims.code is not None or victims.sector not in LOCAL_SECTORS:
        return victims
    country = event.event_loc.country if event.event_loc is not None else None
    if country is None and victims.sector == "REB" and fought_by_state(event):
        country = event.actor.code if event.actor is not None else None
    return replace(victims, code=country) if country else victims


def fought_by_state(event: Event) -> bool:
    actor = event.actor
    return actor is not None and actor.code is not None and actor.sector in STATE_FORCES


def own_modality(trigger: Token) -> str | None:
    """Negation, conditionals and plans stated on the trigger's own clause."""
    deps = {child.dep_ for child in trigger.children}
    if "neg" in deps:
        return "negated"
    if any(aux.lower_ in HYPOTHETICAL_AUX for aux in children(trigger, "aux")):
        return "hypothetical"
    if any(mark.lower_ == "if" for mark in children(trigger, "mark")):
        return "hypothetical"
    clause = trigger.head if trigger.dep_ == "dobj" else trigger  # "plan to launch an offensive"
    if clause.dep_ == "xcomp" and clause.head.lemma_.lower() in PLANNING_VERBS:
        return "planned"
    if clause.dep_ == "xcomp" and clause.head.lemma_.lower() == "threaten":
        return "threatened"
    return None


def confidence(event: Event) -> float:
    """Trigger strength, raised by a named actor and a mode, lowered by doubt."""
    score = event.confidence
    score += 0.1 if known(event.actor) else 0.0
    score += 0.05 if event.mode else 0.0
    score -= {"claimed": 0.1, "denied": 0.3, "hypothetical": 0.3, "negated": 0.4}.get(
        event.modality, 0.0
    )
    return round(min(max(score, 0.05), 0.95), 2)


def known(entity: Entity | None) -> bool:
    return entity is not None and entity.code is not None
