"""The fusion mode chosen on the command lines: `--fusion-mode` and `--mode`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flarewatch.cli import app
from flarewatch.evaluation.fusion import main, option_value

# (report id, date, text, [(words, gold incident)]): one shelling told twice, and the same
# town shelled again the next day.
REPORTS = [
    ("cf-01-a", "2024-03-05", "Russian artillery shelled Kherson on Monday , killing five "
     "civilians at the market .", [("shelled", "cf-01-1"), ("killing", "cf-01-1")]),
    ("cf-01-b", "2024-03-05", "Kherson market was shelled on Monday ; five civilians were "
     "killed , officials said .", [("shelled", "cf-01-1"), ("killed", "cf-01-1")]),
    ("cf-01-c", "2024-03-06", "A shell struck a flat in Kherson on Tuesday , killing two "
     "pensioners .", [("struck", "cf-01-2"), ("killing", "cf-01-2")]),
]


def record(report_id: str, date: str, text: str, mentions: list[tuple[str, str]]) -> dict:
    return {"id": report_id, "topic": "cf-01", "date": date, "source": "wire", "title": "",
            "text": text,
            "mentions": [{"start": text.index(w), "end": text.index(w) + len(w), "text": w,
                          "cluster": cluster, "event": "ASSAULT"} for w, cluster in mentions]}


@pytest.fixture
def conflict_set(tmp_path) -> Path:
    path = tmp_path / "conflict.jsonl"
    path.write_text("".join(json.dumps(record(*r)) + "\n" for r in REPORTS), encoding="utf-8")
    return path


def predicted(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [[m["predicted_cluster"] for m in json.loads(line)["mentions"]] for line in lines]


def test_incident_mode_links_each_telling_and_keeps_the_next_day_apart(conflict_set, tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["evaluate", "--fusion", str(conflict_set),
                                      "--fusion-mode", "incident", "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["mode"] == "incident"
    (a1, a2), (b1, b2), (c1, c2) = predicted(out)
    assert a1 == a2 == b1 == b2 != c1 == c2


@pytest.mark.parametrize(("args", "mode"), [
    ([], "event"),  # the default stays the ECB+ clusterer
    (["--mode", "incident"], "incident"),
    (["--one-cluster"], "one-cluster"),
])
def test_the_scorer_module_takes_a_mode(conflict_set, args, mode):
    result = main([str(conflict_set), *args])
    assert result["mode"] == mode
    if mode == "one-cluster":
        assert result["muc"]["r"] == 1.0


def test_an_unknown_mode_is_a_usage_error(conflict_set):
    result = CliRunner().invoke(app, ["evaluate", "--fusion", str(conflict_set),
                                      "--fusion-mode", "facts"])
    assert result.exit_code != 0 and "unknown fusion mode" in result.output


@pytest.mark.parametrize(("argv", "expected"), [
    (["f", "--mode", "incident"], "incident"),
    (["f", "--split"], None),
    (["f", "--mode"], None),  # trap: no value after the option
])
def test_option_value(argv, expected):
    assert option_value(argv, "--mode") == expected
