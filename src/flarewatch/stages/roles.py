"""Actor and recipient of each event, from `doc.actors` placed by the dependency parse.

An event keeps its place even when no actor is named (mines, unclaimed attacks): violent
events then get an unidentified armed actor (sector UAF, no country), never a guess (a
state's force where the attacker's words name its kind: "Army howitzers"), and
protests unnamed protesters (sector CVL, of the place's country where `claims` finds one),
as ACLED codes "Protesters (Country)"; arrests told with no one making them get the police
(sector COP), as ACLED codes "Police Forces of (Country)", and an air strike with no
attacker named a military (sector MIL, no country: whose aircraft is not said). When
what acts is itself a definite event noun ("the offensive has killed ..."), the actor is
that of the same kind of event told before with a named actor; a pair of sides ("the two
sides agreed") is the first side of the last pair told (`pair_side`), and forces moved with
no one moving them the side that mobilizes (`deployed_force`).
Reads `doc.parse`, `doc.actors`, `doc.events`; sets `event.actor`, `event.recipient`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from flarewatch.actors.compose import code_phrase
from flarewatch.actors.lexicon import action_nouns, anaphors, normalise, vehicle_nouns
from flarewatch.events.arguments import PAIRED_TYPES, arguments, coordinated_partner
from flarewatch.events.detect import DEFINITE, match_trigger
from flarewatch.events.lexicon import mode_cues, victim_sectors, word_roles
from flarewatch.events.syntax import Token, after_clock, children, subject_of
from flarewatch.layout import item_heads
from flarewatch.model import VIOLENT_TYPES, ActorMention, Document, Entity, Event
from flarewatch.pipeline import stage

JUST_TOLD = 1  # sentences back in which a definite event noun finds the event it retells

POSSESSIVE = re.compile(r"['’]s\s+")  # "Yemen's Houthi": between two actor mentions


@stage("roles")
def roles(doc: Document) -> Document:
    if doc.parse is None:
        return doc
    for number, event in enumerate(doc.events):
        span = doc.trigger_span(event)
        if span is not None:
            told = arguments(span.root)  # (actor tokens, patient tokens), read once
            earlier = doc.events[:number]
            assign_roles(doc, event, span.root, told)
            event.actor = (conductor(event, told[0], earlier)
                           or pair_side(doc, event, span.root, told[0], earlier) or event.actor)
    return doc


def conductor(event: Event, actor_tokens: list[Token], earlier: list[Event]) -> Entity | None:
    """"The offensive has killed 1600": when what acts is itself a definite event noun,
    its actor is the actor of that event: of the events of its type with an actor named,
    the one just told (up to `JUST_TOLD` sentences before), where that actor is coded ("The
    blast destroyed the checkpoint" after "a suicide bomber drove a car ..." takes no
    actor from an air strike told in the headline); with none just told, the last one
    told with a coded actor ("the ferocious offensive" of an army told paragraphs above)."""
    head = actor_tokens[0] if actor_tokens else None
    entry = match_trigger(head) if head is not None else None
    if entry is None or entry.event != event.event or known(event.actor):
        return None
    if not is_anaphoric_noun(head):
        return None
    told = [other for other in earlier if other.event == event.event and worded(other.actor)]
    just = [other.actor for other in told if event.sentence - other.sentence <= JUST_TOLD]
    if just:
        return just[-1] if known(just[-1]) else None
    actors = [other.actor for other in told if known(other.actor)]
    return actors[-1] if actors else None


def pair_side(doc: Document, event: Event, trigger: Token, actor_tokens: list[Token],
              earlier: list[Event]) -> Entity | None:
    """"The two sides agreed to meet again", "both countries": a pair of sides named by a
    `PAIR` phrase of `data/actors/anaphors.tsv` is the last pair told before it: two coded
    sides named together ("The foreign ministers of Armenia and Azerbaijan"), or a joint
    act (`PAIRED_TYPES`: "negotiators from the government and the BRN met"). The event's
    actor is the first side, or that act's actor, as an annotator codes one side of a joint
    act. None where the actor is coded already or no pair was told."""
    if event.actor is not None and event.actor.code:
        return None
    if not actor_tokens or normalise(text_of(doc, actor_tokens)) not in pair_phrases():
        return None
    named = [(second.end, first.entity) for first, second in named_pairs(doc)]
    joint = [(other.trigger_end, other.actor) for other in earlier
             if other.event in PAIRED_TYPES and other.actor and other.actor.code]
    told = [pair for pair in named + joint if pair[0] <= trigger.idx]
    return max(told, key=lambda pair: pair[0])[1] if told else None


@cache
def pair_phrases() -> frozenset[str]:
    return frozenset(phrase for phrase, kinds in anaphors().items() if "PAIR" in kinds)


def named_pairs(doc: Document) -> list[tuple[ActorMention, ActorMention]]:
    """Coded actor mentions joined by a conjunction ("X and Y"), in text order: the widest
    mention holding each conjunct's word, the first ending before the second begins."""
    pairs = []
    for token in doc.parse or []:
        for partner in children(token, "conj"):
            first, second = widest_at(doc, token), widest_at(doc, partner)
            if first and second and first.end <= second.start and first.entity.code \
                    and second.entity.code and side(first) != side(second):
                pairs.append((first, second))
    return pairs


def side(mention: ActorMention) -> tuple[str | None, str | None]:
    return mention.entity.code, mention.entity.sector


def widest_at(doc: Document, token: Token) -> ActorMention | None:
    holding = [m for m in doc.actors if covers(m, token)]
    return max(holding, key=lambda m: m.end - m.start) if holding else None


def worded(entity: Entity | None) -> bool:
    """An actor the text gives words or a code for ("A suicide bomber"), not an unnamed one."""
    return entity is not None and (entity.code is not None or bool(entity.text))


def is_anaphoric_noun(token: Token) -> bool:
    return any(child.lower_ in DEFINITE for child in children(token, "det"))


def known(entity: Entity | None) -> bool:
    return entity is not None and entity.code is not None


def assign_roles(doc: Document, event: Event, trigger: Token,
                 told: tuple[list[Token], list[Token]]) -> None:
    """The event's actor and recipient from the trigger's `arguments` (`told`)."""
    actor_tokens, patient_tokens = (past_heads(doc, trigger, tokens) for tokens in told)
    partner = coordinated_partner(trigger) if event.event in PAIRED_TYPES else []
    if partner:
        patient_tokens = partner
        actor_tokens = [t for t in actor_tokens if t.i not in {p.i for p in partner}]
    event.actor = side_of(doc, actor_tokens) or entity_in(doc, actor_tokens)
    if event.event in VIOLENT_TYPES and strangers(event.actor, actor_tokens):
        event.actor = Entity(text=text_of(doc, actor_tokens), code=None, sector="UAF")
    if event.actor is None and event.mode == "arrest" and not actor_tokens:
        event.actor = Entity(text="", code=None, sector="COP")  # "Police Forces of Kenya"
    if event.actor is None and decreed(event, trigger) and not actor_tokens:
        event.actor = Entity(text="", code=None, sector="GOV")  # "the party was banned"
    if event.actor is None and event.event in VIOLENT_TYPES:
        event.actor = unnamed_attacker(event, actor_words(doc, actor_tokens))
    if event.event == "PROTEST" and forces_by_pronoun(event.actor, trigger):
        event.actor = crowd_named(doc, trigger) or event.actor
    if event.actor is None and event.event == "PROTEST":  # "army trucks blocked the road"
        event.actor = force_machines(actor_words(doc, actor_tokens))
    if event.actor is None and event.event == "PROTEST":
        event.actor = Entity(text="", code=None, sector="CVL")  # "Protesters (Kenya)"
    event.recipient = entity_in(doc, patient_tokens) or victims(patient_tokens)
    if partner:
        event.recipient = same_kind_as(event.recipient, event.actor)
    if event.event == "MOBILIZE" and event.actor is None and deployed_force(event.recipient):
        event.actor, event.recipient = event.recipient, None


def deployed_force(entity: Entity | None) -> bool:
    """"1,500 more troops would be deployed to Catatumbo": a state's forces (`FORCE_SECTORS`)
    moved, told with no one moving them, are the side that mobilizes (PLOVER MOBILIZE codes
    the forces' side as the actor); "aid workers were sent to the camp" are no force."""
    return entity is not None and entity.sector in FORCE_SECTORS


def past_heads(doc: Document, trigger: Token, tokens: list[Token]) -> list[Token]:
    """A phrase without the head of a digest's line ("- Access: Gunmen ambushed a convoy":
    `layout.item_heads`), which the parser may hang on the subject: it names a topic or a
    place, not a party. A trigger in such a head ("DU student's killing: Police fire tear
    gas ...") keeps its phrase."""
    heads = [(start, end) for start, end in item_heads(doc.text)
             if not start <= trigger.idx < end]
    return [t for t in tokens if not any(start <= t.idx < end for start, end in heads)]


def strangers(actor: Entity | None, tokens: list[Token]) -> bool:
    """"Masked men attacked students", "two men on a motorcycle fired at him": people named
    only as such (`stranger` words of `data/events/circumstances.tsv`, or a group of them),
    of no country, who commit violence are unknown perpetrators (shared/eval/ANNOTATION.md:
    sector UAF, no code), not civilians; "two Israeli men" keep their country, and "men
    from the same structure" are that side's (`of_a_side`)."""
    if actor is None or actor.code is not None or actor.sector != "CVL" or not tokens:
        return False
    head = tokens[0]
    counted = [o for of in children(head, "prep") if of.lower_ == "of"
               for o in children(of, "pobj")]  # "a group of men"
    people = [word for word in [head, *counted] if is_stranger(word)]
    return bool(people) and not any(map(of_a_side, people))


def is_stranger(word: Token) -> bool:
    return word.lemma_.lower() in word_roles("events/circumstances.tsv")["stranger"]


def of_a_side(people: Token) -> bool:
    """"men from the same structure", "men of the militia", "men who identified themselves
    as intelligence agents": people told as a side's."""
    return bool(identifying_clauses(people) or side_words(people))


def identifying_clauses(people: Token) -> list[Token]:
    """Relative clauses on people whose verb tells whose side they are (`identifying`
    verbs of `data/events/circumstances.tsv`: "who identified themselves as ...")."""
    identifying = word_roles("events/circumstances.tsv")["identifying"]
    return [c for c in children(people, "relcl") if c.lemma_.lower() in identifying]


def side_words(people: Token) -> list[Token]:
    """The words of the side a people noun is told as from or of ("men from the ELN"), or
    as by a relative clause ("men who identified themselves as intelligence agents")."""
    preps = [p for p in children(people, "prep") if p.lower_ in ("from", "of")]
    preps += [p for clause in identifying_clauses(people) for p in children(clause, "prep")
              if p.lower_ == "as"]
    return [word for prep in preps for pobj in children(prep, "pobj") for word in pobj.subtree]


def side_of(doc: Document, tokens: list[Token]) -> Entity | None:
    """"Men from the ELN attacked ...": the side that people named only as such (`stranger`
    words) are told to be of, where the actors stage codes it."""
    if not tokens or not is_stranger(tokens[0]):
        return None
    side = entity_in(doc, side_words(tokens[0]))
    coded = side is not None and (side.code is not None or side.sector not in (None, "CVL"))
    return side if coded else None


# Sectors of a state's armed forces and police, and with the militias on its side those who
# break up a protest, not its crowd.
FORCE_SECTORS = frozenset({"MIL", "COP", "SPY"})
FORCES_OF_ORDER = FORCE_SECTORS | {"PRM"}


def forces_by_pronoun(actor: Entity | None, trigger: Token) -> bool:
    """Whether a protest's subject is a pronoun read as a state's forces: "Police fired tear
    gas at protesters as they marched" (`arguments.resolve_pronoun` takes the subject of
    the clause above, the police)."""
    subject = subject_of(trigger)
    return (actor is not None and actor.sector in FORCES_OF_ORDER and subject is not None
            and subject.pos_ == "PRON")


def crowd_named(doc: Document, trigger: Token) -> Entity | None:
    """The crowd the protest's sentence names before it (a noun of role `crowd` of
    `data/incidents/words.tsv`: protesters, demonstrators, marchers), as an actor: the
    actor mention there, else civilians in its words."""
    crowd = word_roles("incidents/words.tsv").get("crowd", frozenset())
    named = [t for t in trigger.sent if t.i < trigger.i and t.lemma_.lower() in crowd]
    if not named:
        return None
    noun = named[-1]
    tokens = [noun, *(t for t in noun.subtree if t.i < noun.i)]  # no "in Khartoum" after it
    return entity_in(doc, tokens) or Entity(text=noun.text, code=None, sector="CVL")


def same_kind_as(partner: Entity | None, actor: Entity | None) -> Entity | None:
    """"The foreign ministers of X and Y", "Chinese and Pakistani warships": a partner named
    by its country alone is of the actor's kind."""
    if partner is None or actor is None or partner.sector or not partner.code:
        return partner
    return replace(partner, sector=actor.sector) if actor.sector else partner


def entity_in(doc: Document, tokens: list[Token]) -> Entity | None:
    """The actor mention of a phrase: the narrowest one holding its head word ("Pakistani"
    in "Chinese and Pakistani warships"), else the first past a possessor (`past_possessor`)."""
    if not tokens:
        return None
    head = tokens[0]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    inside = [m for m in doc.actors if m.start < end and start < m.end]
    if not inside:
        return None
    covering = [m for m in inside if covers(m, head)]
    if covering:
        return narrowest(covering).entity
    return past_possessor(doc.text, sorted(inside, key=lambda m: m.start)).entity


def text_of(doc: Document, tokens: list[Token]) -> str:
    """The words of a phrase ("" for none): an attacker named but not coded keeps its name."""
    if not tokens:
        return ""
    tokens = after_clock(tokens)  # "17:50 - Gunmen", a live report's entry
    return doc.text[min(t.idx for t in tokens):max(t.idx + len(t.text) for t in tokens)]


def decreed(event: Event, trigger: Token) -> bool:
    """A coercion only an authority decrees (`decree` words of
    `data/events/circumstances.tsv`: "was banned", "a curfew", "were deported"): told with
    no actor, its actor is the government, not an unidentified armed group."""
    decrees = word_roles("events/circumstances.tsv")["decree"]
    return event.event == "COERCE" and trigger.lemma_.lower() in decrees


def unnamed_attacker(event: Event, words: str) -> Entity:
    """The attacker of a violent event whose words name no actor the actors stage found:
    a state's force where they end in a weapon or vehicle with the force's kind before it
    ("Army howitzers", "military drones", "around 300 police buses": the last three words,
    ending in a `weapon_nouns` noun, coded by `code_phrase`; not "a bomb outside the police
    station"), else a military for an air strike (only armies fly warplanes), else an
    unidentified armed actor (UAF)."""
    return force_machines(words) or \
        Entity(text=words, code=None, sector="MIL" if event.mode == "aerial" else "UAF")


def force_machines(words: str) -> Entity | None:
    """The state's force whose weapons or vehicles the words name ("Army howitzers",
    "military trucks", "around 300 police buses": the last three words, ending in a
    `weapon_nouns` noun, coded by `code_phrase` to a force sector); None for others ("a
    bomb outside the police station", "farm tractors")."""
    named = words.split()[-3:]
    weapon = bool(named) and named[-1].lower() in weapon_nouns()
    coded = code_phrase(" ".join(named)) if weapon else None
    if coded is not None and coded.sector in FORCE_SECTORS:
        return Entity(text=words, code=coded.code, sector=coded.sector)
    return None


@cache
def weapon_nouns() -> frozenset[str]:
    """Nouns of weapons, war machines and vehicles (`actors/action_nouns.tsv`,
    `events/mode_cues.tsv`, `actors/vehicles.tsv`), with their plurals."""
    nouns = set(action_nouns()) | set(mode_cues()) | vehicle_nouns()
    return frozenset(nouns | {noun + "s" for noun in nouns})


def actor_words(doc: Document, tokens: list[Token]) -> str:
    """The words naming an unnamed attacker ("gunmen"), "" where the phrase is an event
    noun ("an air strike killed ...") or a pronoun ("which", "it"): those name no actor."""
    head = tokens[0] if tokens else None
    if head is None or head.pos_ == "PRON" or head.tag_ in ("WDT", "WP"):
        return ""
    return "" if match_trigger(head) is not None else text_of(doc, tokens)


def covers(mention: ActorMention, token: Token) -> bool:
    return mention.start <= token.idx < mention.end


def narrowest(mentions: list[ActorMention]) -> ActorMention:
    return min(mentions, key=lambda m: (m.end - m.start, m.start))


def past_possessor(text: str, mentions: list[ActorMention]) -> ActorMention:
    """The first of a phrase's mentions (in text order) past a possessor right before
    another mention: in "Yemen's Houthi movement" the country only says whose the movement
    is, and Houthi names the actor ("a post near Benin's border with Burkina Faso" keeps
    Benin)."""
    for mention, after in zip(mentions, mentions[1:], strict=False):
        if not POSSESSIVE.fullmatch(text, mention.end, after.start):
            return mention
    return mentions[-1]


def victims(tokens: list[Token]) -> Entity | None:
    """An unnamed group of people ("two civilians") as a recipient with its sector."""
    for token in tokens:
        sector = victim_sectors().get(token.lemma_.lower())
        if sector is not None:
            return Entity(text=token.text, code=None, sector=sector)
    return None
