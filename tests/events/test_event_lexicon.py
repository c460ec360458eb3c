"""The event data files: well-formed rows, PLOVER types and modes only."""

from __future__ import annotations

from flarewatch.events.lexicon import mode_cues, read_rows, reporting_verbs, triggers
from flarewatch.model import MODALITIES, PLOVER_TYPES


def test_triggers_use_plover_types() -> None:
    entries = [entry for group in triggers().values() for entry in group]
    assert entries
    assert {entry.event for entry in entries} <= set(PLOVER_TYPES)
    assert {entry.pos for entry in entries} <= {"VERB", "NOUN"}


def test_trigger_rows_have_five_columns() -> None:
    assert all(len(row) <= 5 and len(row) >= 3 for row in read_rows("triggers.tsv"))


def test_mode_cues_are_assault_modes() -> None:
    assert {event for _, event, _ in mode_cues().values()} == {"ASSAULT"}


def test_reporting_verbs_give_contract_modalities() -> None:
    assert set(reporting_verbs().values()) <= set(MODALITIES)
