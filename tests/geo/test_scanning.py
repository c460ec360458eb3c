"""The geoparser's fast scans (issue 9: the places stage's share of the parse) against the
plain readings they replaced, which the tests keep as references: every scan must find
exactly what its reference finds, on hand-made tricky strings and on the repository's
samples (and GeoVirus, where `../shared` is present).
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from flarewatch.geo import index
from flarewatch.geo.build import fold
from flarewatch.geo.geoparse import (
    _DESCRIBED,
    ReadingsInText,
    demonym_pattern,
    demonyms,
    ends_in_of,
    regional_demonyms,
)
from flarewatch.geo.index import Candidate, Gazetteer, NameIndex, load_gazetteer
from flarewatch.geo.recognize import (
    COMMON_POS,
    Span,
    _name_ends,
    article_starts,
    capitalised_word_starts,
    common_word_starts,
    folded_text,
    longest_first,
    name_word_ends,
    respelled,
    respelled_spans,
)
from flarewatch.geo.sources import plain
from flarewatch.paths import REPO_DIR

TRICKY = [
    "Pétion-Ville and Saint Marc, then Dar es Salaam-Bagamoyo road; Jisr al-Shughur.",
    "3Abc 'Okay ’Ahmed _Under x3Yz Ba'ir O'Brien Côte-d’Azur São Paulo-Rio 3Pétion-Ville",
    "’Saint Marc, _Saint Marc, x’Saint Marc, 2Saint Marc",
    "The company said. THE END — NEW YORK CITY (AP) — Kéniéba, Mali; Laçın-Lachin",
    "Ağdam  Kharkiv-oblast, a-B C-d E de F al G-al-H I  J\nK",
    "Σ ΑΘΗΝΑ Αθήνα İstanbul ǅemal Ⅻ Legion ²Abc ½ Lé-Ré ",
    "",
    "A",
    "é",
]


def sample_texts(shared: Path | None = None) -> Iterator[str]:
    yield from TRICKY
    for path in sorted((REPO_DIR / "samples").iterdir()):
        yield path.read_text(encoding="utf-8")
    if shared is not None:
        root = ET.parse(shared / "data" / "geo" / "GeoVirus.xml").getroot()
        yield from (article.findtext("text") or "" for article in root.iter("article"))


# The scan `respelled_spans` replaced: every run of words, then every word of the run.
_RUN = re.compile(r"[^\W\d_][\w'’]*(?:[- ][^\W\d_][\w'’]*)*")
_WORD = re.compile(r"[^\W\d_][\w'’]*")


def respelled_spans_by_runs(text: str, gazetteer: Gazetteer) -> list[Span]:
    found = []
    articles = set(article_starts(text))
    for run in _RUN.finditer(text):
        words = [(run.start() + w.start(), run.start() + w.end())
                 for w in _WORD.finditer(run.group())]
        for at, (start, _) in enumerate(words):
            if text[start].isupper() or start in articles:
                found += [Span(start, end, text[start:end]) for end in name_word_ends(
                    text, words[at:at + 4]) if respelled(text[start:end], gazetteer)]
    return found


def name_ends_by_reach(text: str, folded: str, start: int, gazetteer: Gazetteer) -> list[int]:
    """The ends `_name_ends` gave before `Gazetteer.name_ends`: within `name_reach`."""
    last = start + gazetteer.name_reach(folded, start)
    return [end for end in range(start + 1, last + 1)
            if not text[end:end + 1].isalnum() and gazetteer.knows_folded(folded[start:end])]


def test_respelled_spans_equal_the_scan_by_runs_on_the_samples() -> None:
    gazetteer = load_gazetteer()
    assert [respelled_spans(text, gazetteer) for text in sample_texts()] == [
        respelled_spans_by_runs(text, gazetteer) for text in sample_texts()]


def test_respelled_spans_equal_the_scan_by_runs_on_geovirus(shared: Path) -> None:
    gazetteer = load_gazetteer()
    texts = list(sample_texts(shared))
    assert len(texts) > 200
    assert [respelled_spans(text, gazetteer) for text in texts] == [
        respelled_spans_by_runs(text, gazetteer) for text in texts]


def test_respelled_spans_find_names_written_otherwise() -> None:
    found = respelled_spans(TRICKY[0], load_gazetteer())
    assert {"Pétion-Ville", "Saint Marc"} <= {span.text for span in found}


def test_name_ends_equal_the_ends_within_reach_at_every_position() -> None:
    gazetteer = load_gazetteer()
    for text in sample_texts():
        folded = folded_text(text)
        assert [_name_ends(text, folded, start, gazetteer) for start in range(len(text))] == [
            name_ends_by_reach(text, folded, start, gazetteer) for start in range(len(text))]


@pytest.mark.parametrize(("query", "reading"), [
    ("new york", (True, True)), ("new yo", (False, True)), ("new", (True, True)),
    ("newark", (True, True)), ("newa", (False, True)), ("newarks", (False, False)),
    ("bronx", (False, False)), ("zz", (False, False)),
    ("a", (False, True)),
])
def test_reading_tells_a_name_and_a_name_begun(query: str, reading: tuple[bool, bool]) -> None:
    tiny = NameIndex.of_table({"new york": (5,), "new": (1,), "newark": (2,), "ab": (4,)})
    assert tiny.reading(query) == reading


def test_remembered_readings_are_forgotten_past_the_limit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    gazetteer = Gazetteer({"columns": {}, "names": {"most": [0], "mostar": [1]}})
    monkeypatch.setattr(index, "READINGS_KEPT", 2)
    assert gazetteer.name_ends("in mostar.", 3, [7, 9, 10]) == [7, 9]
    assert len(gazetteer._readings) <= 2
    assert gazetteer.name_ends("in mostar.", 3, [7, 9, 10]) == [7, 9]


def test_capitalised_word_starts_follow_no_letter_or_digit() -> None:
    for text in sample_texts():
        assert capitalised_word_starts(text) == [
            at for at, char in enumerate(text)
            if char.isupper() and not (at and text[at - 1].isalnum())]


def test_demonym_pattern_finds_what_one_long_alternation_finds() -> None:
    names = sorted({*demonyms(), *regional_demonyms()}, key=len, reverse=True)
    flat = re.compile(rf"(?<![\w'’])(?P<name>{'|'.join(map(re.escape, names))})s?(?![\w'’])")
    texts = [*sample_texts(), " ".join(names), "-".join(f"{n}s" for n in names)]
    for text in texts:
        assert [m.group() for m in demonym_pattern().finditer(text)] == [
            m.group() for m in flat.finditer(text)]
    words = {*names, *(f"{n}s" for n in names), *(n[:-1] for n in names), "Syrian-Turkish"}
    assert [w for w in words if bool(demonym_pattern().fullmatch(w)) != bool(flat.fullmatch(w))
            ] == []


def test_common_word_starts_are_the_capitalised_common_words() -> None:
    words = ["Strong", "hiring", "in", "Market", "Street", "lifted", "US", "shares", ";",
             "Most", "rose", "É", "tait", "ıS", "3D", "Mad", "cow"]
    tags = ["ADJ", "NOUN", "ADP", "NOUN", "PROPN", "VERB", "PROPN", "NOUN", "PUNCT",
            "ADJ", "VERB", "NOUN", "NOUN", "NOUN", "NOUN", "ADJ", "NOUN"]
    parse = Doc(spacy.blank("en").vocab, words=words, pos=tags)
    expected = {token.idx for token in parse
                if token.text[:1].isupper() and token.pos_ in COMMON_POS}
    assert common_word_starts(parse) == expected
    assert {parse.text[at:at + 6] for at in expected} >= {"Strong", "Market", "Most r"}


def test_an_empty_parse_has_no_common_word() -> None:
    assert common_word_starts(Doc(spacy.blank("en").vocab, words=[])) == frozenset()
    assert common_word_starts(None) == frozenset()


def test_plain_leaves_ascii_as_it_is_and_drops_accents() -> None:
    ascii_text = "".join(map(chr, range(128)))
    assert plain(ascii_text) == ascii_text
    assert (plain("Côte"), plain("kéniéba"), fold("Pétion’s")) == ("Cote", "kenieba",
                                                                   "pétion's")


def longest_first_by_scan(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= kept.start or span.start >= kept.end for kept in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def test_longest_first_keeps_what_checking_every_kept_span_keeps() -> None:
    chance = random.Random(9)
    for _ in range(2_000):
        spans = []
        for _ in range(chance.randrange(12)):
            start = chance.randrange(30)
            end = start + chance.choice([0, 1, 1, 2, 3, 5, 8])
            spans.append(Span(start, end, "x" * (end - start)))
        assert longest_first(spans) == longest_first_by_scan(spans), spans


@pytest.mark.parametrize(("words", "ends"), [
    ("the English city of ", True), ("the Texas town of\n", True), ("town of\u00a0", True),
    ("the city of", False), ("the city off ", False), ("the cityof ", False), ("", False),
])
def test_ends_in_of(words: str, ends: bool) -> None:
    assert ends_in_of(words) is ends


def test_a_description_is_searched_wherever_it_may_match() -> None:
    for text in [*sample_texts(), "the English city of\n", "the Syrian border town of  "]:
        for end in range(len(text) + 1):
            start = max(0, end - 60)
            if _DESCRIBED.search(text, start, end):
                assert ends_in_of(text[start:end]), text[start:end]


def test_readings_in_text_are_remembered_only_without_containers() -> None:
    egypt = Candidate(1, "Alexandria", 31.2, 29.9, "EG", "06", "city", 3_800_000)
    louisiana = Candidate(2, "Louisiana", 31.0, -92.0, "US", "LA", "adm1", 4_600_000)
    louisianan = Candidate(3, "Alexandria", 31.3, -92.4, "US", "LA", "city", 48_000)
    memory, focus = ReadingsInText(), Counter[str]()
    assert memory.best("Alexandria", [egypt, louisianan], focus, [], [], []) == egypt
    assert memory.best("Alexandria", [egypt, louisianan], focus, [louisiana], [], []) == louisianan
    assert memory.best("Alexandria", [egypt, louisianan], focus, [], [], []) == egypt
    assert memory.best("Alexandria", [louisianan], focus, [], [], []) == louisianan
