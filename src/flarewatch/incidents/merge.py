"""One incident's fields from all its tellings, by the rules of `shared/eval/ANNOTATION.md`.

- place: the most specific place any telling gives (tellings grouped together never
  conflict: `compare` keeps apart mentions with places that do);
- date: the most precise interval any telling gives, the earliest telling among equals;
  a death of the wounded gives none while another telling gives one;
- actor, recipient, claimed_by: from the first telling that codes a country, else the
  first that names one at all (a claim of responsibility has already made the claimant
  the actor of its telling, in `claims`; a later telling of the attacked side's answer,
  "its troops killed several of the attackers", gives its sides swapped: `told_sides`);
- size: per status the largest figure any telling states, never a sum of two tellings of
  one toll, plus the tellings that add to it ("two more of the wounded died"); an
  attacker's count of those it struck is left out where another telling counts the
  same victims (`by_observers`); casualty groups kept once each;
- modality: the most certain one told (asserted, then claimed, reported, denied, ...);
- mode: the principal telling's, else the first telling that tells a means (any mode but
  `DAMAGE`: "several houses were destroyed" tells what the bombs did, not how).
The principal telling (`text_info`) is the most informative one: the one carrying most of
these fields, where a later telling must carry two more than an earlier one to win.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import replace

from flarewatch.events.lexicon import word_roles
from flarewatch.incidents.places import specificity
from flarewatch.model import MODALITIES, Casualty, Entity, Event, Place, Size, TextSpan, told_of_act

DAMAGE = "destroy"  # the PLOVER ASSAULT mode of damage to property: an outcome, no means

DATE_PRECISION = {"day": 4, "week": 3, "month": 2, "year": 1, "decade": 0}
STATUSES = ("dead", "injured", "arrested")


def merged(tellings: list[Event], late: list[Event] | None = None,
           listed: AbstractSet[tuple[int, int]] = frozenset()) -> Event:
    """The incident told by `tellings` (text order) as one event with every telling; those
    among `late` (the document's deaths of the wounded, `compare.late_deaths`) give it no
    date while another telling gives one ("the shelling of the market on Tuesday ... two
    more of the wounded died on Saturday": Tuesday). `listed`: the triggers that tell
    several incidents (`principal_telling`)."""
    principal = principal_telling(tellings, listed)
    incident = replace(principal)
    incident.event_loc = best_place(tellings)
    late_ids = {id(event) for event in late or []}
    dating = [event for event in tellings if id(event) not in late_ids]
    take_date(incident, best_dated(dating) or best_dated(tellings))
    sides = [told_sides(event, later=index > 0) for index, event in enumerate(tellings)]
    first = sides[[event is principal for event in tellings].index(True)]
    incident.actor = best_entity([first[0]] + [actor for actor, _ in sides])
    incident.recipient = best_entity([first[1]] + [victims for _, victims in sides])
    incident.claimed_by = best_entity([e.claimed_by for e in tellings])
    incident.size = largest_size(tellings)
    incident.casualties = distinct_groups(tellings)
    incident.modality = most_certain(tellings)
    incident.mode = principal.mode or means_of(tellings)
    incident.confidence = max(event.confidence for event in tellings)
    incident.mentions = spans(tellings)
    return incident


def means_of(tellings: list[Event]) -> str | None:
    """The first mode of a telling that tells a means (not `DAMAGE`), else None."""
    return next((e.mode for e in tellings if e.mode and e.mode != DAMAGE), None)


def told_sides(event: Event, later: bool) -> tuple[Entity | None, Entity | None]:
    """A telling's actor and recipient as the incident's: swapped for a later telling whose
    victims are the attackers ("Gunmen attacked an army post ... its troops had killed
    several of the attackers": the army answers, the gunmen stay the actor; `answered`
    words of `data/incidents/words.tsv`)."""
    words = (event.recipient.text or "").lower().split() if event.recipient else []
    answered = later and "the" in words and bool(set(words) & answered_words())
    return (event.recipient, event.actor) if answered else (event.actor, event.recipient)


def answered_words() -> frozenset[str]:
    return word_roles("incidents/words.tsv").get("answered", frozenset())


def principal_telling(tellings: list[Event], listed: AbstractSet[tuple[int, int]]) -> Event:
    """The `most_informative` telling; but a telling whose trigger tells several incidents
    (`listed`: "shelled Nikopol and Marhanets") gives way to the incident's own tellings
    that name the place it gave this incident ("In Marhanets, two women were wounded")."""
    places = {e.event_loc.name for e in tellings
              if (e.trigger_start, e.trigger_end) in listed and e.event_loc is not None}
    own = [e for e in tellings if (e.trigger_start, e.trigger_end) not in listed
           and e.event_loc is not None and e.event_loc.name in places]
    return most_informative(own or tellings)


def most_informative(tellings: list[Event]) -> Event:
    """The telling with most fields, a later one only when it has two more than the one
    before it won (a lede that names the place and day stays the principal telling)."""
    best = tellings[0]
    for telling in tellings[1:]:
        if informative(telling) >= informative(best) + 2:
            best = telling
    return best


def informative(event: Event) -> int:
    """How many of an incident's fields a telling carries."""
    filled = [
        event.event_loc is not None, event.date is not None, coded(event.actor),
        coded(event.recipient), any(getattr(event.size, s) for s in STATUSES),
    ]
    return sum(filled)


def coded(entity: Entity | None) -> bool:
    return entity is not None and entity.code is not None


def best_place(tellings: list[Event]) -> Place | None:
    places = [event.event_loc for event in tellings if event.event_loc is not None]
    return max(places, key=specificity, default=None)


def best_dated(tellings: list[Event]) -> Event | None:
    """The telling with the most precise date; of equally precise ones, the first whose
    date its words give (`date_text`) over one the report's day implies ("LIVE: Gunmen
    kill seven in Duran bar" over a report of Thursday, then "killed at least seven ...
    shortly before midnight on Wednesday") or the day of a saying that reports it
    (`date_basis` "saying"), else the first."""
    dated = [event for event in tellings if event.date is not None]
    return max(dated, key=lambda e: (DATE_PRECISION.get(e.date_precision or "", 0),
                                     told_of_act(e.date_text, e.date_basis)),
               default=None)


def take_date(incident: Event, source: Event | None) -> None:
    if source is None:
        return
    incident.date, incident.enddate = source.date, source.enddate
    incident.date_precision, incident.date_text = source.date_precision, source.date_text
    incident.date_basis = source.date_basis


def best_entity(entities: list[Entity | None]) -> Entity | None:
    """The first coded entity the text names, else the first coded one (a country inferred
    for unnamed protesters or victims), else the first with a sector other than unknown,
    else the first with words ("Gunmen" over a headline's wordless attacker), else any."""
    present = [entity for entity in entities if entity is not None]
    for wanted in (coded_in_words, coded, named, worded):
        found = next((entity for entity in present if wanted(entity)), None)
        if found is not None:
            return found
    return present[0] if present else None


def worded(entity: Entity) -> bool:
    return bool((entity.text or "").strip())


def coded_in_words(entity: Entity | None) -> bool:
    return coded(entity) and bool(entity is not None and entity.text)


def named(entity: Entity | None) -> bool:
    return entity is not None and entity.sector not in (None, "UAF", "UNK")


def largest_size(tellings: list[Event]) -> Size:
    """Per status the largest figure a telling states, plus the figures of tellings that
    only add to it ("two more of the wounded died": `adds_to`)."""
    return Size(**{status: status_total(tellings, status) for status in STATUSES})


def status_total(tellings: list[Event], status: str) -> int | None:
    """The incident's toll of `status`, from the tellings that count it (`by_observers`)."""
    stated = [(getattr(event.size, status), adds_to(event, status))
              for event in by_observers(tellings, status)]
    if not stated:
        return None
    largest = max((value for value, added in stated if not added), default=0)
    return largest + sum(value for value, added in stated if added)


def by_observers(tellings: list[Event], status: str) -> list[Event]:
    """The tellings that count the incident's toll of `status`, less the attacker's count
    of those it struck (`attacker_count`: "the group said its fighters had killed ten
    soldiers") where another telling counts the same victims (by sector: "two soldiers
    and three militants were killed"). ANNOTATION.md takes an incident's most conservative
    stated toll, and ACLED its most conservative reported figure: a side's count of the
    enemies it killed is neither, where the report gives its own."""
    counted = [event for event in tellings if getattr(event.size, status) is not None]
    claimed = [attacker_count(event, status) for event in counted]
    others = [event for event, claim in zip(counted, claimed, strict=True) if not claim]
    seen = {sector for event in others for sector in victim_sectors(event, status)}
    return others + [event for event, claim in zip(counted, claimed, strict=True)
                     if claim and not victim_sectors(event, status) & seen]


def victim_sectors(event: Event, status: str) -> set[str | None]:
    return {group.sector for group in event.casualties if group.status == status}


def attacker_count(event: Event, status: str) -> bool:
    """A telling the attacker claims (modality `claimed`, its claimant the actor's own
    country and sector, or not coded: "the group claimed its fighters had killed 30") of
    victims not its own ("two of their soldiers died" is its own losses)."""
    speaker, actor = event.claimed_by, event.actor
    if event.modality != "claimed":
        return False
    if speaker is None:
        return True
    if actor is None or (speaker.code, speaker.sector) != (actor.code, actor.sector):
        return False
    return speaker.sector is None or speaker.sector not in victim_sectors(event, status)


def adds_to(event: Event, status: str) -> bool:
    """A telling whose toll of `status` is told only as more of it ("two more died", "a
    further three were wounded": `more` words of `data/incidents/words.tsv`)."""
    groups = [group for group in event.casualties if group.status == status]
    return bool(groups) and all(group.who.lower() in more_words() for group in groups)


def more_words() -> frozenset[str]:
    return word_roles("incidents/words.tsv").get("more", frozenset())


def distinct_groups(tellings: list[Event]) -> list[Casualty]:
    seen: dict[tuple[str, str, int], Casualty] = {}
    for group in (group for event in tellings for group in event.casualties):
        seen.setdefault((group.status, group.who.lower(), group.count), group)
    return list(seen.values())


def most_certain(tellings: list[Event]) -> str:
    return min((event.modality for event in tellings), key=MODALITIES.index)


def spans(tellings: list[Event]) -> list[TextSpan]:
    found = {TextSpan(e.start, e.end, e.sentence) for e in tellings}
    return sorted(found, key=lambda span: (span.start, span.end))
