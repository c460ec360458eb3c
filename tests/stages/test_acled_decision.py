"""The ACLED decision on hand-built events: the sides and the place decide what the words
alone do not (`flarewatch.stages.acled`)."""

from __future__ import annotations

import pytest

from flarewatch.model import Casualty, Document, Entity, Event, Place
from flarewatch.pipeline import run

UKRAINE = Place(text="Kupiansk", name="Kupiansk", lat=49.71, lon=37.61, precision="town",
                country="UKR")
RUS_MIL = Entity("Russian troops", code="RUS", sector="MIL")
UKR_MIL = Entity("Ukrainian troops", code="UKR", sector="MIL")
GUNMEN = Entity("gunmen", sector="UAF")


def decided(text: str, trigger: str, actor: Entity | None, **fields: object) -> Event:
    """The `acled` stage run on one ASSAULT event of `text` (parsed) with these fields."""
    doc = run(Document(id="t", text=text), ("parse",))
    start = text.index(trigger)
    event = Event("ASSAULT", 0, len(text), 0, trigger, start, start + len(trigger),
                  actor=actor, **fields)  # type: ignore[arg-type]
    doc.events = [event]
    (coded,) = run(doc, ("acled",)).events
    return coded


@pytest.mark.parametrize(
    ("actor", "sub_event"),
    [(RUS_MIL, "Non-state actor overtakes territory"), (UKR_MIL, "Government regains territory")],
)
def test_ground_taken_by_the_state_in_its_own_territory_only(
    actor: Entity, sub_event: str,
) -> None:
    coded = decided("The troops captured the village.", "captured", actor, event_loc=UKRAINE)
    assert coded.acled is not None and coded.acled.sub_event_type == sub_event


@pytest.mark.parametrize(
    ("casualty", "sub_event"),
    [(Casualty(3, "dead", "soldiers", "MIL"), "Armed clash"),
     (Casualty(3, "dead", "farmers", "CVL"), "Attack")],
)
def test_counted_victims_decide_armed_or_unarmed(casualty: Casualty, sub_event: str) -> None:
    coded = decided("Gunmen killed three people.", "killed", GUNMEN, casualties=[casualty])
    assert coded.acled is not None and coded.acled.sub_event_type == sub_event
    assert coded.recipient is not None and coded.recipient.sector == casualty.sector


@pytest.mark.parametrize(
    ("text", "trigger", "sector"),
    [("Gunmen opened fire on an army checkpoint.", "opened", "MIL"),
     ("Gunmen opened fire on a crowded market.", "opened", "CVL"),
     ("Gunmen opened fire on the town.", "opened", None)],
)
def test_a_target_noun_fills_a_missing_recipient(text: str, trigger: str,
                                                 sector: str | None) -> None:
    coded = decided(text, trigger, GUNMEN)
    assert (coded.recipient.sector if coded.recipient else None) == sector


def test_a_recipient_that_is_the_actor_again_is_replaced_by_the_target() -> None:
    coded = decided("Gunmen opened fire on an army checkpoint.", "opened", GUNMEN,
                    recipient=GUNMEN)
    assert coded.recipient is not None and coded.recipient.sector == "MIL"
    assert coded.acled is not None and coded.acled.sub_event_type == "Armed clash"


def test_the_means_of_another_act_in_the_sentence_are_not_this_events() -> None:
    text = ("Rebels attacked an army base, the army said, adding that its air force had "
            "repelled the assault.")
    coded = decided(text, "attacked", Entity("Rebels", sector="REB"))
    assert coded.acled is not None and coded.acled.sub_event_type == "Armed clash"
