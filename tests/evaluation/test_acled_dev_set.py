"""The ACLED dev snippet set (`eval/acled/acled-dev.jsonl`) is sound: every line has the
scorer's keys and a type of the shared spec; each sub-type has its share; traps are many."""

from __future__ import annotations

from collections import Counter

from test_acled_set import read_rows, spec_types

from flarewatch.paths import REPO_DIR

SET = REPO_DIR / "eval" / "acled" / "acled-dev.jsonl"
KEYS = {"id", "date", "text", "event_type", "sub_event_type", "inter1", "inter2", "fatalities"}
MIN_PER_SUBTYPE, MIN_TRAPS, MIN_EVENTS = 10, 40, 300  # issue 10's floors for the set
CODES = {None, 1, 2, 3, 4, 5, 6, 7, 8}


def rows() -> list[dict]:
    return read_rows(SET)


def test_every_line_has_the_keys_a_type_from_the_spec_and_actor_codes() -> None:
    types = spec_types()
    for number, row in enumerate(rows(), 1):
        assert KEYS <= row.keys(), f"line {number}: missing {KEYS - row.keys()}"
        assert {row["inter1"], row["inter2"]} <= CODES, f"line {number}"
        if row.get("trap"):
            assert row["sub_event_type"] is None, f"line {number}: a trap with a type"
        else:
            assert types.get(row["sub_event_type"]) == row["event_type"], f"line {number}"


def test_every_sub_type_has_its_share_traps_are_many_and_ids_unique() -> None:
    all_rows = rows()
    counts = Counter(row["sub_event_type"] for row in all_rows if not row.get("trap"))
    assert set(counts) == set(spec_types())
    assert min(counts.values()) >= MIN_PER_SUBTYPE
    assert sum(counts.values()) >= MIN_EVENTS
    assert sum(bool(row.get("trap")) for row in all_rows) >= MIN_TRAPS
    assert len({row["id"] for row in all_rows}) == len(all_rows)


def test_note_style_and_wire_style_are_about_half_each() -> None:
    notes = sum(row["text"].startswith("On ") for row in rows())
    assert 0.4 <= notes / len(rows()) <= 0.6
