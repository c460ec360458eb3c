"""Stage `relevance`: the document's relevance to political violence, and violent
incidents without an agent or means of violence left out.

Sets `doc.relevance` and keeps in `doc.events` only the incidents that are happenings by
`flarewatch.incidents.relevance.is_happening` (deaths from disease, disasters and
accidents, culled animals, and weakly evidenced violence on off-topic pages are not).
Reads `doc.parse`, `doc.actors`, `doc.events` (incidents with their mentions).
"""

from __future__ import annotations

from flarewatch.incidents.relevance import is_happening, relevance
from flarewatch.model import Document, Event
from flarewatch.pipeline import stage


@stage("relevance")
def relevance_stage(doc: Document) -> Document:
    doc.relevance = relevance(doc)
    doc.events = [event for event in doc.events if is_happening(doc, event, triggers(doc, event))]
    return doc


def triggers(doc: Document, event: Event) -> list:
    """The trigger tokens of every telling of an incident (roots of their spans)."""
    found = []
    for span in event.tellings():
        words = doc.parse.char_span(span.start, span.end, alignment_mode="expand") if doc.parse else None
        if words is not None:
            found.append(words.root)
    return found
