"""Places the gazetteer lacks, put where the text puts them (issue 9).

"in Kyauk Ka in Myaung township", "the village of Manguna near Bokkos", "Tongomayel, in Soum
province": a name the gazetteer does not resolve, tied by a preposition to a place it does,
is a place of its own at that container's point and precision, with no geonameid. ACLED
codes such a village at the nearest place it knows, with geo-precision 2 ("part of a region
near a town": ACLED Codebook 2023, Geo-precision). Not a name that spaCy tags as anything but
a place (a person, an organisation, a date), a person's name word, a speaker ("Noma said"),
a demonym, a common or function word, nor one the parser reads as a common word; not after
"the", and not beside a country or a region across countries (too coarse a point). A name
before a settlement noun ("Daffo and Butura communities in Bokkos") is a village whatever
spaCy tagged it; "the" before such a list tells peoples ("the Tiv and Berom communities").
So is a name an apposition describes as a settlement ("Ngouboua, a fishing town in Lac
province"), and one tied through a side of its container ("Irpin, on the outskirts of Kyiv").
"""

from __future__ import annotations

import re
from dataclasses import replace

from flarewatch.geo.build import fold
from flarewatch.geo.recognize import (
    PLACE_LABELS,
    Span,
    cue_words,
    given_names,
    is_common_word,
    is_speaker,
    person_name_words,
    word_before,
)
from flarewatch.model import Mention, Place

# Capitalised words, then an optional comma and a tying preposition before the container.
_NAME = r"[A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*(?:[ -][A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*){0,3}"
# Nouns of settlements that a village's name may stand before ("Daffo community").
_SETTLEMENT_NOUNS = r"communit(?:y|ies)|villages?|settlements?|hamlets?"
# An apposition that describes the name as a settlement, before its tie: "Ngouboua, a
# fishing town in Lac province", "Ndim, a market village north of Bocaranga".
_DESCRIBED = (r",\s+an?\s+(?:[a-z]+(?:-[a-z]+)*\s+){0,3}?(?:town|village|city|hamlet|"
              r"settlement|community|township|district|neighbou?rhood|suburb|locality|camp|"
              r"seat|capital)\s+")
_DESCRIBED_AFTER = re.compile(_DESCRIBED)
# The words between a name and the place after it when they describe the name as a
# settlement there ("Kani, a township seat in Sagaing region").
APPOSED_IN = re.compile(_DESCRIBED + r"(?:in|near|outside)\s+(?:the\s+)?")
# A tie through a side of the container: "Sotk, on the eastern edge of Gegharkunik",
# "Irpin, on the outskirts of Kyiv".
_SIDE_OF = (r"(?:on|at|along) the (?:[a-z]+(?:-[a-z]+)? )?"
            r"(?:edges?|outskirts|fringes?|banks?|side|shores?) of")
_SIDE_OF_TIE = re.compile(_SIDE_OF)
_TIE = re.compile(
    rf"(?<![\w'’-])(?P<name>{_NAME})(?:\s+(?P<noun>{_SETTLEMENT_NOUNS}))?"
    rf"(?:{_DESCRIBED}|(?P<comma>,?)\s+)"
    rf"(?:(?P<tie>{_SIDE_OF}|[a-z]+(?: of)?)\s+)?(?:the\s+)?$")
# Names listed before the last one of a plural settlement noun: "Daffo and Butura
# communities in Bokkos", "Kwall, Ancha and Nkiedonwhro villages near Miango".
_LISTED = re.compile(rf"(?<![\w'’-])(?P<name>{_NAME})(?:,\s+|,?\s+and\s+)$")
_VILLAGE_OF = re.compile(r"\b(?:village|town|hamlet|settlement)\s+of\s+$")
LOOK_BACK = 80  # characters before a container searched for a tied name


def unlisted_places(text: str, places: list[Place], mentions: list[Mention],
                    common: frozenset[int] = frozenset()) -> list[Place]:
    """`places` with the unlisted names tied to one of them (`tied_name`) added, in text order."""
    found: list[Place] = []
    for container in places:
        for span in tied_names(text, container):
            if acceptable(text, span, places + found, mentions, common):
                found.append(at_container(span, container))
    found += recurring(text, found, places + found, mentions, common)
    return sorted(places + found, key=lambda place: place.start)


def recurring(text: str, found: list[Place], places: list[Place], mentions: list[Mention],
              common: frozenset[int]) -> list[Place]:
    """The other mentions of the names found ("a house was hit in Yater, in the Bint Jbeil
    district ... Yater was also hit on Monday"): one sense per discourse, as `one_sense` gives
    the gazetteer's names; each passes `acceptable` on its own."""
    more: list[Place] = []
    for place in {p.text: p for p in found}.values():
        for match in re.finditer(rf"(?<![\w'’-]){re.escape(place.text)}(?![\w'’-])", text):
            span = Span(match.start(), match.end(), place.text)
            if acceptable(text, span, places + more, mentions, common, placed=True):
                more.append(replace(place, start=span.start, end=span.end))
    return more


def tied_names(text: str, container: Place) -> list[Span]:
    """`tied_name`, and before it the names a plural settlement noun lists ("Daffo and
    Butura communities in Bokkos": Daffo too), in text order; none where "the" leads the
    list ("the Tiv and Berom communities": peoples, whose villages take no article)."""
    match = tie_match(text, container)
    if match is None or (span := tied_name(text, match)) is None:
        return []
    found = [span]
    plural = (match.group("noun") or "").endswith("s")
    while plural and (listed := _LISTED.search(text, max(0, found[0].start - 40),
                                               found[0].start)) is not None:
        name = last_proper_words(listed.group("name"))
        if not name:
            break
        start = listed.end("name") - len(name)
        found.insert(0, Span(start, start + len(name), name))
    return [] if word_before(text, found[0].start).lower() == "the" else found


def tie_match(text: str, container: Place) -> re.Match[str] | None:
    """`_TIE` right before `container`: a capitalised name, maybe a settlement noun
    ("Daffo community in Bokkos", "Tahore villages near Bokkos") and a tie; None where
    there is none or where the container is a country or spans countries (too coarse a
    point for a village)."""
    if container.precision == "country" or container.kind != "toponym" or not container.country:
        return None
    return _TIE.search(text, max(0, container.start - LOOK_BACK), container.start)


def tied_name(text: str, match: re.Match[str]) -> Span | None:
    """The name a `tie_match` ties to its container: "X in Y", "X near Y", "X, north of Y",
    "the village of X, Y", "X community in Y"; None where the tie is no tie or "the" leads
    the name ("the Old Bailey in London", "the Swale in Richmond": a building or a river,
    mostly)."""
    name = last_proper_words(match.group("name"))
    start = match.end("name") - len(name)
    village = _VILLAGE_OF.search(text, max(0, start - 30), start) is not None
    tie = ties(match.group("tie") or "", village and bool(match.group("comma")))
    if not name or not tie or word_before(text, start).lower() == "the":
        return None
    return Span(start, start + len(name), name)


def ties(word: str, village: bool) -> bool:
    """A preposition that puts one place in or by another (`cue_words.tsv` role `tie`), a
    side of it (`_SIDE_OF`: "on the outskirts of"), or after "the village of X" a bare comma
    ("the village of Manguna, Bokkos")."""
    return word in cue_words("tie") or _SIDE_OF_TIE.fullmatch(word) is not None or (
        village and word == "")


def last_proper_words(name: str) -> str:
    """The name without leading common or function words ("In Kyauk Ka": "Kyauk Ka")."""
    words = name.split(" ")
    while words and is_common_word(words[0]):
        words = words[1:]
    return " ".join(words)


def acceptable(text: str, span: Span, places: list[Place], mentions: list[Mention],
               common: frozenset[int], placed: bool = False) -> bool:
    """Whether a tied name may be a place: no known place overlaps it, no mention of another
    kind covers it (`tagged_otherwise`; a person's tag aside where the text has `placed` the
    name already: spaCy tags "Yater was also hit" a person), it opens no sentence untagged
    ("Jurors in Austin"), and it is no person's or common word (`personal_or_common`)."""
    if any(p.start < span.end and span.start < p.end for p in places):
        return False
    covering = [m for m in mentions if m.start < span.end and span.start < m.end]
    if any(tagged_otherwise(text, span, m) and not (placed and m.label == "PERSON")
           for m in covering):
        return False
    if opens_sentence(text, span) and not any(m.label in PLACE_LABELS for m in covering):
        return False
    people = person_name_words(text, [m for m in mentions if m not in covering])
    return not personal_or_common(text, span, people, common)


def personal_or_common(text: str, span: Span, people: frozenset[str],
                       common: frozenset[int]) -> bool:
    """A word of the name is a common word (listed, or read so by the parser: `common`), a
    given name, a word of a person's name elsewhere in the text (`people`) or a demonym; or
    the name is a speaker's ("Noma said")."""
    for word in re.finditer(r"\S+", span.text):
        if span.start + word.start() in common or is_common_word(word.group()):
            return True
        if fold(word.group()) in people or word.group() in given_names() or demonym(word.group()):
            return True
    return is_speaker(text, span)


def demonym(word: str) -> bool:
    """A demonym of `demonyms.tsv` or `regional_demonyms.tsv` ("Kashmiri traders in Jammu")."""
    from flarewatch.geo.geoparse import demonym_pattern

    return demonym_pattern().fullmatch(word) is not None


def opens_sentence(text: str, span: Span) -> bool:
    """Nothing but a sentence's start before the name: its capital tells no proper name."""
    before = text[: span.start].rstrip()
    return not before or before[-1] in ".!?\"“”:\n"


def tagged_otherwise(text: str, span: Span, mention: Mention) -> bool:
    """spaCy tagged the name as no place: an organisation, a date, a group; or a person,
    unless a locative word or "the village of" leads it (spaCy's small model reads many an
    unknown village as a person's name: "the village of Manguna", "in Kyauk Ka")."""
    if mention.label in PLACE_LABELS or settlement_after(text, span) or described(text, span):
        return False
    if mention.label != "PERSON":
        return True
    led = word_before(text, span.start).lower() in cue_words("locative")
    return not (led or _VILLAGE_OF.search(text, max(0, span.start - 30), span.start))


_SETTLEMENT_AFTER = re.compile(rf"(?:(?:,\s+|,?\s+and\s+){_NAME})*\s+(?:{_SETTLEMENT_NOUNS})\b")


def settlement_after(text: str, span: Span) -> bool:
    """A settlement noun after the name, or after the list it opens ("Kwall, Ancha and
    Tahore villages"): whatever spaCy tagged the names ("Tahore and Mangor communities",
    an organisation), they name villages."""
    return _SETTLEMENT_AFTER.match(text, span.end) is not None


def described(text: str, span: Span) -> bool:
    """An apposition after the name describes it as a settlement ("Ngouboua, a fishing
    town in"): whatever spaCy tagged the name, it names a place."""
    return _DESCRIBED_AFTER.match(text, span.end) is not None


def at_container(span: Span, container: Place) -> Place:
    """A place named `span.text`, at the container's point and precision, with no id."""
    return replace(container, text=span.text, name=span.text, geonameid=None,
                   start=span.start, end=span.end, feature=None)
