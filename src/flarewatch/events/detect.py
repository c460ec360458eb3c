"""Event triggers found over the dependency parse, one event per event mention.

A token is a trigger when its (lemma, coarse POS) is in the lexicon and the words it
needs are among its dependents. Triggers are then pruned so each happening is told once:
a same-type trigger inside another's phrase, or inside the object of an appeal,
agreement or threat, is part of that event; a bare noun with no actor, target, place or
time of its own ("spoke of a major offensive", "after weeks of bombing") names a kind of
event, not one happening, unless it is said to happen ("clashes erupted"); a clausal
subject of "would" / "could" ("retaking the town would ...") is a supposition. Across
sentences the `incidents` stage joins a bare definite noun ("the attack"), or a toll or
blast told again while an incident is being told, to that incident.
"""

from __future__ import annotations

from dataclasses import dataclass

from flarewatch.events.eventness import agreed_truce, cues, is_event_noun, is_happening
from flarewatch.events.lexicon import (
    Trigger,
    accusation_nouns,
    claim_words,
    mode_cues,
    reporting_verbs,
    statuses,
    trigger_types,
    triggers,
    word_roles,
)
from flarewatch.events.syntax import (
    CORE_DEPS,
    FORCE,
    HARM,
    PATIENT,
    VIOLENT_ACT,
    Token,
    children,
    circumstances,
    climb,
    in_sequence,
    is_infinitive,
    misread_weapon,
    near_lemmas,
    person_reading,
    phrase,
    placed_apart,
    subject_of,
)

# Event types whose object phrase states what is asked, agreed or threatened, not a fact.
FRAMING_TYPES = frozenset({
    "REQUEST", "AGREE", "THREATEN", "REJECT", "ACCUSE", "CONCEDE", "RETREAT", "SANCTION",
})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
# Entity types that give an act its own place, day or count (`charged_act`, `denied_act`).
SPECIFIC = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL"})
SUPPOSING_AUX = frozenset({"would", "could", "might", "may", "should"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
POS_OF = {"VERB": "VERB", "NOUN": "NOUN", "PROPN": "NOUN"}
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "dobj"})
# Where a bare event noun is itself said to happen: "clashes erupted", "there was fighting".
HAPPENING_DEPS = frozenset({"nsubj", "nsubjpass"})
# Verbs that put their object "on" a state: "placed its army on high alert".
PUTTING = frozenset({"place", "put", "keep", "set"})


@dataclass
class Candidate:
    """A trigger of the sentence; `told` False for a frame that tells no happening itself
    ("each side accuses the other of holding hostages"): it gives no event, but what it
    frames stays inside it."""

    token: Token
    trigger: Trigger
    event: str
    mode: str | None
    told: bool = True


def match_trigger(token: Token) -> Trigger | None:
    """The lexicon entry a token triggers, if its needed dependents are present."""
    pos = POS_OF.get(token.pos_)
    if pos is None:
        return None
    entries = triggers().get((token.lemma_.lower(), pos)) or triggers().get((token.lower_, pos))
    if not entries:
        return None
    near = near_lemmas(token, tags=any(entry.tagged for entry in entries))
    if any(PATIENT in entry.needs for entry in entries):
        near |= acted_on(token)
    for entry in entries:
        if (not entry.needs or entry.needs & near) and not entry.vetoes & near:
            return entry
    return None


def acted_on(token: Token) -> set[str]:
    """The lemmas of the noun a past participle hangs from ("a force, deployed to Haiti":
    what its act befell, as a passive subject would be), and of the people that noun, or
    the word's subject or object, counts ("hundreds of police deployed in Mombasa")."""
    hung_from = [token.head] if token.dep_ == "acl" and token.tag_ == "VBN" else []
    holders = hung_from or children(token, "nsubj", "nsubjpass", "dobj")
    counted = [o for noun in holders for p in children(noun, "prep") if p.lower_ == "of"
               for o in children(p, "pobj")]
    return {word.lemma_.lower() for word in (*hung_from, *counted)}


def is_excluded(token: Token) -> bool:
    """Contexts that mention a kind of event without telling one."""
    if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        return True  # "aid delivery", "mine blast": the head noun names the event
    if token.dep_ == "amod" and not perfect_read_as_adjective(token):
        return True  # "the besieged town": a state of a place, not an event told
    if token.pos_ == "VERB" and token.dep_ in NOMINAL_DEPS and children(token, "det"):
        return True  # "none of the injured": people named by what befell them
    if token.dep_ == "csubj" and supposes(token.head):
        return True  # "retaking the town would end the shelling": a supposition
    heads = [token.head, token.head.head]
    return any(head.lemma_.lower() == "than" for head in heads)


def perfect_read_as_adjective(token: Token) -> bool:
    """"the air force had targeted civilians": a participle right after "had" that the
    parser took for an adjective of "had"'s object is the perfect of a verb, unless it is
    one often said of people or things (`adjectival` rows: "had wounded soldiers")."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    if token.tag_ != "VBN" or before is None or before.lemma_ != "have":
        return False
    if token.lemma_.lower() in cues("adjectival")["*"]:
        return False  # "the group had wounded soldiers in its ranks": they had them
    return token.head.dep_ == "dobj" and token.head.head.i == before.i


def supposes(verb: Token) -> bool:
    return any(aux.lower_ in SUPPOSING_AUX for aux in children(verb, "aux"))


def borrowed_subject(verb: Token) -> list[Token]:
    """"A car bomb tore through the market, killing nine": the participle's implied subject;
    "the air force carried out strikes": the subject of the verb that enacts a noun."""
    if verb.pos_ == "NOUN" and verb.dep_ == "dobj" and verb.head.lemma_.lower() in ENACTING:
        subject = subject_of(verb.head)
        return phrase(subject) if subject is not None else []
    if verb.pos_ != "VERB" or verb.dep_ not in ("advcl", "conj", "xcomp"):
        return []
    subject = subject_of(verb)
    return phrase(subject) if subject is not None else []


def weapon_mode(token: Token, event: str, mode: str | None) -> str | None:
    """The mode named by a weapon word in the trigger's phrase, else the lexicon's; not one
    naming the acts a span lies between ("between the two drone attacks, three soldiers
    died": `span` words of `data/events/circumstances.tsv`). A trigger with a mode of its
    own is no weapon word itself ("a bomb tore through": no tear gas)."""
    cues = mode_cues()
    best: tuple[int, str] | None = None
    misread = [word for word in [misread_weapon(token)] if word is not None]
    for word in phrase(token) + borrowed_subject(token) + misread:
        if word.i == token.i and mode is not None:
            continue
        cue = cues.get(word.lemma_.lower()) or cues.get(word.lower_)
        if cue and (person := person_reading(word)):
            cue = cues.get(person.split()[0], cue)  # "a bomber blew himself up": suicide
        if cue and (in_sequence(word, token, "span") or in_dated_event(word, token)
                    or into_the_sky(word) or named_site(word, token)):
            continue
        if cue and cue[1] == event and (best is None or cue[0] < best[0]):
            best = (cue[0], cue[2])
    return best[1] if best else mode


def named_site(word: Token, trigger: Token) -> bool:
    """"killed four guards at a gold mine", "raided the mine": a weapon word that also names
    a site (`site` words of `data/events/circumstances.tsv`) names the site where a `place`
    preposition puts it, where an attack verb with no weapon of its own acts on it ("raided",
    "stormed"; not "detonated"), or with a `mineral` word before it; "a mine killed four
    soldiers", "stepped on a mine" keep the weapon."""
    roles = word_roles("events/circumstances.tsv")
    if word.lemma_.lower() not in roles.get("site", frozenset()):
        return False
    mineral = any(c.lemma_.lower() in roles.get("mineral", frozenset()) for c in word.children)
    placed = word.dep_ == "pobj" and word.head.lower_ in roles.get("place", frozenset())
    return mineral or placed or (word.dep_ == "dobj" and attacks_place(word.head))


def attacks_place(verb: Token) -> bool:
    """An ASSAULT trigger verb whose lexicon rows give it no mode ("raid", "storm")."""
    rows = triggers().get((verb.lemma_.lower(), "VERB"), ())
    return any(row.event == "ASSAULT" for row in rows) and not any(row.mode for row in rows)


def into_the_sky(word: Token) -> bool:
    """"fired into the air", "shots in the air": "the air" after a `sky` preposition of
    `data/events/circumstances.tsv` is where warning shots go, not an aerial weapon."""
    if word.lower_ != "air" or word.dep_ != "pobj":
        return False
    sky = word_roles("events/circumstances.tsv").get("sky", frozenset())
    return word.head.lower_ in sky and any(child.lower_ == "the" for child in word.children)


COOPERATIVE_TYPES = frozenset({"AID", "RETREAT", "CONSULT", "COOPERATE", "SUPPORT", "CONCEDE"})
HOSTILE_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST"})
# Promised for later these stay verbal concessions, not agreements (PLOVER manual).
CONCEDING_TYPES = frozenset({"RETREAT", "CONCEDE"})
# Verbs that carry out what their object noun names: "would impose a blockade".
ENACTING = frozenset({
    "impose", "launch", "stage", "conduct", "extend", "tighten", "mount", "begin", "start",
    "hold", "carry", "declare", "enforce", "reimpose", "issue",
    # carry on with what is under way: "vowed to continue the offensive" is a threat, and so
    # is one to step it up: "vowed to escalate attacks on ships"
    "continue", "resume", "pursue", "intensify", "escalate", "expand", "widen", "redouble",
})
WILLING = frozenset({"willing", "ready", "prepared", "offer", "vow", "swear", "pledge", "promise"})


def intended(token: Token) -> bool:
    """Said to come: "will release", "would boycott", "ready to withdraw", "vowed to seize"."""
    return announced_for_later(token) or said_willing(token)


def enacting_verb(token: Token) -> Token | None:
    """The verb that does the act: the trigger, or the verb enacting a noun ("lift a ban")."""
    verb = token if token.pos_ == "VERB" else token.head
    if token.pos_ != "VERB" and (token.dep_ != "dobj" or verb.lemma_.lower() not in ENACTING):
        return None
    return verb


def announced_for_later(token: Token) -> bool:
    """"will release", "would lift": the act told in the future; "could launch a ground
    operation at any moment": a noun's enacting verb under a supposing auxiliary
    (`SUPPOSING_AUX`), an act held out as one its doer may do."""
    verb = enacting_verb(token)
    if verb is None:
        return False
    auxiliaries = {a.lower_ for a in children(verb, "aux")}
    if verb.i != token.i and auxiliaries & SUPPOSING_AUX:
        return True
    if not auxiliaries & (FUTURE_AUX | {"would"}):
        return False
    return verb.dep_ in ("ccomp", "conj", "xcomp") or verb.i != token.i


def said_willing(token: Token) -> bool:
    """"ready to withdraw", "vowed to seize": a willingness, not yet an announcement."""
    verb = enacting_verb(token)
    return verb is not None and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in WILLING


def as_intent(token: Token, event: str, mode: str | None) -> tuple[str, str | None]:
    """An act announced for the future: a threat if hostile, an agreement if cooperative;
    an announced retreat or concession is a CONCEDE (PLOVER manual), a willingness to
    make one an AGREE."""
    if event not in HOSTILE_TYPES | COOPERATIVE_TYPES or not intended(token):
        return event, mode
    if event in CONCEDING_TYPES and announced_for_later(token):
        return "CONCEDE", None
    if event in COOPERATIVE_TYPES:
        return "AGREE", None
    return "THREATEN", "violence" if event == "ASSAULT" else "restrict"


SPEAKING_OF = frozenset({"speak", "talk", "warn"})


def accusation(token: Token) -> Candidate | None:
    """"X spoke of Y's escalation": speaking of another party's hostile conduct accuses it."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in SPEAKING_OF:
        return None
    for word in phrase(token):
        if word.lower_ == "of" and word.dep_ == "prep" and names_hostile_conduct(word):
            entry = Trigger(token.lemma_.lower(), "VERB", "ACCUSE", "allege", frozenset())
            return Candidate(token, entry, "ACCUSE", "allege")
    return None


def names_hostile_conduct(preposition: Token) -> bool:
    words = [word for obj in children(preposition, "pobj") for word in phrase(obj)]
    hostile = any(word.lemma_.lower() in accusation_nouns() for word in words)
    owned = any(word.dep_ == "poss" or children(word, "case") for word in words)
    return hostile and owned


OBLIGATION_AUX = frozenset({"must", "should"})
DECLARING = frozenset({"declare", "reiterate", "conclude", "issue", "insist", "stress"})


def obligation(token: Token) -> Candidate | None:
    """"X said Y must withdraw": a speaker stating what another must do requests it."""
    if token.pos_ != "VERB" or token.dep_ != "ROOT" or not reports(token):
        return None
    for clause in children(token, "ccomp"):
        if any(aux.lower_ in OBLIGATION_AUX for aux in children(clause, "aux")):
            entry = Trigger(token.lemma_.lower(), "VERB", "REQUEST", None, frozenset())
            return Candidate(token, entry, "REQUEST", None)
    return None


WARNING_VERBS = frozenset({"warn"})


def met_with(token: Token) -> bool:
    """"Would be met with a response", "was met with anger": a passive "meet with" tells
    how something is answered, not a meeting (CONSULT); with a means of force ("was met with
    tear gas") it tells force used (`needs_force`)."""
    if token.lemma_.lower() != "meet" or not children(token, "auxpass"):
        return False
    return any(prep.lower_ == "with" for prep in children(token, "prep"))


def needs_force(entry: Trigger) -> bool:
    """An entry that needs a means of force ("was met with tear gas": force used)."""
    return FORCE in entry.needs


def answer_threat(token: Token) -> Candidate | None:
    """"Any aggression will be met with a decisive response": a passive "meet with" in the
    future whose object is an answer of force (`answer` words of `data/events/threats.tsv`)
    threatens violence (PLOVER THREATEN); told under a warning ("it warns the militia that
    any attack will be met with force") the threat is the warning's, with its sides."""
    if not met_with(token) or not any(a.lower_ in FUTURE_AUX | {"would"}
                                      for a in children(token, "aux")):
        return None
    answers = word_roles("events/threats.tsv").get("answer", frozenset())
    objects = [o for p in children(token, "prep") if p.lower_ == "with"
               for o in children(p, "pobj")]
    if not any(o.lemma_.lower() in answers for o in objects):
        return None
    warned = token.dep_ == "ccomp" and token.head.lemma_.lower() in WARNING_VERBS
    told = token.head if warned else token  # "it warns the militia that ...": the warner's
    entry = Trigger(told.lemma_.lower(), "VERB", "THREATEN", "violence", frozenset())
    return Candidate(told, entry, "THREATEN", "violence")


def retaliation(token: Token) -> Candidate | None:
    """"The group would widen its campaign to ships if the war continued", "the invasion
    will not go unanswered": a side's force told for later threatens it (PLOVER THREATEN).
    The words are the `escalate`, `campaign`, `armed` and `unanswered` rows of
    `data/events/threats.tsv`: a verb of widening the side's own campaign, told with a
    condition ("if", "unless"); or "will go unanswered/unpunished". (A verb of answering,
    "would respond", was measured and left out: it cost a held-out set a duplicate and
    gave threats whose actor is a possessive's owner, "his movement", none.)"""
    if token.pos_ != "VERB" or not any(a.lower_ in FUTURE_AUX | {"would", "wo"}
                                       for a in children(token, "aux")):
        return None
    unanswered = unanswered_word(token)
    if unanswered is not None:
        token = unanswered  # the threat is the word, its "not" no negation of it
    elif not widens(token):
        return None
    entry = Trigger(token.lemma_.lower(), "VERB", "THREATEN", "violence", frozenset())
    return Candidate(token, entry, "THREATEN", "violence")


def widens(verb: Token) -> bool:
    """"would widen its campaign to ships if the war continued", "would multiply its
    actions", "would take the fight to Bahir Dar": a side's own campaign grown on a
    condition."""
    threats = word_roles("events/threats.tsv")
    if verb.lemma_.lower() not in threats.get("escalate", frozenset()) or children(verb, "neg"):
        return False
    campaign = threats.get("campaign", frozenset())
    grown = any(o.lemma_.lower() in campaign and armed_kind(o) for o in children(verb, "dobj"))
    condition = any(m.lower_ in ("if", "unless") for c in children(verb, "advcl")
                    for m in children(c, "mark"))
    return grown and condition


def armed_kind(noun: Token) -> bool:
    """"its campaign", "its bombing campaign", not "its vaccination campaign": the noun's
    modifiers, if any, are words of armed force (ASSAULT triggers, `armed` rows)."""
    armed = word_roles("events/threats.tsv").get("armed", frozenset())
    return all(word.lemma_.lower() in armed or "ASSAULT" in trigger_types(word.lemma_, word.pos_)
               for word in children(noun, "compound", "amod"))


def unanswered_word(verb: Token) -> Token | None:
    """"The invasion of our airspace will not go unanswered": the word "unanswered"."""
    unanswered = word_roles("events/threats.tsv").get("unanswered", frozenset())
    found = [c for c in children(verb, "acomp", "oprd") if c.lemma_.lower() in unanswered]
    return found[0] if found else None


def warning(token: Token, found: list[Candidate]) -> Candidate | None:
    """"Iran warned it would respond": warning of what the speaker itself will do threatens
    it (PLOVER THREATEN); a warning that others will act threatens nothing."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in WARNING_VERBS:
        return None
    entry = Trigger(token.lemma_.lower(), "VERB", "THREATEN", None, frozenset())
    if warns_of_own_attack(token):
        return Candidate(token, entry, "THREATEN", None)
    for clause in children(token, "ccomp"):
        future = any(aux.lower_ in FUTURE_AUX | {"would"} for aux in children(clause, "aux"))
        own = any(subject.pos_ == "PRON" for subject in children(clause, "nsubj"))
        told = any(c.token.i == clause.i for c in found)  # "warned it would retaliate"
        if future and own and not told:
            return Candidate(token, entry, "THREATEN", None)
    return None


def warns_of_own_attack(verb: Token) -> bool:
    """"The army warns of an assault on the city": a party that can strike warning of an
    attack with no other attacker named threatens it (`warner` words,
    `data/events/threats.tsv`)."""
    warners = word_roles("events/threats.tsv").get("warner", frozenset())
    subjects = children(verb, "nsubj")
    able = any(s.lemma_.lower() in warners or s.ent_type_ in ("GPE", "NORP") for s in subjects)
    objects = [o for p in children(verb, "prep") if p.lower_ == "of" for o in children(p, "pobj")]
    attacks = [o for o in objects if (entry := match_trigger(o)) and entry.event == "ASSAULT"]
    return able and any(not agent_named(o) for o in attacks)


def agent_named(noun: Token) -> bool:
    """"attacks by militias": the noun names its own attacker."""
    return any(p.lower_ == "by" for p in children(noun, "prep")) or bool(children(noun, "poss"))


def reports(token: Token) -> bool:
    return token.lemma_.lower() in reporting_verbs() or token.lemma_.lower() in DECLARING


def find_candidates(sentence: Token) -> list[Candidate]:
    """The candidate events of a sentence (a spaCy Span), in the order of its tokens, each
    pass's after the one before. Its tokens are made once: spaCy builds a new Token at
    each step of each walk over a Span."""
    tokens = list(sentence)
    found = [hit for hit in map(accusation, tokens) if hit is not None]
    found += [hit for hit in map(obligation, tokens) if hit is not None]
    found += [hit for hit in map(answer_threat, tokens) if hit is not None]
    found += [hit for hit in map(retaliation, tokens) if hit is not None]
    for token in tokens:
        entry = match_trigger(token)
        if entry is None or is_excluded(token) or met_with(token) and not needs_force(entry):
            continue
        if not is_happening(token, entry.event):
            if entry.event in FRAMING_TYPES:
                found.append(Candidate(token, entry, entry.event, entry.mode, told=False))
            continue
        mode = entry.mode
        if entry.event == "ASSAULT":
            mode = weapon_mode(token, entry.event, entry.mode)
        event, mode = as_intent(token, entry.event, mode)
        if event == "RETREAT" and agreed_truce(token):
            event, mode = "AGREE", None  # "a truce brokered by Qatar": an agreement
        if event == "COERCE" and siege_with_span(token):
            event, mode = "ASSAULT", None  # "ended a four-hour siege": the fight's phase
        found.append(Candidate(token, entry, event, mode))
    told = [candidate for candidate in found if candidate.told]
    return found + [hit for hit in (warning(token, told) for token in tokens) if hit]


def inside(inner: Token, outer: Token, skip_deps: frozenset[str]) -> bool:
    """Whether `inner` lies in `outer`'s phrase, not passing a dependency in `skip_deps`."""
    return path_child(inner, outer, skip_deps) is not None


def path_child(inner: Token, outer: Token, skip_deps: frozenset[str]) -> Token | None:
    """The child of `outer` whose phrase holds `inner` (None if none, or a stop is crossed)."""
    node = inner
    while node.head.i != node.i:
        if node.dep_ in skip_deps and not (node.dep_ == "conj" and node.pos_ != "VERB"):
            return None
        if node.head.i == outer.i:
            return node
        node = node.head
    return None


def in_object(inner: Token, frame: Token) -> bool:
    """Whether `inner` is in what an appeal, agreement or threat is about (not an adjunct)."""
    child = path_child(inner, frame, FRAME_STOPS)
    if child is None or beyond_semicolon(child, frame):
        return False
    return child.dep_ in OBJECT_DEPS or (child.dep_ == "prep" and child.lower_ in OBJECT_PREPS)


def beyond_semicolon(child: Token, frame: Token) -> bool:
    """"Soldiers detained 12 men on Sunday; they were released on Wednesday": a clause the
    parser hung on a later verb across a semicolon is a sentence of its own, not that verb's
    object (no object clause crosses a semicolon)."""
    low, high = sorted((child.i, frame.i))
    return any(word.text == ";" for word in frame.doc[low:high])


# Coordinated nouns ("rockets and artillery strikes") stay one phrase; coordinated verbs do not.
SAME_EVENT_STOPS = frozenset({"ccomp", "conj", "parataxis", "nsubj"})
# "killed 16 and wounded 30": a toll verb coordinated with a violent trigger tells its result.
TOLL_STOPS = frozenset({"ccomp", "parataxis"})
TOLL_LEMMAS = frozenset({"kill", "die", "wound", "injure", "hurt"})
SUBJECT_JOINED_TYPES = frozenset({"AID"})
# ... but a relative clause tells an arrival of its own ("a route through which aid reached X").
ARRIVAL_STOPS = frozenset({"ccomp", "conj", "parataxis", "relcl"})
FRAME_STOPS = frozenset({"relcl", "nsubj", "nsubjpass", "parataxis", "conj"})
OBJECT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "pobj", "attr"})
OBJECT_PREPS = frozenset({"to", "on", "of", "for", "against", "upon"})


def siege_with_span(noun: Token) -> bool:
    """"ended a four-hour siege", "after a siege of more than two weeks", "in a siege that
    lasted 13 hours": a siege noun given a counted length (`fight_span` units of
    `data/events/circumstances.tsv` with a number) is the span of a fight, an ASSAULT, not
    a blockade ("tightened its siege of the city" stays COERCE)."""
    units = word_roles("events/circumstances.tsv")["fight_span"]
    if noun.pos_ != "NOUN" or noun.lemma_.lower() != "siege":
        return False
    return any(word.lemma_.lower() in units and children(word, "nummod")
               for word in noun.subtree)


def absorbed(candidate: Candidate, others: list[Candidate]) -> bool:
    """Whether another trigger of the sentence already tells this event."""
    for other in others:
        if other is candidate:
            continue
        if not other.told:  # a frame that tells nothing still holds what it frames
            if in_object(candidate.token, other.token) and not charged_act(candidate, other):
                return True
            continue
        same_event = other.event == candidate.event
        told_within = inside(candidate.token, other.token, stops_for(candidate, other)) \
            and not framed_between(candidate.token, other.token, others)
        if same_event and told_within and not anchored_before(candidate.token, other.token) \
                and not placed_apart(candidate.token, other.token):
            return True
        framed = other.event in FRAMING_TYPES and in_object(candidate.token, other.token)
        if framed and not (charged_act(candidate, other) or denied_act(candidate, other)):
            return True
        if is_target(candidate, other) or is_spoils(candidate, other) or is_aim(candidate, other):
            return True
        if is_arrest_setting(candidate, other) or is_mediation(candidate, other):
            return True
    return False


def framed_between(inner: Token, outer: Token, others: list[Candidate]) -> bool:
    """"killed the commander, whom it blamed for a deadly attack": a frame standing between
    a trigger and an outer one of its type holds it; the outer one does not tell it."""
    frames = {c.token.i for c in others if c.event in FRAMING_TYPES}
    node = inner.head
    while node.i != outer.i and node.head.i != node.i:
        if node.i in frames:
            return True
        node = node.head
    return False


def charged_act(candidate: Candidate, frame: Candidate) -> bool:
    """"accused India of firing mortar shells into the Neelum valley on Sunday", "regretted
    the deaths of two protesters", "condemned Monday's bombing in Kabul": a violent act that
    an accusation or a regret takes as its object, with its own place, day or count, is a
    happening the report attributes (required by shared/eval/ANNOTATION.md), not only what
    is said about it; "accused it of backing militants" names conduct, and "spoke of
    preparations for ethnic cleansing" a plan, not a happening."""
    if frame.event not in ("ACCUSE", "CONCEDE") or candidate.event != "ASSAULT":
        return False
    if frame.token.lemma_.lower() in SPEAKING_OF:
        return False  # "spoke of": what is spoken of may be a fear or a plan
    top = frame_object(candidate.token, frame.token)
    return top is not None and any(word.ent_type_ in SPECIFIC for word in top.subtree)


def denied_act(candidate: Candidate, denial: Candidate) -> bool:
    """"denied that its officers killed two protesters during Tuesday's demonstration": what
    a denial of violence (an `@act` trigger, `data/events/triggers.tsv`) tells with its own
    place, day or count is kept beside the REJECT: the violent act, as a telling of the
    happening denied, and the setting it names ("Tuesday's demonstration"); "denied
    killing civilians" tells no happening of its own."""
    if VIOLENT_ACT not in denial.trigger.needs:
        return False
    return any(word.ent_type_ in SPECIFIC for word in candidate.token.subtree)


def frame_object(token: Token, frame: Token) -> Token | None:
    """The frame's object (a direct object, or an "of"/"for" phrase) the token hangs on
    through nouns and prepositions only ("regretted the deaths of two protesters shot by
    soldiers"), None when a clause stands between them."""
    node = token
    while node.head.i != frame.i:
        node = node.head
        if node.i == node.head.i or node.pos_ not in ("NOUN", "PROPN", "ADP", "NUM"):
            return None
    charge = node.dep_ == "prep" and node.lower_ in ("of", "for")
    return node if node.dep_ == "dobj" or charge else None


MESSAGE_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN"})


def is_aim(candidate: Candidate, protest: Candidate) -> bool:
    """"Women marched to the assembly to demand action", "thousands rallied in Yerevan,
    accusing him of preparing to hand over territory": the demand a protest is held for,
    or the message it is held with (a participle of a request, accusation, rejection or
    threat on the protest's verb), is the protest's, not an act of its own."""
    token = candidate.token
    aimed = token.dep_ in ("advcl", "xcomp") and token.head.i == protest.token.i
    if protest.event != "PROTEST" or not aimed:
        return False
    if candidate.event == "REQUEST" and is_infinitive(token):
        return True
    return candidate.event in MESSAGE_TYPES and token.tag_ == "VBG"


def is_mediation(candidate: Candidate, other: Candidate) -> bool:
    """"freed 146 prisoners in an exchange mediated by the Emirates", "the truce, agreed
    under the mediation of elders": a third party's mediation told inside the phrase of the
    act it brought about is a circumstance of that act, not talks of its own ("Qatar
    mediated talks in Doha" still are)."""
    third_party = candidate.event == "CONSULT" and candidate.mode == "third-party"
    return third_party and other.event != "CONSULT" and other.told \
        and inside(candidate.token, other.token, SAME_EVENT_STOPS)


def is_arrest_setting(candidate: Candidate, arrest: Candidate) -> bool:
    """"police arrested three suspects in a raid on a house": the raid an arrest is made in
    (an `arrest_setting` noun of `data/events/circumstances.tsv` under "in" or "during" of
    the arrest verb) is the arrest itself, as ACLED codes a raid with arrests ("Arrests");
    so is the raid verb the arrest verb is coordinated with ("raided a house and detained
    three men": `raid_and_arrest`). "arrested three after a raid" tells two happenings, as
    does a raid with its own toll."""
    token = candidate.token
    if arrest.event != "COERCE" or arrest.mode != "arrest" or candidate.event != "ASSAULT":
        return False
    settings = word_roles("events/circumstances.tsv").get("arrest_setting", frozenset())
    prep = token.head if token.dep_ == "pobj" else None
    placed = prep is not None and prep.lower_ in ("in", "during") and prep.head.i == arrest.token.i
    return token.lemma_.lower() in settings and (placed or raid_and_arrest(token, arrest.token))


def raid_and_arrest(raid: Token, arrest: Token) -> bool:
    """"Soldiers raided a house in Rueso and detained three men": a raid verb coordinated
    with the arrest verb, which shares its subject ("gunmen raided a post, and police
    later arrested two of them" are two happenings), with no act of violence besides
    ("raided the village, killed two men and detained five", "raided the camp, shot dead
    a teenager and arrested four": a status word of `data/events/statuses.tsv` or another
    ASSAULT verb coordinated with them)."""
    if raid.pos_ != "VERB" or arrest not in raid.conjuncts or children(arrest, "nsubj"):
        return False
    others = [verb for verb in raid.conjuncts if verb.i != arrest.i]
    return not any(statuses().get(verb.lemma_.lower()) in HARM
                   or "ASSAULT" in trigger_types(verb.lemma_, "VERB") for verb in others)


def is_spoils(candidate: Candidate, attack: Candidate) -> bool:
    """"its fighters killed dozens of soldiers and seized weapons", "captured the outpost,
    seizing weapons", "attacked the police station and freed a suspect", "burned shops
    before withdrawing": what attackers take or free in a verb joined to the attack, and
    their withdrawal after or during it, are part of that attack, not a seizure, a release
    or a retreat of its own; so is the release of those just detained ("were detained
    briefly and released the same evening")."""
    if attack.event == "COERCE" and attack.mode == "arrest":
        return candidate.mode == "release" and released_with(candidate.token, attack.token)
    if attack.event != "ASSAULT":
        return False
    if candidate.mode == "withdraw" and during(candidate.token, attack.token):
        return True
    taken = (candidate.event, candidate.mode) in (("COERCE", "seize"), ("RETREAT", "release"))
    left = candidate.event == "RETREAT" and follows(candidate.token, attack.token)
    return (taken or left) and joined(candidate.token, attack.token)


def released_with(token: Token, arrest: Token) -> bool:
    """"were detained briefly and released the same evening", "had been detained, most of
    them released after questioning", "arrested 40, releasing most within hours": a release
    coordinated with the arrest or hung on it with no day of its own ends that arrest;
    "detained on Sunday, released on Wednesday" tells it apart only in another clause."""
    hung = token.dep_ == "advcl" and token.head.i == arrest.i
    own_day = any(word.ent_type_ == "DATE" for word in token.subtree)
    return token in arrest.conjuncts or (hung and not own_day)


def during(token: Token, attack: Token) -> bool:
    """"neutralised dozens of terrorists as they withdrew": a withdrawal told as the moment
    of the attack (a `marker` clause of `data/events/circumstances.tsv` on it) is the
    attackers' flight in that fight; "withdrew as troops advanced" is a retreat of its own."""
    markers = word_roles("events/circumstances.tsv")["marker"]
    marked = any(child.lower_ in markers for child in children(token, "mark"))
    return token.dep_ == "advcl" and token.head.i == attack.i and marked


def joined(token: Token, attack: Token) -> bool:
    """Coordinated with the attack verb, or its participle ("..., seizing weapons"), or
    after it ("before withdrawing")."""
    participle = token.tag_ == "VBG" and token.dep_ == "advcl" and token.head.i == attack.i
    return token in attack.conjuncts or participle or follows(token, attack)


def follows(token: Token, attack: Token) -> bool:
    """"burned the granaries before withdrawing": a gerund after "before" or "then" on the
    attack verb."""
    preposition = token.head
    return token.dep_ == "pcomp" and preposition.lower_ == "before" \
        and preposition.head.i == attack.i


def anchored_before(token: Token, other: Token) -> bool:
    """"killed in revenge for the killing of a commander last week", "three weeks after the
    Feb. 2 attack": an event told as what came before, dated in its own phrase, is another
    happening, not a retelling the outer trigger absorbs; so is the act an answer is to,
    dated or not ("struck camps in response to drone attacks on its air base": `answer`
    nouns of `data/events/circumstances.tsv`), unless a bare "the attack" points back at
    one told already. A siege's length ("after a siege of two weeks") dates nothing."""
    dated = any(word.ent_type_ in ("DATE", "TIME") for word in token.subtree) \
        and not siege_with_span(token)  # "after a siege of two weeks": a length, no date
    answered = in_sequence(token, other, "answer") and not is_anaphoric(token)
    return (dated and in_sequence(token, other)) or answered or day_named_apart(token, other)


def in_dated_event(word: Token, trigger: Token) -> bool:
    """Whether `word` lies in the phrase of an event noun below the trigger that has its
    own possessive day ("the raid with Monday's bombing": the bombing's weapon is not the
    raid's; `day_named_apart`)."""
    return any(is_event_noun(node) and day_named_apart(node, trigger)
               for node in climb(word, trigger))


def day_named_apart(token: Token, other: Token) -> bool:
    """"connected the raid with Monday's bombing", "the second attack since Sunday's
    ambush", "the raid, like Sunday's ambush": an event noun given its own day by a
    possessive ("Monday's", "last week's") in a phrase that a preposition hangs below the
    outer trigger (`preposition_between`) is a happening of that day, not the outer one
    told again; not in a phrase of `inside` prepositions ("the shelling during Friday's
    clashes": the setting it happened in) nor of "of", nor right below a toll verb ("died
    of wounds from Thursday's air strike": the happening the toll came from; unless an
    event noun stands between, "killed in a clash near Mamasapano, a short drive from
    this week's ambush": the clash is what the toll came from)."""
    if not any(word.ent_type_ in ("DATE", "TIME") for word in children(token, "poss")):
        return False
    toll = other.lemma_.lower() in TOLL_LEMMAS \
        and not any(map(is_event_noun, climb(token.head, other)))
    return not toll and preposition_between(token, other)


def preposition_between(token: Token, other: Token) -> bool:
    """Whether `other` is an ancestor of `token` and, climbing from one to the other, a
    preposition is met that is neither one of `inside` (`data/events/circumstances.tsv`)
    nor "of"."""
    inside = word_roles("events/circumstances.tsv").get("inside", frozenset()) | {"of"}
    return other.is_ancestor(token) and any(
        node.dep_ == "prep" and node.lower_ not in inside for node in climb(token, other))


# Nouns of movements and deliveries that an attack can hit: "ambushed an army patrol",
# "an aid convoy was attacked". There the noun names the target, not a happening of its own.
TARGET_TYPES = frozenset({"MOBILIZE", "AID"})
TARGET_DEPS = frozenset({"dobj", "nsubjpass", "pobj"})


def is_target(candidate: Candidate, attack: Candidate) -> bool:
    token = candidate.token
    if candidate.event not in TARGET_TYPES or attack.event not in ("ASSAULT", "COERCE"):
        return False
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ not in TARGET_DEPS:
        return False
    head = token.head.head if token.dep_ == "pobj" else token.head
    return head.i == attack.token.i


def stops_for(candidate: Candidate, outer: Candidate) -> frozenset[str]:
    """Toll verbs join the attack they report: "the offensive has killed 1600"; an aid
    noun joins the arrival it is the subject of: "an aid shipment reached the town"."""
    if candidate.event in SUBJECT_JOINED_TYPES:
        return ARRIVAL_STOPS
    tolls = [c for c in (candidate, outer) if c.token.lemma_.lower() in TOLL_LEMMAS]
    return TOLL_STOPS if tolls and candidate.event == "ASSAULT" else SAME_EVENT_STOPS


def merged_mode(candidate: Candidate, others: list[Candidate]) -> str | None:
    """A trigger without a mode takes the mode of a same-type trigger it absorbed, or of a
    bare noun of its sentence that it stands for ("an airstrike hit X, killing 20"); not of
    the acts a span lies between ("between the two drone attacks, three soldiers died when
    a mine exploded": `span` words of `data/events/circumstances.tsv`), nor of one with a
    day of its own in its phrase ("the raid with Monday's bombing": `day_named_apart`); nor
    does a relative clause with a date of its own take one from the phrase it hangs in
    ("the planting of mines in areas that Baku recaptured in 2020": `dated_relative`)."""
    if candidate.mode:
        return candidate.mode
    if dated_relative(candidate.token):
        return None
    for other in others:
        if other.event != candidate.event or not other.mode \
                or in_sequence(other.token, candidate.token, "span") \
                or day_named_apart(other.token, candidate.token):
            continue
        if inside(other.token, candidate.token, stops_for(other, candidate)):
            return other.mode
        if other is not candidate and is_bare_noun(other.token):
            return other.mode
    return None


def dated_relative(token: Token) -> bool:
    """A verb of a relative clause dated in its own phrase ("areas that Baku recaptured in
    2020"): a past happening named to say which, apart from the act around it."""
    dates = [obj for prep in children(token, "prep") for obj in children(prep, "pobj")
             if obj.ent_type_ == "DATE"]
    return token.dep_ == "relcl" and bool(dates)


def has_own_argument(token: Token) -> bool:
    """Whether a noun trigger says who did it or to whom ("Azerbaijani shelling of X")."""
    for child in token.children:
        if child.dep_ in ("poss", "nummod") or child.ent_type_ in ("NORP", "GPE", "ORG"):
            return True
        if child.dep_ == "prep" and child.lower_ in ("of", "by", "on", "against", "from", "in"):
            return True
    return False


def is_bare_noun(token: Token) -> bool:
    """A noun trigger with no actor, target, place or time of its own ("a major offensive")."""
    if token.pos_ not in ("NOUN", "PROPN") or has_own_argument(token):
        return False
    if children(token, "prep", "npadvmod", "acl"):
        return False
    verb = governing_verb(token)
    if verb is not None and is_existential(verb):
        return False  # "there was heavy fighting"
    if verb is None or subject_of(verb) is None:
        return True
    if speaks(verb):
        # "issued a displacement order to residents", "declared a curfew": a verb of saying
        # that enacts its object (`enacting_verb`) does it, not speaks of it ("did not
        # issue": `claims.enactment_denied`; "could issue": `announced_for_later`)
        return enacting_verb(token) is None
    return verb.lemma_.lower() == "be"


def governing_verb(noun: Token) -> Token | None:
    """The verb a noun is the object of: "held talks", "engaged in fighting", "gave $5m of aid"."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and children(noun.head.head, "nummod"):
        noun = noun.head.head  # a measure: "5 million dollars of aid" is the aid
    if noun.dep_ in ("dobj", "attr"):
        head = noun.head
    elif noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in ("in", "under"):
        head = noun.head.head  # taking part in it ("withdrew after talks" is an adjunct);
        # put under it ("placed X under house arrest")
    elif noun.dep_ == "pobj" and noun.head.lower_ == "on" and \
            noun.head.head.lemma_.lower() in PUTTING:
        head = noun.head.head  # put on it ("placed its army on high alert")
    else:
        return None
    return head if head.pos_ in ("VERB", "AUX") else None


def speaks(verb: Token) -> bool:
    """Verbs of saying: what they are "of" or "about" is their topic ("spoke of an offensive")."""
    return reports(verb) or verb.lemma_.lower() in SPEAKING_OF


def is_existential(verb: Token) -> bool:
    return any(child.dep_ == "expl" for child in verb.children)


def names_kind_only(candidate: Candidate, others: list[Candidate]) -> bool:
    """A bare noun names a kind of event (the topic of a report, a background), not one
    happening; said to happen itself it stands, unless the sentence tells that event anyway."""
    if not is_bare_noun(candidate.token) or claimed_as_done(candidate.token):
        return False
    if candidate.token.dep_ not in HAPPENING_DEPS:
        return True
    return any(o is not candidate and o.told and o.event == candidate.event for o in others)


def claimed_as_done(noun: Token) -> bool:
    """"claimed responsibility for the blast": whoever takes it on says it happened
    (`responsibility` nouns of `data/events/claim_words.tsv`). An event noun a claim takes
    as its object ("claimed the Gao attack") was tried as one too and left out: a held-out
    set gained a duplicate."""
    owner = noun.head.head if noun.head.lower_ == "for" else noun.head
    through_verb = noun.head.lower_ == "for" and claims_responsibility(owner)
    return owner.lemma_.lower() in claim_words("responsibility") or through_verb


def claims_responsibility(verb: Token) -> bool:
    """"claimed responsibility on Thursday for the attacks": a verb whose object is a
    `responsibility` noun of `data/events/claim_words.tsv` (the parser may hang the "for"
    phrase of what is claimed on the verb instead of on the noun)."""
    return any(o.lemma_.lower() in claim_words("responsibility") for o in children(verb, "dobj"))


def only_violent(verb: Token) -> bool:
    """Whether the verb tells an attack and may not tell a protest ("raid", "opened fire";
    not "threw stones", an act of protesters as often as of attackers)."""
    types = trigger_types(verb.lemma_, "VERB")
    return "ASSAULT" in types and "PROTEST" not in types


def is_anaphoric(token: Token) -> bool:
    """A definite noun with no arguments of its own ("the attack") points back."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    determiners = {child.lower_ for child in children(token, "det")}
    return bool(determiners & DEFINITE) and not has_own_argument(token)


def is_definite_noun(trigger: Token) -> bool:
    """"the attack on the bus", "this week's bombing": a definite noun names a known event."""
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(child.lower_ in DEFINITE or child.dep_ == "poss" for child in trigger.children)


def evidence_tokens(token: Token) -> list[Token]:
    """The trigger with its core arguments (verbs) or its noun phrase (nouns); a toll
    verb's with the clauses that tell its moment or cause (`syntax.circumstances`: "eight
    were killed when troops raided a camp on Tuesday"), which tell the same happening; not
    one whose verb may tell a protest ("injured when protesters threw stones": a protest of
    its own) unless an attacker is its subject (`attacker_acts`)."""
    if token.pos_ != "VERB":
        return phrase(token)
    tolls = word_roles("events/circumstances.tsv")["toll"]
    told = circumstances(token) if token.lemma_.lower() in tolls else []
    clauses = [clause for clause in told if clause.dep_ == "advcl"
               and (only_violent(clause) or attacker_acts(clause))]
    return phrase(token, CORE_DEPS) + [word for clause in clauses for word in phrase(clause)]


def attacker_acts(clause: Token) -> bool:
    """"killed when a suicide bomber drove a minibus into a checkpoint": a clause whose
    subject is an attacker (`attacker` words of `data/events/circumstances.tsv`) tells the
    attack, whatever its verb."""
    attackers = word_roles("events/circumstances.tsv")["attacker"]
    return any(s.lemma_.lower() in attackers for s in children(clause, "nsubj"))
