"""Each EventQuery filter, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from store_samples import KYIV, make_document, make_event

from flarewatch.model import Entity, Place
from flarewatch.storage import EventQuery, Store, haversine_km

LVIV = Place(text="Lviv", name="Lviv", lat=49.84, lon=24.03, precision="town", country="UKR")
BROVARY = Place(text="Brovary", name="Brovary", lat=50.51, lon=30.79, precision="town",
                country="UKR")
TBILISI = Place(text="Tbilisi", name="Tbilisi", lat=41.69, lon=44.83, precision="town",
                country="GEO")
ARM_GOV = Entity(text="Yerevan", code="ARM", sector="GOV")
AZE_MIL = Entity(text="Azerbaijani troops", code="AZE", sector="MIL")
FIJI = Place(text="Taveuni", name="Taveuni", lat=-16.85, lon=179.97, precision="town",
             country="FJI")
FIJI_EAST = Place(text="Lalati", name="Lalati", lat=-16.9, lon=-179.95, precision="town",
                  country="FJI")

EVENTS = {
    "ev-kyiv": make_event(start=0, id="ev-kyiv"),
    "ev-lviv-protest": make_event(start=1, id="ev-lviv-protest", event="PROTEST",
                                  event_loc=LVIV, date="2023-10-01", enddate="2023-10-31",
                                  date_precision="month"),
    "ev-brovary": make_event(start=2, id="ev-brovary", event_loc=BROVARY, date="2023-09-01",
                             enddate="2023-09-07", date_precision="week"),
    "ev-tbilisi-arm-aze": make_event(start=3, id="ev-tbilisi-arm-aze", event="ACCUSE",
                                     actor=ARM_GOV, recipient=AZE_MIL, event_loc=TBILISI,
                                     date="2024-01-05", enddate="2024-01-05"),
    "ev-nowhere-undated": make_event(start=4, id="ev-nowhere-undated", event_loc=None,
                                     actor=AZE_MIL, recipient=None, date=None, enddate=None),
    "ev-taveuni": make_event(start=5, id="ev-taveuni", event_loc=FIJI, actor=None,
                             recipient=None, date="2022-01-01", enddate="2022-01-01"),
    "ev-lalati": make_event(start=6, id="ev-lalati", event_loc=FIJI_EAST, actor=None,
                            recipient=None, date="2022-01-02", enddate="2022-01-02"),
}


@pytest.fixture
def filled(store: Store) -> Store:
    doc = make_document("d1", events=0)
    doc.events = [event for event in EVENTS.values()]
    for event in doc.events:
        event.doc_id = "d1"
    store.add_documents([doc])
    return store


def found_ids(store: Store, query: EventQuery) -> set[str]:
    """The per-document events the filters select (fusion may join these hand-made ones)."""
    return {event.id for event in store.query_events(dataclasses.replace(query, fused=False))}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(), set(EVENTS)),
        (EventQuery(country="UKR"), {"ev-kyiv", "ev-lviv-protest", "ev-brovary"}),
        (EventQuery(country="RUS"), {"ev-kyiv", "ev-lviv-protest", "ev-brovary"}),
        (EventQuery(country="AZE"), {"ev-tbilisi-arm-aze", "ev-nowhere-undated"}),
        (EventQuery(country="GEO"), {"ev-tbilisi-arm-aze"}),
        (EventQuery(country="FJI"), {"ev-taveuni", "ev-lalati"}),
        (EventQuery(event_type="PROTEST"), {"ev-lviv-protest"}),
        (EventQuery(event_type="ACCUSE", country="ARM"), {"ev-tbilisi-arm-aze"}),
        (EventQuery(since=dt.date(2023, 10, 15)), {"ev-lviv-protest", "ev-tbilisi-arm-aze"}),
        (EventQuery(until=dt.date(2023, 9, 1)), {"ev-brovary", "ev-taveuni", "ev-lalati"}),
        (EventQuery(since=dt.date(2023, 9, 5), until=dt.date(2023, 9, 19)),
         {"ev-kyiv", "ev-brovary"}),
        (EventQuery(since=dt.date(2023, 9, 20), until=dt.date(2023, 9, 30)), set()),
        (EventQuery(near=(KYIV.lat, KYIV.lon, 5.0)), {"ev-kyiv"}),
        (EventQuery(near=(KYIV.lat, KYIV.lon, 30.0)), {"ev-kyiv", "ev-brovary"}),
        (EventQuery(near=(KYIV.lat, KYIV.lon, 500.0)),
         {"ev-kyiv", "ev-brovary", "ev-lviv-protest"}),
        (EventQuery(near=(-16.87, 179.99, 20.0)), {"ev-taveuni", "ev-lalati"}),
    ],
)
def test_each_filter_selects_exactly_its_events(
    filled: Store, query: EventQuery, expected: set[str]
) -> None:
    assert found_ids(filled, query) == expected


def test_events_come_by_date_undated_last(filled: Store) -> None:
    dates = [event.date for event in filled.query_events(EventQuery(fused=False))]
    assert dates[-1] is None and dates[:-1] == sorted(dates[:-1])  # type: ignore[type-var]


@pytest.mark.parametrize("near", [None, (KYIV.lat, KYIV.lon, 500.0)])
def test_limit_caps_the_result(filled: Store, near: tuple[float, float, float] | None) -> None:
    assert len(list(filled.query_events(EventQuery(limit=2, near=near, fused=False)))) == 2


def test_haversine_kyiv_lviv() -> None:
    assert haversine_km(KYIV.lat, KYIV.lon, LVIV.lat, LVIV.lon) == pytest.approx(468, abs=3)


@pytest.mark.parametrize(("threshold", "expected"), [
    (None, {"low", "high", "edge", "unscored"}),
    (0.0, {"low", "high", "edge"}),
    (0.5, {"high", "edge"}),
    (0.95, set()),
])
def test_min_relevance_matches_scored_documents_only(
    store: Store, threshold: float | None, expected: set[str]
) -> None:
    store.add_documents([make_document("low", relevance=0.2), make_document("high", relevance=0.9),
                         make_document("edge", relevance=0.5), make_document("unscored")])
    query = EventQuery(min_relevance=threshold, fused=False)
    found = {event.doc_id for event in store.query_events(query)}
    assert found == expected


@pytest.mark.parametrize(("query", "expected"), [
    (EventQuery(country="R\x00S"), {"ev-nul"}),
    (EventQuery(event_type="ASSAULT\ud800"), {"ev-nul"}),
    (EventQuery(country="\x00"), set()),
])
def test_query_strings_are_compared_as_stored(
    store: Store, query: EventQuery, expected: set[str]
) -> None:
    # A string no store can hold matches what it was stored as, on both stores alike.
    doc = make_document("d1", events=0)
    doc.events = [make_event(id="ev-nul", event="ASSAULT\ud800",
                             actor=Entity(text="Russian forces", code="R\x00S"))]
    store.add_documents([doc])
    assert {event.id for event in store.query_events(query)} == expected
