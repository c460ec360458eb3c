"""What a normaliser returns, and the context it reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Context:
    """The document date, the last date the discourse named, the governing tense, the
    order the document writes numeric dates in (`dmy` or `mdy`: `absolute.numeric_order`),
    and `story`: the last date named, where it stated its year and month ("in early March
    2025") in the same sentence or the one before, that sentence opened by a narrative step
    ("Days later, ..."): the year a narrative goes on in (`absolute.infer_year`)."""

    today: dt.date | None
    anchor: dt.date | None = None
    tense: str = "none"  # past | present | future | none
    order: str = "dmy"
    story: dt.date | None = None


@dataclass(frozen=True)
class Reading:
    """A TIMEX3 type and value; `mod` narrows it (START/MID/END), `last` ends a range; `zone` is
    the time zone a clock time states (see `zones.zone_of`), its offset not yet in `value`."""

    type: str
    value: str
    mod: str | None = None
    last: str | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    zone: str | None = None


def day_value(day: dt.date) -> str:
    return day.isoformat()


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"
