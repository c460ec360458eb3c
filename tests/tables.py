"""Readers for the test tables in tests/data (shared by several test modules)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def bad_inputs() -> list[tuple[str, bytes, str]]:
    """(file name, its bytes, the error code it must give) from bad_inputs.tsv."""
    rows = []
    for line in (DATA / "bad_inputs.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, literal, code, _why = line.split("\t")
            rows.append((name, ast.literal_eval(literal), code))
    return rows


def rows(path: Path) -> list[list[str]]:
    """The tab-separated rows of a table, comments and blank lines skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def entity(value: Any) -> str:
    """An entity as a table writes it: "CODE SECTOR" (None as written), "-" for none."""
    return f"{value.code} {value.sector}" if value is not None else "-"


def observed(events: list[Any], check: str) -> str:
    """The value a check reads off extracted events, as the tables write it. A check is
    `kind` or `kind:TYPE` (the first event of that PLOVER type)."""
    kind, _, event_type = check.partition(":")
    chosen = [event for event in events if event.event == event_type]
    first = chosen[0] if chosen else None
    if kind == "types":
        return ",".join(sorted({event.event for event in events})) or "-"
    if kind == "count":
        return str(len(chosen))
    if first is None:
        return "0" if kind == "mentions" else "-"
    readers = {
        "place": lambda e: e.event_loc.name if e.event_loc else "-",
        "country": lambda e: e.event_loc.country if e.event_loc else "-",
        "dead": lambda e: str(e.size.dead),
        "injured": lambda e: str(e.size.injured),
        "arrested": lambda e: str(e.size.arrested),
        "mentions": lambda e: str(len(e.tellings())),
        "actor": lambda e: entity(e.actor),
        "recipient": lambda e: entity(e.recipient),
        "claimed_by": lambda e: entity(e.claimed_by),
        "date": lambda e: e.date or "-",
        "modality": lambda e: e.modality,
        "acled": lambda e: e.acled.sub_event_type if e.acled else "-",
        "actor_text": lambda e: (e.actor.text or "-") if e.actor else "-",
    }
    if kind not in readers:
        raise ValueError(f"unknown check {check!r}")
    return str(readers[kind](first))
