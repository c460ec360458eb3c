"""Which stored per-document events could tell the same incident (fusion at ingest, step 1).

Two events are candidates only when all of these hold (`compatible`):
- their PLOVER types share a family (`data/fusion/families.tsv`);
- their days overlap, each event's interval being `[date, enddate]` widened by `day_slack`
  days on each side when its precision is a day (a night strike is dated either side of
  midnight); an undated event stands for the `undated_days` up to its report's date; an
  interval longer than `max_span_days` (a year, a season) fuses with nothing;
- their place countries are equal when both are known;
- two places of town precision or finer lie within `block_km` of each other;
- no analyst's `split` decision keeps them apart.

`candidate_rows` finds them in SQL on `ix_events_fusion` (type, country, date), so the
cost of a lookup follows the events of one type, country and month, not the store's size.
The windows and distances are in `data/fusion/ingest_weights.tsv`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa

from flarewatch.events.lexicon import word_roles
from flarewatch.paths import DATA_DIR
from flarewatch.storage.query import haversine_km
from flarewatch.storage.schema import documents, events, places

WEIGHTS_FILE = DATA_DIR / "fusion" / "ingest_weights.tsv"
FINE_PLACES = frozenset({"point", "town"})
PLACE_RANK = {"point": 0, "town": 1, "region": 2, "country": 3}
DATE_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}

Interval = tuple[dt.date, dt.date]


@cache
def weights() -> dict[str, float]:
    """`name<TAB>value` lines of `data/fusion/ingest_weights.tsv`."""
    lines = WEIGHTS_FILE.read_text(encoding="utf-8").splitlines()
    return {cells[0]: float(cells[1]) for cells in (line.split("\t") for line in lines)
            if len(cells) == 2 and not cells[0].startswith("#")}


@cache
def families() -> dict[str, str]:
    """PLOVER type -> family (`data/fusion/families.tsv`); a type not listed is its own."""
    return {kind: family for family, kinds in word_roles("fusion/families.tsv").items()
            for kind in kinds}


def family(event_type: str) -> str:
    return families().get(event_type.lower(), families().get(event_type, event_type))


def family_types(event_type: str) -> list[str]:
    """Every PLOVER type of the family of `event_type`, itself among them, upper case."""
    wanted = family(event_type)
    found = {kind.upper() for kind, name in families().items() if name == wanted}
    return sorted(found | {event_type})


@dataclass(frozen=True)
class Member:
    """A stored per-document event as fusion reads it: the row (`events` columns) and its
    document's publication date, url and title."""

    row: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.row[name]

    @property
    def id(self) -> str:
        return str(self.row["id"])


def interval(member: Member) -> Interval | None:
    """The days the event may have happened on (module docstring), None when unusable."""
    first, last = member["date"], member["enddate"] or member["date"]
    if first is None:
        published = member["doc_date"]
        if published is None:
            return None
        return published - dt.timedelta(days=weights()["undated_days"]), published
    if (last - first).days > weights()["max_span_days"]:
        return None
    slack = dt.timedelta(days=weights()["day_slack"] if member["date_precision"] == "day"
                         else 0)
    return first - slack, last + slack


def days_overlap(a: Member, b: Member) -> bool:
    left, right = interval(a), interval(b)
    return bool(left and right and left[0] <= right[1] and right[0] <= left[1])


def places_apart(a: Member, b: Member) -> bool:
    """Both places are town-fine (or finer) and more than `block_km` apart."""
    if a["place_precision"] not in FINE_PLACES or b["place_precision"] not in FINE_PLACES:
        return False
    distance = haversine_km(a["place_lat"], a["place_lon"], b["place_lat"], b["place_lon"])
    return distance > weights()["block_km"]


def countries_differ(a: Member, b: Member) -> bool:
    return bool(a["place_country"] and b["place_country"]
                and a["place_country"] != b["place_country"])


def compatible(a: Member, b: Member) -> bool:
    """Whether two events pass every block of the module docstring (decisions aside)."""
    return (family(a["event"]) == family(b["event"]) and days_overlap(a, b)
            and not countries_differ(a, b) and not places_apart(a, b))


# ---- the SQL lookup


def member_select() -> sa.Select[Any]:
    """`events` rows with their document's date, url and title (`Member`'s columns)."""
    return (sa.select(events, documents.c.date.label("doc_date"),
                      documents.c.url.label("doc_url"), documents.c.title.label("doc_title"))
            .join(documents, documents.c.id == events.c.doc_id))


def load_members(connection: sa.Connection, condition: sa.ColumnElement[bool]
                 ) -> list[Member]:
    rows = connection.execute(member_select().where(condition)).mappings().all()
    return [Member(dict(row)) for row in rows]


def lookup_window(member: Member) -> Interval | None:
    """The start dates a candidate may have: its interval, reached back by the longest
    interval that still fuses."""
    found = interval(member)
    if found is None:
        return None
    reach = dt.timedelta(days=weights()["max_span_days"] + weights()["day_slack"])
    return found[0] - reach, found[1] + dt.timedelta(days=weights()["day_slack"])


def candidate_condition(member: Member, countries: Sequence[str]
                        ) -> sa.ColumnElement[bool] | None:
    """SQL for the stored events that may be `member`'s candidates (a superset of the
    compatible ones), or None when it can have none. `countries`: where the event may have
    happened (its place's country, else those its report names, `report_countries`);
    unplaced events are candidates wherever."""
    window = lookup_window(member)
    if window is None:
        return None
    where = sa.or_(events.c.place_country.in_(list(countries)),
                   events.c.place_country.is_(None))
    dated = events.c.date.between(*window)
    undated = sa.and_(events.c.date.is_(None), documents.c.date.between(*window))
    return sa.and_(events.c.event.in_(family_types(member["event"])), where,
                   sa.or_(dated, undated), events.c.id != member.id)


def report_countries(connection: sa.Connection, member: Member) -> list[str]:
    """The event's place country; for an unplaced event, the countries its actors are
    coded with and those of the places its report names."""
    if member["place_country"]:
        return [member["place_country"]]
    named = connection.execute(sa.select(places.c.country).distinct()
                               .where(places.c.doc_id == member["doc_id"],
                                      places.c.country.is_not(None))).scalars().all()
    coded = [member[f"{side}_code"] for side in ("actor", "recipient")]
    return sorted({code for code in [*coded, *named] if code and len(code) == 3})


def candidates(connection: sa.Connection, member: Member) -> list[Member]:
    """The stored events compatible with `member` (not itself)."""
    condition = candidate_condition(member, report_countries(connection, member))
    if condition is None:
        return []
    return [other for other in load_members(connection, condition)
            if compatible(member, other)]


def by_id(members: Sequence[Member]) -> dict[str, Member]:
    return {member.id: member for member in members}
