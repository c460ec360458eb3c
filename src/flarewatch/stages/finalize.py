"""Stable ids and document order for the events of a document."""

from __future__ import annotations

import hashlib

from flarewatch.model import Document, Event
from flarewatch.pipeline import stage


@stage("finalize")
def finalize(doc: Document) -> Document:
    text_hash = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    doc.events.sort(key=lambda event: (event.start, event.trigger_start))
    for event in doc.events:
        event.doc_id = doc.id
        event.id = event_id(text_hash, event)
    return doc


def event_id(text_hash: str, event: Event) -> str:
    # The id depends on the text, the span and the place only, so re-running gives the same
    # ids; the place tells apart the events of one sentence listing several places hit.
    place = event.event_loc.name if event.event_loc is not None else ""
    key = f"{text_hash}:{event.trigger_start}:{event.trigger_end}:{event.event}:{place}"
    return "ev-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
