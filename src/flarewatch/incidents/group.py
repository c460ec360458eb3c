"""The event mentions of one document grouped into incidents, in text order.

Each mention joins the incident it scores best against (`compare.score`) when that score
reaches the threshold; else it opens an incident of its own. Greedy and in text order, as
a reader links each new telling to what was told before; headlines and summary lines
(`headings`) come last, as they sum up what the body tells.
"""

from __future__ import annotations

from flarewatch.incidents.compare import late_deaths, score, weights
from flarewatch.incidents.headings import in_heading
from flarewatch.incidents.merge import merged
from flarewatch.model import Document, Event


def incidents(doc: Document, mentions: list[Event],
              late: list[Event] | None = None) -> list[list[Event]]:
    """The mentions (in text order) partitioned into incidents, each in text order; `late`:
    the document's deaths of the wounded (`compare.late_deaths`), found here if not given."""
    groups: list[list[Event]] = []
    views: list[Event] = []
    ordered = sorted(mentions, key=lambda e: (in_heading(doc, e), e.start, e.trigger_start))
    late = late_deaths(doc, mentions) if late is None else late
    for mention in ordered:
        best = best_incident(doc, mention, groups, views)
        if best is None:
            groups.append([mention])
            views.append(merged([mention]))
        else:
            groups[best].append(mention)
            views[best] = merged(groups[best], late)
    return groups


def best_incident(
    doc: Document, mention: Event, groups: list[list[Event]], views: list[Event]
) -> int | None:
    """The index of the incident this mention tells, None for a new one."""
    pairs = enumerate(zip(groups, views, strict=True))
    scored = [(score(doc, mention, group, view), i) for i, (group, view) in pairs]
    passing = [(value, index) for value, index in scored if value >= weights().threshold]
    return max(passing)[1] if passing else None
