"""The numbered error catalogue: every code is its own member (no enum aliases)."""

from __future__ import annotations

from flarewatch.errors import Errors, Warnings


def test_every_code_is_a_distinct_member() -> None:
    # Two codes with the same text would make the second an alias of the first, and
    # messages would carry the wrong code (E051 printed as E034).
    for catalogue in (Errors, Warnings):
        assert list(catalogue.__members__) == [member.name for member in catalogue]
