"""The diagnostic commands of `flarewatch.evaluation` name a missing gold file and exit 2,
never with a traceback (`flarewatch.evaluation.file_argument`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.evaluation import acled, file_argument, fusion_misses, place_misses

MAINS = [acled.main, fusion_misses.main, place_misses.main]


@pytest.mark.parametrize("main", MAINS, ids=["acled", "fusion_misses", "place_misses"])
def test_a_missing_file_is_named_and_exits_2(
        main, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.jsonl"
    assert main([str(missing)]) == 2
    assert f"{missing}: no such file" in capsys.readouterr().err


@pytest.mark.parametrize("main", MAINS, ids=["acled", "fusion_misses", "place_misses"])
def test_no_file_prints_the_usage_and_exits_2(
        main, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--counts-only"]) == 2
    assert "usage: python -m flarewatch.evaluation." in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "expected"), [
    (["{file}"], "{file}"),
    (["--examples", "5", "{file}"], "{file}"),  # trap: the option's value is no file
    (["{file}", "--counts-only"], "{file}"),
    (["--help"], None),  # trap: an option is no file
])
def test_the_file_is_the_first_argument_that_is_no_option(
        argv: list[str], expected: str | None, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{}\n")
    found = file_argument([a.format(file=gold) for a in argv], "x FILE")
    assert found == (Path(expected.format(file=gold)) if expected else None)
