"""Stage `event_dates`: each event's date from the time expression that governs it.

Reads `doc.timexes`, `doc.parse`, `doc.events`; sets `date`, `enddate`, `date_precision`,
`date_text` on each event (see `flarewatch.timex.governing` for the order of preference).
"""

from __future__ import annotations

from flarewatch.model import Document
from flarewatch.pipeline import stage
from flarewatch.timex.governing import event_date


@stage("event_dates")
def event_dates(doc: Document) -> Document:
    for event in doc.events:
        found = event_date(doc, event)
        if found is None:
            continue
        event.date, event.enddate = found.date, found.enddate
        event.date_precision = found.precision
        event.date_text = found.text or None
    return doc
