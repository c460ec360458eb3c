"""The actor dictionary: tokens, longest-leftmost matching, dated senses."""

from __future__ import annotations

import datetime as dt

import pytest

from flarewatch.actors.compose import sense
from flarewatch.actors.lexicon import Entry, find_hits, normalise, tokenize


def test_curly_and_straight_apostrophes_tokenize_alike() -> None:
    assert normalise("Azerbaijan’s army") == normalise("azerbaijan's ARMY")


def test_sentence_final_period_is_its_own_token_and_hyphens_separate_words() -> None:
    assert [t.norm for t in tokenize("Nagorno-Karabakh.")] == ["nagorno", "karabakh", "."]
    assert [t.norm for t in tokenize("the U.N. said")] == ["the", "u.n.", "said"]


def test_token_offsets_point_into_the_text() -> None:
    text = "Moscow’s Foreign Ministry"
    assert [text[t.start : t.end] for t in tokenize(text)][-2:] == ["Foreign", "Ministry"]


def test_longest_match_wins() -> None:
    text = "the Armed Forces of the Republic of Armenia"
    phrases = [text[hit.start : hit.end] for hit in find_hits(tokenize(text), text)]
    assert "Republic of Armenia" in phrases and "Armenia" not in phrases


def test_dated_senses() -> None:
    entry = Entry("x", "person", "AZE", "GOV", start="2003-10-31")
    assert entry.valid_on(dt.date(2023, 1, 1)) and not entry.valid_on(dt.date(2000, 1, 1))
    assert entry.valid_on(None)


def test_leader_out_of_office_keeps_the_country_but_not_the_office() -> None:
    hit = find_hits(tokenize("Nikol Pashinyan"), "Nikol Pashinyan")[0]
    assert (sense(hit, dt.date(2023, 1, 1)).code, sense(hit, dt.date(2023, 1, 1)).sector) == (
        "ARM", "GOV")
    assert (sense(hit, dt.date(2010, 1, 1)).code, sense(hit, dt.date(2010, 1, 1)).sector) == (
        "ARM", None)


def test_index_is_cached_and_reloaded(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from flarewatch.actors import lexicon

    monkeypatch.setenv("FLAREWATCH_CACHE", str(tmp_path))
    lexicon._index.cache_clear()
    try:
        built = len(lexicon.entries())
        assert len(list(tmp_path.glob("actors-*.pickle"))) == 1
        lexicon._index.cache_clear()
        assert len(lexicon.entries()) == built
    finally:
        lexicon._index.cache_clear()


def test_short_names_must_be_written_as_acronyms() -> None:
    text = "US officials told us an answer"
    found = [text[h.start : h.end] for h in find_hits(tokenize(text), text)]
    assert "US" in found and "us" not in found and "an" not in found


@pytest.mark.parametrize(("text", "phrase", "tokens"), [
    ("Troops of the Republic of Armenia fired.", "republic of armenia", (3, 5)),
    ("Azerbaijan’s army said", "azerbaijan", (0, 0)),
    ("the U.N. said", "u.n.", (1, 1)),
    ("He met Nikol Pashinyan.", "nikol pashinyan", (2, 3)),
])
def test_a_hit_carries_the_senses_and_tokens_of_its_phrase(
    text: str, phrase: str, tokens: tuple[int, int],
) -> None:
    from flarewatch.actors.lexicon import entries

    hit = next(h for h in find_hits(tokenize(text), text) if h.entries[0].phrase == phrase)
    assert hit.entries is entries()[phrase]
    assert (hit.first, hit.last) == tokens
    assert normalise(text[hit.start : hit.end]) == phrase


def test_a_reloaded_index_holds_each_short_string_once(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from flarewatch.actors import lexicon

    monkeypatch.setenv("FLAREWATCH_CACHE", str(tmp_path))
    lexicon._index.cache_clear()
    try:
        lexicon.entries()
        lexicon._index.cache_clear()
        senses = [entry for senses in lexicon.entries().values() for entry in senses]
    finally:
        lexicon._index.cache_clear()
    for field in ("kind", "code", "sector", "start"):
        values = [getattr(entry, field) for entry in senses if getattr(entry, field)]
        assert len({id(value) for value in values}) == len(set(values)), field
    assert not hasattr(senses[0], "__dict__")  # slots: no dict per sense
