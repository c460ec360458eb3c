"""Average-link agglomerative clustering over a matrix of pairwise scores."""

from __future__ import annotations

import numpy as np


def average_link(scores: np.ndarray, threshold: float) -> list[int]:
    """Cluster numbers (0, 1, ... in order of first member) for the n items of the
    symmetric n x n `scores`: the two clusters whose mean pairwise score is highest merge,
    while that mean is at least `threshold` (a missing pair counts as its score, e.g. 0).
    O(n^3) at worst, cheap for topic-sized n (a few hundred)."""
    n = len(scores)
    sums = np.array(scores, dtype=float)
    sizes = np.ones(n)
    owner = np.arange(n)
    active = np.ones(n, dtype=bool)
    while active.sum() > 1:
        i, j = best_merge(sums, sizes, active)
        if sums[i, j] / (sizes[i] * sizes[j]) < threshold:
            break
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sizes[i] += sizes[j]
        active[j] = False
        owner[owner == j] = i
    return renumbered(owner)


def best_merge(sums: np.ndarray, sizes: np.ndarray, active: np.ndarray) -> tuple[int, int]:
    """The pair of active clusters with the highest mean score (i < j)."""
    means = sums / np.outer(sizes, sizes)
    means[~active, :] = -np.inf
    means[:, ~active] = -np.inf
    np.fill_diagonal(means, -np.inf)
    i, j = divmod(int(np.argmax(means)), len(sums))
    return min(i, j), max(i, j)


def renumbered(owner: np.ndarray) -> list[int]:
    numbers: dict[int, int] = {}
    return [numbers.setdefault(int(o), len(numbers)) for o in owner]
