"""Parts of the incident comparison on hand-built parses (no model: the rule, not spaCy)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from flarewatch.incidents.compare import nested

# Words, heads, dependencies and lemmas of "Four soldiers were killed MARK a bomb struck their
# vehicle, officials said", the "MARK" clause hung on the reporting verb, as the parser
# sometimes does.
WORDS = ["Four", "soldiers", "were", "killed", "MARK", "a", "bomb", "struck", "their",
         "vehicle", ",", "officials", "said"]
HEADS = [1, 3, 3, 12, 7, 6, 7, 12, 9, 7, 12, 12, 12]
DEPS = ["nummod", "nsubjpass", "auxpass", "ccomp", "mark", "det", "nsubj", "advcl", "poss",
        "dobj", "punct", "nsubj", "ROOT"]
VOCAB = spacy.blank("en").vocab  # with English lower-casing, unlike a bare Vocab
LEMMAS = ["four", "soldier", "be", "kill", "MARK", "a", "bomb", "strike", "their", "vehicle",
          ",", "official", "say"]


def parsed(mark: str, verb: str = "said", lemma: str = "say"):  # type: ignore[no-untyped-def]
    words = [mark if w == "MARK" else verb if w == "said" else w for w in WORDS]
    lemmas = [mark if w == "MARK" else lemma if w == "say" else w for w in LEMMAS]
    return Doc(VOCAB, words=words, heads=HEADS, deps=DEPS, lemmas=lemmas)


@pytest.mark.parametrize(("mark", "verb", "lemma", "expected"), [
    ("when", "said", "say", True),   # the "when" clause tells how they were killed
    ("as", "reported", "report", True),
    ("after", "said", "say", False),  # what came before is another happening
    ("when", "hoped", "hope", False),  # no reporting verb: two clauses of their own
])
def test_a_clause_hung_on_the_reporting_verb_is_nested(
        mark: str, verb: str, lemma: str, expected: bool) -> None:
    doc = parsed(mark, verb, lemma)
    assert nested(doc[7], doc[3]) is expected
