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
`ONLOOKERS`) is so retold: a government's, an army's or an armed group's accusation is a
verbal act that is news of its own (ANNOTATION.md: an accusation; gold files differ here,
and the held-out sets lost required accusations when every blame was retold). An accusation
of conduct ("accused the army of abuses", "blamed the government for the crisis") stays an
ACCUSE.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.detect import is_anaphoric
from flarewatch.events.lexicon import trigger_types
from flarewatch.events.syntax import Token, children
from flarewatch.incidents.compare import told_before, trigger_token, words
from flarewatch.model import Document, Event

VIOLENT = frozenset({"ASSAULT"})
# PLOVER sectors of those whose blame attributes an attack rather than accuses: civilians,
# and no sector told (residents, families, witnesses, local groups).
ONLOOKERS = frozenset({None, "CVL", "UAF", "UNK"})


def with_blame(doc: Document, mentions: list[Event]) -> list[Event]:
    """The mentions, with blame for a told attack retold as a telling of it."""
    attacks = [m for m in mentions if m.event in VIOLENT]
    return [blamed(doc, m, attacks) for m in mentions]


def blamed(doc: Document, mention: Event, attacks: list[Event]) -> Event:
    trigger = trigger_token(doc, mention) if mention.event == "ACCUSE" else None
    if trigger is None or trigger.lemma_.lower() not in words("blaming"):
        return mention
    if mention.actor is not None and mention.actor.sector not in ONLOOKERS:
        return mention  # a party's or an official's accusation is news of its own (ACCUSE)
    told = told_before(mention, attacks, 1)
    if not told or not blames_for_told(trigger):
        return mention
    return replace(mention, event=told[-1].event, mode=None, acled=None,
                   actor=mention.recipient, recipient=None, modality="claimed")


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
