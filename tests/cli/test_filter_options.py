"""The filter options (--country, --type, --near) refuse what no record can match, with a
numbered usage error, as the API does; the values they accept are as written
(`data/filter_options.tsv`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from flarewatch import cli

TABLE = Path(__file__).parent / "data" / "filter_options.tsv"
PARSERS = {"--country": cli.country_code, "--type": cli.plover_type, "--near": cli.near_point}


def rows() -> list[tuple[str, str, str]]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    found = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [(option, value, expected) for option, value, expected, _why in found[1:]]


@pytest.mark.parametrize(("option", "value", "expected"), rows())
def test_a_filter_option_accepts_what_a_record_may_hold(option: str, value: str,
                                                        expected: str) -> None:
    if expected == "ok":
        PARSERS[option](value)
        return
    with pytest.raises(typer.BadParameter, match=expected):
        PARSERS[option](value)


def test_a_country_name_is_answered_with_its_code() -> None:
    with pytest.raises(typer.BadParameter, match=r"did you mean KEN\?"):
        cli.country_code("Kenya")


def test_the_options_filter_as_the_api_does() -> None:
    query = cli.event_query("ken", "assault", None, None, "0,0,10", None)
    assert (query.country, query.event_type, query.near) == ("KEN", "ASSAULT", (0.0, 0.0, 10.0))
