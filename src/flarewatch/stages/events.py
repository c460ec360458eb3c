"""Event detection and typing: PLOVER type and mode for each event mention.

Triggers come from the lexicon in `data/events/` and are checked against the
dependency parse; see `flarewatch.events.detect` for how one mention gives one event.
Reads `doc.parse`; sets `doc.events`.
"""

from __future__ import annotations

from flarewatch.events.arguments import arguments
from flarewatch.events.detect import (
    Candidate,
    absorbed,
    evidence_tokens,
    find_candidates,
    is_anaphoric,
    merged_mode,
    names_kind_only,
)
from flarewatch.events.lexicon import mode_cues
from flarewatch.events.syntax import Token, char_span
from flarewatch.model import Document, Event
from flarewatch.pipeline import stage

# Physical events that a report retells a few sentences on with the same trigger and place.
RETOLD_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "AID"})
# Words that retell an incident's outcome rather than naming a new attack.
RETOLD_LEMMAS = frozenset({"kill", "die", "wound", "injure", "explode", "blast", "explosion"})


KEEP_RETELLINGS = True


@stage("events")
def events(doc: Document) -> Document:
    if doc.parse is None:
        return doc
    starts = {sentence.start: sentence.index for sentence in doc.sentences}
    found: list[Event] = []
    told: list[Event] = []  # every mention kept or retold: an incident stays recent while retold
    for ordinal, sentence in enumerate(doc.parse.sents):
        index = starts.get(sentence.start_char, ordinal)
        candidates = find_candidates(sentence)
        for candidate in candidates:
            if absorbed(candidate, candidates) or names_kind_only(candidate, candidates):
                continue
            event = make_event(doc, candidate, merged_mode(candidate, candidates), index)
            if KEEP_RETELLINGS or not repeats_earlier(doc, event, candidate.token, told):
                found.append(event)
            told.append(event)
    doc.events = found
    return doc


def make_event(doc: Document, candidate: Candidate, mode: str | None, sentence: int) -> Event:
    token = candidate.token
    start, end = char_span(evidence_tokens(token))
    name_start, name_end = char_span(naming_tokens(token, candidate))
    return Event(
        event=candidate.event,
        mode=mode,
        start=start,
        end=end,
        sentence=sentence,
        event_text=doc.text[name_start:name_end],
        trigger_start=token.idx,
        trigger_end=token.idx + len(token.text),
        confidence=0.7 if candidate.trigger.source == "curated" else 0.4,
    )


def naming_tokens(token: Token, candidate: Candidate) -> list[Token]:
    """The trigger with its particle and the nearby word it needed ("called on")."""
    found = [token]
    for child in token.children:
        near = abs(child.i - token.i) <= 3
        needs = candidate.trigger.needs
        needed = child.lemma_.lower() in needs or child.lower_ in needs
        if child.dep_ == "prt" or (near and needed):
            found.append(child)
    return found


def repeats_earlier(doc: Document, event: Event, token: Token, earlier: list[Event]) -> bool:
    """A bare "the attack", or the same trigger about the same named place, told again."""
    same_type = [other for other in earlier if other.event == event.event]
    retold = [o for o in same_type if retells(event, o)]
    if not same_type:
        return False
    if is_anaphoric(token) or retells_toll(doc, token, event, same_type):
        return True
    names = sentence_names(doc, event)
    lemma = token.lemma_.lower()
    for other in retold:
        if trigger_lemma(doc, other) == lemma and names & sentence_names(doc, other):
            return True
    return False


def retells_toll(doc: Document, token: Token, event: Event, earlier: list[Event]) -> bool:
    """"He died on Thursday", "the bomb exploded": a death or blast told again shortly after."""
    if event.event != "ASSAULT" or token.lemma_.lower() not in RETOLD_LEMMAS:
        return False
    if names_attacker(token):
        return False  # "gunmen killed three more": a new act, not the toll told again
    recent = [other for other in earlier if other.sentence >= event.sentence - 3]
    return any(trigger_lemma(doc, other) in RETOLD_LEMMAS for other in recent)


def names_attacker(token: Token) -> bool:
    """Whether a toll word has its own attacker (a weapon or a pronoun is none)."""
    actor, _ = arguments(token)
    head = actor[0] if actor else None
    return head is not None and head.pos_ != "PRON" and head.lemma_.lower() not in mode_cues()


def trigger_lemma(doc: Document, event: Event) -> str:
    span = doc.trigger_span(event)
    return span.root.lemma_.lower() if span is not None else ""


def retells(event: Event, earlier: Event) -> bool:
    return event.event in RETOLD_TYPES and event.sentence - earlier.sentence <= 3


def sentence_names(doc: Document, event: Event) -> set[str]:
    """Proper nouns of the sentence an event is told in (its place may sit outside its span)."""
    sentence = doc.sentences[event.sentence] if event.sentence < len(doc.sentences) else None
    if sentence is None:
        return proper_names(doc, event)
    span = doc.parse.char_span(sentence.start, sentence.end, alignment_mode="expand")
    return {token.lower_ for token in span if token.pos_ == "PROPN"} if span is not None else set()


def proper_names(doc: Document, event: Event) -> set[str]:
    span = doc.parse.char_span(event.start, event.end, alignment_mode="expand")
    return {token.lower_ for token in span if token.pos_ == "PROPN"} if span is not None else set()
