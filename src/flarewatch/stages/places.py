"""Toponyms recognised and resolved: sets `doc.places` (every place the text names)."""

from __future__ import annotations

from flarewatch.geo.geoparse import geoparse
from flarewatch.model import Document
from flarewatch.pipeline import stage


@stage("places")
def places(doc: Document) -> Document:
    doc.places = geoparse(doc.text, doc.mentions)
    return doc
