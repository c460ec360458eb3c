"""Gazetteer look-up by name, for `flarewatch gazetteer lookup NAME`, and the country code
a name stands for, for the CLI's and the API's hints."""

from __future__ import annotations

from flarewatch.geo.index import load_gazetteer, to_place
from flarewatch.geo.resolve import ranked
from flarewatch.model import Place


def lookup(name: str, limit: int = 10) -> list[Place]:
    """The places a name may denote, likeliest first (the resolver's score without context)."""
    candidates = load_gazetteer().candidates(name)
    return [to_place(candidate, name) for candidate in ranked(name, candidates)[:limit]]


def suggested_alpha3(raw: str) -> str | None:
    """The ISO alpha-3 code of a country name or code pycountry knows ("Kenya", "KE",
    "ken" -> "KEN"), else None."""
    import pycountry

    try:
        return str(pycountry.countries.lookup(raw.strip()).alpha_3)
    except LookupError:
        return None


def alpha3_hint(raw: str) -> str:
    """" (did you mean KEN?)" for a name or code `suggested_alpha3` knows, else "": the hint
    the CLI's `--country` and the API's `country` give with their refusal."""
    found = suggested_alpha3(raw)
    return f" (did you mean {found}?)" if found else ""
