"""Compose one noun phrase's dictionary hits into a coded entity (country + sector).

The country comes from what names a state in the phrase (a breakaway territory first,
then a person, an organisation or group, a country word or capital); the sector from the
phrase's head word (an agent such as "troops" or "Interior Ministry"), else from a person,
organisation or capital. Partially recognised entities put PRE first (PLOVER), except for
civilians and refugees, who stay CVL / REF with PRE beside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from flarewatch.actors.lexicon import (
    Entry,
    Hit,
    action_nouns,
    add_surname_hits,
    find_hits,
    qualify,
    tokenize,
)
from flarewatch.geo.sources import english_country_name
from flarewatch.model import Entity

CODE_KINDS = ("territory", "person", "international", "group", "country", "people", "capital")
SECTOR_KINDS = ("person", "international", "group", "generic", "capital", "people")
KEEP_BEFORE_PRE = ("CVL", "REF")
INTERNATIONAL = ("IGO", "NGO", "IMG", "ISM", "MNC")


def sense(hit: Hit, date: dt.date | None) -> Entry:
    """The sense of a hit valid on `date`; else the latest one. A person out of office keeps
    the country: before taking office with no sector, after leaving it as ELI (PLOVER)."""
    valid = [entry for entry in hit.entries if entry.valid_on(date)]
    if not valid and date and all(entry.kind == "person" for entry in hit.entries):
        latest = max(hit.entries, key=lambda entry: entry.end or "9999")
        if latest.end and latest.end < date.isoformat():
            return replace(latest, sector="ELI", other_sectors=())
        return replace(latest, sector=None, other_sectors=())
    if not valid:
        valid = list(hit.entries)
    return max(valid, key=lambda e: (e.start != "" or e.end != "", e.start, _is_state(e.code)))


def _is_state(code: str | None) -> bool:
    """Between undated senses, a state beats an international or no code (MILF: PHL, not IMG)."""
    return code is not None and code not in INTERNATIONAL


def compose(
    senses: Sequence[Entry], head: Entry | None = None, text: str = ""
) -> Entity | None:
    """`senses`: the phrase's entries in text order; `head`: the sense of the head word."""
    code_entry = _first_of_kinds(senses, CODE_KINDS)
    sector, others = _sector(senses, head, code_entry)
    code = code_entry.code if code_entry else _agent_code(senses)
    if code is None and sector is None:
        return None
    if any(_is_pre(entry) for entry in senses):
        sector, others = _with_pre(sector, others)
    name = display_name(code_entry) if code_entry else None
    return Entity(text, name, code, sector, tuple(s for s in others if s != sector))


def display_name(entry: Entry) -> str:
    """The state's ISO name for country words, else the phrase in title case."""
    if entry.kind in ("country", "capital") and entry.code:
        name = english_country_name(entry.code)
        if name is not None:
            return name
    if " " not in entry.phrase and len(entry.phrase) <= 5:
        return entry.phrase.upper()  # acronyms: ICRC, OSCE
    words = entry.phrase.replace(" ' ", "'").split()
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in words)


def _first_of_kinds(senses: Sequence[Entry], kinds: Sequence[str]) -> Entry | None:
    for kind in kinds:
        for entry in senses:
            if entry.kind == kind and entry.code:
                return entry
    return None


def _sector(
    senses: Sequence[Entry], head: Entry | None, code_entry: Entry | None
) -> tuple[str | None, tuple[str, ...]]:
    group = next((e for e in senses if e.kind == "group" and e.sector), None)
    if group is not None and all(e.sector in keeps_group(group) for e in senses
                                 if e.kind == "agent"):
        return group.sector, group.other_sectors  # "Hezbollah leader X", "TNLA troops"
    if head is not None and head.sector and head.kind == "agent":
        return head.sector, head.other_sectors
    agents = [entry for entry in senses if entry.kind == "agent" and entry.sector]
    if agents:  # a title says the role at the time: "President Saddam Hussein" is GOV
        return agents[-1].sector, agents[-1].other_sectors
    breakaway = any(_is_pre(entry) for entry in senses)
    for entry in [head, *senses] if head is not None else senses:
        if entry.kind in SECTOR_KINDS and entry.sector and entry.sector != "PRE":
            if _gives_sector(entry, len(senses), breakaway):
                return entry.sector, entry.other_sectors
    return None, ()


# Sectors of armed groups that are not the state: an armed agent word beside one names its
# fighters, not a state's army ("TNLA troops", "ISKP bombers", "Houthi forces": rebels).
NON_STATE_ARMED = frozenset({"REB", "PRM", "CRM", "INS", "SEP"})
ARMED_AGENTS = frozenset({"MIL", "REB", "PRM", "CRM", "INS", "SEP", "UAF"})


def keeps_group(group: Entry) -> frozenset[str | None]:
    """Agent sectors that leave a group its own sector: no sector or a title ("Hamas
    officials"), and for a non-state armed group its fighters named by any armed word."""
    kept: frozenset[str | None] = frozenset({None, "GOV"})
    return kept | ARMED_AGENTS if group.sector in NON_STATE_ARMED else kept


def _gives_sector(entry: Entry, phrase_length: int, breakaway: bool) -> bool:
    """A capital names a government only alone ("Baku said"); "Karabakh Armenians" are
    the breakaway entity, not civilians (PLOVER PRE)."""
    if entry.kind == "capital":
        return phrase_length == 1
    return not (entry.kind == "people" and breakaway)


def _agent_code(senses: Sequence[Entry]) -> str | None:
    """Organisation words such as "human rights body" carry NGO / IGO themselves."""
    return next((entry.code for entry in senses if entry.kind == "agent" and entry.code), None)


def _is_pre(entry: Entry) -> bool:
    return entry.sector == "PRE" or "PRE" in entry.other_sectors


def _with_pre(sector: str | None, others: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    if sector in KEEP_BEFORE_PRE:
        return sector, (*others, "PRE")
    rest = tuple(s for s in (sector, *others) if s and s != "PRE")
    return "PRE", rest


@lru_cache(maxsize=16384)
def code_phrase(text: str, date: dt.date | None = None) -> Entity | None:
    """Code a noun phrase out of context: "the Azerbaijani military" -> AZE MIL.

    The head is the last agent word before a first "of" ("the Armed Forces of the Republic
    of Armenia"), else the last agent word. Cached: the same phrase recurs across mentions,
    and entities are immutable.
    """
    tokens = tokenize(text)
    hits = qualify(text, tokens, add_surname_hits(text, tokens, find_hits(tokens, text)))
    if not hits:
        return None
    of_index = next((i for i, token in enumerate(tokens) if token.norm == "of"), len(tokens))
    senses = [sense(hit, date) for hit in hits]
    before_of = [s for hit, s in zip(hits, senses, strict=True) if hit.last < of_index]
    head = next((s for s in reversed(before_of) if s.kind == "agent"), None)
    entity = compose(senses, head, text.strip())
    return wielding(entity, action_nouns().get(tokens[-1].norm))


def wielding(entity: Entity | None, action: str | None) -> Entity | None:
    """The owner of an action noun (`data/actors/action_nouns.tsv`) with the action's
    sector: a state word with none names its forces ("Russian artillery": RUS MIL), and so
    does a government's ("Government artillery", "regime drones": MIL, as ACLED codes
    them to the state's military forces)."""
    if entity is None or action is None:
        return entity
    if (entity.code and not entity.sector) or (action == "MIL" and entity.sector == "GOV"):
        return replace(entity, sector=action)
    return entity
