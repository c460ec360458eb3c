"""Links between actor mentions of one document.

Definite descriptions ("the military", "the ministry") take the code of the nearest
earlier fitting mention, a sentence subject first, and so do possessed ones ("their
military"); "the region" / "the breakaway region" is the last breakaway territory named;
"his country" / "the country" the last state named just before, in the same paragraph;
"the group" / "its fighters" the last armed group named within two paragraphs;
an acronym introduced in parentheses names the same actor later; civilians listed with a
coded group share its country.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from operator import attrgetter

from flarewatch.actors.compose import INTERNATIONAL, sense
from flarewatch.actors.lexicon import Entry, Hit, Token, anaphors, normalise
from flarewatch.model import Document, Entity

SHARED_SECTORS = {"CVL", "REF", "MED", "JRN"}
POSSESSIVES = {"his", "her", "its", "their"}
POSSESSOR_WINDOW = 400  # characters: "their military" looks back about two sentences
STATE_WINDOW = 300  # characters: "the country" looks back about a sentence and a half
STATE_KINDS = ("country", "capital", "person", "people")
ACRONYM = re.compile(r"\s*\(([A-Z][A-Z0-9]{1,7})\)")
_NORM = attrgetter("norm")  # a token's normalised form


@dataclass
class Found:
    """A mention being built: where, its entity, its head token, whether a place word."""

    start: int
    end: int
    entity: Entity
    head: int
    placelike: bool = False
    subject: bool = False


def resolve_region_anaphors(
    tokens: list[Token], hits: list[Hit], date: dt.date | None
) -> list[Hit]:
    """"the region", "the breakaway region": the nearest earlier breakaway territory."""
    def fits(hit: Hit, _start: int) -> bool:
        return sense(hit, date).kind == "territory" and bool(sense(hit, date).code)

    return _resolved_to_earlier(tokens, hits, "PRE", fits, lambda hit: (sense(hit, date),))


GROUP_SECTORS = frozenset({"REB", "SEP", "PRM", "CRM", "IMG", "INS"})
GROUP_WINDOW = 1500  # characters: "the group" looks back about two paragraphs


def resolve_group_anaphors(
    tokens: list[Token], hits: list[Hit], date: dt.date | None
) -> list[Hit]:
    """"the group", "its fighters" (`GROUP` rows of anaphors.tsv): the nearest armed group
    named before, within `GROUP_WINDOW` characters ("The ELN ... The group bombed a base")."""
    def fits(hit: Hit, start: int) -> bool:
        found = sense(hit, date)
        return start - hit.start <= GROUP_WINDOW and found.sector in GROUP_SECTORS \
            and bool(found.code)

    return _resolved_to_earlier(tokens, hits, "GROUP", fits, lambda hit: hit.entries)


def _resolved_to_earlier(tokens: list[Token], hits: list[Hit], kind: str,
                         fits: Callable[[Hit, int], bool],
                         entries_of: Callable[[Hit], tuple[Entry, ...]]) -> list[Hit]:
    """`hits` with each occurrence of an anaphor of `kind` (anaphors.tsv) replaced by a hit
    taking `entries_of` the nearest earlier hit that `fits` it (given where it starts)."""
    phrases = [p for p, sectors in anaphors().items() if kind in sectors]
    resolved = list(hits)
    for first, last in _occurrences(tokens, phrases):
        start = tokens[first].start
        before = [h for h in hits if h.last < first and fits(h, start)]
        if not before:
            continue
        resolved = [h for h in resolved if h.last < first or h.first > last]
        resolved.append(Hit(start, tokens[last].end, first, last, entries_of(before[-1])))
    return sorted(resolved, key=lambda hit: hit.start)


def resolve_country_anaphors(
    text: str, tokens: list[Token], hits: list[Hit], date: dt.date | None
) -> list[Hit]:
    """"his country", "the country": the nearest state named just before, in one paragraph."""
    phrases = [p for p, sectors in anaphors().items() if "STATE" in sectors]
    resolved = list(hits)
    for first, last in _occurrences(tokens, phrases):
        state = _nearest_state(text, tokens[first].start, hits, date)
        if state is None:
            continue
        resolved = [h for h in resolved if h.last < first or h.first > last]
        entry = Entry(tokens[first].norm, "country", state)
        resolved.append(Hit(tokens[first].start, tokens[last].end, first, last, (entry,)))
    return sorted(resolved, key=lambda hit: hit.start)


def _nearest_state(text: str, start: int, hits: list[Hit], date: dt.date | None) -> str | None:
    """The code of the last state, its people or its leader, named within the window; not a
    state word that only qualifies an actor ("US forces in the country": not the US)."""
    qualifying = {h.first - 1 for h in hits if sense(h, date).kind == "agent"}
    near = [h for h in hits if h.end <= start and start - h.start <= STATE_WINDOW
            and "\n" not in text[h.end : start] and h.last not in qualifying]
    senses = [sense(hit, date) for hit in near]
    codes = [s.code for s in senses if s.kind in STATE_KINDS and s.code not in INTERNATIONAL]
    return codes[-1] if codes and codes[-1] else None


def _occurrences(tokens: list[Token], phrases: Iterable[str]) -> list[tuple[int, int]]:
    """(first, last) token of every occurrence of the phrases, sorted, overlapping ones too (an
    empty phrase everywhere, as a plain scan would). Found by `str.find` over the words joined
    by spaces (speed): no word holds a space, so a match there starts and ends on words."""
    joined = f" {' '.join(map(_NORM, tokens))} "
    found: list[tuple[int, int]] = []
    for parts in (phrase.split() for phrase in phrases):
        if not parts:
            found.extend((i, i - 1) for i in range(len(tokens) + 1))
            continue
        needle = f" {' '.join(parts)} "
        at = joined.find(needle)
        while at >= 0:
            first = joined.count(" ", 0, at)  # the spaces before a word: its index
            found.append((first, first + len(parts) - 1))
            at = joined.find(needle, at + 1)
    return sorted(found)


def with_acronyms(text: str, found: list[Found]) -> list[Found]:
    """"the Ministry of Emergency Situations (MES)": a later "MES" is that actor too."""
    added: list[Found] = []
    for item in found:
        match = ACRONYM.match(text, item.end)
        if not match or not item.entity.code:
            continue
        for later in re.finditer(rf"\b{re.escape(match.group(1))}\b", text[match.end() :]):
            start, end = match.end() + later.start(), match.end() + later.end()
            start -= 4 if text[max(start - 4, 0) : start].lower() == "the " else 0
            if not any(f.start <= start < f.end for f in found + added):
                entity = replace(item.entity, text=text[start:end])
                added.append(Found(start, end, entity, -1))
    return sorted(found + added, key=lambda f: (f.start, f.end))


def resolve_anaphors(text: str, found: list[Found]) -> list[Found]:
    """"the military" -> the nearest earlier mention with a code and a MIL sector."""
    table = anaphors()
    resolved: list[Found] = []
    for item in found:
        words = normalise(text[item.start : item.end])
        wanted = table.get(words)
        if wanted == ("PRE",):
            continue  # "the region" alone is a place, not an actor
        if wanted and item.entity.code is None:
            item.entity = _coded_like(item.entity, _antecedent(resolved, wanted))
        elif words.split()[0] in POSSESSIVES and item.entity.code is None:
            nearby = [f for f in resolved if f.end >= item.start - POSSESSOR_WINDOW]
            item.entity = _coded_like(item.entity, _antecedent(nearby, ("*",)))
        if not item.placelike:
            resolved.append(item)
    return resolved


def _coded_like(entity: Entity, antecedent: Entity | None) -> Entity:
    """`entity` with the antecedent's country (and its PRE: the breakaway side's army)."""
    if antecedent is None:
        return entity
    pre = ("PRE",) if "PRE" in (antecedent.sector, *antecedent.other_sectors) else ()
    others = tuple(dict.fromkeys((*entity.other_sectors, *pre)))
    sector = entity.sector or antecedent.sector
    return replace(entity, code=antecedent.code, sector=sector,
                   other_sectors=tuple(s for s in others if s != sector))


def _antecedent(earlier: list[Found], wanted: tuple[str, ...]) -> Entity | None:
    """The nearest fitting earlier mention, a sentence subject first (subjects stay topics)."""
    fitting = [item for item in earlier if item.entity.code and (
        "*" in wanted or {item.entity.sector, *item.entity.other_sectors} & set(wanted))]
    subjects = [item for item in fitting if item.subject]
    chosen = (subjects or fitting)[-1:]
    return chosen[0].entity if chosen else None


def share_conjunct_codes(doc: Document, found: list[Found]) -> list[Found]:
    """"Two civilians and four employees of the Azerbaijani Interior Ministry": the civilians
    take the code of the group they are listed with (same event, same side of the line)."""
    if doc.parse is None:
        return found
    by_head = {item.head: item for item in found if item.head >= 0}
    for item in found:
        if item.entity.code or item.entity.sector not in SHARED_SECTORS or item.head < 0:
            continue
        token = doc.parse[item.head]
        partners = [c.i for c in token.children if c.dep_ == "conj"]
        partners += [token.head.i] if token.dep_ == "conj" else []
        codes = {by_head[i].entity.code for i in partners if i in by_head} - {None}
        if len(codes) == 1:
            item.entity = replace(item.entity, code=codes.pop())
    return found
