"""Long texts are parsed in pieces that join back into the original text."""

from __future__ import annotations

import pytest

from flarewatch.model import Document
from flarewatch.stages.parse import PARSE_CHARS, parse_batch, text_pieces

SENTENCE = "Artillery shelled the outskirts of Kharkiv overnight, wounding three people. "

# (text, limit, the pieces' lengths): cuts at a blank line before a line end, before a
# sentence end, before a space; a text without any of these is cut at the limit.
CASES = [
    ("a" * 30 + "\n\n" + "b" * 10 + "\n" + "c" * 20, 50, [32, 31]),
    ("a" * 30 + ". " + "b" * 10 + "\n" + "c" * 20, 50, [43, 20]),
    ("a" * 30 + ". " + "b" * 10 + " " + "c" * 20, 50, [32, 31]),
    ("a" * 30 + " " + "b" * 30, 50, [31, 30]),
    ("x" * 120, 50, [50, 50, 20]),
    ("short", 50, [5]),
    ("y" * 50, 50, [50]),
    ("ab " + "!" * 1200 + " cd", 5000, [3, 500, 500, 203]),  # a run without spaces
    ("ab " + "!" * 500 + " cd", 5000, [506]),  # trap: a run of 500 is left whole
    ("http://127.0.0.1/" + "x" * 150 + " done", 5000, [172]),  # trap: a long URL
]


@pytest.mark.parametrize(("text", "limit", "lengths"), CASES)
def test_pieces_join_back_and_cut_at_the_best_place(text, limit, lengths):
    pieces = text_pieces(text, limit)
    assert "".join(pieces) == text
    assert [len(piece) for piece in pieces] == lengths


def test_a_long_text_parses_into_one_doc_with_the_original_offsets():
    text = "\n\n".join(SENTENCE * 40 for _ in range(20))  # about 62,000 characters
    long, short = parse_batch([Document(id="l", text=text), Document(id="s", text=SENTENCE)])
    assert long.parse.text == text and short.parse.text == SENTENCE
    assert len(text_pieces(text, PARSE_CHARS)) == 2 and len(long.sentences) == 800
    assert all(text[m.start:m.end] == m.text for m in long.mentions)
    assert {m.text for m in long.mentions} == {"Kharkiv", "three"}


# (text, the first words of each sentence): headings and bullets end sentences; a wrapped
# paragraph and a quote closing a paragraph do not.
LINES = [
    ("Gunmen kill nine in Plateau village\nGunmen stormed the village late on Sunday.",
     ["Gunmen kill", "Gunmen stormed"]),
    ("Drone strike hits Sumy\n\nA drone hit a block of flats in Sumy on Tuesday.",
     ["Drone strike", "A drone"]),
    ("HIGHLIGHTS\n- Nine soldiers killed near Boni\n- Convoy reaches Lere under escort",
     ["HIGHLIGHTS", "- Nine", "- Convoy"]),
    ("Soldiers shelled the town of\nKupiansk on Monday and\nwithdrew at night, the army said.",
     ["Soldiers shelled"]),
    ("The army said it had retaken the\ntown on Monday after heavy fighting.",
     ["The army"]),
]


@pytest.mark.parametrize(("text", "starts"), LINES, ids=[text[:30] for text, _ in LINES])
def test_headings_and_bullets_end_sentences(text: str, starts: list[str]) -> None:
    (doc,) = parse_batch([Document(id="d", text=text)])
    found = [text[s.start:s.end].strip() for s in doc.sentences]
    assert len(found) == len(starts), found
    pairs = zip(found, starts, strict=True)
    assert all(sentence.startswith(start) for sentence, start in pairs), found
