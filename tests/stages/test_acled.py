"""ACLED types from PLOVER type, mode, trigger and actor, on hand-built events."""

from __future__ import annotations

import pytest

from flarewatch.model import Document, Entity, Event
from flarewatch.pipeline import run

SUB_EVENTS = {
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Sexual violence", "Attack",
    "Abduction/forced disappearance", "Peaceful protest", "Protest with intervention",
    "Excessive force against protesters", "Violent demonstration", "Mob violence", "Agreement",
    "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
}


def event(text: str, kind: str, mode: str | None, trigger: str, sector: str | None) -> Event:
    """An event whose actor has `sector`; victims named "farmers" are civilians."""
    start = text.index(trigger)
    actor = Entity("x", code="XXX", sector=sector) if sector and sector != "CVL" else None
    victims = Entity("farmers", sector="CVL") if "farmers" in text and kind == "ASSAULT" else None
    return Event(kind, 0, len(text), 0, trigger, start, start + len(trigger), mode=mode,
                 actor=actor, recipient=victims)


CASES = [
    ("troops shelled the town", "ASSAULT", "heavy-weapons", "shelled", "MIL",
     "Shelling/artillery/missile attack"),
    ("a mine exploded", "ASSAULT", "explosives", "exploded", None, "Remote explosive/landmine/IED"),
    ("jets bombed the camp", "ASSAULT", "aerial", "bombed", "MIL", "Air/drone strike"),
    ("the army captured the town", "ASSAULT", None, "captured", "MIL",
     "Government regains territory"),
    ("rebels captured the town", "ASSAULT", None, "captured", "REB",
     "Non-state actor overtakes territory"),
    ("farmers protested", "PROTEST", "demo", "protested", "CVL", "Peaceful protest"),
    ("the parties agreed", "AGREE", None, "agreed", "GOV", "Agreement"),
    ("police arrested students", "COERCE", "arrest", "arrested", "COP", "Arrests"),
    ("the minister praised the deal", "SUPPORT", None, "praised", "GOV", None),
    ("gunmen shot two farmers", "ASSAULT", "firearms", "shot", "CVL", "Attack"),
]


@pytest.mark.parametrize(("text", "kind", "mode", "trigger", "sector", "sub_event"), CASES,
                         ids=[case[0] for case in CASES])
def test_acled_sub_event(text: str, kind: str, mode: str | None, trigger: str,
                         sector: str | None, sub_event: str | None) -> None:
    doc = run(Document(id="t", text=text), ("parse",))
    doc.events = [event(text, kind, mode, trigger, sector)]
    (coded,) = run(doc, ("acled",)).events
    assert (coded.acled.sub_event_type if coded.acled else None) == sub_event


def test_rules_use_acled_strings() -> None:
    from flarewatch.events.lexicon import acled_rules

    assert {rule.sub_event_type for rule in acled_rules()} <= SUB_EVENTS


def test_cameo_root_is_set() -> None:
    text = "troops shelled the town"
    shelled = event(text, "ASSAULT", "heavy-weapons", "shelled", "MIL")
    doc = Document(id="t", text=text, events=[shelled])
    (coded,) = run(doc, ("acled",)).events
    assert coded.cameo == "19"
