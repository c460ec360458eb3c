"""Rules of `flarewatch.fusion.score.pair_score` against a table of paired tellings
(`tests/data/fusion_pairs.tsv`, written for this project): half must fuse, half must not.
A row naming a rule must get its part and fail with the rule's weight at 0; a row naming
none must get no rule part of the table."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from flarewatch.fusion.blocking import Member, weights
from flarewatch.fusion.score import pair_score

TABLE = Path(__file__).parents[1] / "data" / "fusion_pairs.tsv"
TOWNS = {"Camp": 1, "Jetty": 2, "River": 3, "Market": 4, "Pass": 5}  # name -> geonameid


def table() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = table()
RULES = frozenset(row["rule"] for row in ROWS) - {"-"}


def code(text: str) -> str | None:
    return None if text == "-" else text


def telling(row: dict[str, str], side: str) -> Member:
    """The `Member` of one side ("a" or "b") of a row, placed in the row's town."""
    actor, recipient = row[f"{side}_sides"].split(">")
    return Member({
        "id": f"{row['id']}-{side}", "doc_id": f"{row['id']}-{side}", "event": "ASSAULT",
        "mode": code(row[f"{side}_mode"]), "actor_code": code(actor),
        "recipient_code": code(recipient), "dead": None,
        "event_text": row[f"{side}_trigger"], "evidence": row[f"{side}_evidence"],
        "date": dt.date.fromisoformat(row[f"{side}_date"]), "date_precision": "day",
        "date_text": code(row[f"{side}_said"]), "place_geonameid": TOWNS[row["town"]],
        "place_lat": 10.0 + TOWNS[row["town"]], "place_lon": 20.0, "place_precision": "town",
        "place_country": None, "place_admin1": None})


def fuses(row: dict[str, str]) -> tuple[bool, set[str]]:
    score, parts = pair_score(telling(row, "a"), telling(row, "b"))
    return score >= weights()["edge_floor"], set(parts)


def test_table_is_balanced():
    decisions = [row["fuse"] for row in ROWS]
    assert decisions.count("yes") == decisions.count("no") > 0
    assert set(decisions) == {"yes", "no"}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_pair_decision(row):
    fused, parts = fuses(row)
    assert fused == (row["fuse"] == "yes")
    assert parts & RULES == ({row["rule"]} if row["rule"] != "-" else set())


POSITIVE = [row for row in ROWS if row["rule"] != "-"]


@pytest.mark.parametrize("row", POSITIVE, ids=[row["id"] for row in POSITIVE])
def test_rule_decides(row, monkeypatch):
    monkeypatch.setitem(weights(), row["rule"], 0.0)
    assert fuses(row)[0] != (row["fuse"] == "yes")
