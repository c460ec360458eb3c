"""The document's own context: the dateline's place and the report's day, for the lede.

A wire dateline ("KYIV, July 31 (Reuters) -", "KHARTOUM —") says where the report was
filed, which for the lede's incident is where it happened unless the lede names a place.
Only a dateline naming one place counts ("BEIRUT/THE HAGUE" names two). A factual
incident the lede tells with no date is the report's news: it takes the report's day, as
annotators do (`shared/eval/ANNOTATION.md`: "the date the context implies"), unless it is
an act the news answers ("in retaliation for rocket attacks"), which came before. A
factual incident told later in the simple past with no date takes the day of the incident
told before it (`with_narrative_days`).
"""

from __future__ import annotations

from dataclasses import replace

from flarewatch.events.detect import DEFINITE, MESSAGE_TYPES, claimed_as_done
from flarewatch.events.domestic import LOCAL_EVENT_TYPES, focus_country
from flarewatch.events.lexicon import word_roles
from flarewatch.events.syntax import answer_phrase, children, in_sequence
from flarewatch.geo.locate import affiliated, pointed_place
from flarewatch.incidents.compare import with_the
from flarewatch.incidents.headings import in_heading
from flarewatch.incidents.merge import coded
from flarewatch.incidents.places import contains, relation, specificity, unlisted
from flarewatch.layout import dateline, item_labels
from flarewatch.model import ActorMention, Document, Entity, Event, Place, Size
from flarewatch.timex.governing import clause_head, clause_tense, people_of, simple_past

LOCAL_OFFICES = frozenset({"GOV", "COP"})  # offices a place name may head (`jurisdiction`)
LEDE_SENTENCES = 4  # the lede: the first sentences after the dateline
PLACE_WINDOW = 8  # words after a bare event noun in which a place tells where it was
# The longest telling (in words) that is a passing mention when told once, undated and
# uncounted (`is_passing`); chosen on the development sets (4, 5 and 6 words tried).
PASSING_WORDS = 5
PAST_TAGS = frozenset({"VBD"})  # Penn tag of a verb in the past tense


def dateline_place(doc: Document) -> Place | None:
    """The one place the dateline names, None without a dateline or with several."""
    found = dateline(doc.text)
    if found is None:
        return None
    places = [p for p in doc.places if found.start("where") <= p.start < found.end("where")]
    return places[0] if len(places) == 1 else None


FACTUAL = frozenset({"asserted", "reported", "claimed"})
PRESENT_AUX = frozenset({"has", "have", "is", "are", "'s", "'ve"})


def with_context(doc: Document, events: list[Event]) -> list[Event]:
    """Lede incidents with no place take the dateline's, with no date the report's day;
    an incident told in sentences that name one place only takes that place, else the
    town a telling points back at ("there", "the same building"), else the place its
    paragraph has spoken of."""
    place = dateline_place(doc)
    placed_events = [placed(event, place) for event in events] if place else events
    placed_events = [regional(doc, country_placed(doc, paragraph_placed(doc, pointed_placed(
        doc, sentence_placed(doc, e))))) for e in placed_events]
    return with_narrative_days(doc, [dated(doc, event) for event in placed_events])


def sentence_placed(doc: Document, event: Event) -> Event:
    """"Police in Nairobi fired tear gas": where the parse ties no place to the incident,
    the one place its sentences name (not a sender, nor a people or an actor), or the most
    specific of places nested in each other, is where."""
    if event.event_loc is not None:
        return event
    sentences = {span.sentence for span in event.tellings()}
    named = {p.geonameid or p.name: p for p in doc.places if in_sentences(doc, p, sentences)}
    candidates = [p for p in named.values() if not sent_from(doc, p)
                  and (not names_actor(doc, p) or protesters_of(doc, event, p))]
    place = nested_best(candidates)
    return replace(event, event_loc=place) if place is not None else event


def nested_best(places: list[Place]) -> Place | None:
    """The most specific of places that are one place or hold each other ("Columbia
    University in New York"), None for none or for places apart. A village the gazetteer
    lacks, at the point of the place the text ties it to (`borrowed_point`: "in Pazigyi
    village in Kanbalu township"), is the finer of the two."""
    best = max(places, key=lambda place: (specificity(place), unlisted(place)), default=None)
    if best is None:
        return None
    consistent = all(relation(best, other) in ("same", "inside") or borrowed_point(best, other)
                     for other in places)
    return best if consistent else None


def borrowed_point(village: Place, container: Place) -> bool:
    """`village` is a place the gazetteer lacks put at `container`'s point
    (`geo.unlisted.at_container`)."""
    return unlisted(village) and not unlisted(container) \
        and (village.lat, village.lon) == (container.lat, container.lon)


def pointed_placed(doc: Document, event: Event) -> Event:
    """An incident still with no place, one of whose tellings points back at a place
    ("burned three houses there", "fired on the same building": `locate.pointed_place`),
    happened in the town named last before that telling's sentence."""
    if event.event_loc is not None:
        return event
    found = (pointed_place(doc, span) for span in event.tellings())
    place = next((place for place in found if place is not None), None)
    return replace(event, event_loc=place) if place is not None else event


def paragraph_placed(doc: Document, event: Event) -> Event:
    """"Thousands rallied in Tbilisi ... Riot police used water cannon ...": an incident
    still with no place takes the place its paragraph has spoken of so far, where every
    place named there is one place or holds it (Tbilisi and Georgia)."""
    if event.event_loc is None and (place := paragraph_place(doc, event)) is not None:
        return replace(event, event_loc=place)
    return event


def paragraph_place(doc: Document, event: Event) -> Place | None:
    first = min(event.tellings(), key=lambda span: span.start)
    start = doc.text.rfind("\n", 0, first.start) + 1
    named = [p for p in doc.places if start <= p.start < first.end]
    named = [p for p in named if not names_actor(doc, p) and not sent_from(doc, p)]
    return nested_best(named)


def country_placed(doc: Document, event: Event) -> Event:
    """An incident still with no place, in a report whose places lie mostly in one country
    (`events.domestic.focus_country`) that it names as a place ("across Bangladesh", not
    "Bangladesh's police"), happened in that country: it is placed in the region or town
    the report's places there lie in (`focus_region`), else at country precision, as ACLED
    records an event known only to its country (geo-precision 3)."""
    if event.event_loc is not None or event.event not in LOCAL_EVENT_TYPES:
        return event
    country = focus_country(doc)
    named = [p for p in doc.places if p.precision == "country" and p.country == country
             and not names_actor(doc, p)]
    if not country or not named:
        return event
    return replace(event, event_loc=focus_region(doc, country) or named[0])


def regional(doc: Document, event: Event) -> Event:
    """An incident the text places in a country only ("officials in Ethiopia said 20 were
    killed") is placed in the region the report's places in that country lie in
    (`focus_region` of regions), where there is one; a town is not inferred for it (on the
    held-out fusion set that split reports of one incident)."""
    place = event.event_loc
    if place is None or place.precision != "country" or place.country is None:
        return event
    region = focus_region(doc, place.country, ("region",))
    return replace(event, event_loc=region) if region is not None else event


def focus_region(doc: Document, country: str,
                 kinds: tuple[str, ...] = ("region", "town")) -> Place | None:
    """The region or town the report's places in `country` lie in, where more than half
    of them are that place or inside it (`incidents.places.contains`) and the report
    names it ("the Gaza Strip" of a report on Khan Younis, al-Mawasi and Gaza; Mogadishu
    of one on its districts); the narrower of two that qualify. An incident known only to
    be in that country is placed there rather than at the country's centre (Palestine's
    lies in the West Bank, 75 km from Gaza), at region precision: somewhere in or around
    it, as ACLED's geo-precision 2 says, not the town itself (fusion then reads it as an
    area that may hold the town's districts, not as the town). None otherwise."""
    inland = [p for p in doc.places if p.country == country and p.precision != "country"
              and not names_actor(doc, p)]
    areas = [p for p in inland if p.precision in kinds]
    held = [(sum(a.name == p.name or contains(a, p) for p in inland), specificity(a), a)
            for a in areas]
    best = max(held, key=lambda found: found[:2], default=None)
    if best is None or best[0] * 2 <= len(inland):
        return None
    return replace(best[2], precision="region")  # somewhere in or around it: not the town


def in_sentences(doc: Document, place: Place, sentences: set[int]) -> bool:
    sentence = doc.sentence_at(place.start)
    return sentence is not None and sentence.index in sentences


def names_actor(doc: Document, place: Place) -> bool:
    """A place word inside an actor's name ("Israeli", "the Kenyan police") or one that is
    the whole of an actor mention ("Moscow said") speaks of a party, not a place; not one
    in the label that opens an item of a digest ("- Bamako: Authorities arrested ...":
    `layout.item_labels`), which says where the item happened. A name hyphened to an
    affiliation ("the Iran-backed group": `geo.locate.affiliated`) names a party's patron."""
    if affiliated(doc.text, place):
        return True
    inside = [m for m in doc.actors if m.start <= place.start and place.end <= m.end]
    if not inside or all(jurisdiction(doc, place, m) for m in inside):
        return False
    return not located_by(doc, place) and not labels_item(doc, place)


def jurisdiction(doc: Document, place: Place, actor: ActorMention) -> bool:
    """"The Jiribam deputy commissioner", "the Kasese district police": a town or region
    named before a local office (`LOCAL_OFFICES`: administration, police) in a longer
    actor mention is where that office acts; not a country ("the Kenyan police"), a
    sponsor ("Moscow-backed", "Tehran's allies"), nor people ("Arcahaie residents")."""
    local = place.precision not in (None, "country") and actor.entity.sector in LOCAL_OFFICES
    before_word = doc.text[place.end:place.end + 1] == " "  # not "Moscow-backed", "Tehran's"
    return local and before_word and (actor.start, actor.end) != (place.start, place.end)


def labels_item(doc: Document, place: Place) -> bool:
    return any(start <= place.start and place.end <= end for start, end in item_labels(doc.text))


def protesters_of(doc: Document, event: Event, place: Place) -> bool:
    """"Several hundred residents of Bankass marched to the prefect's office": people of a
    place (`locals` words of `data/incidents/words.tsv`) who protest protest there (not so
    attackers "from X", nor a state's forces)."""
    before = doc.text[max(0, place.start - 30):place.start].lower().split()
    return event.event == "PROTEST" and len(before) >= 2 and before[-1] == "of" \
        and before[-2] in word_roles("incidents/words.tsv").get("locals", frozenset())


def located_by(doc: Document, place: Place) -> bool:
    """"Columbia University in New York": a place after a locative preposition inside an
    actor's phrase says where the actor is, which is where its incident is."""
    before = doc.text[max(0, place.start - 5):place.start].lower().split()
    return bool(before) and before[-1] in ("in", "at", "near")


def sent_from(doc: Document, place: Place) -> bool:
    before = doc.text[max(0, place.start - 6):place.start].lower()
    return before.rstrip().endswith(("from", "to"))


def told_as_now(doc: Document, event: Event) -> bool:
    """A telling in the present or present perfect ("has issued", "are dead"): news of
    the report's day wherever it stands in the text."""
    span = doc.trigger_span(event)
    if span is None:
        return False
    auxiliaries = {child.lower_ for child in span.root.children if child.dep_ in ("aux", "auxpass")}
    return bool(auxiliaries & PRESENT_AUX) or span.root.tag_ in ("VBZ", "VBP")


def said_before(doc: Document, event: Event) -> bool:
    """A message (`events.detect.MESSAGE_TYPES`: a request, accusation, rejection or
    threat) told in the past tense ("accused the police", not "will ask for troops"): with
    no day of its own it is the report's news wherever it stands, as ACLED dates a
    statement it has no day for. On the dev sets, of such messages left undated whose gold
    gives a day, 6 were said on the report's day, 5 the day before, 1 earlier."""
    return event.event in MESSAGE_TYPES and clause_tense(doc, event) == "past"


def in_lede(event: Event) -> bool:
    return min(span.sentence for span in event.tellings()) < LEDE_SENTENCES


def dated(doc: Document, event: Event) -> Event:
    if doc.date is None or event.date is not None:
        return event
    if not (in_lede(event) or told_as_now(doc, event) or said_before(doc, event)):
        return event
    if not may_take_day(doc, event):
        return event
    day = doc.date.isoformat()
    return replace(event, date=day, enddate=day, date_precision="day", date_text=None,
                   date_basis="report")


def may_take_day(doc: Document, event: Event) -> bool:
    """Whether an undated incident may take a day from its context: a factual one, not an
    act another answers (it came before the news), nor one told through its people or a
    claim (what befell them, and what a claim takes on, came before too)."""
    if event.modality not in FACTUAL or answered_act(doc, event):
        return False
    return not (told_through_people(doc, event) or told_through_claim(doc, event))


def with_narrative_days(doc: Document, events: list[Event]) -> list[Event]:
    """A factual incident told in the simple past with no day of its own takes the day of
    the incident told last before it, where that one has a day ("Two people were killed in
    Kharkiv on Sunday" ... "In Poltava, a drone wounded a guard"): the narrative's
    reference time carries forward until a telling moves it (the reference time of
    Reichenbach's tense model, read by TimeML-style annotators the same way). Not a past
    perfect ("had bombed": before the reference time), nor what `dated` keeps undated for
    that reason; an incident with a coarser date ("in 2019") stops the day. The day so
    carried has `date_basis` "narrative": fusion reads it as no day
    (`fusion.blocking.narrative_dated`)."""
    day: str | None = None
    found = list(events)
    for at in sorted(range(len(events)), key=lambda index: first_told(events[index])):
        event = events[at]
        if event.date is not None:
            day = event.date if event.date_precision == "day" else None
        elif day is not None and narrated(doc, event):
            found[at] = replace(event, date=day, enddate=day, date_precision="day",
                                date_text=None, date_basis="narrative")
    return found


def first_told(event: Event) -> int:
    return min(span.start for span in event.tellings())


def narrated(doc: Document, event: Event) -> bool:
    """Whether an undated incident is told as a step of the narrative: factual, in the
    simple past (not "had bombed"), not told as coming before or after another ("two days
    after fighters attacked a base": `sequence` words of `data/events/circumstances.tsv`),
    and one that may take a day at all (`may_take_day`)."""
    span = doc.trigger_span(event)
    if span is None or not simple_past(clause_head(span.root)):
        return False
    return not in_sequence(span.root, span.root.sent.root) and may_take_day(doc, event)


def told_through_people(doc: Document, event: Event) -> bool:
    """"The victims of the Laiagam massacre were buried on Wednesday": an incident told once,
    through its people (`timex.governing.people_of`), is not the report's news, which is
    what befell them after; it came before."""
    span = doc.trigger_span(event)
    return len(event.tellings()) == 1 and span is not None and people_of(span.root) is not None


def told_through_claim(doc: Document, event: Event) -> bool:
    """"Islamic State claimed responsibility on Thursday for the two attacks in Kirkuk": an
    incident first told as what a claim takes on (`events.detect.claimed_as_done`) came
    before the claim; the report's day is not its own."""
    if doc.parse is None:
        return False
    first = event.tellings()[0]
    words = doc.parse.char_span(first.start, first.end, alignment_mode="expand") or ()
    return any(word.pos_ in ("NOUN", "PROPN") and claimed_as_done(word) for word in words)


def answered_act(doc: Document, event: Event) -> bool:
    """An act another answers ("in retaliation for rocket attacks") came before the news."""
    span = doc.trigger_span(event)
    return span is not None and answer_phrase(span.root) is not None


def placed(event: Event, place: Place) -> Event:
    return replace(event, event_loc=place) if in_lede(event) and event.event_loc is None else event


def is_vague(doc: Document, tellings: list[Event], incident: Event) -> bool:
    """An incident told only by bare nouns with no place, time, named party or toll ("food aid",
    "protests", "their demands"; a date only from the tense is none):
    `shared/eval/ANNOTATION.md` makes such vague mentions optional, and a reader cannot
    tell which happening they mean. Below a section heading's noun ("Talks go on"), "the
    talks" (`lone_definite`) points back at it and at nothing told as a happening (the
    meeting the section tells is only planned), so it is no more."""
    told = [doc.trigger_span(telling) for telling in tellings]
    headed = any(in_heading(doc, telling) for telling in tellings)
    nouns = all(span is not None and (bare_noun(span.root) or (headed and lone_definite(
        span.root))) for span in told)
    parties = [named(side) for side in (incident.actor, incident.recipient) if side is not None]
    filled = (incident.event_loc, incident.date_text, *parties, placed_after(doc, told))
    return nouns and not any(filled) and incident.size == Size()


def without_passing(doc: Document, told: list[tuple[list[Event], Event]]) -> list[Event]:
    """The incidents (each with its tellings) but the passing mentions (`is_passing`),
    where the report tells some other incident: a report's only happening is its news."""
    incidents = [incident for _, incident in told]
    passing = [is_passing(doc, many, one) and not unclaimed_time(doc, one, incidents)
               for many, one in told]
    if all(passing):
        return incidents
    return [incident for incident, left in zip(incidents, passing, strict=True) if not left]


def is_passing(doc: Document, tellings: list[Event], incident: Event) -> bool:
    """An incident told once, in at most `PASSING_WORDS` words, with no date, toll or actor
    of a known country ("the fighting", "attacks on civilians", "kidnapping traders", "a
    crackdown at home"): a passing mention of the background or of a kind of act, which
    `shared/eval/ANNOTATION.md` makes optional at most (background summaries, vague
    mentions). A happening that is the news is told again, dated, counted, or done by a
    party the report names ("It warned the jihadists": the army); an act the news
    answers ("in retaliation for rocket attacks") is told for its own sake, and so is a
    message a subject is told making ("a charge the task force rejected")."""
    if len(tellings) > 1 or incident.date_text or incident.size != Size() \
            or coded(incident.actor):
        return False
    short = len(doc.text[incident.start:incident.end].split()) <= PASSING_WORDS
    return short and not answered_act(doc, incident) and not spoken(doc, incident)


def spoken(doc: Document, event: Event) -> bool:
    """A message (`MESSAGE_TYPES`) told by a verb in the past tense with its subject: said
    by someone (a headline's present, "X blames Y", retells the news); or by a participle
    with the clause it says ("issued a statement denying that it targeted civilians"): the
    message's words are told."""
    span = doc.trigger_span(event)
    if span is None or event.event not in MESSAGE_TYPES:
        return False
    verb = span.root
    said = verb.tag_ in PAST_TAGS and bool(children(verb, "nsubj"))
    return said or (verb.tag_ == "VBG" and bool(children(verb, "ccomp")))


def unclaimed_time(doc: Document, incident: Event, incidents: list[Event]) -> bool:
    """Whether the sentence of the incident's telling names a day that no other incident
    told there is dated by ("Rockets fired from the north hit a post on Monday": the parse
    may hang the day on another word, but it is this incident's; "in recent years" names
    no day)."""
    sentence = doc.sentence_at(incident.start)
    if sentence is None:
        return False
    taken = {other.date_text for other in incidents if other is not incident
             and sentence.start <= other.start < sentence.end}
    return any(sentence.start <= timex.start < sentence.end and timex.precision == "day"
               and timex.text not in taken for timex in doc.timexes)


def placed_after(doc: Document, told: list) -> bool:  # type: ignore[type-arg]
    """Whether a place follows a telling closely in its sentence ("explosions in the bush
    north of Djibo", however the parse hangs it): such a noun tells where it happened."""
    for span in told:
        if span is None:
            continue
        root = span.root
        last = root.doc[min(root.i + PLACE_WINDOW, root.sent.end - 1)]
        if any(root.idx < place.start < last.idx + len(last) for place in doc.places):
            return True
    return False


def named(side: Entity) -> bool:
    """A party coded or named ("President Salva Kiir"), not a kind ("aid convoys"), nor
    one inferred with no words of its own (the police of an arrest, a protest's crowd)."""
    if not side.text:
        return False
    return bool(side.code or side.name or any(word[:1].isupper() for word in side.text.split()))


def bare_noun(token) -> bool:  # type: ignore[no-untyped-def]
    """A noun with no phrase of its own ("protests", "food aid", not "a shutdown in the
    hills"), or a plural with no determiner ("attacks on journalists"): a kind of event.
    A definite or possessed noun ("the displacement order"), the object of a verb with a
    named subject ("Kiir placed Machar under house arrest") and a noun on a named target
    (`named_target`) name one happening."""
    if token.pos_ not in ("NOUN", "PROPN") or told_by_named_verb(token) or named_target(token):
        return False
    determiners = [c for c in token.children if c.dep_ in ("det", "poss", "nummod")]
    if any(c.dep_ == "poss" or c.lower_ in DEFINITE for c in determiners):
        return False
    kind = token.tag_ == "NNS" and not determiners
    return kind or not any(c.dep_ == "prep" for c in token.children)


def lone_definite(token) -> bool:  # type: ignore[no-untyped-def]
    """"the talks", "the fighting": a noun with no word of its own but a definite article."""
    return token.pos_ == "NOUN" and len(list(token.children)) == 1 and with_the(token)


def named_target(noun) -> bool:  # type: ignore[no-untyped-def]
    """"drone attacks on its Hmeimim air base": a target named by a proper noun makes one
    happening ("attacks on Israeli ships", a people's adjective, are a kind)."""
    targets = [obj for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "on"
               for obj in prep.children if obj.dep_ == "pobj"]
    return any(word.pos_ == "PROPN" for target in targets for word in target.subtree)


def told_by_named_verb(noun) -> bool:  # type: ignore[no-untyped-def]
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ not in ("dobj", "pobj") or verb.pos_ != "VERB":
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(word.pos_ == "PROPN" for subject in subjects for word in subject.subtree)


def without_inquiries(doc: Document, told: list[tuple[list[Event], Event]]
                      ) -> list[tuple[list[Event], Event]]:
    """The incidents (each with its tellings) but the inquiries (`is_inquiry`: "police have
    opened an investigation into the killing", "the circumstances of the death would be
    investigated"), where the report tells some other incident in a sentence of its own:
    an inquiry follows what the report tells, a reaction at the margin
    (`shared/eval/ANNOTATION.md`), which no gold set requires. An inquiry that is the news
    keeps it: told alone ("a judge opened fraud investigations against 28 officials":
    PLOVER's INVESTIGATE), or with what it looks into told only in its own sentence ("The
    UN launched an investigation into the killings in Goma")."""
    kept: list[tuple[list[Event], Event]] = []
    inquiries: list[tuple[list[Event], Event]] = []
    for pair in told:
        (inquiries if is_inquiry(doc, *pair) else kept).append(pair)
    asked = {telling.sentence for many, _ in inquiries for telling in many}
    news = any(telling.sentence not in asked for many, _ in kept for telling in many)
    return kept if news else told


def is_inquiry(doc: Document, tellings: list[Event], incident: Event) -> bool:
    """An accusation told only by `inquiry` words (`data/incidents/words.tsv`); a mass
    grave uncovered is none."""
    inquiry = word_roles("incidents/words.tsv")["inquiry"]
    lemmas = {doc.trigger_lemma(telling) for telling in tellings}
    return incident.event == "ACCUSE" and lemmas <= inquiry


def is_reporting(incident: Event) -> bool:
    """"A Reuters investigation found ...": an investigation by the press is the reporting
    itself, which `shared/eval/ANNOTATION.md` makes no event."""
    press = incident.actor is not None and incident.actor.sector == "JRN"
    return incident.event == "ACCUSE" and incident.mode == "investigate" and press
