"""A later word in capitals that spells an earlier actor's initials names that actor
(`lexicon.add_initials_hits`), as `initials.tsv` tabulates in phrasings, half of them traps."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.actors.lexicon import add_initials_hits, find_hits, tokenize

CASES = [line.split("\t") for line in
         (Path(__file__).parent / "initials.tsv").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


def initials_code(text: str, word: str) -> str:
    """The code the last `word` of `text` gets from `add_initials_hits`, "-" for none."""
    tokens = tokenize(text)
    at = text.rindex(word)
    hits = add_initials_hits(text, tokens, find_hits(tokens, text))
    found = [hit for hit in hits if hit.start == at and hit.end == at + len(word)]
    codes = {entry.code for hit in found for entry in hit.entries if entry.code}
    return codes.pop() if len(codes) == 1 else "-"


@pytest.mark.parametrize(("text", "word", "expected"), CASES)
def test_initials(text: str, word: str, expected: str) -> None:
    assert initials_code(text, word) == expected
