"""Blame for an incident just told is a telling of that incident, naming its perpetrator.

"Two farmers were shot dead near Phubala ... Meitei organisations blamed 'Kuki militants'
for the shooting", "A drone struck the market ... Residents blamed the army": annotators
list the blame as a telling of the attack (one record per incident, with its actor from
whichever telling names it: `shared/eval/ANNOTATION.md`), and a user wants the attack with
its alleged perpetrator, not a second record of an accusation. A `blame` mention (its
trigger a verb of `blaming`, `data/incidents/words.tsv`), told in the sentence of a violent
incident or the next, whose "for" names a violent event told as "the" ("for the shooting",
"for the attack") or that has no "for" at all, is retold as that incident's type with the
blamed party as its actor and the claim's modality (`claimed`); the comparison joins it
(`compare.telling`: `blamed`). Only onlookers' blame (residents, families, witnesses:
`ONLOOKERS`; a UN mission or an aid agency, of no side) is so retold: a government's, an
army's or an armed group's accusation is a verbal act that is news of its own
(ANNOTATION.md: an accusation; gold files differ here, and the held-out sets lost required
accusations when every blame was retold). An accusation of conduct ("accused the army of
abuses", "blamed the government for the crisis") stays an ACCUSE.

A claim of responsibility that names no act ("Al Shabaab claimed responsibility through its
radio station", "claimed responsibility for it"), told in the sentence of a violent incident
or the next, is a telling of that incident whose actor is the claimant (ANNOTATION.md: the
actor from the claim of responsibility), unless the incident's own attacker is a state's
force or a named party of another country than the claimant's (`may_claim`): "Israeli jets
struck the camp ... Hamas claimed responsibility" claims something else. A claim that names
its act ("claimed responsibility for the blast") is a telling already
(`events.detect.claimed_as_done`); one disowned ("no group claimed
responsibility", "has not claimed it") or not made ("has yet to claim") tells nothing.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.detect import is_anaphoric
from flarewatch.events.lexicon import claim_words, trigger_types
from flarewatch.events.syntax import (
    CORE_DEPS,
    Token,
    char_span,
    children,
    disowned,
    phrase,
    tokens_with_lemma,
)
from flarewatch.incidents.compare import STATE_SECTORS, told_before, trigger_token, words
from flarewatch.model import Document, Entity, Event
from flarewatch.stages.claims import source_phrase, speaker_entity

VIOLENT = frozenset({"ASSAULT"})
# PLOVER sectors of those whose blame attributes an attack rather than accuses: civilians,
# and no sector told (residents, families, witnesses, local groups) where no country is
# either: a country named alone ("Russia blamed Ukraine") is its state (`onlooker`).
ONLOOKERS = frozenset({"CVL", "UAF", "UNK"})
# International organisations, which take no side in a war (contract codes: IGO, NGO).
NEUTRAL_CODES = frozenset({"IGO", "NGO"})
# Verb tags of a claim made: past, perfect, present ("IS claims responsibility"); a
# participle after a noun ("a statement claiming responsibility") is one too.
MADE_TAGS = frozenset({"VBD", "VBN", "VBZ", "VBP"})


def with_blame(doc: Document, mentions: list[Event]) -> list[Event]:
    """The mentions, with blame for a told attack retold as a telling of it."""
    attacks = [m for m in mentions if m.event in VIOLENT]
    return [blamed(doc, m, attacks) for m in mentions]


def blamed(doc: Document, mention: Event, attacks: list[Event]) -> Event:
    trigger = trigger_token(doc, mention) if mention.event == "ACCUSE" else None
    if trigger is None or trigger.lemma_.lower() not in words("blaming"):
        return mention
    if mention.actor is not None and not onlooker(mention.actor):
        return mention  # a party's or an official's accusation is news of its own (ACCUSE)
    told = told_before(mention, attacks, 1)
    if not told or not blames_for_told(trigger):
        return mention
    return replace(mention, event=told[-1].event, mode=None, acled=None,
                   actor=mention.recipient, recipient=None, modality="claimed",
                   event_loc=None if names_blamed(mention) else mention.event_loc)


def names_blamed(mention: Event) -> bool:
    """Whether the accusation's place is the name of the party blamed ("blaming Turkey"):
    where that party is, not where the attack happened."""
    place, blamed = mention.event_loc, mention.recipient
    return place is not None and blamed is not None and place.text in blamed.text


def onlooker(actor: Entity) -> bool:
    """Whether the blaming party is an onlooker (`ONLOOKERS`): civilians, armed men of no
    side, people of no sector and no country ("residents", "witnesses"), or a body of no
    side in the war (`NEUTRAL_CODES`: a UN mission, an aid agency: "a mine destroyed a
    vehicle of MINUSCA ... MINUSCA blamed the 3R")."""
    return actor.sector in ONLOOKERS or (actor.sector is None and actor.code is None) \
        or actor.code in NEUTRAL_CODES


def blames_for_told(trigger: Token) -> bool:
    """"blamed X for the shooting" (a told event: a bare "the" event noun), or "blamed X"
    with no "for" at all; not "blamed X for the crisis" nor "for failing to protect"."""
    reasons = [o for p in children(trigger, "prep") if p.lower_ == "for"
               for o in children(p, "pobj", "pcomp")]
    return not reasons or any(is_anaphoric(o) and told_attack(o) for o in reasons)


def told_attack(noun: Token) -> bool:
    """A noun of violence ("the attack", or a gerund of a violent verb: "the shooting"),
    not of a state of affairs ("the crisis")."""
    lemma = noun.lemma_.lower()
    verb = lemma[:-3] if lemma.endswith("ing") else lemma
    return "ASSAULT" in trigger_types(lemma, "NOUN") | trigger_types(verb, "VERB")


def with_claims(doc: Document, mentions: list[Event]) -> list[Event]:
    """The mentions, with each claim of responsibility that names no act as a telling of
    the violent incident just told (see the module docstring), in text order."""
    if doc.parse is None:
        return mentions
    attacks = [m for m in mentions if m.event in VIOLENT]
    verbs = tokens_with_lemma(doc.parse, claim_words("claiming"))  # `unnamed_claim`'s first test
    claims = [claim for verb in verbs if (claim := claim_telling(doc, verb, attacks))]
    return sorted([*mentions, *claims], key=lambda m: m.start) if claims else mentions


def claim_telling(doc: Document, verb: Token, attacks: list[Event]) -> Event | None:
    """The telling a claim of responsibility with no act named makes of the last attack
    told in its sentence or the one before, or None."""
    if not unnamed_claim(verb):
        return None
    sentence = doc.sentence_at(verb.idx)
    speaker = source_phrase(verb)
    claimant = speaker_entity(doc, speaker) if speaker is not None else None
    start, end = char_span(phrase(verb, CORE_DEPS))
    claim = Event(event="ASSAULT", start=start, end=end,
                  sentence=sentence.index if sentence else 0,
                  event_text=verb.text, trigger_start=verb.idx,
                  trigger_end=verb.idx + len(verb.text), actor=claimant, claimed_by=claimant,
                  modality="claimed", doc_id=doc.id)
    told = told_before(claim, attacks, 1)
    if not told or not may_claim(told[-1].actor, claimant):
        return None
    return replace(claim, event=told[-1].event)


def unnamed_claim(verb: Token) -> bool:
    """"X claimed responsibility", "claimed responsibility for it": a claim made
    (`MADE_TAGS`, not disowned) whose `responsibility` object names no act ("for" nothing
    but a pronoun)."""
    if verb.lemma_.lower() not in claim_words("claiming"):
        return False
    if not (verb.tag_ in MADE_TAGS or (verb.tag_ == "VBG" and verb.dep_ == "acl")):
        return False
    objects = [o for o in children(verb, "dobj")
               if o.lemma_.lower() in claim_words("responsibility")]
    reasons = [r for word in (verb, *objects) for p in children(word, "prep")
               if p.lower_ == "for" for r in children(p, "pobj", "pcomp")]
    return bool(objects) and not disowned(verb) and all(r.pos_ == "PRON" for r in reasons)


def may_claim(actor: Entity | None, claimant: Entity | None) -> bool:
    """Whether a claimant may be the attacker: none named, or one of no country, or of the
    claimant's, or both no state's (`compare.STATE_SECTORS`: an attack by a state's
    government or forces is no other party's to claim)."""
    if actor is None or actor.code is None or claimant is None:
        return True
    same = actor.code == claimant.code
    return same or (actor.sector not in STATE_SECTORS and claimant.sector not in STATE_SECTORS)
