"""Time zones stated after clock times (`data/timex/zones.tsv`), and ISO 8601 offsets for them.

A zone is `Z` (UTC), a fixed offset `+HH:MM`, an IANA name (its offset follows the date, DST
included, via `zoneinfo`), or `local`: the zone of the place reported on, which the caller knows.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flarewatch.paths import DATA_DIR

LOCAL = "local"
_NUMERIC = r"(?:GMT|UTC|gmt|utc)\s*[+±−-]\s*\d{1,2}(?::?[0-5]\d)?"
_NUMERIC_PARTS = re.compile(
    r"(?i)(?:GMT|UTC)\s*(?P<sign>[+±−-])\s*(?P<hours>\d{1,2}):?(?P<minutes>\d\d)?")
_CLOCK_VALUE = re.compile(
    r"^(?P<day>\d{4}-\d\d-\d\d|XXXX-XX-XX)T(?P<hour>\d\d):(?P<minute>\d\d)$")


@cache
def stated_zones() -> tuple[tuple[str, str, bool], ...]:
    """(phrase, zone, case-sensitive) for every row of `zones.tsv`."""
    rows = []
    for line in (DATA_DIR / "timex" / "zones.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, zone, case = line.split("\t")
            rows.append((phrase, zone, case == "s"))
    return tuple(rows)


def zone_pattern(shortest: int = 1) -> str:
    """A regex (no groups) for a stated zone of at least `shortest` letters: numeric UTC offsets
    first, then the longest phrases (`shortest=3` keeps `ET`, `Z` off four-digit times: years)."""
    options = [_NUMERIC]
    rows = [row for row in stated_zones() if len(row[0]) >= shortest]
    for phrase, _, sensitive in sorted(rows, key=lambda row: -len(row[0])):
        piece = r"\s+".join(re.escape(word) for word in phrase.split())
        options.append(piece if sensitive else f"(?i:{piece})")
    return "(?:" + "|".join(options) + r")(?![\w+−-])"


def zone_of(phrase: str | None) -> str | None:
    """The zone a stated phrase names (`Z`, `+04:00`, `Europe/Moscow`, `local`); None if none."""
    if not phrase:
        return None
    numeric = _NUMERIC_PARTS.fullmatch(phrase.strip())
    if numeric:
        return _numeric_zone(numeric)
    wanted = " ".join(phrase.split())
    for name, zone, sensitive in stated_zones():
        if wanted == name or (not sensitive and wanted.lower() == name.lower()):
            return zone
    return None


def _numeric_zone(match: re.Match[str]) -> str | None:
    hours, minutes = int(match.group("hours")), int(match.group("minutes") or 0)
    if hours > 14:
        return None
    sign = "+" if match.group("sign") in "+±" else "-"
    return "Z" if hours == minutes == 0 else f"{sign}{hours:02d}:{minutes:02d}"


def offset_text(delta: dt.timedelta) -> str:
    """`+04:00`, `-05:00`, `+05:30` for a UTC offset."""
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def iana_offset(zone: str, moment: dt.datetime) -> str | None:
    """The offset of IANA `zone` at the local wall-clock `moment` (DST-correct)."""
    try:
        delta = moment.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return offset_text(delta) if delta is not None else None


def with_offset(value: str, zone: str | None, local: str | None = None) -> str:
    """`value` (`YYYY-MM-DDTHH:MM`) with the ISO 8601 offset of `zone`; unchanged where unknown."""
    clock = _CLOCK_VALUE.match(value)
    if clock is None or zone is None:
        return value
    if zone == LOCAL:
        zone = local
    if zone is None:
        return value
    if zone == "Z" or zone[0] in "+-":
        return value + zone
    if clock.group("day").startswith("X"):
        return value  # an IANA zone's offset depends on the date
    wall = dt.time(int(clock.group("hour")) % 24, int(clock.group("minute")))
    moment = dt.datetime.combine(dt.date.fromisoformat(clock.group("day")), wall)
    offset = iana_offset(zone, moment)
    return value + offset if offset else value


_OFFSET_VALUE = re.compile(r"T(?P<hour>\d\d):(?P<minute>\d\d)(?P<offset>Z|[+-]\d\d:\d\d)?$")
_BRACKET = re.compile(r"\s*[(\[]\s*")


def _minutes(value: str) -> tuple[int, int | None] | None:
    """Minutes after midnight of a clock value, and its UTC offset in minutes (None if none)."""
    match = _OFFSET_VALUE.search(value)
    if match is None:
        return None
    clock = int(match.group("hour")) % 24 * 60 + int(match.group("minute"))
    offset = match.group("offset")
    if offset is None:
        return clock, None
    if offset == "Z":
        return clock, 0
    sign = -1 if offset[0] == "-" else 1
    return clock, sign * (int(offset[1:3]) * 60 + int(offset[4:6]))


def bracketed_offset(value: str, stated: str) -> str | None:
    """The offset of clock `value` that its bracketed equivalent `stated` implies: 1 p.m. (1000
    GMT) -> +03:00. None where `stated` has no offset or the difference is no real offset."""
    mine, theirs = _minutes(value), _minutes(stated)
    if mine is None or theirs is None or theirs[1] is None:
        return None
    difference = (mine[0] - (theirs[0] - theirs[1])) % (24 * 60)
    difference -= 24 * 60 if difference > 14 * 60 else 0
    if difference % 15:
        return None
    return offset_text(dt.timedelta(minutes=difference))


def without_offset(value: str) -> str:
    """`2023-09-19T13:00+04:00` -> `2023-09-19T13:00`."""
    match = _OFFSET_VALUE.search(value)
    return value[: match.start("offset")] if match and match.group("offset") else value


def bracketed(text: str, end: int, start: int) -> bool:
    """Whether the text between two spans is an opening bracket: `1 p.m. (1000 GMT)`."""
    return _BRACKET.fullmatch(text, end, start) is not None
