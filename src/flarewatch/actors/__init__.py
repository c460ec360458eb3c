"""Actor coding: country (ISO 3166-1 alpha-3, or IGO/NGO/IMG) + PLOVER sector.

Dictionaries load lazily on first use; importing this package reads nothing.
"""

from flarewatch.actors.cameo import cameo_root, quad_class
from flarewatch.actors.compose import code_phrase

__all__ = ["cameo_root", "code_phrase", "quad_class"]
