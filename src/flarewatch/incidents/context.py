"""The document's own context: the dateline's place, for the lede's incident.

A wire dateline ("KYIV, July 31 (Reuters) -", "KHARTOUM —") says where the report was
filed, which for the lede's incident is where it happened unless the lede names a place.
Only a dateline naming one place counts ("BEIRUT/THE HAGUE" names two).
"""

from __future__ import annotations

import re
from dataclasses import replace

from flarewatch.model import Document, Event, Place

# Upper-case words, then an optional date and agency, then a dash, within the first line.
DATELINE = re.compile(
    r"^\s*(?P<where>[A-Z][A-Z'’.\- ]{2,40})(?:,[^\n\-–—]{0,40})?\s*(?:\([^)\n]{1,30}\))?\s*[-–—]"
)
LEDE_SENTENCES = 2  # the lede: the first sentences after the dateline


def dateline_place(doc: Document) -> Place | None:
    """The one place the dateline names, None without a dateline or with several."""
    found = DATELINE.match(doc.text)
    if found is None:
        return None
    places = [p for p in doc.places if found.start("where") <= p.start < found.end("where")]
    return places[0] if len(places) == 1 else None


def with_dateline(doc: Document, events: list[Event]) -> list[Event]:
    """Lede incidents with no place of their own take the dateline's place."""
    place = dateline_place(doc)
    if place is None:
        return events
    return [placed(event, place) for event in events]


def placed(event: Event, place: Place) -> Event:
    lede = min(span.sentence for span in event.tellings()) < LEDE_SENTENCES
    return replace(event, event_loc=place) if lede and event.event_loc is None else event
