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
