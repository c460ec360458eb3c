"""The TIMEX3 dev set: its standoff spans still point at their words, and the scores hold."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from flarewatch.evaluation.timex import (
    GWN_DEV,
    HELD_OUT,
    OWN_DEV,
    OWN_WIRE,
    RE3D_DEV,
    SEED_DEV,
    evaluate,
    load_gold,
)
from flarewatch.ingest import TXT_HEADER


def test_dev_set_spans_match_their_texts(shared: Path) -> None:
    documents = load_gold()  # raises where a span does not give its expected text
    dates = [t for d in documents for t in d.timexes if t.type == "DATE"]
    assert len(dates) >= 316
    assert all(t.value for t in dates)
    assert all(d.date is not None for d in documents)
    assert {d.corpus for d in documents} == {"GWN", "RE3D", "SEED", "OWN"}


def test_re3d_rows_match_their_documents(shared: Path) -> None:
    documents = load_gold(RE3D_DEV)  # each span is checked against the re3d documents.json text
    assert documents and all(d.corpus == "RE3D" and d.date is not None for d in documents)
    assert all(d.text[t.start : t.end] == t.text for d in documents for t in d.timexes)


def test_seed_rows_match_their_document(shared: Path) -> None:
    documents = load_gold(SEED_DEV)  # each span is checked against the body after the header
    assert [d.corpus for d in documents] == ["SEED"]
    for document in documents:
        raw = (shared / "data" / "seed" / f"{document.doc}.txt").read_text(encoding="utf-8")
        header = TXT_HEADER.match(raw)
        assert header and document.date == dt.date.fromisoformat(header.group(1))
        assert document.text == raw[header.end() :]
        assert all(document.text[t.start : t.end] == t.text for t in document.timexes)


def test_own_rows_match_their_documents() -> None:
    documents = load_gold(OWN_DEV)  # the texts are in the repository: no shared data needed
    with open(OWN_WIRE, encoding="utf-8") as handle:
        records = {r["id"]: r for r in (json.loads(line) for line in handle if line.strip())}
    assert documents and all(d.corpus == "OWN" for d in documents)
    for document in documents:
        record = records[document.doc]
        assert document.date == dt.date.fromisoformat(record["date"])
        assert document.text == record["text"]
        assert all(document.text[t.start : t.end] == t.text for t in document.timexes)
    assert sum(1 for d in documents for t in d.timexes if t.type == "DATE") >= 49


def test_dev_set_floors(shared: Path) -> None:
    scores = evaluate(use_parse=False)
    assert scores["f1"] >= 0.90
    assert scores["value_accuracy"] >= 0.90
    assert set(scores["by_corpus"]) == {"GWN", "RE3D", "SEED", "OWN"}
    gwn = evaluate(use_parse=False, files=GWN_DEV)
    assert scores["by_corpus"]["GWN"] == {key: gwn[key] for key in scores["by_corpus"]["GWN"]}


def test_held_out_set_loads(shared: Path) -> None:
    documents = load_gold(HELD_OUT)
    assert sum(1 for d in documents for t in d.timexes if t.type == "DATE") >= 80
    assert all(d.date is None for d in documents)
