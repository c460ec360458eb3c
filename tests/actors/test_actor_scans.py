"""The fast scans of the actor code find what a plain token-by-token scan finds."""

from __future__ import annotations

from flarewatch.actors.coreference import _occurrences
from flarewatch.actors.lexicon import Token, tokenize


def _plain_occurrences(words: list[str], phrases: list[str]) -> list[tuple[int, int]]:
    found = []
    for parts in (phrase.split() for phrase in phrases):
        for i in range(len(words) + 1):
            if words[i : i + len(parts)] == parts and parts:
                found.append((i, i + len(parts) - 1))
    return sorted(found)


def test_occurrences_of_one_and_several_words_as_a_plain_scan_finds_them() -> None:
    text = "The group said the group's fighters left; its fighters, the group"
    tokens = tokenize(text)
    phrases = ["the group", "its fighters", "fighters", "the group 's fighters", "the"]
    expected = _plain_occurrences([t.norm for t in tokens], phrases)
    assert _occurrences(tokens, phrases) == expected
    assert (len(tokens) - 2, len(tokens) - 1) in expected  # a phrase ending the text


def test_a_phrase_longer_than_what_is_left_is_not_found() -> None:
    assert _occurrences(tokenize("in the"), ["the group", "in"]) == [(0, 0)]


def test_tokens_are_tokens() -> None:
    tokens = tokenize("Iraqi forces — the U.N.")
    assert all(type(token) is Token for token in tokens)
    assert tokens[0] == Token(0, 5, "iraqi") and tokens[0].norm == "iraqi"
