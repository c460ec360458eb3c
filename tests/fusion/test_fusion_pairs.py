"""The fusion weights file and the clustering of one topic."""

from __future__ import annotations

import numpy as np
import pytest

from flarewatch.fusion.documents import profile_similarity
from flarewatch.fusion.mentions import Report
from flarewatch.fusion.pairs import (
    PAIR_FEATURES,
    SINGLETON_FEATURES,
    WEIGHTS_FILE,
    cluster_topic,
    load_weights,
    logistic,
)


def test_the_shipped_weights_cover_every_feature_and_set_both_thresholds():
    weights = load_weights()
    assert set(weights.pair) == {"bias", *PAIR_FEATURES}
    assert set(weights.singleton) == {"bias", *SINGLETON_FEATURES}
    # the document threshold is on a correlation (`profile_similarity`), the other on a
    # probability
    assert -1 < weights.document_threshold < 1 and 0 < weights.mention_threshold < 1


# Two events of three reports each: a report is close to the reports of its own event.
TWO_EVENTS = np.array([
    [1.0, 0.3, 0.2, 0.1, 0.0, 0.1],
    [0.3, 1.0, 0.4, 0.0, 0.1, 0.0],
    [0.2, 0.4, 1.0, 0.1, 0.0, 0.1],
    [0.1, 0.0, 0.1, 1.0, 0.3, 0.2],
    [0.0, 0.1, 0.0, 0.3, 1.0, 0.3],
    [0.1, 0.0, 0.1, 0.2, 0.3, 1.0],
])


def test_reports_of_one_event_have_correlated_profiles():
    profile = profile_similarity(TWO_EVENTS)
    assert np.allclose(profile, profile.T) and np.allclose(np.diag(profile), 1.0)
    within = [profile[0, 1], profile[0, 2], profile[1, 2], profile[3, 4], profile[4, 5]]
    across = [profile[i, j] for i in range(3) for j in range(3, 6)]
    assert min(within) > 0 > max(across)


@pytest.mark.parametrize(("similarity", "expected"), [
    (np.eye(3), np.ones((3, 3))),  # too few reports to compare profiles: all alike
    (np.eye(4), np.full((4, 4), -1.0) + 2 * np.eye(4)),  # reports similar to none: apart
])
def test_profiles_of_small_or_empty_topics(similarity, expected):
    assert np.allclose(profile_similarity(similarity), expected)


def test_a_weights_file_missing_a_feature_is_refused(tmp_path):
    lines = WEIGHTS_FILE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "weights.tsv"
    path.write_text("\n".join(line for line in lines if "\tcontext\t" not in line) + "\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="pair weights do not match"):
        load_weights(path)


@pytest.mark.parametrize(("row", "expected"), [
    ([0.0, 0.0], 0.5),  # bias 0
    ([1.0, 0.0], 1 / (1 + np.exp(-2.0))),
    ([1.0, 1.0], 1 / (1 + np.exp(-1.0))),
])
def test_logistic_of_one_row(row, expected):
    weights = {"bias": 0.0, "a": 2.0, "b": -1.0}
    assert logistic(np.array([row]), weights, ("a", "b"))[0] == pytest.approx(expected)


TEXTS = [
    "Russian artillery shelled Kherson on Monday , killing five civilians at a market .",
    "Kherson was shelled on Monday ; five civilians were killed at the market , officials said .",
    "Parliament passed a budget in Kyiv on Thursday after a long debate .",
]


def report(index: int, *words: str) -> Report:
    text = TEXTS[index]
    spans = tuple((text.index(w), text.index(w) + len(w)) for w in words)
    return Report(f"r{index}", "t", text, spans)


def test_one_topic_links_the_retold_shelling_and_leaves_the_budget_alone():
    from flarewatch.stages.parse import load_nlp

    reports = [report(0, "shelled", "killing"), report(1, "shelled", "killed"),
               report(2, "passed", "debate")]
    docs = [load_nlp()(r.text) for r in reports]
    (shelled_a, killing), (shelled_b, killed), (passed, debate) = cluster_topic(
        reports, docs, load_weights())
    assert shelled_a == shelled_b and killing == killed
    assert len({shelled_a, killing, passed, debate}) == 4
