"""Calendar arithmetic on TIMEX3 values: the interval a value denotes, and shifts by units."""

from __future__ import annotations

import datetime as dt
import re

Interval = tuple[dt.date, dt.date, str]  # first day, last day, precision

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-(WE|\d))?$")
_MOD_THIRDS = {"START": (0, 1), "MID": (1, 2), "END": (2, 3)}


def month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, month_end(year, month + 1).day))


def week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def interval(value: str, today: dt.date | None = None) -> Interval | None:
    """The days a TIMEX3 DATE/TIME value covers; None where it denotes no fixed span."""
    if value == "PRESENT_REF":
        return (today, today, "day") if today else None
    if "X" in value or not value[:1].isdigit():
        return None
    core = value.split("T")[0]
    week = _WEEK.match(core)
    if week:
        return _week_interval(int(week.group(1)), int(week.group(2)), week.group(3))
    return _calendar_interval(core)


def _week_interval(year: int, week: int, day: str | None) -> Interval:
    monday = dt.date.fromisocalendar(year, week, 1)
    if day == "WE":
        return monday + dt.timedelta(days=5), monday + dt.timedelta(days=6), "week"
    if day:
        single = monday + dt.timedelta(days=int(day) - 1)
        return single, single, "day"
    return monday, monday + dt.timedelta(days=6), "week"


def _calendar_interval(core: str) -> Interval | None:
    parts = core.split("-")
    if len(parts[0]) == 2:
        century = int(parts[0]) * 100
        return dt.date(century, 1, 1), dt.date(century + 99, 12, 31), "decade"
    if len(parts[0]) == 3:
        decade = int(parts[0]) * 10
        return dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31), "decade"
    year = int(parts[0])
    if len(parts) == 1:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    return _part_of_year(year, parts[1], parts[2] if len(parts) > 2 else None)


def _part_of_year(year: int, part: str, day: str | None) -> Interval | None:
    if part.isdigit():
        month = int(part)
        if day:
            single = dt.date(year, month, int(day))
            return single, single, "day"
        return dt.date(year, month, 1), month_end(year, month), "month"
    if part in _SEASON_MONTHS:
        first, last = _SEASON_MONTHS[part]
        end_year = year + 1 if last < first else year
        return dt.date(year, first, 1), month_end(end_year, last), "month"
    if part[0] in "QH" and part[1:].isdigit():
        size = 3 if part[0] == "Q" else 6
        first = (int(part[1:]) - 1) * size + 1
        return dt.date(year, first, 1), month_end(year, first + size - 1), "month"
    return None


def narrowed(span: Interval, mod: str | None) -> Interval:
    """`early 1990s` is 1990-1993, `late 2022` September-December: thirds in whole units."""
    if mod not in _MOD_THIRDS:
        return span
    first, last, precision = span
    begin, finish = _MOD_THIRDS[mod]
    if precision == "decade":
        years = last.year - first.year + 1
        start_year = first.year + years * begin // 3
        end_year = first.year + -(-years * finish // 3) - 1
        return dt.date(start_year, 1, 1), dt.date(end_year, 12, 31), precision
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if precision in ("year", "month") and months > 1:
        start = shift_months(first, months * begin // 3)
        end = shift_months(first, -(-months * finish // 3) - 1)
        return start, month_end(end.year, end.month), precision
    days = (last - first).days + 1
    start = first + dt.timedelta(days=days * begin // 3)
    end = first + dt.timedelta(days=-(-days * finish // 3) - 1)
    return start, end, precision
