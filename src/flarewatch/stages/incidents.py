"""Stage `incidents`: one event per happening, with every telling as a mention.

The earlier stages give one event per event mention (trigger). This stage groups the
mentions of the document into incidents (`flarewatch.incidents.group`) and replaces them
by one event per incident (one per place where a sentence lists several places hit,
`flarewatch.incidents.enumerate`) whose fields are merged from all its tellings
(`flarewatch.incidents.merge`) and whose `mentions` list every telling. Lede incidents
with no place take the dateline's, with no date the report's day
(`flarewatch.incidents.context`). Unnamed domestic actors take the country of the
incident's place, and a state named by its country alone the sector of the arm that acts.
Reads `doc.events` (with roles, places, dates, tolls, claims) and `doc.parse`; sets
`doc.events`.
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.domestic import localise
from flarewatch.events.lexicon import state_sectors
from flarewatch.incidents.context import with_context
from flarewatch.incidents.enumerate import expanded
from flarewatch.incidents.group import incidents as group
from flarewatch.incidents.merge import merged
from flarewatch.model import Document, Entity, Event
from flarewatch.pipeline import stage

# Codes that are not states: international and non-governmental organisations.
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "MNC"})


@stage("incidents")
def incidents(doc: Document) -> Document:
    mentions = [copy for event in doc.events for copy in expanded(doc, event)]
    incidents = with_context(doc, [merged(tellings) for tellings in group(doc, mentions)])
    doc.events = [localised(doc, incident) for incident in incidents]
    return doc


def localised(doc: Document, incident: Event) -> Event:
    """Unnamed domestic actors take the country of the incident's place, now that the
    place may come from another telling (as `claims` does for each mention)."""
    incident.actor = as_state(incident, localise(doc, incident, incident.actor))
    incident.claimed_by = localise(doc, incident, incident.claimed_by)
    incident.recipient = localise(doc, incident, incident.recipient, acting=False)
    return incident


def as_state(incident: Event, actor: Entity | None) -> Entity | None:
    """A state named by its country alone acts through the arm that does such acts
    (`data/events/state_sectors.tsv`): "Israel struck" is ISR MIL, "Venezuela rejected" VEN GOV."""
    if actor is None or actor.sector or not actor.code or actor.code in NON_STATE_CODES:
        return actor
    sector = state_sectors().get(incident.event)
    return replace(actor, sector=sector) if sector else actor
