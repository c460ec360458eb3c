"""Hand-built documents and events for the store tests, and a dump of a store to compare."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from flarewatch.model import (
    AcledType,
    ActorMention,
    Casualty,
    Document,
    Entity,
    Event,
    Place,
    Size,
    TextSpan,
    Timex,
)
from flarewatch.storage import Store, open_store
from flarewatch.storage.schema import metadata
from pg_cluster import fresh_schema_url

KYIV = Place(text="Kyiv", name="Kyiv", lat=50.45, lon=30.52, precision="town",
             geonameid=703448, country="UKR", admin1="Kyiv City", start=30, end=34,
             feature="PPLC")
RUS_MIL = Entity(text="Russian forces", name="Russian Armed Forces", code="RUS", sector="MIL")
UKR_CVL = Entity(text="civilians", code="UKR", sector="CVL", other_sectors=("REF",))


def make_event(start: int = 0, **fields: object) -> Event:
    """A fully filled ASSAULT event; `fields` override any attribute."""
    values: dict[str, object] = dict(
        event="ASSAULT", start=start, end=start + 20, sentence=0,
        event_text="shelled", trigger_start=start + 5, trigger_end=start + 12,
        mode="heavy-weapons",
        acled=AcledType("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        cameo="195", actor=RUS_MIL, recipient=UKR_CVL, event_loc=KYIV,
        date="2023-09-19", enddate="2023-09-19", date_precision="day", date_text="on Tuesday",
        size=Size(dead=3, injured=7, arrested=None),
        casualties=[Casualty(count=3, status="dead", who="civilians", sector="CVL")],
        claimed_by=Entity(text="the ministry", code="UKR", sector="GOV"),
        modality="reported", confidence=0.75, id=f"ev-{start:016d}", doc_id="",
    )
    values.update(fields)
    return Event(**values)  # type: ignore[arg-type]


def make_document(doc_id: str = "d1", text: str = "", events: int = 2,
                  relevance: float | None = None) -> Document:
    """A document with one of each layer and `events` events (ids unique per text)."""
    text = text or f"Document {doc_id}: Russian forces shelled Kyiv on Tuesday, killing 3."
    suffix = doc_id.encode().hex()
    return Document(
        id=doc_id, text=text, title=f"Title {doc_id}", url=f"https://example.org/{doc_id}",
        source="Example News",
        actors=[ActorMention(start=10, end=24, entity=RUS_MIL, sentence=0)],
        places=[KYIV],
        timexes=[Timex(text="on Tuesday", start=40, end=50, type="DATE", value="2023-09-19",
                       date="2023-09-19", enddate="2023-09-19", precision="day")],
        events=[make_event(start=10 * i, id=f"ev-{suffix}-{i}", doc_id=doc_id)
                for i in range(events)],
        relevance=relevance,
    )


def told_three_times(start: int = 0, **fields: object) -> Event:
    """An event whose incident is told three times: the principal span is the middle one."""
    tellings = [TextSpan(start, start + 8, 0), TextSpan(start + 30, start + 50, 1),
                TextSpan(start + 60, start + 70, 2)]
    return make_event(start=start + 30, sentence=1, mentions=tellings,
                      id=f"ev-told-{start}", **fields)


VOLATILE_COLUMNS = {"ingested_at"}
# Tables whose `id` is a counter: its values depend on the order rows were written in.
SURROGATE_IDS = {"entities", "places", "timexes", "daily_counts", "daily_country_counts",
                 "daily_type_counts", "daily_actor_counts", "daily_totals"}


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, without surrogate ids and ingest times, sorted."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as connection:
        for table in metadata.sorted_tables:
            columns = [c for c in table.c if c.name not in VOLATILE_COLUMNS
                       and not (c.name == "id" and table.name in SURROGATE_IDS)]
            found = connection.execute(sa.select(*columns)).all()
            tables[table.name] = sorted(tuple(map(repr, row)) for row in found)
    return tables


def clean_ingest_dump(docs: list, database_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """The dump of a new database of the same kind as `database_url` holding `docs`."""
    if database_url.startswith("postgresql"):
        other_url = fresh_schema_url(database_url)
    else:
        other_url = database_url + ".clean"
    with open_store(other_url) as clean:
        clean.add_documents(docs)
        return dump(clean)
