"""How two event places relate: the same, one inside the other, near, or apart.

Containment follows the place's `precision`: a country holds every place of that country,
a region every place of its admin1 (where both places know theirs), else every place
within its reach.
"""

from __future__ import annotations

from flarewatch.evaluation.matching import great_circle_km
from flarewatch.model import Place

NEAR_KM = 30.0  # a town and its outskirts, a camp beside a city
REGION_KM = 150.0  # reach of a region with no admin1 of its own
DISTRICT_KM = 50.0  # reach of a second-level division (a district, a municipality)
SPECIFICITY = {"point": 3, "town": 2, "region": 1, "country": 0}


def relation(first: Place | None, second: Place | None) -> str:
    """`same`, `inside`, `near`, `differ`, or `unknown` where either is missing or is a
    region across countries."""
    if first is None or second is None or spans_countries(first) or spans_countries(second):
        return "unknown"
    if same_place(first, second):
        return "same"
    if unlisted(first) and unlisted(second):
        return "differ"  # two villages the gazetteer lacks, each at its container's point
    if contains(first, second) or contains(second, first):
        return "inside"
    distance = great_circle_km(first.lat, first.lon, second.lat, second.lon)
    return "near" if distance <= NEAR_KM else "differ"


def unlisted(place: Place) -> bool:
    """A place the gazetteer lacks, put at a point the text gives for it (`geo.unlisted`:
    no id, no feature): two such places of different names are two villages, however near
    their borrowed points lie."""
    return place.geonameid is None and place.feature is None


def spans_countries(place: Place) -> bool:
    """A region of no one country ("the Middle East", "the Sahel") places nothing."""
    return place.country is None and place.precision in ("region", "country")


def same_place(first: Place, second: Place) -> bool:
    if first.geonameid is not None and first.geonameid == second.geonameid:
        return True
    return first.name == second.name and first.country == second.country


def contains(outer: Place, inner: Place) -> bool:
    """Whether `outer` is a wider area that holds `inner`: the first-level division that
    the inner place names as its admin1 ("Balochistan" holds the Kech district, both
    regions), or a coarser place that holds it. A second-level division (a district, a
    municipality, or an unlisted village placed at one: `is_district`) holds only
    places of its admin1 within `DISTRICT_KM`, not every town of the province ("Argelia"
    does not hold Suarez)."""
    if outer.precision == "region" and outer.name == inner.admin1 != inner.name \
            and outer.country == inner.country:
        return True
    if specificity(outer) >= specificity(inner):
        return False
    if outer.precision == "country":
        return outer.country is not None and outer.country == inner.country
    district = is_district(outer)
    if outer.admin1 and inner.admin1 and outer.country == inner.country:
        if outer.admin1 != inner.admin1:
            return False  # the Mykolaiv region does not hold Odesa
        if not district:
            return True
    reach = DISTRICT_KM if district else REGION_KM
    return great_circle_km(outer.lat, outer.lon, inner.lat, inner.lon) <= reach


def is_district(place: Place) -> bool:
    """A second-level division (`adm2`), or a village the gazetteer lacks placed at the
    division that holds it (`geo.unlisted`: no id, no feature, an admin1)."""
    placed = unlisted(place) and place.admin1 is not None and place.precision == "region"
    return place.feature == "adm2" or placed


def specificity(place: Place) -> int:
    """How narrow a place is; a region across countries ("the Middle East") is the widest."""
    return -1 if spans_countries(place) else SPECIFICITY.get(place.precision, 0)
