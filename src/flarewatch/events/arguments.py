"""Who did it and to whom: an event's actor and recipient phrases in the parse.

Verbs: the subject acts and the object undergoes; in a passive the "by" agent acts
(through an instrument: "killed by mines laid by X" -> X) and the subject undergoes.
Nouns: a possessor, a nationality adjective or a "by"/"from" phrase acts ("Azerbaijani
shelling", "Azerbaijan's preparations", "aid from the ICRC"); an "of"/"on"/"against"
phrase undergoes.
"""

from __future__ import annotations

from flarewatch.actors.lexicon import entries, normalise
from flarewatch.events.eventness import cues, is_event_noun
from flarewatch.events.lexicon import (
    claim_words,
    mode_cues,
    reporting_verbs,
    statuses,
    trigger_types,
    victim_sectors,
    word_roles,
)
from flarewatch.events.syntax import (
    RESULT_DEPS,
    Token,
    children,
    circumstances,
    misread_weapon,
    phrase,
    phrase_text,
    subject_of,
)

PATIENT_PREPOSITIONS = ("against", "on", "at", "of", "into", "upon")
AGENT_PREPOSITIONS = ("by", "from", "between")
PAIRED_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
SUFFERED = frozenset({"die", "perish"})
GERUND_DEPS = frozenset({"pcomp", "pobj", "dobj", "nsubj", "advcl", "acl"})
RELATIVE_TAGS = frozenset({"WP", "WDT"})  # who, which, that (relative)
ADDRESSEE = frozenset({"you", "ya", "thou"})  # the one spoken to, never the speaker
# Pronouns that in a speaker's own quoted words name others: a speaker says "I" or "we".
THIRD_PERSON = frozenset({"he", "she", "it", "they"})
# Double quotation marks only: a single curly one is mostly an apostrophe ("Israel’s").
OPENING_MARKS = frozenset("“«")
QUOTATION_MARKS = frozenset('“”«»"')


def is_passive(verb: Token) -> bool:
    return bool(children(verb, "nsubjpass", "auxpass"))


# Statuses of `data/events/statuses.tsv` whose verbs take their victims as object
# ("killed four farmers", "detained six men"): told with a subject and no object, the
# subject is what befell (`headline_passive`).
OBJECT_STATUSES = frozenset({"dead", "injured", "arrested"})


def headline_passive(verb: Token) -> bool:
    """"Two farmers killed as gunmen fire on paddy fields", "Protester shot dead in
    Kisumu", "Six held after raid": a headline's passive without its "were", which the
    parser reads as a past tense whose subject acts. A verb that takes its victims as
    object (a status verb of `OBJECT_STATUSES`, or one told with its outcome: "shot dead")
    in the past tense, with a subject, no object and no auxiliary, in a sentence that ends
    with no full stop (a headline's form), tells what befell its subject; "Gunmen killed
    four farmers" has its object, "police shot at the crowd" no outcome."""
    if verb.tag_ != "VBD" or children(verb, "dobj", "aux", "auxpass", "neg"):
        return False
    status = statuses().get(verb.lemma_.lower())
    outcome = any(word.lemma_.lower() == "dead" for word in children(verb, *RESULT_DEPS))
    if not (status in OBJECT_STATUSES or outcome) or not children(verb, "nsubj"):
        return False
    return in_headline(verb)


def in_headline(token: Token) -> bool:
    """Whether the token's sentence ends with no full stop, a headline's form (its last two
    tokens looked at only: `sent[-2:]`, as walking a long sentence is slow)."""
    return not any(word.text in SENTENCE_ENDS for word in token.sent[-2:])


SENTENCE_ENDS = frozenset({".", "!", "?"})


def on_noun(verb: Token) -> bool:
    """"those beaten by officers", "a convoy hit by a drone": a past participle on a noun
    is a passive whose subject is that noun, unless it has a direct object of its own (a
    misparsed main verb: "Militants stabbed to death two farmers")."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PRON")


def agent_phrase(verb: Token) -> Token | None:
    """The acting noun of a passive, looking through an instrument ("by mines laid by X");
    a time is none ("killed by Tuesday" is a count's cutoff)."""
    for agent in children(verb, "agent"):
        for noun in children(agent, "pobj"):
            if noun.ent_type_ in ("DATE", "TIME"):
                continue
            if noun.lemma_.lower() in mode_cues():
                for clause in children(noun, "acl"):
                    deeper = agent_phrase(clause)
                    if deeper is not None:
                        return deeper
            return noun
    return None


def resolve_relative(word: Token) -> Token:
    """"the soldier who was killed": a relative pronoun stands for the noun its clause is on."""
    clause = word.head
    if word.tag_ in RELATIVE_TAGS and clause.dep_ == "relcl" and clause.head.i != clause.i:
        return clause.head
    return word


def resolve_pronoun(subject: Token) -> Token:
    """"The army says it regained ...": a pronoun subject stands for the reporting subject."""
    if subject.tag_ in RELATIVE_TAGS:
        return resolve_relative(subject)
    if subject.pos_ != "PRON" or subject.lower_ in ADDRESSEE:
        return subject  # "'You killed our guest,' the leader said": you is not the speaker
    if subject.lower_ in THIRD_PERSON and in_direct_speech(subject):
        return subject  # "'They killed my neighbour,' said a farmer": not the farmer
    head = subject.head
    while head.head.i != head.i:
        head = head.head
        for child in children(head, "nsubj"):
            if child.pos_ != "PRON":
                return child
    return previous_subject(subject) or subject


def in_direct_speech(token: Token) -> bool:
    """Whether the token stands inside quotation marks opened in its paragraph: the last
    quotation mark before it opens a quotation (a curly opening one, or an odd-numbered
    straight one)."""
    text = token.doc.text
    start = text.rfind("\n", 0, token.idx) + 1
    marks = [char for char in text[start:token.idx] if char in QUOTATION_MARKS]
    if not marks:
        return False
    if marks[-1] in OPENING_MARKS:
        return True
    return marks[-1] == '"' and marks.count('"') % 2 == 1


def previous_subject(pronoun: Token) -> Token | None:
    """"The national army affirms that it remains committed. It warns the militia ...": a
    pronoun subject of a sentence's main clause with nothing to stand for in its sentence
    stands for the main subject of the sentence before, where that is a noun of the same
    number ("it" a singular one, "they" a plural)."""
    sentence = pronoun.sent
    if pronoun.head.i != sentence.root.i or sentence.start == 0:
        return None
    before = pronoun.doc[sentence.start - 1].sent
    wanted = PRONOUN_NUMBER.get(pronoun.lower_)
    found = [c for c in children(before.root, "nsubj") if c.pos_ in ("NOUN", "PROPN")]
    return next((c for c in found if wanted and c.tag_ in wanted), None)


# The noun tags a subject pronoun can stand for.
PRONOUN_NUMBER = {"it": frozenset({"NN", "NNP"}), "they": frozenset({"NNS", "NNPS"})}


def gerund_owner(verb: Token) -> Token | None:
    """"about Azerbaijani shelling of X": the name right before a bare gerund owns it."""
    if verb.tag_ != "VBG" or verb.i == 0 or verb.dep_ not in GERUND_DEPS:
        return None
    before = verb.doc[verb.i - 1]
    return before if before.pos_ in ("PROPN", "ADJ") else None


def verb_arguments(verb: Token) -> tuple[Token | None, list[Token]]:
    """(actor phrase head, recipient phrase heads) of a verbal trigger."""
    repelled = repelled_attack(verb)
    if repelled is not None:
        return repelled
    if is_passive(verb):
        agent = agent_phrase(verb) or moment_subject(verb) or inner_actor(verb)
        return agent, [resolve_relative(w) for w in children(verb, "nsubjpass")]
    if on_noun(verb) and children(verb, "dobj"):
        return verb.head, children(verb, "dobj")  # "Militants stabbed to death two farmers"
    if on_noun(verb):
        return agent_phrase(verb) or inner_actor(verb), [verb.head]
    if verb.tag_ == "VBN" and verb.dep_ == "xcomp" and is_passive(verb.head):
        # "13 people were reported killed": the passive subject of the verb above suffered it
        return agent_phrase(verb), [resolve_relative(w) for w in children(verb.head, "nsubjpass")]
    if verb.lemma_.lower() in SUFFERED or headline_passive(verb):
        victims = [resolve_relative(w) for w in children(verb, "nsubj")]
        return inner_actor(verb), victims  # "a soldier died": the subject is the victim
    subject = sayer_of(verb) or subject_of(verb) or gerund_owner(verb) or accused(verb) \
        or document_owner(verb)
    actor = resolve_pronoun(subject) if subject is not None else None
    patients = left_from(verb) or children(verb, "dobj")
    for preposition in children(verb, "prep"):
        if preposition.lower_ in PATIENT_PREPOSITIONS or preposition.lower_ == "with":
            patients.extend(children(preposition, "pobj"))
    return actor, patients


def sayer_of(verb: Token) -> Token | None:
    """"the RSF said its drones had struck military sites, and denied targeting any
    facility": a verb of rejecting (a REJECT trigger) that the parse coordinates with the
    clause a reporting verb says, having no subject of its own, is the reporter's act; its
    subject is the reporter, not the said clause's ("its drones")."""
    said = verb.head
    if verb.dep_ != "conj" or children(verb, "nsubj") or said.dep_ != "ccomp":
        return None
    rejecting = "REJECT" in trigger_types(verb.lemma_, "VERB")
    reporting = said.head.lemma_.lower() in reporting_verbs()
    return next(iter(children(said.head, "nsubj")), None) if rejecting and reporting else None


MESSAGES = frozenset({"REJECT", "ACCUSE", "THREATEN", "REQUEST"})


def document_owner(verb: Token) -> Token | None:
    """"The RSF issued a statement denying that it targeted civilians", "said in a
    communique accusing the army of shelling": a participle of a message (REJECT, ACCUSE,
    THREATEN, REQUEST) on a text (`document` words of `data/events/claim_words.tsv`) is
    the act of whoever put out the text: the subject of the verb the text is the object
    of, or whose "in" phrase it is; None otherwise."""
    text = verb.head
    documents = claim_words("document")
    if verb.tag_ != "VBG" or verb.dep_ != "acl" or text.lemma_.lower() not in documents:
        return None
    if not trigger_types(verb.lemma_.lower(), "VERB") & MESSAGES:
        return None
    if text.dep_ == "dobj":
        return subject_of(text.head)  # "issued a statement denying ..."
    return subject_of(text.head.head) if text.dep_ == "pobj" else None  # "said in a statement"


def moment_subject(verb: Token) -> Token | None:
    """"A woman was killed when Ukrainian artillery shelled the town": a passive with no
    agent takes the subject of the clause telling its moment (`circumstances`) where that
    clause's verb is an attack of the lexicon ("when they tried to flee" names no attacker)
    and its subject is not the victims' own ("when their car hit a mine"); a negated clause
    ("as we did not use force") names none, nor a fight between two sides ("killed as
    supporters clashed with students": `mutual` verbs of `data/events/circumstances.tsv`)."""
    mutual = word_roles("events/circumstances.tsv").get("mutual", frozenset())
    clauses = [c for c in circumstances(verb) if c.dep_ == "advcl" and not children(c, "neg")
               and c.lemma_.lower() not in mutual]
    for clause in clauses:  # not "and nine wounded", nor "as we didn't use any force"
        subjects = [s for s in children(clause, "nsubj")
                    if not any(c.pos_ == "PRON" for c in children(s, "poss"))]
        if subjects and "ASSAULT" in trigger_types(clause.lemma_, "VERB"):
            return resolve_pronoun(subjects[0])
    return None


def repelled_attack(verb: Token) -> tuple[Token | None, list[Token]] | None:
    """"The army repelled an attack by jihadists", "a White Army attack was repulsed by
    troops": the happening is the attack, so its attacker is the actor and the side that
    held it off the recipient (`repelling` verbs of `data/events/circumstances.tsv`); None
    for another verb, or one whose object is no attack noun."""
    if verb.lemma_.lower() not in word_roles("events/circumstances.tsv").get("repelling", ()):
        return None
    passive = is_passive(verb)
    attacks = children(verb, "nsubjpass") if passive else children(verb, "dobj")
    attack = next((noun for noun in attacks if attack_noun(noun)), None)
    if attack is None:
        return None
    side = agent_phrase(verb) if passive else subject_of(verb)
    attacker = own_noun_arguments(attack)[0] or (None if passive else by_phrase(verb))
    return attacker, [resolve_pronoun(side)] if side is not None else []


def by_phrase(verb: Token) -> Token | None:
    """"repelled an ambush by 15 rebels" with "by" hung on the active verb: no agent of an
    active verb, so the attack's."""
    return next((o for p in children(verb, "prep") if p.lower_ == "by"
                 for o in children(p, "pobj")), None)


def attack_noun(noun: Token) -> bool:
    return "ASSAULT" in trigger_types(noun.lemma_, "NOUN")


def inner_actor(verb: Token) -> Token | None:
    """"Five soldiers were killed in an al-Shabaab attack", "three died in a Russian drone
    strike": a toll with no attacker of its own takes the actor of the attack noun it is
    told inside (`inside` prepositions of `data/events/circumstances.tsv`); inside a fight
    with no attacker of its own, the side it is fought with (`other_side`)."""
    inside = word_roles("events/circumstances.tsv").get("inside", frozenset())
    nouns = [o for p in children(verb, "prep") if p.lower_ in inside for o in children(p, "pobj")]
    for noun in nouns:
        actor = noun_arguments(noun)[0] if attack_noun(noun) else None
        if actor is not None:
            return actor
        if fight_noun(noun):
            return other_side(noun)
    return None


def fight_noun(noun: Token) -> bool:
    """A noun of a fight between two sides (`fight_noun` of `data/events/circumstances.tsv`)."""
    return noun.lemma_.lower() in word_roles("events/circumstances.tsv").get("fight_noun", ())


def other_side(fight: Token) -> Token | None:
    """The side a fight is told with ("an encounter with security forces"); None if none,
    or if that side is a crowd ("injured in clashes with protesters": the protest's own
    violence, `incidents.protests`; `crowd` words of `data/incidents/words.tsv`)."""
    found = [o for p in children(fight, "prep") if p.lower_ == "with" for o in children(p, "pobj")]
    crowd = word_roles("incidents/words.tsv").get("crowd", frozenset())
    return found[0] if found and found[0].lemma_.lower() not in crowd else None


def fought_with(side: Token) -> bool:
    """Whether a phrase is the side a fight is told with (`other_side`)."""
    link = side.head
    return side.dep_ == "pobj" and link.lower_ == "with" and fight_noun(link.head)


def left_from(verb: Token) -> list[Token]:
    """"will withdraw its trainers from Georgia": the party a withdrawal leaves (the object
    of "from" after a `leaving` verb of `data/events/circumstances.tsv`) is its recipient,
    not the forces withdrawn."""
    if verb.lemma_.lower() not in word_roles("events/circumstances.tsv").get("leaving", ()):
        return []
    left = [o for p in children(verb, "prep") if p.lower_ == "from" for o in children(p, "pobj")]
    return [o for o in left if o.ent_type_ == "GPE"]  # a state left, not "the town of X"


def noun_arguments(noun: Token) -> tuple[Token | None, list[Token]]:
    """(actor phrase head, recipient phrase heads) of a nominal trigger: its own, else the
    subject of a verb that enacts it or the one accused of it."""
    actor, patients = own_noun_arguments(noun)
    return actor or light_verb_subject(noun) or accused(noun), patients or light_verb_objects(noun)


def own_noun_arguments(noun: Token) -> tuple[Token | None, list[Token]]:
    """(actor, recipients) from the noun's own phrase: owner, name, "by"/"against" phrases."""
    actor = None
    patients = []
    for child in noun.children:
        owner = child.dep_ == "poss" and child.pos_ != "PRON"  # "its invasion": see the verb
        if child.ent_type_ in ("DATE", "TIME"):
            continue  # "Wednesday's bombing": a day owns nothing
        if owner and suffers(noun, child):
            patients.append(child)  # "Haniyeh's assassination": the person it befell
        elif owner or (named(child) and not placed_capital(child)):
            actor = actor or child
    for preposition in children(noun, "prep"):
        objects = children(preposition, "pobj")
        if preposition.lower_ in AGENT_PREPOSITIONS and objects:
            actor = actor or objects[0]
        elif preposition.lower_ in PATIENT_PREPOSITIONS or preposition.lower_ == "with":
            patients.extend(objects)  # "talks with X", "a meeting with X": X takes part
    patients += placed_under(noun)
    return actor, patients


def named(child: Token) -> bool:
    """A nationality, a state or place, an organisation, or another name before the noun."""
    return child.ent_type_ in ("NORP", "GPE", "ORG") or named_compound(child)


def placed_capital(child: Token) -> bool:
    """"the Kyiv strike", "the Mogadishu bombing": a capital city (the actor dictionary's
    `capital` kind) named before an event noun tells where it happened, so it is not the
    event's actor, nor that of a verb the noun is subject of ("the Kyiv strike killed
    six"). A capital stands for its government on its own, as speaker or agent ("Baku
    said", "Moscow accused Kyiv"), and before other nouns ("the Kyiv government"); a
    country named before an event noun stays the actor ("a US strike")."""
    if child.dep_ not in ("compound", "amod") or not is_event_noun(child.head):
        return False  # the parser tags some as adjectives; "the Kyiv government" acts
    name = normalise(phrase_text(child))
    return any(entry.kind == "capital" for entry in entries().get(name, ()))


def named_compound(child: Token) -> bool:
    """"a Boko Haram attack": a name before the event noun, not tagged as anything else
    (a place or a date has its own entity label)."""
    return child.dep_ == "compound" and child.pos_ == "PROPN" and not child.ent_type_


def accused(trigger: Token) -> Token | None:
    """"accused India of firing shells", "blamed the rebels for a bombing": the party an
    accusing verb (`accusing` in `data/events/circumstances.tsv`) charges with the act."""
    preposition = trigger.head
    if trigger.dep_ not in ("pcomp", "pobj") or preposition.lower_ not in ("of", "for"):
        return None
    verb = preposition.head
    if verb.dep_ == "dobj" and verb.pos_ in ("NOUN", "PROPN"):
        verb = verb.head  # "accused Azerbaijani troops of firing": "of" hangs on the accused
    if verb.lemma_.lower() not in word_roles("events/circumstances.tsv").get("accusing", ()):
        return None
    objects = children(verb, "dobj") or children(verb, "nsubjpass")
    return resolve_relative(objects[0]) if objects else None  # "whom it blamed for"


def placed_under(noun: Token) -> list[Token]:
    """"placed Machar under house arrest": the object of the verb is who suffers the noun."""
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "under" else None
    return children(verb, "dobj") if verb is not None and verb.pos_ == "VERB" else []


# Nouns of violence done to a person: a person's name owning one is the victim.
SUFFERED_NOUNS = frozenset({
    "assassination", "killing", "murder", "death", "abduction", "kidnapping", "arrest",
    "detention", "execution", "torture", "beating", "shooting",
})


def suffers(noun: Token, owner: Token) -> bool:
    return noun.lemma_.lower() in SUFFERED_NOUNS and owner.ent_type_ == "PERSON"


def light_verb(noun: Token) -> Token | None:
    """The verb that enacts a noun trigger it takes as object or attribute ("held talks",
    "imposed a curfew", "placed Y under arrest"); None where none does, or where the verb
    judges or reacts to an act another did (`judged`, `reacts_to`)."""
    placed = bool(placed_under(noun))
    verb = noun.head.head if placed else noun.head
    if not (placed or noun.dep_ in ("dobj", "attr")) or verb.pos_ != "VERB":
        return None
    return None if judged(verb) or reacts_to(verb) or perceives(verb) else verb


def perceives(verb: Token) -> bool:
    """"We heard the first explosion", "the mayor survived an attack": a verb of perceiving
    or living through (`reaction` `perceive` cues of `eventness.tsv`) takes the act as its
    object; its subject witnessed or suffered the act, it did not do it."""
    return verb.lemma_.lower() in cues("reaction").get("perceive", frozenset())


def light_verb_subject(noun: Token) -> Token | None:
    """"X held talks", "X imposed a curfew", "X placed Y under arrest": the subject of the
    verb enacting the noun (`light_verb`); not of a weapon word misread as the verb."""
    verb = light_verb(noun)
    if verb is None or misread_weapon(noun) is not None:
        return None
    subject = subject_of(verb)
    return resolve_pronoun(subject) if subject is not None else None


def light_verb_objects(noun: Token) -> list[Token]:
    """"imposed a curfew on the town", "issued an evacuation order to residents of Rafah":
    for a noun object with no recipient of its own, the objects of its enacting verb's
    (`light_verb`) patient prepositions (`PATIENT_PREPOSITIONS`), or of its "to" where that
    names people (`victims.tsv` nouns)."""
    verb = light_verb(noun) if noun.dep_ == "dobj" else None
    if verb is None:
        return []
    return [obj for preposition in children(verb, "prep") for obj in children(preposition, "pobj")
            if preposition.lower_ in PATIENT_PREPOSITIONS or (
                preposition.lower_ == "to" and obj.lemma_.lower() in victim_sectors())]


def reacts_to(verb: Token) -> bool:
    """"The UN envoy condemned the killing of aid workers": a verb of reaction whose
    object is an act (`reaction` `object` cues of `eventness.tsv`: condemn, deplore, ban
    ...); its subject judges or forbids that act, it did not do it."""
    return verb.lemma_.lower() in cues("reaction").get("object", frozenset())


def judged(verb: Token) -> bool:
    """"militants called the raid a crime": a verb with an object predicate names the act
    it takes as object; its subject did not do that act."""
    return bool(children(verb, "oprd"))


def arguments(trigger: Token) -> tuple[list[Token], list[Token]]:
    """Token lists of the actor phrase and of the recipient phrases; a noun the trigger
    hangs on ("a convoy hit by a Russian drone") is a recipient without the trigger's clause."""
    actor, patients = (
        verb_arguments(trigger) if trigger.pos_ in ("VERB", "AUX") else noun_arguments(trigger)
    )
    actor_tokens = [t for t in phrase(actor) if not placed_capital(t)] if actor is not None else []
    return actor_tokens, [token for patient in patients for token in phrase(patient)
                          if not (token.i == trigger.i or trigger.is_ancestor(token))
                          or patient.i != trigger.head.i]


def coordinated_partner(trigger: Token) -> list[Token]:
    """"X and Y agreed": Y is the partner of X, so the recipient of a paired event; so in
    "Chinese and Pakistani warships held a drill", "the ministers of X and Y held talks"."""
    if trigger.pos_ == "VERB":
        subject = subject_of(trigger)
    else:
        subject = light_verb_subject(trigger) or between_object(trigger)
    if subject is None:
        return []
    partners = children(subject, "conj") or modifier_partners(subject)
    return [token for partner in partners for token in phrase(partner)]


def between_object(noun: Token) -> Token | None:
    """"talks between X and Y": X, whose conjunct is the partner."""
    objects = [obj for prep in children(noun, "prep") if prep.lower_ == "between"
               for obj in children(prep, "pobj")]
    return objects[0] if objects else None


def modifier_partners(subject: Token) -> list[Token]:
    """The second of two coordinated modifiers or "of" complements of one head noun."""
    modifiers = children(subject, "amod", "compound")
    modifiers += [obj for prep in children(subject, "prep") if prep.lower_ == "of"
                  for obj in children(prep, "pobj")]
    return [partner for word in modifiers for partner in children(word, "conj")]
