"""Weekly and daily series of the stored fused records, for the watch: their rules and
shapes (the counting itself is `flarewatch.watch.scan`'s, one path for both readers).

`build_series(records, as_of, period)` (`flarewatch.watch.scan`; `scan_series` reads the
store) turns fused records (`Record`) into `WatchSeries`, one
per series key, over consecutive ISO weeks (Mondays; `period="week"`, the default) or days
(`period="day"`), zero periods included, from the first period its country has any record
(of any type: before that the store does not cover the country) to `as_of`'s period:
- `country` ("BFA"), `admin1` ("BFA/Centre-Nord") and `dyad` (the two actors' codes,
  sorted: "BFA MIL|JNIM") series count violent events (`data/watch/measures.tsv`) and their
  deaths (`dead`, the reconciled toll);
- `family` series ("BFA:protest") count the events of one type family
  (`data/fusion/families.tsv`) listed as `family` in `data/watch/measures.tsv` (coercion,
  posture, protest, sanction: not talks, aid or statements), in one country;
- `signals` counts, per week, the leading signals (THREATEN, MOBILIZE, COERCE restrict) of
  the series' country or admin1 (none on dyad and family series).
Dates: in weekly series a record dated to a day or a week counts in its ISO week; in daily
series only a record dated to the day counts, on its day. A record dated more coarsely than
the period (a month or a year; in daily series a week too) is kept out of the series, never
put on day 1: it is counted in the series' `coarse` total, which alerts and `flarewatch
watch` report. Records without a date count nowhere.
A weekly series' last week may be partial: `last_days` (1-7) says how many of its days
have passed (up to `as_of`, or else to `today` when the latest records fall in today's
week), so a detector can test the days of the current week against their share of a
week's baseline.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import numpy as np

from flarewatch.fusion.blocking import family
from flarewatch.paths import DATA_DIR

WEEKLY_PRECISIONS = frozenset({"day", "week"})
# The date precisions a record needs to count in a series of each period.
PERIOD_PRECISIONS = {"week": WEEKLY_PRECISIONS, "day": frozenset({"day"})}
PERIOD_DAYS = {"week": 7, "day": 1}
MEASURES_FILE = DATA_DIR / "watch" / "measures.tsv"
Key = tuple[str, str]  # (level, key)
Found = tuple[str, str, str | None, str | None]  # (level, key, country, admin1)


@dataclass(frozen=True)
class Record:
    """The fields of a fused record the watch reads."""

    id: str
    event: str
    mode: str | None
    date: date | None
    precision: str | None
    country: str | None
    admin1: str | None
    actor: str | None
    recipient: str | None
    dead: int | None


@dataclass
class WatchSeries:
    """One series: `weeks` holds the start of each period (Mondays, or days when `period`
    is "day"), `events`, `deaths` and `signals` one count per period; `coarse` the
    records kept out as dated too coarsely; `members` the record ids of each period;
    `last_days` the days of the last period the store covers (7 for a complete week)."""

    level: str
    key: str
    country: str | None
    admin1: str | None
    weeks: list[date]
    events: np.ndarray
    deaths: np.ndarray
    signals: np.ndarray
    coarse: int = 0
    members: dict[date, list[str]] = field(default_factory=dict)
    period: str = "week"
    last_days: int = 7


@cache
def measures() -> dict[str, frozenset[tuple[str, str]]]:
    """kind ("violent", "signal") -> {(event, mode or "*")}."""
    kinds: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with MEASURES_FILE.open(encoding="utf-8") as handle:
        for row in csv.reader((ln for ln in handle if not ln.startswith("#")), delimiter="\t"):
            kinds[row[0]].add((row[1], row[2]))
    return {kind: frozenset(pairs) for kind, pairs in kinds.items()}


def is_kind(record: Record, kind: str) -> bool:
    pairs = measures()[kind]
    return (record.event, "*") in pairs or (record.event, record.mode or "") in pairs


def week_of(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def period_of(day: date, period: str) -> date:
    """The start of `day`'s period: its ISO week's Monday, or the day itself."""
    return week_of(day) if period == "week" else day


def series_keys(record: Record) -> list[Found]:
    """(level, key, country, admin1) of every series a violent record counts in."""
    country, keys = record.country, list[Found]()
    if country:
        keys.append(("country", country, country, None))
        if record.admin1:
            keys.append(("admin1", f"{country}/{record.admin1}", country, record.admin1))
    if record.actor and record.recipient and record.actor != record.recipient:
        keys.append(("dyad", "|".join(sorted((record.actor, record.recipient))), country, None))
    return keys


def family_key(record: Record) -> Found | None:
    kind = family(record.event)
    if not record.country or is_kind(record, "violent") or (kind, "*") not in \
            measures()["family"]:
        return None
    return ("family", f"{record.country}:{kind}", record.country, None)


@dataclass
class Tally:
    """The counts of a finished scan (`flarewatch.watch.scan.Scan.tally`), by (level, key)
    and period: what `series_from` makes the series of."""

    events: Counter[tuple[Key, date]] = field(default_factory=Counter)
    deaths: Counter[tuple[Key, date]] = field(default_factory=Counter)
    signals: Counter[tuple[Key, date]] = field(default_factory=Counter)
    coarse: Counter[Key] = field(default_factory=Counter)
    members: dict[Key, dict[date, list[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    places: dict[Key, tuple[str | None, str | None]] = field(default_factory=dict)
    first: date | None = None
    first_by_country: dict[str, date] = field(default_factory=dict)
    last_day: date | None = None
    period: str = "week"


def series_from(counts: Tally, as_of: date | None = None, today: date | None = None
                ) -> list[WatchSeries]:
    """The series of a finished `Tally` (of `counts.period`): every series with at least
    one event, over the periods from the first dated record to `as_of` (default: the last
    dated record), sorted by level and key. The last week is partial when `as_of`, or else
    `today`, falls inside it (its days up to that day); complete otherwise."""
    period = counts.period
    if counts.first is None or counts.last_day is None:
        return []
    last = period_of(as_of or counts.last_day, period)
    days = days_covered(last, as_of or today) if period == "week" else 1
    return [one_series(counts, key, periods_from(start_of(counts, key), last, period), days)
            for key in sorted(counts.places)]


def days_covered(week: date, through: date | None) -> int:
    """Days of `week` up to `through` (1-7): 7 when `through` is None or not inside the
    week (after it: the week is over; before it: records dated ahead of the clock)."""
    if through is None or through < week:
        return 7
    return min(7, (through - week).days + 1)


def start_of(counts: Tally, key: Key) -> date:
    """A series starts at the first week its country has any record (of any type): before
    the store covers a country, no record is no news, not no violence."""
    country = counts.places[key][0]
    assert counts.first is not None
    return counts.first_by_country.get(country or "", counts.first)


def periods_from(first: date, last: date, period: str = "week") -> list[date]:
    """The period starts from `first` to `last`, both included (`first` alone if later)."""
    step = PERIOD_DAYS[period]
    return [first + timedelta(days=step * i) for i in range(max(0, (last - first).days // step)
                                                            + 1)]


def one_series(counts: Tally, key: Key, weeks: list[date], last_days: int = 7) -> WatchSeries:
    def column(counter: Counter[tuple[Key, date]]) -> np.ndarray:
        return np.array([counter.get((key, week), 0) for week in weeks], dtype=np.int64)

    country, admin1 = counts.places[key]
    return WatchSeries(key[0], key[1], country, admin1, weeks, column(counts.events),
                       column(counts.deaths), column(counts.signals), counts.coarse[key],
                       {week: ids for week, ids in counts.members[key].items()},
                       counts.period, last_days)


WEEKLY_COLUMNS = ("country_iso3", "admin1", "week_start", "events", "deaths", "signals")
DAILY_COLUMNS = ("country_iso3", "admin1", "day", "events", "deaths", "signals")


def series_columns(period: str) -> tuple[str, ...]:
    """The header of an exported series file: the weekly format, or `day` for `week_start`."""
    return WEEKLY_COLUMNS if period == "week" else DAILY_COLUMNS


def weekly_rows(all_series: list[WatchSeries]) -> Iterable[tuple[object, ...]]:
    """The country and admin1 series as rows of the back-test's weekly format
    (`../shared/data/watch/README.md`), with the leading signals as a `signals` column;
    daily series give the same rows, one a day."""
    for one in all_series:
        if one.level in ("country", "admin1"):
            for i, week in enumerate(one.weeks):
                yield (one.country, one.admin1 or "", week.isoformat(), int(one.events[i]),
                       int(one.deaths[i]), int(one.signals[i]))
