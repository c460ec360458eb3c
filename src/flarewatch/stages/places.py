"""Toponyms recognised and resolved: sets `doc.places` (every place the text names) and
`doc.demonyms` (the places demonyms stand for: "Turkish", "Russians")."""

from __future__ import annotations

from flarewatch.geo.geoparse import demonym_places, geoparse
from flarewatch.geo.index import load_gazetteer
from flarewatch.geo.recognize import common_word_starts
from flarewatch.model import Document
from flarewatch.pipeline import stage


@stage("places", prepare=load_gazetteer)
def places(doc: Document) -> Document:
    doc.places = geoparse(doc.text, doc.mentions, common_word_starts(doc.parse))
    doc.demonyms = demonym_places(doc.text, doc.mentions, doc.places)
    return doc
