"""Incident fields merged from tellings, and place relations, on hand-built events."""

from __future__ import annotations

import pytest

from flarewatch.incidents.compare import weights
from flarewatch.incidents.merge import merged
from flarewatch.incidents.places import relation
from flarewatch.model import Entity, Event, Place, Size

KIRKUK = Place("Kirkuk", "Kirkuk", 35.47, 44.39, "town", 94787, "IRQ", "Kirkuk")
NEAR_KIRKUK = Place("Laylan", "Laylan", 35.30, 44.50, "town", 1, "IRQ", "Kirkuk")
MOSUL = Place("Mosul", "Mosul", 36.34, 43.13, "town", 99072, "IRQ", "Nineveh")
IRAQ = Place("Iraq", "Iraq", 33.0, 44.0, "country", 99237, "IRQ", None)
NINEVEH = Place("Nineveh", "Nineveh", 36.2, 42.9, "region", 2, "IRQ", "Nineveh")
DONBAS = Place("Donbas", "Donbas", 48.0, 38.0, "region", None, "UKR", None)
KRAMATORSK = Place("Kramatorsk", "Kramatorsk", 48.72, 37.56, "town", 3, "UKR", "Donetsk")
SAHEL = Place("the Sahel", "Sahel", 15.0, 0.0, "region", None, None, None)
# A second-level division and an unlisted village placed at it (geo.unlisted), with a town
# of the same province about 100 km away and one inside the division.
TOTORO = Place("Totoro", "Totoro", 2.51, -76.40, "region", 4, "COL", "Cauca", feature="adm2")
VILLAGE = Place("La Palma", "La Palma", 2.51, -76.40, "region", None, "COL", "Cauca")
GUAPI = Place("Guapi", "Guapi", 2.57, -77.89, "town", 5, "COL", "Cauca")
GABRIEL_LOPEZ = Place("Gabriel Lopez", "Gabriel Lopez", 2.48, -76.30, "town", 6, "COL", "Cauca")


def telling(start: int, **fields: object) -> Event:
    base = Event("ASSAULT", start, start + 10, start // 100, "x", start, start + 3)
    for name, value in fields.items():
        setattr(base, name, value)
    return base


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (KIRKUK, KIRKUK, "same"),
        (KIRKUK, IRAQ, "inside"),
        (IRAQ, KIRKUK, "inside"),
        (KIRKUK, MOSUL, "differ"),
        (KIRKUK, NEAR_KIRKUK, "near"),
        (KIRKUK, None, "unknown"),
        (KIRKUK, SAHEL, "unknown"),
        (MOSUL, NINEVEH, "inside"),
        (KIRKUK, NINEVEH, "differ"),  # within 150 km of the region's centre, another admin1
        (KRAMATORSK, DONBAS, "inside"),  # a named area with no admin1: by its reach
        (GUAPI, TOTORO, "differ"),  # a district holds no town of its province 160 km off
        (GABRIEL_LOPEZ, TOTORO, "inside"),
        (GUAPI, VILLAGE, "differ"),  # nor does an unlisted village placed at one
    ],
)
def test_place_relation(first: Place, second: Place | None, expected: str) -> None:
    assert relation(first, second) == expected


def test_most_specific_place_and_largest_toll() -> None:
    incident = merged([
        telling(0, event_loc=IRAQ, size=Size(dead=13)),
        telling(100, event_loc=KIRKUK, size=Size(dead=17, injured=40)),
        telling(200, size=Size(dead=13)),
    ])
    assert incident.event_loc == KIRKUK
    assert incident.size == Size(dead=17, injured=40)  # the largest figure, never a sum
    assert len(incident.tellings()) == 3


@pytest.mark.parametrize(("places", "expected"), [
    ((IRAQ, KIRKUK), KIRKUK),
    ((SAHEL, IRAQ), IRAQ),  # a region across countries is wider than any country
    ((IRAQ, SAHEL), IRAQ),
    ((SAHEL, None), SAHEL),
])
def test_most_specific_place(places: tuple[Place | None, ...], expected: Place) -> None:
    tellings = [telling(100 * i, event_loc=place) for i, place in enumerate(places)]
    assert merged(tellings).event_loc == expected


def test_coded_actor_from_any_telling_and_most_certain_modality() -> None:
    unnamed = Entity("", sector="UAF")
    claimant = Entity("Islamic State", code="IMG", sector="REB")
    incident = merged([
        telling(0, actor=unnamed, modality="reported"),
        telling(100, actor=claimant, modality="claimed"),
        telling(200, modality="asserted"),
    ])
    assert incident.actor == claimant
    assert incident.modality == "asserted"


def test_a_named_party_wins_over_an_inferred_one() -> None:
    inferred = Entity("", code="KEN", sector="CVL")  # unnamed protesters, placed
    students = Entity("students", code="KEN", sector="EDU")
    assert merged([telling(0, actor=inferred), telling(100, actor=students)]).actor == students
    assert merged([telling(0, actor=inferred), telling(100)]).actor == inferred


def test_lede_stays_principal_unless_a_later_telling_is_much_richer() -> None:
    lede = telling(0, event_loc=KIRKUK)
    richer_by_one = telling(100, event_loc=KIRKUK, date="2024-03-09")
    assert merged([lede, richer_by_one]).start == 0
    much_richer = telling(100, event_loc=KIRKUK, date="2024-03-09", size=Size(dead=3))
    assert merged([telling(0), much_richer]).start == 100


def test_precise_date_wins() -> None:
    month = telling(0, date="2024-03-01", enddate="2024-03-31", date_precision="month")
    day = telling(100, date="2024-03-09", enddate="2024-03-09", date_precision="day")
    assert merged([month, day]).date == "2024-03-09"


def test_every_feature_value_has_a_weight() -> None:
    table = weights().table
    features = {name for name, _ in table}
    assert {"place", "date", "actor", "telling", "marker", "distance"} <= features
    assert weights().threshold > 0


@pytest.mark.parametrize(("modes", "expected"), [
    ((None, "destroy"), None),  # "killed ... Several houses were destroyed": no means told
    ((None, "destroy", "firearms"), "firearms"),  # the first means told wins over damage
    ((None, "heavy-weapons", "destroy"), "heavy-weapons"),
    (("destroy", "firearms"), "destroy"),  # the principal telling's own mode stays
])
def test_mode_is_a_means_not_the_damage(modes: tuple[str | None, ...],
                                        expected: str | None) -> None:
    incident = merged([telling(100 * i, mode=mode) for i, mode in enumerate(modes)])
    assert incident.mode == expected
