"""A denial answers the claim or accusation just told: its recipient is whoever made it.

"Pakistan's military accused Indian troops of firing mortar shells ... India's army denied
the charge": the REJECT's recipient is Pakistan's military (PLOVER: the party whose claim,
demand or accusation is rejected; the gold files of `shared/eval` fill `recipient` so). A
REJECT mention with no recipient of its own, that rejects a claim (a `rejected` word of
`data/incidents/words.tsv`: "the charge", "the claim"), an act ("denied killing
civilians") or nothing named ("the army denied"), takes the party of the nearest telling
before it, in its sentence or up to `REACH` sentences back, that accuses (an ACCUSE's
actor) or claims (the speaker of a claimed or reported telling), other than the denier.
A rejected proposal, demand or bail application ("rejected a proposal by Brazil") has a
maker of its own, which this does not guess.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.syntax import children
from flarewatch.incidents.compare import told_before, trigger_token, words
from flarewatch.model import Document, Entity, Event

REACH = 3  # sentences back
ANSWERED_MODALITIES = frozenset({"claimed", "reported"})
CLAUSE_OBJECTS = ("ccomp", "xcomp", "pcomp")  # "denied that ...", "denied killing ..."


def with_accusers(doc: Document, mentions: list[Event]) -> list[Event]:
    """The mentions, each REJECT with no recipient given the accuser it answers."""
    return [answered(doc, m, mentions) if m.event == "REJECT" and m.recipient is None else m
            for m in mentions]


def answered(doc: Document, denial: Event, mentions: list[Event]) -> Event:
    if not rejects_a_claim(doc, denial):
        return denial
    before = sorted(told_before(denial, mentions, REACH), key=lambda m: m.start)
    for told in reversed(before):
        party = accuser(told)
        if party is not None and party.code is not None and not same_party(party, denial.actor):
            return replace(denial, recipient=party)
    return denial


def rejects_a_claim(doc: Document, denial: Event) -> bool:
    """Whether the denial's object is a claim (`rejected` words), an act told as a clause,
    or nothing named."""
    trigger = trigger_token(doc, denial)
    if trigger is None:
        return False
    objects = children(trigger, "dobj")
    if not objects:
        return True
    return any(o.lemma_.lower() in words("rejected") for o in objects) or bool(
        children(trigger, *CLAUSE_OBJECTS))


def accuser(told: Event) -> Entity | None:
    """Who a telling's claim is from: an ACCUSE's actor, a claimed or reported telling's
    speaker."""
    if told.event == "ACCUSE":
        return told.actor
    return told.claimed_by if told.modality in ANSWERED_MODALITIES else None


def same_party(party: Entity, denier: Entity | None) -> bool:
    return denier is not None and (party.code, party.sector) == (denier.code, denier.sector)
