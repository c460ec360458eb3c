"""flarewatch: news reports about armed conflict to sourced, mapped event data, offline."""

from flarewatch.api import annotate, extract
from flarewatch.model import Document, Entity, Event, Place, Timex

__all__ = ["Document", "Entity", "Event", "Place", "Timex", "annotate", "extract"]
__version__ = "0.1.0"
