"""Actor mentions in a parsed document: dictionary hits grouped into noun phrases.

Each hit climbs the dependency tree through noun modifiers (compound, amod, poss, appos)
to the head of its noun phrase. A phrase whose head is an actor word ("the Azerbaijani
military", "employees of the Azerbaijani Interior Ministry") is coded as a whole, with its
"of" complements; a phrase whose head is not ("Azerbaijani shelling", "a Russian aid
delivery") gives a mention for the actor word alone. Links between mentions (anaphors,
acronyms, conjuncts) are in `coreference`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from flarewatch.actors.compose import code_phrase, compose, sense, wielding
from flarewatch.actors.coreference import (
    Found,
    resolve_anaphors,
    resolve_country_anaphors,
    resolve_group_anaphors,
    resolve_region_anaphors,
    share_conjunct_codes,
    with_acronyms,
)
from flarewatch.actors.lexicon import (
    Entry,
    Hit,
    Token,
    action_nouns,
    add_acronym_hits,
    add_initials_hits,
    add_surname_hits,
    entries,
    find_hits,
    normalise,
    organisation_nouns,
    qualify,
    token_after,
    tokenize,
)
from flarewatch.events.arguments import placed_capital
from flarewatch.events.syntax import is_clock, person_reading, person_senses
from flarewatch.model import ActorMention, Document, Entity, Place

CLIMB_DEPS = {"compound", "amod", "poss", "appos", "nmod", "flat"}
NOUNS = {"NOUN", "PROPN"}
PLACE_KINDS = {"country", "capital", "territory"}
# Where a place word after these is a place, not an actor ("shelling in Karabakh"); "to",
# "into", "from" stay actors' (aid to Liberia, troops into Bosnia, deliveries from Russia).
LOCATIVE = {"in", "at", "near", "around", "across", "throughout", "inside", "within",
            "outside", "over"}
ACTION_DEPS = {"amod", "compound", "poss", "nsubj", "nmod"}
# Complements naming whom a phrase belongs to; a word with no sector of its own also
# speaks "for" someone ("a spokesperson for the UN refugee agency").
OWNER_PREPOSITIONS = {False: ("of",), True: ("of", "for")}


def document_mentions(doc: Document) -> list[ActorMention]:
    tokens = tokenize(doc.text)
    hits = without_names_in_places(doc, without_dates(doc, tokens, find_hits(tokens, doc.text)))
    hits = without_given_names(doc, hits)
    hits = add_surname_hits(doc.text, tokens, hits)
    hits = add_initials_hits(doc.text, tokens, add_acronym_hits(doc.text, tokens, hits))
    hits = qualify(doc.text, tokens, hits)
    hits = resolve_region_anaphors(tokens, hits, doc.date)
    hits = resolve_country_anaphors(doc.text, tokens, hits, doc.date)
    hits = resolve_group_anaphors(tokens, hits, doc.date)
    if doc.parse is None:
        found = [_unparsed_phrase(doc, run) for run in _adjacent_runs(doc.text, tokens, hits)]
    else:
        found = rejoined(doc, _parsed_mentions(doc, as_persons(doc, hits)))
    found = resolve_anaphors(doc.text, with_acronyms(doc.text, found))
    mentions = [_as_actor_mention(doc, item) for item in share_conjunct_codes(doc, found)]
    return [mention for mention in mentions if not names_place(doc, mention)]


def names_place(doc: Document, mention: ActorMention) -> bool:
    """"the Kyiv strike killed six", "the Mogadishu bombing": a capital named before an
    event noun tells where it happened (`events.arguments.placed_capital`), so it is no
    actor mention: neither that event's actor nor one a verb takes from its subject."""
    if doc.parse is None:
        return False
    span = doc.parse.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and placed_capital(span.root)


def as_persons(doc: Document, hits: list[Hit]) -> list[Hit]:
    """The hits, a weapon's agent word read as a person where its clause tells one ("A
    bomber blew himself up", "the bomber, on foot, detonated his explosives": the entry
    `syntax.person_reading` names, "suicide bomber", REB), not the aircraft its own entry
    is ("Russian bombers struck", "a bomber dropped its payload": MIL)."""
    return [person_hit(doc, hit) if person_word(doc, hit) else hit for hit in hits]


def person_word(doc: Document, hit: Hit) -> bool:
    """Whether the hit's last word has a person's reading (`syntax.person_senses`): only
    those are looked up in the parse."""
    return ("sense", doc.text[hit.start:hit.end].split()[-1].lower()) in person_senses()


def person_hit(doc: Document, hit: Hit) -> Hit:
    span = doc.parse.char_span(hit.start, hit.end, alignment_mode="expand")
    reading = person_reading(span.root) if span is not None else None
    return replace(hit, entries=entries()[reading]) if reading in entries() else hit


def without_given_names(doc: Document, hits: list[Hit]) -> list[Hit]:
    """The hits less a place's name that opens a person's name the parser tagged, or stands
    in its middle ("Lawrence Kanyuka, a spokesman", "Jordan Bardella", "Chad Smith",
    "spokesman Abdifatah Aden Hassan"): a given name, not the place (the lexicon's own
    persons, "Israel Katz", are longer hits and stay). A place's name ending a person's name
    is left as read: taking it out too ("the Getulio Vargas hospital") left a report of a
    police raid in Rio with no coded actor and too low a relevance to keep its events
    (conflict-dev5), a weakness of `incidents.relevance` not mended here."""
    people = [(m.start, m.end) for m in doc.mentions if m.label == "PERSON" and " " in m.text]
    return [hit for hit in hits if not (places_only(hit) and any(
        start <= hit.start and hit.end < end for start, end in people))]


def without_names_in_places(doc: Document, hits: list[Hit]) -> list[Hit]:
    """The hits less a person's name inside a longer place name the geoparser read ("Dera
    Ismail Khan", a Pakistani city, is not the Afghan politician Ismail Khan; newcomer's
    trial): the place, not the person; nor another country's name inside one ("the base of
    Puerto Jordan", a Colombian town, is not Jordan's; "Gaza" of "Gaza City" stays)."""
    return [hit for hit in hits if not any(
        place.start <= hit.start and hit.end <= place.end
        and place.end - place.start > hit.end - hit.start and foreign_to(hit, place)
        for place in doc.places)]


def without_dates(doc: Document, tokens: list[Token], hits: list[Hit]) -> list[Hit]:
    """The hits less a group named after a day that the text uses as a date: "On 21 June,
    aid workers distributed food" is no act of the Greek group "21 June" (PETRARCH's
    dictionary names a few groups so: "17 November", "21 June"). A hit wholly inside a
    resolved time expression (`doc.timexes`) of type DATE is taken as that date, unless an
    organisation's noun follows it ("the 17 November group", `organisation_nouns`)."""
    return [hit for hit in hits if named_group(tokens, hit) or not any(
        timex.type == "DATE" and timex.start <= hit.start and hit.end <= timex.end
        for timex in doc.timexes)]


def named_group(tokens: list[Token], hit: Hit) -> bool:
    """Whether an organisation's noun follows the hit ("17 November group")."""
    following = token_after(tokens, hit)
    return following is not None and following.norm in organisation_nouns()


def foreign_to(hit: Hit, place: Place) -> bool:
    """Whether a hit inside a longer place name names something else than that place's
    country: a person, or only places of other countries."""
    return persons_only(hit) or (places_only(hit) and place.country is not None and all(
        entry.code != place.country for entry in hit.entries))


def persons_only(hit: Hit) -> bool:
    return all(entry.kind == "person" for entry in hit.entries)


def places_only(hit: Hit) -> bool:
    return all(entry.kind in PLACE_KINDS for entry in hit.entries)


def _adjacent_runs(doc_text: str, tokens: list[Token], hits: list[Hit]) -> list[list[Hit]]:
    """Without a parse, hits next to each other (or joined by "of", "the", "'s") make a phrase;
    never across a line break (a heading, a new paragraph)."""
    runs: list[list[Hit]] = []
    for hit in hits:
        between = [t.norm for t in tokens[runs[-1][-1].last + 1 : hit.first]] if runs else ["."]
        gap = doc_text[runs[-1][-1].end : hit.start] if runs else "\n"
        if "\n" not in gap and all(word in ("of", "the", "'", "s") for word in between):
            runs[-1].append(hit)
        else:
            runs.append([hit])
    return runs


def _unparsed_phrase(doc: Document, run: list[Hit]) -> Found:
    start, end = run[0].start, run[-1].end
    entity = code_phrase(doc.text[start:end], doc.date) or Entity(doc.text[start:end])
    return Found(start, end, entity, -1)


def _parsed_mentions(doc: Document, hits: list[Hit]) -> list[Found]:
    spans = {}
    for hit in hits:
        span = doc.parse.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is not None:
            spans[hit] = span
    rooted = [(hit, range(span.start, span.end), span.root) for hit, span in spans.items()]
    inside = {i: root for _, tokens, root in rooted for i in tokens}
    covering = {i: hit for hit, tokens, _ in rooted for i in tokens}
    senses = _Senses(doc.date)
    agents = frozenset(root.i for hit, _, root in rooted if senses(hit).kind == "agent")
    groups: dict[int, list[Hit]] = {}
    for hit, _, root in rooted:
        groups.setdefault(_np_head(root, inside, agents).i, []).append(hit)
    builder = _PhraseBuilder(doc, groups, inside, covering, agents, senses)
    found: list[Found] = []
    for head_index in groups:
        found.extend(builder.mentions_at(doc.parse[head_index]))
    return [item for item in found if item.entity.code or item.entity.sector]


def _np_head(token, inside, agents: frozenset[int] = frozenset()):  # type: ignore[no-untyped-def]
    """Climb from a word to the head of its noun phrase (a hit counts as its root). An
    agent-headed possessor stays a phrase of its own: "[the Russian government]'s refusal"."""
    seen = set()
    while token.i not in seen:
        seen.add(token.i)
        root = inside.get(token.i)
        if root is not None and root.i != token.i:
            token = root
        elif token.dep_ == "poss" and token.i in agents:
            break
        elif token.dep_ in CLIMB_DEPS and token.head.i != token.i and (
            token.head.pos_ in NOUNS or token.head.i in inside
        ):
            token = token.head
        else:
            break
    return token


class _Senses:
    """The sense of each hit of one document on its date, worked out once a hit (kept by
    the hit's id, the hit beside it: no other object can take that id meanwhile)."""

    def __init__(self, date: dt.date | None) -> None:
        self.date = date
        self._known: dict[int, tuple[Hit, Entry]] = {}

    def __call__(self, hit: Hit) -> Entry:
        known = self._known.get(id(hit))
        if known is None:
            known = self._known[id(hit)] = (hit, sense(hit, self.date))
        return known[1]


class _PhraseBuilder:
    """Codes the noun phrases of one parsed document."""

    def __init__(self, doc: Document, groups, inside, covering, agents, senses: _Senses) -> None:  # type: ignore[no-untyped-def]
        self.doc = doc
        self.sense = senses  # a hit's sense on the document's date
        self.agents = agents  # root tokens of agent hits
        self.groups = groups  # phrase head token -> the hits it heads
        self.inside = inside  # token in a hit -> the hit's root token
        self.covering = covering  # token in a hit -> the hit

    def mentions_at(self, head) -> list[Found]:  # type: ignore[no-untyped-def]
        own = self.groups.get(head.i, [])
        head_hit = self.covering.get(head.i)
        owners = OWNER_PREPOSITIONS[_passes_through(head.lower_)]
        hits = self._gather(head, set(), owners)
        start = min([_first_word(head.left_edge, head).idx] + [hit.start for hit in own])
        end = _closed(self.doc.text, start, max([_phrase_end(head)] + [hit.end for hit in hits]))
        if not self._is_actor_head(head, head_hit) or "\n" in self.doc.text[start:end]:
            return self._modifier_mentions(head, own)
        if not any(self.sense(hit).code for hit in hits):
            hits = self._gather(head, set(), (*owners, "in"))
            end = max([end] + [hit.end for hit in hits])
        senses = [self.sense(hit) for hit in hits]
        head_sense = self.sense(head_hit) if head_hit else None
        entity = compose(senses, head_sense, self.doc.text[start:end])
        entity = self._with_action_sector(entity, head)
        placelike = all(s.kind in PLACE_KINDS for s in senses) and self._locative(head)
        subject = head.dep_ in ("nsubj", "nsubjpass")
        text = self.doc.text[start:end]
        return [Found(start, end, entity or Entity(text), head.i, placelike, subject)]

    def _is_actor_head(self, head, head_hit: Hit | None) -> bool:  # type: ignore[no-untyped-def]
        """A dictionary word, a pass-through word ("employees"), or a name with a title
        ("Russian President Boris Yeltsin")."""
        if head_hit is None:
            titled = head.pos_ == "PROPN" and any(
                self.sense(hit).kind == "agent" for hit in self.groups.get(head.i, []))
            return titled or _passes_through(head.lower_)
        return not (self.sense(head_hit).kind == "agent" and head.pos_ == "ADJ")

    def _modifier_mentions(self, head, own: list[Hit]) -> list[Found]:  # type: ignore[no-untyped-def]
        """The actor words of a phrase that is not itself an actor: "Azerbaijani shelling",
        "in Israeli police custody" (adjacent words make one actor), "Army jets" (an
        agent word names the forces of the weapon or unit it modifies)."""
        found = []
        action = action_nouns().get(head.lower_)
        for run in _adjacent(self.doc.text, own):
            senses = [self.sense(hit) for hit in run]
            if all(entry.kind == "agent" for entry in senses) and not action:
                continue  # "army jets" names the army; "army base" no actor
            head_sense = next((e for e in reversed(senses) if e.kind == "agent"), None)
            text = self.doc.text[run[0].start : run[-1].end]
            entity = wielding(compose(senses, head_sense, text), action)
            found.append(Found(run[0].start, run[-1].end, entity or Entity(text), -1))
        return found

    def _gather(self, head, seen: set[int], preps: tuple[str, ...]) -> list[Hit]:  # type: ignore[no-untyped-def]
        """The hits of the phrase headed by `head` and of its "of" (or "in") complements."""
        seen.add(head.i)
        hits = list(self.groups.get(head.i, []))
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            for obj in prep.children:
                inner = _np_head(obj, self.inside, self.agents)
                if obj.dep_ == "pobj" and inner.i not in seen:
                    hits.extend(self._gather(inner, seen, preps))
        if len(hits) < 2:  # nothing to sort or to drop twice (most phrases: speed)
            return hits
        return sorted(set(hits), key=lambda hit: hit.start)

    def _with_action_sector(self, entity: Entity | None, head):  # type: ignore[no-untyped-def]
        """"Azerbaijani shelling", "Russian artillery": the state word names its forces (by
        the parse, or the next word where the parse went astray); `compose.wielding` says
        which owners take the action's sector."""
        action = action_nouns().get(head.lower_)  # "Russian artillery": the weapon is the head
        if action is None and head.dep_ in ACTION_DEPS:
            action = action_nouns().get(head.head.lower_)
        if action is None and head.i + 1 < len(head.doc):
            action = action_nouns().get(head.nbor(1).lower_)
        return wielding(entity, action or self._shared_head_sector(head))

    def _shared_head_sector(self, head) -> str | None:  # type: ignore[no-untyped-def]
        """"US and British forces": the second modifier shares the noun of the first."""
        if head.dep_ != "conj" or head.head.dep_ not in CLIMB_DEPS:
            return None
        noun = _np_head(head.head, self.inside, self.agents)
        hit = self.covering.get(noun.i)
        if hit is not None and self.sense(hit).kind == "agent":
            return self.sense(hit).sector
        return action_nouns().get(noun.lower_)

    def _locative(self, head) -> bool:  # type: ignore[no-untyped-def]
        return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE


def _adjacent(text: str, hits: list[Hit]) -> list[list[Hit]]:
    """Runs of hits on consecutive tokens of one paragraph."""
    runs: list[list[Hit]] = []
    for hit in sorted(hits, key=lambda hit: hit.start):
        previous = runs[-1][-1] if runs else None
        gap = text[previous.end : hit.start] if previous else "\n"
        if previous and hit.first == previous.last + 1 and "\n" not in gap:
            runs[-1].append(hit)
        else:
            runs.append([hit])
    return runs


def _phrase_end(token) -> int:  # type: ignore[no-untyped-def]
    """Where a noun phrase ends with its "of" complements (not its relative clauses)."""
    end = token.idx + len(token)
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [obj for obj in prep.children if obj.dep_ == "pobj"]
            end = max([end] + [_phrase_end(obj) for obj in objects])
    return end


def _closed(text: str, start: int, end: int) -> int:
    """Take in the ")" of "the International Committee of the Red Cross (ICRC"."""
    opened = text.count("(", start, end) > text.count(")", start, end)
    return end + 1 if opened and text[end : end + 1] == ")" else end


def _first_word(token, head):  # type: ignore[no-untyped-def]
    """The phrase's first token that is not punctuation (“Ministry of Defense”), nor an
    adjective before a number ("left dead two farmers": a noun phrase starts at "two"), nor
    a clock time heading a live report's entry ("17:10 - Police said")."""
    while token.i < head.i and (token.is_punct or token.is_space or _before_number(token)
                                or is_clock(token)):
        token = token.nbor()
    return token


def _before_number(token) -> bool:  # type: ignore[no-untyped-def]
    return bool(token.pos_ == "ADJ" and token.nbor().like_num)


def _entries_for(word: str) -> tuple[Entry, ...]:
    return entries().get(normalise(word), ())


@lru_cache(maxsize=16384)
def _passes_through(word: str) -> bool:
    """"employees", "members": no sector of their own, they take their complement's."""
    senses = [e for e in _entries_for(word) if e.kind == "agent"]
    return bool(senses) and not any(e.sector for e in senses)


def rejoined(doc: Document, found: list[Found]) -> list[Found]:
    """"Fighters of the paramilitary Rapid Support Forces": the parse may close a phrase at
    an adjective and start another at the name after it. A mention with no code whose last
    word is an adjective, a space before a coded one, is one mention with the name's entity
    (its head and role the first's: the whole phrase is the subject)."""
    ordered = sorted(found, key=lambda item: item.start)
    joined: list[Found] = []
    for item in ordered:
        previous = joined[-1] if joined else None
        if previous is not None and splits_name(doc, previous, item):
            text = doc.text[previous.start:item.end]
            entity = replace(item.entity, text=text)
            joined[-1] = replace(previous, end=item.end, entity=entity)
        else:
            joined.append(item)
    return joined


def splits_name(doc: Document, first: Found, second: Found) -> bool:
    if first.entity.code or not second.entity.code or doc.text[first.end:second.start] != " ":
        return False
    span = doc.parse.char_span(first.start, first.end, alignment_mode="expand")
    return span is not None and span[-1].pos_ == "ADJ"


def _as_actor_mention(doc: Document, item: Found) -> ActorMention:
    sentence = doc.sentence_at(item.start)
    return ActorMention(item.start, item.end, item.entity, sentence.index if sentence else -1)
