"""Shared helpers for the event tests: case tables and parsed documents."""

from __future__ import annotations

from pathlib import Path

from flarewatch.model import ActorMention, Document, Entity
from flarewatch.pipeline import run

CASES = Path(__file__).parent.parent / "events" / "cases"


def table(name: str) -> list[list[str]]:
    rows = []
    for line in (CASES / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def parsed(text: str, stages: tuple[str, ...] = ("parse", "events")) -> Document:
    return run(Document(id="test", text=text), stages)


def mention(text: str, words: str, code: str | None, sector: str | None) -> ActorMention:
    """An actor mention over the first occurrence of `words` in `text`."""
    start = text.index(words)
    return ActorMention(start, start + len(words), Entity(words, code=code, sector=sector))
