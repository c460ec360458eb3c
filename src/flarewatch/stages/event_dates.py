"""Stage `event_dates`: each event's date from the time expression that governs it.

Reads `doc.timexes`, `doc.parse`, `doc.events`; sets `date`, `enddate`, `date_precision`,
`date_text` and `date_basis` on each event (see `flarewatch.timex.governing` for the order
of preference).
An act told as what another answers ("struck camps on Monday in retaliation for rocket
attacks") is dated only by words of its own phrase: the answer's day is not its day. A
threat with no day of its own is made when it is said: it takes the day of the saying that
tells it ("the group said on Wednesday that it would multiply its actions").
"""

from __future__ import annotations

from flarewatch.events.syntax import answer_phrase, phrase_text
from flarewatch.model import Document, Event, Timex
from flarewatch.pipeline import stage
from flarewatch.timex.governing import EventDate, event_date, root_of, saying_above, usable


@stage("event_dates")
def event_dates(doc: Document) -> Document:
    for event in doc.events:
        found = event_date(doc, event) or threat_said_on(doc, event)
        if found is None or borrowed_by_answered(doc, event, found):
            continue
        event.date, event.enddate = found.date, found.enddate
        event.date_precision = found.precision
        event.date_text = found.text or None
        event.date_basis = "saying" if found.said else "text" if found.text else "report"
    return doc


def borrowed_by_answered(doc: Document, event: Event, found: EventDate) -> bool:
    """Whether the event is an act answered (`syntax.answer_phrase`) and the date lies
    outside the phrase of the answer ("in response to rocket attacks on Saturday")."""
    span = doc.trigger_span(event)
    phrase = answer_phrase(span.root) if span is not None else None
    return phrase is not None and (not found.text or found.text not in phrase_text(phrase))


def threat_said_on(doc: Document, event: Event) -> EventDate | None:
    """The day of the saying that tells a threat with no day of its own."""
    span = doc.trigger_span(event) if event.event == "THREATEN" else None
    if span is None:
        return None
    trigger, sentence = span.root, span.root.sent
    for timex in doc.timexes:
        inside = sentence.start_char <= timex.start < sentence.end_char and usable(timex)
        root = root_of(doc, timex.start, timex.end) if inside else None
        if root is not None and saying_above(root, trigger):
            return said_day(timex)
    return None


def said_day(timex: Timex) -> EventDate:
    return EventDate(timex.date or "", timex.enddate or timex.date or "",
                     timex.precision or "day", timex.text)
