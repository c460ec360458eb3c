"""Average-link clustering: which items merge at which threshold."""

from __future__ import annotations

import numpy as np
import pytest

from flarewatch.fusion.agglomerate import average_link

# Items 0 and 1 score 0.9; 2 scores 0.6 with 0 and 0.2 with 1 (mean 0.4 with {0, 1}).
SCORES = np.array([[0, 0.9, 0.6], [0.9, 0, 0.2], [0.6, 0.2, 0]])


@pytest.mark.parametrize(("threshold", "expected"), [
    (0.95, [0, 1, 2]),  # nothing reaches the threshold
    (0.5, [0, 0, 1]),  # {0, 1} merge; 2 is 0.4 from them on average, not 0.6
    (0.4, [0, 0, 0]),
    (0.0, [0, 0, 0]),
])
def test_clusters_merge_while_the_mean_score_reaches_the_threshold(threshold, expected):
    assert average_link(SCORES, threshold) == expected


def test_numbers_follow_the_first_member_and_the_input_is_left_alone():
    scores = np.array([[0, 0, 0.8], [0, 0, 0], [0.8, 0, 0]])
    assert average_link(scores, 0.5) == [0, 1, 0]
    assert scores[0, 2] == 0.8


@pytest.mark.parametrize("size", [0, 1])
def test_no_or_one_item(size):
    assert average_link(np.zeros((size, size)), 0.5) == list(range(size))
