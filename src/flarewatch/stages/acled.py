"""ACLED event and sub-event type, and the CAMEO root code, of each event.

The decision follows `shared/spec/ACLED.md`: the kind of interaction first (two armed
sides, an armed side on unarmed people, a crowd), then the means, then territory. Rules
live in `data/events/acled.tsv` (first match wins); a rule reads the PLOVER type, mode and
trigger, cue words (`data/events/acled_words.tsv` by role) and the two sides. The other
side is the recipient, else the victims counted, else the target a noun of the trigger's
phrase names (`data/events/acled_targets.tsv`); a recipient that is the actor again is no
other side. Where the text names no recipient, the side found becomes the recipient (code
unknown), so the ACLED export's `inter2` comes from the same decision; a recipient with no
sector (a place, a country named) gives way to the victims counted, and a position the
state's forces hit is their enemy's, not their own. Territory taken is
"Government regains territory" only for the state's own forces in its own territory.
Events ACLED does not code keep `acled = None`. A state named as actor by its country
alone gets the sector of the arm that does the act.
Reads `doc.events` (type, mode, actor, recipient, casualties, place) and `doc.parse`; sets
`event.acled`, `event.cameo`, a missing recipient (the target of an attack, the police a
crowd turns on), and the sector of such actors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cache

from flarewatch.actors.cameo import cameo_root
from flarewatch.events.detect import into_the_sky, match_trigger
from flarewatch.events.domestic import localise, struck_property
from flarewatch.events.lexicon import (
    AcledRule,
    acled_rules,
    read_rows,
    state_sectors,
    victim_sectors,
)
from flarewatch.events.lexicon import word_roles as lexicon_roles
from flarewatch.events.syntax import Token, in_sequence
from flarewatch.exports.acled_codes import (
    STATE_SECTORS,
    other_side,
    same_side,
    sectors,
)
from flarewatch.model import AcledType, Document, Entity, Event
from flarewatch.pipeline import stage

WORDS = "events/acled_words.tsv"
CIVILIAN_SECTORS = frozenset({
    "CVL", "JRN", "MED", "REF", "EDU", "AGR", "LAB", "BUS", "REL", "ELI", "OPP", "PTY",
})
# Sectors of people who bear arms (forces, armed groups, unknown attackers), and of those who
# do not: civilians and the state's civilian officials.
FORCE_SECTORS = frozenset({"MIL", "COP", "SPY", "REB", "INS", "SEP", "PRM", "CRM", "UAF"})
UNARMED_SECTORS = CIVILIAN_SECTORS | {"GOV", "LEG", "JUD"}
# Sectors of armed groups that are not the state (PLOVER): rebels, insurgents, separatists,
# militias, criminal gangs.
ARMED_GROUP_SECTORS = frozenset({"REB", "INS", "SEP", "PRM", "CRM"})
# PLOVER types whose missing recipient the decision fills from what was hit: an attack's
# target; the police a crowd turns on (only an armed side: a protest's cause is no side).
TARGETED = {"ASSAULT": frozenset({"armed", "civilian"}), "PROTEST": frozenset({"armed"})}
# Entity labels of dates and times: their words are never cues.
DATES = frozenset({"DATE", "TIME"})
# Dependencies of the trigger that name who acted, not what was hit.
AGENT_DEPS = frozenset({"nsubj", "agent", "csubj"})


@dataclass(frozen=True)
class Facts:
    """What one event's decision reads: the trigger lemma, the cue words of its evidence
    span, the words told in its sentence (`told`) and all of the sentence (`sentence`), the
    verbs joined to the trigger by "and" (`joined`: "stormed and occupied");
    words as lemmas and lower-case forms (`words_of`)."""

    trigger: str
    cues: frozenset[str]
    told: frozenset[str]
    sentence: frozenset[str]
    joined: frozenset[str] = frozenset()


@stage("acled")
def acled(doc: Document) -> Document:
    for event in doc.events:
        event.actor = as_state(event, event.actor, own_forces(doc, event))
        if event.event in TARGETED and other_side(event) is None:
            found = coded_as(target_side(doc, event), event.recipient)
            event.recipient = localise(doc, event, found, acting=False)  # soldiers in Syria
        elif event.event in TARGETED and (victims := victims_for(event)) is not None:
            found = coded_as(victims, event.recipient)
            event.recipient = localise(doc, event, found, acting=False)
        event.recipient = enemy_forces(event)
        event.acled = acled_type(event, event_facts(doc, event))
        event.cameo = cameo_root(event.event, event.mode)
        event.recipient = event.recipient or struck_property(doc, event)  # no ACLED side
    return doc


# Sectors of the state's armed arms: forces that can be an enemy's target, not its officials.
STATE_FORCES = FORCE_SECTORS & STATE_SECTORS


def enemy_forces(event: Event) -> Entity | None:
    """The recipient, with the sector of an armed group where the state's forces hit
    positions coded as the same state's ("Azerbaijani forces retook positions from Armenian
    forces": a position the state attacks is its enemy's). One of no known country stays as
    told ("we shelled their positions"), and so does a base or a patrol, which may be the
    state's own, defended. Only the `enemy` words of `acled_words.tsv`; a rebel group (2)
    is the second side `acled_sides.tsv` gives a battle."""
    actor, side = event.actor, event.recipient
    if event.event != "ASSAULT" or actor is None or side is None or same_side(actor, side):
        return side
    own = actor.sector in STATE_SECTORS and actor.code is not None and side.code == actor.code
    held = last_word(side.text) in word_roles().get("enemy", frozenset())
    return replace(side, sector="REB") if own and held and side.sector in STATE_FORCES else side


def last_word(text: str) -> str:
    """The last word of a phrase, lower case ("KIA positions" -> "positions"); "" if none."""
    words = text.lower().split()
    return words[-1] if words else ""


def victims_for(event: Event) -> Entity | None:
    """The victims counted (with a sector of a kind the event's type may take) that stand for
    a recipient of no sector: a place or a country told by name ("shelled a district of Goma,
    killing four civilians": ACLED's second side is the civilians). None where the
    recipient has a sector, or no victims of such a kind are counted."""
    side = other_side(event)
    if side is None or sectors(side):
        return None
    victims = [Entity(text=c.who, sector=c.sector) for c in event.casualties if c.sector]
    kinds = TARGETED[event.event]
    return next((v for v in victims if entity_kind(v) in kinds), None)


# Codes that are not states: international and non-governmental organisations.
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "MNC"})


def as_state(event: Event, actor: Entity | None, forces: bool = False) -> Entity | None:
    """A state named by its country alone acts through the arm that does such acts
    (`data/events/state_sectors.tsv`): "Israel struck" is ISR MIL, "Venezuela rejected"
    VEN GOV; through its army when what it moves is its own forces (`forces`: "will
    withdraw its military trainers"). Set here, after relevance, so an inferred army is
    never evidence of violence."""
    if actor is None or actor.sector or not actor.code or actor.code in NON_STATE_CODES:
        return actor
    sector = "MIL" if forces else state_sectors().get(event.event)
    return replace(actor, sector=sector) if sector else actor


def own_forces(doc: Document, event: Event) -> bool:
    """Whether the trigger's object is the actor's own forces: "its troops", "their
    military trainers" (a possessive pronoun and a `forces` word of acled_words.tsv)."""
    span = doc.trigger_span(event)
    if span is None:
        return False
    forces = word_roles().get("forces", frozenset())
    objects = [o for o in span.root.children if o.dep_ == "dobj"]
    own = [o for o in objects if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in o.children)]
    return any(w.lemma_.lower() in forces for o in own for w in o.subtree)


def word_roles() -> dict[str, frozenset[str]]:
    return lexicon_roles(WORDS)


def event_facts(doc: Document, event: Event) -> Facts:
    """The words the rules read (see `Facts`). The cue span is the evidence span; for a
    protest the whole sentence, whose dispersal or deaths are often told in a clause of
    their own ("marched until police dispersed them with tear gas"). `told` leaves out
    words told as what came before or after ("arrested after the rally"); none holds the
    words of a date ("16 March" is no march) nor the sky shots go into ("fired into the
    air": `into_the_sky`)."""
    trigger = doc.trigger_span(event)
    if doc.parse is None or trigger is None:
        lemma = doc.text[event.trigger_start:event.trigger_end].lower()
        return Facts(lemma, frozenset(), frozenset(), frozenset())
    sentence = [t for t in sentence_tokens(doc, event)
                if t.ent_type_ not in DATES and not into_the_sky(t)]
    others = other_acts(sentence, trigger.root) if event.event != "PROTEST" else set()
    told = words_of(t for t in sentence
                    if not in_sequence(t, trigger.root) and t.i not in others)
    span = doc.parse.char_span(event.start, event.end, alignment_mode="expand") or []
    cues = told | other_tellings(doc, event) if event.event == "PROTEST" else words_of(
        t for t in span if not in_sequence(t, trigger.root) and not into_the_sky(t))
    joined = words_of(t for t in trigger.root.conjuncts if t.pos_ == "VERB")
    return Facts(doc.trigger_lemma(event), cues, told, words_of(sentence), joined)


def other_tellings(doc: Document, event: Event) -> frozenset[str]:
    """The words of a protest's other tellings' spans: its dispersal or deaths are often
    told apart ("Thousands rallied ... Police used water cannon to clear them")."""
    if doc.parse is None:
        return frozenset()
    spans = [doc.parse.char_span(told.start, told.end, alignment_mode="expand")
             for told in event.mentions if told.start != event.start]
    return words_of(t for span in spans for t in span or [] if t.ent_type_ not in DATES)


def other_acts(sentence: list[Token], root: Token) -> set[int]:
    """Token indices told under another act of violence in the sentence, one that neither
    governs the trigger nor lies under it: "fighters attacked a base, the army said, adding
    that its air force had repelled the assault" (the air force is the means of the
    repelling). A protest keeps them: its dispersal is told in clauses of their own."""
    found: set[int] = set()
    for token in sentence:
        entry = match_trigger(token) if token.i != root.i else None
        if entry is None or entry.event != "ASSAULT":
            continue
        if not (token.is_ancestor(root) or root.is_ancestor(token)):
            found |= {t.i for t in token.subtree}
    return found - {t.i for t in root.subtree}


def words_of(tokens: Iterable[Token]) -> frozenset[str]:
    """Each token's lemma and its lower-case form: the parser's lemma is sometimes off
    ("raped" -> "rap"), so a cue matches either."""
    return frozenset(word for t in tokens for word in (t.lemma_.lower(), t.lower_))


def sentence_tokens(doc: Document, event: Event) -> list[Token]:
    """The tokens of the event's sentence (its evidence span where no sentence is known)."""
    sentence = doc.sentence_at(event.trigger_start)
    start, end = (sentence.start, sentence.end) if sentence else (event.start, event.end)
    span = doc.parse.char_span(start, end, alignment_mode="expand") if doc.parse else None
    return list(span or [])


def target_side(doc: Document, event: Event) -> Entity | None:
    """The side an event hit when no recipient is named (see `hit_sides`), if of a kind its
    type may take (`TARGETED`)."""
    for side in hit_sides(doc, event):
        if entity_kind(side) in TARGETED[event.event]:
            return side
    return None


def coded_as(side: Entity | None, told: Entity | None) -> Entity | None:
    """The side found, with the country code of the recipient it replaces (the actor told
    again: "a suicide bomber blew himself up at an army checkpoint" keeps the country) where
    it has none of its own; the old recipient where no side was found. A code that names no
    state (IMG: a jihadist franchise told again) is not handed on: "JNIM fighters ... the army
    garrison" leaves the army's country unknown, not JNIM's."""
    if side is None:
        return told
    if side.code or told is None or not told.code or told.code in NON_STATE_CODES:
        return side
    return replace(side, code=told.code)


def hit_sides(doc: Document, event: Event) -> list[Entity]:
    """Who or what an event hit, best first: the victims counted with a sector; then, in
    text order, each noun of the trigger's phrase (not its agent) that an actor mention
    covers (not the actor again), or that names armed or unarmed people or places
    (`acled_targets.tsv`, `victims.tsv`: code unknown)."""
    found = [Entity(text=c.who, sector=c.sector) for c in event.casualties if c.sector]
    trigger = doc.trigger_span(event)
    for token in target_tokens(trigger.root) if trigger is not None else []:
        named = [m.entity for m in doc.actors if m.start <= token.idx < m.end]
        sector = target_sector(token)
        found += [e for e in named if not same_side(e, event.actor)][:1]
        found += [Entity(text=token.text, sector=sector)] if sector and not named else []
    return found


def target_sector(token: Token) -> str | None:
    """The sector a target noun stands for (`target_sectors`), or its modifier's where the
    modifier names one, civilians for a humanitarian one (`aid` of `acled_words.tsv`): "an
    aid convoy", "a school bus", "a civilian convoy" are no army convoy; "an army
    checkpoint" stays one."""
    sectors, aid = target_sectors(), word_roles().get("aid", frozenset())
    for modifier in token.children:
        lemma = modifier.lemma_.lower()
        if modifier.dep_ in ("compound", "amod") and (lemma in sectors or lemma in aid):
            return sectors.get(lemma, "CVL")
    return sectors.get(token.lemma_.lower())


def target_tokens(root: Token) -> list[Token]:
    """The trigger's phrase without its agent ("gunmen" in "gunmen shot a chief") and its
    allies ("fought alongside the army", "troops, fighting alongside clan militias,
    retook the town": `ally` prepositions of `circumstances.tsv`), nouns and adjectives
    only, in text order."""
    agents = {t.i for child in root.children if child.dep_ in AGENT_DEPS for t in child.subtree}
    return [t for t in root.subtree if t.i not in agents and t.i != root.i
            and t.pos_ in ("NOUN", "PROPN", "ADJ") and not allied(t, root)]


def allied(token: Token, root: Token) -> bool:
    """Whether an `ally` preposition stands between `token` and `root`."""
    allies = lexicon_roles("events/circumstances.tsv")["ally"]
    while token.i != root.i and token.head.i != token.i:
        if token.dep_ == "prep" and token.lower_ in allies:
            return True
        token = token.head
    return False


@cache
def target_sectors() -> dict[str, str]:
    """Target noun -> sector: the people nouns of victims.tsv, then `acled_targets.tsv`."""
    return {**victim_sectors(), **dict(read_rows("acled_targets.tsv"))}


def acled_type(event: Event, facts: Facts) -> AcledType | None:
    for rule in acled_rules():
        if matches(rule, event, facts):
            return AcledType(rule.event_type, rule.sub_event_type)
    return None


def matches(rule: AcledRule, event: Event, facts: Facts) -> bool:
    return (
        rule.event == event.event
        and rule.mode in ("*", event.mode or "")
        and rule.trigger in ("*", facts.trigger)
        and (rule.cue == "*" or all(has_cue(cue, facts) for cue in rule.cue.split("+")))
        and (rule.target == "*" or TARGETS[rule.target](event))
    )


def has_cue(cue: str, facts: Facts) -> bool:
    """A lemma of the cue span; "@role": a word of that role told in the sentence; "^role":
    one anywhere in the sentence; "&role": a verb of that role joined to the trigger by
    "and" (`acled_words.tsv`)."""
    if cue[0] in "@^&":
        words = {"@": facts.told, "^": facts.sentence, "&": facts.joined}[cue[0]]
        return bool(words & word_roles().get(cue[1:], frozenset()))
    return cue in facts.cues


def side_kind(event: Event) -> str | None:
    """"armed" or "civilian": the other side (`other_side`), read from its sectors."""
    side = other_side(event)
    return entity_kind(side) if side is not None else None


def entity_kind(side: Entity) -> str | None:
    """"armed" for forces and armed groups, "civilian" for unarmed people, officials among
    them (ACLED: an attack on a mayor or a judge is violence against civilians)."""
    if sectors(side) & FORCE_SECTORS:
        return "armed"
    return "civilian" if sectors(side) & UNARMED_SECTORS else None


def targets_civilians(event: Event) -> bool:
    """Armed on unarmed people: ACLED's Violence against civilians."""
    return side_kind(event) == "civilian"


def targets_armed(event: Event) -> bool:
    """Two armed sides: ACLED's Battles. The other side is armed (soldiers, police, rebels)."""
    return side_kind(event) == "armed"


def crowd_acts(event: Event) -> bool:
    """A crowd outside any organisation acts (ACLED's Mob violence): "a mob", "villagers",
    "angry residents" name the actor (`crowd` words), but not "armed youths" (`organised`)."""
    return actor_named(event, "crowd") and not actor_named(event, "organised")


def demonstrators_act(event: Event) -> bool:
    """Demonstrators do the violence (ACLED's Violent demonstration): "protesters torched
    the office" (`demonstrators` words of `data/events/acled_words.tsv`)."""
    return actor_named(event, "demonstrators")


def actor_named(event: Event, role: str) -> bool:
    words = set((event.actor.text if event.actor else "").lower().split())
    return bool(words & word_roles().get(role, frozenset()))


def state_in_own_territory(event: Event) -> bool:
    """The state's own forces (a state sector) in their own country: a foreign army taking
    ground is no government regaining it. An unknown place or code counts as own."""
    actor = event.actor
    if actor is None or actor.sector not in STATE_SECTORS:
        return False
    where = event.event_loc.country if event.event_loc else None
    return not (where and actor.code and actor.code != where)


def foreign_state(event: Event) -> bool:
    """A state's forces acting outside their country: their detentions are no lawful
    state arrest (ACLED codes them as abductions)."""
    actor = event.actor
    in_own = state_in_own_territory(event)
    return actor is not None and actor.sector in STATE_SECTORS and not in_own


def non_state_armed(event: Event) -> bool:
    """A named armed group other than the state's forces acts (rebels, militias, gangs; an
    unknown actor is not enough)."""
    actor = event.actor
    return actor is not None and (actor.sector in ARMED_GROUP_SECTORS or actor.code == "IMG")


def armed_group(event: Event) -> bool:
    """An armed group other than the state acts: a named one (`non_state_armed`) or one its
    name calls armed (`organised` words: "gunmen"). The sector of unknown actors (UAF) is
    no evidence: a city council the coder does not know gets it too."""
    return non_state_armed(event) or actor_named(event, "organised")


# Sectors that bear arms; the sector of unknown actors (UAF) is no evidence of it.
ARMED_SECTORS = FORCE_SECTORS - {"UAF"}


def armed_actor(event: Event) -> bool:
    """The actor bears arms or is the state (ACLED: a group's or the state's change of
    posture), not a firm, a hospital or a club."""
    return acts_in(event, ARMED_SECTORS | STATE_SECTORS)


def bears_arms(event: Event) -> bool:
    """The actor is armed: the state's forces or an armed group, not its civil government
    (a lockdown soldiers enforce is a move of forces; one a health ministry orders is not)."""
    return acts_in(event, ARMED_SECTORS)


def acts_in(event: Event, armed: frozenset[str]) -> bool:
    """The actor has one of the `armed` sectors, or is an armed group (`armed_group`)."""
    actor = event.actor
    return (actor is not None and bool(sectors(actor) & armed)) or armed_group(event)


def unarmed_actor(event: Event) -> bool:
    """Nobody armed acts: neither the state nor an armed group (`armed_actor`), as people
    told by what they are ("herders", "youths from two villages") or left untold."""
    return not armed_actor(event)


def authority(event: Event) -> bool:
    """No civilian body acts (a curfew a school imposes is no ACLED event); an actor left
    untold is taken for the authorities ("a curfew was imposed")."""
    return event.actor is None or not sectors(event.actor) & CIVILIAN_SECTORS


def unharmed(event: Event) -> bool:
    """Nobody reported killed or hurt: property alone was hit."""
    return not (event.size.dead or event.size.injured)


# How a rule's `target` column is checked (`data/events/acled.tsv`).
TARGETS: dict[str, Callable[[Event], bool]] = {
    "civilian": targets_civilians, "armed": targets_armed, "crowd": crowd_acts,
    "demonstrators": demonstrators_act, "state": state_in_own_territory,
    "foreign": foreign_state, "nonstate": non_state_armed, "unharmed": unharmed,
    "armedgroup": armed_group, "armedactor": armed_actor, "authority": authority,
    "forces": bears_arms, "unarmed": unarmed_actor,
}
