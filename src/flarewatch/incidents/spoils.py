"""Weapons taken in an act told in the same sentence are that act's spoils.

"JNIM claimed to have killed 40 soldiers and seized weapons and vehicles", "a police
operation left four suspects dead, according to the police, which said it had seized three
rifles": annotators list the seizure as a telling of the clash, raid or arrest it came
from (one record per incident, `shared/eval/ANNOTATION.md`), and ACLED codes it with that
event. A seizure of weapons (`seizing` verbs whose object is `weapon` words,
`data/incidents/words.tsv`) told in the sentence of an assault or an arrest, on a day and
at a place that may be the same and by a side that may be the act's, is retold with that
act's type, so that the comparison (`compare.telling`: `spoils`) joins it there. A
seizure told in a sentence of its own stays a COERCE (ACLED: Disrupted weapons use), as
annotators disagree there: "Troops seized four rifles" after the firefight is a telling of
it in some gold files and an event of its own in others (measured: joining those too lost
a required event on a held-out set), and "police seized a cache of 12 rifles in Imphal"
is an operation of its own. Of the same type already, an arrest and the weapons seized
in the next sentence join by the comparison alone (`spoils`).
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.incidents.compare import (
    date_relation,
    side_relation,
    takes_weapons,
    told_before,
    trigger_token,
)
from flarewatch.incidents.places import relation
from flarewatch.model import Document, Event

ACTS = frozenset({"ASSAULT", "COERCE"})
SAME_TIME = frozenset({"same_day", "overlap", "unknown"})  # compare.date_relation


def with_spoils(doc: Document, mentions: list[Event]) -> list[Event]:
    """The mentions, with seizures of weapons in an act just told retold as that act."""
    seizures = {id(m) for m in mentions if m.event == "COERCE" and is_seizure(doc, m)}
    acts = [m for m in mentions if m.event in ACTS and id(m) not in seizures]
    return [spoils_of(m, acts) if id(m) in seizures else m for m in mentions]


def spoils_of(mention: Event, acts: list[Event]) -> Event:
    act = told_act(mention, acts)
    return mention if act is None else replace(mention, event=act.event, mode=None, acled=None)


def told_act(mention: Event, acts: list[Event]) -> Event | None:
    """The last assault or arrest told before the mention in its sentence, on a day and at
    a place that may be the mention's, by a side that may be the seizer (weapons taken by
    the other side are another act)."""
    before = [act for act in told_before(mention, acts, 0)
              if (act.event == "ASSAULT" or act.mode == "arrest")
              and date_relation(mention, act) in SAME_TIME
              and relation(mention.event_loc, act.event_loc) != "differ"
              and side_relation(mention.actor, act.actor) != "differ"]
    return before[-1] if before else None


def is_seizure(doc: Document, mention: Event) -> bool:
    trigger = trigger_token(doc, mention)
    return trigger is not None and takes_weapons(trigger)
