"""A document's relevance to political violence, and the agency of its violent events.

Relevance is `1 - exp(-d / SCALE)` where `d` is the number of conflict words
(`data/incidents/relevance.tsv`, role `conflict`) and armed-actor mentions (sectors in
`ARMED_SECTORS`) per 100 words, less half for each word of another field (role `domain`:
"referee", "shareholder"; never below 0): 0 for a page with none, about 0.6 at two per 100
words. A page of `MIN_WORDS` or more that names no place and no actor with a code
(`anchored`) is relevant at most `UNANCHORED`: its war words are figures of speech.
A violent incident (ASSAULT, COERCE) needs an agent or means of violence: one told only
by outcome words ("died", "were killed") with a cause of disease, disaster or accident, or
with animals as victims, is no event (`shared/eval/ANNOTATION.md`, "Not events"). In a
document whose relevance is below the `off_topic` setting, a violent incident is kept only
on strong evidence: a weapon (a PLOVER mode) or an armed actor. Texts under `MIN_WORDS`
words are not judged off-topic. A death told with no agent, means or word of conflict in
its clause ("died in Texas after ...", "a soldier who died": who died is no agent) is no
attack, and an explosion with no device named counts only on pages of some relevance
(`BLAST_RELEVANCE`). On an off-topic page an event of another type needs a public actor
(`public_act`). Conflict words and armed actors in another sense (the `sense` rows of
`data/events/eventness.tsv`: "tore through", "a troop of scouts") count for nothing, and a
`page` word (`relevance.tsv`) once told so as a noun counts for nothing on the whole page.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import Any

from flarewatch.actors.lexicon import entries, normalise
from flarewatch.events.detect import MESSAGE_TYPES
from flarewatch.events.eventness import other_sense
from flarewatch.events.lexicon import (
    data_rows,
    mode_cues,
    trigger_types,
    victim_sectors,
    word_roles,
)
from flarewatch.events.syntax import Token, children, columns, tokens_with_lemma
from flarewatch.model import VIOLENT_TYPES, ActorMention, Casualty, Document, Entity, Event

# A word of another field cancels half a conflict word: it takes several ("winger",
# "keeper", "referee", "league") to make a page of another field, and a shooting at a league
# match, told with "referee" and "league", stays a report of violence.
OTHER_FIELD_WEIGHT = 0.5
# Words of another field that make a page of low relevance one of that field, where a
# non-violent event needs a public actor (`public_act`); with none, a page of low relevance
# may well be one of diplomacy or aid, whose events PLOVER codes.
MIN_OTHER_FIELD = 1
SCALE = 2.0  # conflict words per 100 words that give relevance 1 - 1/e
OFF_TOPIC = 0.3  # below this a document is not about political violence
MIN_WORDS = 60  # shorter texts (a snippet, a headline) are too short to judge off-topic
UNANCHORED = 0.2  # the most a page that names no place and no coded actor is relevant
# Armed actors of political violence: state forces, rebels, insurgents, separatists,
# political militias (PLOVER PRM: "the CODECO militia", "the Wagner group") and jihadist
# franchises. Not criminal gangs (CRM) nor unidentified gunmen (UAF), common in crime news.
ARMED_SECTORS = frozenset({"MIL", "REB", "INS", "SEP", "PRM", "IMG", "SPY"})
# ... of which these count only on a page with a conflict word of its own: their names have
# namesakes on pages of other fields ("Wagner's Tristan and Isolde" is the composer's).
NAMESAKE_SECTORS = frozenset({"INS", "SEP", "PRM"})
# PLOVER ASSAULT modes that name a means of war or political violence on their own (not
# `destroy`, nor `firearms` and `beat`: shootings and beatings in crime news, and the
# other senses of "shot" and "beat", are common on pages about anything).
WEAPON_MODES = frozenset({
    "explosives", "heavy-weapons", "aerial", "drone", "sexual", "abduct", "torture",
    "crowd-control", "suicide-attack", "unconventional",
})
PUBLIC_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG", "REB", "INS", "SEP",
                            "PRM", "IMG", "OPP", "IGO"})
POLITICAL_SECTORS = frozenset({"OPP", "JRN", "ACT", "HRI", "REB"})
# Tellings that say only that people died, or that something blew up.
DEATH_LEMMAS = frozenset({"die", "dead", "death"})
# Causes, victims and means are named by nouns, and by verbs of accidents ("collapsed");
# the trigger's own verb ("fired") is never its cause.
NAMING = frozenset({"NOUN", "PROPN", "VERB"})
# Tellings that say only what people suffered: any cause in their clause is their cause.
OUTCOME_LEMMAS = frozenset({"kill", "die", "dead", "death", "wound", "injure", "hurt"})
BLAST_LEMMAS = frozenset({"explode", "explosion", "blast", "blow"})
BLAST_RELEVANCE = 0.5  # an explosion with no device named counts on pages at least this relevant


def words(role: str) -> frozenset[str]:
    """The lemmas of one role in `data/incidents/relevance.tsv`."""
    return word_roles("incidents/relevance.tsv").get(role, frozenset())


def page_vocabulary(doc: Document) -> tuple[float, int]:
    """(weight, words) of the page's vocabulary: its `conflict` words and armed actors'
    mentions (those of `NAMESAKE_SECTORS` only beside a conflict word), less
    `OTHER_FIELD_WEIGHT` a word of another field, and how many words it has; (0, 0)
    without a parse or for a review of a work (`review_page`)."""
    if doc.parse is None or review_page(doc.text):
        return 0.0, 0
    senses = page_senses(doc)
    cues = sum(token.is_alpha and is_cue(token, senses)
               for token in tokens_with_lemma(doc.parse, words("conflict")))
    armed = sum(armed_mention(doc, mention, senses) for mention in doc.actors
                if cues or mention.entity.sector not in NAMESAKE_SECTORS)
    return cues + armed - OTHER_FIELD_WEIGHT * other_field_words(doc), word_count(doc.parse)


def relevance(doc: Document, vocabulary: tuple[float, int], told: int = 0) -> float:
    """How much the document is about political violence and conflict, 0..1: the page's
    vocabulary (`page_vocabulary`) and `told` more cues (its attacks' tellings,
    `attack_tellings`), per 100 words, on an exponential scale (`SCALE`); 0 for a page of
    no words or a review; at most `UNANCHORED` for a page that names no one and nowhere."""
    weight, count = vocabulary
    if not count:
        return 0.0
    density = 100.0 * max(0.0, weight + told) / count
    score = round(1.0 - math.exp(-density / SCALE), 3)
    return min(score, UNANCHORED) if count >= MIN_WORDS and not anchored(doc) else score


def attack_tellings(doc: Document, told: list[tuple[Event, list[Token]]]) -> int:
    """How many tellings the attacks with a means of war among `told` (incidents with
    their `telling_roots`) have (`weapon_tellings`): cues of political violence beside the
    page's vocabulary. Issue 9 bases the relevance on a document's words, actors and event
    mentions."""
    if doc.parse is None:
        return 0
    senses = page_senses(doc)
    return sum(weapon_tellings(event, tellings, senses) for event, tellings in told)


def weapon_tellings(event: Event, tellings: list[Token], senses: frozenset[str]) -> int:
    """How many tellings an incident has, if it is an attack with a means of war named in
    its tellings' clauses (an ASSAULT of a `WEAPON_MODES` mode, and a weapon or device word:
    what `strong` takes as enough on any page), else 0: "two policemen were killed when a
    bomb exploded next to their van" speaks of political violence though it has no
    `conflict` word ("bomb" alone has other senses) and no armed actor."""
    if event.event != "ASSAULT" or event.mode not in WEAPON_MODES:
        return 0
    return len(tellings) if weapon_named(told_context(tellings, senses)) else 0


def telling_roots(doc: Document, event: Event) -> list[Token]:
    """The head tokens of every telling of an incident (the roots of their spans); none
    without a parse."""
    if doc.parse is None:
        return []
    spans = (doc.parse.char_span(s.start, s.end, alignment_mode="expand")
             for s in event.tellings())
    return [span.root for span in spans if span is not None and len(span)]


def anchored(doc: Document) -> bool:
    """Whether the page names anyone or anywhere in the world: a place or people of one
    (`doc.places`, `doc.demonyms`), an actor with a code (a state, an organisation), or
    people killed or hurt (an event's toll: "killing at least 12 traders", told with no
    place). A page of war words that has none of these ("every May the same invasion
    begins ... I was executing 200 slugs a night") speaks in figures, of a garden or a
    game."""
    named = bool(doc.places or doc.demonyms) or any(m.entity.code for m in doc.actors)
    return named or any(human(toll) for event in doc.events for toll in event.casualties)


def human(toll: Casualty) -> bool:
    """A toll of people: of a sector, or of people by a word of `victims.tsv` ("traders",
    "a soldier"), not "200 slugs"."""
    who = normalise(toll.who).split()
    singular = [word[:-1] if word.endswith("s") else word for word in who]
    return toll.sector is not None or bool(set(who + singular) & victim_sectors().keys())


@lru_cache(maxsize=8)
def review_page(text: str) -> bool:
    """Whether the page reviews a work (`data/incidents/reviews.tsv`): a rating ("three
    stars out of five") and a word of a work ("game", "film", "album") on the page, or a
    review heading on its first line ("FILM REVIEW") or a line of stars alone ("Three
    stars") and two such words ("Army chief orders review:" over
    a report that mentions a film of the ambush stays news). Its storming, shelling and
    sieges are the work's story."""
    first = text.lstrip().split("\n", 1)[0]
    headed = any(pattern.search(first) for pattern in review_patterns("heading"))
    starred = any(pattern.search(text) for pattern in review_patterns("rating_line"))
    rated = any(pattern.search(text) for pattern in review_patterns("rating"))
    if not (headed or starred or rated):
        return False
    works = len(set(re.findall(r"[a-z]+", text.lower())) & review_words())
    return works >= (1 if rated else 2)


@cache
def review_rows() -> tuple[tuple[str, str], ...]:
    """(kind, value) rows of `data/incidents/reviews.tsv`."""
    return tuple((row[0], row[1]) for row in data_rows("incidents/reviews.tsv"))


@cache
def review_patterns(kind: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(value, re.IGNORECASE) for row, value in review_rows() if row == kind)


@cache
def review_words() -> frozenset[str]:
    """The `work` words, with their plurals ("films", "consoles")."""
    found = {value for kind, value in review_rows() if kind == "work"}
    return frozenset(found | {word + "s" for word in found})


def other_field_words(doc: Document) -> int:
    """How many words of another field (`of_other_field`) the document has."""
    return 0 if doc.parse is None else field_words(doc.parse)


@lru_cache(maxsize=8)
def field_words(parse: Any) -> int:
    """`other_field_words` of one spaCy parse, counted once however many events ask: each
    `domain` word ("referee", "takeover"), or its hyphened form split by spaCy ("half" "-"
    "time", counted at the hyphen)."""
    field, read = words("domain"), columns(parse)
    single = sum(alpha and (lower in field or lemma in field)
                 for lower, lemma, alpha in zip(read.lower, read.lemma, read.alpha, strict=True))
    return single + sum(hyphened(parse, index, field)
                        for index, lower in enumerate(read.lower) if lower == "-")


def hyphened(parse: Any, index: int, field: frozenset[str]) -> bool:
    """Whether the hyphen at `index` joins the two halves of a `field` word."""
    if index == 0 or index + 1 >= len(parse):
        return False
    return f"{parse[index - 1].lower_}-{parse[index + 1].lower_}" in field


def is_happening(doc: Document, event: Event, tellings: list[Token]) -> bool:
    """Whether an incident happened: not one only told as not happening ("was not
    attacked") or only supposed ("could overrun the garrison", "can strike deep inside
    the country": `shared/eval/ANNOTATION.md` makes hypothetical happenings no events; a
    message stands, its words being the act), and, if violent, with an agent or means of
    violence."""
    supposed = event.modality == "hypothetical" and event.event not in MESSAGE_TYPES
    if event.modality == "negated" or supposed or review_page(doc.text):
        return False
    if event.event not in VIOLENT_TYPES:
        blocked = event.event == "PROTEST" and natural_blockade(tellings)
        return public_act(doc, event) and not blocked
    senses = page_senses(doc)
    context = told_context(tellings, senses)
    lemmas = {trigger.lemma_.lower() for trigger in tellings}
    deaths = lemmas <= DEATH_LEMMAS  # "X died": X is who died, not who killed
    victims = {word.lemma_.lower() for trigger in tellings for word in victim_words(trigger)}
    is_armed = armed(doc, event, senses)
    agent = means_named(context) or (is_armed and not deaths)
    if caused(tellings, lemmas, context, victims) and not agent:
        return False
    if deaths and not violence_named(context - victims):
        return False  # "died in Texas after ...", "a soldier who died": no violence told
    if lemmas <= BLAST_LEMMAS and not (is_armed or weapon_named(context)):
        return not judged(doc) or (doc.relevance or 0.0) >= BLAST_RELEVANCE
    return strong(event, context, is_armed, other_field_page(doc)) or not off_topic(doc)


def public_act(doc: Document, event: Event) -> bool:
    """A non-violent event on a page off the topic and of another field (at least
    `MIN_OTHER_FIELD` `domain` words: "the visiting bench protested", "the board rejected
    two approaches"), or of no one in the world (not `anchored`: "the hostas I had sworn
    to defend"), needs a public actor named in its words: a state or
    organisation by its code alone, or one of a sector of the state, armed groups or
    politics (`PUBLIC_SECTORS`)."""
    if not off_topic(doc):
        return True
    if other_field_words(doc) < MIN_OTHER_FIELD and anchored(doc):
        return True  # a page of diplomacy or aid has few conflict words, and is on the topic
    actor = event.actor
    if actor is None or not actor.text:
        return False  # no actor named: "the visiting bench protested" (NGA by the page's country)
    state = bool(actor.code) and actor.sector is None  # "Kenya rejected the plan"
    return (state or actor.sector in PUBLIC_SECTORS) and plain_force(doc, event)


def told_context(tellings: list[Token], senses: frozenset[str]) -> set[str]:
    """The lemmas of the naming words of the tellings' clauses, words in another sense
    (`is_cue`) and kinds of victims (`kind_of`) left out."""
    told = [word for trigger in tellings for word in clause(trigger)]
    return {lemma(word) for word in told if word.pos_ in NAMING and not kind_of(word)
            and not belonging(word) and is_cue(word, senses)}


def belonging(word: Token) -> bool:
    """"a tree fell on his car": a `device` word with a possessive, as what a preposition
    is about, is someone's property that came to harm, not the means of an attack (a car
    bomb explodes; it is not fallen on)."""
    owned = any(child.dep_ == "poss" for child in word.children)
    return owned and word.dep_ == "pobj" and lemma(word) in words("device") | set(mode_cues())


def caused(tellings: list[Token], lemmas: set[str], context: set[str], victims: set[str]) -> bool:
    """A cause of disease, disaster or accident (`cause` words) told as the tellings' cause,
    or animals (`animal` words) as their cause or victims; a word naming what people deal in
    ("cattle herders", `kind_of`) is neither."""
    found = [word for trigger in tellings for word in cause_words(trigger)
             if not violent_verb(word)]
    causes = {lemma(word) for word in found}
    animals = {lemma(word) for word in found if not kind_of(word)}
    if lemmas <= OUTCOME_LEMMAS:
        causes |= context  # "twelve died in the floods": a toll told beside its cause
    return bool(causes & words("cause") or (animals | victims) & words("animal"))


def violence_named(context: set[str]) -> bool:
    """A means of violence or a word of conflict among the lemmas."""
    return means_named(context) or bool(context & words("conflict"))


def page_senses(doc: Document) -> frozenset[str]:
    """The `page` words told somewhere in the document as a noun in another sense ("the
    rocket lifted off", "a troop of baboons"): one sense a discourse (Gale, Church and
    Yarowsky 1992), so none of their tellings on the page is a cue of violence."""
    return frozenset() if doc.parse is None else parse_senses(doc.parse)


@lru_cache(maxsize=8)
def parse_senses(parse: Any) -> frozenset[str]:
    """`page_senses` of one spaCy parse, read once however many incidents ask."""
    return frozenset(token.lemma_.lower() for token in tokens_with_lemma(parse, words("page"))
                     if token.pos_ == "NOUN" and other_sense(token))


def is_cue(token: Token, senses: frozenset[str]) -> bool:
    """A word in its sense of conflict: not another sense by its neighbours ("tore
    through"), nor a `page` word told in another sense on the page (`senses`)."""
    return token.lemma_.lower() not in senses and not other_sense(token)


def armed_mention(doc: Document, mention: ActorMention, senses: frozenset[str]) -> bool:
    """An armed actor's mention, its head word in its sense ("a troop of 36 scouts", "the
    home captain", "water bombers" are no armed actors)."""
    if mention.entity.sector not in ARMED_SECTORS or doc.parse is None:
        return False
    span = doc.parse.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is None or is_cue(span.root, senses)


def armed(doc: Document, event: Event, senses: frozenset[str]) -> bool:
    """An armed actor, none of whose mentions (by their words: a country may be inferred
    later) names it in another sense."""
    actor = event.actor
    if actor is None or actor.sector not in ARMED_SECTORS or not plain_force(doc, event):
        return False
    if actor.code and other_field_page(doc) and not named_by_conflict_word(doc, actor):
        return False  # "Quebec's captain bombed a slapshot": no Canadian officer (without a
        # code, `plain_force` asked for a conflict word already)
    told = [mention for mention in doc.actors if mention.entity.text == actor.text]
    return all(armed_mention(doc, mention, senses) for mention in told)


def other_field_page(doc: Document) -> bool:
    """A page off the topic with words of another field (`MIN_OTHER_FIELD`): there an
    armed actor by its code alone ("Quebec's captain" on a hockey page) is none."""
    return off_topic(doc) and other_field_words(doc) >= MIN_OTHER_FIELD


def plain_force(doc: Document, event: Event) -> bool:
    """Whether the event's actor is plainly what its sector says: anywhere but on a page off
    the topic; there, only one with a code or named by a conflict word ("the soldiers", not
    "their captain" of a football side, nor "the smaller carrier" of a takeover page)."""
    actor = event.actor
    if actor is None or actor.code or not off_topic(doc) or doc.parse is None:
        return actor is not None
    return named_by_conflict_word(doc, actor)


def named_by_conflict_word(doc: Document, actor: Entity) -> bool:
    """Whether a mention of the actor has a `conflict` word as its head ("the soldiers")."""
    if doc.parse is None:
        return False
    told = [mention for mention in doc.actors if mention.entity.text == actor.text]
    spans = [doc.parse.char_span(m.start, m.end, alignment_mode="expand") for m in told]
    return any(span is not None and span.root.lemma_.lower() in words("conflict")
               for span in spans)


def weapon_named(context: set[str]) -> bool:
    """A weapon or explosive device named in the tellings' clauses."""
    return bool(context & (words("device") | set(mode_cues())))


def means_named(context: set[str]) -> bool:
    return weapon_named(context) or bool(context & words("means"))


def off_topic(doc: Document) -> bool:
    """A document long enough to judge whose relevance is below `OFF_TOPIC`."""
    return judged(doc) and (doc.relevance or 0.0) < OFF_TOPIC


def judged(doc: Document) -> bool:
    """Whether the document has a relevance and is long enough to judge by it."""
    if doc.relevance is None or doc.parse is None:
        return False
    return word_count(doc.parse) >= MIN_WORDS


def word_count(parse: Any) -> int:
    """The words (`is_alpha` tokens) of one spaCy parse, read from its `columns`."""
    return sum(columns(parse).alpha)


def strong(event: Event, context: set[str], is_armed: bool, other_field: bool) -> bool:
    """An armed actor (`is_armed`), political targets (opposition, press), or a weapon named
    with an assault's weapon mode: enough on their own, on any page; on a page of another
    field (`other_field`: `other_field_page`), where weapons are metaphors ("absorbed the
    bombardment", "hit me with some bombs" on a boxing page), the weapon only with people
    killed or wounded ("a bomb exploded outside the arena before the bout, killing two
    fans")."""
    political = event.recipient is not None and event.recipient.sector in POLITICAL_SECTORS
    weapon = event.event == "ASSAULT" and event.mode in WEAPON_MODES and weapon_named(context)
    hurt = bool(event.size.dead or event.size.injured)
    return is_armed or political or (weapon and (hurt or not other_field))


def natural_blockade(tellings: list[Token]) -> bool:
    """"The highway was blocked by fallen trees": a road closed by a cause of disaster
    (`cause` words as its subject or agent) is no protest."""
    subjects = [s for trigger in tellings for s in children(trigger, "nsubj")]
    agents = [o for trigger in tellings for a in children(trigger, "agent")
              for o in children(a, "pobj")]
    return bool({lemma(word) for word in subjects + agents} & words("cause"))


def violent_verb(word: Token) -> bool:
    """A verb the lexicon reads as an attack ("protesters stormed parliament") is no cause
    of disaster, though its noun ("a storm") is."""
    return word.pos_ == "VERB" and bool(trigger_types(word.lemma_, "VERB") & VIOLENT_TYPES)


CAUSE_PREPOSITIONS = frozenset({"of", "from", "in", "after", "during", "by", "when"})


def cause_words(trigger: Token) -> list[Token]:
    """Where a cause of death or harm stands: the trigger's subject or agent, what it is
    "of", "from", "in" or "by", the noun it is a relative clause of ("a fire that killed"),
    and the subject of the verb a participle hangs from ("a cylinder exploded, killing"), or
    the noun that verb tells of."""
    heads = [trigger]
    if trigger.dep_ in ("relcl", "acl"):
        heads.append(trigger.head)
    if trigger.dep_ in ("advcl", "conj", "xcomp"):
        heads += [trigger.head, *children(trigger.head, "nsubj", "nsubjpass")]
        if trigger.head.dep_ in ("relcl", "acl"):
            heads.append(trigger.head.head)  # "a torrent of water swept in, destroying"
    found = [word for head in heads for word in head_words(head)]
    return [word for word in found if word.i != trigger.i]


def head_words(head: Token) -> list[Token]:
    """A word with its subject, its agent's object and its objects of cause prepositions,
    each with its compounds, conjuncts and what it counts ("a wall of water")."""
    near = [head, *children(head, "nsubj", "nsubjpass", "advcl")]
    preps = [p for p in children(head, "prep", "agent") if p.lower_ in CAUSE_PREPOSITIONS | {"by"}]
    near += [obj for prep in preps for obj in children(prep, "pobj")]
    near += [w for n in list(near)
             for w in [*children(n, "compound", "nsubj"), *n.conjuncts, *counted(n)]]
    return near


def victim_words(trigger: Token) -> list[Token]:
    """Who suffered it: the trigger's object or passive subject (the subject of "die"; the
    noun a relative clause tells of), with their conjuncts; the head words only ("cattle
    rustlers" are people)."""
    dying = trigger.lemma_.lower() in DEATH_LEMMAS
    found = children(trigger, "dobj", "nsubjpass", *(("nsubj",) if dying else ()))
    if trigger.dep_ == "relcl" and any(word.tag_ in ("WP", "WDT") for word in found):
        found.append(trigger.head)  # "a soldier who died", "civilians who were killed"
    found += [conj for word in found for conj in word.conjuncts]
    return found + [whole for word in found for whole in counted(word)]


def kind_of(word: Token) -> bool:
    """"cattle rustlers", "bank robbers", "cattle herders clashed": a word naming what people
    (victims, `data/events/victims.tsv` words or agents of the actor dictionary) deal in is
    neither agent nor victim ("a shark attack" names the attacker: it modifies the event
    noun)."""
    head = word.head
    people = head.lemma_.lower() in victim_sectors() or normalise(head.lower_) in entries()
    return word.dep_ == "compound" and (head.dep_ in ("dobj", "nsubjpass") or people)


def counted(word: Token) -> list[Token]:
    """"hundreds of cattle", "a herd of goats": what a quantity word counts."""
    return [noun for prep in children(word, "prep") if prep.lower_ == "of"
            for noun in children(prep, "pobj")]


def lemma(word: Token) -> str:
    """The word's lemma, where "fire" after "opened" (`gunfire` rows), or fire as a verb,
    is gunfire."""
    gunfire = word.pos_ == "VERB" or word.head.lemma_.lower() in words("gunfire")
    if word.lemma_.lower() == "fire" and gunfire:
        return "gunfire"
    return word.lemma_.lower()


def clause(trigger: Token) -> list[Token]:
    """The trigger's own clause, its own word left out: its subtree, and its head's where
    it is a participle or relative clause ("a fire that killed seven")."""
    head = trigger.head if trigger.dep_ in ("acl", "advcl", "xcomp", "amod", "relcl") else trigger
    return [word for word in head.subtree if word.i != trigger.i]
