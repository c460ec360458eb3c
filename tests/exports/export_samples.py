"""Hand-built events for the exporter tests."""

from __future__ import annotations

from dataclasses import replace

from flarewatch.model import AcledType, Casualty, Entity, Event, Place, Size, TextSpan

SHELLING = AcledType("Explosions/Remote violence", "Shelling/artillery/missile attack")
STEPANAKERT = Place(text="Stepanakert", name="Khankendi", lat=39.8177, lon=46.7528,
                    precision="town", geonameid=586523, country="AZE", admin1="Khankendi")
AZE_MIL = Entity(text="Azerbaijani forces", name="Azerbaijan Armed Forces", code="AZE",
                 sector="MIL")
KARABAKH_MIL = Entity(text="Karabakh forces", name="Artsakh Defense Army", code="AZE",
                      sector="MIL", other_sectors=("PRE",))
CIVILIANS = Entity(text="civilians", code="AZE", sector="CVL")


def make_event(**fields: object) -> Event:
    """A located, dated ASSAULT by Azerbaijani forces on Karabakh forces; override freely."""
    event = Event(
        event="ASSAULT", start=10, end=40, sentence=1, event_text="shelled positions",
        trigger_start=10, trigger_end=17, mode="heavy-weapons", acled=SHELLING, cameo="195",
        actor=AZE_MIL, recipient=KARABAKH_MIL, event_loc=STEPANAKERT,
        date="2023-09-19", enddate="2023-09-19", date_precision="day", date_text="on Tuesday",
        size=Size(dead=27, injured=200), casualties=[Casualty(27, "dead", "people", None)],
        claimed_by=Entity(text="the ombudsman", code="AZE", sector="GOV"),
        modality="reported", confidence=0.8, id="ev-0000000000000001", doc_id="seed-1",
    )
    return replace(event, **fields)  # type: ignore[arg-type]


# The incident of `make_event` told twice more, before and after its principal span.
TELLINGS = [TextSpan(0, 8, 0), TextSpan(10, 40, 1), TextSpan(52, 60, 2)]
