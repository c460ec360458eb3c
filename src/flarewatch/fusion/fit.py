"""Fit the fusion weights (`data/fusion/weights.tsv`) on the ECB+ research train topics.

`python -m flarewatch.fusion.fit ../shared/data/fusion/ecbplus-dev.jsonl [OUT.tsv]` fits,
for each document threshold of `DOCUMENT_THRESHOLDS`, the singleton model (is a mention's
gold cluster of size 1?) and then the pair model (do two candidate mentions share a gold
cluster?) by L2-regularised logistic regression on the train topics only
(`evaluation.fusion.ECBPLUS_TRAIN_TOPICS`), and keeps the document and mention thresholds
with the best CoNLL F1 on those topics. The dev topics are never read. Document thresholds
are on the profile correlation of `documents.profile_similarity`, in [-1, 1]. Deterministic:
Newton's method from zero on standardised features.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from flarewatch.fusion.mentions import parsed, topics_of
from flarewatch.fusion.pairs import (
    PAIR_FEATURES,
    SINGLETON_FEATURES,
    WEIGHTS_FILE,
    Topic,
    Weights,
    candidate_pairs,
    logistic,
    mention_clusters,
    pair_probabilities,
    pair_table,
    singleton_table,
    topic_view,
)

DOCUMENT_THRESHOLDS = (-0.05, 0.0, 0.05)
MENTION_THRESHOLDS = tuple(round(0.3 + 0.025 * step, 3) for step in range(11))
L2, STEPS, TOLERANCE = 1e-3, 100, 1e-10


def fit_logistic(rows: np.ndarray, gold: np.ndarray, names: Sequence[str]) -> dict[str, float]:
    """Weights (and "bias") of a logistic model of `gold` (0/1) on the feature rows: the
    minimum of the mean log loss plus L2/2 * |weights|^2 on standardised features, found by
    Newton's method (at most `STEPS` steps, until a step moves less than `TOLERANCE`)."""
    mean, spread = rows.mean(axis=0), rows.std(axis=0) + 1e-9
    scaled = np.hstack([np.ones((len(rows), 1)), (rows - mean) / spread])
    weights = np.zeros(scaled.shape[1])
    for _ in range(STEPS):
        step = newton_step(scaled, gold, weights)
        weights -= step
        if float(step @ step) < TOLERANCE:
            break
    slopes = weights[1:] / spread
    return {"bias": float(weights[0] - slopes @ mean),
            **{name: float(w) for name, w in zip(names, slopes, strict=True)}}


def newton_step(scaled: np.ndarray, gold: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Hessian^-1 @ gradient of the regularised mean log loss at `weights`."""
    predicted = 1 / (1 + np.exp(-scaled @ weights))
    gradient = scaled.T @ (predicted - gold) / len(gold) + L2 * weights
    curvature = (scaled * (predicted * (1 - predicted))[:, None]).T @ scaled / len(gold)
    return np.linalg.solve(curvature + L2 * np.eye(len(weights)), gradient)


@dataclass
class TrainTopic:
    """A train topic seen at one document threshold, with its gold clusters."""

    topic: Topic
    gold: list[str]
    pairs: list[tuple[int, int]]

    def singleton_gold(self, sizes: Counter[str]) -> np.ndarray:
        return np.array([sizes[cluster] == 1 for cluster in self.gold], dtype=float)

    def pair_gold(self) -> np.ndarray:
        return np.array([self.gold[i] == self.gold[j] for i, j in self.pairs], dtype=float)


def train_topics(records: Sequence[dict[str, Any]], docs: Sequence[Any],
                 threshold: float) -> list[TrainTopic]:
    from flarewatch.evaluation.fusion import as_report

    reports = [as_report(record) for record in records]
    found = []
    for members in topics_of(reports).values():
        topic = topic_view([reports[i] for i in members], [docs[i] for i in members], threshold)
        gold = [str(m["cluster"]) for i in members for m in records[i]["mentions"]]
        found.append(TrainTopic(topic, gold, candidate_pairs(topic.mentions)))
    return found


def fit_models(topics: Sequence[TrainTopic], sizes: Counter[str]) -> tuple[dict[str, float],
                                                                            dict[str, float]]:
    """The singleton model, then the pair model fed with its probabilities."""
    tables = [singleton_table(t.topic, t.pairs) for t in topics]
    singleton = fit_logistic(np.vstack(tables), np.concatenate(
        [t.singleton_gold(sizes) for t in topics]), SINGLETON_FEATURES)
    rows = [pair_table(t.topic, t.pairs, logistic(table, singleton, SINGLETON_FEATURES))
            for t, table in zip(topics, tables, strict=True)]
    pair = fit_logistic(np.vstack(rows), np.concatenate([t.pair_gold() for t in topics]),
                        PAIR_FEATURES)
    return singleton, pair


def topic_probabilities(topics: Sequence[TrainTopic], singleton: dict[str, float],
                        pair: dict[str, float]) -> list[np.ndarray]:
    """The pair probabilities of each topic's candidate pairs under the two models."""
    weights = Weights(singleton, pair, 0.0, 0.0)
    return [pair_probabilities(t.topic, t.pairs, weights) for t in topics]


def train_conll(topics: Sequence[TrainTopic], probabilities: Sequence[np.ndarray],
                threshold: float) -> float:
    """The CoNLL F1 on the train topics of their mentions clustered at `threshold`."""
    from flarewatch.evaluation.fusion import scores

    gold: dict[tuple[int, int], str] = {}
    found: dict[tuple[int, int], str] = {}
    for number, (t, found_p) in enumerate(zip(topics, probabilities, strict=True)):
        labels = mention_clusters(len(t.gold), t.pairs, found_p, threshold)
        for index, (cluster, label) in enumerate(zip(t.gold, labels, strict=True)):
            gold[(number, index)], found[(number, index)] = cluster, f"{number}-{label}"
    return float(scores(gold, found)["conll"])


def fit(path: Path) -> tuple[Weights, float]:
    """The weights with the best train CoNLL F1, and that F1."""
    from flarewatch.evaluation.fusion import ECBPLUS_TRAIN_TOPICS, as_report, read_fusion

    records = [r for r in read_fusion(path) if str(r["topic"]) in ECBPLUS_TRAIN_TOPICS]
    docs = parsed([as_report(record) for record in records])
    sizes = Counter(str(m["cluster"]) for r in records for m in r["mentions"])
    best: tuple[float, Weights] | None = None
    for document_threshold in DOCUMENT_THRESHOLDS:
        topics = train_topics(records, docs, document_threshold)
        singleton, pair = fit_models(topics, sizes)
        probabilities = topic_probabilities(topics, singleton, pair)
        for threshold in MENTION_THRESHOLDS:
            conll = train_conll(topics, probabilities, threshold)
            print(f"documents {document_threshold} mentions {threshold}: train CoNLL {conll}",
                  file=sys.stderr)
            if best is None or conll > best[0]:
                best = (conll, Weights(singleton, pair, document_threshold, threshold))
    assert best is not None
    return best[1], best[0]


def weights_text(weights: Weights, conll: float, source: str) -> str:
    lines = [
        "# Fusion weights (flarewatch.fusion.pairs), written by `python -m flarewatch.fusion.fit`",
        f"# from {source}, ECB+ research train topics only; train CoNLL F1 {conll}.",
        "# ECB+ annotation: CC BY 3.0, Cybulska & Vossen 2014 (../shared/data/fusion/README.md).",
        "# model\tfeature\tvalue",
        f"threshold\tdocuments\t{weights.document_threshold}",
        f"threshold\tmentions\t{weights.mention_threshold}",
    ]
    for model, table in (("singleton", weights.singleton), ("pair", weights.pair)):
        lines += [f"{model}\t{name}\t{value:.6f}" for name, value in table.items()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> None:
    path = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else WEIGHTS_FILE
    weights, conll = fit(path)
    out.write_text(weights_text(weights, conll, path.name), encoding="utf-8")
    print(f"wrote {out}: train CoNLL F1 {conll}")


if __name__ == "__main__":
    main(sys.argv[1:])
