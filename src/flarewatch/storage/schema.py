"""The database schema as SQLAlchemy Core tables (no ORM).

`events` holds every contract field of an event as its own column, so the typical
queries (date range, type, actor country, place country, map box) run on indexes.
Entities, places and timexes are per-document layers. An event belongs to the document
it was extracted from (`events.doc_id`, its evidence span in that text); the fused
record it is part of (`fused_events`, `events.fused_id`) carries every source. Until
migration 0019 a table `event_documents` repeated each event's document and evidence
span.
Spans are `span_start`/`span_end` (code point offsets into the document text).
`events.mentions` holds `Event.mentions`, the tellings of the incident in its document, as
a JSON list of `{"start", "end", "sentence"}` (`[]`: the principal evidence span only);
`documents.relevance` is how much a document is about political violence, 0..1 or NULL.
Migrations (flarewatch/migrations) create this schema; a test checks that they agree.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
# A toll: 64 bits on both stores (SQLite's INTEGER already is; PostgreSQL's is 32).
TOLL = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("url", sa.String),
    sa.Column("title", sa.String),
    sa.Column("date", sa.Date, index=True),
    sa.Column("source", sa.String),
    sa.Column("language", sa.String),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("relevance", sa.Float, index=True),  # migration 0003
    sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
)


def entity_columns(prefix: str) -> list[sa.Column[object]]:
    """The five entity fields of the contract, as `<prefix>_text` ... columns."""
    return [
        sa.Column(f"{prefix}_text", sa.String),
        sa.Column(f"{prefix}_name", sa.String),
        sa.Column(f"{prefix}_code", sa.String),
        sa.Column(f"{prefix}_sector", sa.String),
        sa.Column(f"{prefix}_other_sectors", sa.JSON),
    ]


def document_fk() -> sa.ForeignKey:
    return sa.ForeignKey("documents.id", ondelete="CASCADE")


FUSION_INDEX = ("event", "fusion_country", "date", "enddate", "date_precision",
                "place_precision", "place_lat", "place_lon", "id")


def event_columns() -> list[sa.Column[object]]:
    """The contract fields of an event as columns, for `events` and `fused_events` alike
    (not `id` and `doc_id`, which differ)."""
    return [
        sa.Column("event", sa.String, nullable=False),
        sa.Column("mode", sa.String),
        sa.Column("acled_event_type", sa.String),
        sa.Column("acled_sub_event_type", sa.String),
        sa.Column("cameo", sa.String),
        *entity_columns("actor"),
        *entity_columns("recipient"),
        *entity_columns("claimed_by"),
        sa.Column("place_text", sa.String),
        sa.Column("place_name", sa.String),
        sa.Column("place_geonameid", sa.BigInteger),
        sa.Column("place_lat", sa.Float),
        sa.Column("place_lon", sa.Float),
        sa.Column("place_country", sa.String),
        sa.Column("place_admin1", sa.String),
        sa.Column("place_precision", sa.String),
        sa.Column("place_feature", sa.String),
        sa.Column("place_start", sa.Integer),
        sa.Column("place_end", sa.Integer),
        sa.Column("date", sa.Date),
        sa.Column("enddate", sa.Date),
        sa.Column("date_precision", sa.String),
        sa.Column("date_text", sa.String),
        sa.Column("date_basis", sa.String),  # migration 0020
        sa.Column("dead", TOLL),
        sa.Column("injured", TOLL),
        sa.Column("arrested", TOLL),
        sa.Column("casualties", sa.JSON, nullable=False),
        sa.Column("modality", sa.String, nullable=False),
        sa.Column("event_text", sa.Text, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_sentence", sa.Integer, nullable=False),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        # Migration 0003; rows stored before it read as no further tellings.
        sa.Column("mentions", sa.JSON, nullable=False, server_default="[]"),
    ]


# The columns of an event table with an index of their own (migrations 0001, 0005), named
# `ix_<table>_<column>`. `events` keeps two since 0015, which says why: no query of
# per-document events needs the others (`ix_events_type_date` leads with `event`).
OWN_INDEXES = {
    "events": ("acled_event_type", "actor_code"),
    "fused_events": ("event", "acled_event_type", "actor_code", "recipient_code",
                     "claimed_by_code", "place_country"),
}


# `events.particulars` ends `ix_events_type_date` since 0016: fusion's lookup of an unplaced
# event in no country (a window of days of one type in every country), which only an event
# sharing a name or number may reach (`flarewatch.fusion.score.needed_particulars`), reads
# the particulars from the index, and the rows of the events sharing one only.
TYPE_DATE_EXTRA = {"events": ("particulars",), "fused_events": ()}


def event_indexes(table: str) -> list[sa.Index]:
    """The indexes of the API's queries, on `events` or `fused_events` (migrations 0001,
    0002, 0005; `events` has no `ix_events_place_lat_lon` since 0014, `ix_events_point_date`
    leading with the same columns, and fewer single-column ones since 0015: `OWN_INDEXES`)."""
    lat_lon = [] if table == "events" else [
        sa.Index(f"ix_{table}_place_lat_lon", "place_lat", "place_lon")]
    return [
        *(sa.Index(f"ix_{table}_{column}", column) for column in OWN_INDEXES[table]),
        sa.Index(f"ix_{table}_date_enddate", "date", "enddate"),
        *lat_lon,
        # Covering indexes of the web API (migration 0002): newest-first pages and daily
        # counts are read from these alone, without touching the wide rows.
        sa.Index(f"ix_{table}_browse", "date", "place_country", "id", "event", "actor_code",
                 "recipient_code", "place_lat", "place_lon", "enddate", "dead", "modality"),
        sa.Index(f"ix_{table}_type_date", "event", "date", "place_country", "id", "actor_code",
                 "dead", *TYPE_DATE_EXTRA[table]),
        sa.Index(f"ix_{table}_point_date", "place_lat", "place_lon", "date", "id"),
    ]


events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("doc_id", sa.String, document_fk(), nullable=False, index=True),
    *event_columns(),
    # Migration 0005: the fused record the event belongs to, its fusion component and the
    # country fusion compares it in (`flarewatch.fusion.layer`); NULL until fused.
    sa.Column("fused_id", sa.String, index=True),
    sa.Column("component", sa.String, index=True),
    sa.Column("fusion_country", sa.String),
    # Migration 0016: the names and numbers of the evidence clause, " w1 w2 " (lower case,
    # sorted; "" for none), set when fused (`flarewatch.fusion.score.particulars_column`);
    # NULL until then.
    sa.Column("particulars", sa.String),
    *event_indexes("events"),
    # Fusion's candidate lookup: one type, one country, a window of days, and the columns
    # its blocks read, so that a stored event that fails them costs no row read (0005).
    sa.Index("ix_events_fusion", *FUSION_INDEX),
)

# Fused records (migration 0005): one row per real-world incident, the fields reconciled
# from its per-document events (`flarewatch.fusion.reconcile`); `doc_id` is the document
# of the principal source, `sources` the contract's list, `size_range` the spread of
# tolls, `explanation` why the members were fused (`flarewatch events --explain`).
fused_events = sa.Table(
    "fused_events",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("doc_id", sa.String, nullable=False),
    *event_columns(),
    sa.Column("source_count", sa.Integer, nullable=False),
    sa.Column("sources", sa.JSON, nullable=False),
    sa.Column("size_range", sa.JSON, nullable=False),
    sa.Column("explanation", sa.JSON, nullable=False),
    *event_indexes("fused_events"),
)

# An analyst's fusion decisions (migration 0005): `split` keeps `event_id` apart from
# `other_id`, `merge` keeps them together; later fusion respects every row.
fusion_decisions = sa.Table(
    "fusion_decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String, nullable=False),
    sa.Column("event_id", sa.String, nullable=False, index=True),
    sa.Column("other_id", sa.String, nullable=False, index=True),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.String),
)

# Escalation alerts of the watch (migration 0006, `flarewatch.watch.alerts`): one row per
# onset on a series (country, admin1, dyad or type family), updated while the rise goes on
# and closed when it subsides; `weeks` holds the series around it (observed, expected,
# threshold, signals), `signals` the leading signals before it, `sources` its documents;
# `noticed_at` (0013) the version (`updated_at`) of its last notice (opening, new high,
# closing), by which the Atom feed dates it (NULL: none kept, `updated_at` stands for it).
alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", sa.String, primary_key=True),
    sa.Column("status", sa.String, nullable=False, index=True),
    sa.Column("level", sa.String, nullable=False),
    sa.Column("series_key", sa.String, nullable=False, index=True),
    sa.Column("country", sa.String, index=True),
    sa.Column("admin1", sa.String),
    sa.Column("label", sa.String, nullable=False),
    sa.Column("measure", sa.String, nullable=False),
    sa.Column("detector", sa.String, nullable=False),
    sa.Column("onset_week", sa.Date, nullable=False, index=True),
    sa.Column("last_alarm_week", sa.Date, nullable=False),
    sa.Column("closed_week", sa.Date),
    sa.Column("peak_week", sa.Date, nullable=False),
    sa.Column("observed", sa.Float, nullable=False),
    sa.Column("expected", sa.Float, nullable=False),
    sa.Column("threshold", sa.Float, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("summary", sa.String, nullable=False),
    sa.Column("weeks", sa.JSON, nullable=False),
    sa.Column("signals", sa.JSON, nullable=False),
    sa.Column("coarse", sa.Integer, nullable=False),
    sa.Column("sources", sa.JSON, nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("noticed_at", sa.DateTime(timezone=True)),
)

# The fused records that drove an alert (0006): the events of its alarm weeks.
alert_events = sa.Table(
    "alert_events",
    metadata,
    sa.Column("alert_id", sa.String, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("event_id", sa.String, primary_key=True, index=True),
    sa.Column("week", sa.Date, nullable=False),
)

# What the watch delivered to each sink (0006): the alert's version (`updated_at`) and
# whether the delivery succeeded; a failed one is retried by the next run.
alert_deliveries = sa.Table(
    "alert_deliveries",
    metadata,
    sa.Column("alert_id", sa.String, sa.ForeignKey("alerts.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("sink", sa.String, primary_key=True),
    sa.Column("version", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("error", sa.String),
)

# Daily counts of fused records (migration 0009, `flarewatch.storage.counts`): per start
# day, place country, admin1, PLOVER type and actor code (NULL where the record has none),
# the records and their dead (NULL tolls count 0). Undated records are not counted. Fusion
# keeps it in step with `fused_events`; `/stats/timeseries` reads it when it can.
daily_counts = sa.Table(
    "daily_counts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("country", sa.String),
    sa.Column("admin1", sa.String),
    sa.Column("event", sa.String, nullable=False),
    sa.Column("actor", sa.String),
    sa.Column("events", sa.Integer, nullable=False),
    sa.Column("dead", TOLL, nullable=False),
    # Day-ordered scans (all records, by country) and one type's days, read from the
    # indexes alone; the first also finds a key's row for fusion's updates.
    sa.Index("ix_daily_counts_day", "day", "country", "event", "actor", "admin1", "events",
             "dead"),
    sa.Index("ix_daily_counts_type", "event", "day", "country", "actor", "events", "dead"),
)

def daily_key_counts(name: str, key: str, nullable: bool = True) -> sa.Table:
    """A table of the same counts per day and one key column of `daily_counts`: `id`,
    `day`, `key`, `events`, `dead`; indexed by (day, key, events, dead), which day-ordered
    series and fusion's updates read, and by (key, events), which the totals that choose a
    series' named groups read in key order without sorting (0017)."""
    return sa.Table(
        name,
        metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column(key, sa.String, nullable=nullable),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("dead", TOLL, nullable=False),
        sa.Index(f"ix_{name}_day", "day", key, "events", "dead"),
        sa.Index(f"ix_{name}_{key}", key, "events"),
    )


# Per day and place country (0009): what a series of all records, or by country, reads (a
# few rows per day where `daily_counts` has hundreds). Per day and PLOVER type, and per day
# and actor code (0017): what a series by type or by actor reads (16 or some 30 rows a
# day; by type at 1,000,000 records took 290 ms from `daily_counts`).
daily_country_counts = daily_key_counts("daily_country_counts", "country")
daily_type_counts = daily_key_counts("daily_type_counts", "event", nullable=False)
daily_actor_counts = daily_key_counts("daily_actor_counts", "actor")
# Per day alone (0018): what a series of all records reads (one row a day), and what the
# rest of a series by group is, less its named groups (`web.queries.with_rest`).
daily_totals = sa.Table(
    "daily_totals",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("events", sa.Integer, nullable=False),
    sa.Column("dead", TOLL, nullable=False),
    sa.Index("ix_daily_totals_day", "day", "events", "dead"),
)

# Indexes and triggers a bulk load dropped (migration 0009, `flarewatch.storage.deferral`):
# their DDL, kept until they are created again, so that a load killed half-way leaves
# them to be restored when the store is next opened.
deferred_ddl = sa.Table(
    "deferred_ddl",
    metadata,
    sa.Column("name", sa.String, primary_key=True),
    sa.Column("table_name", sa.String, nullable=False),
    sa.Column("kind", sa.String, nullable=False),  # 'index' or 'trigger'
    sa.Column("ddl", sa.Text, nullable=False),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.String, document_fk(), nullable=False, index=True),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("text", sa.String, nullable=False),
    sa.Column("name", sa.String),
    sa.Column("code", sa.String, index=True),
    sa.Column("sector", sa.String),
    sa.Column("other_sectors", sa.JSON, nullable=False),
)

places = sa.Table(
    "places",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.String, document_fk(), nullable=False, index=True),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("text", sa.String, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("geonameid", sa.BigInteger),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("country", sa.String, index=True),
    sa.Column("admin1", sa.String),
    sa.Column("precision", sa.String, nullable=False),
    sa.Column("feature", sa.String),
)

timexes = sa.Table(
    "timexes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("doc_id", sa.String, document_fk(), nullable=False, index=True),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.Column("text", sa.String, nullable=False),
    sa.Column("type", sa.String, nullable=False),
    sa.Column("value", sa.String, nullable=False),
    sa.Column("date", sa.String),
    sa.Column("enddate", sa.String),
    sa.Column("precision", sa.String),
)


# Objects of migrations 0007 (full-text search), 0008 (PostGIS points), 0010
# (PostgreSQL's newest-first index by type; its plain one, `ix_fused_events_newest`, was
# dropped by 0013 for 0012's covering one) and 0012 (span indexes, the newest-first index
# with the point) that live outside `metadata`, created by database-specific DDL;
# `spatial_ref_sys` is PostGIS's own.
OUTSIDE_METADATA = frozenset({
    "search", "ix_fused_events_search", "geog", "ix_events_geog", "ix_events_geom",
    "ix_fused_events_geog", "ix_fused_events_geom", "fused_events_map", "spatial_ref_sys",
    "ix_fused_events_type_newest", "ix_events_span",
    "ix_fused_events_span", "ix_fused_events_newest_covering", "search_words",
})


def outside_metadata(name: str) -> bool:
    """Whether a database object is one `metadata` does not describe (0007, 0008, 0010,
    0012)."""
    return name.startswith("fused_events_fts") or name in OUTSIDE_METADATA
