"""Stage `relevance`: the document's relevance to political violence, and violent
incidents without an agent or means of violence left out.

Sets `doc.relevance` (the page's vocabulary, then with its attacks' tellings) and keeps in
`doc.events` only the incidents that are happenings by
`flarewatch.incidents.relevance.is_happening` (deaths from disease, disasters and
accidents, culled animals, and weakly evidenced violence on off-topic pages are not).
Reads `doc.parse`, `doc.actors`, `doc.events` (incidents with their mentions).
"""

from __future__ import annotations

from flarewatch.incidents.relevance import (
    attack_tellings,
    is_happening,
    page_vocabulary,
    relevance,
    telling_roots,
)
from flarewatch.model import Document
from flarewatch.pipeline import stage


@stage("relevance")
def relevance_stage(doc: Document) -> Document:
    """Weak evidence is judged by the page's vocabulary (its words and armed actors); the
    relevance stored then counts the kept attacks' tellings too (`attack_tellings`)."""
    vocabulary = page_vocabulary(doc)
    doc.relevance = relevance(doc, vocabulary)
    told = [(event, telling_roots(doc, event)) for event in doc.events]
    kept = [(event, tellings) for event, tellings in told if is_happening(doc, event, tellings)]
    doc.events = [event for event, _ in kept]
    doc.relevance = relevance(doc, vocabulary, attack_tellings(doc, kept))
    return doc
