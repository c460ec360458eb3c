"""ACLED codes derived from an event: actor types, interaction, precisions, disorder type.

Facts from shared spec/ACLED.md; where PLOVER and ACLED categories do not line up the
choices are stated beside the rule. Every function returns None or "" where the event
does not say enough: no code is guessed.
"""

from __future__ import annotations

from functools import cache

from flarewatch.model import Entity, Event
from flarewatch.paths import DATA_DIR

STATE, REBELS, POLITICAL_MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 1, 2, 3, 5, 6, 7, 8
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
# Armed, not the state: pro-government paramilitaries, "unknown gunmen" and gangs are coded
# by ACLED as political militias (3); PLOVER has no identity-militia sector, so 4 never occurs.
MILITIA_SECTORS = frozenset({"PRM", "UAF", "CRM"})
ARMED_SECTORS = STATE_SECTORS | MILITIA_SECTORS | {"REB"}
CIVILIAN_SECTORS = frozenset({
    "CVL", "REF", "MED", "JRN", "EDU", "AGR", "BUS", "LAB", "REL", "SOC", "ELI", "PTY", "OPP",
})
INTERNATIONAL_BODIES = frozenset({"IGO", "UNO", "EUR"})  # UN, EU...: external forces (8)
CIVILIAN_BODIES = frozenset({"NGO", "MNC", "ISM"})  # aid workers, firms: civilians (7)

DISORDER_BY_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED codebook (2023): these sub-events carry a disorder type of their own.
DISORDER_BY_SUB_TYPE = {
    "Violent demonstration": "Demonstrations",
    "Excessive force against protesters": "Political violence; Demonstrations",
}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "decade": 3}
GEO_PRECISION = {"point": 1, "town": 1, "region": 3, "country": 3}


def sectors(entity: Entity) -> frozenset[str]:
    return frozenset(filter(None, (entity.sector, *entity.other_sectors)))


def is_armed(entity: Entity | None) -> bool:
    return entity is not None and bool(sectors(entity) & ARMED_SECTORS)


def crowd_code(event: Event, entity: Entity) -> int | None:
    """Unarmed sides of a demonstration: protesters (6), or in a riot rioters (5).

    In a riot between two unarmed sides (mob violence) the actor is the mob and the
    recipient its civilian victims (7): left to the sector rules.
    """
    if event.acled is None or is_armed(entity):
        return None
    if event.acled.event_type == "Protests":
        return PROTESTERS
    mob_victim = entity is event.recipient and not is_armed(event.actor)
    if event.acled.event_type == "Riots" and not mob_victim:
        return RIOTERS
    return None


def state_code(event: Event, entity: Entity) -> int:
    # PLOVER codes breakaway authorities under the nominal sovereign with sector PRE;
    # ACLED treats such forces as non-state (rebel) actors.
    if "PRE" in sectors(entity):
        return REBELS
    # State forces active outside their main country are external forces for ACLED.
    where = event.event_loc.country if event.event_loc else None
    if where and entity.code and entity.code != where:
        return EXTERNAL
    return STATE


def inter_code(event: Event, entity: Entity | None) -> int | None:
    """ACLED actor type (1-8) of an actor of `event`, or None where it cannot be told."""
    if entity is None:
        return None
    crowd = crowd_code(event, entity)
    if crowd is not None:
        return crowd
    if entity.code in INTERNATIONAL_BODIES:
        return EXTERNAL
    if entity.code == "IMG":  # transnational armed groups (e.g. ISIS) are rebels for ACLED
        return REBELS
    return sector_code(event, entity)


def sector_code(event: Event, entity: Entity) -> int | None:
    if entity.sector in STATE_SECTORS:
        return state_code(event, entity)
    if entity.sector == "REB":
        return REBELS
    if entity.sector in MILITIA_SECTORS:
        return POLITICAL_MILITIA
    if entity.sector in CIVILIAN_SECTORS or entity.code in CIVILIAN_BODIES:
        return CIVILIANS
    return None


@cache
def implied() -> dict[str, tuple[int | None, int | None]]:
    """sub_event_type -> the actor types its definition implies (`data/events/acled_sides.tsv`)."""
    rows = (DATA_DIR / "events" / "acled_sides.tsv").read_text(encoding="utf-8").splitlines()
    cells = [row.split("\t") for row in rows if row and not row.startswith("#")]
    return {name: (code(first), code(second)) for name, first, second in cells}


def code(cell: str) -> int | None:
    return None if cell.strip() == "-" else int(cell)


def side_codes(event: Event) -> tuple[int | None, int | None]:
    """(inter1, inter2): each side's type from its entity, else the type the sub-event
    implies for that side ("Attack": the other side is civilians, 7), else None. A
    protester recipient in "Excessive force" is the side ACLED lists second."""
    first, second = inter_code(event, event.actor), inter_code(event, event.recipient)
    sub_type = event.acled.sub_event_type if event.acled else ""
    default_first, default_second = implied().get(sub_type, (None, None))
    return (first if first is not None else default_first,
            second if second is not None else default_second)


def interaction(first: int | None, second: int | None) -> str:
    """The two actor types joined, lower first; a sole actor gets a 0 ("10")."""
    known = sorted(code for code in (first, second) if code is not None)
    if not known:
        return ""
    return "".join(map(str, known)) if len(known) == 2 else f"{known[0]}0"


def disorder_type(event_type: str, sub_event_type: str) -> str:
    return DISORDER_BY_SUB_TYPE.get(sub_event_type) or DISORDER_BY_TYPE.get(event_type, "")
