"""The PLOVER gold-sentence scorer on a small file in the gold's own format."""

from __future__ import annotations

import json
from pathlib import Path

from flarewatch.evaluation.plover_gsr import evaluate_plover_gsr, gold_type

RECORDS = [
    {"id": "DOC", "event": "DOCUMENT", "comment": "header"},
    {"id": "1", "event": "FIGHT", "text": "Ruritanian troops shelled a border village on Monday.",
     "source": [{"actorText": "Ruritanian", "code": "RUR"}]},
    {"id": "2", "event": "DEMAND", "text": "The mayor called on the rebels to free the hostages.",
     "source": [{"actorText": "mayor", "code": "XXX"}]},
    {"id": "3", "event": "AID", "text": "The weather was mild.", "source": None},
]


def test_renamed_types() -> None:
    assert gold_type({"event": "FIGHT"}) == "ASSAULT"
    assert gold_type({"event": "DISAPPROVE"}) == "ACCUSE"


def test_scores(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    result = evaluate_plover_gsr(path)
    assert result["sentences"] == 3
    assert result["type_found"] == round(2 / 3, 4)
    assert result["per_type"]["AID"]["type_found"] == 0.0
    assert result["per_type"]["ASSAULT"]["type_found"] == 1.0
