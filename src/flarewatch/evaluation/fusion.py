"""Cross-document event coreference (fusion) scores: MUC, B-cubed, CEAF-e and CoNLL F1.

The metrics are those of the CoNLL reference scorer v8.01 (Pradhan et al., "Scoring
coreference partitions of predicted mentions: a reference implementation", ACL 2014), as
`../shared/data/fusion/README.md` describes them, singletons included:

- MUC (Vilain et al. 1995): recall = sum over key clusters K of (|K| - p(K)) / sum of
  (|K| - 1), where p(K) counts the response clusters K's mentions fall into plus K's mentions
  found in no response cluster; precision swaps key and response. 0 when nothing links.
- B-cubed (Bagga & Baldwin 1998): recall = sum over K, R of |K & R|^2 / |K| over the key's
  mentions; precision = the same over |R| and the response's mentions.
- CEAF-e (Luo 2005): the one-to-one alignment of key and response clusters that maximises
  the sum of phi4(K, R) = 2 |K & R| / (|K| + |R|) (Kuhn-Munkres); recall = that sum / key
  clusters, precision = that sum / response clusters.
- CoNLL F1 = the mean of the three F1s.

All documents of a file are scored together, as one meta-document: a mention is the pair
(document id, index in its `mentions` list), so a wrong link across documents costs what one
inside a document costs. Scores are fractions in [0, 1], rounded to 4 decimals.

Files (JSONL, one report a line): ECB+ as converted in `../shared/data/fusion/` and the
project's conflict sets (`eval/fusion/*.jsonl`), which add `date`, `source`, `title` per report
and gold facts per mention (`event`, `place`, `event_date`, `dead`). The gold facts are never
given to the clusterer; see `flarewatch.fusion.mentions` for what it reads.

`python -m flarewatch.evaluation.fusion FILE [--mode event|incident] [--one-cluster]
[--split [--baseline]]` prints the scores of the clusterer (or of a baseline) as JSON; the
mode is "event" (ECB+ events, the default) or "incident" (conflict incidents, for
`eval/fusion/`); `--split` scores the ECB+ research train and dev topics apart.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from flarewatch.fusion import Report, cluster_reports

Clusterer = Callable[[Sequence[Report]], list[list[str]]]  # labels per mention per report
MentionKey = tuple[str, int]  # (document id, index of the mention in its document)
Cluster = frozenset[Hashable]

# The research split of ECB+ (Cybulska & Vossen 2015; Barhom et al. 2019, Table 1): train and
# dev topics, both inside `ecbplus-dev.jsonl`; the test topics 36-45 are kept apart.
ECBPLUS_TRAIN_TOPICS = frozenset(
    str(t) for t in (1, 3, 4, *range(6, 12), 13, 14, 16, 19, 20, 22, *range(24, 34)))
ECBPLUS_DEV_TOPICS = frozenset(str(t) for t in (2, 5, 12, 18, 21, 23, 34, 35))


@dataclass(frozen=True)
class Score:
    """One metric as numerators and denominators of recall and precision."""

    recall_num: float
    recall_den: float
    precision_num: float
    precision_den: float

    @property
    def recall(self) -> float:
        return self.recall_num / self.recall_den if self.recall_den else 0.0

    @property
    def precision(self) -> float:
        return self.precision_num / self.precision_den if self.precision_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"p": round(self.precision, 4), "r": round(self.recall, 4),
                "f1": round(self.f1, 4)}


def clusters_of(assignment: Mapping[Any, Hashable]) -> list[Cluster]:
    """The partition that a mention -> cluster id mapping describes, in first-seen order."""
    members: dict[Hashable, set[Hashable]] = {}
    for mention, cluster in assignment.items():
        members.setdefault(cluster, set()).add(mention)
    return [frozenset(found) for found in members.values()]


def partition_count(cluster: Cluster, other: Mapping[Hashable, int]) -> int:
    """In how many parts `other` (mention -> cluster index) cuts `cluster`; a mention
    missing from `other` is a part of its own."""
    parts = {other[m] for m in cluster if m in other}
    return len(parts) + sum(1 for m in cluster if m not in other)


def membership(clusters: Sequence[Cluster]) -> dict[Hashable, int]:
    return {mention: index for index, cluster in enumerate(clusters) for mention in cluster}


def muc_side(key: Sequence[Cluster], response: Sequence[Cluster]) -> tuple[int, int]:
    """MUC recall of `response` against `key` as (numerator, denominator)."""
    where = membership(response)
    numerator = sum(len(k) - partition_count(k, where) for k in key)
    return numerator, sum(len(k) - 1 for k in key)


def muc(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    return Score(*muc_side(key, response), *muc_side(response, key))


def overlaps(key: Sequence[Cluster], response: Sequence[Cluster]) -> Counter[tuple[int, int]]:
    """|K & R| for every pair of key and response clusters that share a mention."""
    where = membership(response)
    return Counter((k, where[m]) for k, cluster in enumerate(key) for m in cluster
                   if m in where)


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    shared = overlaps(key, response)
    recall = sum(n * n / len(key[k]) for (k, _), n in shared.items())
    precision = sum(n * n / len(response[r]) for (_, r), n in shared.items())
    return Score(recall, sum(map(len, key)), precision, sum(map(len, response)))


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster]) -> Score:
    """CEAF-e with phi4; the best alignment is found per connected group of clusters that
    share mentions (pairs sharing none add nothing), so matrices stay topic-sized."""
    shared = overlaps(key, response)
    total = 0.0
    for pairs in connected(shared):
        total += best_alignment(phi4_matrix(pairs, shared, key, response))
    return Score(total, len(key), total, len(response))


def phi4_matrix(pairs: Sequence[tuple[int, int]], shared: Counter[tuple[int, int]],
                key: Sequence[Cluster], response: Sequence[Cluster]) -> np.ndarray:
    """phi4 of a group's key clusters (rows) against its response clusters (columns)."""
    rows = {k: i for i, k in enumerate(sorted({k for k, _ in pairs}))}
    columns = {r: j for j, r in enumerate(sorted({r for _, r in pairs}))}
    matrix = np.zeros((len(rows), len(columns)))
    for k, r in pairs:
        matrix[rows[k], columns[r]] = 2 * shared[(k, r)] / (len(key[k]) + len(response[r]))
    return matrix


def connected(shared: Iterable[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """The (key, response) pairs grouped by the connected components they form."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    pairs = list(shared)
    for k, r in pairs:
        parent[root(("k", k))] = root(("r", r))
    groups: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for k, r in pairs:
        groups.setdefault(root(("k", k)), []).append((k, r))
    return list(groups.values())


def best_alignment(weights: np.ndarray) -> float:
    """The largest sum of `weights[i, j]` over a one-to-one choice of rows and columns."""
    if weights.shape[0] > weights.shape[1]:
        weights = weights.T
    columns = min_cost_assignment(-weights)
    return float(weights[np.arange(len(columns)), columns].sum())


def min_cost_assignment(cost: np.ndarray) -> np.ndarray:
    """For an n x m matrix with n <= m, the column of each row in a one-to-one assignment of
    least total cost: the Hungarian method (Kuhn 1955, Munkres 1957) with shortest augmenting
    paths and potentials, O(n^2 m)."""
    n, m = cost.shape
    row_of = np.zeros(m + 1, dtype=int)  # column j (1-based) -> its row (1-based), 0 if free
    u, v = np.zeros(n + 1), np.zeros(m + 1)
    for row in range(1, n + 1):
        augment(cost, row, row_of, u, v)
    columns = np.zeros(n, dtype=int)
    for j in range(1, m + 1):
        if row_of[j]:
            columns[row_of[j] - 1] = j - 1
    return columns


def augment(cost: np.ndarray, row: int, row_of: np.ndarray, u: np.ndarray,
            v: np.ndarray) -> None:
    """Add `row` to the assignment along a shortest augmenting path (Dijkstra on reduced
    costs), updating the potentials `u`, `v` and `row_of` in place."""
    m = cost.shape[1]
    reach, before = np.full(m + 1, np.inf), np.zeros(m + 1, dtype=int)
    used = np.zeros(m + 1, dtype=bool)
    row_of[0], column = row, 0
    while row_of[column]:
        used[column] = True
        here = row_of[column]
        reduced = cost[here - 1] - u[here] - v[1:]
        closer = ~used[1:] & (reduced < reach[1:])
        reach[1:][closer], before[1:][closer] = reduced[closer], column
        free = np.where(used[1:], np.inf, reach[1:])
        column = int(np.argmin(free)) + 1
        delta = free[column - 1]
        u[row_of[used]] += delta
        v[used] -= delta
        reach[~used] -= delta
    while column:
        previous = before[column]
        row_of[column] = row_of[previous]
        column = previous


def scores(key: Mapping[Any, Hashable], response: Mapping[Any, Hashable]) -> dict[str, Any]:
    """MUC, B-cubed and CEAF-e ({p, r, f1} each) and the CoNLL F1 of a response partition
    against a key partition, both as mention -> cluster id."""
    gold, found = clusters_of(key), clusters_of(response)
    metrics = {"muc": muc(gold, found), "b3": b_cubed(gold, found),
               "ceafe": ceaf_e(gold, found)}
    result: dict[str, Any] = {name: score.as_dict() for name, score in metrics.items()}
    result["conll"] = round(sum(score.f1 for score in metrics.values()) / 3, 4)
    return result


def read_fusion(path: Path) -> list[dict[str, Any]]:
    """The reports of a fusion file; ValueError (with the line number) for a line that is no
    JSON object, a report without `id`, `topic`, `text` or `mentions` or with the id of an
    earlier one, or a mention whose offsets do not give its text or that has no cluster."""
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(checked_record(line, seen))
            except ValueError as error:
                raise ValueError(f"{path.name}:{number}: {error}") from None
    return records


def checked_record(line: str, seen: set[str]) -> dict[str, Any]:
    """One line as a report, its id added to `seen`; ValueError saying what is wrong."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        record = None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    problem = record_problem(record)
    if problem is None and str(record["id"]) in seen:
        problem = f"report id {record['id']!r} given twice"
    if problem:
        raise ValueError(problem)
    seen.add(str(record["id"]))
    return record


def record_problem(record: dict[str, Any]) -> str | None:
    missing = [key for key in ("id", "topic", "text", "mentions") if key not in record]
    if missing:
        return f"missing {', '.join(missing)}"
    for mention in record["mentions"]:
        absent = [key for key in ("start", "end", "text") if key not in mention]
        if absent:
            return f"a mention without {', '.join(absent)}"
        if record["text"][mention["start"]:mention["end"]] != mention["text"]:
            return f"mention {mention['text']!r} is not at {mention['start']}:{mention['end']}"
        if "cluster" not in mention:
            return f"mention {mention['text']!r} has no cluster"
    return None


def as_report(record: dict[str, Any]) -> Report:
    """What the clusterer may read of a report: topic, text, mention offsets and publication
    `date` (None when absent); never the gold `cluster`, `subtopic`, tags or per-mention facts
    (`event`, `place`, `event_date`, `dead`)."""
    spans = tuple((m["start"], m["end"]) for m in record["mentions"])
    date = record.get("date")
    return Report(str(record["id"]), str(record["topic"]), record["text"], spans,
                  str(date) if date else None)


def gold_partition(records: Iterable[dict[str, Any]]) -> dict[MentionKey, str]:
    return {(str(r["id"]), i): str(m["cluster"])
            for r in records for i, m in enumerate(r["mentions"])}


def predicted_partition(records: Sequence[dict[str, Any]],
                        labels: Sequence[Sequence[str]]) -> dict[MentionKey, str]:
    return {(str(r["id"]), i): label
            for r, found in zip(records, labels, strict=True) for i, label in enumerate(found)}


def with_predictions(records: Sequence[dict[str, Any]],
                     labels: Sequence[Sequence[str]]) -> list[dict[str, Any]]:
    """Copies of the records with `predicted_cluster` on every mention."""
    return [{**r, "mentions": [{**m, "predicted_cluster": label}
                               for m, label in zip(r["mentions"], found, strict=True)]}
            for r, found in zip(records, labels, strict=True)]


def summary_counts(records: Sequence[dict[str, Any]]) -> dict[str, int]:
    gold = gold_partition(records)
    return {"documents": len(records), "topics": len({str(r["topic"]) for r in records}),
            "mentions": len(gold), "gold_clusters": len(set(gold.values()))}


def evaluate_fusion(path: Path, predictions: Path | None = None,
                    mode: str = "event") -> dict[str, Any]:
    """Cluster the gold mentions of a fusion file in `mode` ("event": ECB+ events;
    "incident": conflict incidents) and score them against its gold clusters; with
    `predictions`, write each report back there with `predicted_cluster` on every mention.
    Returns `scores()` plus `summary_counts()` and the mode; ValueError for an unknown mode."""
    records = read_fusion(path)
    labels = cluster_reports([as_report(r) for r in records], mode)
    if predictions is not None:
        lines = [json.dumps(r, ensure_ascii=False) for r in with_predictions(records, labels)]
        predictions.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = scores(gold_partition(records), predicted_partition(records, labels))
    return {**result, **summary_counts(records), "mode": mode}


def evaluate_ecbplus_split(path: Path, clusterer: Clusterer = cluster_reports) -> dict[str, Any]:
    """ECB+ (`ecbplus-dev.jsonl`) clustered once, scored apart on the research train and dev
    topics: {"train": scores, "dev": scores}. Topics are clustered independently, so this
    equals clustering each split alone."""
    records = read_fusion(path)
    labels = clusterer([as_report(r) for r in records])
    result = {}
    for name, topics in (("train", ECBPLUS_TRAIN_TOPICS), ("dev", ECBPLUS_DEV_TOPICS)):
        chosen = [i for i, r in enumerate(records) if str(r["topic"]) in topics]
        part = [records[i] for i in chosen]
        found = predicted_partition(part, [labels[i] for i in chosen])
        result[name] = {**scores(gold_partition(part), found), **summary_counts(part)}
    return result


def lemma_baseline(reports: Sequence[Report]) -> list[list[str]]:
    """The field's baseline: one cluster per (topic, lower-cased lemma of the mention's head)."""
    from flarewatch.fusion.mentions import head_token, parsed

    return [[f"{report.topic}-{head_token(doc, start, end).lemma_.lower()}"
             for start, end in report.spans]
            for report, doc in zip(reports, parsed(reports), strict=True)]


def render_fusion(result: dict[str, Any]) -> str:
    """A readable table of `scores()`: one line a metric, then the CoNLL F1."""
    lines = [f"{name:<6} P {result[name]['p']:.4f}  R {result[name]['r']:.4f}  "
             f"F1 {result[name]['f1']:.4f}" for name in ("muc", "b3", "ceafe")]
    return "\n".join([*lines, f"CoNLL F1 {result['conll']:.4f}"])


def one_cluster_baseline(reports: Sequence[Report]) -> list[list[str]]:
    """Every mention of a topic in one cluster."""
    return [[report.topic for _ in report.spans] for report in reports]


def evaluate_baseline(path: Path) -> dict[str, Any]:
    """The one-cluster-per-topic baseline scored on a fusion file."""
    records = read_fusion(path)
    labels = one_cluster_baseline([as_report(r) for r in records])
    result = scores(gold_partition(records), predicted_partition(records, labels))
    return {**result, **summary_counts(records), "mode": "one-cluster"}


def option_value(argv: Sequence[str], name: str) -> str | None:
    """The value after `name` in `argv` (`--mode incident`), or None."""
    where = list(argv).index(name) if name in argv else -1
    if 0 <= where < len(argv) - 1:
        return argv[where + 1]
    return None


def main(argv: Sequence[str]) -> dict[str, Any]:
    """`FILE` scores the clusterer on a fusion set (`--mode event|incident`, default event);
    `--one-cluster` scores one cluster per topic;
    `--split` scores ECB+ train and dev topics apart; `--baseline` (with `--split`) the lemma
    baseline instead."""
    path = Path(argv[0])
    if "--split" in argv:
        return evaluate_ecbplus_split(
            path, lemma_baseline if "--baseline" in argv else cluster_reports)
    if "--one-cluster" in argv:
        return evaluate_baseline(path)
    return evaluate_fusion(path, mode=option_value(argv, "--mode") or "event")


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:]), indent=2))
