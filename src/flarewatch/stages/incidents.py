"""Stage `incidents`: one event per happening, with every telling as a mention.

The earlier stages give one event per event mention (trigger). This stage groups the
mentions of the document into incidents (`flarewatch.incidents.group`) and replaces them
by one event per incident (one per place where a sentence lists several places hit,
`flarewatch.incidents.enumerate`) whose fields are merged from all its tellings
(`flarewatch.incidents.merge`) and whose `mentions` list every telling. Lede incidents
with no place take the dateline's, with no date the report's day
(`flarewatch.incidents.context`). A local strike of a country-wide attack takes that
attack's attacker (`flarewatch.incidents.campaigns`). Unnamed domestic actors take the
country of the incident's place. Vague and passing mentions (an undated, uncounted
happening told once in a few words) and the reporting itself give no event.
Reads `doc.events` (with roles, places, dates, tolls, claims) and `doc.parse`; sets
`doc.events`.
"""

from __future__ import annotations

from collections import Counter

from flarewatch.events.domestic import localise, remote_attacks
from flarewatch.incidents.answers import with_accusers
from flarewatch.incidents.blame import with_blame, with_claims
from flarewatch.incidents.campaigns import with_campaign_actors
from flarewatch.incidents.compare import late_deaths
from flarewatch.incidents.context import (
    is_reporting,
    is_vague,
    with_context,
    without_inquiries,
    without_passing,
)
from flarewatch.incidents.enumerate import expanded
from flarewatch.incidents.group import incidents as group
from flarewatch.incidents.headings import title_only
from flarewatch.incidents.merge import merged
from flarewatch.incidents.protests import at_protests
from flarewatch.incidents.spoils import with_spoils
from flarewatch.model import Document, Event
from flarewatch.pipeline import stage


@stage("incidents")
def incidents(doc: Document) -> Document:
    mentions = [copy for event in doc.events for copy in expanded(doc, event)]
    mentions = with_blame(doc, with_spoils(doc, at_protests(doc, mentions)))
    mentions = with_accusers(doc, with_claims(doc, mentions))
    late = late_deaths(doc, mentions)
    listed = listing_triggers(mentions)
    told = [(tellings, merged(tellings, late, listed))
            for tellings in group(doc, mentions, late)]
    told = [(many, one) for many, one in told
            if not (is_vague(doc, many, one) or is_reporting(one))]
    told = [(many, one) for many, one in told if not title_only(doc, many, told)]
    told = without_inquiries(doc, told)
    incidents = with_campaign_actors(with_context(doc, without_passing(doc, told)))
    doc.events = remote_attacks([localised(doc, incident) for incident in incidents])
    return doc


def listing_triggers(mentions: list[Event]) -> set[tuple[int, int]]:
    """The triggers that tell several incidents, one per place listed ("shelled Nikopol
    and Marhanets": `enumerate.expanded`)."""
    seen = Counter((event.trigger_start, event.trigger_end) for event in mentions)
    return {trigger for trigger, count in seen.items() if count > 1}


def localised(doc: Document, incident: Event) -> Event:
    """Unnamed domestic actors take the country of the incident's place, now that the
    place may come from another telling (as `claims` does for each mention)."""
    incident.actor = localise(doc, incident, incident.actor, by_name=True)
    incident.claimed_by = localise(doc, incident, incident.claimed_by, by_name=True)
    incident.recipient = localise(doc, incident, incident.recipient, acting=False)
    return incident

