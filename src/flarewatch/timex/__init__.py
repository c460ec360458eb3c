"""Time expressions (TimeML TIMEX3) found in English news and resolved against the document date.

    find_timexes(text, date, parse=None, *, places=(), zone=None) -> list[Timex]

Recognition is the rule table of `data/timex/rules.tsv`; each rule's normaliser (`absolute`,
`relative`, `clock`) turns a match into a TIMEX3 type and value; `calendar` gives the interval a
value denotes. Bare weekdays and months are read by the tense of their clause (`tense`).
Clock times carry the ISO 8601 offset of a stated zone (`zones`); "local time" is the zone of
the place reported on (`local`, from the document's resolved places), else left without one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import Any

from flarewatch.layout import PARAGRAPH_BREAK, SENTENCE_END
from flarewatch.model import Place, Timex
from flarewatch.timex import absolute, clock, relative
from flarewatch.timex.calendar import interval, narrowed
from flarewatch.timex.lexicon import words
from flarewatch.timex.local import zone_at
from flarewatch.timex.reading import Context, Reading
from flarewatch.timex.rules import Candidate, scan
from flarewatch.timex.tense import leads_present_verb, names_incident, tense_at
from flarewatch.timex.zones import LOCAL, bracketed, bracketed_offset, with_offset, without_offset

__all__ = ["find_timexes", "joined_day"]

Normaliser = Callable[[dict[str, str | None], Context], Reading | None]

NORMALISERS: dict[str, Normaliser] = {
    "iso_date": absolute.iso_date, "slash_date": absolute.slash_date,
    "compact_date": absolute.compact_date, "fiscal_year": absolute.fiscal_year,
    "day_range_month": absolute.day_range, "month_day_range": absolute.day_range,
    "day_month": absolute.calendar_date, "month_day": absolute.calendar_date,
    "month_year": absolute.month_year, "quarter_months": absolute.quarter_months,
    "month_alone": absolute.month_alone, "may_alone": absolute.month_alone,
    "decade": absolute.decade, "century": absolute.century, "year_fuzzy": absolute.year,
    "year": absolute.year, "season": absolute.season, "season_year": absolute.season,
    "quarter": absolute.quarter, "quarter_code": absolute.quarter_code,
    "holiday": absolute.holiday, "weekday": relative.weekday,
    "weekday_part_of": relative.weekday_part_of, "weekend": relative.weekend,
    "relative_day": relative.relative_day,
    "relative_part": relative.relative_part, "relative_unit": relative.relative_unit,
    "fuzzy_relative": relative.fuzzy_relative, "ago": relative.ago,
    "anchored": relative.anchored, "anchored_the": relative.anchored_the,
    "ref_present": relative.ref_present, "ref_past": relative.ref_past,
    "ref_future": relative.ref_future, "clock": clock.clock, "clock24": clock.clock24,
    "clock_word": clock.clock_word, "duration": clock.duration, "set": clock.set_,
    "set_weekday": clock.set_weekday,
}
# rules whose value depends on which way the clause points
_TENSED = {"weekday", "weekday_part_of", "month_alone", "may_alone", "month_day", "day_month",
           "day_range_month", "month_day_range", "season", "holiday", "quarter_months",
           "weekend", "quarter"}
_SINCE = re.compile(r"(?i)\bsince\s+$")
# rules that read a clock time alone, with no day of its own (it takes the report's)
CLOCK_RULES = frozenset({"clock", "clock24", "clock_word"})


def find_timexes(text: str, date: dt.date | None, parse: Any = None, *,
                 places: Sequence[Place] = (), zone: str | None = None) -> list[Timex]:
    """Every time expression in `text`, in order; `parse` (a spaCy Doc of `text`) sharpens tense.

    "Local time" is `zone` (an IANA name) if given, else the zone of the place `places` (the
    document's resolved toponyms) show the text to be about; with neither it gets no offset.
    """
    timexes: list[Timex] = []
    stated: list[bool] = []
    clocks: list[bool] = []
    anchor: dt.date | None = None
    story: tuple[dt.date, int] | None = None  # see `Context.story`: the date, where it ends
    order = absolute.numeric_order(text, [place.country for place in places])
    for candidate in scan(text):
        if candidate.rule == "year" and absolute.year_in_name(text, candidate.start):
            continue
        tense = _tense(parse, text, candidate)
        told = _story_at(text, story, candidate.start)
        reading = NORMALISERS[candidate.rule](candidate.groups,
                                              Context(date, anchor, tense, order, told))
        if reading is None:
            continue
        local = partial(zone_at, text, parse, candidate.start, places)
        timex = _zoned(_timex(text, candidate, reading, date), reading, zone, local)
        timexes.append(timex)
        stated.append(reading.zone not in (None, LOCAL))
        clocks.append(candidate.rule in CLOCK_RULES)
        if timex.date and timex.type in ("DATE", "TIME") and reading.value != "PRESENT_REF":
            anchor = dt.date.fromisoformat(timex.date)
            story = _next_story(candidate, timex, told)
    return _bracketed_offsets(text, _on_stated_days(text, timexes, clocks), stated)


_MONTH_OR_FINER = re.compile(r"\d{4}-\d\d")
_NARRATIVE_STEP = re.compile(
    r"(?i)(?:(?:(?:\w+|a\s+few|a\s+couple\s+of)\s+)?(?:days?|weeks?|months?)\s+later|later|then|"
    r"afterwards|after\s+that|by|the\s+(?:next|following)\s+(?:day|week|month))\b")


def _story_at(text: str, story: tuple[dt.date, int] | None, start: int) -> dt.date | None:
    """The story's date (`Context.story`) where `start` is in its sentence ("recalled May
    2025, when ... on May 12"), or in the next one opened by a narrative step ("Days later,
    on March 7", "By March 3"); elsewhere the news's own dates resume."""
    if story is None:
        return None
    ends = list(SENTENCE_END.finditer(text, story[1], start))
    if not ends:
        return story[0]
    next_one = len(ends) == 1 and not PARAGRAPH_BREAK.search(text, story[1], start)
    return story[0] if next_one and _NARRATIVE_STEP.match(text, ends[0].end()) else None


def _next_story(candidate: Candidate, timex: Timex, told: dt.date | None
                ) -> tuple[dt.date, int] | None:
    """The story after `timex` (`Context.story`): it starts at a date that states its year
    and month, not the start of a state ("since March 2023"); a date in the story's year
    goes on with it; any other date ends it."""
    day = dt.date.fromisoformat(timex.date or "")
    stated = bool(candidate.groups.get("year")) and _MONTH_OR_FINER.match(timex.value or "")
    if stated and not timex.text.lower().startswith("since "):
        return day, timex.end
    return (day, timex.end) if told is not None and day.year == told.year else None


def _tense(parse: Any, text: str, candidate: Candidate) -> str:
    """The clause's tense where the rule's value depends on it; for "today", `generic` when it
    leads a present-tense verb ("our country today is part of": nowadays); `past` for a
    possessive day of an incident noun (`names_incident`: "after Saturday's attack")."""
    if candidate.rule == "relative_day":
        return "generic" if leads_present_verb(parse, candidate.start, candidate.end) else "none"
    if candidate.rule in _TENSED:
        tense = tense_at(parse, text, candidate.start, candidate.end)
        possessive = text[candidate.end : candidate.end + 2] in ("'s", "’s")
        if possessive and names_incident(text, candidate.end + 2):
            return "past"  # "would close after Saturday's attack": the attack has happened
        return "none" if possessive and tense == "present" else tense  # "Wednesday's ruling is"
    return "none"


def _zoned(timex: Timex, reading: Reading, zone: str | None,
           local: Callable[[], str | None]) -> Timex:
    """`timex` with the offset of the zone its clock time states; "local time": `zone` if given,
    else what `local()` finds from the places (called only then: it reads the sentence)."""
    if not reading.zone:
        return timex
    here = (zone or local()) if reading.zone == LOCAL else None
    return dataclasses.replace(timex, value=with_offset(reading.value, reading.zone, here))


def _bracketed_offsets(text: str, timexes: list[Timex], stated: list[bool]) -> list[Timex]:
    """`1 p.m. (1000 GMT)`: a clock time whose bracketed twin states a zone gets its offset."""
    result = list(timexes)
    for index in range(len(result) - 1):
        first, second = result[index], result[index + 1]
        if stated[index] == stated[index + 1] or not bracketed(text, first.end, second.start):
            continue
        mine, theirs = (index, second) if stated[index + 1] else (index + 1, first)
        base = without_offset(result[mine].value)
        offset = bracketed_offset(base, theirs.value)
        if offset:
            result[mine] = dataclasses.replace(result[mine], value=base + offset)
    return result


def _on_stated_days(text: str, timexes: list[Timex], clocks: list[bool]) -> list[Timex]:
    """"On 12 March, at about 9:30 a.m.", "at 3 p.m. on Monday": a clock time joined to a
    day-precision date by `clock_day_joiners` words of `words.json` alone falls on that day,
    not on the report's (TimeML values a time with its full date)."""
    result = list(timexes)
    for index, timex in enumerate(timexes):
        day = joined_day(text, timexes, index) if clocks[index] else None
        if day is not None:
            value = f"{day}T{timex.value.split('T', 1)[1]}"
            result[index] = dataclasses.replace(timex, value=value, date=day, enddate=day)
    return result


def joined_day(text: str, timexes: list[Timex], index: int) -> str | None:
    """The day (ISO) of the day-precision date right before or after `timexes[index]`, if
    only `clock_day_joiners` lie between ("at 3 p.m. on Monday"); else None."""
    timex = timexes[index]
    for other in timexes[max(0, index - 1) : index] + timexes[index + 1 : index + 2]:
        first, second = sorted((other, timex), key=lambda each: each.start)
        gap = text[first.end : second.start]
        if other.type == "DATE" and other.precision == "day" and _joiners().fullmatch(gap):
            return other.date
    return None


@cache
def _joiners() -> re.Pattern[str]:
    words_ = "|".join(re.escape(word) for word in words()["clock_day_joiners"])
    return re.compile(rf"(?i)[\s,]*(?:(?:{words_})\b[\s,]*)*")


def _timex(text: str, candidate: Candidate, reading: Reading, today: dt.date | None) -> Timex:
    start = candidate.start
    span = _interval(reading, today)
    dated = reading.type in ("DATE", "TIME")
    since = _SINCE.search(text, max(0, start - 8), start) if dated else None
    if since:
        start = since.start()
        if span and today and today > span[1]:
            span = (span[0], today, span[2])
    first, last, precision = span if span else (None, None, None)
    return Timex(
        text=text[start : candidate.end], start=start, end=candidate.end, type=reading.type,
        value=reading.value, date=first.isoformat() if first else None,
        enddate=last.isoformat() if last else None, precision=precision,
    )


def _interval(reading: Reading, today: dt.date | None) -> tuple[dt.date, dt.date, str] | None:
    if reading.type not in ("DATE", "TIME"):
        return None
    span = interval(reading.value, today)
    if span is None:
        return None
    if reading.first_day and reading.last_day:
        return reading.first_day, reading.last_day, span[2]
    span = narrowed(span, reading.mod)
    if reading.last:
        final = interval(reading.last, today)
        if final:
            span = (span[0], final[1], span[2])
    return span
