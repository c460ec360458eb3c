"""ACLED-style CSV: ACLED's export columns, in ACLED's order, coded by its rules.

Which events go in: those with an ACLED type (`event.acled`) that report something that
happened, i.e. of modality asserted, reported, claimed or denied (a denial is noted in
`notes`). Events without an ACLED type (PLOVER types ACLED does not code: CONSULT, AID,
...) and planned, threatened, hypothetical or negated events are left out; the count
returned is the rows written, so the caller sees how many went in.

How fields are filled (facts in shared spec/ACLED.md, rules in `acled_codes`):
- event_id_cnty: the event place's ISO alpha-3 code (`XXX` where no place is known: the
  country is never guessed from an actor), a dash and the event id.
- event_date, year: the start of the event interval; time_precision from date_precision
  (day 1, week 2, month or coarser 3).
- actor1/actor2: the PLOVER actor and recipient (name, else their text); ACLED's pair does
  not imply direction. assoc_actor_1/2 are empty (not extracted).
- inter1/inter2 from the actors' sectors; interaction lower code first; civilian_targeting
  when the recipient is civilians (7) in political violence.
- iso (numeric, via pycountry), country, region from the place's country; disputed areas are
  already under the recognised state (the contract codes them so). admin1, location,
  latitude, longitude, geo_precision (point/town 1, region/country 3) from the place;
  admin2/admin3 empty.
- source: the document id; source_scale, tags and timestamp empty (not known offline).
- fatalities: the conservative dead count, 0 when none is stated (ACLED's convention).
- notes: the event words, who claims it, and a modality other than asserted/reported.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pycountry

from flarewatch.exports.acled_codes import (
    CIVILIANS,
    GEO_PRECISION,
    TIME_PRECISION,
    disorder_type,
    interaction,
    side_codes,
)
from flarewatch.exports.acled_regions import acled_region
from flarewatch.exports.base import defused
from flarewatch.model import Entity, Event

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
HAPPENED = frozenset({"asserted", "reported", "claimed", "denied"})

Cell = str | int | float
Row = dict[str, Cell]


def is_exported(event: Event) -> bool:
    return event.acled is not None and event.modality in HAPPENED


@lru_cache(maxsize=512)
def country_facts(iso3: str) -> tuple[int | str, str]:
    """ISO numeric code and short name of a country; ("", "") if pycountry lacks it."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return "", ""
    name = getattr(country, "common_name", None) or country.name
    return int(country.numeric), name


def actor_name(entity: Entity | None) -> str:
    return (entity.name or entity.text) if entity else ""


def date_cells(event: Event) -> Row:
    return {
        "event_date": event.date or "",
        "year": int(event.date[:4]) if event.date else "",
        "time_precision": TIME_PRECISION.get(event.date_precision or "", ""),
    }


def actor_cells(event: Event) -> Row:
    first, second = side_codes(event)
    disorder = disorder_cell(event)
    targets_civilians = second == CIVILIANS and "Political violence" in disorder
    return {
        "actor1": actor_name(event.actor), "assoc_actor_1": "",
        "inter1": first if first is not None else "",
        "actor2": actor_name(event.recipient), "assoc_actor_2": "",
        "inter2": second if second is not None else "",
        "interaction": interaction(first, second),
        "civilian_targeting": "Civilian targeting" if targets_civilians else "",
    }


def disorder_cell(event: Event) -> str:
    assert event.acled is not None
    return disorder_type(event.acled.event_type, event.acled.sub_event_type)


def place_cells(event: Event) -> Row:
    place = event.event_loc
    iso3 = place.country if place and place.country else ""
    numeric, name = country_facts(iso3) if iso3 else ("", "")
    return {
        "iso": numeric, "region": acled_region(iso3), "country": name,
        "admin1": (place.admin1 or "") if place else "", "admin2": "", "admin3": "",
        "location": place.name if place else "",
        "latitude": round(place.lat, 4) if place else "",
        "longitude": round(place.lon, 4) if place else "",
        "geo_precision": GEO_PRECISION.get(place.precision, "") if place else "",
    }


def notes(event: Event) -> str:
    parts = [event.event_text]
    if event.claimed_by is not None:
        parts.append(f"(according to {actor_name(event.claimed_by)})")
    if event.modality not in ("asserted", "reported"):
        parts.append(f"[{event.modality}]")
    return " ".join(parts)


def acled_row(event: Event) -> Row:
    assert event.acled is not None
    country = event.event_loc.country if event.event_loc else None
    return {
        "event_id_cnty": f"{country or 'XXX'}-{event.id}",
        **date_cells(event),
        "disorder_type": disorder_cell(event),
        "event_type": event.acled.event_type, "sub_event_type": event.acled.sub_event_type,
        **actor_cells(event), **place_cells(event),
        "source": event.doc_id, "source_scale": "", "notes": notes(event),
        "fatalities": event.size.dead or 0, "tags": "", "timestamp": "",
    }


class AcledCsv:
    name = "acled-csv"
    suffix = ".csv"

    def write(self, events: Iterable[Event], path: Path) -> int:
        written = 0
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
            writer.writeheader()
            for event in filter(is_exported, events):
                writer.writerow({key: defused(value) for key, value in acled_row(event).items()})
                written += 1
        return written
