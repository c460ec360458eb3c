"""Geoparse a text: recognise toponyms, then resolve them in two passes.

The first pass resolves every name on its own; the countries those places lie in (and the
countries of demonyms spaCy tags NORP: "Azerbaijani shelling") become the document's focus,
and the second pass resolves again with focus, "X, Y" containment and admin1 neighbours.
Demonyms ("Turkish", "Russians") are places of their own kind, kept apart (`demonym_places`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import cache, lru_cache

import pycountry

from flarewatch.geo.build import fold
from flarewatch.geo.index import Candidate, Gazetteer, load_gazetteer, to_place
from flarewatch.geo.recognize import Span, cue_words, possible_toponyms
from flarewatch.geo.resolve import best_candidate, contained_in
from flarewatch.geo.sources import GEO_DATA, read_tsv
from flarewatch.model import Mention, Place


@cache
def demonyms() -> dict[str, str]:
    return {name: country for name, country in read_tsv(GEO_DATA / "demonyms.tsv")}


def demonym_countries(mentions: list[Mention]) -> Counter[str]:
    table = demonyms()
    found: Counter[str] = Counter()
    for mention in mentions:
        for word in mention.text.split():
            country = table.get(word.rstrip("s")) or table.get(word)
            if mention.label == "NORP" and country:
                found[country] += 1
    return found


def demonym_places(mentions: list[Mention]) -> list[Place]:
    """"Turkish", "Russians": each demonym word of a NORP mention as a place of kind
    `demonym`, at its country's point (contract: places; GeoWebNews and TR-News count them).
    Never an event location: they stay out of `doc.places`."""
    found = []
    for mention in (m for m in mentions if m.label == "NORP"):
        for match in re.finditer(r"[^\s.,;:()]+", mention.text):
            word = match.group()
            entry = demonym_entry(word) or demonym_entry(word.rstrip("s"))
            if entry is not None:
                start = mention.start + match.start()
                place = to_place(entry, word, start, start + len(word))
                found.append(replace(place, kind="demonym"))
    return found


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
    entries = load_gazetteer().candidates(name)
    return next((c for c in entries if c.kind == "adm1" and c.country == alpha2), None)


@cache
def country_entry(alpha2: str) -> Candidate | None:
    """The gazetteer's entry of the country with this ISO alpha-2 code."""
    record = pycountry.countries.get(alpha_2=alpha2)
    names = [getattr(record, key) for key in ("common_name", "name") if hasattr(record, key)]
    entries = [c for name in names for c in load_gazetteer().candidates(name)]
    return next((c for c in entries if c.kind == "country" and c.country == alpha2), None)


def first_pass(spans: list[Span], gazetteer: Gazetteer) -> list[Candidate | None]:
    return [resolved_alone(s.text, gazetteer) for s in spans]


@lru_cache(maxsize=65536)
def resolved_alone(name: str, gazetteer: Gazetteer) -> Candidate | None:
    """The best candidate for a name read on its own (cached: names recur across texts)."""
    return best_candidate(name, gazetteer.candidates(name))


def focus_of(resolved: list[Candidate | None], mentions: list[Mention]) -> Counter[str]:
    focus = demonym_countries(mentions)
    focus.update(c.country for c in resolved if c is not None and c.country)
    return focus


def container_after(
    text: str, spans: list[Span], index: int, gazetteer: Gazetteer
) -> list[Candidate]:
    """Candidates of the toponym right after "X, " (Alexandria, Louisiana)."""
    if index + 1 >= len(spans):
        return []
    following = spans[index + 1]
    between = text[spans[index].end : following.start]
    return gazetteer.candidates(following.text) if between.strip() in {",", "("} else []


def contents_before(
    text: str, spans: list[Span], index: int, gazetteer: Gazetteer
) -> list[Candidate]:
    """Candidates of the toponym right before ", Y" (Wichita, Kan.): Y is what holds it."""
    if index == 0:
        return []
    previous = spans[index - 1]
    between = text[previous.end : spans[index].start]
    return gazetteer.candidates(previous.text) if between.strip() in {",", "("} else []


def named_as_area(text: str, span: Span, candidates: list[Candidate]) -> list[Candidate]:
    """"Agdam region", "Idlib province": keep the areas among the candidates if any."""
    following = text[span.end : span.end + 20].split()
    if not following or following[0].lower().strip(".,;:") not in cue_words("area"):
        return candidates
    areas = [c for c in candidates if c.kind not in {"city", "capital"}]
    return areas or candidates


def geoparse(text: str, mentions: list[Mention]) -> list[Place]:
    """Every toponym in the text with its resolution, in text order. A name the text
    places explicitly once ("PARIS, Texas") means that place wherever it recurs."""
    gazetteer = load_gazetteer()
    possible = possible_toponyms(text, mentions, gazetteer)
    focus = focus_of(first_pass(possible.accepted(), gazetteer), mentions)
    spans = possible.accepted(frozenset(focus))
    neighbours = [c for c in first_pass(spans, gazetteer) if c is not None]
    resolved = []
    for index, span in enumerate(spans):
        candidates = named_as_area(text, span, gazetteer.candidates(span.text))
        containers = container_after(text, spans, index, gazetteer)
        chosen = best_candidate(
            span.text, candidates, focus, containers, neighbours,
            contents_before(text, spans, index, gazetteer),
        )
        resolved.append((span, chosen, anchored(chosen, containers)))
    return one_sense(resolved)


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
