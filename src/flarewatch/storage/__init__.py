"""Storage of documents and events in SQLite (default) or PostgreSQL.

    store = open_store("events.db")          # or a sqlite:/// / postgresql:// URL
    report = store.add_documents(docs)       # one transaction per document
    for event in store.query_events(EventQuery(country="UKR", since=date(2024, 1, 1))):
        ...

The schema is SQLAlchemy Core (`schema.py`), created and migrated by Alembic
(`flarewatch/migrations`); opening a store brings its database to the head revision.
"""

from __future__ import annotations

from flarewatch.storage.engine import resolve_url
from flarewatch.storage.migrate import upgrade
from flarewatch.storage.query import EventQuery, haversine_km
from flarewatch.storage.rows import content_hash
from flarewatch.storage.store import IngestReport, Store, open_store

__all__ = [
    "EventQuery",
    "IngestReport",
    "Store",
    "content_hash",
    "haversine_km",
    "open_store",
    "resolve_url",
    "upgrade",
]
