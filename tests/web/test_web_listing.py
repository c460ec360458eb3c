"""`web.listing.event_json` gives what `serialize.event_to_dict(rows.event_from_row(row))`
gives, key order included: over every stored sample row and over hand-made rows with the
parts the samples lack."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa

from flarewatch.serialize import event_to_dict
from flarewatch.storage import open_store
from flarewatch.storage.rows import event_from_row
from flarewatch.storage.schema import events, fused_events
from flarewatch.web.listing import event_json
from flarewatch.web.queries import listed_columns


def same_json(row: Any) -> tuple[str, str]:
    """(the listing's JSON text, the model's) of `row`."""
    return json.dumps(event_json(row)), json.dumps(event_to_dict(event_from_row(row)))


@pytest.mark.parametrize("table", [fused_events, events], ids=["fused", "per-document"])
def test_every_stored_row_lists_as_the_model_writes_it(db_path: str, table: sa.Table) -> None:
    with open_store(db_path) as store, store.engine.connect() as connection:
        found = connection.execute(sa.select(*listed_columns(table))).mappings().all()
    assert found
    for row in found:
        listed, expected = same_json(row)
        assert listed == expected, row["id"]


BASE: dict[str, Any] = {
    "id": "ev-1", "doc_id": "doc-1", "event": "ASSAULT", "mode": "drone",
    "acled_event_type": None, "acled_sub_event_type": None, "cameo": "19",
    **{f"{who}_{part}": None for who in ("actor", "recipient", "claimed_by")
       for part in ("text", "name", "code", "sector", "other_sectors")},
    **{f"place_{part}": None for part in ("text", "name", "lat", "lon", "precision",
                                          "geonameid", "country", "admin1", "start", "end",
                                          "feature")},
    "date": None, "enddate": None, "date_precision": None, "date_text": None,
    "date_basis": None, "dead": None, "injured": None, "arrested": None, "casualties": None,
    "modality": "asserted", "confidence": 0.12345, "event_text": "strike",
    "evidence_start": 10, "evidence_end": 20, "evidence_sentence": 1,
    "trigger_start": 12, "trigger_end": 18, "mentions": None,
}
SOURCE = {"doc_id": "doc-1", "event_id": "ev-1", "text_info": {"start": 1, "end": 2,
                                                                "sentence": 0}}
ROWS: dict[str, dict[str, Any]] = {
    "bare": {},
    "acled, actor and place": {
        "acled_event_type": "Battles", "acled_sub_event_type": "Armed clash",
        "actor_text": "troops", "actor_code": "RUS", "actor_sector": "MIL",
        "actor_other_sectors": ["GOV"], "claimed_by_text": "", "place_text": "Gao",
        "place_name": "Gao", "place_lat": 16.27, "place_lon": -0.04,
        "place_precision": "town", "place_country": "MLI", "place_start": 3},
    "casualties and tolls": {
        "dead": 3, "injured": 0, "casualties": [{"count": 3, "status": "dead", "who": "men"},
                                                {"count": 1, "status": "injured",
                                                 "who": "a boy", "sector": "CVL"}]},
    "mentions: the principal again, one spanning the same words in another sentence": {
        "mentions": [{"start": 10, "end": 20, "sentence": 1},
                     {"start": 10, "end": 20, "sentence": 2},
                     {"start": 0, "end": 5, "sentence": 0}]},
    "fused with sources and a range": {
        "sources": [SOURCE, {**SOURCE, "url": "u", "title": "t", "date": "2024-01-02",
                             "claimed_by": {"code": "UKR", "other_sectors": ["GOV"]},
                             "size": {"dead": 2}}],
        "size_range": {"dead": [2, 4]}},
    "fused without sources": {"sources": [], "size_range": None},
    "fused, no range stored": {"sources": [SOURCE], "size_range": None},
}


@pytest.mark.parametrize("changes", list(ROWS.values()), ids=list(ROWS))
def test_hand_made_rows_list_as_the_model_writes_them(changes: dict[str, Any]) -> None:
    listed, expected = same_json({**BASE, **changes})
    assert listed == expected
