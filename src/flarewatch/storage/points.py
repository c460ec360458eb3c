"""Points in boxes: the `bbox` and `near` filters, on PostGIS where the store has it.

`point_in_box(table, min_lon, min_lat, max_lon, max_lat)` is a condition "the record's
point lies in this longitude/latitude box, edges included". It compiles to
`geog::geometry && ST_MakeEnvelope(...)` on a PostgreSQL store with PostGIS points
(migration 0008; answered from the GiST index), and to `place_lat BETWEEN ... AND
place_lon BETWEEN ...` everywhere else: the same rows either way, since a point's
envelope is the point itself. `mark_points(engine)` records, once the store is migrated,
whether the store has the `geog` column (`Engine.dialect.flarewatch_points`).

`walked(condition)` is the same condition with every box kept off the latitude index
(SQLite's unary `+` on the columns), so that SQLite walks a date-ordered index instead
and tests each point from it (`web.queries.events_page` does, over the newest records).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import visitors
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class PointInBox(ColumnElement[bool]):
    """The condition `point_in_box` makes. Its bounds are bound parameters in
    SQLAlchemy's cache key, so the statement is compiled once per shape and each box only
    binds its values (a page of a box had been compiled anew every request: about 0.7 ms
    of server CPU)."""

    inherit_cache = True
    _traverse_internals = [("table", InternalTraversal.dp_clauseelement),
                           ("bounds", InternalTraversal.dp_clauseelement_tuple),
                           ("walk", InternalTraversal.dp_boolean)]
    type = sa.Boolean()

    def __init__(self, table: sa.Table, bounds: tuple[sa.BindParameter[float], ...],
                 walk: bool = False):
        self.table, self.bounds, self.walk = table, bounds, walk


def point_in_box(table: sa.Table, min_lon: float, min_lat: float, max_lon: float,
                 max_lat: float) -> sa.ColumnElement[bool]:
    bounds = tuple(sa.bindparam(None, float(value), type_=sa.Float(), unique=True)
                   for value in (min_lon, min_lat, max_lon, max_lat))
    return PointInBox(table, bounds)


def plain_condition(element: PointInBox) -> sa.ColumnElement[bool]:
    min_lon, min_lat, max_lon, max_lat = element.bounds
    return sa.and_(element.table.c.place_lat.between(min_lat, max_lat),
                   element.table.c.place_lon.between(min_lon, max_lon))


def walked(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    """`condition` with each box in it tested without the latitude index."""
    def replace(element: Any, **_kw: Any) -> Any:
        if isinstance(element, PointInBox):
            return PointInBox(element.table, element.bounds, walk=True)
        return None
    options: dict[str, Any] = {}
    return visitors.replacement_traverse(condition, options, replace)


@compiles(PointInBox)
def compile_plain(element: PointInBox, compiler: sa.sql.compiler.SQLCompiler,
                  **kw: object) -> str:
    return compiler.process(plain_condition(element), **kw)


@compiles(PointInBox, "sqlite")
def compile_sqlite(element: PointInBox, compiler: sa.sql.compiler.SQLCompiler,
                   **kw: object) -> str:
    if not element.walk:
        return compile_plain(element, compiler, **kw)
    min_lon, min_lat, max_lon, max_lat = (compiler.process(bound, **kw)
                                           for bound in element.bounds)
    lat, lon = (compiler.process(element.table.c[name], **kw)
                for name in ("place_lat", "place_lon"))
    # Unary + makes a column expression SQLite answers from no index.
    return (f"(+{lat} BETWEEN {min_lat} AND {max_lat} "
            f"AND +{lon} BETWEEN {min_lon} AND {max_lon})")


@compiles(PointInBox, "postgresql")
def compile_postgis(element: PointInBox, compiler: sa.sql.compiler.SQLCompiler,
                    **kw: object) -> str:
    if not getattr(compiler.dialect, "flarewatch_points", False):
        return compile_plain(element, compiler, **kw)
    bounds = ", ".join(compiler.process(bound, **kw) for bound in element.bounds)
    return f"({element.table.name}.geog::geometry && ST_MakeEnvelope({bounds}, 4326))"


def mark_points(engine: sa.Engine) -> None:
    """Note on the engine's dialect whether its store has PostGIS points (0008)."""
    found = False
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            found = connection.execute(sa.text(
                "SELECT 1 FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = 'fused_events' AND column_name = 'geog'"
            )).first() is not None
    engine.dialect.flarewatch_points = found  # type: ignore[attr-defined]
