"""Violence told at a protest is the protest's own incident.

ACLED codes deaths and clashes at a demonstration under Protests or Riots, not Battles
or Violence against civilians (`shared/spec/ACLED.md`: Excessive force against
protesters, Violent demonstration, Protest with intervention), and annotators give one
event for "five were killed as police clashed with students protesting". An ASSAULT
mention is told at a protest when it is a toll with no attacker of its own ("five were
killed") or a clash with no means of force told (a weapon gives a mode), and a PROTEST
mention sits in its clause (not as what came before or after it) or its parties are a
crowd of protesters (`crowd` words in `data/incidents/words.tsv`). Such a mention
becomes a PROTEST telling with no mode of its own, so it joins the protest and brings
its toll. Force used on protesters by a named party ("police shot dead three
protesters") stays an ASSAULT, as PLOVER codes it.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.syntax import Token, in_sequence
from flarewatch.incidents.compare import names_attacker, trigger_token, words
from flarewatch.model import Document, Event


def at_protests(doc: Document, mentions: list[Event]) -> list[Event]:
    """The mentions, with those of violence at a protest retold as PROTEST mentions."""
    protests = [trigger_token(doc, m) for m in mentions if m.event == "PROTEST"]
    told = [token for token in protests if token is not None]
    return [as_protest(m) if at_protest(doc, m, told) else m for m in mentions]


def at_protest(doc: Document, mention: Event, protests: list[Token]) -> bool:
    trigger = trigger_token(doc, mention) if mention.event == "ASSAULT" else None
    if trigger is None or mention.mode is not None:
        return False
    if not (is_toll(trigger) or trigger.lemma_.lower() in words("clash")):
        return False
    inside = [token for token in trigger.subtree if not in_sequence(token, trigger)]
    linked = {token.i for token in inside} & {token.i for token in protests}
    return bool(linked) or any(token.lemma_.lower() in words("crowd") for token in inside)


def is_toll(trigger: Token) -> bool:
    """"five were killed": a toll with no attacker of its own; "police shot dead three
    protesters" is an assault on a protest (PLOVER ASSAULT, ACLED excessive force)."""
    return trigger.lemma_.lower() in words("outcome") and not names_attacker(trigger)


def as_protest(mention: Event) -> Event:
    return replace(mention, event="PROTEST", mode=None, acled=None)
