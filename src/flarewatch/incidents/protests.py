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
its toll. Force used on protesters by a named party ("police shot dead three
protesters") stays an ASSAULT, as PLOVER codes it.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.syntax import Token, in_sequence, people, subject_of
from flarewatch.incidents.compare import names_attacker, trigger_token, words
from flarewatch.model import Document, Event


def at_protests(doc: Document, mentions: list[Event]) -> list[Event]:
    """The mentions, with those of violence at a protest retold as PROTEST mentions."""
    protests = [trigger_token(doc, m) for m in mentions if m.event == "PROTEST"]
    told = [token for token in protests if token is not None]
    crowd = words("crowd") | protesting(told)
    return [as_protest(m) if at_protest(doc, m, told, crowd) else m for m in mentions]


def protesting(protests: list[Token]) -> frozenset[str]:
    """The common nouns the report tells protesting ("students marched", "farmers blocked
    the highway"), lemmas: a clash of theirs is the protest's (a toll of theirs may be
    another happening's: "people" protest and "people" are killed elsewhere)."""
    subjects = [people(subject) for token in protests if (subject := subject_of(token))]
    return frozenset(s.lemma_.lower() for s in subjects if s.pos_ == "NOUN")


def at_protest(doc: Document, mention: Event, protests: list[Token],
               crowd: frozenset[str]) -> bool:
    trigger = trigger_token(doc, mention) if mention.event == "ASSAULT" else None
    if trigger is None or mention.mode is not None:
        return False
    clash = trigger.lemma_.lower() in words("clash") or done_by(trigger, crowd)
    if not (is_toll(trigger) or clash):
        return False
    inside = [token for token in trigger.subtree if not in_sequence(token, trigger)]
    linked = {token.i for token in inside} & {token.i for token in protests}
    parties = crowd if clash else words("crowd")  # "four soldiers were killed" is no clash
    return bool(linked) or any(token.lemma_.lower() in parties for token in inside)


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
