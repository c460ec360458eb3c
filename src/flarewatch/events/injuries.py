"""Injuries told without a status word: as care ("30 people were treated for shrapnel
wounds", "medics treated eight people for burns", "nine were receiving treatment in
hospital"), as an injury borne ("two soldiers sustained gunshot wounds", "a man was taken
to hospital with burns"). The words are those of `data/events/injuries.tsv`;
`flarewatch.stages.casualties` records what these find as it records the tolls of status
words.
"""

from __future__ import annotations

from functools import cache

from flarewatch.events.lexicon import statuses, victim_sectors, word_roles
from flarewatch.events.syntax import Token, children


@cache
def words(role: str) -> frozenset[str]:
    return word_roles("events/injuries.tsv").get(role, frozenset())


def care_victims(token: Token) -> list[Token]:
    """The heads of the people an injury word or a treatment word says were injured:
    the passive subject or object of "treated for wounds" / "treated in hospital", the
    subject of "receiving treatment for burns" and of "sustained a gunshot wound", and
    the bearer of "with shrapnel wounds" (the people noun it hangs on, else the subject
    of its verb). [] for any other word."""
    lemma = token.lemma_.lower()
    if lemma in words("treat") and token.pos_ == "VERB" and cared_for(token):
        return children(token, "nsubjpass") or children(token, "dobj")
    if lemma in words("treat") and token.pos_ == "NOUN" and cared_for(token):
        return children(token.head, "nsubj") if token.dep_ == "dobj" else []
    if lemma in words("suffer") and any(is_injury(o) for o in children(token, "dobj")):
        return children(token, "nsubj")
    if token.lower_ == "with" and any(is_injury(o) for o in children(token, "pobj")):
        return bearer(token)
    return []


def cared_for(treatment: Token) -> bool:
    """"for wounds", "for burns and bruises", "in hospital", "at a clinic" on the word."""
    for preposition in children(treatment, "prep"):
        objects = children(preposition, "pobj")
        if preposition.lower_ == "for" and any(is_injury(o) for o in objects):
            return True
        if preposition.lower_ in ("in", "at") and any(
                o.lemma_.lower() in words("care") for o in objects):
            return True
    return False


def is_injury(noun: Token) -> bool:
    """An injury noun, or one coordinated with it ("cuts and bruises")."""
    return any(n.lemma_.lower() in words("injury") for n in [noun, *children(noun, "conj")])


def bearer(preposition: Token) -> list[Token]:
    """Who bears the injury of a "with" phrase: the noun it hangs on when that names people
    ("a woman with a head wound"), else the subject of the verb above it ("was taken to
    hospital with burns"); none under a word of death ("died with", "killed with")."""
    head = preposition.head
    if head.pos_ in ("NOUN", "PROPN") and (head.lemma_.lower() in victim_sectors()
                                           or head.ent_type_ == "PERSON"):
        return [head]
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    if head.pos_ != "VERB" or statuses().get(head.lemma_.lower()) == "dead":
        return []
    return children(head, "nsubjpass") or children(head, "nsubj")
