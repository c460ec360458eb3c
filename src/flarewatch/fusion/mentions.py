"""Cross-document event coreference with given mentions: which mentions tell one happening.

`cluster_reports(reports)` clusters the mentions of each topic on its own (candidate links
never cross topics), as ECB+ is scored with gold topics (`../shared/data/fusion/README.md`):

1. every report is parsed with the project's spaCy model (`stages.parse.load_nlp`); each
   mention is seen through its head (the syntactic root of its span): lemma, a crude stem
   (`stem`), its groups of `data/fusion/event_lemmas.tsv`, part of speech, whether it
   modifies a noun, is a reporting verb (`data/events/reporting.tsv`), an aspectual verb or
   hedged (`data/fusion/words.tsv`); its arguments (the words of its dependents' phrases),
   among them its agents (subjects) and patients (objects); the content words of its own
   span ("injured reserve"); the number of its sentence in the report; and its sentence's
   content lemmas and named entities by kind (participants, places, times, numbers);
2. the reports of a topic are clustered by lexical overlap (`documents.py`): reports about
   one seminal event share names, numbers and words, and are close to the same other
   reports (their similarity profiles correlate);
3. each mention gets a probability of being a singleton and each candidate pair (same stem,
   a shared group, the same first five letters, or a content word shared by the two
   spans: "Watergate" / "the Watergate scandal") a probability of coreference, both
   logistic scores with the weights of `data/fusion/weights.tsv` (`pairs.py`, fit by
   `fusion/fit.py` on the ECB+ train topics);
4. average-link clustering of the topic's mentions over those probabilities (a pair that is
   no candidate counts 0) with the threshold of the weights file (`agglomerate.py`).

Inputs read: each report's `topic`, `text` and mention offsets. Nothing else: no document
id, no gold cluster or subtopic, no mention tag, no per-mention facts of a gold file.

This is the "event" mode, for ECB+. `cluster_reports(reports, mode="incident")` clusters
conflict incidents instead (`fusion.incidents`), reading the report's publication `date` too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from flarewatch.events.lexicon import word_roles

# Named-entity labels of the sentence around a mention, by the role they play for an event.
ENTITY_KINDS = {
    "participants": frozenset({"PERSON", "ORG", "NORP"}),
    "places": frozenset({"GPE", "LOC", "FAC"}),
    "times": frozenset({"DATE", "TIME"}),
    "numbers": frozenset({"CARDINAL", "QUANTITY", "MONEY", "ORDINAL", "PERCENT"}),
}
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "NUM", "ADJ"})
PHRASE_POS = frozenset({"NOUN", "PROPN", "NUM"})
# Dependents whose phrases are a mention's arguments (who, whom, where, when).
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "compound", "nmod",
                           "attr", "dative", "appos", "npadvmod", "acomp", "oprd"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
SUFFIXES = ("ing", "ed", "es", "s", "e")


@dataclass(frozen=True)
class Report:
    """What the clusterer reads of one report: its topic, text and mention offsets, and its
    publication date (YYYY-MM-DD, or None), which only the incident mode reads."""

    id: str
    topic: str
    text: str
    spans: tuple[tuple[int, int], ...]
    date: str | None = None


@dataclass(frozen=True)
class Mention:
    """One event mention as its head and surroundings show it."""

    report: int  # index of its report within the topic
    sentence: int  # index of its sentence's first token
    lemma: str
    stem: str
    groups: frozenset[str]
    pos: str
    modifier: bool
    reporting: bool
    aspectual: bool
    hedged: bool
    context: frozenset[str]
    arguments: frozenset[str]
    entities: dict[str, frozenset[str]]
    ordinal: int = 0  # number of its sentence within the report, from 0
    agents: frozenset[str] = frozenset()  # words of its subject (or passive "by") phrases
    patients: frozenset[str] = frozenset()  # words of its object (or passive subject) phrases
    words: frozenset[str] = frozenset()  # stems of the content words of its own span


def stem(word: str) -> str:
    """A crude stem that folds inflections the lemmatizer misses ("checks", "escaped"):
    the first of `SUFFIXES` stripped when at least three letters stay."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@cache
def lemma_groups() -> dict[str, frozenset[str]]:
    """stem -> the groups of `data/fusion/event_lemmas.tsv` it belongs to."""
    found: dict[str, set[str]] = {}
    for group, lemmas in word_roles("fusion/event_lemmas.tsv").items():
        for lemma in lemmas:
            found.setdefault(stem(lemma), set()).add(group)
    return {key: frozenset(groups) for key, groups in found.items()}


@cache
def reporting_lemmas() -> frozenset[str]:
    return frozenset().union(*word_roles("events/reporting.tsv").values())


@cache
def fusion_words(role: str) -> frozenset[str]:
    return word_roles("fusion/words.tsv").get(role, frozenset())


def token_key(token: Any) -> str:
    """A proper noun by its lower-cased text, any other word by its stemmed lemma."""
    return token.text.lower() if token.pos_ == "PROPN" else stem(token.lemma_)


def phrase_words(token: Any) -> set[str]:
    return {token_key(t) for t in token.subtree if t.pos_ in PHRASE_POS and not t.is_stop}


def arguments(head: Any) -> frozenset[str]:
    """The nouns, names and numbers of the head's argument phrases (through prepositions)."""
    found: set[str] = set()
    for child in head.children:
        if child.dep_ in ("prep", "agent"):
            for inner in child.children:
                if inner.dep_ == "pobj":
                    found |= phrase_words(inner)
        elif child.dep_ in ARGUMENT_DEPS:
            found |= phrase_words(child)
    return frozenset(found)


# Dependents that name who does a happening and to whom or what it is done (passive "by"
# phrases and passive subjects included; a possessor: "Reid's stint").
AGENT_DEPS = frozenset({"nsubj", "agent", "poss"})
PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd"})


def role_phrases(child: Any) -> list[Any]:
    """The phrase heads a dependent stands for: an "agent" ("by") its objects, else itself."""
    if child.dep_ == "agent":
        return [inner for inner in child.children if inner.dep_ == "pobj"]
    return [child]


def role_words(head: Any, deps: frozenset[str]) -> frozenset[str]:
    """The nouns, names and numbers of the phrases of the head's dependents in `deps`."""
    return frozenset(word for child in head.children if child.dep_ in deps
                     for phrase in role_phrases(child) for word in phrase_words(phrase))


def sentence_ordinal(doc: Any, sentence: Any) -> int:
    """The number of sentences that start before `sentence` in its doc."""
    return sum(1 for token in doc[: sentence.start] if token.is_sent_start)


def entity_words(sentence: Any, labels: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(word) for entity in sentence.ents if entity.label_ in labels
                     for word in entity.text.split()
                     if word[:1].isalnum() and word.lower() not in ("the", "a", "an", "of"))


def content_words(sentence: Any) -> frozenset[str]:
    return frozenset(stem(t.lemma_) for t in sentence
                     if t.pos_ in CONTENT_POS and not t.is_stop and not t.is_punct)


def hedged(head: Any) -> bool:
    """A modal or a negation on the head or on the verb that governs it."""
    hedges = fusion_words("hedge")
    return any(c.lemma_.lower() in hedges for c in (*head.children, *head.head.children)
               if c.dep_ in ("aux", "neg", "advmod"))


def span_words(doc: Any, start: int, end: int) -> frozenset[str]:
    """Stemmed lemmas of the content words that the characters start:end touch
    ("injured reserve" -> {"injur", "reserv"})."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return content_words(span) if span is not None else frozenset()


def head_token(doc: Any, start: int, end: int) -> Any:
    """The syntactic root of the tokens that the characters start:end touch."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):  # only blanks between start and end
        return next((t for t in doc if t.idx + len(t.text) > start), doc[len(doc) - 1])
    return span.root


def mention_view(doc: Any, report: int, start: int, end: int) -> Mention:
    """The `Mention` of characters start:end of a parsed report."""
    head = head_token(doc, start, end)
    sentence = head.sent
    lemma = head.lemma_.lower()
    key = stem(lemma)
    return Mention(
        report, sentence.start, lemma, key,
        lemma_groups().get(key, frozenset()) | lemma_groups().get(stem(head.text), frozenset()),
        head.pos_, head.dep_ in MODIFIER_DEPS, lemma in reporting_lemmas(),
        lemma in fusion_words("aspectual"), hedged(head),
        content_words(sentence) - {key}, arguments(head),
        {kind: entity_words(sentence, labels) for kind, labels in ENTITY_KINDS.items()},
        sentence_ordinal(doc, sentence), role_words(head, AGENT_DEPS),
        role_words(head, PATIENT_DEPS), span_words(doc, start, end),
    )


def topics_of(reports: Sequence[Report]) -> dict[str, list[int]]:
    """topic -> the indexes of its reports, in input order."""
    found: dict[str, list[int]] = {}
    for index, report in enumerate(reports):
        found.setdefault(report.topic, []).append(index)
    return found


def parsed(reports: Sequence[Report]) -> list[Any]:
    from flarewatch.stages.parse import DATELINE_PIPE, parse_texts

    texts = [report.text for report in reports]  # fitted on parses that keep the dateline
    return list(parse_texts(texts, batch_size=64, disable=(DATELINE_PIPE,)))


def cluster_reports(reports: Sequence[Report], mode: str = "event") -> list[list[str]]:
    """One cluster label (`<topic>-<n>`) per mention of each report, in input order.
    Mentions of different topics never share a label. `mode`: "event" (ECB+ events, as
    above) or "incident" (conflict incidents, `fusion.incidents`); ValueError for another."""
    docs, clusterer = parsed(reports), topic_clusterer(mode)
    labels: list[list[str]] = [[] for _ in reports]
    for topic, members in topics_of(reports).items():
        found = clusterer([reports[i] for i in members], [docs[i] for i in members])
        for index, numbers in zip(members, found, strict=True):
            labels[index] = [f"{topic}-{number}" for number in numbers]
    return labels


TopicClusterer = Callable[[Sequence[Report], Sequence[Any]], list[list[int]]]
MODES = ("event", "incident")


def topic_clusterer(mode: str) -> TopicClusterer:
    """The function that clusters one topic's parsed reports in `mode` (see `MODES`)."""
    if mode == "incident":
        from flarewatch.fusion.incidents import cluster_incidents

        return cluster_incidents
    if mode != "event":
        raise ValueError(f"unknown fusion mode {mode!r}; known: {', '.join(MODES)}")
    from flarewatch.fusion.pairs import cluster_topic, load_weights

    weights = load_weights()
    return lambda reports, docs: cluster_topic(reports, docs, weights)
