"""One event per place where a sentence lists several places hit.

"Missiles struck Kyiv, the city of Cherkasy and the Kharkiv region" tells three events,
one per place (ACLED codes one event per place and day). A mention whose location is one
of several coordinated place phrases ("X, Y and Z", "the town of Y") is copied for each
of the others; the copies carry no toll of their own, as the sentence rarely says whose
it is.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.geo.locate import phrase_head
from flarewatch.model import Document, Event, Place, Size


# Types ACLED records once per place: violence, coercion and protest.
PER_PLACE_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})


def expanded(doc: Document, event: Event) -> list[Event]:
    """The event, then a copy for each place coordinated with its location."""
    if event.event not in PER_PLACE_TYPES:
        return [event]
    return [event] + [at_place(event, place) for place in listed_with(doc, event.event_loc)]


def listed_with(doc: Document, place: Place | None) -> list[Place]:
    """Places whose phrases are coordinated with the phrase of `place`, in text order."""
    head = place_head(doc, place)
    if head is None or place is None:
        return []
    partners = {token.i for token in head.conjuncts}
    found = [other for other in doc.places if other is not place and place_head(doc, other) is not None]
    return [other for other in found if place_head(doc, other).i in partners]  # type: ignore[union-attr]


def place_head(doc: Document, place: Place | None):  # type: ignore[no-untyped-def]
    """The token heading a place's phrase ("town" in "the town of Izium"), or None."""
    if place is None or place.start < 0 or doc.parse is None:
        return None
    span = doc.parse.char_span(place.start, place.end, alignment_mode="expand")
    return phrase_head(span.root) if span is not None else None


def at_place(event: Event, place: Place) -> Event:
    return replace(event, event_loc=place, size=Size(), casualties=[], mentions=[])
