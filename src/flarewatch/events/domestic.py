"""The country of unnamed actors who belong to the place where an event happened.

"Riot police fired tear gas in Tbilisi": police act at home, so they are Georgia's;
civilians, rebels, refugees, opposition, students, unions, clergy and criminal gangs are
people of the place they are in; an unnamed governor, officials, residents or doctors
telling of a local event are that country's. Soldiers may be foreign: an unnamed army or
"a military aircraft" is the one state army the document names ("the Sudanese army"),
else the place's country only when the document names no state's forces. Soldiers who
suffer are the named or local army, never their attacker's. Gunmen, journalists and
spokespeople of no named employer get no country: none is guessed, nor for those who act
or speak in talks, deals and statements, whose place is a venue, except a state office
telling of its own state's words ("the state news agency reported") and a definite
government office of the one state its paragraph names, or of the country the rest of the
report is about ("the government called for a ceasefire"). Without a known
place, an unnamed government facing a country's rebels is that country's, and police and
officials take the one government the paragraph names. A thing struck where no people or
side are told (a refinery, a depot) is of the country where it was struck
(`struck_property`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from flarewatch.events.arguments import arguments
from flarewatch.events.detect import match_trigger
from flarewatch.events.lexicon import word_roles
from flarewatch.events.syntax import Token
from flarewatch.model import Document, Entity, Event, Place

# Unnamed groups and offices that belong to the country where they are.
HOME_SECTORS = frozenset({
    "CVL", "REB", "REF", "COP", "GOV", "MED", "OPP", "EDU", "LAB", "REL", "CRM", "SPY", "AGR",
})
# Offices that the government named beside them runs, when the place is unknown.
STATE_OFFICE_SECTORS = frozenset({"COP", "GOV"})
ARMY_SECTOR = "MIL"
# A state's own forces: soldiers they attack are another state's.
STATE_FORCES = frozenset({"MIL", "COP", "GOV", "SPY"})
# Events done on the ground where they happen; talks, deals and statements have venues.
LOCAL_EVENT_TYPES = frozenset({
    "ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "AID", "RETREAT", "CONCEDE",
})
INTERNATIONAL = frozenset({"IGO", "NGO", "IMG", "ISM", "MNC"})
# Denials answer what was said of a happening there: an unnamed state office or army
# denying ("a government spokesman denied that ...") is the home country's.
DENIALS = frozenset({"REJECT"})


def localise(
    doc: Document, event: Event, entity: Entity | None, acting: bool = True,
    by_name: bool = False,
) -> Entity | None:
    """`entity` with the country it belongs to, where it has none and one follows. Only an
    army that acts (or speaks) is placed: soldiers who suffer may be anyone's. `by_name`
    (given for a whole incident, `stages.incidents`): office-holders named by name are
    placed too (`home_office`); a mention's are not, so that a country guessed from the
    document keeps no telling apart from another."""
    if entity is None or entity.code is not None:
        return entity
    rebels = rebels_state(event, entity)
    if rebels is not None:
        return replace(entity, code=rebels)
    if acting and event.event in DENIALS and entity.sector in STATE_OFFICE_SECTORS | {ARMY_SECTOR}:
        country = home_country(doc, event)  # "a government spokesman denied that ..."
        return replace(entity, code=country) if country else entity
    if acting and event.event not in LOCAL_EVENT_TYPES:
        own = own_state_office(event, entity)  # a venue says nothing of whose officials
        return own if own.code is not None else home_office(doc, event, own, by_name)
    country = home_country(doc, event)
    if entity.sector in HOME_SECTORS and country:
        return replace(entity, code=country)
    if entity.sector in STATE_OFFICE_SECTORS:
        code = paragraph_government(doc, event)
        return replace(entity, code=code) if code else entity
    if entity.sector == ARMY_SECTOR:
        code = state_army(doc, country) if acting else attacked_army(doc, event, country)
        return replace(entity, code=code) if code else entity
    return entity


def struck_property(doc: Document, event: Event) -> Entity | None:
    """"Ukrainian drones hit an oil refinery in Syzran, in Russia's Samara region": a thing
    struck (the trigger's object, a noun of property: `property_words`), where no people or
    side are told, is of the country where it was struck, which the recipient takes, with
    no sector (whose property is not said). None for events other than ASSAULT, with no
    place, or with no such thing struck."""
    place = event.event_loc
    span = doc.trigger_span(event)
    if event.event != "ASSAULT" or place is None or not place.country or span is None:
        return None
    _, struck = arguments(span.root)
    thing = struck_thing(span.root, struck[0]) if struck else None
    if thing is None or thing.pos_ != "NOUN" or thing.lemma_.lower() not in property_words():
        return None
    words = [token for token in thing.subtree if token.i <= thing.i]  # "an oil refinery"
    return Entity(text=doc.text[words[0].idx:thing.idx + len(thing)], code=place.country,
                  sector=None)


def property_words() -> frozenset[str]:
    """Nouns of things that are property (`data/events/property.tsv`)."""
    return word_roles("events/property.tsv").get("property", frozenset())


def struck_thing(trigger: Token, head: Token) -> Token | None:
    """The object's head, or where the object completes the trigger's own words ("set
    *fire* to a depot", "opened *fire* on a bus": a needed word of its `triggers.tsv`
    row) what its "to", "on" or "at" phrase (or the trigger's) names."""
    entry = match_trigger(trigger)
    if entry is None or head.lemma_.lower() not in entry.needs:
        return head
    preps = [c for word in (head, trigger) for c in word.children if c.dep_ == "prep"]
    named = [word for prep in preps if prep.lower_ in ("to", "on", "at", "into", "upon")
             for word in prep.children if word.dep_ == "pobj"]
    return named[0] if named else None


def attacked_army(doc: Document, event: Event, country: str | None) -> str | None:
    """The state of unnamed soldiers who suffer ("ambushed an army patrol"): the army the
    document names or the place's, never the attacker's own ("Israeli jets killed soldiers
    in Syria": Syria's)."""
    actor = event.actor
    attacker = actor.code if actor is not None and actor.sector in STATE_FORCES else None
    for code in (state_army(doc, country), country):
        if code is not None and code != attacker:
            return code
    return None


def own_state_office(event: Event, entity: Entity) -> Entity:
    """"North Korea warned ..., the state news agency reported": an unnamed state office
    or spokesman telling of a state's own words or acts speaks for that state."""
    actor = event.actor
    if entity.sector not in STATE_OFFICE_SECTORS or actor is None or actor is entity:
        return entity
    state_side = actor.sector is None or actor.sector in STATE_FORCES  # "North Korea" itself
    state = actor.code if state_side and actor.code not in INTERNATIONAL else None
    return replace(entity, code=state) if state else entity


def home_office(doc: Document, event: Event, entity: Entity, by_name: bool = False) -> Entity:
    """"The government also called for a ceasefire", "the state government said it had asked
    for more police" in a report about one country: an unnamed government or police office
    is that of the one state whose government its paragraph names, else of the country most
    of the document's places are in (`focus_country`), as the gold files code it. Only a
    definite office (`data/actors/home_offices.tsv`: "the government", "the interior
    ministry"): "officials said the talks would resume in Doha" says nothing of whose
    officials, nor is a forum of tribal leaders a state office. A definite army ("the
    army accused the ELN") is that country's where the document names no state's forces.
    With `by_name`, an office held by someone named is definite too (`definite`)."""
    if entity.sector == ARMY_SECTOR and definite(entity, "army"):
        forces = any(is_state_force(m.entity) for m in doc.actors)
        code = None if forces else background_focus(doc, event)  # "the army accused the ELN"
    elif entity.sector in STATE_OFFICE_SECTORS and definite(entity, "office", by_name):
        named = paragraph_governments(doc, event)
        code = named.pop() if len(named) == 1 else None if named else background_focus(doc, event)
    else:
        code = None
    return replace(entity, code=code) if code else entity


def definite(entity: Entity, role: str, by_name: bool = False) -> bool:
    """"the government", "the army": a phrase opened by "the" holding a word of `role` in
    `data/actors/home_offices.tsv`; with `by_name`, so is an office held by someone named
    ("Interior Minister Kipchumba Murkomen", "President Joseph Aoun": no article, a
    capitalised name closing it)."""
    text = entity.text or ""
    words = text.lower().split()
    held = words[:1] == ["the"] or (by_name and held_by_name(text))
    return held and bool(set(words) & word_roles("actors/home_offices.tsv")[role])


def held_by_name(text: str) -> bool:
    """A title with its holder's name: no article first, a capitalised word last."""
    words = text.split()
    return bool(words) and words[0].lower() not in ("a", "an", "the") and words[-1][:1].isupper()


def background_focus(doc: Document, event: Event) -> str | None:
    """`majority_country` of the places outside the event's own sentence (a venue: "called
    for talks in Istanbul") that no actor names ("thanked Qatar")."""
    own = doc.sentence_at(event.start)
    return majority_country(p for p in doc.places if not names_actor(doc, p)
                            and (own is None or not own.start <= p.start < own.end))


def names_actor(doc: Document, place: Place) -> bool:
    return any(m.start <= place.start and place.end <= m.end for m in doc.actors)


def home_country(doc: Document, event: Event) -> str | None:
    """The country where it happened, else the document's focus; not where a country's
    name is a party ("thanked Turkey": Turkey is thanked there; "jets hit Khartoum" is where)."""
    place = event.event_loc
    if place is None:
        return focus_country(doc)
    named = any(m.start == place.start and m.end == place.end for m in doc.actors)
    return None if named and place.precision == "country" else place.country


def focus_country(doc: Document) -> str | None:
    """The country most of the document's places are in, where most are in one."""
    return majority_country(doc.places)


def majority_country(places: Iterable[Place]) -> str | None:
    """The country more than half of the places (those with a country) are in, else None."""
    countries = Counter(place.country for place in places if place.country)
    if not countries:
        return None
    country, count = countries.most_common(1)[0]
    return country if count * 2 > sum(countries.values()) else None


def state_army(doc: Document, country: str | None) -> str | None:
    """The state whose forces an unnamed army is: the only one the document names, or the
    place's own when the document names none."""
    armies = {m.entity.code for m in doc.actors if is_state_force(m.entity)}
    if len(armies) == 1:
        return armies.pop()
    return country if not armies else None


def is_state_force(entity: Entity) -> bool:
    code = entity.code
    return entity.sector == ARMY_SECTOR and code is not None and code not in INTERNATIONAL


def rebels_state(event: Event, entity: Entity) -> str | None:
    """"The government and the M23 rebels agreed": rebels face their own state's government."""
    others = [party for party in (event.actor, event.recipient) if party is not entity]
    codes = {p.code for p in others if p is not None and p.sector == "REB" and p.code}
    return codes.pop() if entity.sector == "GOV" and len(codes) == 1 else None


def paragraph_government(doc: Document, event: Event) -> str | None:
    """The one state whose government the event's paragraph names ("the Georgian government
    ... police said"), other than the event's own parties ("met the Iranian ambassador")."""
    codes = paragraph_governments(doc, event)
    return codes.pop() if len(codes) == 1 else None


def paragraph_governments(doc: Document, event: Event) -> set[str]:
    """The states whose governments the event's paragraph names, but its own parties."""
    start = doc.text.rfind("\n", 0, event.start) + 1
    end = doc.text.find("\n", event.end)
    end = len(doc.text) if end < 0 else end
    codes = {
        m.entity.code for m in doc.actors
        if start <= m.start < end and m.entity.sector == "GOV"
        and m.entity.code and m.entity.code not in INTERNATIONAL
    }
    codes -= {party.code for party in (event.actor, event.recipient) if party is not None}
    return codes


# Weapons only a state's forces use in most wars: an air strike, a drone.
REMOTE_MODES = frozenset({"aerial", "drone"})


def remote_attacks(events: list[Event]) -> list[Event]:
    """"A drone hit a minibus outside Dangila" in a report whose attacks are told of one
    state's forces only ("Ethiopian forces", "the air force"): the air or drone strike whose
    attacker is unnamed (`REMOTE_MODES`) is taken as that state's, as ACLED and the gold
    files code such strikes from context; not where another side is told attacking (a
    second state, an armed group), nor a strike on forces (the drone attacks on Russia's
    Hmeimim base told beside Russia's strikes were another side's)."""
    named = [e.actor for e in events
             if e.event == "ASSAULT" and e.actor is not None and not unidentified(e.actor)]
    states = {actor.code for actor in named}
    if len(states) != 1 or not all(is_state_force(actor) for actor in named):
        return events  # two sides attack, or an armed group does
    state = states.pop() or ""
    return [attributed(event, state) for event in events]


def unidentified(actor: Entity | None) -> bool:
    """An attacker neither a country nor a named sector gives: none, or unidentified armed
    men (UAF)."""
    return actor is None or (actor.code is None and actor.sector in (None, "UAF"))


def attributed(event: Event, state: str) -> Event:
    actor, victims = event.actor, event.recipient
    if actor is None or not unidentified(actor):
        return event
    forces = victims is not None and victims.sector in STATE_FORCES  # the other side's strike?
    if event.event != "ASSAULT" or event.mode not in REMOTE_MODES or forces:
        return event
    return replace(event, actor=replace(actor, code=state, sector=ARMY_SECTOR))
