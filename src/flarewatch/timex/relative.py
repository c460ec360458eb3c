"""Normalisers for expressions read against the document date or the previous date named."""

from __future__ import annotations

import datetime as dt

from flarewatch.timex.absolute import Groups, fuzzy_mod
from flarewatch.timex.calendar import interval, shift_months, week_value
from flarewatch.timex.lexicon import number_value, words
from flarewatch.timex.reading import Context, Reading, day_value, month_value

_DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0,
              "the day before yesterday": -2, "the day after tomorrow": 2,
              "overnight": -1}  # the night before the report, as wire copy uses it
_BACKWARD = ("last", "past", "the previous", "previous", "the past", "the preceding")
_FORWARD = ("next", "coming", "the following", "the coming", "the next")


_UNKNOWN = {"day": "XXXX-XX-XX", "night": "XXXX-XX-XX", "week": "XXXX-WXX",
            "weekend": "XXXX-WXX-WE", "fortnight": "XXXX-WXX", "month": "XXXX-XX",
            "quarter": "XXXX-QX", "year": "XXXX", "decade": "XXX", "century": "XX"}


def unknown(unit: str) -> Reading:
    """A relative expression with nothing to resolve it against: recognised, value open."""
    return Reading("DATE", _UNKNOWN.get(unit, "XXXX-XX-XX"))


def _lower(groups: Groups, name: str) -> str:
    return " ".join((groups.get(name) or "").lower().split())


def _part_code(groups: Groups) -> str | None:
    part = _lower(groups, "part")
    return words()["parts_of_day"].get(part) if part else None


def _day_reading(day: dt.date, part: str | None) -> Reading:
    if part:
        return Reading("TIME", f"{day_value(day)}T{part}")
    return Reading("DATE", day_value(day))


def weekday_number(name: str | None) -> int:
    return int(words()["weekdays"][(name or "").lower()])


def weekday_date(today: dt.date, weekday: int, rel: str, week: str, tense: str) -> dt.date:
    """`last Sunday`, `Tuesday last week`, `next Monday`, and a bare weekday read by tense."""
    if week:
        monday = today - dt.timedelta(days=today.weekday())
        monday += dt.timedelta(weeks={"last": -1, "this": 0, "next": 1}[week])
        return monday + dt.timedelta(days=weekday - 1)
    back = (today.isoweekday() - weekday) % 7
    if rel in ("last", "past"):
        return today - dt.timedelta(days=back or 7)
    ahead = (weekday - today.isoweekday()) % 7
    if rel in ("next", "coming"):
        return today + dt.timedelta(days=ahead or 7)
    if tense == "future" or (rel == "this" and tense != "past"):
        return today + dt.timedelta(days=ahead)
    return today - dt.timedelta(days=back)


def weekday(groups: Groups, ctx: Context) -> Reading | None:
    number = weekday_number(groups["weekday"])
    part = _part_code(groups) or ("NI" if groups.get("night") else None)  # "overnight Tuesday"
    if ctx.today is None:
        if part:
            return Reading("TIME", f"XXXX-WXX-{number}T{part}")
        return Reading("DATE", f"XXXX-WXX-{number}")
    rel = _lower(groups, "rel")
    day = weekday_date(ctx.today, number, rel, _lower(groups, "week"), ctx.tense)
    return _day_reading(day, part)


def weekday_part_of(groups: Groups, ctx: Context) -> Reading | None:
    pre = _lower(groups, "pre")
    code = "MO" if pre.startswith("early") else words()["parts_of_day"][pre]
    reading = weekday({"weekday": groups["weekday"], "part": None}, ctx)
    return Reading("TIME", f"{reading.value}T{code}") if reading else None


def relative_day(groups: Groups, ctx: Context) -> Reading | None:
    word = _lower(groups, "word")
    if word == "today" and ctx.tense == "generic" and not groups.get("part"):
        return Reading("DATE", "PRESENT_REF")  # "which today has more murals": nowadays
    part = "NI" if word in ("tonight", "overnight") else _part_code(groups)
    if ctx.today is None:
        return Reading("TIME", f"XXXX-XX-XXT{part}") if part else unknown("day")
    offset = 0 if word == "overnight" and ctx.tense == "future" else _DAY_WORDS[word]
    return _day_reading(ctx.today + dt.timedelta(days=offset), part)


def weekend(groups: Groups, ctx: Context) -> Reading | None:
    """`the weekend`: the one under way or just past; the next one in a future-tense clause."""
    if ctx.today is None:
        return Reading("DATE", "XXXX-WXX-WE")
    day = ctx.today
    if day.isoweekday() < 6:
        day += dt.timedelta(weeks=1 if ctx.tense == "future" else -1)
    return Reading("DATE", week_value(day) + "-WE")


def relative_part(groups: Groups, ctx: Context) -> Reading | None:
    part = _part_code(groups) or "MO"
    if ctx.today is None:
        return Reading("TIME", f"XXXX-XX-XXT{part}")
    back = _lower(groups, "rel").endswith("last") and part in ("EV", "NI")
    return _day_reading(ctx.today - dt.timedelta(days=1 if back else 0), part)


def unit_value(day: dt.date, unit: str) -> str:
    """The value naming the `unit` (week, month, ...) that contains `day`."""
    if unit == "week":
        return week_value(day)
    if unit == "weekend":
        return week_value(day) + "-WE"
    if unit == "month":
        return month_value(day.year, day.month)
    if unit == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if unit == "decade":
        return f"{day.year // 10:03d}"
    if unit == "century":
        return f"{day.year // 100:02d}"
    if unit == "day":
        return day_value(day)
    return f"{day.year:04d}"


def shifted(day: dt.date, unit: str, count: int) -> dt.date:
    if unit in ("day", "night"):
        return day + dt.timedelta(days=count)
    if unit in ("week", "weekend"):
        return day + dt.timedelta(weeks=count)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}
    return shift_months(day, count * months.get(unit, 0))


def relative_unit(groups: Groups, ctx: Context) -> Reading | None:
    rel, unit, mod = _lower(groups, "rel"), _lower(groups, "unit"), _lower(groups, "mod")
    if rel in ("past", "the past") and not mod:
        return Reading("DURATION", "P1" + words()["units"][unit])
    anchored = rel in ("the previous", "the following", "the same", "that")
    base = (ctx.anchor or ctx.today) if anchored else ctx.today
    if base is None:
        return unknown(unit)
    step = -1 if rel in _BACKWARD else 1 if rel in _FORWARD else 0
    day = shifted(base, unit, step)
    reading = Reading("DATE", unit_value(day, unit))
    if mod and ctx.today and step == 0:
        return _split_at_today(reading, mod, base if anchored else ctx.today)
    return reading


def _split_at_today(reading: Reading, mod: str, today: dt.date) -> Reading:
    """`earlier this month` runs from the month's start to today; `later this year` on from it.
    `today` is the day the phrase counts from: the report's, or for "later that year" the
    last date named; one outside the unit leaves it whole."""
    span = interval(reading.value, today)
    if span is None or not span[0] <= today <= span[1]:
        return reading
    if mod == "earlier":
        return Reading(reading.type, reading.value, first_day=span[0], last_day=today)
    return Reading(reading.type, reading.value, first_day=today, last_day=span[1])


def fuzzy_relative(groups: Groups, ctx: Context) -> Reading | None:
    unit = _lower(groups, "unit")
    if ctx.today is None:
        return Reading("DATE", unknown(unit).value, mod=fuzzy_mod(groups))
    step = {"this": 0, "the": 0, "last": -1, "next": 1}[_lower(groups, "rel")]
    value = unit_value(shifted(ctx.today, unit, step), unit)
    return Reading("DATE", value, mod=fuzzy_mod(groups))


def _count_and_unit(groups: Groups) -> tuple[float | None, str]:
    unit = _lower(groups, "unit").rstrip("s").replace("centurie", "century")
    number = number_value(groups.get("num") or "") if groups.get("num") else None
    return number, unit


def ago(groups: Groups, ctx: Context) -> Reading | None:
    count, unit = _count_and_unit(groups)
    if count is None:
        return Reading("DATE", "PAST_REF")
    return _offset(ctx.today, unit, -count)


def _offset(base: dt.date | None, unit: str, count: float) -> Reading | None:
    if base is None:
        return unknown("day" if unit in ("hour", "minute", "second") else unit)
    if unit in ("hour", "minute", "second"):
        return Reading("DATE", day_value(base))
    if unit in ("decade", "century"):
        years = int(count * (10 if unit == "decade" else 100))
        return Reading("DATE", unit_value(shifted(base, "year", years), "year"))
    if unit == "fortnight":
        return Reading("DATE", unit_value(shifted(base, "week", int(count * 2)), "week"))
    return Reading("DATE", unit_value(shifted(base, unit, int(count)), unit))


def anchored(groups: Groups, ctx: Context) -> Reading | None:
    count, unit = _count_and_unit(groups)
    if count is None:
        return None
    direction = _lower(groups, "dir") or _lower(groups, "dir2")
    sign = -1 if direction in ("before", "earlier") else 1
    return _offset(ctx.anchor or ctx.today, unit, sign * count)


def anchored_the(groups: Groups, ctx: Context) -> Reading | None:
    if groups.get("inday"):
        base = ctx.anchor or ctx.today
        return Reading("DATE", day_value(base)) if base else unknown("day")
    unit = _lower(groups, "unit") or _lower(groups, "unit2")
    direction = _lower(groups, "dir") or _lower(groups, "dir2")
    sign = -1 if direction in ("previous", "preceding", "before") else 1
    base = ctx.anchor or ctx.today
    if base is None:
        return unknown(unit if unit not in ("morning", "evening") else "day")
    if unit in ("morning", "evening", "night"):
        return _day_reading(base + dt.timedelta(days=sign), words()["parts_of_day"][unit])
    return Reading("DATE", unit_value(shifted(base, unit, sign), unit))


def ref_present(groups: Groups, ctx: Context) -> Reading | None:
    return Reading("DATE", "PRESENT_REF")


def ref_past(groups: Groups, ctx: Context) -> Reading | None:
    return Reading("DATE", "PAST_REF")


def ref_future(groups: Groups, ctx: Context) -> Reading | None:
    return Reading("DATE", "FUTURE_REF")
