"""Headings: a report's headline, a live blog's entry titles and summary bullets.

A line with no closing punctuation ("Bandits kill 17, abduct dozens in Zamfara village
raids", "09:05 Missile strike on Kharkiv kills three") or a bulleted line ("- Nine soldiers
killed by an IED near Boni") sums up what the report's paragraphs then tell: its event
mentions retell incidents of the body rather than open their own
(`flarewatch.incidents.group` groups them after the body's).
"""

from __future__ import annotations

import re
from functools import lru_cache

from flarewatch.incidents.places import relation
from flarewatch.model import Document, Event

# A heading is short; a longer line without a full stop is body text cut by the source.
HEADING_MAX_WORDS = 30
BULLETS = ("- ", "• ", "* ", "– ", "— ")
CLOSING = frozenset('.!?"”’)')


def in_heading(doc: Document, mention: Event) -> bool:
    """Whether the mention's trigger lies in a heading line of the document."""
    return heading_line(doc, mention) is not None


def in_headline(doc: Document, mention: Event) -> bool:
    """Whether the mention's trigger lies in a heading line that is no bullet: a headline,
    a standfirst or a live blog's entry title (a bullet may tell several incidents)."""
    line = heading_line(doc, mention)
    return line is not None and not line.lstrip().startswith(BULLETS)


def heading_line(doc: Document, mention: Event) -> str | None:
    """The heading line the mention's trigger lies in, if any."""
    return next((doc.text[start:end] for start, end in heading_spans(doc.text)
                 if start <= mention.trigger_start < end), None)


def title_only(doc: Document, tellings: list[Event],
               told: list[tuple[list[Event], Event]]) -> bool:
    """Whether an incident (its tellings), among the document's (`told`: tellings and
    merged view), is told only in the report's title, a heading, while the body tells an
    incident of its type at a place that may be the title's (`incidents.places.relation`
    not `differ`): the title sums up that incident, which the comparison missed ("New
    drone strike hits Odesa port" over "Russian drones struck grain silos at the port of
    Odesa"). A title naming another place than every such incident ("Protesters rally
    in Nairobi" over a march "also" in Mombasa) tells an incident of its own."""
    title_end = doc.text.find("\n")
    if title_end < 0 or not is_heading(doc.text[:title_end]):
        return False
    if any(telling.trigger_start >= title_end for telling in tellings):
        return False
    kind, place = tellings[0].event, tellings[0].event_loc
    return any(one.event == kind and relation(place, one.event_loc) != "differ"
               and not all(in_heading(doc, t) for t in many) for many, one in told)


@lru_cache(maxsize=64)
def heading_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) character offsets of the heading lines of `text`."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if is_heading(line):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return tuple(spans)


def is_heading(line: str) -> bool:
    """A bulleted line, or a short one with no closing punctuation once a closing aside is
    set aside ("Attack on Titao and movements towards Ouahigouya (Nord region)")."""
    words = line.strip()
    if not words:
        return False
    if words.startswith(BULLETS):
        return True
    bare = re.sub(r"\s*\([^()]*\)$", "", words) or words
    return bare[-1] not in CLOSING and len(words.split()) <= HEADING_MAX_WORDS
