"""Stage `relevance`: the document's relevance to political violence, and violent
incidents without an agent or means of violence left out.

Sets `doc.relevance` (the page's vocabulary, then with its attacks' tellings) and keeps in
`doc.events` only the incidents that are happenings by
`flarewatch.incidents.relevance.is_happening` (deaths from disease, disasters and
accidents, culled animals, and weakly evidenced violence on off-topic pages are not).
Reads `doc.parse`, `doc.actors`, `doc.events` (incidents with their mentions).
"""

from __future__ import annotations

from flarewatch.events.syntax import Token
from flarewatch.incidents.relevance import is_happening, relevance
from flarewatch.model import Document, Event
from flarewatch.pipeline import stage


@stage("relevance")
def relevance_stage(doc: Document) -> Document:
    """Weak evidence is judged by the page's vocabulary (its words and armed actors); the
    relevance stored then counts the kept attacks' tellings too (`relevance`)."""
    doc.relevance = relevance(doc, attacks=False)
    doc.events = [event for event in doc.events if is_happening(doc, event, triggers(doc, event))]
    doc.relevance = relevance(doc)
    return doc


def triggers(doc: Document, event: Event) -> list[Token]:
    """The head tokens of every telling of an incident (roots of their spans)."""
    if doc.parse is None:
        return []
    spans = (doc.parse.char_span(s.start, s.end, alignment_mode="expand") for s in event.tellings())
    return [span.root for span in spans if span is not None]
