"""ACLED codes derived from an event: actor types, interaction, precisions, disorder type.

Facts from shared spec/ACLED.md; where PLOVER and ACLED categories do not line up the
choices are stated beside the rule. Every function returns None or "" where the event
does not say enough: no code is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flarewatch.model import Entity, Event
from flarewatch.paths import DATA_DIR

STATE, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA = 1, 2, 3, 4
RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 5, 6, 7, 8
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
# Armed, not the state: pro-government paramilitaries, "unknown gunmen" and gangs are coded
# by ACLED as political militias (3); PLOVER has no identity-militia sector: a militia named
# by a community ("ethnic militiamen") is an identity militia (4), from its words.
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


def is_state(entity: Entity | None) -> bool:
    return entity is not None and bool(sectors(entity) & STATE_SECTORS)


def is_armed(entity: Entity | None) -> bool:
    return entity is not None and bool(sectors(entity) & ARMED_SECTORS)


def crowd_code(event: Event, entity: Entity) -> int | None:
    """The unarmed, non-state side of a crowd event: protesters (6) in Protests, rioters (5)
    in Riots, whatever sector the text gave them ("an angry crowd" of unknown gunmen is a
    crowd); the state stays the state, a rebel group a rebel group.

    The victims of a crowd (the recipient where the state is not the actor: an angry mob
    and its victim) keep their own type (civilians, 7); a crowd the state acts on is rioters.
    """
    crowd = implied_crowd().get(event.acled.sub_event_type) if event.acled else None
    if crowd is None or sectors(entity) & (STATE_SECTORS | {"REB"}):
        return None
    if crowd == RIOTERS and entity is event.recipient and not is_state(event.actor):
        return None
    if crowd == PROTESTERS and is_armed(entity):
        return None
    return crowd


def state_code(event: Event, entity: Entity) -> int:
    # PLOVER codes breakaway authorities under the nominal sovereign with sector PRE;
    # ACLED treats such forces as non-state (rebel) actors.
    if "PRE" in sectors(entity):
        return REBELS
    # State forces active outside their main country are external forces for ACLED; the
    # place where parties sign an agreement is no theatre of operations.
    where = event.event_loc.country if event.event_loc else None
    signed = event.acled is not None and event.acled.sub_event_type == "Agreement"
    if where and entity.code and entity.code != where and not signed:
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
    found = sector_code(event, entity)
    if found == CIVILIANS and entity is event.actor and armed_violence(event):
        return POLITICAL_MILITIA  # "unknown men threw a grenade": an unidentified armed group
    if found == POLITICAL_MILITIA and names_identity(entity):
        return IDENTITY_MILITIA  # "ethnic militiamen", "clan fighters"
    return found


def names_identity(entity: Entity) -> bool:
    """An armed group named by a community (`identity` words of acled_words.tsv)."""
    words = set(entity.text.lower().replace("-", " ").split())
    return bool(words & acled_words().get("identity", frozenset()))


@cache
def acled_words() -> dict[str, frozenset[str]]:
    """role -> words of `data/events/acled_words.tsv` (`word<TAB>role` rows)."""
    found: dict[str, set[str]] = {}
    for line in (DATA_DIR / "events" / "acled_words.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 2 and not line.startswith("#"):
            found.setdefault(cells[1].strip(), set()).add(cells[0].strip())
    return {role: frozenset(words) for role, words in found.items()}


# Event types whose actor is armed by definition (ACLED: civilians are never perpetrators).
ARMED_EVENT_TYPES = frozenset({
    "Battles", "Explosions/Remote violence", "Violence against civilians",
})


def armed_violence(event: Event) -> bool:
    return event.acled is not None and event.acled.event_type in ARMED_EVENT_TYPES


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


@dataclass(frozen=True)
class Sides:
    """What a sub-event's definition says of its sides (`data/events/acled_sides.tsv`):
    the types implied for the actor and the other side, the type of its unarmed non-state
    sides (`crowd`), and which recipients count as its second side (`other`: any, armed:
    only an armed one, none: the event has one side)."""

    first: int | None
    second: int | None
    crowd: int | None
    other: str


@cache
def side_rows() -> dict[str, Sides]:
    """sub_event_type -> its `Sides`, from `data/events/acled_sides.tsv`."""
    rows = (DATA_DIR / "events" / "acled_sides.tsv").read_text(encoding="utf-8").splitlines()
    cells = [row.split("\t") for row in rows if row and not row.startswith("#")]
    return {name: Sides(code(first), code(second), code(crowd), other.strip())
            for name, first, second, crowd, other in cells}


def sides_of(event: Event) -> Sides:
    sub_type = event.acled.sub_event_type if event.acled else ""
    return side_rows().get(sub_type, Sides(None, None, None, "any"))


def implied() -> dict[str, tuple[int | None, int | None]]:
    """sub_event_type -> the actor types its definition implies for each side."""
    return {name: (row.first, row.second) for name, row in side_rows().items()}


def implied_crowd() -> dict[str, int]:
    """sub_event_type -> the type of its unarmed non-state sides (protesters, rioters)."""
    return {name: row.crowd for name, row in side_rows().items() if row.crowd is not None}


def code(cell: str) -> int | None:
    return None if cell.strip() == "-" else int(cell)


def same_side(first: Entity | None, second: Entity | None) -> bool:
    """One party told twice (the parse gave the actor as its own recipient): the same
    words of the same sector, whether or not both carry the country code."""
    if first is None or second is None:
        return False
    return (first.text.lower(), first.sector) == (second.text.lower(), second.sector)


def other_side(event: Event) -> Entity | None:
    """The recipient as the event's second ACLED actor: not where it is the actor again,
    nor where the sub-event has one side, nor an unarmed one where the sub-event's second
    side is armed by definition (a town taken is no civilian side of a battle)."""
    recipient = event.recipient
    if recipient is None or same_side(event.actor, recipient):
        return None
    policy = sides_of(event).other
    if policy == "none" or (policy == "armed" and not is_armed(recipient)):
        return None
    return recipient


def side_codes(event: Event) -> tuple[int | None, int | None]:
    """(inter1, inter2): each side's type from its entity (the recipient as `other_side`
    keeps it), else the type the sub-event implies for that side ("Attack": the other side
    is civilians, 7), else None. Where the actor is of the type implied for the other side
    (police in a "Protest with intervention"), the second side takes the actor's implied
    type (protesters). A sub-event of one side has no second."""
    sides = sides_of(event)
    first = inter_code(event, event.actor)
    second = inter_code(event, other_side(event))
    if sides.other == "none":
        return (first if first is not None else sides.first), None
    if first is not None and first == sides.second and first != sides.first:
        return first, second if second is not None else sides.first
    return (first if first is not None else sides.first,
            second if second is not None else sides.second)


def interaction(first: int | None, second: int | None) -> str:
    """The two actor types joined, lower first; a sole actor gets a 0 ("10")."""
    known = sorted(code for code in (first, second) if code is not None)
    if not known:
        return ""
    return "".join(map(str, known)) if len(known) == 2 else f"{known[0]}0"


def disorder_type(event_type: str, sub_event_type: str) -> str:
    return DISORDER_BY_SUB_TYPE.get(sub_event_type) or DISORDER_BY_TYPE.get(event_type, "")
