"""Stage `timexes`: every time expression of the text, resolved against the document date.

"Local time" takes the zone of the place the document reports on, from `doc.places`:
the `places` stage runs first (in the default pipeline and in `flarewatch timex`).
"""

from __future__ import annotations

from flarewatch.model import Document
from flarewatch.pipeline import stage
from flarewatch.timex import find_timexes


@stage("timexes")
def timexes(doc: Document) -> Document:
    doc.timexes = find_timexes(doc.text, doc.date, doc.parse, places=doc.places)
    return doc
