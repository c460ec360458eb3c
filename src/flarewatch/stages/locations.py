"""Where each event happened: sets `event.event_loc` from the places the trigger governs."""

from __future__ import annotations

from flarewatch.geo.index import load_gazetteer
from flarewatch.geo.locate import event_location
from flarewatch.model import Document
from flarewatch.pipeline import stage


@stage("locations", prepare=load_gazetteer)
def locations(doc: Document) -> Document:
    for event in doc.events:
        event.event_loc = event_location(doc, event)
    return doc
