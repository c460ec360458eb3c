"""Which stored per-document events could tell the same incident (fusion at ingest, step 1).

Two events are candidates only when all of these hold (`compatible`):
- their PLOVER types share a family (`data/fusion/families.tsv`);
- their days overlap, each event's interval being `[date, enddate]` widened by `day_slack`
  days on each side when its precision is a day (a night strike is dated either side of
  midnight); an undated event, one dated only by its report's day (`report_dated`) or by
  the narrative (`narrative_dated`), or one dated after its report (`after_report`),
  stands for the `undated_days` up to its report's date; an interval longer than
  `max_span_days` (a year, a season) fuses with nothing;
- their fusion countries are equal when both are known (`events.fusion_country`, set by
  `flarewatch.fusion.layer.fusion_country`: for a placed event the one the report names
  most, else the place's; for an unplaced one its actor's or recipient's, unless its
  report names another most or they are of two countries); an event with none (a
  follow-up that names no place and no coded side: "two of the wounded died in
  hospital") may tell an incident anywhere;
- two trusted places (`placed`) of town precision or finer lie within `block_km` of each
  other;
- no analyst's `split` decision keeps them apart.

`candidates` finds them in SQL on `ix_events_fusion` (type, fusion country, date, and the
place's precision and point), so the cost of a lookup follows the events of one type,
country and month, not the store's size; the SQL also leaves out a town-fine place beyond
`block_km` (by a box around the member's, `place_box`) and an event dated by its text
after the member's last day, so that few rows are read that `compatible` then refuses
(on bench/bench_fusion.py's store of 1,000,000 records, 20 a new event instead of 140).
An unplaced event (in no country, compared everywhere) may reach only the events sharing
an anchor with it (`Anchors`, `score.needed_anchors`): the SQL keeps those whose
`particulars` (names and numbers of the evidence clause, read from `ix_events_type_date`)
hold one of its own, or whose place one its report names may anchor (`sharing`); on that
store its lookup read 4,551 rows (130-200 ms) and now one (2-3 ms).
The windows and distances are in `data/fusion/ingest_weights.tsv`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import sqlalchemy as sa

from flarewatch.actors.compose import INTERNATIONAL
from flarewatch.events.lexicon import word_roles
from flarewatch.layout import HEADER_LINES, HEADLINE_CHARS, dateline_end
from flarewatch.paths import DATA_DIR
from flarewatch.storage.query import haversine_km
from flarewatch.storage.schema import documents, events

WEIGHTS_FILE = DATA_DIR / "fusion" / "ingest_weights.tsv"
# The characters of a report's text that may hold its dateline: up to two header lines of
# `flarewatch.layout.HEADLINE_CHARS` each, their blank lines, and the dateline.
HEAD_CHARS = (HEADER_LINES + 1) * HEADLINE_CHARS
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
    `date_text`: `flarewatch.incidents.context.dated`, and a day the narrative carried,
    which `narrative_dated` tells apart); reports come out a day or days after what they
    tell, so such a day is no more than an upper bound. A row read without the column
    counts as dated by its text."""
    return member["date_precision"] == "day" and member.row.get("date_text", "") is None


def narrative_dated(member: Member) -> bool:
    """The event's day is carried from the incident told before it in its report
    (`date_basis` "narrative": `flarewatch.incidents.context.with_narrative_days`), an
    inference with no words of its own. Fusion reads such a day as no day at all: its days
    are those of an undated event (`interval`, `candidate_conditions`) and it gives no day
    part (`score.day_parts`). A row stored before the column (migration 0020: NULL) counts
    as so dated when its wordless day is another than its report's (then only a carried
    day was so); a row read without the report's date, as not so dated."""
    basis = member.row.get("date_basis")
    if basis is not None:
        return bool(basis == "narrative")
    published = member.row.get("doc_date")
    return report_dated(member) and published is not None and member["date"] != published


def saying_dated(member: Member) -> bool:
    """The event's day is that of the saying that reported it, the act told in the past
    perfect before it (`date_basis` "saying": "police said on Monday they had arrested
    eleven people", `flarewatch.timex.governing.said_of_earlier`): the act came on it or
    up to `undated_days` before (`interval`), and an earlier day is no other day
    (`score.said_after`)."""
    return member["date_precision"] == "day" and member.row.get("date_basis") == "saying"


def after_report(member: Member) -> bool:
    """The event is dated to a day after its report came out: a relative day read the
    wrong way ("two days after the shelling", "Saturday's attack" in a Sunday report read
    as the next Saturday). A report tells what happened by its own day, so that day is an
    upper bound, as for `report_dated`. Only day-precise dates: a month ahead is a plan
    ("raids in October"), and no more than `undated_days` ahead. On conflict-dev and
    conflict-dev2, 3 of 615 events."""
    published, day = member.row.get("doc_date"), member["date"]
    if member["date_precision"] != "day" or day is None or published is None:
        return False
    return 0 < (day - published).days <= weights()["undated_days"]


def interval(member: Member) -> Interval | None:
    """The days the event may have happened on (module docstring), None when unusable."""
    first, last = member["date"], member["enddate"] or member["date"]
    if saying_dated(member):
        slack = dt.timedelta(days=weights()["day_slack"])
        return first - dt.timedelta(days=weights()["undated_days"]), first + slack
    if first is None or report_dated(member) or after_report(member):
        told = report_dated(member) and not narrative_dated(member)
        published = first if told else member["doc_date"]
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


def dateline_placed(member: Member) -> bool:
    """The event's place is the one its report's dateline names ("DHAKA, Aug 18 -"), given
    to a lede incident that names none (`flarewatch.incidents.context`): where the report
    was filed, which is often but not always where it happened ("Gunmen fired on the
    activists" in a hill district, told from the capital). `doc_head` is the start of the
    report's text (`HEAD_CHARS`), where a dateline stands (`flarewatch.layout.dateline`)."""
    start, head = member.row.get("place_start"), member.row.get("doc_head")
    return start is not None and head is not None and 0 <= start < head_dateline_end(head)


@lru_cache(maxsize=4096)
def head_dateline_end(head: str) -> int:
    """`flarewatch.layout.dateline_end` of a report's head, read once per report: `placed`
    asks it of every event of the report for every pair and block it is in."""
    return dateline_end(head)


def placed(member: Member) -> bool:
    """The event has a place fusion trusts: one in its fusion country (a place the gazetteer
    put in another country than the one its report names most is a misreading: Kani,
    Sagaing read as Kani, Japan; `flarewatch.fusion.layer.fusion_country`), and not only
    its report's dateline (`dateline_placed`: fused like an unplaced event, its report's
    places, the dateline among them, anchoring it)."""
    if member["place_lat"] is None or dateline_placed(member):
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
    """Both fusion countries are known and differ (`events.fusion_country`: for a placed
    event the country its report names most, else the place's; for an unplaced one its
    actor's or recipient's, unless its report names another most:
    `layer.fusion_country`), and neither is an unplaced event's side's country that is
    a side of the other (`side_country`)."""
    if not (a["fusion_country"] and b["fusion_country"]
            and a["fusion_country"] != b["fusion_country"]):
        return False
    return not (side_country(a, b) or side_country(b, a))


def side_country(unplaced: Member, other: Member) -> bool:
    """The first event has no place, and its fusion country (its side's) is a side of the
    other: "a U.S. air strike in the Juba valley" (fusion country USA, the valley not in
    the gazetteer) and "a U.S. strike near Jilib" (Somalia, actor USA) may be one strike;
    the country of an unplaced event's side tells who acted, not where. On the conflict
    fusion sets: dev2 records per incident 1.447 -> 1.434, dev4 1.500 -> 1.479, no set
    worse."""
    return unplaced["place_lat"] is None and unplaced["fusion_country"] in side_countries(other.row)


def side_countries(row: Any) -> list[str]:
    """The countries of an event's actor and recipient, in that order, each once: their
    codes that name a country (three letters, not an international body: `IGO`, `NGO`
    ...); a row read without the columns has none."""
    codes = [row.get("actor_code"), row.get("recipient_code")]
    found = [code for code in codes if code and len(code) == 3 and code.isalpha()
             and code not in INTERNATIONAL]
    return list(dict.fromkeys(found))


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
def member_select(light: bool = False) -> sa.Select[Any]:
    """`events` rows with their document's date, url and title, and `evidence`: the text of
    the evidence span (`Member`'s columns); `light` leaves out the JSON columns (tellings,
    casualties, other sectors), which no block and no anchor reads."""
    columns = [c for c in events.c if not (light and isinstance(c.type, sa.JSON))]
    return (sa.select(*columns, documents.c.date.label("doc_date"),
                      documents.c.url.label("doc_url"), documents.c.title.label("doc_title"),
                      evidence_text().label("evidence"),
                      sa.func.substr(documents.c.text, 1, HEAD_CHARS).label("doc_head"))
            .join(documents, documents.c.id == events.c.doc_id))


def evidence_text() -> sa.ColumnElement[str]:
    """The document's text from `evidence_start` to `evidence_end` (SQL `substr` counts
    from 1; SQLite and PostgreSQL both count characters)."""
    length = events.c.evidence_end - events.c.evidence_start
    return sa.func.substr(documents.c.text, events.c.evidence_start + 1, length)


def load_members(connection: sa.Connection, condition: sa.ColumnElement[bool]
                 ) -> list[Member]:
    return members_of(connection.execute(member_select().where(condition)))


@cache
def members_where(column: str) -> sa.Select[Any]:
    """`member_select` of the events whose `column` is one of the bound `values`, built
    once, so that SQLAlchemy's compiled cache serves every later call (building and keying
    a new statement cost fusion at ingest about half a millisecond a read)."""
    return member_select().where(events.c[column].in_(sa.bindparam("values", expanding=True)))


def members_with(connection: sa.Connection, column: str, values: Sequence[Any]
                 ) -> list[Member]:
    """The events whose `column` (of `events`) is one of `values` (`members_where`)."""
    if not values:
        return []
    return members_of(connection.execute(members_where(column), {"values": list(values)}))


def members_of(result: sa.CursorResult[Any]) -> list[Member]:
    """A member per row of a `member_select` result."""
    return [Member(dict(row)) for row in result.mappings()]


def lookup_window(member: Member) -> Interval | None:
    """The start dates a candidate may have: its interval, reached back by the longest
    interval that still fuses, and forward by the days a report-dated event
    (`report_dated`, stored under its report's day) may stand for, and the days an event
    dated after its report (`after_report`) may be stored ahead of that."""
    found = interval(member)
    if found is None:
        return None
    reach = dt.timedelta(days=weights()["max_span_days"] + weights()["day_slack"])
    ahead = dt.timedelta(days=weights()["day_slack"] + 2 * weights()["undated_days"])
    return found[0] - reach, found[1] + ahead


@dataclass(frozen=True)
class Anchors:
    """What a stored event must share with an unplaced member to reach the edge floor
    (`score.needed_anchors`): one of `words` (its particulars), or a place related to one
    of `places` (its report's places, rows of the `places` layer as `place_*` columns)."""

    words: tuple[str, ...]
    places: tuple[dict[str, Any], ...]

    def shape(self) -> tuple[int, int]:
        """(words, boxes): what `candidate_statement` is built for; boxes is -1 when the
        report names no place (no `reported_near` then)."""
        return len(self.words), len(report_boxes(self)) if self.places else -1


def candidate_conditions(countried: bool, shape: tuple[int, int] | None = None
                         ) -> list[sa.ColumnElement[bool]]:
    """SQL for the stored events that may be a member's candidates (a superset of the
    compatible ones), with bound parameters (`candidate_parameters`), each a range of
    `ix_events_fusion`: per country the member may share (its own, none, and for an
    unplaced event its sides' countries, `side_country`; any, for a member in none or an
    unplaced member: `countries_differ`), the dated events starting within the reach of its
    days whose start or end (for a day with no words of its own, `report_dated` or
    `narrative_dated`, its report's day) falls in them, and that start no later than its
    last day (`near_high`) unless dated by their report or after it (`after_report`);
    last, the undated ones by their report's date. Every range keeps only the events
    `near_place` lets through, and with a `shape` (`Anchors.shape`) those `sharing` an
    anchor."""
    kinds = events.c.event.in_(sa.bindparam("kinds", expanding=True))
    wordless = sa.and_(events.c.date_precision == "day", events.c.date_text.is_(None))
    dated = sa.and_(events.c.date.between(sa.bindparam("low"), sa.bindparam("high")),
                    sa.or_(events.c.date >= sa.bindparam("start"),
                           events.c.enddate >= sa.bindparam("start"),
                           sa.and_(wordless, documents.c.date >= sa.bindparam("start"))),
                    sa.or_(events.c.date <= sa.bindparam("near_high"), wordless,
                           sa.and_(events.c.date_precision == "day",
                                   events.c.date > documents.c.date)))
    countries = [events.c.fusion_country == sa.bindparam("country"),
                 events.c.fusion_country.is_(None),
                 sa.and_(events.c.fusion_country.in_(sa.bindparam("sides", expanding=True)),
                         events.c.place_lat.is_(None))] if countried else [sa.true()]
    other = sa.and_(events.c.id != sa.bindparam("self"), near_place(), *sharing(shape))
    found = [sa.and_(kinds, country, dated, other) for country in countries]
    return [*found, sa.and_(kinds, sa.or_(*countries), events.c.date.is_(None),
                            documents.c.date.between(sa.bindparam("low"),
                                                     sa.bindparam("high")), other)]


def near_place() -> sa.ColumnElement[bool]:
    """SQL keeping every stored event `places_apart` cannot block: one without a town-fine
    place, one whose place is not trusted (`placed`: in another country than its fusion
    country, or a dateline's: `may_be_dateline`), or one inside the box of `place_box`
    (bound parameters)."""
    table = events.c
    return sa.or_(table.place_lat.is_(None), table.place_precision.is_(None),
                  table.place_precision.not_in(sorted(FINE_PLACES)),
                  sa.and_(table.place_lat.between(sa.bindparam("lat_low"),
                                                  sa.bindparam("lat_high")),
                          table.place_lon.between(sa.bindparam("lon_low"),
                                                  sa.bindparam("lon_high"))),
                  sa.and_(table.fusion_country.is_not(None), table.place_country.is_not(None),
                          table.place_country != table.fusion_country),
                  may_be_dateline())


def may_be_dateline() -> sa.ColumnElement[bool]:
    """SQL keeping every stored event `dateline_placed` may hold (a superset): one whose
    place's words stand in its report's head, in capitals as a dateline's are
    (`flarewatch.layout.DATELINE`)."""
    table = events.c
    return sa.and_(table.place_start.between(0, HEAD_CHARS),
                   table.place_text == sa.func.upper(table.place_text))


def sharing(shape: tuple[int, int] | None) -> list[sa.ColumnElement[bool]]:
    """SQL keeping the stored events that may share an anchor of `Anchors` of `shape`
    (none: no condition): those whose `particulars` column (`score.particulars_column`)
    holds one of its words (bound parameters `word_0`... as `like_pattern`s) or is NULL
    (not yet fused, so not yet filled), and with report places, those `reported_near`."""
    if shape is None:
        return []
    words, boxes = shape
    column = events.c.particulars
    likes = [column.like(sa.bindparam(f"word_{i}"), escape="\\") for i in range(words)]
    near = [reported_near(boxes)] if boxes >= 0 else []
    return [sa.or_(column.is_(None), *likes, *near)]


def reported_near(boxes: int) -> sa.ColumnElement[bool]:
    """SQL keeping every stored event that a report's places may anchor an unplaced member
    to (`score.reported_place`, `score.reported_together`): one that is not `placed` (its
    own report's places may be the member's), one at a place the report names
    (`named_ids`), in a country it names (`named_countries`, its country-precision
    places), a country holding one of them (`all_countries`), a first-order division
    one of them names (`named_admin1`: a region holding the named town, a town in the
    named region) or within `nearby_km` of one of `boxes` town-fine ones (`box_<i>_*`:
    the same place, `score.nearby_town`)."""
    table = events.c
    unplaced = sa.or_(table.place_lat.is_(None), may_be_dateline(),
                      sa.and_(table.fusion_country.is_not(None),
                              table.place_country.is_not(None),
                              table.place_country != table.fusion_country))
    named = [table.place_geonameid.in_(sa.bindparam("named_ids", expanding=True)),
             table.place_country.in_(sa.bindparam("named_countries", expanding=True)),
             sa.and_(table.place_precision == "country",
                     table.place_country.in_(sa.bindparam("all_countries", expanding=True))),
             table.place_admin1.in_(sa.bindparam("named_admin1", expanding=True))]
    inside = [sa.and_(table.place_lat.between(sa.bindparam(f"box_{i}_lat_low"),
                                              sa.bindparam(f"box_{i}_lat_high")),
                      table.place_lon.between(sa.bindparam(f"box_{i}_lon_low"),
                                              sa.bindparam(f"box_{i}_lon_high")))
              for i in range(boxes)]
    return sa.or_(unplaced, *named, *inside)


def report_boxes(anchors: Anchors) -> list[dict[str, float]]:
    """A box (`box_around`, `nearby_km`) around each town-fine report place of
    `anchors`."""
    return [box_around(place["place_lat"], place["place_lon"], weights()["nearby_km"])
            for place in anchors.places
            if place["place_precision"] in FINE_PLACES and place["place_lat"] is not None]


def anchor_parameters(anchors: Anchors) -> dict[str, Any]:
    """The values of `sharing`'s parameters for `anchors`."""
    places = anchors.places
    found: dict[str, Any] = {f"word_{i}": like_pattern(word)
                             for i, word in enumerate(anchors.words)}
    found.update(
        named_ids=sorted({p["place_geonameid"] for p in places if p["place_geonameid"]}),
        named_countries=sorted({p["place_country"] for p in places
                                if p["place_country"] and p["place_precision"] == "country"}),
        all_countries=sorted({p["place_country"] for p in places if p["place_country"]}),
        named_admin1=sorted({p["place_admin1"] for p in places if p["place_admin1"]}))
    for i, box in enumerate(report_boxes(anchors)):
        found.update({f"box_{i}_{name}": bound for name, bound in box.items()})
    return found


def like_pattern(word: str) -> str:
    """`% word %`, its `_` escaped (a particular holds no space and no `%`)."""
    return "% " + word.replace("\\", "\\\\").replace("_", "\\_") + " %"


KM_PER_DEGREE = 110.0  # shorter than a degree of latitude (111.2 km), so the box holds the circle
WHOLE_GLOBE = {"lat_low": -90.0, "lat_high": 90.0, "lon_low": -180.0, "lon_high": 180.0}


def place_box(member: Member) -> dict[str, float]:
    """Bounds in degrees holding every place within `block_km` of the member's, when its
    place is trusted (`placed`) and town-fine; the whole globe otherwise, and for the
    longitude where the box would reach a pole or cross the antimeridian."""
    if member["place_precision"] not in FINE_PLACES or not placed(member):
        return WHOLE_GLOBE
    return box_around(member["place_lat"], member["place_lon"], weights()["block_km"])


def box_around(lat: float, lon: float, km: float) -> dict[str, float]:
    """Bounds in degrees holding every point within `km` of (lat, lon); the whole globe for
    the longitude where the box would reach a pole or cross the antimeridian."""
    dlat = km / KM_PER_DEGREE
    box = {"lat_low": lat - dlat, "lat_high": lat + dlat, "lon_low": -180.0, "lon_high": 180.0}
    if abs(lat) + dlat >= 89.0:
        return box
    dlon = dlat / math.cos(math.radians(abs(lat) + dlat))
    if -180.0 <= lon - dlon and lon + dlon <= 180.0:
        box.update(lon_low=lon - dlon, lon_high=lon + dlon)
    return box


@cache
def candidate_statement(countried: bool, shape: tuple[int, int] | None = None
                        ) -> sa.CompoundSelect:
    """One statement (UNION ALL of the ranges of `candidate_conditions`, each read light
    as `member_select` reads it), built once per shape."""
    return sa.union_all(*(member_select(light=True).where(condition)
                          for condition in candidate_conditions(countried, shape)))


def candidate_parameters(member: Member, anchors: Anchors | None = None
                         ) -> dict[str, Any] | None:
    """The values of `candidate_statement`'s parameters for `member` (and `anchors`);
    None when it can have no candidates (no usable interval)."""
    window, days = lookup_window(member), interval(member)
    if window is None or days is None:
        return None
    slack = dt.timedelta(days=weights()["day_slack"])
    return {"kinds": family_types(member["event"]), "low": window[0], "high": window[1],
            "start": days[0] - slack, "near_high": days[1] + slack,
            "country": member["fusion_country"], "sides": side_codes(member),
            "self": member.id, **place_box(member),
            **(anchor_parameters(anchors) if anchors else {})}


def side_codes(member: Member) -> list[str]:
    """The member's actor's and recipient's codes other than its fusion country: the
    countries of unplaced events it may share a side with (`side_country`)."""
    return [code for code in side_countries(member.row) if code != member["fusion_country"]]


def candidates(connection: sa.Connection, member: Member, anchors: Anchors | None = None
               ) -> list[Member]:
    """The stored events compatible with `member` (not itself): those the SQL blocks let
    through (`candidate_conditions`, on `ix_events_fusion`), read light (no JSON columns:
    `member_select`), that pass every block (`compatible`). With `anchors`, only those
    that may share one (`sharing`; none when there is none): the lookup of an unplaced
    member (`score.needed_anchors`)."""
    parameters = candidate_parameters(member, anchors)
    if parameters is None or (anchors is not None and not (anchors.words or anchors.places)):
        return []
    shape = None if anchors is None else anchors.shape()
    countried = bool(member["fusion_country"]) and member["place_lat"] is not None
    statement = candidate_statement(countried, shape)
    found = members_of(connection.execute(statement, parameters))
    return [other for other in found if compatible(member, other)]


def by_id(members: Sequence[Member]) -> dict[str, Member]:
    return {member.id: member for member in members}
