"""Find toponyms: gazetteer names (looked up in the index's trie from each capitalised word
start) checked against spaCy's entities.

A name spaCy tags GPE/LOC/FAC is a toponym. A gazetteer name spaCy leaves untagged, or
mislabels PERSON/ORG (spaCy-small calls Stepanakert a person), is kept when it is a notable
place, sits in a focus country, or follows a locative word ("in X", "near X"); common words
and names after a title ("Mr X") or inside a longer capitalised name are rejected.

Unseen-news checks: a capitalised dateline ("COLUMBUS, Ohio (AP) —") is a place; a town's
name before a facility noun ("the Rafah crossing") is the town; a person's name is none (a
given name, a speaker: "Johnson said", a surname after a given name); nor a piece of a
tagged place that is a generic or street word ("Lake", "Zoo Road"), a word the parser reads
as a common word ("Strong hiring"), or stray capitals ("MoD"). A notable name that holds
what spaCy tagged wins ("Trinidad and Tobago").

Issue 11 (GeoWebNews): stray capitals are no town even after a locative word ("visited NATO
headquarters"); a country or region opening a longer organisation name after its article is
an embedded toponym ("The Washington Post", "the Jamaica Cancer Society"); a small place's
name that speaks anywhere in the text ('said Noma.') is a person's throughout it, whatever
spaCy tagged it.

Fusion misses: the first word of a longer proper name the gazetteer lacks is no place alone
("Abu" of "Abu Shouk camp", "Dasht" of "Dasht-e-Barchi": `cut_from_longer`); nor is a
demonym that qualifies a noun ("Somali troops", "the Saudi Hospital": `qualifying_demonym`),
whatever region or country bears it as a name.

Issue 9: a name the gazetteer writes otherwise is found under the spelling it knows
("Pétion-Ville": Petionville, `respelled_spans`, `build.spellings`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any

from flarewatch.geo.build import fold
from flarewatch.geo.index import Candidate, Gazetteer
from flarewatch.geo.sources import GEO_DATA, given_names, read_tsv
from flarewatch.layout import item_labels
from flarewatch.model import Mention

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NOTABLE_KINDS = frozenset({"country", "adm1", "continent", "region", "corridor", "water"})
NOTABLE_POPULATION = 100_000
MISLABELLED_POPULATION = 1_000_000  # spaCy said ORG/PERSON: only a big city overrides it
CUED_POPULATION = 1_000
# A character after no letter or digit ([^\W_] is a letter or digit) that may be a capital.
_MAYBE_CAPITAL = re.compile(r"[A-Z\x80-\U0010ffff](?<![^\W_][\s\S])")


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
    starts = sorted(capitalised_word_starts(text) + article_starts(text))
    found = [Span(start, end, text[start:end]) for start in starts
             for end in _name_ends(text, folded, start, gazetteer)]
    found += respelled_spans(text, gazetteer)
    return longest_first([s for s in found if whole_name(text, s) and title_cased(s.text)])


# A word runs from the first letter of a block of word characters and apostrophes to the
# block's end; `_WORDS_OF_RUN`, from one, the word and up to three more of its run (words
# joined by single hyphens or spaces: where a name the gazetteer spells otherwise runs), a
# group each.
_WORD = r"[^\W\d_][\w'’]*"
_WORDS_OF_RUN = re.compile(rf"{_WORD}(?:[- ]({_WORD})(?:[- ]({_WORD})(?:[- ]({_WORD}))?)?)?")
MAX_NAME_WORDS = 4  # the opening word and the three groups of `_WORDS_OF_RUN`


def respelled_spans(text: str, gazetteer: Gazetteer) -> list[Span]:
    """Names the gazetteer holds under another spelling only (`build.spellings`: "Pétion-Ville"
    for Petionville, "Saint Marc" for Saint-Marc): from a capitalised word, up to
    `MAX_NAME_WORDS` words of a run, unknown as written, or from a lower-case article
    ("al-Bab": `article_starts`). A lone ASCII word is spelt no other way (`respelled`):
    not looked up."""
    found = []
    openings = [opening.end() for opening in respelling_openings().finditer(text)]
    for start in sorted([start for start in openings if text[start].isupper()]
                        + article_starts(text)):
        words = run_words(text, start)
        if len(words) > 1 or not text[start : words[0][1]].isascii():
            found += [Span(start, end, text[start:end]) for end in name_word_ends(text, words)
                      if respelled(text[start:end], gazetteer)]
    return found


@cache
def respelling_openings() -> re.Pattern[str]:
    """Where `respelled_spans` may find a name: the first letter of a word (of a block of
    word characters and apostrophes), if it may be a capital (`_MAYBE_CAPITAL`) and the word
    holds a letter beyond ASCII or runs on into a word that may be a capital or is a link
    word (`link_words`; `name_word_ends` reads nothing else); the match ends before it."""
    links = "|".join(re.escape(word) for word in sorted(link_words(), key=len, reverse=True))
    beyond_ascii = r"[\w'’]*?(?![\x00-\x7f])[\w'’]"
    runs_on = rf"{_WORD}[- ](?:[A-Z\x80-\U0010ffff]|(?:{links})(?![\w'’]))"
    return re.compile(rf"(?<![\w'’])[\d_'’]*(?=[A-Z\x80-\U0010ffff])(?=[^\W\d_])"
                      rf"(?={beyond_ascii}|{runs_on})")


def run_words(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of the word at `start` (a letter) and of up to three more of its run."""
    match = _WORDS_OF_RUN.match(text, start)
    if match is None:
        return [(start, start)]
    more = [match.span(group) for group in (1, 2, 3) if match.group(group) is not None]
    first_end = more[0][0] - 1 if more else match.end()
    return [(match.start(), first_end), *more]


@cache
def link_words() -> frozenset[str]:
    """Lower-case words inside a name ("es" of "Dar es Salaam", "al" of "Jisr al-Shughur")."""
    return cue_words("name_function") | cue_words("name_joiner") | cue_words("name_article")


def name_word_ends(text: str, words: list[tuple[int, int]]) -> list[int]:
    """Where a name opening with the first of `words` (start, end) may end: after each
    capitalised word, through link words ("Dar es Salaam"), up to the first other word."""
    ends = []
    for start, end in words:
        if text[start].isupper():
            ends.append(end)
        elif text[start:end] not in link_words():
            break
    return ends


@lru_cache(maxsize=16384)
def respelled(name: str, gazetteer: Gazetteer) -> bool:
    """A name the gazetteer holds under another of its spellings only (`build.spellings`;
    cached: names recur across texts)."""
    if name.isascii() and single_word(name):
        return False  # spelt no other way
    return gazetteer.knows_respelled(name)


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


def article_starts(text: str) -> list[int]:
    """Where a name opens with an Arabic article in lower case, hyphened to a capitalised
    word ("al-Bab", "el-Obeid", "as-Suwayda": `cue_words.tsv` role `name_article`, but not
    its `name_kinship` words, which open people's names: "bin Salman")."""
    return [match.start() for match in article_opening().finditer(text)]


@cache
def article_opening() -> re.Pattern[str]:
    articles = sorted(cue_words("name_article") - cue_words("name_kinship"), key=len,
                      reverse=True)
    return re.compile(rf"(?<![\w'’-])(?:{'|'.join(map(re.escape, articles))})-(?=[A-Z])")


def _name_ends(text: str, folded: str, start: int, gazetteer: Gazetteer) -> list[int]:
    """The ends of the gazetteer names that start at `start` and end a word (no letter or
    digit follows; `text[end:end + 1]` is empty at the end of the text)."""
    return gazetteer.name_ends(folded, start, word_ends(text, start + 1))


# Neither a letter nor a digit: `str.isalnum` is false ([^\W_] is a letter or digit).
_NOT_ALNUM = re.compile(r"[\W_]")


def word_ends(text: str, after: int) -> Iterator[int]:
    """The offsets from `after` on where no letter or digit follows, rising; the text's end
    last."""
    for match in _NOT_ALNUM.finditer(text, after):
        yield match.start()
    yield len(text)


def longest_first(spans: list[Span]) -> list[Span]:
    """The spans, longest first (then leftmost), each kept unless it overlaps one kept
    already; in text order. The kept spans, disjoint, are looked up by their starts: only
    the two either side of a new span's start may overlap it."""
    ranked = sorted(spans, key=lambda s: (s.start - s.end, s.start))
    if any(span.start >= span.end for span in ranked):
        return _longest_first_by_scan(ranked)  # an empty span may sit inside another
    starts: list[int] = []
    chosen: list[Span] = []
    for span in ranked:
        at = bisect_right(starts, span.start)
        if not ((at and chosen[at - 1].end > span.start)
                or (at < len(chosen) and chosen[at].start < span.end)):
            starts.insert(at, span.start)
            chosen.insert(at, span)
    return chosen


def _longest_first_by_scan(ranked: list[Span]) -> list[Span]:
    """`longest_first` of spans already ranked, each checked against every kept one."""
    chosen: list[Span] = []
    for span in ranked:
        if all(span.end <= kept.start or span.start >= kept.end for kept in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def entity_spans(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Span]:
    """spaCy place entities, trimmed of "the" and possessive "'s", that the gazetteer knows;
    with the full stop of an abbreviation the gazetteer knows ("Wichita, Kan."). Not an
    acronym that only a small place bears by an alternate name (`stray_acronym`)."""
    spans = []
    for mention in mentions:
        if mention.label in PLACE_LABELS:
            span = abbreviated(text, trimmed(Span(mention.start, mention.end, mention.text)),
                               gazetteer)
            if span.text[:1].isupper() and gazetteer.knows(span.text) and (
                " " in span.text or not is_common_word(span.text)
            ) and not stray_acronym(span.text, gazetteer.candidates(span.text)):
                spans.append(span)
    return spans



_ACRONYM = re.compile(r"[A-Z][A-Za-z]{0,4}")


def stray_acronym(name: str, candidates: list[Candidate]) -> bool:
    """"MoD", "AI", "APC", "NATO": two or more capitals in one short word, where no
    candidate is a country, region or capital, nor a city of a million: an organisation's or
    a thing's letters, not the small town that has them as a name ("US", "UK", "LA" stay)."""
    if not _ACRONYM.fullmatch(name) or sum(char.isupper() for char in name) < 2:
        return False
    return not any(c.kind in NOTABLE_KINDS or c.kind == "capital"
                   or c.population >= MISLABELLED_POPULATION for c in candidates)


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


def cued_size(candidates: list[Candidate], name: str) -> bool:
    """Whether a cue word may name one of the candidates: an area, a town of at least
    `CUED_POPULATION` (the smallest hamlets share names with common words), or a town
    whose population the gazetteer does not know (0: GeoNames' "At Turbah", "As Sawda",
    towns of thousands) bearing the name as written, of two words or more. Not "Bint
    Jbeil" for Bent Jbail: another's spelling of a hamlet is no cue's. One-word names stay
    unread: on the development sets, reading them (Pagak, Sarmin, Daquq) put namesakes
    abroad and let near towns' incidents merge."""
    if any(c.population >= CUED_POPULATION or c.kind != "city" for c in candidates):
        return True
    return " " in name.strip() and any(c.population == 0 for c in own_names(name, candidates))


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
    if text == mention.text and mention.end == mention.start + len(text):
        return mention  # as it would be made again
    return Mention(text, mention.start, mention.start + len(text), mention.label)


def covering_mention(mentions: list[Mention], span: Span) -> Mention | None:
    for mention in mentions:
        if mention.start <= span.start and span.end <= mention.end:
            return mention
    return None


def notable_for(candidates: list[Candidate], mention: Mention | None,
                focus: frozenset[str]) -> bool:
    """`is_notable` for focus `focus`, by the population a name spaCy tagged otherwise needs."""
    return is_notable(
        candidates, focus, NOTABLE_POPULATION if mention is None else MISLABELLED_POPULATION)


def untagged_verdict(text: str, span: Span, mention: Mention | None,
                     candidates: list[Candidate]) -> bool | None:
    """Whether an untagged gazetteer name is a toponym whatever the focus; None where only
    its notability can tell (`notable_for`: the one test that reads the focus)."""
    before = word_before(text, span.start)
    if is_common_word(span.text) or before in cue_words("title"):
        return False
    if stray_acronym(span.text, candidates):
        return False  # "visited NATO headquarters", "An MoD spokesman": even after a cue
    if cut_from_longer(text, span, mention, candidates) or tail_of_longer(
            text, span, mention, candidates):
        return False  # "Abu" of "Abu Shouk camp", "Oula" of "Daraja Oula": even after a cue
    if is_dateline(text, span) or opens_item_label(text, span):
        return cued_size(candidates, span.text)
    if looks_like_person(text, span, candidates):
        return False
    if before_facility(text, span):
        return cued_size(candidates, span.text)
    if mention is not None and mention.label in PLACE_LABELS:
        return not (is_fragment(span, mention) and names_a_feature(text, span, mention, candidates))
    if named_area(text, span, candidates):
        return True  # "in the Kursk region", whatever spaCy tagged "Kursk" (PRODUCT, NORP)
    if len(span.text) <= 3 and span.text.isupper() and not any(
            c.kind in NOTABLE_KINDS for c in candidates):
        return False  # "in OR and ME": a postal code or acronym, even after "in"
    cue = before.lower() in cue_words("before") or cued_after(text, span)
    if cue and (mention is None or mention.end <= span.end):
        return cued_size(candidates, span.text)
    if named_by_place_noun(text, span):  # "the town of Yei in ...", spaCy's ORG run on
        return cued_size(candidates, span.text)
    if before_unit(text, span):  # "Bokkos Local Government Area", spaCy's ORG
        return cued_size(candidates, span.text)
    if route_end(text, span):  # whatever spaCy made of "Kumba and Mamfe" (a WORK_OF_ART)
        return cued_size(candidates, span.text)
    if span.text.isupper() and not any(c.kind in NOTABLE_KINDS for c in candidates):
        return False  # "HIV", "FAO": acronyms, not the small towns of the same letters
    if mention is not None and (mention.start, mention.end) != (span.start, span.end):
        return mention.label in {"NORP", "ORG"} and opens_entity(mention, span) and any(
            c.kind in NOTABLE_KINDS for c in candidates)
    if mention is not None and mention.label == "NORP":
        return False
    if inside_longer_name(text, span):
        return False
    return None


def before_unit(text: str, span: Span) -> bool:
    """A name followed by the capitalised name of an administrative unit (`cue_words.tsv`
    roles area and unit: "Bokkos Local Government Area", "Jere LGA", "Walungu Territory"),
    which spaCy mostly tags as an organisation: the unit is that place's. Not where a
    capitalised word follows the unit: "the Getulio Vargas State Hospital", "Kano State
    University" name an institution."""
    return unit_after().match(text, span.end) is not None


@cache
def unit_after() -> re.Pattern[str]:
    units = sorted(cue_words("area") | cue_words("unit"), key=len, reverse=True)
    words = "|".join(" ".join(w[:1].upper() + w[1:] for w in u.split()) for u in units)
    upper = "|".join(u.upper() for u in units if len(u) <= 3)
    return re.compile(rf"\s+(?:{words}|{upper})\b(?![\w-]|\s+[A-Z])")


_WORDS_AFTER = re.compile(r"\s+([a-z]+)\s+([a-z]+)((?:\s+[a-z]+){0,2})")


def cued_after(text: str, span: Span) -> bool:
    """"Nikopol came under artillery fire", "Nikopol was shelled overnight": a name that
    came under an attack (`exposure` words: "under", then within two words an `exposed_to`
    word: "artillery", "shelling"; not "came under fire from critics"), or that was done
    what only places undergo (`undergone` words: "shelled", "besieged"; not "attacked":
    people are), is that place, as "shelled Nikopol" cues it."""
    found = _WORDS_AFTER.match(text, span.end)
    if found is None:
        return False
    verb, word, rest = found.groups()
    attacked = set(rest.split()) & cue_words("exposed_to")
    exposed = verb in cue_words("exposed_verb") and word in cue_words("exposure") and attacked
    return bool(exposed) or (verb in cue_words("passive") and word in cue_words("undergone"))


_NOUN_OF_BEFORE = re.compile(r"\b([a-z]+)\s+of\s+$")


def named_by_place_noun(text: str, span: Span) -> bool:
    """The name follows a place noun and "of" (`cue_words.tsv` role `place_noun`: "the
    town of Yei", "the province of Idlib"): a place whatever entity spaCy runs it into
    ("Yei in Central Equatoria" tagged ORG). Not after other nouns ("fighters of Ansar
    Dine", "the people of Gaza" are no cue of their own)."""
    found = _NOUN_OF_BEFORE.search(text, max(0, span.start - 40), span.start)
    return found is not None and found.group(1) in cue_words("place_noun")


def route_end(text: str, span: Span) -> bool:
    """The name is an end of a road named by its ends (`cue_words.tsv` route nouns): "on the
    road between Kumba and Mamfe", "the Kumba-Mamfe road" (both ends), which cue it as "in X"
    does (`geo/locate.py` `route_of` makes the road one place)."""
    window = (max(0, span.start - 80), min(len(text), span.end + 80))
    return any(span.start in (match.start("a"), match.start("b"))
               for pattern in route_patterns() for match in pattern.finditer(text, *window))


_NAME = r"[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?"
_PART = r"[A-Z][\w'’]*"


@cache
def route_patterns() -> tuple[re.Pattern[str], ...]:
    """A road named by its ends, the ends in groups `a` and `b`: "road between A and B",
    "the A-B road"."""
    roads = "|".join(sorted(cue_words("route")))
    return (re.compile(rf"\b(?i:{roads})\s+between\s+(?P<a>{_NAME})\s+and\s+(?P<b>{_NAME})"),
            re.compile(rf"\b(?P<a>{_PART})-(?P<b>{_PART})\s+(?i:{roads})\b"))


_AREA_AFTER = re.compile(r"\s+([a-z]+)\b")


def named_area(text: str, span: Span, candidates: list[Candidate]) -> bool:
    """"the Kursk region", "the Idlib province", "in Lac province": "the" or a cue word
    (`cue_words.tsv` before: "in", "across", "shelled"), the name, then a first-level area
    noun (top_area), where the name is an area's or a town's of at least NOTABLE_POPULATION
    (one that an oblast or province may be named for); whatever entity spaCy ran it into
    ("Lac province about 20 km", a PERCENT)."""
    following = _AREA_AFTER.match(text, span.end)
    before = word_before(text, span.start).lower()
    if not (before == "the" or before in cue_words("before")) or following is None:
        return False
    return following.group(1) in cue_words("top_area") and any(
        c.kind in {"adm1", "adm2", "region"} or c.population >= NOTABLE_POPULATION
        for c in own_names(span.text, candidates))


# "Dasht-e-Barchi", "Jisr al-Shughur": a hyphened link word, then a capitalised word.
_HYPHEN_LINK = re.compile(r"\s?-?([a-z]{1,3})-[A-Z]")
_NEXT_NAME_WORD = re.compile(r"\s+([^\W\d_][\w'’]*)")


def cut_from_longer(text: str, span: Span, mention: Mention | None,
                    candidates: list[Candidate]) -> bool:
    """The first word(s) of a longer proper name the gazetteer lacks, not a place alone:
    "Abu" of "Abu Shouk camp", "Bulo" of "Bulo Burde", "Beled" of "Beled Weyne" (the name
    runs on with a capitalised word inside the place entity spaCy tagged), "Dasht" of
    "Dasht-e-Barchi", "Jisr" of "Jisr al-Shughur" (a hyphened link, `continues_hyphened`).
    Not when the next word is generic ("Kani Township", "Bagram Air Base": `generic_after`),
    nor for a name that speaks for itself (a country, region, capital or city of 100,000:
    "Baghdad International Airport" stays Baghdad), nor a name of several words, whole in
    itself ("Florence County" of "the Florence County Sheriff's Office")."""
    if speaks_for_itself(candidates) or not single_word(span.text):
        return False
    if continues_hyphened(text, span.end):
        return True
    if mention is None or mention.label not in PLACE_LABELS or mention.end <= span.end:
        return False
    following = _NEXT_NAME_WORD.match(text, span.end, mention.end)
    if following is None:
        return False
    word = following.group(1)
    return (word[:1].isupper() or continues_hyphened(text, following.start(1) - 1)) and not (
        generic_after(word))


# The word before a name inside the same tagged entity.
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’]*)\s+$")


def tail_of_longer(text: str, span: Span, mention: Mention | None,
                   candidates: list[Candidate]) -> bool:
    """The last word of a longer proper name the gazetteer lacks, not a place alone: "Oula"
    of "the Daraja Oula neighbourhood" (a capitalised word before it inside the place entity
    spaCy tagged). Not after a generic word ("North Kivu", "Lake Chad": `generic_after`), nor
    for a name that speaks for itself (a country, region, capital or city of 100,000),
    unless a word that opens town names comes before it (`name_opening` of cue_words.tsv):
    "Puerto Jordan" in Colombia and "New Israel" in Mindanao are villages, no country."""
    if not single_word(span.text) or mention is None or mention.label not in PLACE_LABELS \
            or mention.start >= span.start:
        return False
    before = _WORD_BEFORE.search(text, mention.start, span.start)
    if before is None:
        return False
    word = before.group(1)
    if not word[:1].isupper():
        return False
    if word.lower() in cue_words("name_opening"):
        return True
    return not generic_after(word) and not speaks_for_itself(candidates)


def single_word(name: str) -> bool:
    return not any(char in name for char in " -")


def continues_hyphened(text: str, end: int) -> bool:
    """A link word of `cue_words.tsv` (role `name_joiner` or `name_article`) and a hyphen
    join the name to a capitalised word: "-e-Barchi", " al-Shughur"."""
    link = _HYPHEN_LINK.match(text, end)
    joiners = cue_words("name_joiner") | cue_words("name_article")
    return link is not None and link.group(1) in joiners


GENERIC_ROLES = ("area", "place_noun", "facility", "feature", "street", "direction",
                 "name_generic")


def generic_after(word: str) -> bool:
    """A word that adds a kind to a town's name rather than a new name (`GENERIC_ROLES`)."""
    return any(word.lower() in cue_words(role) for role in GENERIC_ROLES)


# A dateline: a name in capitals opening the text, a line or a sentence, then a comma, a
# bracket, a dash or a colon ("COLUMBUS, Ohio (AP) —", "TORONTO —", "NEW DELHI:").
_DATELINE_BEFORE = re.compile(r"(?:^|\n|[.!?»”\"]\s|\)\s)\s*$")
_DATELINE_AFTER = re.compile(r"\s*(?:,|\(|—|–|-{1,2}\s|:)")


def opens_entity(mention: Mention, span: Span) -> bool:
    """Whether the name opens a longer entity, after its article: "Jamaica" of "the Jamaica
    Cancer Society", "Washington" of "The Washington Post" (GeoWebNews counts such embedded
    toponyms); not "Zimbabwe" of "Air Zimbabwe", nor "European Union" of "the European
    Union" (the entity itself)."""
    article = len(mention.text) - len(mention.text.lstrip()) + (
        4 if mention.text.lstrip()[:4].lower() == "the " else 0)
    return span.start == mention.start + article and span.end < mention.end


def opens_item_label(text: str, span: Span) -> bool:
    """Whether the span opens the label of a digest's item ("- Tarmiyah (Salahuddin
    province): Islamic State militants ambushed ...": `layout.item_labels`), which names
    where the item happened as a dateline does."""
    return any(start == span.start and span.end <= end for start, end in item_labels(text))


def is_dateline(text: str, span: Span) -> bool:
    """Whether the span is the place name of a dateline (see `_DATELINE_BEFORE`)."""
    opening = _DATELINE_BEFORE.search(text[max(0, span.start - 3) : span.start])
    return bool(span.text.isupper() and len(span.text) > 2 and opening
                and _DATELINE_AFTER.match(text, span.end))


_NEXT_WORD = re.compile(r"[ -]([a-z]+)\b")


def before_facility(text: str, span: Span) -> bool:
    """"the Rafah crossing", "Bagram airbase", "Kandahar airport": a town's name before a
    facility noun (`cue_words.tsv` role `facility`) names the town the facility is in, whatever
    spaCy tagged it (it calls Rafah a person)."""
    following = _NEXT_WORD.match(text, span.end)
    return following is not None and following.group(1) in cue_words("facility")


def is_fragment(span: Span, mention: Mention) -> bool:
    return (mention.start, mention.end) != (span.start, span.end)


def names_a_feature(text: str, span: Span, mention: Mention, candidates: list[Candidate]) -> bool:
    """A piece of a tagged place that is no place alone: a generic word ("Lake" of "Lake
    Manassas", "Red" of "Red Line"), or a small town's name that a street word follows in the
    entity ("Zoo Road", "Kingsley Road": a street, not the town; "Swat Valley" stays)."""
    if span.text.lower() in cue_words("feature"):
        return True
    following = text[span.end : mention.end].split()[:1]
    return bool(following) and following[0].lower() in cue_words("street") and not (
        speaks_for_itself(own_names(span.text, candidates)))


def speaks_for_itself(candidates: list[Candidate]) -> bool:
    """Countries, regions, capitals and cities speak for their governments or their teams
    ("Moscow said", "Liverpool said"); a small town or a county rarely does."""
    return any(c.kind in NOTABLE_KINDS or c.kind == "capital" or (
        c.kind == "city" and c.population >= NOTABLE_POPULATION) for c in candidates)


def own_names(name: str, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates whose main name is `name` ("Levi" is no main name of Rand)."""
    folded = fold(name)
    return [c for c in candidates if fold(c.name) == folded]


_SPEECH_AFTER = re.compile(r"\s+([a-z]+)\b")


def looks_like_person(text: str, span: Span, candidates: list[Candidate]) -> bool:
    """A name untagged as a place that a person's would be: a given name ("Helen", "Levi"),
    the subject of a speech verb right after it ("Johnson said") or right before it and
    closing the clause ('..." said Noma.'); unless the name is a country, region, capital or
    city of 100,000 (`speaks_for_itself`), or a locative word leads it ("in Helen")."""
    if cued(text, span) or speaks_for_itself(own_names(span.text, candidates)):
        return False
    return is_speaker(text, span) or span.text in given_names()


def cued(text: str, span: Span) -> bool:
    """A locative or motion word leads the name ("in Tyler", "reached Noma")."""
    return word_before(text, span.start).lower() in cue_words("before")


def is_speaker(text: str, span: Span) -> bool:
    """The name is the subject of a speech verb right after it ("Johnson said") or right
    before it and closing the clause ('..." said Noma.'), and no locative word leads it."""
    before = word_before(text, span.start).lower()
    if cued(text, span):
        return False
    following = _SPEECH_AFTER.match(text, span.end)
    speaker = following is not None and following.group(1) in cue_words("speech")
    return speaker or (before in cue_words("speech") and bool(_CLAUSE_END.match(text, span.end)))


def speaker_names(text: str, names: list[Span], gazetteer: Gazetteer) -> frozenset[str]:
    """Folded names that speak somewhere in the text (`is_speaker`) and are no country,
    region, capital or big city (`may_speak`): a person's, wherever else they stand and
    whatever spaCy tagged them ('said Noma.' ... "Noma's case")."""
    return frozenset(fold(span.text) for span in names
                     if (is_speaker(text, span) or given_name_of_speaker(text, span))
                     and not may_speak(span.text, gazetteer.candidates(span.text)))


# "her son Brandon, 22, was taken", "Fatima, 34, said": an age set off by commas, then a
# word that goes on about a person (`after_age` cue words; not a list of tolls by town:
# "Tessalit, 12, Anefis, 4, and Aguelhok, 3, in a week").
_AGE_AFTER = re.compile(r",\s*(?:aged\s+)?\d{1,2},\s+([a-z]+)\b")
# Ismael "El Mayo" Zambada: a nickname in quotes between a given name and a surname.
_NICKNAME = re.compile(r"[A-Z][\w'’-]+\s+[\"“](?P<nick>[^\"”\n]{2,30})[\"”]\s+[A-Z]")
# "Rosa has sold tamales there for years. She ...": a name opening a sentence as its
# subject (a word in lower case right after it), the next sentence opened by a personal
# pronoun.
_THEN_PRONOUN = re.compile(r" [a-z][^.!?\n]{0,200}[.!?][\"”’]?\s+(?:She|He)\s")


def described_people(text: str, names: list[Span], gazetteer: Gazetteer) -> frozenset[str]:
    """Folded names the text describes as people somewhere (`described_as_person`): a
    person's wherever else they stand and whatever spaCy tagged them, as with
    `speaker_names`. A country or region never is; nor, for the pronoun's reading, a
    capital or big city (`may_speak`: "Kyiv has been hit again. He said ...")."""
    found = set()
    for span in names:
        described, pronoun = described_as_person(text, span), pronoun_after(text, span)
        if not (described or pronoun) or cued(text, span):
            continue  # the text's cues first: most names have none, and need no lookup
        candidates = gazetteer.candidates(span.text)
        if any(c.kind in NOTABLE_KINDS for c in candidates):
            continue
        if described or not may_speak(span.text, candidates):
            found.add(fold(span.text))
    return frozenset(found)


def described_as_person(text: str, span: Span) -> bool:
    """A name given an age ("her son Brandon, 22,") or used as a nickname (Ismael "El
    Mayo" Zambada)."""
    aged = _AGE_AFTER.match(text, span.end)
    return (aged is not None and aged.group(1) in cue_words("after_age")) or nickname(text, span)


def pronoun_after(text: str, span: Span) -> bool:
    """A name opening a sentence after which the next one opens with "She" or "He" ("Rosa
    has sold tamales here for nineteen years. She ...")."""
    return sentence_opening(text, span.start) and _THEN_PRONOUN.match(text, span.end) is not None


def nickname(text: str, span: Span) -> bool:
    """Whether the name lies inside the quoted nickname of a person's name."""
    return any(found.start("nick") <= span.start and span.end <= found.end("nick")
               for found in _NICKNAME.finditer(text, max(0, span.start - 60), span.end + 40))


# What stands right before a sentence's first word: a stop, a line break, a dateline's dash.
_OPENING = re.compile(r"(?:[.!?][\"”’]?\s|\n\s*|[-–—]\s)$")


def sentence_opening(text: str, start: int) -> bool:
    """Whether `start` opens a sentence (`_OPENING` right before it, or the text's start)."""
    return start == 0 or _OPENING.search(text[max(0, start - 3):start]) is not None


_SURNAME_THEN_VERB = re.compile(r" ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+([a-z]+)\b")


def given_name_of_speaker(text: str, span: Span) -> bool:
    """"administration head Serhii Popko said": a name followed by one more capitalised
    word and a speech verb (`speech` cue words) is a speaker's given name, unless that word
    is a title or an area noun ("Kharkiv Governor said", "Rakhine State said") or a common
    word ("Kyiv Police said"), or a locative word leads the name."""
    found = _SURNAME_THEN_VERB.match(text, span.end)
    if found is None or cued(text, span) or found.group(2) not in cue_words("speech"):
        return False
    word = found.group(1)
    other = word in cue_words("title") or word.lower() in cue_words("area")
    return not (other or is_common_word(word))


def may_speak(name: str, candidates: list[Candidate]) -> bool:
    """A place that speaks for its government or team: one of `speaks_for_itself` by its own
    name, or a country or region by any of its names ("Britain says")."""
    return speaks_for_itself(own_names(name, candidates)) or any(
        c.kind in NOTABLE_KINDS for c in candidates)


_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?]|$)")


def person_name_words(text: str, mentions: list[Mention]) -> frozenset[str]:
    """Words of multi-word PERSON names ("Dunn" after "Jane Dunn" is her, not the town), and
    surnames after a given name ("Conor McGregor": "McGregor" anywhere in the text). Not a
    "name" ending in an area noun (`cue_words.tsv` area): spaCy-small tags "Rakhine State" a
    person, whose "Rakhine" is the state throughout the text (issue 13)."""
    words: set[str] = set()
    for mention in mentions:
        if mention.label == "PERSON" and " " in mention.text.strip() and not named_area_noun(
                mention.text):
            words.update(fold(word) for word in mention.text.split())
    for match in _NAME_PAIR.finditer(text):
        if match.group(1) in given_names():
            words.add(fold(match.group(2)))
    return frozenset(words)


def named_area_noun(name: str) -> bool:
    """Whether a name ends in an area noun ("Rakhine State", "Idlib Province")."""
    return name.split()[-1].lower().strip(".,") in cue_words("area")


_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+) ((?:Mc|Mac|O')?[A-Z][a-z]+)\b(?! [A-Z])")


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
        """The toponyms for countries of focus `focus` (sorted, non-overlapping): the tagged
        names, and the untagged ones as `untagged_verdict` takes them, or where it leaves
        it to notability, as `notable_for` the focus."""
        kept = [name.span for name, verdict in zip(self.untagged, self.verdicts, strict=True)
                if (notable_for(name.candidates, name.mention, focus) if verdict is None
                    else verdict)]
        return longest_first([*self.tagged, *kept])

    @cached_property
    def verdicts(self) -> list[bool | None]:
        """`untagged_verdict` of each untagged name: read once, whatever the focus."""
        return [untagged_verdict(self.text, name.span, name.mention, name.candidates)
                for name in self.untagged]


def widened(tagged: list[Span], names: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """Each tagged place, or the notable gazetteer name that holds it where spaCy tagged a
    part only ("Trinidad" of "Trinidad and Tobago"); not a name that only adds an area noun
    ("Gezira state": `named_as_area` reads that)."""
    def holder(span: Span) -> Span:
        wider = [n for n in names if n.start <= span.start and span.end <= n.end
                 and n.end - n.start > span.end - span.start
                 and not n.text.lower().startswith("the ")
                 and n.text.split()[-1].lower() not in cue_words("place_noun")]
        return next((n for n in wider if is_notable(gazetteer.candidates(n.text),
                                                    frozenset())), span)

    return longest_first([holder(span) for span in tagged])


@cache
def demonym_words() -> frozenset[str]:
    """The demonyms and adjectives of `demonyms.tsv` ("Somali", "Saudi"), as written."""
    return frozenset(word for word, _country in read_tsv(GEO_DATA / "demonyms.tsv"))


_WORD_AFTER = re.compile(r" +([^\W\d_]+)")


def qualifying_demonym(text: str, span: Span) -> bool:
    """A demonym of `demonyms.tsv` that a word other than an area noun or a function word
    follows ("Somali troops", "the Somali National Army", "the Saudi Hospital") tells whose
    people or things they are, not a place, though a region or country bears it as a name
    (the Somali Region of Ethiopia); "the Somali region", "in Somali and Afar", "Saudi-led"
    and "Saudi." stay toponyms. Source: the fusion analysis of misread places."""
    following = _WORD_AFTER.match(text, span.end)
    if span.text not in demonym_words() or following is None:
        return False
    word = following.group(1).lower()
    return word not in cue_words("area") and word not in function_words()


@cache
def function_words() -> frozenset[str]:
    """spaCy's English stop words ("and", "on", "in")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def possible_toponyms(
    text: str, mentions: list[Mention], gazetteer: Gazetteer,
    common: frozenset[int] = frozenset(),
) -> PossibleToponyms:
    """Every span of the text that may be a toponym, with what deciding needs. `common`: where
    the parser read a capitalised word as a common word ("Strong hiring", "Market sentiment":
    `common_word_starts`); a one-word gazetteer name there that spaCy did not tag is none."""
    mentions = [without_trailing_punctuation(mention) for mention in mentions]
    names = gazetteer_spans(text, gazetteer)
    speakers = speaker_names(text, names, gazetteer) | described_people(text, names, gazetteer)
    tagged = [span for span in widened(entity_spans(text, mentions, gazetteer), names, gazetteer)
              if (fold(span.text) not in speakers or cued(text, span))
              and not qualifying_demonym(text, span)]
    people = person_name_words(text, mentions) | speakers
    untagged = [
        Untagged(span, covering_mention(mentions, span), gazetteer.candidates(span.text))
        for span in names
        if not any(span.start < t.end and t.start < span.end for t in tagged)
        and fold(span.text) not in people and not qualifying_demonym(text, span)
    ]
    untagged = [name for name in untagged if not read_as_common(text, name, common)]
    return PossibleToponyms(text, tagged, untagged)


COMMON_POS = frozenset({"NOUN", "ADJ", "VERB", "ADV", "ADP", "DET", "PRON", "AUX", "CCONJ"})


def common_word_starts(parse: Any) -> frozenset[int]:
    """Offsets of the capitalised words a spaCy parse tags as common words, not proper nouns
    (`COMMON_POS`): "Strong" of "Strong hiring", "Market" of "Market sentiment"."""
    if parse is None:
        return frozenset()
    return frozenset(parse[i].idx for i in maybe_common_capitalised(parse)
                     if parse[i].text[:1].isupper())


def maybe_common_capitalised(parse: Any) -> list[int]:
    """The indices of the tokens tagged `COMMON_POS` that are not lower case (spaCy's
    `is_lower` flag, `str.islower`: such a word opens with no capital), read from the
    parse's arrays rather than token by token."""
    from spacy.attrs import IS_LOWER, POS

    if len(parse) == 0:
        return []
    tags, lower = parse.to_array([POS, IS_LOWER]).T
    found: list[int] = (common_pos_table()[tags] & (lower == 0)).nonzero()[0].tolist()
    return found


@cache
def common_pos_table() -> Any:
    """A numpy table, by spaCy part-of-speech id: whether the tag is one of `COMMON_POS`."""
    import numpy
    from spacy.parts_of_speech import IDS

    table = numpy.zeros(max(IDS.values()) + 1, dtype=bool)
    table[[IDS[name] for name in COMMON_POS]] = True
    return table


def read_as_common(text: str, name: Untagged, common: frozenset[int]) -> bool:
    """A one-word name the parser read as a common word (`common`), that no big place bears
    and no dateline holds: "Strong hiring", "Mad Cow disease" (but "Cork mother" stays)."""
    span, candidates = name.span, name.candidates
    if span.start not in common or " " in span.text or is_dateline(text, span):
        return False
    areas = [c for c in candidates if c.kind in NOTABLE_KINDS or c.kind == "capital"]
    return not (areas or speaks_for_itself(own_names(span.text, candidates)))


def find_toponyms(
    text: str, mentions: list[Mention], gazetteer: Gazetteer, focus: frozenset[str] = frozenset()
) -> list[Span]:
    """Every toponym span in the text (sorted, non-overlapping)."""
    return possible_toponyms(text, mentions, gazetteer).accepted(focus)
