"""Fusion scores (MUC, B-cubed, CEAF-e, CoNLL F1) against tables computed by hand.

The partitions of TC-A-10 and TC-A-11 are those of the CoNLL reference scorer's test suite
(key {a} {b c} {d e f g}); the twinless case is the worked example of Pradhan et al. 2014
(key {a b c} {d e f g}, response {a b} {c d} {f g h i}: e is missed, h and i are invented).
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction as F

import numpy as np
import pytest

from flarewatch.evaluation import fusion


def partition(clusters: str) -> dict[str, str]:
    """'a | b c | d e f g' -> {mention: cluster number}."""
    return {m: str(n) for n, part in enumerate(clusters.split("|")) for m in part.split()}


# (case, key, response, {metric: (recall, precision)}), every value worked out by hand.
CASES = [
    ("identical", "a | b c | d e f g", "a | b c | d e f g",
     {"muc": (1, 1), "b3": (1, 1), "ceafe": (1, 1)}),
    # TC-A-10: every response cluster a singleton. B3 recall (1 + 2 * 1/2 + 4 * 1/4) / 7;
    # CEAF-e aligns {a}-{a} 1, {b c}-{b} 2/3, {d e f g}-{d} 2/5: 31/15 over 3 and over 7.
    ("all singletons", "a | b c | d e f g", "a | b | c | d | e | f | g",
     {"muc": (0, 0), "b3": (F(3, 7), 1), "ceafe": (F(31, 45), F(31, 105))}),
    # TC-A-11: one response cluster. MUC precision (7 - 3) / 6; B3 precision
    # (1 + 2 * 2 + 4 * 4) / 7 / 7; CEAF-e best phi4 {d e f g}-{all} = 8 / 11.
    ("one cluster", "a | b c | d e f g", "a b c d e f g",
     {"muc": (1, F(4, 6)), "b3": (1, F(3, 7)), "ceafe": (F(8, 33), F(8, 11))}),
    # Pradhan et al. 2014: MUC 2/5 both ways; B3 recall (4/3 + 1/3 + 1/4 + 4/4) / 7,
    # precision (4/2 + 1/2 + 1/2 + 4/4) / 8; CEAF-e {a b c}-{a b} 4/5 + {d e f g}-{f g h i}
    # 1/2 = 13/10, over 2 and over 3.
    ("twinless mentions", "a b c | d e f g", "a b | c d | f g h i",
     {"muc": (F(2, 5), F(2, 5)), "b3": (F(5, 12), F(1, 2)), "ceafe": (F(13, 20), F(13, 30))}),
    # A split and a wrong join: key {a b c} {d e}, response {a b} {c d e}.
    # MUC recall ((3 - 2) + (2 - 1)) / (2 + 1), precision ((2 - 1) + (3 - 2)) / (1 + 2).
    # B3 recall (4/3 + 1/3 + 4/2) / 5 = 11/15, precision (4/2 + 1/3 + 4/3) / 5 = 11/15.
    # CEAF-e {a b c}-{a b} 4/5 + {d e}-{c d e} 4/5 = 8/5 over 2 and 2.
    ("split and join", "a b c | d e", "a b | c d e",
     {"muc": (F(2, 3), F(2, 3)), "b3": (F(11, 15), F(11, 15)), "ceafe": (F(4, 5), F(4, 5))}),
]


def f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


@pytest.mark.parametrize(("case", "key", "response", "expected"), CASES,
                         ids=[case[0] for case in CASES])
def test_each_metric_matches_the_hand_computed_table(case, key, response, expected):
    result = fusion.scores(partition(key), partition(response))
    for metric, (recall, precision) in expected.items():
        assert result[metric]["r"] == pytest.approx(float(recall), abs=5e-5), (case, metric)
        assert result[metric]["p"] == pytest.approx(float(precision), abs=5e-5), (case, metric)
        assert result[metric]["f1"] == pytest.approx(f1(recall, precision), abs=5e-5)
    mean = sum(f1(*expected[m]) for m in ("muc", "b3", "ceafe")) / 3
    assert result["conll"] == pytest.approx(mean, abs=5e-5)


def test_all_singletons_against_gold_give_b3_f1_of_six_tenths():
    key, response = partition("a | b c | d e f g"), partition("a | b | c | d | e | f | g")
    assert fusion.b_cubed(fusion.clusters_of(key), fusion.clusters_of(response)).f1 == (
        pytest.approx(0.6))


def test_muc_ignores_singletons_on_both_sides():
    score = fusion.muc(fusion.clusters_of(partition("a | b | c")),
                       fusion.clusters_of(partition("a | b | c")))
    assert (score.recall_den, score.precision_den, score.f1) == (0, 0, 0.0)


def test_cluster_names_do_not_matter_only_the_partition():
    renamed = {m: f"x{c}" for m, c in partition("a b | c").items()}
    assert fusion.scores(partition("a b | c"), renamed)["conll"] == 1.0


def brute_force(weights: np.ndarray) -> float:
    rows, columns = weights.shape
    if rows > columns:
        weights, rows, columns = weights.T, columns, rows
    return max(sum(weights[i, c] for i, c in enumerate(chosen))
               for chosen in itertools.permutations(range(columns), rows))


@pytest.mark.parametrize("seed", range(12))
def test_best_alignment_equals_trying_every_permutation(seed):
    generator = np.random.default_rng(seed)
    shape = tuple(generator.integers(1, 6, size=2))
    weights = generator.random(shape) * (generator.random(shape) < 0.6)
    assert fusion.best_alignment(weights) == pytest.approx(brute_force(weights))


def test_best_alignment_is_not_greedy():
    # Greedy takes 0.9 then 0.1 (1.0); the optimum pairs the two 0.8s (1.6).
    assert fusion.best_alignment(np.array([[0.9, 0.8], [0.8, 0.1]])) == pytest.approx(1.6)


def test_ceaf_e_aligns_each_connected_group_apart():
    key = fusion.clusters_of(partition("a b | c d | e"))
    response = fusion.clusters_of(partition("a | b c | d e"))
    groups = fusion.connected(fusion.overlaps(key, response))
    assert sorted(map(sorted, groups)) == [[(0, 0), (0, 1), (1, 1), (1, 2), (2, 2)]]
    # phi4: {a b}-{a} 2/3, {c d}-{b c} 1/2, {e}-{d e} 2/3 = 11/6 over 3 and 3.
    assert fusion.ceaf_e(key, response).recall == pytest.approx(11 / 18)


REPORT = {"id": "r1", "topic": "t", "text": "Troops shelled the town.",
          "mentions": [{"start": 7, "end": 14, "text": "shelled", "cluster": "t-1",
                        "event": "ASSAULT", "place": "Rafah", "event_date": "2024-03-04",
                        "dead": None}],
          "date": "2024-03-05", "source": "wire", "title": "Shelling"}


def write_lines(tmp_path, *records):
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_conflict_set_report_reads_with_its_extra_facts(tmp_path):
    records = fusion.read_fusion(write_lines(tmp_path, REPORT))
    assert fusion.gold_partition(records) == {("r1", 0): "t-1"}
    report = fusion.as_report(records[0])
    assert (report.topic, report.spans) == ("t", ((7, 14),))


@pytest.mark.parametrize(("change", "message"), [
    ({"mentions": [{"start": 0, "end": 6, "text": "shelled", "cluster": "t-1"}]},
     "set.jsonl:2: mention 'shelled' is not at 0:6"),
    ({"mentions": [{"start": 7, "end": 14, "text": "shelled"}]}, "set.jsonl:2: .* no cluster"),
    ({"mentions": [{"text": "shelled", "cluster": "t-1"}]}, "without start, end"),
    ({"topic": None, "text": None}, "set.jsonl:2: missing topic, text"),
    ({}, "set.jsonl:2: report id 'r1' given twice"),
])
def test_a_malformed_report_is_refused_with_its_line(tmp_path, change, message):
    broken = {key: value for key, value in {**REPORT, **change}.items() if value is not None}
    with pytest.raises(ValueError, match=message):
        fusion.read_fusion(write_lines(tmp_path, REPORT, broken))


def test_predictions_are_written_on_every_mention_and_nothing_else_changes():
    labels = [["t-0"]]
    written = fusion.with_predictions([REPORT], labels)
    assert written[0]["mentions"][0]["predicted_cluster"] == "t-0"
    assert {k: v for k, v in written[0]["mentions"][0].items() if k != "predicted_cluster"} == (
        REPORT["mentions"][0])
    assert "predicted_cluster" not in REPORT["mentions"][0]
    assert fusion.predicted_partition([REPORT], labels) == {("r1", 0): "t-0"}


def test_the_research_split_covers_the_file_topics_once():
    assert not fusion.ECBPLUS_TRAIN_TOPICS & fusion.ECBPLUS_DEV_TOPICS
    assert fusion.ECBPLUS_TRAIN_TOPICS | fusion.ECBPLUS_DEV_TOPICS == {
        str(t) for t in range(1, 36) if t not in (15, 17)}


@pytest.mark.parametrize("line", ["not json", "[1, 2]"])
def test_a_line_that_is_no_json_object_is_refused(tmp_path, line):
    path = tmp_path / "set.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="set.jsonl:1: not a JSON object"):
        fusion.read_fusion(path)
