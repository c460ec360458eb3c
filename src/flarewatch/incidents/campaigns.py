"""Local strikes of a country-wide attack take its attacker (issue 9).

"Russia attacked Ukraine early on Saturday with 95 drones ... In Kharkiv, two people were
killed when a drone hit an apartment block": ACLED records the Kharkiv strike as an event
of its own (one event per place and day: ACLED Codebook 2023, "Event definition"), and its
attacker is the one the report names for the whole attack. An incident of the same type
whose attacker is unnamed, placed inside the country the earlier attack is placed at (at
country precision only), on its day or undated, by the same stated means (drones, shelling),
takes the attack's attacker. A strike by other or unstated means ("gunmen killed a man in
Sidon" after "Israel struck Lebanon"; "three were killed in Chittagong" after a police
crackdown across Bangladesh) or on another day keeps its own.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.domestic import unidentified
from flarewatch.incidents.compare import date_relation, mode_relation
from flarewatch.model import Event

SAME_TIME = frozenset({"same_day", "overlap", "unknown"})


def with_campaign_actors(incidents: list[Event]) -> list[Event]:
    """The incidents (in text order), each unnamed attacker filled from the country-wide
    attack (`campaign_of`) told before it, if any."""
    done: list[Event] = []
    for incident in incidents:
        campaign = campaign_of(incident, done)
        done.append(replace(incident, actor=campaign.actor) if campaign else incident)
    return done


def campaign_of(incident: Event, before: list[Event]) -> Event | None:
    """The last country-wide attack told before `incident` that it is a local strike of,
    None where there is none or the incident names its attacker."""
    if not unidentified(incident.actor) or incident.event_loc is None:
        return None
    found = [other for other in before if holds(other, incident)]
    return found[-1] if found else None


def holds(campaign: Event, incident: Event) -> bool:
    """Whether `campaign` is a named attack placed at a country only, of the incident's
    type, whose country holds the incident's place, at its time and by its stated means."""
    place, inner = campaign.event_loc, incident.event_loc
    if place is None or inner is None or place.precision != "country" \
            or unidentified(campaign.actor):
        return False
    inside = inner.precision != "country" and inner.country == place.country
    return inside and campaign.event == incident.event \
        and date_relation(incident, campaign) in SAME_TIME \
        and mode_relation(incident, campaign) == "same"
