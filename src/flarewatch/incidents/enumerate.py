"""One event per place where a sentence lists several places hit.

"Missiles struck Kyiv, the city of Cherkasy and the Kharkiv region" tells three events,
one per place (ACLED codes one event per place and day). A mention whose location is one
of several coordinated place phrases ("X, Y and Z", "the town of Y") is copied for each
of the others; the copies carry no toll of their own, as the sentence rarely says whose
it is, unless the list puts a number on the place ("15 in X and 7 in Y": `listed_toll`).
Each copy is told by its own list item ("two in the Tirah valley"), and the first place's
event loses the items after it (`listed_item`, `cut_before`). A near place set beside the
first as an apposition ("Hlaing Tharyar township, Yangon") locates it, and the two ends of
a road ("between Debre Markos and Mota") name the road: neither is another place hit.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flarewatch.events.detect import match_trigger
from flarewatch.events.numbers import word_value
from flarewatch.events.syntax import Token, children, place_prepositions
from flarewatch.geo.locate import (
    describes,
    phrase_head,
    place_root,
    route_of,
    trigger_tokens,
    where_hops,
)
from flarewatch.geo.recognize import cue_words
from flarewatch.incidents.places import relation
from flarewatch.model import Document, Event, Place, Size

# Types ACLED records once per place: violence, coercion and protest.
PER_PLACE_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST"})
# Modes of one order whose listed places are its scope ("a curfew in Imphal East and
# Imphal West districts"): one act, however many places it covers.
DECREE_MODES = frozenset({"curfew", "ban"})
# Prepositional phrases climbed from a place to find the list it stands in.
MAX_CLIMB = 3
# Words that head a listed item beside a place's phrase: "a school in Y", "a further 30 in Y".
LISTED_POS = frozenset({"NOUN", "PROPN", "NUM"})


def expanded(doc: Document, event: Event) -> list[Event]:
    """The event, then a copy for each place coordinated with its location."""
    if event.event not in PER_PLACE_TYPES or event.mode in DECREE_MODES or \
            told_where(doc, event) or not placed_in_sentence(doc, event):
        return [event]
    trigger = doc.trigger_span(event)
    listed = listed_with(doc, event.event_loc, trigger.root if trigger is not None else None)
    items = [listed_item(doc, place) for place in listed]
    copies = [at_place(event, place, listed_toll(doc, event, place), item)
              for place, item in zip(listed, items, strict=True)]
    return [cut_before(doc, event, [item for item in items if item is not None])] + copies


def placed_in_sentence(doc: Document, event: Event) -> bool:
    """Whether the event's location is named in the sentence of its trigger: a place
    taken from elsewhere in the report ("chanting slogans against Turkey and the
    government in Baghdad" two sentences before "clashed in the town") lists nothing
    the event's sentence says was hit."""
    root, trigger = place_root(doc, event.event_loc), doc.trigger_span(event)
    return root is not None and trigger is not None and root.sent.start == trigger.root.sent.start


def told_where(doc: Document, event: Event) -> bool:
    """"struck Kyiv, the city of Cherkasy, where one person died, and the Kharkiv region":
    an event told in a "where" clause of one listed place (`geo.locate.where_hops`)
    happened at that place alone."""
    root = place_root(doc, event.event_loc)
    head = phrase_head(root) if root is not None else None
    return head is not None and where_hops(head, trigger_tokens(doc, event)) is not None


def cut_before(doc: Document, event: Event, items: list[tuple[int, int]]) -> Event:
    """The event's words less the list items of the other places, where they come after
    its trigger: "gunmen shot dead a rubber tapper in Rueso" of "... in Rueso and a village
    defence volunteer in Bannang Sata", each place's event told by its own words."""
    later = [start for start, _ in items if event.trigger_end <= start < event.end]
    if not later:
        return event
    kept = re.sub(r"(?:[\s,;]|\band\b|\bor\b)+$", "", doc.text[event.start:min(later)])
    return replace(event, end=event.start + len(kept))


def listed_with(doc: Document, place: Place | None, trigger: Token | None = None) -> list[Place]:
    """Places listed beside `place` ("X, the city of Y and the Z region", "a hospital in X
    and a school in Y", "in X on Monday and in Y on Tuesday"), in text order; a place
    holding or held by it ("Kyiv, Ukraine") is not another place hit."""
    root = place_root(doc, place)
    if root is None or place is None:
        return []
    members = list_members(doc, root, trigger)
    listed = [other for other in doc.places if other is not place and in_list(doc, other, members)]
    return [other for other in listed if relation(place, other) in ("near", "differ")
            and not named_within(doc, place, other) and not named_within(doc, other, place)
            and not describes(doc, other, place)
            and not locator(doc, place, other) and not route_end(doc, other)]


def route_end(doc: Document, place: Place) -> bool:
    """"a town on the road between Debre Markos and Mota": the ends of a road name one
    place, the road (`geo.locate.route_of`), not two places hit."""
    root = place_root(doc, place)
    return root is not None and route_of(root) is not None


def locator(doc: Document, place: Place, other: Place) -> bool:
    """"in Hlaing Tharyar township, Yangon": a place near the first, set beside it as an
    apposition, is the city or province it lies in, named to locate it (where the gazetteer
    cannot tell that one holds the other), not a second place hit."""
    head, root = place_head(doc, place), place_root(doc, other)
    if head is None or root is None or relation(place, other) != "near":
        return False
    return root.dep_ == "appos" and root.head.i == head.i


def named_within(doc: Document, inner: Place, outer: Place) -> bool:
    """"the Shevchenkivskyi district of Kyiv", "Kharkiv's Kyivskyi district": after a place
    noun with a name of its own, "of" (or a possessive before it) names the place that
    holds it, not another place hit ("the town of Izium" names the town itself)."""
    head, root = place_head(doc, inner), place_root(doc, outer)
    if head is None or root is None:
        return False
    named = any(child.pos_ == "PROPN" for child in children(head, "compound"))
    if root.dep_ == "poss":
        return root.head.i == head.i and named
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    return root.head.head.i == head.i and named


def list_members(doc: Document, root, trigger=None):  # type: ignore[no-untyped-def]
    """Token indices of the list a place name stands in: its phrase's conjuncts and
    appositions, names under "the city of" (not under a direction: "Kabkabiya, west of El
    Fasher" locates one place), and what hangs off a coordinated preposition or a
    coordinated noun the place is attached to, or that a noun coordinated with the place
    names as its own place (`placed_at`)."""
    head = place_head(doc, None, root) or root
    starts = [head, root, *coordinated_attachments(root, trigger), *sibling_objects(head)]
    seen: set[int] = set()
    todo = list(starts)
    while todo:
        token = todo.pop()
        if token.i in seen:
            continue
        seen.add(token.i)
        todo += [*token.conjuncts, *children(token, "appos")]
        todo += [obj for other in token.conjuncts if other.pos_ == "NOUN"
                 for obj in placed_at(other)]
        if token.lower_ in cue_words("direction"):
            continue  # "a village near Kangpokpi, north of Imphal": Imphal only locates it
        of = [prep for prep in children(token, "prep") if prep.lower_ == "of"]
        todo += [obj for prep in of for obj in children(prep, "pobj")]
    return seen


def placed_at(noun: Token) -> list[Token]:
    """"a fuel depot in X and a water station in Y", parsed with the station coordinated
    with X: the places the coordinated noun's own locative prepositions name."""
    preps = [prep for prep in children(noun, "prep") if prep.lower_ in place_prepositions()]
    return [obj for prep in preps for obj in children(prep, "pobj")]


def sibling_objects(head):  # type: ignore[no-untyped-def]
    """"struck Kharkiv, the town of Izium, where one died, and the Sumy region": a list cut
    by a relative clause parses as two objects of one verb; each is a listed place."""
    if head.dep_ != "dobj":
        return []
    return [other for other in children(head.head, "dobj") if other.i != head.i]


def coordinated_attachments(root, trigger=None):  # type: ignore[no-untyped-def]
    """"in X and in Y", "a hospital in X and a school in Y", "at a market in X and at a
    station in Y", "12 in X and a further 30 in Y": climbing from the place through the
    prepositional phrases it hangs in up to the event's own trigger ("a rally in X and a
    further 20 in Y" lists no second rally), every word under a coordinated preposition
    or noun; not under another thing coordinated with an event noun (`other_thing`)."""
    found = []
    token = root
    for _ in range(MAX_CLIMB):
        if token.dep_ != "pobj":
            break
        prep, anchor = token.head, token.head.head
        preps = [prep, *children(anchor, "prep")]  # "in X on Monday and in Y on Tuesday"
        found += [word for each in preps for other in each.conjuncts if other.pos_ == "ADP"
                  for word in other.subtree]
        at_trigger = trigger is not None and anchor.i == trigger.i
        found += [word for other in anchor.conjuncts if other.pos_ in LISTED_POS
                  and not (at_trigger and other_thing(anchor, other))
                  for word in other.subtree]
        if at_trigger:
            break
        token = anchor
    return found


def other_thing(trigger: Token, other: Token) -> bool:
    """A noun coordinated with an event noun that is no event word itself ("Attack on
    Titao and movements towards Ouahigouya"): another thing, not another place hit; a
    verb's conjuncts ("hit a hospital in X and a school in Y", parsed on the verb) and
    counts ("12 in X and a further 30 in Y") stay listed."""
    noun = trigger.pos_ in ("NOUN", "PROPN") and other.pos_ in ("NOUN", "PROPN")
    return noun and match_trigger(other) is None


def in_list(doc: Document, place: Place, members: set[int]) -> bool:
    """Whether the place's name or the phrase it heads is one of the list's members."""
    root = place_root(doc, place)
    head = place_head(doc, place)
    return root is not None and (root.i in members or (head is not None and head.i in members))


def place_head(doc: Document, place: Place | None, root=None):  # type: ignore[no-untyped-def]
    """The token heading a place's phrase ("town" in "the town of Izium"), or None."""
    root = root if root is not None else place_root(doc, place)
    return phrase_head(root) if root is not None else None


def at_place(event: Event, place: Place, size: Size,
             item: tuple[int, int] | None = None) -> Event:
    """The copy of the event at a listed place; its evidence is the list item that names
    the place (`listed_item`), where one is found, else the event's own words."""
    start, end = item if item is not None else (event.start, event.end)
    return replace(event, event_loc=place, size=size, casualties=[], mentions=[],
                   start=start, end=end)


def listed_item(doc: Document, place: Place) -> tuple[int, int] | None:
    """The characters (start, end) of the list item a place stands in: "two in the Tirah
    valley of Khyber District" of "killed three in Datta Khel and two in the Tirah valley
    of Khyber District", "the city of Cherkasy, where one person died" of "struck Kyiv, the
    city of Cherkasy, where one person died, and the Sumy region": the words that tell
    that place's event, less the items after it; the bare name where that is all the item
    is ("Sokolo" of "attacked posts at Niono, Sokolo and Farabougou": the words that point
    at that place's event, where the event's own words name the first place). None where
    the place is no conjunct or apposition below its clause's verb."""
    token = item_head(place_root(doc, place))
    if token is None:
        return None
    later = {t.i for c in token.children if c.dep_ in ("conj", "appos", "cc") for t in c.subtree}
    words = [t for t in token.subtree if t.i not in later and not t.is_punct]
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return (start, end)


def item_head(token: Token | None) -> Token | None:
    """The conjunct or apposition a name's phrase hangs in, climbing no higher than its
    clause's verb; None where there is none."""
    for _ in range(2 * MAX_CLIMB):
        if token is None or token.dep_ in ("conj", "appos") or token.pos_ in ("VERB", "AUX"):
            break
        token = token.head if token.head.i != token.i else None
    return token if token is not None and token.dep_ in ("conj", "appos") else None


def listed_toll(doc: Document, event: Event, place: Place) -> Size:
    """The toll a list gives a place it names beside a number of the event's own count
    ("killed 15 people in Gaza City and 7 in Khan Younis": 7 dead in Khan Younis), of the
    status the event counts (dead, else injured); none otherwise."""
    head = place_head(doc, place)
    owner = head.head.head if head is not None and head.dep_ == "pobj" else None
    value = word_value(owner.text) if owner is not None and owner.pos_ == "NUM" else None
    if value is None:
        return Size()
    if event.size.dead is not None:
        return Size(dead=value)
    return Size(injured=value) if event.size.injured is not None else Size()
