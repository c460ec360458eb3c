"""Actor and recipient from hand-made actor mentions placed by the parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from event_cases import mention, parsed, table

from flarewatch.api import annotate, extract
from flarewatch.model import Entity
from flarewatch.pipeline import run

# (sentence, [(words, code, sector)], expected actor code, expected recipient code)
CASES = [
    # the verb that puts someone under a noun's state gives the noun's sides
    ("The Ruritanian president placed the Borduvian envoy under house arrest.",
     [("The Ruritanian president", "RUR", "GOV"), ("the Borduvian envoy", "BOR", "GOV")],
     "RUR", "BOR"),
    ("Ruritanian troops shelled the border town of Osk.",
     [("Ruritanian troops", "RUR", "MIL")], "RUR", None),
    ("Two villagers were killed by mines laid by the Borduvian army.",
     [("Two villagers", None, "CVL"), ("the Borduvian army", "BOR", "MIL")], "BOR", None),
    ("The Ruritanian government and the Borduvian government agreed on a truce.",
     [("The Ruritanian government", "RUR", "GOV"), ("the Borduvian government", "BOR", "GOV")],
     "RUR", "BOR"),
    ("Borduvian shelling of Ruritanian positions continued.",
     [("Borduvian", "BOR", "MIL"), ("Ruritanian positions", "RUR", "MIL")], "BOR", "RUR"),
    ("The Ruritanian army says it has captured the Borduvian garrison.",
     [("The Ruritanian army", "RUR", "MIL"), ("the Borduvian garrison", "BOR", "MIL")],
     "RUR", "BOR"),
    # a relative pronoun stands for the noun its clause is on
    ("Ruritanian soldiers who were shot by Borduvian troops were buried.",
     [("Ruritanian soldiers", "RUR", "MIL"), ("Borduvian troops", "BOR", "MIL")], "BOR", "RUR"),
    ("Borduvian gunmen who ambushed a Ruritanian patrol escaped.",
     [("Borduvian gunmen", "BOR", "UAF"), ("a Ruritanian patrol", "RUR", "MIL")], "BOR", "RUR"),
]


@pytest.mark.parametrize(("text", "mentions", "actor", "recipient"), CASES,
                         ids=[case[0][:40] for case in CASES])
def test_actor_and_recipient(text: str, mentions: list, actor: str, recipient: str | None) -> None:
    doc = parsed(text)
    doc.actors = [mention(text, *m) for m in mentions]
    doc = run(doc, ("roles",))
    event = doc.events[0]
    assert event.actor is not None and event.actor.code == actor
    assert (event.recipient.code if event.recipient else None) == recipient


def test_unnamed_attacker_is_kept_as_unidentified() -> None:
    doc = run(parsed("A bomb exploded in the market."), ("roles",))
    (event,) = doc.events
    assert event.actor is not None and event.actor.code is None and event.actor.sector == "UAF"


# (text, [(words, code, sector)], expected actor code of the last event)
RETOLD = [
    ("Borduvian troops shelled Osk on Monday. The offensive has killed ten civilians.",
     [("Borduvian troops", "BOR", "MIL")], "BOR"),
    # an offensive with nothing told before it keeps an unidentified actor
    ("The offensive has killed ten civilians.", [], None),
]


@pytest.mark.parametrize(("text", "mentions", "actor"), RETOLD, ids=[c[0][:40] for c in RETOLD])
def test_event_noun_acting_takes_the_actor_told_before(
    text: str, mentions: list, actor: str | None
) -> None:
    doc = parsed(text)
    doc.actors = [mention(text, *m) for m in mentions]
    last = run(doc, ("roles",)).events[-1]
    assert last.actor is not None and last.actor.code == actor


PARTNERS = table("partners.tsv")


def code_and_sector(entity: Entity | None) -> str:
    return f"{entity.code}/{entity.sector}" if entity is not None else "-"


@pytest.mark.parametrize(("text", "kind", "actor", "recipient"), PARTNERS,
                         ids=[row[0][:40] for row in PARTNERS])
def test_coordinated_partners(text: str, kind: str, actor: str, recipient: str) -> None:
    (event,) = [e for e in annotate(text, "2024-03-04").events if e.event == kind]
    assert (code_and_sector(event.actor), code_and_sector(event.recipient)) == (actor, recipient)


PROTEST_ACTORS = table("protest_actors.tsv")


@pytest.mark.parametrize(("text", "date", "sector", "why"), PROTEST_ACTORS,
                         ids=[row[0][:40] for row in PROTEST_ACTORS])
def test_a_protest_is_done_by_its_crowd(text: str, date: str, sector: str, why: str) -> None:
    (protest,) = [event for event in extract(text, date) if event.event == "PROTEST"]
    assert protest.actor is not None and protest.actor.sector == sector, why


def _actor_texts() -> list[tuple[str, str, str]]:
    """Rows of `actor_texts.tsv` (text, date, the actor's words), half of them traps."""
    path = Path(__file__).with_name("actor_texts.tsv")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()[1:]
             if line.strip() and not line.startswith("#")]
    return [tuple(line.split("\t")) for line in lines]  # type: ignore[misc]


@pytest.mark.parametrize(("text", "date", "words"), _actor_texts(),
                         ids=[row[0][:40] for row in _actor_texts()])
def test_actor_text_is_the_naming_words(text: str, date: str, words: str) -> None:
    events = extract(text, date)
    assert events and events[0].actor is not None
    assert events[0].actor.text == words


# (text, date, trigger of the event, its expected actor code): a definite event noun acting
# takes the actor of the event it retells (`roles.conductor`); half are traps.
CONDUCTORS = [
    ("U.S. jets strike militants in the hills\n\nA suicide bomber drove a car into a "
     "checkpoint in Qandala on Sunday, killing five soldiers. The blast destroyed the "
     "checkpoint and a tea shop.", "2025-03-18", "destroyed", None),
    ("Israeli jets strike targets in Gaza\n\nA gunman opened fire at a checkpoint near "
     "Hebron on Sunday, killing two soldiers. The shooting wounded three others.",
     "2024-07-09", "wounded", None),
    ("Syrian troops launched an offensive on Douma in March. Rebels said they had "
     "repelled attacks. Aid groups said food had run out.\n\nRefugees described the "
     "siege. The offensive killed hundreds of civilians.", "2018-04-10", "killed", "SYR"),
    ("Gunmen attacked a bus near Kaya on Monday. Three soldiers were wounded. The "
     "attack killed two drivers.", "2024-06-04", "killed", None),
]


@pytest.mark.parametrize(("text", "date", "trigger", "code"), CONDUCTORS,
                         ids=[case[2] + str(number) for number, case in enumerate(CONDUCTORS)])
def test_event_noun_takes_the_retold_actor(text: str, date: str, trigger: str,
                                           code: str | None) -> None:
    doc = annotate(text, date, stages=("parse", "places", "timexes", "actors", "events", "roles"))
    found = [e for e in doc.events if text[e.trigger_start:e.trigger_end] == trigger]
    assert found and (found[-1].actor.code if found[-1].actor else None) == code


def _capital_places() -> list[tuple[str, ...]]:
    """Rows of `capital_places.tsv` (text, date, trigger, actor code or -), half traps."""
    path = Path(__file__).with_name("capital_places.tsv")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()[1:]
             if line.strip() and not line.startswith("#")]
    return [tuple(line.split("\t")) for line in lines]


@pytest.mark.parametrize(("text", "date", "trigger", "code"), _capital_places(),
                         ids=[row[0][:40] for row in _capital_places()])
def test_a_capital_before_an_event_noun_is_its_place(text: str, date: str, trigger: str,
                                                      code: str) -> None:
    doc = annotate(text, date, stages=("parse", "places", "timexes", "actors", "events", "roles"))
    found = [e for e in doc.events if text[e.trigger_start:e.trigger_end] == trigger]
    assert found, f"no event at {trigger!r}"
    assert ((found[0].actor.code if found[0].actor else None) or "-") == code
