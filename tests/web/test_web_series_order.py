"""`queries.with_rest` puts each day's "(other)" row, its total less its kept groups',
after the day's kept rows, and writes none where the kept groups hold the whole day."""

from __future__ import annotations

import pytest

from flarewatch.web.queries import OTHER_GROUP, with_rest

KEPT = [("2024-01-02", "IRQ", 1, 0), ("2024-01-02", "SYR", 2, 1), ("2024-01-02", "UKR", 3, 0),
        ("2024-01-04", "SYR", 4, 0), ("2024-01-06", None, 5, 2)]
CASES = {
    "a rest after a day's kept groups": (
        [("2024-01-02", 7, 4), ("2024-01-04", 4, 0), ("2024-01-06", 5, 2)],
        [*KEPT[:3], ("2024-01-02", OTHER_GROUP, 1, 3), *KEPT[3:]]),
    "days with only the rest, before, between and after the kept days": (
        [("2024-01-01", 2, 1), ("2024-01-02", 6, 1), ("2024-01-03", 1, 0),
         ("2024-01-04", 4, 0), ("2024-01-06", 5, 2), ("2024-01-07", 3, 9)],
        [("2024-01-01", OTHER_GROUP, 2, 1), *KEPT[:3], ("2024-01-03", OTHER_GROUP, 1, 0),
         *KEPT[3:], ("2024-01-07", OTHER_GROUP, 3, 9)]),
    "a NULL group kept, a rest with no dead": (
        [("2024-01-02", 6, 1), ("2024-01-04", 4, 0), ("2024-01-06", 8, 2)],
        [*KEPT, ("2024-01-06", OTHER_GROUP, 3, 0)]),
    "kept groups that are the whole series": (
        [("2024-01-02", 6, 1), ("2024-01-04", 4, 0), ("2024-01-06", 5, 2)], KEPT),
}


@pytest.mark.parametrize(("totals", "expected"), list(CASES.values()), ids=list(CASES))
def test_the_rest_of_a_day_is_its_total_less_its_kept_groups(
        totals: list[tuple[str, int, int]], expected: list[tuple[object, ...]]) -> None:
    assert with_rest(KEPT, totals) == expected


def test_no_kept_rows_leaves_each_day_to_the_rest() -> None:
    assert with_rest([], [("2024-01-01", 2, 0)]) == [("2024-01-01", OTHER_GROUP, 2, 0)]
