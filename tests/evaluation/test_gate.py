"""The gate: floors and ceilings checked, results shown readably, detail kept out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flarewatch.evaluation import gate

OFFTOPIC_RESULT = {
    "gold_file": "GeoVirus.xml", "documents": 4, "events": 5, "violent_events": 3,
    "violent_per_document": 0.75, "documents_with_violent": 2,
    "by_type": {"ASSAULT": 2, "AID": 2, "COERCE": 1}, "top_triggers": {"attack": 2, "ban": 1},
    "violent": [{"doc_id": "d1", "trigger": "attack"}],
}


def test_ceiling_failures_are_reported():
    assert gate.check_ceilings({"violent_events": 218}, {"violent_events": 217}) == [
        "violent_events = 218 > ceiling 217"]
    assert gate.check_ceilings({"violent_events": 217}, {"violent_events": 217}) == []


def test_a_missing_value_fails_its_ceiling():
    assert gate.check_ceilings({"a": {"b": None}}, {"a.b": 3})


def test_table_shows_counts_types_and_triggers_not_the_detail():
    table = gate.render_table(OFFTOPIC_RESULT)
    assert "violent_events         3" in table
    assert "by_type                ASSAULT 2  AID 2  COERCE 1" in table
    assert "top_triggers           attack 2  ban 1" in table
    assert "d1" not in table


def test_limits_line_shows_floors_and_ceilings():
    entry = {"floors": {"documents": 4}, "ceilings": {"violent_events": 3}}
    assert gate.render_limits(OFFTOPIC_RESULT, entry) == (
        "gate: documents 4 >= 4, violent_events 3 <= 3")


def test_summary_leaves_out_per_document_and_per_event_detail():
    assert "violent" not in gate.summary(OFFTOPIC_RESULT)
    assert gate.summary(OFFTOPIC_RESULT)["documents"] == 4
    assert "documents" not in gate.summary({"documents": {"d1": {}}, "predicted": 1})


@pytest.fixture
def fake_gold(tmp_path, monkeypatch) -> Path:
    gold = tmp_path / "offtopic.jsonl"
    gold.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(gate, "gold_path", lambda reference: gold)
    monkeypatch.setitem(gate.SCORERS, "fake", lambda path: dict(OFFTOPIC_RESULT))
    return gold


@pytest.mark.parametrize(("limits", "failures"), [
    ({"ceilings": {"violent_events": 3}, "floors": {"documents": 4}}, []),
    ({"ceilings": {"violent_events": 2}}, ["x: violent_events = 3 > ceiling 2"]),
    ({"floors": {"documents": 5}}, ["x: documents = 4 < floor 5"]),
])
def test_gate_entry_applies_floors_and_ceilings(fake_gold, capsys, limits, failures):
    entry = {"scorer": "fake", "gold": "repo:x", "sha256": gate.file_hash(fake_gold), **limits}
    assert gate.gate_entry("x", entry, table=True) == failures
    assert "gate: " in capsys.readouterr().out


def test_gate_entry_refuses_a_changed_gold_file(fake_gold):
    entry = {"scorer": "fake", "gold": "repo:x", "sha256": "0" * 16, "ceilings": {"events": 9}}
    assert "gold file changed" in gate.gate_entry("x", entry, table=False)[0]


def test_offtopic_scores_in_the_gate_keep_a_blind_sets_words_out(tmp_path):
    from flarewatch.evaluation.gate import score_offtopic

    page = {"id": "p", "date": "2024-05-06", "events": [],
            "text": "Gunmen attacked a police post in Kano on Monday, killing two officers."}
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(page) + "\n", encoding="utf-8")
    result = score_offtopic(path)
    assert result["violent_events"] == 1 and "top_triggers" not in result
