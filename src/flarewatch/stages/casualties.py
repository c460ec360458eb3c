"""Dead, injured and arrested: who suffered, how many, attached to the event that caused it.

A status word ("killed", "died", "wounded", "arrested") names the victims as its passive
subject, its object, or (for "die", "be dead") its subject; their count comes from
`flarewatch.events.numbers`. The toll goes to the sentence's violent event the status word
belongs to (its own trigger, else the nearest one); a conflict's running total ("the war
has killed thousands": `eventness.cumulative`) goes to none.
Reads `doc.parse`, `doc.events`, `doc.actors`; sets `event.size`, `event.casualties`.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from flarewatch.events.arguments import (
    OBJECT_STATUSES,
    headline_passive,
    in_headline,
    resolve_relative,
)
from flarewatch.events.detect import match_trigger
from flarewatch.events.eventness import cues, cumulative, nobody
from flarewatch.events.injuries import care_victims
from flarewatch.events.lexicon import read_rows, statuses, victim_sectors, word_roles
from flarewatch.events.numbers import group_count, is_number, own_count, word_value
from flarewatch.events.syntax import Token, children, gap_between, is_infinitive, results
from flarewatch.model import Casualty, Document, Event, Size
from flarewatch.pipeline import stage
from flarewatch.timex.governing import clause_head, root_of, usable

TOLL_TYPES = frozenset({"ASSAULT", "COERCE"})
RECENT_CHARS = 400  # about three sentences of news prose


@stage("casualties")
def casualties(doc: Document) -> Document:
    if doc.parse is None:
        return doc
    claimed: set[tuple[int, str]] = set()  # (event, status) whose figure is only claimed
    for sentence in doc.parse.sents:
        events = [e for e in doc.events if e.event in TOLL_TYPES and in_sentence(e, sentence)]
        retold = not events
        events = events or recent_attack(doc, sentence)
        if not events:
            continue
        earlier = dated_before(doc, events[0], sentence) if retold else set()
        for token in sentence:
            if not earlier or clause_head(token).i not in earlier:
                count_word(events, token, retold, claimed)
    return doc


def dated_before(doc: Document, attack: Event, sentence: Token) -> set[int]:
    """The clauses of the sentence (their heads' indices) that a day of their own puts
    before the attack's day began: deaths told on their own "last week" are not those of
    an attack of Monday (a cause comes before its effect; deaths a day after it may be its
    toll: "three more died of their wounds on Tuesday")."""
    if attack.date is None:
        return set()
    inside = [t for t in doc.timexes if sentence.start_char <= t.start < sentence.end_char]
    roots = [root_of(doc, t.start, t.end) for t in inside
             if usable(t) and (t.enddate or t.date or "") < attack.date]
    return {clause_head(root).i for root in roots if root is not None}


def count_word(events: list[Event], token: Token, retold: bool,
               claimed: set[tuple[int, str]]) -> None:
    """Add what one word tells of a toll (victims, a restated total, a toll of none) to the
    event it belongs to (`nearest`), if any."""
    tolls, revised, denied = tolls_of(token, retold), revised_toll(token), denied_toll(token)
    if not (tolls or revised or denied) or (owner := nearest(events, token)) is None:
        return
    for status, victim in tolls:
        record(owner, victim, status, claimed)
    if revised:
        restate(owner, *revised)
    for status in denied:
        zero(owner, status)


def tolls_of(token: Token, retold: bool) -> list[tuple[str, Token]]:
    """(status, victim head) the word tells: a status word's victims ("killed four
    farmers"), an idiom's ("lost their lives"), an injury's ("treated for burns"). In a
    sentence that only retells (`retold`), an active status verb with its own subject
    tells a new act, not a toll; a running total or a toll of nobody is none."""
    status = statuses().get(token.lemma_.lower()) or statuses().get(token.lower_)
    told = status is not None and not (retold and has_attacker(token)) \
        and not (nobody(token) or cumulative(token) or attempted(token))
    found = [(status, victim) for victim in victims_of(token)] if told and status else []
    return found + idiom_tolls(token) + [("injured", victim) for victim in care_victims(token)]


def attempted(verb: Token) -> bool:
    """"Gunmen tried to kill the governor", "in an attempt to assassinate him", "a plot to
    kill two judges": a status verb only attempted (an infinitive under an `attempt` word
    of `data/events/toll_changes.tsv`) tells no toll; the attempt may still be an attack."""
    return is_infinitive(verb) and verb.head.lemma_.lower() in toll_words("attempt")


@cache
def no_toll_nouns() -> dict[str, tuple[str, ...]]:
    return {noun: tuple(kinds.split("|")) for noun, kinds in read_rows("no_toll.tsv")}


def denied_toll(token: Token) -> tuple[str, ...]:
    """The statuses a toll told as none gives zero: "there were no casualties", "repelled
    without casualties", "without causing casualties" (`data/events/no_toll.tsv`), "no one
    was killed", "no one was reported hurt" (a status word whose subject is nobody,
    `nobody` cues of `data/events/eventness.tsv`; "no one was hurt" says none died
    either), "without hurting anyone" (the `nobody` cues of lemma `without`)."""
    nouns = no_toll_nouns().get(token.lower_, ())
    if nouns and (any(c.lower_ == "no" for c in children(token, "det"))
                  or without(token) or token.dep_ == "dobj" and without(token.head)):
        return nouns  # "no casualties", "without casualties", "without causing casualties"
    status = statuses().get(token.lemma_.lower())
    harmed_nobody = nobody(token) or without(token) and any(
        o.lower_ in cues("nobody")["without"] for o in children(token, "dobj"))
    if status not in ("dead", "injured") or not harmed_nobody:
        return ()
    return ("injured", "dead") if status == "injured" else ("dead",)  # none hurt: none died


def without(word: Token) -> bool:
    """Whether the word hangs from "without" ("without casualties", "without hurting")."""
    return word.head.lower_ == "without" and word.head.i != word.i


def zero(event: Event, status: str) -> None:
    """A toll of none, where the event has no figure of its own for that status."""
    if getattr(event.size, status) is None:
        event.size = replace(event.size, **{status: 0})


@cache
def toll_words(role: str) -> frozenset[str]:
    return word_roles("events/toll_changes.tsv").get(role, frozenset())


def revised_toll(verb: Token) -> tuple[str, int] | None:
    """(status, total) of a toll restated as a new total: "the death toll has risen to
    seven", "the number of civilians killed climbed to 31", "the toll stood at 12", "died
    in hospital, bringing the death toll to four" (a `bring` verb with the toll its object;
    `data/events/toll_changes.tsv`). The status is that of a status word in the subject
    ("the number of people arrested", "the toll of the wounded"), else dead for a toll;
    None for a number of anything else ("the number of displaced people rose to 3,000")."""
    lemma = verb.lemma_.lower()
    if lemma not in toll_words("change") | toll_words("bring"):
        return None
    role = "dobj" if lemma in toll_words("bring") else "nsubj"
    subjects = [s for s in children(verb, role)
                if s.lemma_.lower() in toll_words("noun") | toll_words("count")]
    status = toll_status(subjects[0]) if subjects else None
    preps = ("to",) if role == "dobj" else ("to", "at")  # "put the toll at 12" is a claim
    totals = [o for p in children(verb, "prep") if p.lower_ in preps
              for o in children(p, "pobj")] + ([] if role == "dobj" else children(verb, "dobj"))
    counts = [count for count in map(word_value, (t.text for t in totals)) if count is not None]
    return (status, counts[0]) if status and counts else None


def toll_status(noun: Token) -> str | None:
    """The status a toll noun counts: a status word's in its phrase, else dead for "toll"."""
    for token in noun.subtree:
        status = statuses().get(token.lemma_.lower()) or statuses().get(token.lower_)
        if status is not None and token.i != noun.i:
            return status
    return "dead" if noun.lemma_.lower() in toll_words("noun") else None


def restate(event: Event, status: str, total: int) -> None:
    """A restated total replaces a smaller figure (it is the whole toll, not an addition)."""
    current = getattr(event.size, status)
    event.size = replace(event.size, **{status: max(current or 0, total)})


@cache
def idioms() -> dict[str, list[tuple[str, str, str]]]:
    """verb lemma -> (cue lemma, status, how) from `data/events/idioms.tsv`."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for verb, cue, status, how in read_rows("idioms.tsv"):
        found.setdefault(verb, []).append((cue, status, how))
    return found


def idiom_tolls(verb: Token) -> list[tuple[str, Token]]:
    """(status, victim head) told by an idiom: "cut the throats of four passengers" (dead),
    "the driver was shot in the leg but survived" (injured), "two soldiers lost their
    lives" (dead)."""
    found = []
    for cue, status, how in idioms().get(verb.lemma_.lower(), []):
        objects = [o for o in children(verb, "dobj") if o.lemma_.lower() == cue]
        if how == "object":
            victims = [v for o in objects for p in children(o, "prep") for v in children(p, "pobj")]
        elif how == "subject":
            victims = children(verb, "nsubj") if objects else []
        else:
            survived = any(c.lemma_.lower() == cue for c in children(verb, "conj"))
            victims = children(verb, "nsubjpass", "dobj") if survived else []
        found += [(status, victim) for victim in victims if is_people(victim)]
    return found


def is_people(noun: Token) -> bool:
    """People, not animals: a person's name or a noun of `data/events/victims.tsv`."""
    return noun.ent_type_ == "PERSON" or noun.lemma_.lower() in victim_sectors()


def recent_attack(doc: Document, sentence: Token) -> list[Event]:
    """A toll told on its own ("three more died later") belongs to the attack just told,
    unless a running total was told since (`eventness.cumulative`: "more than 400 have been
    killed since October. On the other side, about 25 have died" goes on counting)."""
    start = sentence.start_char
    before = [e for e in doc.events if e.event == "ASSAULT" and e.trigger_start < start]
    if not before or start - before[-1].end > RECENT_CHARS:
        return []
    between = sentence.doc.char_span(min(before[-1].end, start), start, alignment_mode="expand")
    return [] if between is not None and any(map(cumulative, between)) else [before[-1]]


def has_attacker(word: Token) -> bool:
    """"Units eliminated hundreds": an active toll verb with its own subject tells a new act."""
    return bool(children(word, "nsubj")) and word.lemma_.lower() != "die" and word.pos_ == "VERB"


def in_sentence(event: Event, sentence: Token) -> bool:
    return bool(sentence.start_char <= event.trigger_start < sentence.end_char)


def victims_of(word: Token) -> list[Token]:
    """The noun phrase heads a status word says suffered it."""
    if children(word, "nsubjpass"):
        return children(word, "nsubjpass")
    if headline_passive(verb := word.head if word.pos_ == "ADJ" else word):
        return children(verb, "nsubj")  # "Two UPDF men shot dead in Khagrachhari"
    if headline_participle(word):
        return [word.head]  # "Three soldiers killed in ambush near Gao"
    if ranged := range_subject(word):
        return ranged
    if (left := left_so(word)) is not None:
        return left
    if word.pos_ == "NOUN":
        return result_victims(word)
    if elided_passive(word):
        return children(word, "nsubj")
    if elided_subject(word):
        return [word.head]
    if word.pos_ == "ADJ" and completes_act(word):
        return children(word.head, "dobj") or children(word.head, "nsubjpass")
    if word.pos_ == "ADJ" and (misparsed := misparsed_result(word)):
        return misparsed
    if word.dep_ == "xcomp" and word.tag_ == "VBN" and word.head.pos_ == "VERB":
        return children(word.head, "nsubjpass")  # "three were reported killed"
    if word.lemma_.lower() in ("die", "dead") or word.pos_ == "ADJ":
        subjects = children(word, "nsubj") or children(word.head, "nsubj")
        return subjects if word.pos_ == "ADJ" or word.lemma_.lower() == "die" else []
    return children(word, "dobj")


def headline_participle(word: Token) -> bool:
    """"Three soldiers killed in ambush near Gao", "Police officer killed in Bannu ambush":
    in a headline (a sentence with no full stop), a participle of a status verb that takes
    its victims as object (`arguments.OBJECT_STATUSES`), hung on the counted noun before it
    (or on a `bare_person`, who counts one there), tells what befell that noun (the parser
    reads no passive there, as in `arguments.headline_passive`)."""
    noun = word.head
    if word.dep_ != "acl" or word.tag_ != "VBN" or word.i < noun.i:
        return False
    if statuses().get(word.lemma_.lower()) not in OBJECT_STATUSES:
        return False
    return in_headline(word) and (bool(children(noun, "nummod")) or bare_person(noun))


def range_subject(word: Token) -> list[Token]:
    """"Between three and nine soldiers were injured": the parser takes the range's
    "between" for a preposition or marker of a passive verb with no subject; its counted
    object, told before the verb, is the subject."""
    if not children(word, "auxpass"):
        return []
    return [noun for prep in word.lefts if prep.lower_ == "between"
            for noun in children(prep, "pobj") if children(noun, "nummod")]


def left_so(word: Token) -> list[Token] | None:
    """"leaving one dead and five wounded", "left three dead and nine wounded": a status word
    told of what "leave" (`resulting` verbs of `data/events/circumstances.tsv`) takes
    befell those: a number it follows, a number parsed on it or the verb's object
    (`left_state`), a number subject of a participle coordinated with the verb or its
    state (`coordinated_state`). None where the word is no such status."""
    head = word.head
    if word.dep_ == "amod" and head.like_num and word.i == head.i + 1 and results(head.head):
        return [head] if head.dep_ == "dobj" else None
    if word.dep_ == "conj":
        return coordinated_state(word)
    return left_state(word) if word.dep_ in ("oprd", "dobj") and results(head) else None


def coordinated_state(word: Token) -> list[Token] | None:
    """"left three dead and nine wounded": the number subject of a participle coordinated
    with "leave" or with the state it left."""
    head = word.head
    left = results(head) or (head.dep_ == "oprd" and results(head.head))
    counted = [s for s in children(word, "nsubj") if s.like_num]
    return (counted or None) if left and word.tag_ == "VBN" else None


def left_state(word: Token) -> list[Token] | None:
    """"left 14 dead" (the number parsed on the state), "leaving two people dead" (the
    verb's object); of "one dead and five wounded", the second state befell the number
    coordinated with the first ("five")."""
    if children(word, "nummod"):
        return [word]
    if word.dep_ == "dobj":
        return None
    objects = children(word.head, "dobj")
    counted = [c for o in objects for c in o.conjuncts if c.like_num]
    first_told = any(child.dep_ == "amod" and child.lower_ in statuses()
                     for o in objects for child in o.children)
    return counted[-1:] if first_told and counted else objects


def result_victims(noun: Token) -> list[Token]:
    """"hacked to death five villagers", "two traders were stabbed to death": a status
    noun as the result of a violent verb (`to` + noun) befell the verb's object or passive
    subject; "sentenced to death" and "bored to death" are no violent verbs."""
    verb = noun.head.head
    result = noun.dep_ == "pobj" and noun.head.lower_ == "to" and verb.pos_ == "VERB"
    trigger = match_trigger(verb) if result else None
    if trigger is None or trigger.event != "ASSAULT":
        return []
    victims = children(verb, "nsubjpass") or children(verb, "dobj")
    return [resolve_relative(victim) for victim in victims]


def elided_passive(word: Token) -> bool:
    """"12 were killed and dozens wounded": a participle coordinated with a passive status
    verb shares its "were", so its subject suffered it ("gunmen killed three and wounded
    five" has a subject that acted)."""
    head = word.head
    passive = bool(children(head, "nsubjpass")) and head.lemma_.lower() in statuses()
    return word.dep_ == "conj" and word.tag_ == "VBN" and passive and not children(word, "aux")


def elided_subject(word: Token) -> bool:
    """"one was killed and two more injured", "three died and two others wounded": the
    parser hangs the participle on its subject, a number or noun coordinated with a passive
    status verb (or "die"), so the participle shares that verb's "was" and the subject
    suffered it. The verb is the one the "and" before the subject joins (the parser may
    hang the subject on a verb of saying above: "said one was killed and two more
    injured"). A participle before its noun ("and two injured men fled") describes it,
    and a noun coordinated with an object ("killed one man and two injured guards") is
    no such subject."""
    subject = word.head
    postposed = word.dep_ in ("amod", "acl") and word.tag_ in ("VBN", "JJ") and word.i > subject.i
    if not (postposed and subject.dep_ == "conj"):
        return False
    verb = joined_verb(subject)
    if verb.lemma_.lower() not in statuses():
        return False
    return bool(children(verb, "nsubjpass")) or verb.lemma_.lower() == "die"


def joined_verb(conjunct: Token) -> Token:
    """The word a conjunct is coordinated with: that of the "and" just before it, else
    its head."""
    edge = conjunct.left_edge
    before = edge.doc[edge.i - 1] if edge.i > edge.sent.start else None
    if before is not None and before.dep_ == "cc" and before.head.i < conjunct.i:
        return before.head
    return conjunct.head


def completes_act(word: Token) -> bool:
    """"shot dead four farmers", "four were shot dead": a status adjective completing an
    act verb says what befell the verb's object (a copula's "two are dead" does not, nor
    one with a subject of its own: "besides the two dead, nine were wounded")."""
    verb = word.head
    completes = word.dep_ in ("acomp", "oprd", "advcl", "xcomp", "advmod")
    own_subject = bool(children(word, "nsubj"))  # "besides the two dead, nine were hurt"
    return completes and verb.pos_ == "VERB" and verb.lemma_ != "be" and not own_subject


def misparsed_result(word: Token) -> list[Token]:
    """"shot dead two construction workers" parsed with "dead" on the object: a status
    adjective right after an act verb, on that verb's object, completes the act; "buried
    the dead soldiers" has it after a determiner, on no act."""
    noun = word.head
    verb = noun.head
    on_object = word.dep_ == "amod" and noun.dep_ == "dobj" and verb.pos_ == "VERB"
    return [noun] if on_object and word.i == verb.i + 1 and verb.lemma_ != "be" else []


def nearest(events: list[Event], token: Token) -> Event | None:
    """The event whose trigger is this word or the nearest of its heads (the toll's clause
    hangs on the act it tells: "aircraft struck houses on Tuesday, killing seven, ... a day
    after a deadly strike on the market" is the Tuesday strike's toll, though the earlier
    strike's words are as close), else the one whose trigger is closest in the text. None
    when the toll's clause is told a measured gap from that head ("targeted a bulldozer,
    killing its driver, a day after another strike left two men dead": `gap_between`): the
    toll of another happening, which the parse did not give a trigger of its own. Taking
    such a toll for the act's own had two strikes on one town a day apart fused as one
    (conflict-dev3 records per incident 1.618 -> 1.600, conflict-dev4 1.521 -> 1.500; no
    event set moved)."""
    by_start = {event.trigger_start: event for event in events}
    node = token
    while node.idx not in by_start and node.head.i != node.i:
        node = node.head
    if node.idx in by_start:
        return None if gap_between(token, node) else by_start[node.idx]
    return min(events, key=lambda e: abs(e.trigger_start - token.idx))


def record(event: Event, victim: Token, status: str, claimed: set[tuple[int, str]]) -> None:
    """Add a group of victims to the event's casualties and its size. A figure told as a
    side's claim ("claiming that their fighters had killed twelve soldiers": `claim` lemmas
    of `data/events/toll_changes.tsv` above it) sets the size only where no figure is told
    without one, and one told plainly replaces it ("the army has said three soldiers died"):
    where the sides disagree the conservative, stated figure stands (ACLED; the fusion
    sets' README). `claimed` holds the (event, status) pairs whose figure is only claimed."""
    count = own_count(victim) if is_number(victim) else group_count(victim)
    count = 1 if count is None and headline_one(victim) else count
    if count is None:
        return
    for group in [victim, *children(victim, "conj")]:
        sector = victim_sectors().get(group.lemma_.lower())
        own = own_count(group) or count
        event.casualties.append(Casualty(count=own, status=status, who=group.text, sector=sector))
    key = (id(event), status)
    if is_claim(victim):
        if getattr(event.size, status) is None or key in claimed:
            event.size = add_to_size(event.size, status, count)
            claimed.add(key)
    elif key in claimed:
        event.size = replace(event.size, **{status: count})
        claimed.discard(key)
    else:
        event.size = add_to_size(event.size, status, count)


def headline_one(noun: Token) -> bool:
    """"Protester shot dead in Kisumu", "Opposition activist killed in Cibitoke": a
    headline drops the article, so a `bare_person` there counts one."""
    return bare_person(noun) and in_headline(noun)


def bare_person(noun: Token) -> bool:
    """A person noun (`data/events/victims.tsv`) in the singular with no determiner,
    number or possessor; not a `collective` noun of `data/events/toll_changes.tsv`
    ("Police killed in ambush" says nothing of how many)."""
    if noun.tag_ not in ("NN", "NNP") or children(noun, "det", "nummod", "poss"):
        return False
    word = noun.lower_
    return word in victim_sectors() and word not in toll_words("collective")


def is_claim(word: Token) -> bool:
    """Whether a verb of claiming (`claim` role of `data/events/toll_changes.tsv`) governs
    the word."""
    return any(head.lemma_.lower() in toll_words("claim") for head in word.ancestors)


def add_to_size(size: Size, status: str, count: int) -> Size:
    """Adds a toll to a size; the larger figure wins when a report restates a total."""
    current = getattr(size, status)
    return replace(size, **{status: max(current or 0, count)})
