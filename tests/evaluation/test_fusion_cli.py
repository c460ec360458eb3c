"""`flarewatch evaluate --fusion` end to end: a tiny conflict set written here, then ECB+."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flarewatch.cli import app
from flarewatch.evaluation import fusion

# Three reports of one topic in the conflict-set format: two tell one shelling, the third a
# debate in parliament. (report id, text, [(words, gold cluster)]).
REPORTS = [
    ("cf-01-a", "Russian artillery shelled Kherson on Monday , killing five civilians .",
     [("shelled", "cf-01-1"), ("killing", "cf-01-2")]),
    ("cf-01-b", "Kherson was shelled on Monday ; five civilians were killed , officials said .",
     [("shelled", "cf-01-1"), ("killed", "cf-01-2")]),
    ("cf-01-c", "Parliament passed a budget in Kyiv on Thursday after a long debate .",
     [("passed", "cf-01-bg1"), ("debate", "cf-01-bg2")]),
]


def record(report_id: str, text: str, mentions: list[tuple[str, str]]) -> dict:
    return {"id": report_id, "topic": "cf-01", "date": "2024-03-05", "source": "wire",
            "title": "Shelling", "text": text,
            "mentions": [{"start": text.index(words), "end": text.index(words) + len(words),
                          "text": words, "cluster": cluster, "event": "ASSAULT",
                          "place": "Kherson", "event_date": "2024-03-04", "dead": 5}
                         for words, cluster in mentions]}


@pytest.fixture
def tiny_set(tmp_path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(record(*r)) + "\n" for r in REPORTS), encoding="utf-8")
    return path


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def words(output: str) -> str:
    """The output's words on one line, without the frame of a usage error."""
    return " ".join(output.replace("\u2502", " ").split())


def test_fusion_prints_the_three_metrics_and_conll(tiny_set):
    result = invoke("evaluate", "--fusion", str(tiny_set))
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    for metric in ("muc", "b3", "ceafe"):
        assert set(scores[metric]) == {"p", "r", "f1"}
    assert scores["conll"] == pytest.approx(
        sum(scores[m]["f1"] for m in ("muc", "b3", "ceafe")) / 3, abs=1e-4)
    assert (scores["documents"], scores["mentions"], scores["gold_clusters"]) == (3, 6, 4)
    assert scores["conll"] == 1.0  # the retold shelling and killing are found, nothing else


def test_predictions_carry_every_input_line_back_with_a_cluster(tiny_set, tmp_path):
    out = tmp_path / "predicted.jsonl"
    result = invoke("evaluate", "--fusion", str(tiny_set), "--predictions", str(out))
    assert result.exit_code == 0, result.output
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    given = fusion.read_fusion(tiny_set)
    assert [{**r, "mentions": [{k: v for k, v in m.items() if k != "predicted_cluster"}
                               for m in r["mentions"]]} for r in written] == given
    predicted = {(r["id"], i): m["predicted_cluster"]
                 for r in written for i, m in enumerate(r["mentions"])}
    rescored = fusion.scores(fusion.gold_partition(given), predicted)
    printed = json.loads(result.output)
    assert {k: printed[k] for k in rescored} == rescored


def test_the_table_shows_each_metric(tiny_set):
    result = invoke("evaluate", "--fusion", str(tiny_set), "--table")
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.output.splitlines()] == [
        "muc", "b3", "ceafe", "CoNLL"]


@pytest.mark.parametrize(("args", "message"), [
    ((), "exactly one of --gold and --fusion"),
    (("--gold", "a.jsonl", "--fusion", "b.jsonl"), "exactly one of --gold and --fusion"),
    (("--gold", "a.jsonl", "--predictions", "p.jsonl"), "only with --fusion"),
])
def test_gold_and_fusion_exclude_each_other(args, message):
    result = CliRunner().invoke(app, ["evaluate", *args])
    assert result.exit_code == 2
    assert message in words(result.output)


def test_a_malformed_fusion_set_is_a_usage_error_naming_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    broken = record(*REPORTS[0])
    broken["mentions"][0]["start"] += 1
    path.write_text(json.dumps(broken) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--fusion", str(path)])
    assert result.exit_code == 2
    assert "bad.jsonl:1: mention 'shelled' is not at" in words(result.output)


@pytest.fixture(scope="module")
def ecbplus(shared) -> Path:
    path = shared / "data" / "fusion" / "ecbplus-dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path


def test_ecbplus_whole_file_through_the_command_line(ecbplus, tmp_path):
    out = tmp_path / "predicted.jsonl"
    result = invoke("evaluate", "--fusion", str(ecbplus), "--predictions", str(out))
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    # The counts of ../shared/data/fusion/README.md (Barhom et al. 2019, Table 1).
    assert (scores["documents"], scores["mentions"], scores["gold_clusters"]) == (
        770, 5053, 1936)
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    topics_of_label: dict[str, set[str]] = {}
    for r in written:
        for m in r["mentions"]:
            topics_of_label.setdefault(m["predicted_cluster"], set()).add(r["topic"])
    assert max(map(len, topics_of_label.values())) == 1  # clusters never cross topics
    # The lemma baseline scores 0.7135 on the whole file (README); the clusterer beats it.
    assert scores["conll"] > 0.75
