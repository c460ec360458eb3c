"""Event detection and typing: PLOVER type and mode for each event mention.

Triggers come from the lexicon in `data/events/` and are checked against the
dependency parse; see `flarewatch.events.detect` for how one mention gives one event.
Every telling is kept: the `incidents` stage groups the mentions of one happening.
Reads `doc.parse`; sets `doc.events`.
"""

from __future__ import annotations

from flarewatch.events.detect import (
    Candidate,
    absorbed,
    evidence_tokens,
    find_candidates,
    merged_mode,
    names_kind_only,
)
from flarewatch.events.syntax import Token, char_span
from flarewatch.model import Document, Event
from flarewatch.pipeline import stage


@stage("events")
def events(doc: Document) -> Document:
    if doc.parse is None:
        return doc
    starts = {sentence.start: sentence.index for sentence in doc.sentences}
    found: list[Event] = []
    for ordinal, sentence in enumerate(doc.parse.sents):
        index = starts.get(sentence.start_char, ordinal)
        candidates = find_candidates(sentence)
        for candidate in candidates:
            if not candidate.told or absorbed(candidate, candidates) \
                    or names_kind_only(candidate, candidates):
                continue
            found.append(make_event(doc, candidate, merged_mode(candidate, candidates), index))
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
