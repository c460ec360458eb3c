"""Scores of mentions and mention pairs in one topic, and the topic's clusters (fusion, 3-4).

Two logistic models, weights in `data/fusion/weights.tsv` (fit by `flarewatch.fusion.fit`):

- singleton: how likely a mention tells a happening no other mention tells (reporting
  verbs, noun modifiers, hedged or aspectual words, words no other report of its document
  cluster repeats);
- pair: how likely two candidate mentions (`candidate_pairs`: the same stem, a shared
  lemma group, the same first five letters, or a content word that both spans hold) tell
  the same happening: lexical match, document similarity and cluster, same report or
  sentence, overlap and conflict of context, arguments, agents, patients and named
  entities, the parts of speech, how late in their reports they come (log of the smaller
  sentence number: the lead tells the seminal event), and the singleton scores of the two.

Features are fractions, 0/1 flags or logs of counts; a conflict is two non-empty sets that
share nothing (e.g. two places named around two mentions of "the earthquake").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from flarewatch.fusion.agglomerate import average_link
from flarewatch.fusion.documents import (
    document_clusters,
    document_similarity,
    profile_similarity,
)
from flarewatch.fusion.mentions import ENTITY_KINDS, Mention, Report, mention_view
from flarewatch.paths import DATA_DIR

WEIGHTS_FILE = DATA_DIR / "fusion" / "weights.tsv"
PREFIX = 5  # letters two stems share to be candidates ("explo-de", "explo-sion")


@dataclass(frozen=True)
class Weights:
    """The two models' weights (feature -> weight, "bias" included) and the thresholds."""

    singleton: dict[str, float]
    pair: dict[str, float]
    document_threshold: float
    mention_threshold: float


@dataclass(frozen=True)
class Topic:
    """The mentions of one topic's reports, the reports' similarity and document clusters."""

    mentions: list[Mention]
    similarity: np.ndarray
    clusters: list[int]

    def same_cluster(self, a: Mention, b: Mention) -> bool:
        return self.clusters[a.report] == self.clusters[b.report]


def load_weights(path: Path = WEIGHTS_FILE) -> Weights:
    """`model<TAB>feature<TAB>value` lines (model: singleton, pair or threshold); ValueError
    for a feature the code does not compute or a missing one."""
    tables: dict[str, dict[str, float]] = {"singleton": {}, "pair": {}, "threshold": {}}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            model, feature, value = line.split("\t")
            tables[model][feature] = float(value)
    for model, names in (("singleton", SINGLETON_FEATURES), ("pair", PAIR_FEATURES)):
        if set(tables[model]) != {"bias", *names}:
            raise ValueError(f"{path}: {model} weights do not match the features {names}")
    return Weights(tables["singleton"], tables["pair"], tables["threshold"]["documents"],
                   tables["threshold"]["mentions"])


def topic_view(reports: Sequence[Report], docs: Sequence[Any], threshold: float) -> Topic:
    """The `Topic` of parsed reports, documents clustered at `threshold` of their profile
    similarity (`documents.profile_similarity`)."""
    mentions = [mention_view(doc, index, start, end)
                for index, (report, doc) in enumerate(zip(reports, docs, strict=True))
                for start, end in report.spans]
    similarity = document_similarity(docs)
    return Topic(mentions, similarity,
                 document_clusters(profile_similarity(similarity), threshold))


def lexical_keys(mention: Mention) -> set[tuple[str, str]]:
    keys = {("stem", mention.stem)} | {("group", group) for group in mention.groups}
    keys |= {("word", word) for word in mention.words}
    if len(mention.stem) >= PREFIX:
        keys.add(("prefix", mention.stem[:PREFIX]))
    return keys


def candidate_pairs(mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """The pairs (i < j) of mentions that share a stem, a lemma group, a prefix or a content
    word of their spans."""
    buckets: dict[tuple[str, str], list[int]] = {}
    for index, mention in enumerate(mentions):
        for key in lexical_keys(mention):
            buckets.setdefault(key, []).append(index)
    return sorted({pair for members in buckets.values() for pair in combinations(members, 2)})


def logistic(rows: np.ndarray, weights: dict[str, float], names: Sequence[str]) -> np.ndarray:
    """The probability of each row of features (columns in the order of `names`)."""
    vector = np.array([weights[name] for name in names])
    return 1 / (1 + np.exp(-(weights["bias"] + rows @ vector)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def conflict(a: frozenset[str], b: frozenset[str]) -> float:
    return float(bool(a) and bool(b) and not a & b)


# ---- singleton model: one row a mention


def match_counts(topic: Topic, pairs: Sequence[tuple[int, int]]) -> list[list[set[int]]]:
    """Per mention: [reports of its document cluster, reports elsewhere in the topic,
    mentions of its own report] holding a lexical match."""
    found: list[list[set[int]]] = [[set(), set(), set()] for _ in topic.mentions]
    for i, j in pairs:
        for me, other in ((i, j), (j, i)):
            a, b = topic.mentions[me], topic.mentions[other]
            where = 2 if a.report == b.report else 0 if topic.same_cluster(a, b) else 1
            found[me][where].add(b.report if where < 2 else other)
    return found


def singleton_row(topic: Topic, mention: Mention, matches: list[set[int]]) -> list[float]:
    in_cluster, elsewhere, in_report = (len(found) for found in matches)
    cluster_size = topic.clusters.count(topic.clusters[mention.report])
    return [in_cluster / max(cluster_size - 1, 1), math.log1p(in_cluster),
            math.log1p(in_cluster + elsewhere), math.log1p(in_report),
            float(mention.reporting), float(mention.modifier), float(mention.hedged),
            float(mention.aspectual), float(mention.pos == "VERB"), float(mention.pos == "NOUN")]


SINGLETON_FEATURES = ("cluster_share", "cluster_reports", "topic_reports", "report_mentions",
                      "reporting", "modifier", "hedged", "aspectual", "verb", "noun")


def singleton_table(topic: Topic, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    counts = match_counts(topic, pairs)
    rows = [singleton_row(topic, m, found) for m, found in zip(topic.mentions, counts,
                                                                 strict=True)]
    return np.array(rows, dtype=float).reshape(len(rows), len(SINGLETON_FEATURES))


# ---- pair model: one row a candidate pair


def entity_features(a: Mention, b: Mention) -> list[float]:
    kinds = list(ENTITY_KINDS)
    return ([jaccard(a.entities[k], b.entities[k]) for k in kinds]
            + [conflict(a.entities[k], b.entities[k]) for k in kinds])


def pair_row(topic: Topic, a: Mention, b: Mention, frequency: Callable[[Mention], float],
             singleton: tuple[float, float]) -> list[float]:
    same_report = a.report == b.report
    return [
        float(a.lemma == b.lemma), float(bool(a.groups & b.groups) and a.stem != b.stem),
        float(a.stem[:PREFIX] == b.stem[:PREFIX] and a.stem != b.stem),
        float(topic.similarity[a.report, b.report]), float(topic.same_cluster(a, b)),
        float(same_report), float(same_report and a.sentence == b.sentence),
        jaccard(a.context, b.context), jaccard(a.arguments, b.arguments),
        *entity_features(a, b),
        float(a.reporting or b.reporting), float(a.modifier or b.modifier),
        float(a.pos == b.pos == "VERB"), float(a.pos == b.pos == "NOUN"),
        (frequency(a) + frequency(b)) / 2, max(singleton),
        *role_features(a, b), math.log1p(min(a.ordinal, b.ordinal)),
        float(bool(a.words & b.words) and a.stem != b.stem),
    ]


def role_features(a: Mention, b: Mention) -> list[float]:
    """Overlap and conflict of the two mentions' agents, then of their patients."""
    return [jaccard(a.agents, b.agents), jaccard(a.patients, b.patients),
            conflict(a.agents, b.agents), conflict(a.patients, b.patients)]


PAIR_FEATURES = (
    "same_lemma", "same_group", "same_prefix", "document_similarity", "same_document_cluster",
    "same_report", "same_sentence", "context", "arguments",
    *ENTITY_KINDS, *(f"{kind}_conflict" for kind in ENTITY_KINDS),
    "reporting", "modifier", "both_verbs", "both_nouns", "frequency", "singleton",
    "agents", "patients", "agents_conflict", "patients_conflict", "ordinal", "shared_word",
)


def stem_frequency(topic: Topic) -> Callable[[Mention], float]:
    """log(mentions of the stem in the topic / reports of the topic)."""
    counts: dict[str, int] = {}
    for mention in topic.mentions:
        counts[mention.stem] = counts.get(mention.stem, 0) + 1
    reports = len(topic.clusters)
    return lambda mention: math.log(counts[mention.stem] / reports)


def pair_table(topic: Topic, pairs: Sequence[tuple[int, int]],
               singleton: np.ndarray) -> np.ndarray:
    frequency = stem_frequency(topic)
    rows = [pair_row(topic, topic.mentions[i], topic.mentions[j], frequency,
                     (singleton[i], singleton[j])) for i, j in pairs]
    return np.array(rows, dtype=float).reshape(len(rows), len(PAIR_FEATURES))


def pair_probabilities(topic: Topic, pairs: Sequence[tuple[int, int]],
                       weights: Weights) -> np.ndarray:
    singleton = logistic(singleton_table(topic, pairs), weights.singleton, SINGLETON_FEATURES)
    return logistic(pair_table(topic, pairs, singleton), weights.pair, PAIR_FEATURES)


def mention_clusters(size: int, pairs: Sequence[tuple[int, int]], probabilities: np.ndarray,
                     threshold: float) -> list[int]:
    scores = np.zeros((size, size))
    for (i, j), probability in zip(pairs, probabilities, strict=True):
        scores[i, j] = scores[j, i] = probability
    return average_link(scores, threshold)


def cluster_topic(reports: Sequence[Report], docs: Sequence[Any],
                  weights: Weights) -> list[list[int]]:
    """Cluster numbers per mention of each report of one topic (see `mentions.py`)."""
    topic = topic_view(reports, docs, weights.document_threshold)
    pairs = candidate_pairs(topic.mentions)
    probabilities = pair_probabilities(topic, pairs, weights)
    numbers = iter(mention_clusters(len(topic.mentions), pairs, probabilities,
                                    weights.mention_threshold))
    return [[next(numbers) for _ in report.spans] for report in reports]
