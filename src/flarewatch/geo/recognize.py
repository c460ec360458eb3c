"""Find toponyms: gazetteer names (looked up in the index's trie from each capitalised word
start) checked against spaCy's entities.

A name spaCy tags GPE/LOC/FAC is a toponym. A gazetteer name spaCy leaves untagged, or
mislabels PERSON/ORG (spaCy-small calls Stepanakert a person), is kept when it is a notable
place, sits in a focus country, or follows a locative word ("in X", "near X"); common words
and names after a title ("Mr X") or inside a longer capitalised name are rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from flarewatch.geo.build import fold
from flarewatch.geo.index import Candidate, Gazetteer
from flarewatch.geo.sources import GEO_DATA, read_tsv
from flarewatch.model import Mention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOTABLE_KINDS = frozenset({"country", "adm1", "continent", "region", "corridor", "water"})
NOTABLE_POPULATION = 100_000
MISLABELLED_POPULATION = 1_000_000  # spaCy said ORG/PERSON: only a big city overrides it
CUED_POPULATION = 1_000
# A character after no letter or digit ([^\W_] is a letter or digit) that may be a capital.
_MAYBE_CAPITAL = re.compile(r"(?<![^\W_])[A-Z\x80-\U0010ffff]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@cache
def cue_words(role: str) -> frozenset[str]:
    return frozenset(word for word, kind in read_tsv(GEO_DATA / "cue_words.tsv") if kind == role)


@cache
def common_words() -> frozenset[str]:
    """The project's list plus English stop words ("In", "Most" open sentences)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    path = GEO_DATA / "common_words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    listed = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    return frozenset(listed | set(STOP_WORDS))


def is_common_word(name: str) -> bool:
    """"In", "Most", "Police": a common word, capitalised; "US" in capitals is no "us"."""
    return not name.isupper() and fold(name) in common_words()


def folded_text(text: str) -> str:
    """`fold(text)` with the same length, so offsets stay valid."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(char if len(fold(char)) != 1 else fold(char) for char in text)


def gazetteer_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    """Longest non-overlapping gazetteer names at word boundaries, each word capitalised
    (but its function words), and no fragment of a longer hyphenated word ("Al-Ba'ir")."""
    folded = folded_text(text)
    found = [Span(start, end, text[start:end]) for start in capitalised_word_starts(text)
             for end in _name_ends(text, folded, start, gazetteer)]
    return longest_first([s for s in found if whole_name(text, s) and title_cased(s.text)])


APOSTROPHES = "'’"


def whole_name(text: str, span: Span) -> bool:
    """Not a fragment of a longer word: glued by an apostrophe to letters ("Ba" of "Ba'ir"),
    or an Arabic article or the word after one ("Al-Ba'ir": neither "Al" nor "Ba");
    "US-led" and "Israel-Gaza" keep their names."""
    before, after = text[max(0, span.start - 2) : span.start], text[span.end : span.end + 3]
    if len(before) == 2 and before[1] in APOSTROPHES and before[0].isalpha():
        return False
    possessive = after[1:2] in ("s", "S") and not after[2:3].isalpha()  # "Japan's"
    if after[:1] in APOSTROPHES and after[1:2].isalpha() and not possessive:
        return False
    articles = cue_words("name_article")
    hyphened = text[:span.start].endswith("-")
    article_before = hyphened and last_word(text[:span.start - 1]) in articles
    article_itself = after[:1] == "-" and span.text.lower() in articles
    return not (article_before or article_itself)


def last_word(text: str) -> str:
    words = re.findall(r"[A-Za-z]+$", text)
    return words[0].lower() if words else ""


def title_cased(name: str) -> bool:
    """A name led by an article is capitalised throughout ("The Hague", not "The city");
    "Lachin corridor" and "Gaza strip" keep their generic word."""
    words = name.replace("-", " ").split()
    if len(words) < 2 or words[0].lower() not in ("the", "a", "an"):
        return True
    return all(word[:1].isupper() or word.lower() in cue_words("name_function")
               for word in words[1:])


def capitalised_word_starts(text: str) -> list[int]:
    """Where a word starts with a capital: after no letter or digit, a character that
    `str.isupper` accepts (a regex finds the few that may be: A-Z, or beyond ASCII)."""
    return [match.start() for match in _MAYBE_CAPITAL.finditer(text)
            if match.group().isupper()]


def _name_ends(text: str, folded: str, start: int, gazetteer: Gazetteer) -> list[int]:
    """The ends of the gazetteer names that start at `start` and end a word (no letter or
    digit follows; `text[end:end + 1]` is empty at the end of the text)."""
    last = start + gazetteer.name_reach(folded, start)
    return [end for end in range(start + 1, last + 1)
            if not text[end : end + 1].isalnum() and gazetteer.knows_folded(folded[start:end])]


def longest_first(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= kept.start or span.start >= kept.end for kept in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def entity_spans(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Span]:
    """spaCy place entities, trimmed of "the" and possessive "'s", that the gazetteer knows;
    with the full stop of an abbreviation the gazetteer knows ("Wichita, Kan.")."""
    spans = []
    for mention in mentions:
        if mention.label in PLACE_LABELS:
            span = abbreviated(text, trimmed(Span(mention.start, mention.end, mention.text)),
                               gazetteer)
            if span.text[:1].isupper() and gazetteer.knows(span.text) and (
                " " in span.text or not is_common_word(span.text)
            ):
                spans.append(span)
    return spans


def abbreviated(text: str, span: Span, gazetteer: Gazetteer) -> Span:
    dotted = span.text + "."
    if text[span.end : span.end + 1] == "." and gazetteer.knows(dotted):
        return Span(span.start, span.end + 1, dotted)
    return span


def trimmed(span: Span) -> Span:
    text, start = span.text, span.start
    for article in ("the ", "The "):
        if text.startswith(article):
            text, start = text[len(article):], start + len(article)
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return Span(start, start + len(text), text)


def is_notable(
    candidates: list[Candidate], focus: frozenset[str], population: int = NOTABLE_POPULATION
) -> bool:
    """A country, region or capital; a town of `population` or more; a town in a focus
    country."""
    for candidate in candidates:
        if candidate.kind in NOTABLE_KINDS or candidate.kind == "capital":
            return True
        if candidate.population >= population:
            return True
        if candidate.country in focus and candidate.population >= CUED_POPULATION:
            return True
    return False


def word_before(text: str, start: int) -> str:
    words = text[max(0, start - 30) : start].split()
    return words[-1] if words else ""


def inside_longer_name(text: str, span: Span) -> bool:
    """"Washington Post", "Paris Hilton": a capitalised word runs on after the name."""
    rest = text[span.end : span.end + 30]
    following = rest.split()[0].strip(".,;:!?)\"'’”") if rest.strip() else ""
    return rest[:1] == " " and following[:1].isupper() and following.isalpha()


def without_trailing_punctuation(mention: Mention) -> Mention:
    """spaCy-small sometimes takes the full stop into an entity ("Bakhmut."); "U.S." keeps it."""
    if "." in mention.text[:-1]:
        return mention
    text = mention.text.rstrip(".,;:!?\"'’” ")
    return Mention(text, mention.start, mention.start + len(text), mention.label)


def covering_mention(mentions: list[Mention], span: Span) -> Mention | None:
    for mention in mentions:
        if mention.start <= span.start and span.end <= mention.end:
            return mention
    return None


def accept_untagged(
    text: str, span: Span, mention: Mention | None, candidates: list[Candidate],
    focus: frozenset[str],
) -> bool:
    """Should a gazetteer name that spaCy did not tag as a place count as a toponym?"""
    before = word_before(text, span.start)
    if is_common_word(span.text) or before in cue_words("title"):
        return False
    if mention is not None and mention.label in PLACE_LABELS:
        return True
    if before.lower() in cue_words("before") and (mention is None or mention.end <= span.end):
        return any(c.population >= CUED_POPULATION or c.kind != "city" for c in candidates)
    if span.text.isupper() and not any(c.kind in NOTABLE_KINDS for c in candidates):
        return False  # "HIV", "FAO": acronyms, not the small towns of the same letters
    if mention is not None and (mention.start, mention.end) != (span.start, span.end):
        return mention.label in {"NORP", "ORG"} and mention.start == span.start and any(
            c.kind in NOTABLE_KINDS for c in candidates)
    if mention is not None and mention.label == "NORP":
        return False
    if inside_longer_name(text, span):
        return False
    return is_notable(
        candidates, focus, NOTABLE_POPULATION if mention is None else MISLABELLED_POPULATION)


def person_name_words(mentions: list[Mention]) -> frozenset[str]:
    """Words of multi-word PERSON names: "Dunn" after "Jane Dunn" is her, not the town."""
    words: set[str] = set()
    for mention in mentions:
        if mention.label == "PERSON" and " " in mention.text.strip():
            words.update(fold(word) for word in mention.text.split())
    return frozenset(words)


@dataclass(frozen=True)
class Untagged:
    """A gazetteer name spaCy did not tag as a place, the entity it lies in, its entries."""

    span: Span
    mention: Mention | None
    candidates: list[Candidate]


@dataclass(frozen=True)
class PossibleToponyms:
    """What a text may name as places, read once: spaCy's place entities the gazetteer knows
    (`tagged`, toponyms whatever the focus) and the other gazetteer names (`untagged`)."""

    text: str
    tagged: list[Span]
    untagged: list[Untagged]

    def accepted(self, focus: frozenset[str] = frozenset()) -> list[Span]:
        """The toponyms for countries of focus `focus` (sorted, non-overlapping)."""
        kept = [name.span for name in self.untagged if accept_untagged(
            self.text, name.span, name.mention, name.candidates, focus)]
        return longest_first([*self.tagged, *kept])


def possible_toponyms(
    text: str, mentions: list[Mention], gazetteer: Gazetteer
) -> PossibleToponyms:
    """Every span of the text that may be a toponym, with what deciding needs."""
    mentions = [without_trailing_punctuation(mention) for mention in mentions]
    tagged = entity_spans(text, mentions, gazetteer)
    people = person_name_words(mentions)
    untagged = [
        Untagged(span, covering_mention(mentions, span), gazetteer.candidates(span.text))
        for span in gazetteer_spans(text, gazetteer)
        if not any(span.start < t.end and t.start < span.end for t in tagged)
        and fold(span.text) not in people
    ]
    return PossibleToponyms(text, tagged, untagged)


def find_toponyms(
    text: str, mentions: list[Mention], gazetteer: Gazetteer, focus: frozenset[str] = frozenset()
) -> list[Span]:
    """Every toponym span in the text (sorted, non-overlapping)."""
    return possible_toponyms(text, mentions, gazetteer).accepted(focus)
