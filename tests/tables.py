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
            rows.append((name, byte_literal(literal), code))
    return rows


def good_inputs() -> list[tuple[str, bytes, list[str]]]:
    """(file name, its bytes, the ids of the documents it gives) from good_inputs.tsv."""
    return [(name, byte_literal(literal), ids.split(","))
            for name, literal, ids, _why in rows(DATA / "good_inputs.tsv")]


def encodings() -> list[tuple[str, bytes, str | None, str]]:
    """(file name, its bytes, the --encoding given or None, the words its text must hold or
    the error code it must give) from encodings.tsv."""
    return [(name, byte_literal(literal), None if chosen == "-" else chosen, expected)
            for name, literal, chosen, expected, _why in rows(DATA / "encodings.tsv")]


def byte_literal(written: str) -> bytes:
    """A bytes literal, or literals joined by `+` and repeated by `* N`
    (b"a" * 3 + b"b"), so that a table row can describe a long input in a few characters."""
    def value(node: ast.expr) -> Any:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mult):
            left, right = value(node.left), value(node.right)
            return left + right if isinstance(node.op, ast.Add) else left * right
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            assert node.func.attr == "encode", written  # "text".encode("utf-16-le")
            return value(node.func.value).encode(*map(value, node.args))
        return ast.literal_eval(node)

    found = value(ast.parse(written, mode="eval").body)
    assert isinstance(found, bytes), written
    return found


def rows(path: Path) -> list[list[str]]:
    """The tab-separated rows of a table, comments and blank lines skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def entity(value: Any) -> str:
    """An entity as a table writes it: "CODE SECTOR" (None as written), "-" for none."""
    return f"{value.code} {value.sector}" if value is not None else "-"


def observed(events: list[Any], check: str, text: str = "") -> str:
    """The value a check reads off extracted events, as the tables write it. A check is
    `kind` or `kind:TYPE` (the first event of that PLOVER type); `evidence:TYPE` reads the
    words of its principal telling (`text_info`) from `text`; `tolls:TYPE` lists every
    event of the type as place=dead, `evidences:TYPE` as place=words, `actors:TYPE` as
    place=actor, `dates:TYPE` as its date, `bases:TYPE` as its `date_basis`."""
    kind, _, event_type = check.partition(":")
    chosen = [event for event in events if event.event == event_type]
    first = chosen[0] if chosen else None
    if kind == "types":
        return ",".join(sorted({event.event for event in events})) or "-"
    if kind == "count":
        return str(len(chosen))
    if kind == "tolls":  # every event of the type: place=dead, in text order
        return ",".join(f"{e.event_loc.name if e.event_loc else '-'}={e.size.dead}"
                        for e in chosen) or "-"
    if kind == "actors":  # every event of the type: place=actor, in text order
        return ",".join(f"{e.event_loc.name if e.event_loc else '-'}={entity(e.actor)}"
                        for e in chosen) or "-"
    if kind == "dates":  # every event of the type: its date, in text order
        return ",".join(e.date or "-" for e in chosen) or "-"
    if kind == "bases":  # every event of the type: what its date rests on, in text order
        return ",".join(e.date_basis or "-" for e in chosen) or "-"
    if kind == "evidences":  # every event of the type: place=its words, in text order
        return " | ".join(f"{e.event_loc.name if e.event_loc else '-'}={text[e.start:e.end]}"
                          for e in chosen) or "-"
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
        "mode": lambda e: e.mode or "-",
        "acled": lambda e: e.acled.sub_event_type if e.acled else "-",
        "actor_text": lambda e: (e.actor.text or "-") if e.actor else "-",
        "evidence": lambda e: text[e.start:e.end],
    }
    if kind not in readers:
        raise ValueError(f"unknown check {check!r}")
    return str(readers[kind](first))


def place_reading(text: str, name: str) -> str:
    """"name|country" of the place the geoparser reads for the words `name` in `text`
    (report of 2024-05-08), "-" for none: the expected column of the geo reading tables."""
    from flarewatch.api import annotate

    places = annotate(text, "2024-05-08", "d", ["parse", "places"]).places
    found = [p for p in places if text[p.start:p.end] == name]
    return f"{found[0].name}|{found[0].country}" if found else "-"
