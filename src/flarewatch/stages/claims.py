"""Who says so, and whether it happened: `claimed_by`, `modality` and `confidence`.

An event told inside the clause of a reporting verb ("the ministry said that ...",
"reported about ...", "... , the army said") or after "according to X" is attributed to
that verb's subject. The verb gives the modality (said: reported, claimed: claimed,
denied: denied); a party vouching for its own action claims it. Negation, conditional
modals and plans mark the event itself. Unnamed civilians and rebels, once the attacker
and the place are known, take the country they belong to.
Reads `doc.parse`, `doc.actors`, `doc.events`; sets `claimed_by`, `modality`, `confidence`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from flarewatch.actors.compose import code_phrase
from flarewatch.events.arguments import resolve_pronoun
from flarewatch.events.detect import claimed_as_done, enacting_verb, intended
from flarewatch.events.domestic import localise
from flarewatch.events.lexicon import claim_words, mode_cues, reporting_verbs
from flarewatch.events.syntax import Token, children, disowned, phrase
from flarewatch.model import Document, Entity, Event, Size
from flarewatch.pipeline import stage
from flarewatch.stages.roles import entity_in, text_of

HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "can"})
# Types that an act announced for later becomes (see `detect.as_intent`): planned.
PROMISED_TYPES = frozenset({"AGREE", "CONCEDE"})
# Acts done by saying them: a threat whose clause names no one making it is the speaker's.
SPOKEN_TYPES = frozenset({"THREATEN"})
PLANNING_VERBS = frozenset({"want", "plan", "intend", "prepare", "seek", "aim", "hope"})
# Verbs that put an event off: "talks were pushed back to Monday" are still to come.
POSTPONING_VERBS = frozenset({"postpone", "delay", "push", "reschedule", "defer", "adjourn"})
COMBATANT_SECTORS = frozenset({"MIL", "REB", "UAF", "IMG"})
STATE_FORCES = frozenset({"MIL", "COP"})
ENEMY_FIGHTERS = frozenset({"REB", "UAF", "IMG"})


@stage("claims")
def claims(doc: Document) -> Document:
    if doc.parse is None:
        return doc
    told_denials: set[int] = set()  # ids of retold acts whose denial is a REJECT of its own
    issued_by = issuer(doc.text)
    for number, event in enumerate(doc.events):
        span = doc.trigger_span(event)
        if span is not None:
            attribute(doc, event, span.root)
            if denied_again(doc, event, span.root, doc.events[:number]):
                told_denials.add(id(event))
        if event.claimed_by is None and issued_by is not None:
            event.claimed_by = issued_by
        event.actor = localise(doc, event, event.actor)
        event.claimed_by = localise(doc, event, event.claimed_by)
        event.recipient = localised(doc, event)
        event.confidence = confidence(event)
    doc.events = [event for event in doc.events if id(event) not in told_denials]
    return doc


# A statement's head: its issuer, title and date lines, and the sentence that opens it.
HEAD_CHARS = 400
HEAD_PARTS = re.compile(r"\n+|\s+/\s+|(?<=[a-z)])\.\s+")
ISSUER_SECTORS = frozenset({"GOV", "MIL", "COP", "REB", "JUD", "IGO", "NGO"})


def issuer(text: str) -> Entity | None:
    """The body that issues the report, where its head says it is a release of its own
    ("PRESS RELEASE / 6th Infantry Division, Philippine Army", "REPUBLIC OF NIGER -
    MINISTRY OF NATIONAL DEFENCE / Communique No. 037", "COMMUNIQUE. The Haitian National
    Police informs the public that"): the first part of the head (its lines, or its
    sentences up to an `informing` verb) that codes as a body of `ISSUER_SECTORS`
    (`actors.compose.code_phrase`), of the state a line before it names alone where it
    names none; None for a report that is no release (no part of its first `HEAD_CHARS`
    characters opens with a `release` marker of claim_words.tsv) or names no issuer.
    Every event the release tells with no source of its own is the issuer's claim
    (ANNOTATION.md: `claimed_by` names who says so), as in annotated communiqués."""
    parts = [part.strip() for part in HEAD_PARTS.split(text[:HEAD_CHARS])[:6]]
    if not any(release_marker().match(part) for part in parts):
        return None
    state = None  # a head line naming the state alone ("FEDERAL REPUBLIC OF SOMALIA")
    for part in parts:
        entity = code_phrase(before_informing(release_marker().sub("", part)))
        if entity is not None and entity.sector in ISSUER_SECTORS:
            return entity if entity.code or state is None else replace(entity, code=state.code)
        state = state or (entity if entity is not None and entity.sector is None else None)
    return None


@cache
def release_marker() -> re.Pattern[str]:
    """A `release` marker opening a head part, with the punctuation or preposition after
    it ("PRESS RELEASE, ", "COMMUNIQUE. ", "Communique of "); not a longer word
    ("Communiques from the front")."""
    words = "|".join(re.escape(word) for word in sorted(claim_words("release"), key=len,
                                                         reverse=True))
    return re.compile(rf"(?i)^(?:{words})\b[\s.,:;-]*(?:(?:of|by|from)\s+)?")


def before_informing(part: str) -> str:
    """A head part up to its `informing` verb ("The Ministry of Defence informs the public
    that ...": the ministry), or whole."""
    words = part.split()
    cut = next((i for i, word in enumerate(words) if word.lower() in claim_words("informing")),
               len(words))
    return " ".join(words[:cut])


def denied_again(doc: Document, event: Event, trigger: Token, earlier: list[Event]) -> bool:
    """Turn a denial of an act just told into the denier's REJECT (`retold_denial`,
    `reject_instead`); True where the denying verb tells that REJECT already
    (`denial_told`), so the turned event is a second one to leave out."""
    if not retold_denial(event, earlier):
        return False
    twice = denial_told(doc, trigger)
    reject_instead(event, trigger)
    return twice


def denial_told(doc: Document, trigger: Token) -> bool:
    """Whether the verb that denies the act already tells a REJECT ("denied shelling the
    camp": the `@act` deny row of `data/events/triggers.tsv`): the act, retold only to be
    denied, gives no second one."""
    verb = reporting_verb(trigger)
    return verb is not None and any(
        other.event == "REJECT" and other.trigger_start == verb.idx for other in doc.events)


def attribute(doc: Document, event: Event, trigger: Token) -> None:
    verb = reporting_verb(trigger)
    if verb is not None and not disowned(verb):
        speaker = source_phrase(verb)
        event.claimed_by = speaker_entity(doc, speaker) if speaker is not None else None
        event.modality = reporting_modality(verb) or "reported"
        if event.modality == "reported" and vouches_for_itself(event, trigger, speaker):
            event.modality = "claimed"
            credit_speaker(event)
        elif takes_responsibility(trigger) and known(event.claimed_by):
            event.actor = event.claimed_by  # "X claimed responsibility for the blast"
        if event.event in SPOKEN_TYPES and event.actor is None:
            event.actor = event.claimed_by  # "any attack will be met with force, X said"
    own = "negated" if failed(event, trigger) else own_modality(trigger)
    if own != "negated":  # "would attack" read as a threat is threatened, not hypothetical
        own = announced(event, trigger) or own
    if own == "hypothetical" and verb is not None and future_in_past(trigger):
        own = "planned"  # "the minister said troops would be sent": announced for later
    if own is not None:
        event.modality = own
    if refused(event, trigger):
        event.event, event.mode, event.modality = "REJECT", None, "asserted"


def failed(event: Event, trigger: Token) -> bool:
    """"Police failed to arrest the gunmen", "the two sides failed to agree on a truce": an
    act its doer failed to do did not happen (negated). Not an attack: one that failed to
    take its target was still made ("rebels failed to overrun the base, losing 20
    fighters" is a clash)."""
    clause = trigger.head if trigger.dep_ == "dobj" else trigger
    return event.event != "ASSAULT" and clause.dep_ == "xcomp" \
        and clause.head.lemma_.lower() == "fail"


# Acts of accommodation that a party saying it "will not" or "would not" do rejects.
REFUSABLE_TYPES = frozenset({"AGREE", "CONCEDE", "RETREAT", "COOPERATE", "SUPPORT", "CONSULT"})


def refused(event: Event, trigger: Token) -> bool:
    """"The group would not withdraw", "Caracas will not accept mediation": a negated
    promise of accommodation is a refusal (PLOVER REJECT), not a negated event."""
    if event.modality != "negated" or event.event not in REFUSABLE_TYPES:
        return False
    verb = trigger if trigger.pos_ == "VERB" else trigger.head
    return any(aux.lower_ in ("will", "would", "wo") for aux in children(verb, "aux"))


def retold_denial(event: Event, earlier: list[Event]) -> bool:
    """A denial of an event the document has just told: one of the same type a few sentences
    before, done to the same kind of people (a denial that civilians were killed, after an
    account of fighters' losses, is no denial of that account)."""
    if event.modality != "denied":
        return False
    recent = [o for o in earlier if o.event == event.event and event.sentence - o.sentence <= 3]
    return any(same_victims(event.recipient, other) for other in recent)


def same_victims(denied: Entity | None, told: Event) -> bool:
    """Whether the people a denial is about are those the told event befell (any, where
    the denial names none)."""
    if denied is None:
        return True
    sectors = {casualty.sector for casualty in told.casualties}
    if told.recipient is not None:
        sectors.add(told.recipient.sector)
    return denied.sector in sectors


def reject_instead(event: Event, trigger: Token) -> None:
    """"The junta denied that civilians had been targeted", after the strike was told: the
    denier rejects the account (PLOVER REJECT); the denial tells no second attack."""
    verb = reporting_verb(trigger)
    if verb is None:
        return
    event.event, event.mode, event.modality = "REJECT", None, "asserted"
    event.actor, event.recipient, event.claimed_by = event.claimed_by, None, None
    event.size, event.casualties = Size(), []
    event.start = min(event.start, verb.idx)
    event.trigger_start, event.trigger_end = verb.idx, verb.idx + len(verb.text)
    event.event_text = verb.text


def announced(event: Event, trigger: Token) -> str | None:
    """A threat is threatened; an act promised for later ("will release") is planned."""
    if event.event == "THREATEN":
        return "threatened"
    promising = event.event in PROMISED_TYPES
    return "planned" if promising and intended(trigger) else None


def reporting_verb(trigger: Token) -> Token | None:
    """The reporting verb whose clause holds the trigger, if any; a verb coordinated with a
    reported one is reported too ("police cleared the camp and arrested dozens, the
    university said"); one coordinated with the reporting verb is said beside it, not inside
    what it says ("denied any role and accused the militia of ...")."""
    node = trigger
    for _ in range(6):
        if node.head.i == node.i or speaks_itself(node):
            break
        beside, node = node.dep_ == "conj", node.head
        if reporting_modality(node) and node.i != trigger.i and not beside:
            return node
    return quoting_verb(trigger)


def speaks_itself(node: Token) -> bool:
    """A subject of its own clause ends the climb where that clause is itself the report
    ("the inquiry said ..."); "police said clashes erupted" climbs on to "said"."""
    if node.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return node.head.dep_ not in ("ccomp", "xcomp") or reporting_modality(node.head) is not None


def quoting_verb(trigger: Token) -> Token | None:
    """"..., the army said": a reporting verb hanging off the sentence root."""
    root = trigger.sent.root
    for child in root.children:
        if child.dep_ in ("parataxis", "ccomp") and reporting_modality(child):
            if child.i > trigger.i and children(child, "nsubj"):
                return child
    for token in trigger.sent:
        if token.lower_ == "according" and token.i != trigger.i:
            return token
    return None


def reporting_modality(token: Token) -> str | None:
    """The modality a reporting word gives ("according" is matched as written)."""
    verbs = reporting_verbs()
    by_lemma = verbs.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
    return verbs.get(token.lower_) or by_lemma


def speaker_entity(doc: Document, speaker: Token) -> Entity | None:
    """The actor of the speaker's phrase; for a document that speaks ("according to an army
    statement", a `document` word of `data/events/claim_words.tsv`) with no actor of its
    own, the body its modifiers name, coded out of context ("army"); for another speaker
    with no actor, its own words coded so (`unlisted_speaker`)."""
    tokens = phrase(speaker)
    found = entity_in(doc, tokens)
    if found is not None:
        return found
    if speaker.lemma_.lower() not in claim_words("document"):
        return unlisted_speaker(doc, tokens)
    named = [t for t in speaker.children if t.dep_ in ("compound", "amod", "nmod")]
    text = " ".join(t.text for t in sorted(named, key=lambda t: t.i))
    return code_phrase(text, doc.date) if text else None


def unlisted_speaker(doc: Document, tokens: list[Token]) -> Entity | None:
    """A speaker the actors stage found no actor in, coded out of context from its words
    ("a military source", "the national intelligence agency", "police"); its country,
    where it has none, comes later from the document (`domestic.localise`)."""
    return code_phrase(text_of(doc, tokens), doc.date)


def source_phrase(verb: Token) -> Token | None:
    """Who speaks: the subject of the reporting verb, or the object of "according to"; for
    a verb with none that shares another's (`shares_subject`), that one's speaker."""
    if verb.lower_ == "according":
        objects = [obj for prep in children(verb, "prep") for obj in children(prep, "pobj")]
        return objects[0] if objects else None
    subjects = children(verb, "nsubj")
    if subjects:
        return resolve_pronoun(subjects[0])
    if verb.dep_ in ("acl", "relcl"):
        return verb.head  # "officials, reporting ..."
    return source_phrase(verb.head) if shares_subject(verb) else None


def shares_subject(verb: Token) -> bool:
    """A verb with no subject of its own that takes its head's: the second of two joined
    predicates ("An RSF spokesman denied the strike and said its drones hit the army"), or
    a participle clause after the main one ("The army denied the charge, saying its
    soldiers had returned fire"); not a passive ("was blamed") nor a clause that an
    adverbial word opens ("while saying")."""
    if verb.head.i == verb.i or verb.head.pos_ not in ("VERB", "AUX"):
        return False
    if children(verb, "nsubjpass"):
        return False
    if verb.dep_ == "conj":
        return True
    return verb.dep_ == "advcl" and verb.tag_ == "VBG" and not children(verb, "mark")


def vouches_for_itself(event: Event, trigger: Token, speaker: Token | None) -> bool:
    """A fighting party telling of its own action, or of enemy losses, claims it."""
    if speaker is None or event.claimed_by is None:
        return False
    subject = next(iter(children(trigger, "nsubj")), None)
    if subject is not None and subject.pos_ == "PRON":
        return True
    own_side = event.actor is None or event.actor.code is None
    return own_side and event.claimed_by.sector in COMBATANT_SECTORS


def credit_speaker(event: Event) -> None:
    """"The army said 30 rebels were killed": state forces announcing enemy fighters' losses,
    with no attacker named, claim their own operation; other victims ("civilians died")
    say nothing of who did it. An armed group telling of an attack that names no attacker
    ("its fighters planted the device that killed ...") claims it as its own, unless
    warplanes did it ("a fighter jet dropped two bombs ..., according to a member of the
    local People's Defence Force": armed groups fly no warplanes; drones they do fly)."""
    speaker, victims = event.claimed_by, event.recipient
    if event.event != "ASSAULT" or not attacker_unnamed(event.actor) or not known(speaker):
        return
    if speaker is not None and speaker.sector in ENEMY_FIGHTERS and event.mode != "aerial":
        event.actor = speaker
    elif speaker is not None and speaker.sector in STATE_FORCES and victims is not None:
        event.actor = speaker if victims.sector in ENEMY_FIGHTERS else event.actor


def attacker_unnamed(actor: Entity | None) -> bool:
    """No attacker named at all, or only the weapon ("the device that killed ...")."""
    if actor is None or not actor.text:
        return True
    last_word = actor.text.split()[-1].lower()
    return actor.code is None and last_word in mode_cues()


def takes_responsibility(trigger: Token) -> bool:
    """"claimed responsibility for the blast": the event is what a claim takes on
    (`detect.claimed_as_done`)."""
    return trigger.pos_ in ("NOUN", "PROPN") and claimed_as_done(trigger)


def localised(doc: Document, event: Event) -> Entity | None:
    """Unnamed victims are people of the country where it happened ("civilians killed in
    Aleppo" are Syrian); rebels fought by a state's forces, of that state."""
    victims = localise(doc, event, event.recipient, acting=False)
    if victims is None or victims.code is not None or victims.sector != "REB":
        return victims
    country = event.actor.code if fought_by_state(event) and event.actor else None
    return replace(victims, code=country) if country else victims


def fought_by_state(event: Event) -> bool:
    actor = event.actor
    return actor is not None and actor.code is not None and actor.sector in STATE_FORCES


def own_modality(trigger: Token) -> str | None:
    """Negation, conditionals and plans stated on the trigger's own clause; a negation
    also on the verb that enacts a noun trigger ("did not impose a curfew":
    `detect.enacting_verb`)."""
    deps = {child.dep_ for child in trigger.children}
    if "neg" in deps or neither_nor(trigger) or enactment_denied(trigger):
        return "negated"
    if any(aux.lower_ in HYPOTHETICAL_AUX for aux in children(trigger, "aux")):
        return "hypothetical"
    if any(mark.lower_ == "if" for mark in children(trigger, "mark")):
        return "hypothetical"
    if trigger.dep_ in ("nsubj", "nsubjpass") and put_off(trigger.head):
        return "planned"  # "the talks have been pushed back to Monday"
    clause = trigger.head if trigger.dep_ == "dobj" else trigger  # "plan to launch an offensive"
    if clause.dep_ == "xcomp" and clause.head.lemma_.lower() in PLANNING_VERBS:
        return "planned"
    if clause.dep_ == "xcomp" and clause.head.lemma_.lower() == "threaten":
        return "threatened"
    return None


def enactment_denied(noun: Token) -> bool:
    """"did not impose a curfew", "never launched the offensive": the verb enacting a noun
    trigger is negated."""
    verb = enacting_verb(noun)
    if verb is None or verb.i == noun.i:
        return False
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)


def neither_nor(verb: Token) -> bool:
    """"Israel has neither confirmed nor denied its involvement": a verb after "nor", or
    one that "neither" opens, is negated with its conjuncts."""
    after_nor = verb.dep_ == "conj" and any(c.lower_ == "nor" for c in children(verb.head, "cc"))
    opened = any(c.lower_ == "neither" for c in children(verb, "preconj", "advmod", "cc"))
    return after_nor or opened


def future_in_past(trigger: Token) -> bool:
    """"Troops would be sent", told in a report's words: the future of reported speech
    (a plan), not a supposition ("if", or "could", "might" are)."""
    auxiliaries = {aux.lower_ for aux in children(trigger, "aux")}
    conditional = any(mark.lower_ == "if" for mark in children(trigger, "mark"))
    return auxiliaries & HYPOTHETICAL_AUX == {"would"} and not conditional


def put_off(verb: Token) -> bool:
    """Whether a subject's verb postpones it: the verb itself, or a verb coordinated with it
    that shares its subject ("Negotiations, meant to reopen this weekend, have been pushed
    back": the parse coordinates "pushed" with "meant")."""
    verbs = [verb, *children(verb, "xcomp")]  # "were meant to start ... and postponed"
    shared = [conj for each in verbs for conj in children(each, "conj")
              if not children(conj, "nsubj", "nsubjpass")]
    return any(each.lemma_.lower() in POSTPONING_VERBS for each in [*verbs, *shared])


def confidence(event: Event) -> float:
    """Trigger strength, raised by a named actor and a mode, lowered by doubt."""
    score = event.confidence
    score += 0.1 if known(event.actor) else 0.0
    score += 0.05 if event.mode else 0.0
    score -= {"claimed": 0.1, "denied": 0.3, "hypothetical": 0.3, "negated": 0.4}.get(
        event.modality, 0.0
    )
    return round(min(max(score, 0.05), 0.95), 2)


def known(entity: Entity | None) -> bool:
    return entity is not None and entity.code is not None
