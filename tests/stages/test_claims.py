"""Attribution and modality over a table of sentences, and who is credited with the claim."""

from __future__ import annotations

import pytest
from event_cases import mention, parsed, table

from flarewatch.api import annotate
from flarewatch.pipeline import run
from flarewatch.stages.claims import issuer

CASES = table("claims.tsv")
ISSUERS = table("release_issuers.tsv")


@pytest.mark.parametrize(("sentence", "modality"), CASES, ids=[row[0][:40] for row in CASES])
def test_modality(sentence: str, modality: str) -> None:
    doc = parsed(sentence, ("parse", "events", "roles", "claims"))
    assault = [event for event in doc.events if event.event == "ASSAULT"]
    assert [event.modality for event in assault] == [modality]


def test_claimed_by_is_the_speaker() -> None:
    text = "The Iraqi defence ministry said Turkish jets bombed a village."
    doc = parsed(text)
    doc.actors = [
        mention(text, "The Iraqi defence ministry", "IRQ", "MIL"),
        mention(text, "Turkish jets", "TUR", "MIL"),
    ]
    doc = run(doc, ("roles", "claims"))
    (event,) = doc.events
    assert event.claimed_by is not None and event.claimed_by.code == "IRQ"
    assert event.actor is not None and event.actor.code == "TUR"
    assert event.modality == "reported"


@pytest.mark.parametrize(("head", "row", "expected"), ISSUERS, ids=[r[0][:40] for r in ISSUERS])
def test_release_issuer(head: str, row: str, expected: str) -> None:
    found = issuer(head.replace("\\n", "\n"))
    assert (f"{found.code} {found.sector}" if found is not None else "-") == expected


def test_a_release_claims_what_it_tells_unless_a_source_is_told() -> None:
    text = ("PRESS RELEASE\nNigerian Army\n\nTroops killed ten bandits near Gusau on "
            "Monday. Residents said gunmen burned a village near Anka on Sunday.")
    doc = annotate(text, date="2025-05-06")
    by_trigger = {doc.text[e.trigger_start:e.trigger_end]: e.claimed_by for e in doc.events}
    assert by_trigger["killed"] is not None and by_trigger["killed"].code == "NGA"
    assert by_trigger["burned"] is not None and by_trigger["burned"].sector != "MIL"


def test_doubt_lowers_confidence() -> None:
    stages = ("parse", "events", "roles", "claims")
    sure = parsed("Rebels attacked the airport.", stages).events[0]
    doubtful = parsed("Rebels could attack the airport.", stages).events[0]
    assert 0.0 <= doubtful.confidence < sure.confidence <= 1.0


@pytest.mark.parametrize(("sentence", "kind", "modality"), [
    ("The army announced that it will shell the rebel positions.", "THREATEN", "threatened"),
    # PLOVER manual: an announced retreat or concession is CONCEDE, not AGREE
    ("The rebels said they will release the hostages.", "CONCEDE", "planned"),
    ("The council said it would lift the night curfew in Osk.", "CONCEDE", "planned"),
    ("The ministry said it would free the detained students.", "CONCEDE", "planned"),
    # a cooperative act promised for later is still an agreement
    ("The donors said they will send food aid to Osk.", "AGREE", "planned"),
    # a statement of intent is a threat, not an assault, and is threatened, not hypothetical
    ("The commander warned that his troops would storm the port.", "THREATEN", "threatened"),
    # a plan reported by others is the act, planned
    ("The army plans to launch an offensive on the city.", "ASSAULT", "planned"),
    # "would" in reported speech is the report's future, planned; "could" stays a supposition
    ("The ministry said troops would be deployed to the border on Friday.", "MOBILIZE", "planned"),
    ("The ministry said troops could be deployed to the border.", "MOBILIZE", "hypothetical"),
    ("Troops would be deployed to the border if the talks failed.", "MOBILIZE", "hypothetical"),
])
def test_announced_acts(sentence: str, kind: str, modality: str) -> None:
    doc = parsed(sentence, ("parse", "events", "roles", "claims"))
    assert [(event.event, event.modality) for event in doc.events] == [(kind, modality)]


SIDES = table("sides.tsv")


@pytest.mark.parametrize(("text", "date", "actor", "recipient", "sector"), SIDES,
                         ids=[row[0][:40] for row in SIDES])
def test_sides_in_context(text: str, date: str, actor: str, recipient: str, sector: str) -> None:
    (event,) = [e for e in annotate(text, date).events if e.event == "ASSAULT"]
    assert (event.actor.code if event.actor else None) == (None if actor == "-" else actor)
    assert event.recipient is not None
    assert (event.recipient.code or "-", event.recipient.sector) == (recipient, sector)


DOMESTIC = table("domestic.tsv")


@pytest.mark.parametrize(("text", "date", "kind", "role", "code"), DOMESTIC,
                         ids=[row[0][:40] for row in DOMESTIC])
def test_unnamed_actors_of_the_place(text: str, date: str, kind: str, role: str, code: str) -> None:
    event = [e for e in annotate(text, date).events if e.event == kind][-1]
    entity = getattr(event, role)
    assert (entity.code if entity is not None else None) == (None if code == "-" else code)


RESPONSIBILITY = table("responsibility.tsv")


@pytest.mark.parametrize(("text", "actor", "modality"), RESPONSIBILITY,
                         ids=[row[0][:40] for row in RESPONSIBILITY])
def test_claims_of_responsibility(text: str, actor: str, modality: str) -> None:
    (event,) = [e for e in annotate(text, "2024-03-04").events if e.event == "ASSAULT"]
    assert (event.actor.code if event.actor else None) == (None if actor == "-" else actor)
    assert event.modality == modality


@pytest.mark.parametrize(("text", "kinds"), [
    # a denial of an attack already told rejects the account; it is no second attack
    ("Jets bombed a clinic in Osk on Monday. The air force denied that the clinic had been hit"
     " by its jets.", ["ASSAULT", "REJECT"]),
    ("Troops shot three farmers near Osk. The army denied that its soldiers had killed anyone.",
     ["ASSAULT", "REJECT"]),
    # told only as denied, the denial is a REJECT (shared/eval/ANNOTATION.md); the attack
    # stays beside it, marked denied, where its own place, day or count tells it
    ("The rebels denied that they had shelled the airport.", ["REJECT"]),
    ("The rebels denied that they had shelled the airport in Juba on Monday.",
     ["REJECT", "ASSAULT"]),
    # a denial that civilians died, after an account of fighters killed, rejects no account
    # of that attack: it is a REJECT of its own, not the assault's second telling
    ("The army said forty rebels were killed in the assault. The rebels denied that their"
     " men had shelled civilians in the town.", ["ASSAULT", "REJECT"]),
])
def test_denials_of_told_events(text: str, kinds: list[str]) -> None:
    assert [event.event for event in annotate(text, "2024-03-04").events] == kinds


SAYERS = table("sayers.tsv")


@pytest.mark.parametrize(("text", "date", "kind", "code", "sector"), SAYERS,
                         ids=[row[0][:40] for row in SAYERS])
def test_who_says_so(text: str, date: str, kind: str, code: str, sector: str) -> None:
    (event,) = [e for e in annotate(text, date).events if e.event == kind]
    speaker = event.claimed_by
    got = (speaker.code or "-", speaker.sector or "-") if speaker else ("-", "-")
    assert got == (code, sector)

