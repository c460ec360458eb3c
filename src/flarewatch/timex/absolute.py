"""Normalisers for calendar expressions: dates, months, years, decades, seasons, quarters."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from flarewatch.timex.calendar import easter, interval, week_value
from flarewatch.timex.lexicon import words
from flarewatch.timex.reading import Context, Reading, day_value, month_value

Groups = dict[str, str | None]


def month_number(name: str | None) -> int:
    return int(words()["months"][(name or "").lower().rstrip(".")])


def fuzzy_mod(groups: Groups) -> str | None:
    fuzzy = " ".join((groups.get("fuzzy") or "").lower().split())
    return words()["fuzzy"].get(fuzzy.rstrip("-")) if fuzzy else None


RECENT_DAYS = 15  # days before the report that are the news's, whatever the story (`story_year`)
_YEAR_STEPS = {"this": 0, "last": -1, "next": 1, "that": 0, "the same": 0, "the following": 1,
               "the previous": -1}
_ANCHORED_YEARS = frozenset({"that", "the same", "the following", "the previous"})


def year_of(groups: Groups, ctx: Context) -> int | None:
    """An explicit year; `this/last/next year` against the document date; `that year`, `the
    same/following/previous year` against the last date the discourse named ("in April 2023
    ... In August that year": 2023)."""
    if groups.get("year"):
        return int(groups["year"] or 0)
    relative = " ".join((groups.get("yrel") or "").lower().split())
    base = (ctx.anchor or ctx.today) if relative in _ANCHORED_YEARS else ctx.today
    if relative and base:
        return base.year + _YEAR_STEPS[relative]
    return None


def infer_year(month: int, day: int, ctx: Context, rel: str | None = None) -> int | None:
    """The year of a month (and day) named without one: by `last`/`next`; else the year of
    the story its sentence tells (`story_year`); else by tense."""
    if ctx.today is None:
        return None
    today = ctx.today
    if rel is None and (story := story_year(month, day, ctx)) is not None:
        return story
    here = (today.month, today.day if day else 0)
    there = (month, day)
    if rel in ("last", "the previous", "the past"):
        return today.year if there < here and (month, 0) < (today.month, 0) else today.year - 1
    if rel in ("next", "the following", "the coming"):
        return today.year if (month, 0) > (today.month, 0) else today.year + 1
    if day:
        return _nearest_year(today, month, day, ctx.tense)
    if ctx.tense == "past" and there > here:
        return today.year - 1
    if ctx.tense == "future" and there < here:
        return today.year + 1
    if ctx.tense in ("past", "future"):
        return today.year
    return _nearest_year(today, month, 15, "none")


def story_year(month: int, day: int, ctx: Context) -> int | None:
    """"In early March 2025, youths overran the garrison. Days later, on March 7, ..." in a
    2026 report: a month (and day) named without a year right after a date that stated its
    year, in its sentence or the next opened by a narrative step (`Context.story`), goes on
    that story, when it falls on or after that date, within a year of it, and not after the
    report; not in a future clause, nor when the day is one of the report's last two weeks
    (news of the days just gone).
    HeidelTime's narrative anchoring (Stroetgen and Gertz 2013) takes the last date named;
    news copy dates most such days from the report, so only a stated year carries on."""
    story, today = ctx.story, ctx.today
    if story is None or today is None or story.year == today.year or ctx.tense == "future":
        return None
    if _valid_day(today.year, month, day or 1) and \
            0 <= (today - dt.date(today.year, month, day or 1)).days < RECENT_DAYS:
        return None
    if not _valid_day(story.year, month, day or 1):
        return None
    there = dt.date(story.year, month, day or 1)
    after = there >= story or (not day and month == story.month)
    return story.year if after and there <= today and (there - story).days < 366 else None


def _nearest_year(today: dt.date, month: int, day: int, tense: str) -> int:
    """The nearest occurrence. A past-tense clause tells of days gone by; a future clause may
    still name a past day ("the results of the September 17 strike"), so there a day behind
    counts triple; with no tense, news tells more of the past, so a day ahead counts double."""
    candidates = [year for year in (today.year - 1, today.year, today.year + 1)
                  if _valid_day(year, month, day)
                  and not (tense == "past" and dt.date(year, month, day) > today)]
    return min(candidates, key=lambda year: _distance(dt.date(year, month, day), today, tense))


def _distance(day: dt.date, today: dt.date, tense: str = "none") -> int:
    days = (day - today).days
    ahead, behind = {"past": (3, 1), "future": (1, 3)}.get(tense, (2, 1))
    return ahead * days if days > 0 else -behind * days


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def calendar_date(groups: Groups, ctx: Context) -> Reading | None:
    month, day = month_number(groups["month"]), int(groups["day"] or 0)
    year = year_of(groups, ctx) or infer_year(month, day, _weekday_tense(groups, ctx))
    if year is None:
        return Reading("DATE", f"XXXX-{month:02d}-{day:02d}") if 1 <= day <= 31 else None
    if not _valid_day(year, month, day):
        return None
    return Reading("DATE", day_value(dt.date(year, month, day)))


def _weekday_tense(groups: Groups, ctx: Context) -> Context:
    """`next Wednesday, April 11` points forward whatever the verb's tense; a day with its
    weekday ("Tuesday, March 5") is the news's, not a story's (`story_year`)."""
    rel = _rel(groups)
    if rel in ("next", "last"):
        return Context(ctx.today, ctx.anchor, "future" if rel == "next" else "past")
    return replace(ctx, story=None) if groups.get("weekday") else ctx


def day_range(groups: Groups, ctx: Context) -> Reading | None:
    first = calendar_date(groups, ctx)
    if first is None or "X" in first.value or not groups.get("day2"):
        return first
    start = dt.date.fromisoformat(first.value)
    last_day = int(groups["day2"] or 0)
    if last_day <= start.day or not _valid_day(start.year, start.month, last_day):
        return None
    return Reading("DATE", first.value, last=day_value(start.replace(day=last_day)))


def iso_date(groups: Groups, ctx: Context) -> Reading | None:
    year, month, day = int(groups["year"] or 0), int(groups["month"] or 0), int(groups["day"] or 0)
    if not _valid_day(year, month, day):
        return None
    return Reading("DATE", day_value(dt.date(year, month, day)))


def slash_date(groups: Groups, ctx: Context) -> Reading | None:
    """"03/04/2023", "03.04.2023", "03-04-2023" (one separator twice): in the order the
    document writes numeric dates (`ctx.order`, from `numeric_order`), unless only the other
    order makes a date."""
    a, b, year = int(groups["a"] or 0), int(groups["b"] or 0), int(groups["year"] or 0)
    day, month = (b, a) if ctx.order == "mdy" else (a, b)
    if month > 12:
        day, month = month, day
    if not _valid_day(year, month, day):
        return None
    return Reading("DATE", day_value(dt.date(year, month, day)))


_NUMERIC_DATE = re.compile(r"(?<![\d/.-])\b([0-3]?\d)([/.-])([0-3]?\d)\2(?:1[89]|20)\d\d\b")


def numeric_order(text: str, countries: Sequence[str | None] = ()) -> str:
    """How the document writes "03/04/2023", the locale rule: `dmy` or `mdy` as another
    numeric date of the text shows it ("25/03/2023" is day first, "03/25/2023" month first);
    else month first where the country the text names most writes so (`month_first_countries`
    in `data/timex/words.json`: the United States, the Philippines...); else day first."""
    firsts = {int(a) > 12 for a, _, b in _NUMERIC_DATE.findall(text) if (int(a) > 12) != (
        int(b) > 12)}
    if len(firsts) == 1:
        return "dmy" if firsts.pop() else "mdy"
    named = Counter(country for country in countries if country)
    top = named.most_common(1)[0][0] if named else None
    return "mdy" if top in words()["month_first_countries"] else "dmy"


def compact_date(groups: Groups, ctx: Context) -> Reading | None:
    """"19-Nov-12", "19-Nov-2012": day, month abbreviation, year (two digits: the century
    that puts it nearest before the document date, else 20yy)."""
    month, day, digits = month_number(groups["month"]), int(groups["day"] or 0), groups["year2"]
    year = int(digits or 0)
    if len(digits or "") == 2:
        current = ctx.today.year if ctx.today else 2000
        year += 2000 if 2000 + year <= current + 1 else 1900
    if not _valid_day(year, month, day):
        return None
    return Reading("DATE", day_value(dt.date(year, month, day)))


def fiscal_year(groups: Groups, ctx: Context) -> Reading | None:
    """"fiscal 1990", "fiscal year 2019": TimeML's `FY1990` (no calendar span)."""
    return Reading("DATE", f"FY{groups['year']}")


def month_year(groups: Groups, ctx: Context) -> Reading | None:
    year = year_of(groups, ctx)
    month = month_number(groups["month"])
    if year is None:
        return Reading("DATE", f"XXXX-{month:02d}", mod=fuzzy_mod(groups))
    return Reading("DATE", month_value(year, month), mod=fuzzy_mod(groups))


def month_alone(groups: Groups, ctx: Context) -> Reading | None:
    month = month_number(groups.get("month") or "May")
    rel = _rel(groups)
    year = ctx.today.year if rel == "this" and ctx.today else infer_year(month, 0, ctx, rel)
    if year is None:
        return Reading("DATE", f"XXXX-{month:02d}", mod=fuzzy_mod(groups))
    return Reading("DATE", month_value(year, month), mod=fuzzy_mod(groups))


def quarter_months(groups: Groups, ctx: Context) -> Reading | None:
    first, last = month_number(groups["month"]), month_number(groups["month2"])
    if (last - first) % 12 != 2 or (first - 1) % 3:
        return None
    year = year_of(groups, ctx) or infer_year(last, 0, ctx)
    quarter = (first - 1) // 3 + 1
    return Reading("DATE", f"{year}-Q{quarter}" if year else f"XXXX-Q{quarter}")


# A capitalised word right before, not closing a sentence ("Campeo. 2011") nor possessive
# ("NATO's 2011 intervention").
_WORD_BEFORE = re.compile(r"(?<![\w.])([A-Z][A-Za-z&-]*)(?<!['’]s)\s+$")


def year_in_name(text: str, start: int) -> bool:
    """"Energy Conference 2018", "Trends 2018", "Rio 2016": a year right after a capitalised
    word is part of a name (an event, a report, a bond), not a date; unless the word may lead
    a date ("In 2018", "Fiscal 2018": `before_named_year`) or is a month, weekday, season or
    holiday word (those rules read it)."""
    found = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if found is None:
        return False
    word = found.group(1).lower().rstrip(".")
    lexicon = words()
    dated = (lexicon["before_named_year"], lexicon["months"], lexicon["weekdays"],
             lexicon["seasons"], lexicon["holidays"])
    return not any(word in listed for listed in dated)


def year(groups: Groups, ctx: Context) -> Reading | None:
    return Reading("DATE", f"{int(groups['year'] or 0):04d}", mod=fuzzy_mod(groups))


def decade(groups: Groups, ctx: Context) -> Reading | None:
    if groups.get("decade"):
        return Reading("DATE", (groups["decade"] or "")[:3], mod=fuzzy_mod(groups))
    short = int(groups["short"] or 0)
    current = ctx.today.year if ctx.today else 2000
    century = current // 100 if short <= current % 100 else current // 100 - 1
    return Reading("DATE", f"{century}{short // 10}", mod=fuzzy_mod(groups))


def century(groups: Groups, ctx: Context) -> Reading | None:
    ordinal = int(groups["ord"] or 0)
    if not 1 <= ordinal <= 21:
        return None
    return Reading("DATE", f"{ordinal - 1:02d}", mod=fuzzy_mod(groups))


def season(groups: Groups, ctx: Context) -> Reading | None:
    code = words()["seasons"][(groups["season"] or "").lower()]
    given = year_of(groups, ctx)
    if not (given or groups.get("rel") or groups.get("the") or groups.get("fuzzy")):
        return None
    if given is None and ctx.today is None:
        return Reading("DATE", f"XXXX-{code}", mod=fuzzy_mod(groups))
    found = given if given is not None else _season_year(code, ctx, _rel(groups))
    return Reading("DATE", f"{found}-{code}", mod=fuzzy_mod(groups))


def _season_year(code: str, ctx: Context, rel: str | None) -> int:
    """The occurrence of a season the words point to, among those around the document date."""
    today = ctx.today or dt.date(2000, 1, 1)
    spans = {year: interval(f"{year}-{code}") for year in range(today.year - 2, today.year + 2)}
    starts = {year: span[0] for year, span in spans.items() if span}
    ends = {year: span[1] for year, span in spans.items() if span}
    if rel in ("last", "the past") or (rel is None and ctx.tense == "past"):
        finished = [year for year, end in ends.items() if end < today]
        return max(finished) if rel else max(y for y, start in starts.items() if start <= today)
    if rel in ("next", "the coming") or (rel is None and ctx.tense == "future"):
        ahead = [year for year, start in starts.items() if start > today]
        return min(ahead) if rel else min(y for y, end in ends.items() if end >= today)
    if rel == "this":
        return min(year for year, end in ends.items() if end >= today)
    return min(starts, key=lambda year: min(_distance(starts[year], today),
                                            _distance(ends[year], today)))


def quarter(groups: Groups, ctx: Context) -> Reading | None:
    ordinal = words()["ordinals"][(groups["ord"] or "").lower()]
    half = (groups["qunit"] or "").lower() == "half"
    if half and ordinal > 2:
        ordinal = 2
    months = 6 if half else 3
    found = year_of(groups, ctx) or _period_year(ordinal * months, months, ctx)
    code = f"{'H' if half else 'Q'}{ordinal}"
    return Reading("DATE", f"{found}-{code}" if found else f"XXXX-{code}")


def _period_year(last_month: int, months: int, ctx: Context) -> int | None:
    """The year of a quarter or half (`months` long, ending in `last_month`) named without
    one: in a past-tense clause the latest one begun by the document date ("profit fell in
    the fourth quarter", written in February: last year's), in a future one the next to end,
    else this year's."""
    if ctx.today is None:
        return None
    year, month = ctx.today.year, ctx.today.month
    if ctx.tense == "past" and last_month - months + 1 > month:
        return year - 1
    if ctx.tense == "future" and last_month < month:
        return year + 1
    return year


def quarter_code(groups: Groups, ctx: Context) -> Reading | None:
    code = groups["qcode"] or ""
    if code[0] == "H" and code[1] not in "12":
        return None
    return Reading("DATE", f"{groups['year']}-{code}")


def holiday(groups: Groups, ctx: Context) -> Reading | None:
    name = (groups["holiday"] or "").lower().replace("’", "'")
    rule = words()["holidays"][" ".join(name.split())]
    given = year_of(groups, ctx)
    if given is None and ctx.today is None:
        return Reading("DATE", "XXXX-" + rule if rule[:2].isdigit() else "XXXX-XX-XX")
    found = given if given is not None else _holiday_year(rule, ctx, _rel(groups))
    return _holiday_reading(rule, found)


def _holiday_date(rule: str, year: int) -> dt.date:
    if rule.startswith("EASTER"):
        offset = 0 if rule in ("EASTER", "EASTERWEEK") else int(rule[6:])
        return easter(year) + dt.timedelta(days=offset)
    if rule == "THANKSGIVING":
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    month, day = rule.split("-")
    return dt.date(year, int(month), int(day))


def _holiday_reading(rule: str, year: int) -> Reading:
    day = _holiday_date(rule, year)
    if rule == "EASTERWEEK":
        return Reading("DATE", week_value(day - dt.timedelta(days=1)))
    return Reading("DATE", day_value(day))


def _holiday_year(rule: str, ctx: Context, rel: str | None) -> int:
    today = ctx.today or dt.date(2000, 1, 1)
    this_year = _holiday_date(rule, today.year)
    if rel == "last" or (rel is None and ctx.tense == "past"):
        return today.year if this_year < today or (rel is None and this_year == today) \
            else today.year - 1
    if rel == "next" or (rel is None and ctx.tense == "future"):
        return today.year if this_year > today or (rel is None and this_year == today) \
            else today.year + 1
    years = (today.year - 1, today.year, today.year + 1)
    return min(years, key=lambda year: _distance(_holiday_date(rule, year), today))


def _rel(groups: Groups) -> str | None:
    rel = groups.get("rel")
    return " ".join(rel.lower().split()) if rel else None
