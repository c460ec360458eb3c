"""Filter parsing and the keyset cursor, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from flarewatch.web.filters import (
    Cursor,
    bbox_conditions,
    decode_cursor,
    encode_cursor,
    parse_bbox,
    parse_near,
)
from flarewatch.web.problems import Problem


@pytest.mark.parametrize("cursor", [Cursor(dt.date(2023, 9, 19), "ev-1"),
                                    Cursor(None, "ev-ü/+=")])
def test_cursor_round_trip(cursor: Cursor) -> None:
    token = encode_cursor(cursor)
    assert decode_cursor(token) == cursor
    assert token.isascii() and "=" not in token


@pytest.mark.parametrize("token", ["!!", "bm90IGpzb24", "WzFd", "WyIyMDIzLTEzLTQwIiwiYSJd"])
def test_bad_cursor_is_a_400_problem(token: str) -> None:
    with pytest.raises(Problem) as raised:
        decode_cursor(token)
    assert raised.value.status == 400


def test_bbox_across_the_antimeridian_is_an_or() -> None:
    assert parse_bbox("170,-20,-170,-10") == (170, -20, -170, -10)
    (condition,) = bbox_conditions((170, -20, -170, -10))
    assert " OR " in str(condition)


@pytest.mark.parametrize("raw", ["1,2,3", "a,b,c,d", "0,10,1,5", "0,0,1,nan", "0,-91,1,1"])
def test_bad_bbox(raw: str) -> None:
    with pytest.raises(Problem):
        parse_bbox(raw)


@pytest.mark.parametrize("raw", ["1,2", "91,0,5", "0,0,0", "0,0,-1"])
def test_bad_near(raw: str) -> None:
    with pytest.raises(Problem):
        parse_near(raw)
