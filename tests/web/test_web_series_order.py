"""`queries.merged` puts each day's "(other)" row where sorting every row by (day, the
rank of its first group) puts it, as folding a day's rows in the database's order does."""

from __future__ import annotations

from typing import Any

import pytest

from flarewatch.web.queries import OTHER_GROUP, merged

RANK = {None: 0, "AFG": 1, "IRQ": 2, "MLI": 3, "SYR": 4, "UKR": 5, "YEM": 6}
# Kept: IRQ, SYR, UKR; the rest ranks as None, AFG, MLI or YEM.
KEPT = [("2024-01-02", "IRQ", 1, 0), ("2024-01-02", "SYR", 2, 1), ("2024-01-02", "UKR", 3, 0),
        ("2024-01-04", "SYR", 4, 0), ("2024-01-06", "IRQ", 5, 2)]
CASES = {
    "before every kept group": [("2024-01-02", 1)],
    "between kept groups": [("2024-01-02", 3)],
    "after every kept group": [("2024-01-04", 6)],
    "a NULL group first": [("2024-01-06", 0)],
    "a day without kept rows, before, between and after them": [
        ("2024-01-01", 1), ("2024-01-03", 3), ("2024-01-05", 1), ("2024-01-07", 3)],
    "every day": [("2024-01-01", 3), ("2024-01-02", 3), ("2024-01-04", 1), ("2024-01-06", 3)],
    "none": [],
}


def by_sorting(rest: list[tuple[str, int, Any]]) -> list[Any]:
    """The rule: every row sorted by (day, rank), the rest's rank its first group's."""
    ranked = [(row[0], RANK[row[1]], row) for row in KEPT] + [(d, r, row) for d, r, row in rest]
    return [row for _day, _rank, row in sorted(ranked, key=lambda item: item[:2])]


@pytest.mark.parametrize("days", list(CASES.values()), ids=list(CASES))
def test_the_rest_of_a_day_goes_where_its_first_group_ranks(days: list[tuple[str, int]]
                                                             ) -> None:
    rest = [(day, rank, (day, OTHER_GROUP, 7, 0)) for day, rank in days]
    assert merged(KEPT, rest, RANK) == by_sorting(rest)
