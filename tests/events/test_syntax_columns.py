"""`events.syntax.columns` and `tokens_with_lemma` read what the spaCy tokens hold."""

from __future__ import annotations

import pytest

from flarewatch.events.syntax import columns, tokens_with_lemma
from flarewatch.stages.parse import load_nlp

TEXTS = [
    "Gunmen Killed three farmers near Gao on Monday, officials said.",
    "U.S. jets struck 12 targets; the ministry's statement followed at 10:30.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_columns_match_the_tokens(text: str) -> None:
    parse = load_nlp()(text)
    read = columns(parse)
    assert read.lemma == [token.lemma_.lower() for token in parse]
    assert read.lower == [token.lower_ for token in parse]
    assert read.alpha == [token.is_alpha for token in parse]


@pytest.mark.parametrize(("text", "lemmas", "expected"), [
    ("Gunmen Killed three farmers and killed a guard.", {"kill"}, ["Killed", "killed"]),
    ("Gunmen killed three farmers.", {"claim"}, []),
    ("The group claimed the attack, claiming revenge.", {"claim"}, ["claimed", "claiming"]),
])
def test_tokens_with_lemma(text: str, lemmas: set[str], expected: list[str]) -> None:
    assert [token.text for token in tokens_with_lemma(load_nlp()(text), lemmas)] == expected
