"""Hand-built events for the exporter tests, and a Parquet file read back as contract JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from flarewatch.model import (
    AcledType,
    Casualty,
    Entity,
    Event,
    Place,
    Size,
    Source,
    TextSpan,
)

SHELLING = AcledType("Explosions/Remote violence", "Shelling/artillery/missile attack")
STEPANAKERT = Place(text="Stepanakert", name="Khankendi", lat=39.8177, lon=46.7528,
                    precision="town", geonameid=586523, country="AZE", admin1="Khankendi")
AZE_MIL = Entity(text="Azerbaijani forces", name="Azerbaijan Armed Forces", code="AZE",
                 sector="MIL")
KARABAKH_MIL = Entity(text="Karabakh forces", name="Artsakh Defense Army", code="AZE",
                      sector="MIL", other_sectors=("PRE",))
CIVILIANS = Entity(text="civilians", code="AZE", sector="CVL")


def make_event(**fields: object) -> Event:
    """A located, dated ASSAULT by Azerbaijani forces on Karabakh forces; override freely."""
    event = Event(
        event="ASSAULT", start=10, end=40, sentence=1, event_text="shelled positions",
        trigger_start=10, trigger_end=17, mode="heavy-weapons", acled=SHELLING, cameo="195",
        actor=AZE_MIL, recipient=KARABAKH_MIL, event_loc=STEPANAKERT,
        date="2023-09-19", enddate="2023-09-19", date_precision="day", date_text="on Tuesday",
        size=Size(dead=27, injured=200), casualties=[Casualty(27, "dead", "people", None)],
        claimed_by=Entity(text="the ombudsman", code="AZE", sector="GOV"),
        modality="reported", confidence=0.8, id="ev-0000000000000001", doc_id="seed-1",
    )
    return replace(event, **fields)  # type: ignore[arg-type]


# The incident of `make_event` told twice more, before and after its principal span.
TELLINGS = [TextSpan(0, 8, 0), TextSpan(10, 40, 1), TextSpan(52, 60, 2)]


OMBUDSMAN = Entity(text="the ombudsman", code="AZE", sector="GOV")


def make_source(doc_id: str, dead: int | None = 27, claimed_by: Entity | None = OMBUDSMAN,
                url: str | None = None, date: str | None = "2023-09-19") -> Source:
    """One report of the incident of `make_event`, in document `doc_id`."""
    return Source(doc_id=doc_id, event_id=f"ev-{doc_id}", text_info=TextSpan(10, 40, 1),
                  url=url, title=f"Report {doc_id}", date=date, claimed_by=claimed_by,
                  size=Size(dead=dead))


def make_fused(sources: list[Source], **fields: object) -> Event:
    """The fused record of `sources` (oldest first) as the fusion layer reconciles it: the
    oldest source's document, the latest report's figures, the spread where they differ."""
    tolls = [source.size.dead for source in sources if source.size.dead is not None]
    spread = {"dead": [min(tolls), max(tolls)]} if len(set(tolls)) > 1 else {}
    values: dict[str, object] = {
        "doc_id": sources[0].doc_id, "sources": sources, "size_range": spread,
        "size": Size(dead=tolls[-1] if tolls else None, injured=200), **fields}
    return make_event(**values)


def iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def contract_json(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row read back as the contract JSON, as the parquet module says to."""
    for name in ("date", "enddate"):
        row[name] = iso(row[name])
    row.pop("source_count")
    if row["sources"] is None:
        del row["sources"], row["size_range"]
        return row
    row["sources"] = [{**source, "date": iso(source["date"])} for source in row["sources"]]
    row["size_range"] = {name: spread for name, spread in row["size_range"].items()
                         if spread is not None}
    return row


def parquet_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return [contract_json(row) for row in pq.read_table(path).to_pylist()]
