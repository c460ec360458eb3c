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
- actor1/actor2: the PLOVER actor and recipient (a recipient that is the actor again is
  left out); ACLED's pair does not imply direction. A side is written by its name from
  the actor lexicons ("Hamas"; a state's own name, "Sudan", is no name); else by ACLED's
  generic name for its type, sector and country (`data/events/acled_actor_names.tsv`:
  "Military Forces of Azerbaijan", "Civilians (Armenia)", "Unidentified Armed Group
  (Mali)"), with a victim group ACLED names apart as the associated actor ("Civilians
  (Mexico)" with "Journalists (Mexico)"); else by its words. A second side the sub-event
  implies without the text naming it (the civilians of an "Attack") is written by that
  generic name too. Other associated actors are empty (not extracted).
- inter1/inter2 from the actors' sectors and what the sub-event implies for each side
  (`acled_codes.side_codes`, the sides the `acled` stage decided on); interaction lower code
  first; civilian_targeting when the second side is civilians (7) in political violence.
- iso (numeric, via pycountry), country (as ACLED spells it:
  `data/events/acled_countries.tsv`), region from the place's country; disputed areas are
  already under the recognised state (the contract codes them so). admin1, location,
  latitude, longitude, geo_precision (point/town 1, region/country 3) from the place;
  admin2/admin3 empty.
- source: the reporting outlets, as ACLED lists them ("; " between outlets, each once,
  oldest report first); an outlet is its URL's host without `www.`, else its document id
  (a per-document event: its document id). source_scale, tags and timestamp are empty
  (not known offline).
- fatalities: `size.dead`, the figure the record stands by (a fused record: the latest
  report's, never an average), 0 when none is stated (ACLED's convention).
- notes: the event words, who claims it, and a modality other than asserted/reported;
  then, for a fused record whose sources disagree (ACLED: "disputes noted in notes"), the
  spread of each toll, e.g. "Fatalities reported 5-7 (7 in the latest report).", and, when
  sources name different claimants, each claimant with its documents, e.g. "Claimed by:
  medics (a1, a2); the army (a3)."

One row per event given: the fused records `store.query_events` yields by default, or the
per-document events of `EventQuery(fused=False)`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pycountry

from flarewatch.events.lexicon import data_rows
from flarewatch.exports.acled_codes import (
    CIVILIANS,
    GEO_PRECISION,
    TIME_PRECISION,
    disorder_type,
    interaction,
    other_side,
    side_codes,
)
from flarewatch.exports.acled_regions import acled_region
from flarewatch.exports.base import defused
from flarewatch.geo.sources import english_country_name
from flarewatch.model import Entity, Event, Source

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
HAPPENED = frozenset({"asserted", "reported", "claimed", "denied"})
# How `notes` names each toll of `size_range` (keys as the fusion layer writes them).
TOLL_WORDS = {"dead": "Fatalities", "injured": "Injuries", "arrested": "Arrests"}

Cell = str | int | float
Row = dict[str, Cell]


def is_exported(event: Event) -> bool:
    return event.acled is not None and event.modality in HAPPENED


@lru_cache(maxsize=512)
def country_facts(iso3: str) -> tuple[int | str, str]:
    """ISO numeric code and name of a country, as ACLED spells it (`acled_countries.tsv`,
    else the common English name); ("", "") if pycountry lacks it."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return "", ""
    name = acled_country_names().get(iso3) or english_country_name(iso3) or country.name
    return int(country.numeric), name


@lru_cache(maxsize=1)
def acled_country_names() -> dict[str, str]:
    """alpha-3 -> ACLED's spelling, where it differs (`data/events/acled_countries.tsv`)."""
    return {code: name for code, name in data_rows("events/acled_countries.tsv")}


def actor_name(entity: Entity | None) -> str:
    return (entity.name or entity.text) if entity else ""


@lru_cache(maxsize=1)
def generic_names() -> dict[tuple[int, str, str], str]:
    """(inter, sector or "*", column) -> ACLED's generic name pattern, from
    `data/events/acled_actor_names.tsv`."""
    rows = data_rows("events/acled_actor_names.tsv")
    return {(int(inter), sector, column): name for inter, sector, name, column in rows}


def own_name(entity: Entity) -> bool:
    """Whether the actor lexicons name the side as more than its state ("Hamas", not
    "Sudan")."""
    return bool(entity.name) and entity.name != english_country_name(entity.code)


NOT_COUNTRIES = frozenset({"IGO", "NGO", "IMG"})  # bodies and groups coded by no state


def side_country(event: Event, entity: Entity | None) -> str:
    """ACLED's name of a side's country: its code's, else the event place's; ""."""
    code = entity.code if entity is not None and entity.code else None
    if code is None:
        code = event.event_loc.country if event.event_loc else None
    return country_facts(code)[1] if code else ""


def filled(pattern: str | None, country: str) -> str:
    """A generic name with its country; without one, "({country})" is dropped and a name
    that needs it ("of {country}") is ""."""
    if pattern is None:
        return ""
    if country:
        return pattern.format(country=country)
    return "" if "of {country}" in pattern else pattern.replace(" ({country})", "")


def side_cells(event: Event, entity: Entity | None, inter: int | None) -> tuple[str, str]:
    """(actor, assoc_actor) of one side, as the module docstring says."""
    if entity is not None and (own_name(entity) or entity.code in NOT_COUNTRIES):
        return actor_name(entity), ""
    words = entity.text if entity is not None else ""
    if inter is None:
        return words, ""
    names, country = generic_names(), side_country(event, entity)
    sector = entity.sector or "" if entity is not None else ""
    pattern = names.get((inter, sector, "actor")) or names.get((inter, "*", "actor"))
    generic = filled(pattern, country)
    if not generic:
        return words, ""
    return generic, filled(names.get((inter, sector, "assoc")), country)


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
    actor1, assoc1 = side_cells(event, event.actor, first)
    actor2, assoc2 = side_cells(event, other_side(event), second)
    return {
        "actor1": actor1, "assoc_actor_1": assoc1,
        "inter1": first if first is not None else "",
        "actor2": actor2, "assoc_actor_2": assoc2,
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
    return " ".join(parts + disagreement(event))


def disagreement(event: Event) -> list[str]:
    """Sentences on what a fused record's sources disagree about; [] when they agree."""
    tolls = [toll_note(event, name) for name in event.size_range]
    claims = claims_note(event.sources)
    return tolls + ([claims] if claims else [])


def toll_note(event: Event, name: str) -> str:
    """The note on the spread `size_range[name]`, e.g. `Fatalities reported 5-7 (7 in the
    latest report).`; the latest figure is `size`'s, left out when `size` has none."""
    low, high = event.size_range[name]
    latest = getattr(event.size, name, None)
    said = f" ({latest} in the latest report)" if latest is not None else ""
    return f"{TOLL_WORDS.get(name, name.capitalize())} reported {low}-{high}{said}."


def claims_note(sources: list[Source]) -> str | None:
    """`Claimed by: medics (a1, a2); the army (a3).` (documents by id, oldest first) when
    the sources name different claimants; None when they name one or none."""
    claims: dict[str, dict[str, None]] = {}
    for source in sources:
        if source.claimed_by is not None:
            claims.setdefault(actor_name(source.claimed_by), {})[source.doc_id] = None
    if len(claims) < 2:
        return None
    listed = (f"{who} ({', '.join(docs)})" for who, docs in claims.items())
    return f"Claimed by: {'; '.join(listed)}."


def outlet(source: Source) -> str:
    """The outlet of a source: its URL's host without `www.`, else (no URL, or one that
    does not parse) its document id."""
    try:
        host = urlsplit(source.url).hostname if source.url else None
    except ValueError:  # e.g. "http://[::1": an unclosed IPv6 host
        host = None
    return host.removeprefix("www.") if host else source.doc_id


def source_cell(event: Event) -> str:
    """ACLED `source`: the outlets of a fused record's sources, each once, oldest report
    first, "; " between them; a per-document event's document id."""
    if not event.sources:
        return event.doc_id
    return "; ".join(dict.fromkeys(outlet(source) for source in event.sources))


def acled_row(event: Event) -> Row:
    assert event.acled is not None
    country = event.event_loc.country if event.event_loc else None
    return {
        "event_id_cnty": f"{country or 'XXX'}-{event.id}",
        **date_cells(event),
        "disorder_type": disorder_cell(event),
        "event_type": event.acled.event_type, "sub_event_type": event.acled.sub_event_type,
        **actor_cells(event), **place_cells(event),
        "source": source_cell(event), "source_scale": "", "notes": notes(event),
        "fatalities": event.size.dead or 0, "tags": "", "timestamp": "",
    }


class AcledCsv:
    name = "acled-csv"
    suffix = ".csv"
    leaves_out = "of a type ACLED does not code, or not told as having happened"

    def write(self, events: Iterable[Event], path: Path) -> int:
        written = 0
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
            writer.writeheader()
            for event in filter(is_exported, events):
                writer.writerow({key: defused(value) for key, value in acled_row(event).items()})
                written += 1
        return written
