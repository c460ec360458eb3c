"""Stage `timexes`: every time expression of the text, resolved against the document date."""

from __future__ import annotations

from flarewatch.model import Document
from flarewatch.pipeline import stage
from flarewatch.timex import find_timexes


@stage("timexes")
def timexes(doc: Document) -> Document:
    doc.timexes = find_timexes(doc.text, doc.date, doc.parse)
    return doc
