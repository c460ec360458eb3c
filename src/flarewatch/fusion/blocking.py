"""Which stored per-document events could tell the same incident (fusion at ingest, step 1).

Two events are candidates only when all of these hold (`compatible`):
- their PLOVER types share a family (`data/fusion/families.tsv`);
- their days overlap, each event's interval being `[date, enddate]` widened by `day_slack`
  days on each side when its precision is a day (a night strike is dated either side of
  midnight); an undated event, or one dated only by its report's day (`report_dated`),
  stands for the `undated_days` up to its report's date; an
  interval longer than `max_span_days` (a year, a season) fuses with nothing;
- their fusion countries are equal when both are known (`events.fusion_country`, set by
  `flarewatch.fusion.layer.fusion_country`: the place's country, else the one the report
  names most, else the actor's); an event with none (a follow-up that names no place and
  no coded side: "two of the wounded died in hospital") may tell an incident anywhere;
- two trusted places (`placed`) of town precision or finer lie within `block_km` of each
  other;
- no analyst's `split` decision keeps them apart.

`candidates` finds them in SQL on `ix_events_fusion` (type, fusion country, date), so the
cost of a lookup follows the events of one type, country and month, not the store's size.
The windows and distances are in `data/fusion/ingest_weights.tsv`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa

from flarewatch.events.lexicon import word_roles
from flarewatch.paths import DATA_DIR
from flarewatch.storage.query import haversine_km
from flarewatch.storage.schema import documents, events

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

    row: dict[str, Any]  # fusion may add `report_places` (layer.with_report_places)

    def __getitem__(self, name: str) -> Any:
        return self.row[name]

    @property
    def id(self) -> str:
        return str(self.row["id"])


def report_dated(member: Member) -> bool:
    """The event's day is its report's, taken for want of a time expression (a day with no
    `date_text`: `flarewatch.incidents.context.dated`); reports come out a day or days after
    what they tell, so such a day is no more than an upper bound. A row read without the
    column counts as dated by its text."""
    return member["date_precision"] == "day" and member.row.get("date_text", "") is None


def interval(member: Member) -> Interval | None:
    """The days the event may have happened on (module docstring), None when unusable."""
    first, last = member["date"], member["enddate"] or member["date"]
    if first is None or report_dated(member):
        published = member["doc_date"] if first is None else first
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


def placed(member: Member) -> bool:
    """The event has a place fusion trusts: one in its fusion country (a place the gazetteer
    put in another country than the one its report names most is a misreading: Kani,
    Sagaing read as Kani, Japan; `flarewatch.fusion.layer.fusion_country`)."""
    if member["place_lat"] is None:
        return False
    country = member.row.get("fusion_country")
    return country is None or member["place_country"] in (None, country)


def places_apart(a: Member, b: Member) -> bool:
    """Both places are trusted (`placed`), town-fine (or finer) and more than `block_km`
    apart."""
    if a["place_precision"] not in FINE_PLACES or b["place_precision"] not in FINE_PLACES:
        return False
    if not (placed(a) and placed(b)):
        return False
    distance = haversine_km(a["place_lat"], a["place_lon"], b["place_lat"], b["place_lon"])
    return distance > weights()["block_km"]


def countries_differ(a: Member, b: Member) -> bool:
    """Both fusion countries are known and differ (`events.fusion_country`: the place's
    country, else the country the report names most, else the actor's)."""
    return bool(a["fusion_country"] and b["fusion_country"]
                and a["fusion_country"] != b["fusion_country"])


def compatible(a: Member, b: Member) -> bool:
    """Whether two events pass every block of the module docstring (decisions aside)."""
    return block_reason(a, b) is None


def block_reason(a: Member, b: Member) -> str | None:
    """The first block that keeps two events apart (`blocked:family`, `blocked:days`,
    `blocked:country`, `blocked:place`), or None when they are compatible."""
    if family(a["event"]) != family(b["event"]):
        return "blocked:family"
    if not days_overlap(a, b):
        return "blocked:days"
    if countries_differ(a, b):
        return "blocked:country"
    return "blocked:place" if places_apart(a, b) else None


# ---- the SQL lookup


@cache
def member_select() -> sa.Select[Any]:
    """`events` rows with their document's date, url and title, and `evidence`: the text of
    the evidence span (`Member`'s columns)."""
    return (sa.select(events, documents.c.date.label("doc_date"),
                      documents.c.url.label("doc_url"), documents.c.title.label("doc_title"),
                      evidence_text().label("evidence"))
            .join(documents, documents.c.id == events.c.doc_id))


def evidence_text() -> sa.ColumnElement[str]:
    """The document's text from `evidence_start` to `evidence_end` (SQL `substr` counts
    from 1; SQLite and PostgreSQL both count characters)."""
    length = events.c.evidence_end - events.c.evidence_start
    return sa.func.substr(documents.c.text, events.c.evidence_start + 1, length)


def load_members(connection: sa.Connection, condition: sa.ColumnElement[bool]
                 ) -> list[Member]:
    rows = connection.execute(member_select().where(condition)).mappings().all()
    return [Member(dict(row)) for row in rows]


def lookup_window(member: Member) -> Interval | None:
    """The start dates a candidate may have: its interval, reached back by the longest
    interval that still fuses, and forward by the days a report-dated event
    (`report_dated`, stored under its report's day) may stand for."""
    found = interval(member)
    if found is None:
        return None
    reach = dt.timedelta(days=weights()["max_span_days"] + weights()["day_slack"])
    ahead = dt.timedelta(days=weights()["day_slack"] + weights()["undated_days"])
    return found[0] - reach, found[1] + ahead


BLOCKING_COLUMNS = ("id", "event", "fusion_country", "date", "enddate", "date_precision",
                    "date_text", "place_precision", "place_lat", "place_lon", "place_country")


def candidate_conditions(countried: bool) -> list[sa.ColumnElement[bool]]:
    """SQL for the stored events that may be a member's candidates (a superset of the
    compatible ones), with bound parameters (`candidate_parameters`), each a range of
    `ix_events_fusion` read from the index alone: per country the member may share (its
    own and none; any, for a member in none: `countries_differ`), the dated events starting
    within the reach of its days whose start or end falls in them; last, the undated ones
    by their report's date."""
    kinds = events.c.event.in_(sa.bindparam("kinds", expanding=True))
    dated = sa.and_(events.c.date.between(sa.bindparam("low"), sa.bindparam("high")),
                    sa.or_(events.c.date >= sa.bindparam("start"),
                           events.c.enddate >= sa.bindparam("start")))
    countries = [events.c.fusion_country == sa.bindparam("country"),
                 events.c.fusion_country.is_(None)] if countried else [sa.true()]
    other = events.c.id != sa.bindparam("self")
    found = [sa.and_(kinds, country, dated, other) for country in countries]
    return [*found, sa.and_(kinds, sa.or_(*countries), events.c.date.is_(None),
                            documents.c.date.between(sa.bindparam("low"),
                                                     sa.bindparam("high")), other)]


@cache
def candidate_statement(countried: bool) -> sa.CompoundSelect:
    """One statement (UNION ALL of the ranges of `candidate_conditions`), built once."""
    conditions = candidate_conditions(countried)
    columns = [events.c[name] for name in BLOCKING_COLUMNS]
    dated = [sa.select(*columns, sa.cast(sa.null(), sa.Date).label("doc_date")).where(c)
             for c in conditions[:-1]]
    undated = (sa.select(*columns, documents.c.date.label("doc_date"))
               .join(documents, documents.c.id == events.c.doc_id).where(conditions[-1]))
    return sa.union_all(*dated, undated)


def candidate_parameters(member: Member) -> dict[str, Any] | None:
    """The values of `candidate_statement`'s parameters for `member`; None when it can have
    no candidates (no usable interval)."""
    window, days = lookup_window(member), interval(member)
    if window is None or days is None:
        return None
    start = days[0] - dt.timedelta(days=weights()["day_slack"])
    return {"kinds": family_types(member["event"]), "low": window[0], "high": window[1],
            "start": start, "country": member["fusion_country"], "self": member.id}


def blocking_rows(connection: sa.Connection, member: Member) -> list[Member]:
    """The columns `compatible` reads of the stored events the SQL blocks let through, the
    dated ones from `ix_events_fusion` alone (no row is read for an event that fails)."""
    parameters = candidate_parameters(member)
    if parameters is None:
        return []
    statement = candidate_statement(bool(member["fusion_country"]))
    return [Member(dict(row)) for row in connection.execute(statement, parameters).mappings()]


def candidates(connection: sa.Connection, member: Member) -> list[Member]:
    """The stored events compatible with `member` (not itself): blocked on the index,
    then read whole."""
    passed = [other.id for other in blocking_rows(connection, member)
              if compatible(member, other)]
    return load_members(connection, events.c.id.in_(passed)) if passed else []


def by_id(members: Sequence[Member]) -> dict[str, Member]:
    return {member.id: member for member in members}
