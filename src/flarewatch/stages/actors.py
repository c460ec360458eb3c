"""Actors: every actor mention in the document, coded country + PLOVER sector."""

from __future__ import annotations

from flarewatch.actors.mentions import document_mentions
from flarewatch.model import Document
from flarewatch.pipeline import stage


@stage("actors")
def actors(doc: Document) -> Document:
    doc.actors = document_mentions(doc)
    return doc
