"""The TIMEX3 dev set: its standoff spans still point at their words, and the scores hold."""

from __future__ import annotations

from pathlib import Path

from flarewatch.evaluation.timex import GWN_DEV, HELD_OUT, RE3D_DEV, evaluate, load_gold


def test_dev_set_spans_match_their_texts(shared: Path) -> None:
    documents = load_gold()  # raises where a span does not give its expected text
    dates = [t for d in documents for t in d.timexes if t.type == "DATE"]
    assert len(dates) >= 250
    assert all(t.value for t in dates)
    assert {d.corpus for d in documents} == {"GWN", "RE3D"}


def test_re3d_rows_match_their_documents(shared: Path) -> None:
    documents = load_gold(RE3D_DEV)  # each span is checked against the re3d documents.json text
    assert documents and all(d.corpus == "RE3D" and d.date is not None for d in documents)
    assert all(d.text[t.start : t.end] == t.text for d in documents for t in d.timexes)


def test_dev_set_floors(shared: Path) -> None:
    scores = evaluate(use_parse=False)
    assert scores["f1"] >= 0.90
    assert scores["value_accuracy"] >= 0.90
    assert set(scores["by_corpus"]) == {"GWN", "RE3D"}
    gwn = evaluate(use_parse=False, files=GWN_DEV)
    assert scores["by_corpus"]["GWN"] == {key: gwn[key] for key in scores["by_corpus"]["GWN"]}


def test_held_out_set_loads(shared: Path) -> None:
    documents = load_gold(HELD_OUT)
    assert sum(1 for d in documents for t in d.timexes if t.type == "DATE") >= 80
    assert all(d.date is None for d in documents)
