"""Normalisers for clock times, durations and sets."""

from __future__ import annotations

from flarewatch.timex.absolute import Groups
from flarewatch.timex.lexicon import number_value, words
from flarewatch.timex.reading import Context, Reading, day_value
from flarewatch.timex.relative import weekday_number
from flarewatch.timex.zones import zone_of

_TIME_UNITS = ("H", "M", "S")
_CLOCK_WORDS = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}


def _time_reading(clock: str, ctx: Context, zone: str | None = None) -> Reading:
    day = day_value(ctx.today) if ctx.today else "XXXX-XX-XX"
    return Reading("TIME", f"{day}T{clock}", zone=zone_of(zone))


def clock(groups: Groups, ctx: Context) -> Reading | None:
    hour, minute = int(groups["hour"] or 0), int(groups.get("minute") or 0)
    meridiem = (groups["ampm"] or "").lower()
    if not 1 <= hour <= 12:
        return None
    if meridiem.startswith("p") and hour != 12:
        hour += 12
    if meridiem.startswith("a") and hour == 12:
        hour = 0
    return _time_reading(f"{hour:02d}:{minute:02d}", ctx, groups.get("zone"))


def clock24(groups: Groups, ctx: Context) -> Reading | None:
    hour = int(groups.get("hour") or groups.get("hour2") or 0)
    minute = int(groups.get("minute") or groups.get("minute2") or 0)
    zone = groups.get("zone") or groups.get("zone2")
    return _time_reading(f"{hour:02d}:{minute:02d}", ctx, zone)


def clock_word(groups: Groups, ctx: Context) -> Reading | None:
    return _time_reading(_CLOCK_WORDS[(groups["word"] or "").lower()], ctx, groups.get("zone"))


def _unit_code(groups: Groups) -> str:
    unit = (groups.get("unit") or "").lower().rstrip("s").replace("centurie", "century")
    return str(words()["units"][unit])


def _amount(groups: Groups) -> str:
    count = number_value(groups["num"] or "") if groups.get("num") else 1.0
    if count is None:
        return "X"
    return str(int(count)) if count == int(count) else str(count)


def duration(groups: Groups, ctx: Context) -> Reading | None:
    code = _unit_code(groups)
    article = (groups.get("num") or "").lower() in ("a", "an")
    if article and (groups.get("unit") or "").lower() == "second":
        return None  # "a second blast": the ordinal, far likelier than one second
    if code == "2W":
        amount = _amount(groups)
        return Reading("DURATION", f"P{int(amount) * 2 if amount != 'X' else 'X'}W")
    prefix = "PT" if code in _TIME_UNITS and (groups.get("unit") or "")[:2].lower() != "mo" else "P"
    return Reading("DURATION", f"{prefix}{_amount(groups)}{code}")


def set_(groups: Groups, ctx: Context) -> Reading | None:
    word = (groups["word"] or "").lower()
    plain = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
             "yearly": "P1Y", "annually": "P1Y", "hourly": "PT1H"}
    if word in plain:
        return Reading("SET", plain[word])
    code = _unit_code(groups)
    prefix = "PT" if code in _TIME_UNITS and "mo" not in (groups.get("unit") or "").lower() else "P"
    return Reading("SET", f"{prefix}{_amount(groups)}{code}")


def set_weekday(groups: Groups, ctx: Context) -> Reading | None:
    if not (groups.get("every") or groups.get("plural")):
        return None
    return Reading("SET", f"XXXX-WXX-{weekday_number(groups['weekday'])}")
