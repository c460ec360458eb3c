"""`bbox` and `near` give the same records on every store; on PostgreSQL with PostGIS
they are answered from the points' GiST index (migration 0008), and QGIS has its view."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
import sqlalchemy as sa
from store_samples import make_document, make_event

from flarewatch.model import Place
from flarewatch.storage import Store, open_store
from flarewatch.storage.points import walked
from flarewatch.storage.schema import fused_events
from flarewatch.web.filters import bbox_conditions, near_conditions

# (lat, lon) on edges, across the antimeridian and near a pole
POINTS = [(0.0, 0.0), (10.0, 10.0), (10.0, 20.0), (-10.0, -10.0), (45.0, 179.9),
          (45.0, -179.9), (45.0, 180.0), (89.5, 0.0), (50.45, 30.52), (50.9, 30.52),
          (50.45, 31.2), (16.27, -0.04)]
BOXES = [(0, 0, 10, 10), (-10, -10, 10, 10), (170, 40, -170, 50), (-180, -90, 180, 90),
         (30, 50, 31, 51), (20.0001, 0, 30, 10)]
NEARS = [(50.45, 30.52, 10), (50.45, 30.52, 60), (0, 0, 1), (45, 179.95, 20), (89.9, 0, 50),
         (16.3, 0, 50), (16.3, 0, 1)]


@pytest.fixture
def store(database_url: str) -> Store:
    store = open_store(database_url)
    docs = []
    for number, (lat, lon) in enumerate(POINTS):
        place = Place(text=f"P{number}", name=f"P{number}", lat=lat, lon=lon,
                      precision="town", country="UKR", start=0, end=2)
        day = (dt.date(2024, 1, 1) + dt.timedelta(days=9 * number)).isoformat()
        event = make_event(id=f"ev-p{number}", doc_id=f"p{number}", event_loc=place,
                           date=day, enddate=day)
        doc = make_document(f"p{number}", text=f"Point report {number}.", events=0)
        doc.events = [event]
        docs.append(doc)
    store.add_documents(docs)
    return store


def matching(store: Store, conditions: list[sa.ColumnElement[bool]]) -> set[str]:
    with store.engine.connect() as connection:
        query = sa.select(fused_events.c.doc_id).where(*conditions)
        return set(connection.execute(query).scalars())


def in_box(lat: float, lon: float, box: tuple[float, ...]) -> bool:
    min_lon, min_lat, max_lon, max_lat = box
    lon_ok = (min_lon <= lon <= max_lon) if min_lon <= max_lon else (
        lon >= min_lon or lon <= max_lon)
    return min_lat <= lat <= max_lat and lon_ok


@pytest.mark.parametrize("box", BOXES)
def test_bbox_is_the_same_box_on_every_store(store: Store, box: tuple[float, ...]) -> None:
    expected = {f"p{n}" for n, (lat, lon) in enumerate(POINTS) if in_box(lat, lon, box)}
    assert matching(store, bbox_conditions(box)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("walk", [False, True])
def test_one_compiled_statement_answers_every_box(store: Store, walk: bool) -> None:
    """Boxes one after the other on one engine: the statement is compiled once (its
    bounds are parameters in SQLAlchemy's cache key) and each box gets its own rows."""
    def conditions(box: tuple[float, ...]) -> list[sa.ColumnElement[bool]]:
        found = bbox_conditions(box)  # type: ignore[arg-type]
        return [walked(condition) for condition in found] if walk else found

    for box in [*BOXES, *reversed(BOXES)]:
        expected = {f"p{n}" for n, (lat, lon) in enumerate(POINTS) if in_box(lat, lon, box)}
        assert matching(store, conditions(box)) == expected, box
    with store.engine.connect() as connection:
        query = sa.select(fused_events.c.doc_id).where(*conditions((1, 2, 3, 4)))
        assert connection.execute(query).context.cache_hit.name == "CACHE_HIT"


@pytest.mark.parametrize("near", NEARS)
def test_near_is_the_same_on_every_store(store: Store, near: tuple[float, float, float]
                                         ) -> None:
    """The same rows on SQLite and PostgreSQL (with PostGIS), as the table below says."""
    found = matching(store, near_conditions(near))
    assert found == NEAR_RESULTS[near]


NEAR_RESULTS = {
    (50.45, 30.52, 10): {"p8"}, (50.45, 30.52, 60): {"p8", "p9", "p10"}, (0, 0, 1): {"p0"},
    (45, 179.95, 20): {"p4", "p6"}, (89.9, 0, 50): {"p7"}, (16.3, 0, 50): {"p11"},
    (16.3, 0, 1): set(),
}


def test_postgis_answers_from_the_index(database_url: str, store: Store) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostGIS is for PostgreSQL stores")
    if not getattr(store.engine.dialect, "flarewatch_points", False):
        pytest.skip("this PostgreSQL server has no PostGIS")
    condition = bbox_conditions((30, 50, 31, 51))[0]
    compiled = str(sa.select(fused_events.c.id).where(condition).compile(store.engine))
    assert "ST_MakeEnvelope" in compiled and "geog::geometry &&" in compiled
    with store.engine.connect() as connection:
        connection.execute(sa.text("SET enable_seqscan = off"))
        plan = "\n".join(connection.execute(sa.text(
            "EXPLAIN " + str(sa.select(fused_events.c.id).where(condition).compile(
                store.engine, compile_kwargs={"literal_binds": True})))).scalars())
        assert "ix_fused_events_geom" in plan
        rows = connection.execute(sa.text(
            "SELECT id, ST_X(geom), ST_Y(geom) FROM fused_events_map ORDER BY id")).all()
    assert len(rows) == len(POINTS) and all(row[1] is not None for row in rows)



def test_opening_a_store_reflects_no_unknown_type(database_url: str) -> None:
    """Migrating a PostGIS store (its `geog` columns) warns of nothing on the way."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", sa.exc.SAWarning)
        open_store(database_url).engine.dispose()
