"""Whether an event mention tells an incident already told: a scored comparison.

Each feature of the pair (type, place, date, sides, modality, how the mention is worded,
the distance in sentences) takes a value; the weights of the values live in
`data/incidents/weights.tsv`. Mentions of different PLOVER types never join.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from flarewatch.actors.lexicon import entries as actor_entries
from flarewatch.events.arguments import arguments, fought_with
from flarewatch.events.detect import (
    DEFINITE,
    MESSAGE_TYPES,
    day_named_apart,
    is_anaphoric,
    is_definite_noun,
    match_trigger,
)
from flarewatch.events.lexicon import (
    claim_words,
    kin_modes,
    mode_cues,
    read_rows,
    reporting_verbs,
    triggers,
    victim_sectors,
    word_roles,
)
from flarewatch.events.numbers import word_value
from flarewatch.events.syntax import (
    RESULT_DEPS,
    Token,
    children,
    circumstances,
    in_perfect,
    in_sequence,
    of_objects,
    people,
    phrase_text,
    placed_apart,
    relative_subject,
    subject_of,
    tokens_with_lemma,
)
from flarewatch.geo.locate import first_conjunct, place_root
from flarewatch.geo.recognize import cue_words
from flarewatch.incidents.headings import in_heading, in_headline
from flarewatch.incidents.places import NEAR_KM, relation
from flarewatch.model import Document, Entity, Event, Size
from flarewatch.paths import DATA_DIR
from flarewatch.timex import joined_day
from flarewatch.timex.governing import befell_subject, root_of, saying_above, toll_figure
from flarewatch.timex.lexicon import words as timex_words

# A clock time or part of a day with no day: "2 a.m.", "at 14:30 GMT", "noon", "dawn".
CLOCK = re.compile(r"(?:(?:at |around |about |shortly after |before |after )?(?:\d{1,2}"
                   r"(?:[:.]\d{2}\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)(?:\s*(?:gmt|utc|local time))?"
                   r"|noon|midday|midnight|dawn|dusk|daybreak|nightfall))", re.IGNORECASE)
# One or two dead or hurt coincide by chance between the happenings of one report.
MIN_MATCHING_TOLL = 3
TOLL_KINDS = ("dead", "injured")
FACTUAL = frozenset({"asserted", "reported", "claimed", "denied"})
NON_STATE_ARMED = frozenset({"REB", "INS", "SEP", "UAF"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})  # a state's government and forces
MILE_KM = 1.609  # a statute mile in kilometres
# Tellings that name the incident again by its words (`telling`): "the attack", "the blast".
RETELLINGS = frozenset({"anaphor", "definite", "same_lemma"})
PERSONAL = frozenset({"they", "he", "she"})  # pronouns a relative clause may bind
INTERVENED = "Protest with intervention"  # the coding incidents.protests gives force on a protest


@dataclass(frozen=True)
class Weights:
    table: dict[tuple[str, str], float]
    threshold: float


def words(role: str) -> frozenset[str]:
    """The words of one role in `data/incidents/words.tsv` (outcome, territory, back, ...)."""
    return word_roles("incidents/words.tsv").get(role, frozenset())


@cache
def weights() -> Weights:
    """The weights of `data/incidents/weights.tsv`: (feature, value) -> weight."""
    table: dict[tuple[str, str], float] = {}
    path = DATA_DIR / "incidents" / "weights.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            feature, value, weight = line.split("\t")
            table[(feature, value)] = float(weight)
    return Weights(table, table.pop(("threshold", "-")))


def features(
    doc: Document, mention: Event, tellings: list[Event], incident: Event
) -> dict[str, str]:
    """The value of each feature for a mention against an incident (its merged view)."""
    return {
        "type": "same",
        "place": place_relation(doc, mention, incident),
        "date": mention_date_relation(doc, mention, incident),
        "actor": actor_relation(doc, mention, incident),
        "recipient": victims_side(mention, incident),
        "victims": victims_relation(mention.recipient, incident.recipient),
        "toll": toll_relation(mention, tellings),
        "mode": mode_relation(mention, incident),
        "act": act_relation(doc, mention, tellings, incident),
        "modality": "same" if factual(mention) == factual(incident) else "clash",
        "telling": telling(doc, mention, tellings, incident),
        "names": names_relation(doc, mention, tellings, incident),
        "marker": "new" if reprisal(doc, mention, incident) else marker(doc, mention, tellings),
        "nearby": "close" if gap(mention, tellings) <= 1 else "far",
        "bare": "bare" if bare(doc, mention) else "placed",
    }


def reprisal(doc: Document, mention: Event, incident: Event) -> bool:
    """Whether the mention is the other side's answer to the incident, told as one
    ("Hezbollah said it had fired rockets at a post facing Naqoura in retaliation for the
    attack"): told `in_reprisal`, by another side than the incident's attackers
    (`side_relation`, or the `opposed` sides of a civil conflict). Such an answer is an
    incident of its own, whatever it shares with the act it answers (a place across the
    border, the day, the pronoun that tells it)."""
    other = side_relation(mention.actor, incident.actor) == "differ" \
        or opposed(mention.actor, incident.actor)
    return other and in_reprisal(doc, mention)


def in_reprisal(doc: Document, mention: Event) -> bool:
    """Whether the mention's sentence tells an answer: a `reprisal` noun of
    `data/incidents/words.tsv` after "in" ("struck the launch positions the following day
    in response", "in retaliation for the raid"); the act answered, told inside that
    phrase ("the raid"), is no answer."""
    trigger = trigger_token(doc, mention)
    return trigger is not None and any(
        word.lemma_.lower() in words("reprisal") and word.head.lower_ == "in"
        and not word.head.is_ancestor(trigger) for word in trigger.sent)


def actor_relation(doc: Document, mention: Event, incident: Event) -> str:
    """`side_relation` of the actors; for a defender's telling (a `repelling` verb of
    `data/incidents/words.tsv`: 'troops "repelled a terrorist incursion"'), whose actor is
    the side attacked, `unknown` rather than `differ` where that side may be the
    incident's victims: the attackers are not named there."""
    found = side_relation(mention.actor, incident.actor)
    if found == "differ" and doc.trigger_lemma(mention) in words("repelling") and \
            side_relation(mention.actor, incident.recipient) != "differ":
        return "unknown"
    return found


def place_relation(doc: Document, mention: Event, incident: Event) -> str:
    """`incidents.places.relation` of the two places; for a mention told at a distance from
    its place (`distance_told`: "about 40 km west of the city"), "differ" from that place
    at `NEAR_KM` or more, else "near" at most."""
    found = relation(mention.event_loc, incident.event_loc)
    away = distance_told(doc, mention) if found in ("same", "inside") else None
    if away is None:
        return found
    return "differ" if away >= NEAR_KM else "near"


def distance_told(doc: Document, mention: Event) -> float | None:
    """"In the Maqbana district, about 40 km west of the city, a drone hit a position": the
    km of a counted unit of length (`distance_unit` cue words; a mile is 1.609 km) followed
    within three words by "of" or "from" in the trigger's sentence; None where none is."""
    trigger = trigger_token(doc, mention)
    units = cue_words("distance_unit")
    for word in trigger.sent if trigger is not None else []:
        counts = [word_value(c.text) for c in word.children if c.like_num]
        after = {w.lower_ for w in word.doc[word.i + 1:word.i + 4]}
        if word.lower_ in units and counts and counts[0] is not None and after & {"of", "from"}:
            return counts[0] * (MILE_KM if word.lower_.startswith("mile") else 1.0)
    return None


def bare(doc: Document, mention: Event) -> bool:
    """A mention with no place and no day of its own, nor a name after a locative
    preposition in its clause ("near Kenyatta Avenue", unknown to the gazetteer): nothing
    in it tells another happening apart, so it is read as a further telling of one told."""
    if mention.event_loc is not None or dated_by_itself(doc, mention):
        return False
    trigger = trigger_token(doc, mention)
    return trigger is None or not any(locative_name(word) for word in trigger.subtree)


def locative_name(word: Token) -> bool:
    """A name after a preposition that puts an event at a place (geo's `locative` cues)."""
    placed = word.dep_ == "pobj" and word.head.lower_ in cue_words("locative")
    return word.pos_ == "PROPN" and placed


def score(doc: Document, mention: Event, tellings: list[Event], incident: Event) -> float:
    """The summed weight of the features; -inf for mentions of another type, and for a
    place listed by the same words (`enumerate`): those are other incidents by definition."""
    if mention.event != incident.event or same_words(mention, tellings):
        return float("-inf")
    table = weights().table
    values = features(doc, mention, tellings, incident)
    distance = told_distance(mention, tellings, values, table) * table[("distance", "per_sentence")]
    return sum(table[(name, value)] for name, value in values.items()) + distance


def told_distance(mention: Event, tellings: list[Event], values: dict[str, str],
                  table: dict[tuple[str, str], float]) -> float:
    """The sentences between the mention and the nearest telling (`gap`), counted up to
    `distance.retold_cap` (`data/incidents/weights.tsv`, `table`) for a mention that names the
    incident again on its day ("Saturday's gun battle" sixteen sentences after "a gun
    battle on Saturday": a `RETELLINGS` telling, the same day): its words and its day
    point back at the incident however far it stands."""
    far = float(gap(mention, tellings))
    if values["date"] == "same_day" and values["telling"] in RETELLINGS:
        return min(far, table[("distance", "retold_cap")])
    return far


def same_words(mention: Event, tellings: list[Event]) -> bool:
    return any(mention.trigger_start == other.trigger_start for other in tellings)


def gap(mention: Event, tellings: list[Event]) -> int:
    """Sentences between the mention and the nearest telling of the incident."""
    return min(abs(mention.sentence - other.sentence) for other in tellings)


def marker(doc: Document, mention: Event, tellings: Sequence[Event]) -> str:
    """`new` when the mention says it is another happening ("in a separate attack", "another
    bomb struck"). Never in a headline (`in_headline`): "Second attack on the town's police
    station in less than a week" over the report counts the report's own incident among
    earlier ones, told nowhere above it; a bullet may tell two ("A separate strike ...").
    A sentence opened by a time ("Later that day, settlers raided Huwara, torched a shop
    and shot a man") sets its happening apart from those told before it, not from an
    incident (`tellings`) told in that sentence itself; one opened as other news
    ("Separately, gunmen killed two farmers in X and troops arrested five men in Y") may
    tell several."""
    span = doc.trigger_span(mention)
    if span is None or in_headline(doc, mention):
        return "none"
    trigger = span.root
    near = [word for word in trigger.subtree if word.lower_ in words("new")]
    sentence = trigger.sent
    after = opens_same_time(sentence) or opens_later(sentence)
    within = any(telling.sentence == mention.sentence for telling in tellings)
    opened = opens_apart(sentence) or between_others(trigger) or (
        after and own_act(trigger) and not within)
    added = mention.event in MESSAGE_TYPES and added_message(trigger)
    return "new" if opened or added or any(marks_event(word, trigger) for word in near) \
        else "none"


def added_message(trigger: Token) -> bool:
    """"She also called on donors to scale up funding", "It also urged the authorities to
    investigate": a demand, accusation, threat or rejection (`MESSAGE_TYPES`) told with
    "also" (`added` words) adds a message with its own content to those told; it retells
    none. (An act of violence told with "also" is often the same raid: "the gunmen also
    burned houses".)"""
    return any(word.lower_ in words("added") for word in children(trigger, "advmod"))


def between_others(trigger: Token) -> bool:
    """"Between the two drone attacks, three soldiers died": a happening placed in the time
    between others (a `span` word of `data/events/circumstances.tsv` over event nouns or
    `happening` words) is none of them."""
    spans = word_roles("events/circumstances.tsv")["span"]
    return any(match_trigger(noun) is not None or noun.lemma_.lower() in words("happening")
               for prep in children(trigger, "prep") if prep.lower_ in spans
               for noun in children(prep, "pobj"))


def opens_apart(sentence: Token) -> bool:
    """"Separately, police said ...", "Elsewhere in the region, troops ...": a sentence
    opened by an adverb of another story (`apart` words) and its phrase, up to a comma with
    no verb before it, tells another happening."""
    if sentence[0].lower_ not in words("apart"):
        return False
    stop = next((w for w in sentence[1:] if w.text == "," or w.pos_ in ("VERB", "AUX")), None)
    return stop is not None and stop.text == ","


def opens_same_time(sentence: Token) -> bool:
    """"On the same day, rebels attacked an army post", "That same night, a second ...",
    "Earlier the same evening a roadside bomb had killed ...", "Later that day, a sniper
    shot ...": a sentence opened by a phrase of the same time as what was told ("on",
    "that" or "the", then "same" and a `moment` word, then a comma, or all that after
    "earlier" or "later", where "that" and the `moment` word also do) tells another
    happening at that time;
    whether it goes on with what was told is `own_act`'s."""
    words_ = [token.lower_ for token in sentence[:6]]
    if words_[0] in ("earlier", "later"):  # "Earlier the same evening a bomb ..."
        opening = without_on(words_[1:])
        return same_time(opening[:3]) or (
            opening[:1] == ["that"] and opening[1:2] != [] and opening[1] in words("moment"))
    return "," in words_ and same_time(without_on(words_[:words_.index(",")]))


def without_on(opening: list[str]) -> list[str]:
    return opening[1:] if opening[:1] == ["on"] else opening


def same_time(opening: list[str]) -> bool:
    """"the same day", "that same night": "the" or "that", "same", a `moment` word."""
    return len(opening) == 3 and opening[0] in ("the", "that") and opening[1] == "same" \
        and opening[2] in words("moment")


def opens_later(sentence: Token) -> bool:
    """"Hours later militants attacked a post", "Two days later, a second reporter was
    detained": a sentence opened by a span of time (`interval` words, counted or not) and
    "later" tells another happening after what was told; whether it goes on with it is
    `own_act`'s."""
    opening = [token.lower_ for token in sentence[:4]]
    if "later" not in opening[1:]:
        return False
    before = opening[:opening.index("later")]
    counted = len(before) == 1 or before[0] in ("a", "an", "several", "few", "some") \
        or sentence[0].like_num
    return counted and before[-1] in words("interval")


def own_act(trigger: Token) -> bool:
    """Whether a trigger tells an act of its own after a sentence opened at the same time
    (`opens_same_time`) or later (`opens_later`): not one whose subject points back at
    what was told ("the same day, the gunmen also abducted 30 women": `points_back`), nor
    an outcome with no attacker of its own ("the same morning, three soldiers died of
    their wounds"; armed people are one: `armed_subject`)."""
    if points_back(trigger):
        return False
    return trigger.lemma_.lower() not in words("outcome") or names_attacker(trigger) \
        or armed_subject(trigger)


def armed_subject(trigger: Token) -> bool:
    """"On the same day, gunmen killed two farmers": people named by their arms (`armed`
    words, weapon words of `mode_cues.tsv` that `names_attacker` reads as no attacker), as
    the subject of an outcome, act on their own. Read only in a sentence opened at another
    time (`own_act`): "Gunmen stormed a school. Gunmen killed two teachers" retells."""
    return any(subject.lemma_.lower() in words("armed")
               for subject in children(trigger, "nsubj"))


def marks_event(word: Token, trigger: Token) -> bool:
    """"a second attack", "in a separate raid", "in a separate incident", "another bomb
    struck": the marker modifies the trigger, an event noun, a noun for any happening
    (`happening` words) or the weapon that is the trigger's subject ("a second
    soldier died" marks a victim, not another happening)."""
    weapon = word.head.dep_ in ("nsubj", "nsubjpass") and word.head.head.i == trigger.i \
        and word.head.lemma_.lower() in mode_cues()
    kind = word.head.lemma_.lower() in words("happening")  # "in a separate incident"
    event_noun = (word.head.lemma_.lower(), "NOUN") in triggers()  # "a second strike hit"
    happening = kind or event_noun or match_trigger(word.head) is not None
    noun = happening and not in_other_clause(word.head, trigger)
    return word.head.i == trigger.i or noun or weapon


def in_other_clause(word: Token, trigger: Token) -> bool:
    """Whether a verb stands between the word and the trigger that governs it: in
    "threatening an assault after launching strikes and pressing a new offensive" the new
    offensive belongs to "pressing", not to the threat."""
    head = word.head
    while head.i != trigger.i and head.head.i != head.i:
        if head.pos_ in ("VERB", "AUX"):
            return True
        head = head.head
    return False


def dated_by_itself(doc: Document, mention: Event) -> bool:
    """Whether the mention's date can keep it apart: its own (`own_date`), and not the day
    a victim of an earlier happening died (`late_death`) nor the day of the act a bare "the
    bombing" is the object of (`dated_by_verb`)."""
    return own_date(doc, mention) and not late_death(doc, mention) \
        and not dated_by_verb(doc, mention)


def mention_date_relation(doc: Document, mention: Event, incident: Event) -> str:
    """`date_relation` of a mention dated by itself (`dated_by_itself`), else `unknown`;
    `differ` for days a day apart that both are stated as days of the calendar
    (`days_stated`), not told as weekdays ("late on Sunday" ... "on Monday" may be one
    night); `unknown` for a mention dated by the saying that reports it (`dated_by_saying`)
    where the incident came at most `SAYING_LAG_DAYS` before that day (a saying tells of
    what came before it, not after)."""
    if not dated_by_itself(doc, mention):
        return "unknown"
    found = date_relation(mention, incident)
    if found in ("same_day", "overlap", "unknown"):
        return found
    if not dated_by_saying(doc, mention):
        return "differ" if found == "adjacent" and days_stated(mention, incident) else found
    lag = days_between(mention.date or "", incident.enddate or incident.date or "")
    return "unknown" if 0 <= lag <= SAYING_LAG_DAYS else found


SAYING_LAG_DAYS = 2  # a statement, a claim, a count follows what it tells within days


def days_stated(mention: Event, incident: Event) -> bool:
    """Whether both dates are days of the calendar told as such (`calendar_day`): "On 18
    August, shells landed ..." is another day than "... on 19 August"."""
    return calendar_day(mention.date_text) and calendar_day(incident.date_text)


def calendar_day(text: str | None) -> bool:
    """Whether a date's words name a day of the calendar ("18 August", "Aug. 19", "on
    March 3, 2024", "03/06/2024"): a day number beside a month's name (`timex` month
    words), or a date in figures. Two such days a day apart are two days
    (`mention_date_relation`), where "on Monday" after "late on Sunday" may be one night
    told twice (`date_relation`: adjacent)."""
    if NUMERIC_DAY.search(text or ""):
        return True
    found = DATE_WORD.findall(text or "")
    return any(word.isdigit() for word in found) and any(
        word.lower().rstrip(".") in timex_words()["months"] for word in found)


NUMERIC_DAY = re.compile(r"\b(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{4}-\d{2}-\d{2})\b")
DATE_WORD = re.compile(r"[A-Za-z]+\.?|\b\d{1,2}\b")  # a word or a day's number of a date


def dated_by_saying(doc: Document, mention: Event) -> bool:
    """"Gunmen stormed the post at dawn, the army said on Wednesday": the mention's date is
    the day of the saying that reports it (`governing.saying_above`), a day the happening
    came on or before, so too weak to keep it apart from a telling dated Tuesday."""
    trigger = trigger_token(doc, mention)
    if trigger is None:
        return False
    return any(saying_above(root, trigger) for root in date_roots(doc, mention))


def date_roots(doc: Document, mention: Event) -> list[Token]:
    """The parse roots of the time expressions the mention's date was read from: those
    whose text is in its `date_text`, in its sentence (none without a `date_text`)."""
    if mention.date_text is None:
        return []
    sentence = doc.sentences[mention.sentence] if mention.sentence < len(doc.sentences) else None
    found = [t for t in doc.timexes if t.text in mention.date_text
             and (sentence is None or sentence.start <= t.start < sentence.end)]
    return [root for t in found if (root := root_of(doc, t.start, t.end)) is not None]


def dated_by_verb(doc: Document, mention: Event) -> bool:
    """"The ELN claimed the bombing on Wednesday": a definite event noun pointing back
    (`is_anaphoric`, `named_definite`), or one claimed (`claimed_event`), takes the day of
    the verb it is told with, which is the claim's, not the bombing's; a day in its own
    phrase ("the bombing on Tuesday") is its own."""
    trigger = trigger_token(doc, mention)
    if trigger is None or mention.date_text is None:
        return False
    if not (is_anaphoric(trigger) or named_definite(doc, trigger) or claimed_event(trigger)):
        return False
    return not day_of_phrase(doc, mention, trigger)


def day_of_phrase(doc: Document, mention: Event, noun: Token) -> bool:
    """Whether the mention's day is told in the noun's own phrase, hung from it through
    nouns and prepositions only ("the bombing on Tuesday"), not in a clause inside that
    phrase ("claimed the raid in a message posted on Wednesday night": the posting's
    day)."""
    if mention.date_text is None or mention.date_text not in phrase_text(noun):
        return False
    roots = date_roots(doc, mention)
    return not roots or any(hangs_from(root, noun) for root in roots)


def hangs_from(word: Token, noun: Token) -> bool:
    """Whether `word` is under `noun` with no verb between them."""
    while word.i != noun.i:
        if word.pos_ in ("VERB", "AUX") or word.head.i == word.i:
            return False
        word = word.head
    return True


def named_definite(doc: Document, noun: Token) -> bool:
    """"over their coverage of the Djibo attack": a definite event noun whose only words of
    its own are modifiers, a place's name among them (a toponym of `doc.places`:
    `geo.locate.named_event` places the event there), points back as "the attack" does
    (`is_anaphoric`); "the Russian attack", "the attack on Djibo" and "the attack in
    Djibo on Friday" have arguments of their own."""
    if not {word.lower_ for word in children(noun, "det")} & DEFINITE:
        return False
    if any(child.dep_ not in ("det", "compound", "amod") for child in noun.children):
        return False
    named = children(noun, "compound", "amod")
    return any(place.kind == "toponym" and place.start <= word.idx < place.end
               for word in named for place in doc.places)


def claimed_event(noun: Token) -> bool:
    """"Boko Haram claimed the raid on Ngala in a video released on Monday": a definite
    event noun under a verb of claiming (`claiming` of `events/claim_words.tsv`) is dated
    by the claim. A day the parse hangs inside the noun's own phrase ("claimed the strike
    on the depot on Tuesday") still counts as the noun's (`dated_by_verb`)."""
    if not is_definite_noun(noun):
        return False
    verb = next((word for word in noun.ancestors if word.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.lemma_.lower() in claim_words("claiming")


def late_death(doc: Document, mention: Event) -> bool:
    """"three more wounded policemen died in hospital on Wednesday", "a fourth victim
    succumbed to his injuries": a death told as the late outcome of wounds (`dying` and
    `late` words of `data/incidents/words.tsv`) is dated by the death, not by the happening
    it belongs to; "gunmen killed three more villagers on Wednesday" is no such death, nor
    is "two more died when the town was shelled again on 14 June", whose moment clause
    tells the act it died of (`circumstances` holding an event trigger)."""
    trigger = trigger_token(doc, mention)
    if trigger is None or trigger.lemma_.lower() not in words("dying"):
        return False
    if any(match_trigger(clause) is not None for clause in circumstances(trigger)):
        return False
    return any(word.lemma_.lower() in words("late") for word in trigger.subtree)


def late_deaths(doc: Document, tellings: list[Event]) -> list[Event]:
    """The tellings that are deaths of the wounded (`late_death`)."""
    return [event for event in tellings if late_death(doc, event)]


def own_date(doc: Document, mention: Event) -> bool:
    """Whether the mention's date comes from words of its own sentence; a date borrowed
    from an earlier sentence is too weak to keep two tellings apart."""
    sentence = doc.sentences[mention.sentence] if mention.sentence < len(doc.sentences) else None
    if mention.date_text is None or unanchored(doc, mention.date_text):
        return False
    if sentence is None:
        return True
    return mention.date_text in doc.text[sentence.start:sentence.end]


def unanchored(doc: Document, text: str) -> bool:
    """"now", "recently", "at 2 a.m.": a time that names no day of its own takes the report's
    day by default, which is too weak to keep two tellings apart ("on Sunday, at 10 a.m."
    names one: `timex.joined_day`); so is a count's cutoff ("13 had been reported killed by
    Tuesday": `cutoff` words of `data/incidents/words.tsv`)."""
    values = [timex.value for timex in doc.timexes if timex.text == text]
    clock = CLOCK.fullmatch(text.strip()) is not None and not on_stated_day(doc, text)
    cutoff = text.split(" ", 1)[0].lower() in words("cutoff")
    return clock or cutoff or any(value.endswith("_REF") for value in values)


def on_stated_day(doc: Document, text: str) -> bool:
    """Whether the clock time `text` is joined to a day the text states (`joined_day`)."""
    return any(joined_day(doc.text, doc.timexes, index) is not None
               for index, timex in enumerate(doc.timexes) if timex.text in text)


def date_relation(first: Event, second: Event) -> str:
    if first.date is None or second.date is None:
        return "unknown"
    if first.date_precision == second.date_precision == "day" and first.date == second.date:
        return "same_day"
    first_end, second_end = first.enddate or first.date, second.enddate or second.date
    if first.date <= second_end and second.date <= first_end:
        return "overlap"
    gap = min(days_between(first.date, second_end), days_between(second.date, first_end))
    return "adjacent" if gap <= 1 else "differ"


def days_between(later: str, earlier: str) -> int:
    """Whole days from `earlier` to `later` (ISO dates of any precision, cut to the day)."""
    start, end = (dt.date.fromisoformat(full_day(value)) for value in (earlier, later))
    return abs((end - start).days)


def full_day(value: str) -> str:
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


def side_relation(first: Entity | None, second: Entity | None) -> str:
    """`same` or `differ` by country code; `unknown` where either has none, and between
    two armed groups (`armed_group`: "jihadist fighters", placed in the country, and JNIM,
    coded as an international group, may be one side told twice)."""
    if first is None or second is None or first.code is None or second.code is None:
        return "unknown"
    if first.code != second.code and armed_group(first) and armed_group(second):
        return "unknown"
    return "same" if first.code == second.code else "differ"


def armed_group(entity: Entity) -> bool:
    """A non-state armed side: of a `NON_STATE_ARMED` sector, or an international
    militarized group (CAMEO's IMG, whatever its sector: the Islamic State is IMG REL)."""
    return entity.sector in NON_STATE_ARMED or entity.code == "IMG"


def opposed(first: Entity | None, second: Entity | None) -> bool:
    """A state's forces or government (`STATE_SECTORS`) and a named armed group ("Nigerian
    air force jets" and Boko Haram, both coded NGA): the two sides of a civil conflict.
    Unidentified armed men (UAF) may be either."""
    if first is None or second is None:
        return False
    armed = [e for e in (first, second) if armed_group(e) and e.sector != "UAF"]
    return bool({first.sector, second.sector} & STATE_SECTORS) and len(armed) == 1


def victims_side(mention: Event, incident: Event) -> str:
    """`side_relation` of the victims; a toll with no known attacker of the incident's
    actor's side ("Chad's army repelled an attack ... Four Chadian soldiers were killed") is
    the defenders' loss in the fight told, not a victim another side struck."""
    relation = side_relation(mention.recipient, incident.recipient)
    own_losses = side_relation(mention.recipient, incident.actor) == "same"
    unknown_attacker = mention.actor is None or mention.actor.code is None
    return "unknown" if relation == "differ" and unknown_attacker and own_losses else relation


def names_relation(doc: Document, mention: Event, tellings: list[Event], incident: Event) -> str:
    """`shared` when the mention names a person a telling names ("Haniyeh was killed",
    "Haniyeh's assassination"): the victim or perpetrator told again; or a place the
    gazetteer lacks (`unlisted`: "stormed the village of Mucojo" ... "repelled an
    incursion at Mucojo"), which no place relation can tie. `differ` when the mention's
    own clause and that of a telling in its sentence each name a place after a locative
    word, none the same, and the incident's place does not hold the mention's ("ambushed a
    patrol at Buganda and attacked a police post at Rugombo": two places, two incidents,
    though the gazetteer knows neither, as `enumerate` splits a list of places hit)."""
    own = tying_names(doc, mention)
    told = set().union(*(tying_names(doc, other) for other in tellings))
    if own & told:
        return "shared"
    inside = relation(mention.event_loc, incident.event_loc) == "inside"
    return "differ" if not inside and clause_places_differ(doc, mention, tellings) else "none"


def clause_places_differ(doc: Document, mention: Event, tellings: list[Event]) -> bool:
    """Whether the mention's clause and a clause coordinated with it each name places
    (`clause_places`), none shared."""
    trigger = trigger_token(doc, mention)
    mine = clause_places(doc, trigger) if trigger is not None else set()
    if trigger is None or not mine:
        return False
    beside = [token for other in tellings if (token := trigger_token(doc, other)) is not None
              and linked_clauses(trigger, token)]
    theirs = [places for token in beside if (places := clause_places(doc, token))]
    return bool(theirs) and not any(places & mine for places in theirs)


def linked_clauses(first: Token, second: Token) -> bool:
    """Two verbs coordinated with each other ("ambushed ... and attacked ...")."""
    return first.i != second.i and second in first.conjuncts


def clause_places(doc: Document, trigger: Token) -> set[str]:
    """The names after a locative word that follow the trigger in its own clause (its
    subtree less the clauses coordinated with or nested in it), times left out: "at
    Buganda" in "ambushed a patrol at Buganda and attacked a post at Rugombo". A place
    told before the first verb ("In Nakuru, young men burned tyres and looted shops on
    Kenyatta Avenue") sets the scene for all the verbs, so it is not counted."""
    others = {t.i for c in trigger.children if c.dep_ in NESTED or
              (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")) for t in c.subtree}
    return {token.lower_ for token in trigger.subtree if token.i > trigger.i
            and token.i not in others and placed_name(token)
            and not covered(token, doc.timexes)}


NESTED = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"})


def placed_name(token: Token) -> bool:
    """A proper noun after a locative word, whatever kind of name the parser took it for
    (it tags villages it does not know as people or groups: "at Ngaoundaye"), but a time
    or a nationality."""
    if token.pos_ != "PROPN" or token.dep_ != "pobj" or token.ent_type_ in PLACELESS_KINDS:
        return False
    return token.head.lower_ in cue_words("locative") or led_by_locative(token)


PLACELESS_KINDS = frozenset({"DATE", "TIME", "NORP"})


def tying_names(doc: Document, event: Event) -> set[str]:
    """The lower-case names in the event's words that tie tellings: people's names
    (`person_names`) and places the gazetteer lacks (`unlisted`)."""
    if doc.parse is None:
        return set()
    span = doc.parse.char_span(event.start, event.end, alignment_mode="expand")
    return set() if span is None else person_names(span) | unlisted(doc, span)


def unlisted(doc: Document, span: Any) -> set[str]:
    """Proper nouns led by a locative word (`cue_words.tsv` `locative`, or "of" after a
    place noun: "the village of Mucojo") that name no resolved place, no time and no
    person, group or organisation: villages the gazetteer does not hold."""
    found = [token for token in span if led_by_locative(token)]
    if not found:
        return set()
    taken = [*doc.places, *doc.timexes]  # "in March", "on Wednesday"
    return {token.lower_ for token in found if not covered(token, taken)}


def covered(token: Token, spans: list[Any]) -> bool:
    """Whether the token starts inside one of `spans` (places, timexes: `start`, `end`)."""
    return any(span.start <= token.idx < span.end for span in spans)


def led_by_locative(token: Token) -> bool:
    """"at Mucojo", "the village of Mucojo" (which the parser may take for a group)."""
    prep = token.head
    if token.pos_ != "PROPN" or token.dep_ != "pobj":
        return False
    if prep.lower_ == "of" and prep.head.lower_ in cue_words("place_noun"):
        return token.ent_type_ not in NAMED_KINDS - {"ORG"}
    return prep.lower_ in cue_words("locative") and token.ent_type_ not in NAMED_KINDS


NAMED_KINDS = frozenset({"PERSON", "ORG", "NORP", "DATE", "TIME"})


def person_names(span: Any) -> set[str]:
    return {token.lower_ for token in span if token.ent_type_ == "PERSON" and token.pos_ == "PROPN"}


def victims_relation(first: Entity | None, second: Entity | None) -> str:
    """Unnamed victims by kind: rebels killed are not the civilians killed."""
    if first is None or second is None or first.code or second.code:
        return "unknown"
    if first.sector in (None, "UNK") or second.sector in (None, "UNK"):
        return "unknown"
    return "same" if first.sector == second.sector else "differ"


def toll_relation(mention: Event, tellings: list[Event]) -> str:
    """`same` when the mention states a toll (dead or injured) a telling of the incident
    stated ("killing 27 of the attackers" ... "27 terrorists were killed"), of at least
    `MIN_MATCHING_TOLL`; else `unknown` (tolls are revised, so differing ones say nothing)."""
    told = {(kind, getattr(other.size, kind)) for other in tellings for kind in TOLL_KINDS}
    stated = {(kind, getattr(mention.size, kind)) for kind in TOLL_KINDS}
    same = any(value is not None and value >= MIN_MATCHING_TOLL for _, value in stated & told)
    return "same" if same else "unknown"


def mode_relation(first: Event, second: Event) -> str:
    """`same`, `differ`, or `unknown` where either is unknown or the two are kin
    (`kin_modes`: "a drone strike" retold as "the air strike")."""
    if first.mode is None or second.mode is None:
        return "unknown"
    if first.mode != second.mode and frozenset((first.mode, second.mode)) in kin_modes():
        return "unknown"
    return "same" if first.mode == second.mode else "differ"


def act_relation(doc: Document, mention: Event, tellings: list[Event], incident: Event) -> str:
    """Ground taken against violence done: `differ` when one is a capture and the other not;
    a toll told inside a definite event noun ("troops had been killed in the final
    assault", `outcome_of_told_event`) is part of whatever that assault was, a capture too,
    and so is the taking of the very target a telling struck by the same side
    (`takes_struck_target`)."""
    if takes_ground(doc, mention) in {takes_ground(doc, other) for other in tellings}:
        return "same"  # an incident told both ways already holds either
    trigger = trigger_token(doc, mention)
    if trigger is None:
        return "differ"
    told = [trigger_token(doc, other) for other in tellings]
    taken = outcome_of_told_event(trigger) or takes_struck_target(trigger, told, mention, incident)
    return "same" if taken else "differ"


def takes_struck_target(trigger: Token, told: list[Token | None], mention: Event,
                        incident: Event) -> bool:
    """"Gunmen attacked a military post ..." then "the assailants overran the post": the
    bare definite object of a capture names what a telling struck (`same_target`), and its
    taker is not the other side ("troops recaptured the camp" is their own happening)."""
    if not same_target(trigger, told):
        return False
    sides = (mention.actor, incident.actor)
    return side_relation(*sides) != "differ" and not opposed(*sides)


def same_ground(trigger: Token, told: list[Token | None]) -> bool:
    """"Aliyev's troops captured areas around Nagorno-Karabakh" ... "the areas that Baku
    recaptured in 2020": a territory verb (`territory` words) whose object, or the noun
    its relative clause hangs from, is the noun a told territory verb took tells that
    taking again."""
    if trigger.lemma_.lower() not in words("territory"):
        return False
    taken = {noun.lemma_.lower() for token in told if token is not None
             if token.lemma_.lower() in words("territory") for noun in ground_of(token)}
    return any(noun.lemma_.lower() in taken for noun in ground_of(trigger))


def ground_of(trigger: Token) -> list[Token]:
    """What a territory verb took: its direct object, or for a relative clause whose object
    is the relative pronoun ("the areas that Baku recaptured"), the noun it hangs from."""
    objects = children(trigger, "dobj")
    if trigger.dep_ == "relcl" and all(obj.tag_ in ("WDT", "WP") for obj in objects):
        return [trigger.head]
    return objects


def takes_ground(doc: Document, event: Event) -> bool:
    """A territory verb whose object is no person nor weapon ("captured the town", not
    "tried to capture the commander" nor "seized four rifles": those are part of the raid
    told beside it)."""
    token = trigger_token(doc, event)
    if token is None or token.lemma_.lower() not in words("territory") or takes_weapons(token):
        return False
    people = victim_sectors()
    objects = children(token, "dobj")
    return not any(o.ent_type_ == "PERSON" or o.lemma_.lower() in people for o in objects)


def factual(event: Event) -> bool:
    return event.modality in FACTUAL


def telling(doc: Document, mention: Event, tellings: list[Event], incident: Event) -> str:
    """How the mention is worded: `heading` (in a headline or summary line), `anaphor` ("the
    attack"), `coordinated`, `nested` (in the clause of a telling), `definite` ("the attack
    on the bus"), `pronoun` ("it killed", "its forces had targeted the ship", "the workers
    were attacked"), `same_weapon` ("the car was detonated" after a car blew up: an
    attack), `sequel` ("then stormed the compound"; not by the other side of a civil
    conflict, `opposed`: "army helicopters then bombed the insurgents' hideouts"), `count`
    ("a third person has died" after two), `toll` ("13 were killed", no attacker of its
    own), `cause` (the attack behind an outcome just told: `causes_told_outcome`),
    `same_object` (the same event noun as object), `same_ground` (the same ground taken
    again: `same_ground`), `target` (a target told before:
    "stormed the post"),
    `quoted` (a side's own words for what it struck: 'had targeted "terrorist hideouts"'),
    `answer` (the struck side answering, no act of its own: "the jawans retaliated",
    `bare_answer`), `same_means` (an air strike retold by its means: `same_means`),
    `fight_again` (a fight word after a fight told in the sentence before or the same one:
    `fight` words), `fight_side` (an act of a side of a fight just told: `fight_side`),
    `spoils` (weapons taken, told in the sentence of an act or the next:
    `incidents.spoils`), `topic` (a verb of discussing right after a meeting told: what
    it was about), `same_lemma`, or `other`."""
    span = doc.trigger_span(mention)
    if span is None:
        return "other"
    if in_heading(doc, mention):
        return "heading"
    trigger = span.root
    told = [token for other in tellings if (token := trigger_token(doc, other)) is not None]
    if is_anaphoric(trigger) or acts_on_told_event(trigger) or outcome_of_told_event(trigger) \
            or counted_group(trigger):
        return "anaphor"
    if mention.event == "PROTEST" and (same_crowd(trigger, told) or intervened(mention)):
        return "anaphor"
    if coordinated(trigger, told):
        return "coordinated"
    if any(nested(trigger, other) or nested(other, trigger) for other in told) or \
            manner_of(trigger, told):
        return "nested"
    if is_definite_noun(trigger) and dated_same(trigger, mention, incident):
        return "anaphor"  # "Saturday's gun battle" after a gun battle told on Saturday
    if is_definite_noun(trigger) and not dated_elsewhere(trigger, mention, incident):
        return "definite"
    pointing = points_back(trigger) or told_victims(trigger, told) or told_subject(trigger, told)
    if pointing or claims_told_act(trigger, mention, incident):
        return "pronoun"
    if mention.event in TARGETED and quoted_target(trigger):
        return "quoted"  # 'the army said jets had struck "terrorist positions"'
    answer = bare_answer(trigger) or answered_fire(doc, mention, trigger)
    if answer and gap(mention, tellings) <= 1:
        return "answer"  # "Maoists opened fire on the patrol. The jawans retaliated"
    if sequel(trigger) and gap(mention, tellings) <= 1 and \
            not opposed(mention.actor, incident.actor):
        return "sequel"  # "dozens of fighters then stormed the compound"
    if counts_on(trigger, incident) or any(counts_on(other, mention) for other in told):
        return "count"  # "a fifth man was beaten", "a third person has died" (either order)
    lemma = trigger.lemma_.lower()
    outcome = lemma in words("outcome") or passive_damage(trigger)
    if outcome and bare_toll(doc, trigger, mention, tellings, incident):
        return "toll"  # a toll told on its own belongs to the incident just told
    if same_object(trigger, told):
        return "same_object"
    if same_ground(trigger, told):
        return "same_ground"  # "captured areas around the enclave" ... "areas Baku recaptured"
    if mention.event in TARGETED and attack_on_told_target(trigger, told):
        return "same_target"  # 'troops "repelled a terrorist attack" on the camp'
    if mention.event in TARGETED and known_target(doc, trigger, incident):
        # "the convoy was hit by a bomb" after "ambushed a convoy": `same_target`
        return "same_target" if same_target(trigger, told) else "target"
    if mention.event == "ASSAULT" and same_weapon(trigger, told):
        return "same_weapon"  # "the motorcycle ... was detonated" after it blew up
    if lemma in words("fight") and any(map(told_fight, told)) and gap(mention, tellings) <= 1:
        return "fight_again"  # "heavy fighting ... overnight" then "clashes erupted at 11 p.m."
    if retold_blame(mention, trigger) and gap(mention, tellings) <= 1:
        return "blamed"  # "Residents blamed the army" after the strike (incidents.blame)
    if takes_weapons(trigger) and gap(mention, tellings) <= 1:
        return "spoils"  # "Officers seized four rifles" after the arrests (incidents.spoils)
    if lemma in words("topic") and gap(mention, tellings) <= 1:
        return "topic"  # "held two days of talks" then "the ministers discussed the border"
    if mention.event in TARGETED and not outcome and gap(mention, tellings) <= 1 \
            and causes_told_outcome(trigger, told) and not struck_side(mention, incident):
        return "cause"  # "A conscript was killed." then "Enemy units opened fire on posts"
    if mention.event == "ASSAULT" and fight_side(doc, mention, tellings, incident):
        return "fight_side"  # "a gun battle between marines and gunmen" ... "shot by marines"
    if same_means(doc, mention, tellings, incident):
        return "same_means"  # "A jet dropped two bombs on a monastery" after the air strike
    return "same_lemma" if lemma in {doc.trigger_lemma(other) for other in tellings} else "other"


AIR_MODES = frozenset({"aerial", "drone"})
# Sentences an act of a side may come after the fight told (`fight_side`): a report tells
# the fight, its toll, then how it went ("were met by hitmen lobbing grenades").
FIGHT_REACH = 2
ARMED_SECTORS = NON_STATE_ARMED | {"MIL", "COP"}  # victims who fight back
SIDE_PREPOSITIONS = frozenset({"between", "with", "against"})  # the sides of a fight


def fight_side(doc: Document, mention: Event, tellings: list[Event], incident: Event) -> bool:
    """An act by a side of a fight told (a `fight` word: "a gun battle between the army and
    drug hitmen"), on fighters or on no one named, with no place or day of its own (`bare`)
    and within `FIGHT_REACH` sentences: the fight told blow by blow ("the soldiers were
    met by hitmen lobbing grenades", "gunmen trying to flee were shot dead by the
    marines"). A side is named by a word of the fight's sides (`fight_sides`). Not a
    strike from the air (`AIR_MODES`: remote violence, which ACLED codes apart from the
    armed clash), nor one on civilians ("rebels also killed nine villagers")."""
    acting = side_words(mention.actor)  # the cheap tests first: run per incident told
    if not acting or mention.mode in AIR_MODES or gap(mention, tellings) > FIGHT_REACH:
        return False
    told = [token for other in tellings if (token := trigger_token(doc, other)) is not None]
    sides = fight_sides(told, incident)
    victims = mention.recipient
    fighters = victims is None or victims.sector in ARMED_SECTORS or \
        bool(side_words(victims) & sides)
    return fighters and bool(acting & sides) and bare(doc, mention)


def fight_sides(told: list[Token], incident: Event) -> set[str]:
    """The words naming the sides of the fights told (`told_fight`): those of the
    incident's actor and recipient, and of a `SIDE_PREPOSITIONS` phrase under a fight
    ("between the army and drug hitmen", "clashed with militants"); none without a fight."""
    fights = [token for token in told if told_fight(token)]
    if not fights:
        return set()
    phrases = [word for token in fights for word in token.subtree
               if word.dep_ == "prep" and word.lower_ in SIDE_PREPOSITIONS]
    named = {w.lower_ for phrase in phrases for w in phrase.subtree if w.lower_ not in STOP_WORDS}
    return named | side_words(incident.actor) | side_words(incident.recipient)


def side_words(entity: Entity | None) -> set[str]:
    """The words naming a side, less function words (spaCy's English stop words)."""
    text = entity.text.lower() if entity is not None and entity.text else ""
    return {word for word in re.findall(r"[a-z]+", text) if word not in STOP_WORDS}


def same_means(doc: Document, mention: Event, tellings: list[Event], incident: Event) -> bool:
    """A strike from the air (`AIR_MODES`) told, with no place or day of its own (`bare`),
    in the sentence after a strike by the same means: "An air strike on a village killed
    eleven" then "A jet dropped two bombs on a monastery compound". (In the strike's own
    sentence the same means may be what it answers: "struck camps in response to drone
    attacks".) Not the struck side's answer (`answers`)."""
    if mention.mode not in AIR_MODES or mention.mode != incident.mode:
        return False
    return not answers(mention, incident) and gap(mention, tellings) == 1 and bare(doc, mention)


def answers(mention: Event, incident: Event) -> bool:
    """The mention strikes the incident's actor: the same country code (or none on both)
    and the same sector ("air defences shot down 30 rebel drones" after rebel drones struck)."""
    struck, actor = mention.recipient, incident.actor
    if struck is None or actor is None:
        return False
    return (struck.code, struck.sector) == (actor.code, actor.sector)


def retold_blame(mention: Event, trigger: Token) -> bool:
    """A blame `incidents.blame` retold as the attack it blames (no longer an ACCUSE): two
    accusations in a row are no tellings of one another. So is a claim of responsibility
    it made a telling (`incidents.blame.with_claims`)."""
    lemma = trigger.lemma_.lower()
    blaming = mention.event != "ACCUSE" and lemma in words("blaming")
    return blaming or lemma in claim_words("claiming")


def told_before(mention: Event, events: list[Event], sentences: int) -> list[Event]:
    """The events told before the mention, in its sentence or up to `sentences` before."""
    return [event for event in events if event.start < mention.start
            and 0 <= mention.sentence - event.sentence <= sentences]


def takes_weapons(trigger: Token) -> bool:
    """A `seizing` verb whose object (active or passive, or one it lists) is a `weapon`
    word: "seized four rifles", "weapons were recovered", "seized weapons and vehicles"."""
    if trigger.lemma_.lower() not in words("seizing"):
        return False
    taken = children(trigger, "dobj", "nsubjpass")
    taken += [c for t in taken for c in t.conjuncts]
    return any(t.lemma_.lower() in words("weapon") for t in taken)


def told_fight(told: Token) -> bool:
    """A telling of a fight: a `fight` word, or a toll whose subject is one ("heavy
    fighting ... killed five")."""
    subjects = children(told, "nsubj", "nsubjpass")
    return any(word.lemma_.lower() in words("fight") for word in [told, *subjects])


# Sentences a bare outcome may come after a telling of its incident ("13 were killed" after
# the bombing), and a statement of a toll may: a report gives the attack, a quote and its
# source, then the official toll. Chosen on the development sets (own-news14: a toll four
# sentences on); any bare toll so far raised wrong merges on conflict-blind2.
OUTCOME_REACH = 2
TOLL_STATEMENT_REACH = 4


def bare_toll(
    doc: Document, trigger: Token, mention: Event, tellings: list[Event], incident: Event
) -> bool:
    """An outcome with no attacker, campaign or day of its own, not told as coming after
    (`told_after`), within `OUTCOME_REACH` sentences of a telling, or within
    `TOLL_STATEMENT_REACH` when it is a figure of a statement of the toll (`toll_figure`:
    "put the toll at four dead and two wounded")."""
    reach = TOLL_STATEMENT_REACH if toll_figure(trigger) else OUTCOME_REACH
    far = gap(mention, tellings) > reach and gap_in_view(doc, mention, tellings) > reach
    if names_attacker(trigger) or in_campaign(trigger) or far or told_after(trigger):
        return False
    return not (dated_against_undated(doc, mention, incident) or set_apart(doc, mention, incident))


def gap_in_view(doc: Document, mention: Event, tellings: list[Event]) -> int:
    """`gap`, counting also the sentences before the mention that name the incident
    again by a telling's noun made definite ("Following the battle, the army seized
    rifles. Five were arrested. Three soldiers were injured."): a report that names an
    incident keeps it in view, though it tells no more of it there."""
    roots = [trigger_token(doc, telling) for telling in tellings]
    nouns = {root.lemma_.lower() for root in roots if root is not None and root.pos_ == "NOUN"}
    named = [doc.sentence_at(word.idx) for word in tokens_with_lemma(doc.parse, nouns)
             if is_definite_noun(word)]
    below = [mention.sentence - sentence.index for sentence in named
             if sentence is not None and sentence.index < mention.sentence]
    return min([gap(mention, tellings), *below])


def told_after(outcome: Token) -> bool:
    """"Later a bomb exploded at a market": an outcome told as coming after what was told
    (an `afterwards` adverb on it) is another happening's; not a death ("two officers later
    died of their wounds": `dying` words, the late outcome of the incident's wounds), nor
    an outcome whose adverb comes before a parenthesis that reports it ("Later, officials
    said, 11 people had been killed": the report came later)."""
    reports = [word.i for word in children(outcome, "parataxis")]
    after = any(not any(word.i < i for i in reports) for word in later_adverbs(outcome))
    return after and outcome.lemma_.lower() not in words("dying")


def later_adverbs(trigger: Token) -> list[Token]:
    """The trigger's `afterwards` adverbs ("later", "subsequently")."""
    return [word for word in children(trigger, "advmod") if word.lower_ in words("afterwards")]


def causes_told_outcome(trigger: Token, told: list[Token | None]) -> bool:
    """"An Armenian conscript was killed on the border" then "Azerbaijani units opened
    fire on Armenian positions", "a student was shot dead" then "an officer fired at the
    crowd": an act with an attacker of its own (`names_attacker`, or people named by their
    arms: `armed_subject`), told in the sentence after an incident told only by outcomes or
    passives that name none, tells how that incident came about; not an act told as coming
    after (`afterwards` adverbs: "officers later shot dead a man")."""
    if later_adverbs(trigger) or not told:
        return False
    if not (names_attacker(trigger) or armed_subject(trigger)):
        return False
    return all(token is not None and unattributed(token) and not summed_up(token)
               for token in told)


def summed_up(outcome: Token) -> bool:
    """"Five were killed as separatists marked the day and the army hit back with raids":
    an outcome whose sentence tells another act with its attacker may sum up several
    happenings, so no one act told after it is its cause: a verb with an attacker of its
    own, not one the outcome is told under ("the ministry said"), with a trigger in its
    phrase."""
    above = {word.i for word in outcome.ancestors} | {outcome.i}
    return any(word.i not in above and word.pos_ == "VERB" and names_attacker(word)
               and any(match_trigger(part) is not None for part in word.subtree)
               for word in outcome.sent)


def unattributed(token: Token) -> bool:
    """A passive act or an outcome told with no cause ("was killed", "was shot", "five
    killed"): no attacker, no subject ("a roadside bomb killed four" has its cause), no
    happening or campaign it is placed in ("were killed in Sunday's attacks", "in the
    offensive": `within`)."""
    passive = bool(children(token, "nsubjpass", "auxpass"))
    bare = token.lemma_.lower() in words("outcome") and not children(token, "nsubj")
    placed = in_campaign(token) or any(match_trigger(noun) is not None for noun in within(token))
    return (passive or bare) and not (names_attacker(token) or placed)


def struck_side(mention: Event, incident: Event) -> bool:
    """Whether the mention's actor is the side the incident struck (its recipient): "its
    troops shot dead two suspects" after soldiers were killed answers, not causes."""
    actor, struck = mention.actor, incident.recipient
    return actor is not None and struck is not None and actor.sector is not None \
        and (actor.code, actor.sector) == (struck.code, struck.sector)


def passive_damage(trigger: Token) -> bool:
    """"Granaries and a clinic were destroyed", "eleven lorries had been set on fire":
    property destroyed (`damage` words), told in the passive, an outcome like a toll."""
    passive = children(trigger, "nsubjpass", "auxpass")
    return bool(passive) and trigger.lemma_.lower() in words("damage")


def set_apart(doc: Document, mention: Event, incident: Event) -> bool:
    """"And on Tuesday a landmine wounded two farmers near El Tarra" after a clash in Teorama
    on Wednesday: a toll told with a day of its own other than the incident's, and a place
    other than the incident's, is the toll of its own happening."""
    apart = date_relation(mention, incident) in ("adjacent", "differ")
    other_day = own_date(doc, mention) and apart
    return other_day and relation(mention.event_loc, incident.event_loc) in ("near", "differ")


def same_object(trigger: Token, told: list[Token | None]) -> bool:
    """"warns of an unprecedented assault" ... "threatening an unprecedented assault": two
    acts whose object is the same happening, named by the same event noun, tell one act; so
    do two uses of one verb on the same object ("threatened a boycott" ... "was threatening
    a boycott")."""
    mine = objects(trigger)
    events = {head.lemma_.lower() for head in mine if match_trigger(head) is not None}
    nouns = {head.lemma_.lower() for head in mine if head.pos_ == "NOUN"}
    for other in (token for token in told if token is not None):
        theirs = {head.lemma_.lower() for head in objects(other)}
        if events & theirs or (nouns & theirs and other.lemma_ == trigger.lemma_):
            return True
    return False


TARGETED = frozenset({"ASSAULT", "COERCE"})  # types whose object is a target struck


def quoted_target(trigger: Token) -> bool:
    """'The air force said it had struck "training camps of terrorists"': a target in the
    striking side's own quoted words is that side's account of a strike already told (the
    struck side tells it as a market or a wedding), not a strike of its own."""
    doc = trigger.doc
    for noun in children(trigger, "dobj"):
        start = noun.left_edge.i
        if doc[start].is_quote or (start > 0 and doc[start - 1].is_quote):
            return True
    return False


def known_target(doc: Document, trigger: Token, incident: Event) -> bool:
    """"Gunmen stormed the post at dawn", "the base was shelled again", "fighters opened
    fire on the checkpoint": a verb whose target (`shot_at`: its object, passive subject,
    or what a shot was aimed at) is a bare definite noun (a `DEFINITE` determiner and
    nothing that tells which: no name, no phrase, no clause) strikes a target already told,
    so tells a happening already told.
    Not people ("the soldiers" may be other victims: `told_victims`) nor a name ("the
    Kalat road"); nor another target than the one the incident's place was told with
    ("the car was struck" is not the strike on "a house in Bint Jbeil", `placed_noun`)."""
    if trigger.pos_ != "VERB":
        return False
    targets = [noun for noun in shot_at(trigger) if bare_definite(noun)]
    placed = placed_noun(doc, incident) if targets else None
    return any(placed is None or noun.lemma_ == placed.lemma_ for noun in targets)


def same_target(trigger: Token, told: list[Token | None]) -> bool:
    """Whether the bare definite target of the trigger (`known_target`) is named by the
    noun a telling struck ("ambushed a Frontier Corps convoy" ... "the convoy was hit",
    "gunmen shot at the convoy")."""
    targets = {noun.lemma_.lower() for noun in shot_at(trigger) if bare_definite(noun)}
    return bool(targets & struck_nouns(told))


def struck_nouns(told: list[Token | None]) -> set[str]:
    """The lemmas of what the tellings struck (their `objects`)."""
    return {head.lemma_.lower() for token in told if token is not None for head in objects(token)}


def attack_on_told_target(trigger: Token, told: list[Token | None]) -> bool:
    """"Islamist fighters attacked an army camp in Diabaly" ... troops "repelled a complex
    terrorist attack on the Diabaly camp": a verb whose object is an event noun struck "on"
    a target a telling struck tells that happening again."""
    nouns = [noun for noun in children(trigger, "dobj", "nsubjpass")
             if match_trigger(noun) is not None]
    targets = {obj.lemma_.lower() for noun in nouns for prep in children(noun, "prep")
               if prep.lower_ == "on" for obj in children(prep, "pobj")}
    return bool(targets & struck_nouns(told))


def same_weapon(trigger: Token, told: list[Token | None]) -> bool:
    """"A motorcycle packed with explosives blew up ..." then "the motorcycle had been parked
    there since dawn and was detonated by remote control": a subject that is a bare definite
    noun (`bare_definite`: no side, no victims, nothing that tells which) naming the
    subject of a telling (the bomb, the vehicle, the drone) tells that happening again."""
    subject = subject_of(trigger)
    if subject is None or not bare_definite(subject):
        return False
    theirs = {word.lemma_.lower() for token in told if token is not None
              if (word := subject_of(token)) is not None and word.i != subject.i}
    return subject.lemma_.lower() in theirs


def placed_noun(doc: Document, incident: Event) -> Token | None:
    """The common noun the incident's place is told with ("a house in Bint Jbeil": house),
    None where the place stands alone ("struck Kharkiv")."""
    token = place_root(doc, incident.event_loc)
    while token is not None and token.dep_ == "pobj" and token.head.pos_ == "ADP":
        token = token.head.head
    return token if token is not None and token.pos_ == "NOUN" else None


def bare_definite(noun: Token) -> bool:
    """A common noun with a definite determiner and no other dependent but adjectives that
    name no one ("the main post", not "the Israeli government"), and no word for a side
    (`names_side`: "fighting the army" names who is fought, not a target told before)."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() in victim_sectors() or names_side(noun):
        return False
    deps = [child.dep_ if not child.ent_type_ else "name" for child in noun.children]
    return with_the(noun) and all(dep in ("det", "amod") for dep in deps)


def names_side(noun: Token) -> bool:
    """A sector word of the actor dictionary other than civilians ("army", "police",
    "government"; "village" stands for a place)."""
    senses = actor_entries().get(noun.lemma_.lower(), ())
    return any(sense.kind == "agent" and sense.sector != "CVL" for sense in senses)


def objects(trigger: Token) -> list[Token]:
    """The heads of a trigger's objects, direct or through a preposition of content
    ("threatened an assault", "warned of an assault", "called for a truce"); a place ("in the
    area") is no object."""
    preps = [prep for prep in children(trigger, "prep") if prep.lower_ in words("object")]
    return children(trigger, "dobj", "xcomp") + [obj for p in preps for obj in children(p, "pobj")]


def intervened(mention: Event) -> bool:
    """Force on a protest ("police fired tear gas to disperse them"), which
    `incidents.protests` retold as a PROTEST telling coded as an intervention."""
    return mention.acled is not None and mention.acled.sub_event_type == INTERVENED


def same_crowd(trigger: Token, told: list[Token]) -> bool:
    """"Hundreds of students marched ... The students set fire to two buses": what the
    people told protesting do next (a common noun, the same as a protest's subject) is the
    protest's (`incidents.protests` made it a PROTEST telling)."""
    mine = subject_of(trigger)
    if mine is None or people(mine).pos_ != "NOUN":
        return False
    theirs = {people(s).lemma_.lower() for t in told if (s := subject_of(t)) is not None}
    return people(mine).lemma_.lower() in theirs


def dated_against_undated(doc: Document, mention: Event, incident: Event) -> bool:
    """"the escort killed on Tuesday" after "explosions in the bush" told with no day and no
    victim: a toll with a day of its own may belong to another happening than one told with
    neither ("the soldier killed by a buried bomb ... died on Thursday" is its own toll)."""
    told_victims = incident.recipient is not None or incident.size != Size()
    return incident.date is None and not told_victims and own_date(doc, mention)


def coordinated(trigger: Token, told: list[Token | None]) -> bool:
    """"Gunmen stormed the village, set fire to homes and took ten hostage": verbs that
    share one subject, coordinated or as a participle, tell one raid step by step; not
    verbs that each name a place of their own ("killed one man in Nikopol and wounded two
    women in Marhanets": `syntax.placed_apart`)."""
    linked = {trigger.head.i} if trigger.dep_ in ("conj", "advcl") else set()
    linked |= {child.i for child in trigger.children if child.dep_ in ("conj", "advcl")}
    return any(other is not None and other.i in linked and other.pos_ == "VERB"
               and not placed_apart(trigger, other) for other in told)


def manner_of(trigger: Token, told: list[Token]) -> bool:
    """"bandits had attacked Kadoji village, shooting sporadically": a participle clause
    with no subject, object or agent of its own, in the sentence of a verb telling the
    incident, tells how that act was done, wherever the parse hangs it (here on the
    sentence's "received")."""
    if trigger.tag_ != "VBG" or trigger.dep_ != "advcl":
        return False
    if children(trigger, "nsubj", "nsubjpass", "dobj", "agent"):
        return False
    return any(other.pos_ == "VERB" and other.sent.start == trigger.sent.start
               and other.i != trigger.i for other in told)


def nested(inner: Token, outer: Token) -> bool:
    """"five were killed as police clashed with students protesting": a mention inside
    another's clause (`clause_of_subject` for an event noun) tells the same happening,
    unless it is told as what came before, after or in answer to it ("killed in
    retaliation for the attack"), with a day of its own ("the raid with Monday's
    bombing": `detect.day_named_apart`), or as what befell the act's subject before
    ("warriors from the clan whose members were killed hit back": `befell_subject`)."""
    if inner.i == outer.i or inner.sent.start != outer.sent.start:
        return False
    if day_named_apart(inner, outer) or befell_subject(inner, outer):
        return False
    if reported_beside(inner, outer):
        return not in_sequence(inner, outer.head)
    anchor = clause_of_subject(outer)
    if anchor.i != outer.i and apart_in_clause(inner, anchor):
        return False
    return anchor.is_ancestor(inner) and not in_sequence(inner, anchor)


def apart_in_clause(inner: Token, verb: Token) -> bool:
    """"Clashes went on near Sake as, in Beni, gunmen killed six", "the shelling stopped,
    hours before gunmen stormed a post": a clause under the verb of an event noun that
    names a place of its own, or is opened by a sequence word, tells another happening."""
    placed = any(locative_name(word) for word in inner.subtree)
    return placed or opened_by_sequence(inner, verb)


def opened_by_sequence(inner: Token, outer: Token) -> bool:
    """"stopped on Friday, hours before gunmen stormed a checkpoint": a clause between the
    two opened by a sequence word (`data/events/circumstances.tsv`) tells what came before
    or after."""
    sequence = word_roles("events/circumstances.tsv")["sequence"]
    node = inner
    while node.i != outer.i and node.head.i != node.i:
        if any(mark.lower_ in sequence for mark in children(node, "mark", "advmod")):
            return True
        node = node.head
    return False


def clause_of_subject(trigger: Token) -> Token:
    """"Fighting raged around Sake on Tuesday as shells fell on the town": an event noun
    (or gerund) that is its clause's subject tells the happening through that clause's
    verb, so what hangs under the verb is inside it unless told apart (`apart_in_clause`);
    any other trigger is its own anchor. So is the object of a verb that only carries it
    out (`support` words: "staged a raid on the village, abducting 12 people")."""
    verb = trigger.head
    subject = trigger.dep_ in ("nsubj", "nsubjpass")
    carried = trigger.dep_ == "dobj" and bool(words("support") & {verb.lemma_.lower(), verb.lower_})
    return verb if subject or carried else trigger


def reported_beside(inner: Token, outer: Token) -> bool:
    """"Four soldiers were killed when a bomb struck their vehicle, officials said": the
    parse may hang the "when" clause on the reporting verb; it still belongs to the
    report's clause."""
    speech = outer.head
    beside = outer.dep_ == "ccomp" and inner.dep_ == "advcl" and inner.head.i == speech.i
    marks = {mark.lower_ for mark in children(inner, "mark", "advmod")}
    after = bool(marks & word_roles("events/circumstances.tsv")["sequence"])  # "after it"
    return beside and not after and speech.lemma_.lower() in reporting_verbs()


def trigger_token(doc: Document, event: Event) -> Token | None:
    span = doc.trigger_span(event)
    return span.root if span is not None else None


def acts_on_told_event(trigger: Token) -> bool:
    """"repelled the assault", "the blast killed nine", "shops were destroyed by the
    explosion": a verb whose object, subject or agent is a definite event noun carries on
    the incident that noun points back at."""
    agents = [word for by in children(trigger, "agent") for word in children(by, "pobj")]
    objects = children(trigger, "dobj", "nsubj", "nsubjpass") + agents
    return any(is_anaphoric(word) and match_trigger(word) is not None for word in objects)


def outcome_of_told_event(trigger: Token) -> bool:
    """"29 were injured in the attack", "three died in the blast", "four have died since the
    blast", "50 were wounded when the explosion tore through the queue": an outcome placed
    inside, after or at the moment of a definite event noun (`data/incidents/words.tsv`,
    roles `within` and `since`) tells the result of the incident that noun points back at.
    Placed after it, the outcome must name no attacker of its own ("police shot two suspects
    after the bombing" is another happening). A verb told with its outcome ("shot dead",
    "hacked to death": `told_with_outcome`) is an outcome too."""
    if trigger.lemma_.lower() not in words("outcome") and not told_with_outcome(trigger):
        return False
    if any(told_event_noun(noun) or told_unrest(noun, trigger)
           for noun in within(trigger) + moment_events(trigger)):
        return True
    after = [noun for noun in within(trigger, "since") if told_event_noun(noun)]
    return bool(after) and not names_attacker(trigger)  # the parse of arguments, only if needed


def told_with_outcome(trigger: Token) -> bool:
    """"One driver was shot dead", "a farmer was hacked to death": a verb of violence whose
    complement is an outcome word (`outcome` of `data/incidents/words.tsv`: dead, death)."""
    results = [child for child in trigger.children if child.dep_ in RESULT_DEPS]
    results += [noun for prep in children(trigger, "prep") if prep.lower_ == "to"
                for noun in children(prep, "pobj")]
    return any(word.lemma_.lower() in words("outcome") for word in results)




def within(trigger: Token, role: str = "within") -> list[Token]:
    """The nouns an outcome is placed inside ("in the attack", "during the war"), or after
    with role `since` ("since the blast")."""
    preps = [p for p in children(trigger, "prep") if p.lower_ in words(role)]
    return [noun for prep in preps for noun in children(prep, "pobj")]


def moment_events(trigger: Token) -> list[Token]:
    """The subjects and objects of the clauses telling the outcome's moment ("when the
    explosion tore through": `events.syntax.circumstances`)."""
    clauses = circumstances(trigger)
    return [word for clause in clauses for word in children(clause, "nsubj", "nsubjpass", "dobj")]


def in_campaign(trigger: Token) -> bool:
    """"400 were killed in the offensive": a running toll of a campaign, no retelling."""
    return any(noun.lemma_.lower() in words("campaign") for noun in within(trigger))


def told_unrest(noun: Token, outcome: Token) -> bool:
    """"Nine others were injured in the violence": a definite noun of disorder (`unrest`
    words: violence, unrest, chaos) names the happening just told when the outcome is told
    as a single past fact; "200 have been killed in the violence since May" is a running
    toll (a perfect, or a "since" phrase)."""
    if noun.lemma_.lower() not in words("unrest") or in_perfect(outcome):
        return False
    return with_the(noun) and not within(outcome, "since")


def told_event_noun(noun: Token) -> bool:
    """"the attack", "the attack in Majdal Shams", "Saturday's strike": a definite event noun
    of one happening; "the war", "the offensive" (role `campaign`) span many, and their dead
    are a running toll, not this incident's."""
    if noun.pos_ not in ("NOUN", "PROPN") or match_trigger(noun) is None:
        return False
    if noun.lemma_.lower() in words("campaign"):
        return False
    return with_the(noun) or bool(children(noun, "poss"))


def dated_elsewhere(trigger: Token, mention: Event, incident: Event) -> bool:
    """"last month's attack": a noun made definite by a time of its own points at what
    happened then, not at an incident told with no such time."""
    return day_named(trigger) and date_relation(mention, incident) not in ("same_day", "overlap")


def dated_same(trigger: Token, mention: Event, incident: Event) -> bool:
    """"Saturday's attack", "this week's ambush": a noun made definite by a time of its own
    that is the incident's day or holds it (`holds_day`) points back at it as "the attack"
    does."""
    if not day_named(trigger):
        return False
    return date_relation(mention, incident) == "same_day" or holds_day(mention, incident)


def holds_day(mention: Event, incident: Event) -> bool:
    """Whether the mention is dated coarser than a day (a week, a month) in a span that
    holds the incident's day."""
    if mention.date is None or incident.date is None or incident.date_precision != "day":
        return False
    coarse = mention.date_precision not in ("day", None)
    return coarse and full_day(mention.date) <= incident.date <= (mention.enddate or "9999")


def day_named(noun: Token) -> bool:
    """Whether a time is the noun's possessive ("Saturday's", "last month's")."""
    return any(c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME") for c in noun.children)


def with_the(noun: Token) -> bool:
    """Whether a definite determiner (`detect.DEFINITE`: the, this, these...) opens the
    noun."""
    return any(child.lower_ in DEFINITE for child in children(noun, "det"))


def points_back(trigger: Token) -> bool:
    """"It killed 13", "the assailants burned homes", "the strikes set fuel tanks ablaze": a
    subject that refers to what or who was told (a pronoun, a definite attacker noun with no
    name of its own, or a definite event noun of one happening); so does a fight told in a
    phrase of time or setting of a verb whose subject is such an attacker noun
    (`setting_subject`: "the attackers fled after a gunfight"; not "the group was blamed
    for a bombing")."""
    subjects = children(trigger, "nsubj", "nsubjpass") or [s for s in [subject_of(trigger)] if s]
    if any((subject.lower_ in words("back") and not bound_by_relative(subject, trigger))
           or told_attacker(subject) or the_event(subject)
           or told_parties(subject) or one_of_counted(subject) for subject in subjects):
        return True
    setting = setting_subject(trigger)
    return setting is not None and told_attacker(setting)


def bound_by_relative(subject: Token, trigger: Token) -> bool:
    """"Four police were found in the garage who claim they had been kidnapped": a personal
    pronoun (`PERSONAL`) subject of a clause that a relative clause's verb governs (`ccomp`)
    stands for the people that relative clause hangs on, told in the same sentence, not
    for a party told before ("it" is left alone: "weapons that allow it to strike")."""
    if subject.lower_ not in PERSONAL:
        return False
    verb = first_conjunct(trigger)
    return verb.dep_ == "ccomp" and verb.head.dep_ == "relcl" and relative_subject(verb.head)


def one_of_counted(subject: Token) -> bool:
    """"One of the dead, a bus helper, was struck on the head", "one of the victims was
    shot", "one of the injured men had died": a part of people a toll counted
    (`counted_people` in its "of" phrase) points back at the incident that counted them;
    "one of the guards was shot" does not."""
    return any(counted_people(o) for o in of_objects(subject))


def counted_people(noun: Token) -> bool:
    """"the dead", "the victims", "the injured men", "the nine wounded": people named with
    "the" as a toll counts them (a `counted` word, or one modifying the noun)."""
    modifiers = children(noun, "amod", "acl")
    return with_the(noun) and any(word.lower_ in words("counted") for word in [noun, *modifiers])


def counted_group(trigger: Token) -> bool:
    """"Of the nine wounded, four were officers", "the injured men were flown to the
    capital": an outcome word naming, with "the", people a toll counted (`counted_people`:
    the trigger itself or the noun it modifies) points back at the incident that counted
    them; "nine people were wounded" tells a toll of its own."""
    if trigger.lower_ not in words("counted"):
        return False
    head = trigger.head if trigger.dep_ in ("amod", "acl") else trigger
    return counted_people(head)


def setting_subject(trigger: Token) -> Token | None:
    """The subject of the verb whose time or setting phrase ("after", "in", "during": the
    `within` and `since` words) a fight noun (`fight` words) is, else None."""
    preposition = trigger.head
    fight = trigger.pos_ == "NOUN" and trigger.lemma_.lower() in words("fight")
    if not fight or trigger.dep_ != "pobj" or preposition.head.pos_ != "VERB":
        return None
    if preposition.lower_ not in words("within") | words("since"):
        return None
    return subject_of(preposition.head)


def told_victims(trigger: Token, told: list[Token]) -> bool:
    """"Gunmen shot dead two construction workers ... The workers were attacked at their
    camp", "a patrol was ambushed ... The KKB fired on the patrol": a definite noun of
    people (`victims.tsv`) who suffer the act (`struck_words`), the same noun as those a
    telling struck, points back at them."""
    mine = [word for word in struck_words(trigger) if definite_people(word)]
    struck = {word.lemma_.lower() for other in told for word in struck_words(other)}
    return any(word.lemma_.lower() in struck for word in mine)


def struck_words(trigger: Token) -> list[Token]:
    """Who an act befell: its object or passive subject, or the object of a preposition
    that aims it ("fired on the patrol": `aimed` words); also what force at a protest is
    aimed at (`incidents.protests`)."""
    return children(trigger, "nsubjpass", "dobj") + aimed_at(trigger)


def aimed_at(trigger: Token) -> list[Token]:
    """The objects of the trigger's `aimed` prepositions ("on the patrol", "into the camp")."""
    return [obj for prep in children(trigger, "prep") if prep.lower_ in words("aimed")
            for obj in children(prep, "pobj")]


def shot_at(trigger: Token) -> list[Token]:
    """What a verb strikes: its object or passive subject, and, for a verb of shooting or
    of sending a weapon (`firing` words, its own or its object's: "fired on the patrol",
    "opened fire at the checkpoint", "shells fell on the town"), what it was aimed at; not
    a direction ("stormed a checkpoint 40 km to the west")."""
    lemmas = {trigger.lemma_.lower()} | {obj.lemma_.lower() for obj in children(trigger, "dobj")}
    if lemmas & words("firing"):
        return struck_words(trigger)
    return children(trigger, "dobj", "nsubjpass")


def told_subject(trigger: Token, told: list[Token]) -> bool:
    """"Clashes erupted on Tuesday and continued until Wednesday, killing seven", "an
    explosion ripped through the market, wounding 12": a verb whose subject, its own or
    borrowed from the clause it hangs on (`subject_of`), is the trigger of a telling says
    what that happening did."""
    if trigger.pos_ != "VERB":
        return False
    subject = subject_of(trigger)
    return subject is not None and any(subject.i == other.i for other in told)


def definite_people(noun: Token) -> bool:
    return with_the(noun) and noun.lemma_.lower() in victim_sectors()


def bare_answer(trigger: Token) -> bool:
    """"The jawans retaliated effectively", "troops returned fire": the struck side's
    answer (a `responding` verb) that tells no act of its own below it ("retaliated with
    air strikes on the border towns", "responded by shelling villages" are new acts)."""
    if trigger.lemma_.lower() not in words("responding"):
        return False
    return not any(match_trigger(word) is not None for word in trigger.subtree
                   if word.i != trigger.i and word.lemma_.lower() != "fire")


def answered_fire(doc: Document, mention: Event, trigger: Token) -> bool:
    """"Troops returned fire and killed four attackers": an act told as a conjunct of
    returning fire, with no place, day or later adverb of its own (`bare`,
    `later_adverbs`), is the struck side's answer inside the fight just told; "returned
    fire and later shelled villages across the border" is a new act."""
    head = trigger.head
    if trigger.dep_ != "conj" or head.lemma_.lower() not in words("responding"):
        return False
    fired = any(word.lemma_.lower() == "fire" for word in children(head, "dobj"))
    return fired and not later_adverbs(trigger) and bare(doc, mention)


def sequel(trigger: Token) -> bool:
    """A trigger told as the next step of what was just told (`sequel` adverbs of
    `data/incidents/words.tsv`: "then"), as what that act set off (the object of a
    `sparking` verb: "came under fire as they neared the camp, triggering a gunfight"), or
    as the fight in which the struck side answered (the "in" phrase of a `responding` verb:
    "the soldiers returned fire in a gunbattle")."""
    if any(word.lower_ in words("sequel") for word in children(trigger, "advmod")):
        return True
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "in":
        return trigger.head.head.lemma_.lower() in words("responding")
    return trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in words("sparking")


@cache
def ordinals() -> dict[str, int]:
    return {word: int(value) for word, value in read_rows("ordinals.tsv")}


def counts_on(trigger: Token, incident: Event) -> bool:
    """"A fifth man was beaten" after four were shot, "a third person has died" after two:
    victims counted on by an ordinal (`data/events/ordinals.tsv`) next to a toll of the
    incident, or to the count of one of its groups of victims of the same sector ("a
    second soldier was wounded" after "two militants and a soldier were killed"), continue
    its count, so tell the same happening. A live blog tells the third death above the
    first two: `telling` also reads a telling's ordinal against the toll of the mention
    that comes after it."""
    victims = children(trigger, "nsubjpass", "nsubj", "dobj")
    sectors = victim_sectors()
    found = [(ordinals().get(word.lower_), sectors[victim.lemma_.lower()]) for victim in victims
             if victim.lemma_.lower() in sectors for word in children(victim, "amod", "nummod")]
    tolls = {incident.size.dead, incident.size.injured}
    groups = {(group.count, group.sector) for group in incident.casualties}
    return any(value is not None and (value - 1 in tolls or (value - 1, sector) in groups)
               for value, sector in found)


def the_event(subject: Token) -> bool:
    """"The strikes set fuel tanks ablaze": an event noun of the lexicon with "the" as the
    acting subject (it need not name its target again); "our strike" is told anew."""
    event_noun = (subject.lemma_.lower(), "NOUN") in triggers()
    campaign = subject.lemma_.lower() in words("campaign")
    return subject.dep_ == "nsubj" and event_noun and not campaign and with_the(subject)


def told_attacker(noun: Token) -> bool:
    """"the assailants", "its fighters": attackers named as already known."""
    determiners = children(noun, "det") + [c for c in children(noun, "poss") if c.pos_ == "PRON"]
    definite = any(child.lower_ in DEFINITE or child.pos_ == "PRON" for child in determiners)
    named = any(child.pos_ == "PROPN" for child in noun.children)
    return definite and not named and noun.lemma_.lower() in words("attacker")


def told_parties(noun: Token) -> bool:
    """"The two sides agreed to a truce", "both parties signed": the parties of what was
    told (`parties` words, plural: "the party" is mostly a political party), named as
    already known by "the", "both" or "two"."""
    if noun.lemma_.lower() not in words("parties") or noun.tag_ != "NNS":
        return False
    marks = [child.lower_ for child in noun.children if child.dep_ in ("det", "predet", "nummod")]
    return any(mark in DEFINITE or mark in ("both", "two") for mark in marks)


def own_forces(trigger: Token) -> bool:
    """"The Houthis said their naval forces had targeted the vessel": a subject naming a
    side's forces (`force` words) by a possessive pronoun, the side's claim of its own act."""
    subject = subject_of(trigger)
    if subject is None or subject.lemma_.lower() not in words("force"):
        return False
    return any(owner.pos_ == "PRON" for owner in children(subject, "poss"))


def claims_told_act(trigger: Token, mention: Event, incident: Event) -> bool:
    """`own_forces` of a side other than the incident's victims: "its troops later shot two
    suspects" after a bomb killed soldiers is the struck side's answer, not a retelling;
    but the state whose forces did the incident tells its own strike, on its country's
    people too ("its air force had targeted hostile forces" after government aircraft
    killed civilians: `same_state`)."""
    struck = side_relation(mention.actor, incident.recipient) == "same" \
        and not same_state(mention.actor, incident.actor)
    return own_forces(trigger) and not struck


def same_state(first: Entity | None, second: Entity | None) -> bool:
    """Both the one state's government or forces (`STATE_SECTORS`): "Myanmar military
    jets bombed a village ... the junta said its air force had struck rebel positions"."""
    return first is not None and second is not None and first.code is not None \
        and first.code == second.code and {first.sector, second.sector} <= STATE_SECTORS


def names_attacker(trigger: Token) -> bool:
    """Whether an outcome word has an attacker of its own (a weapon, a `fragment` word
    ("injured by shrapnel") or a pronoun is none; a figure of a toll, "revised the toll to
    27 killed and 58 injured", has none; nor has a toll of a fight, whose other side is no
    attacker of its own: "injured in clashes with riot police" at a protest is the
    protest's, `incidents.protests`)."""
    if toll_figure(trigger):
        return False
    actor, _ = arguments(trigger)
    head = actor[0] if actor else None
    return head is not None and head.pos_ != "PRON" and head.lemma_.lower() not in harms() \
        and not fought_with(head)


@cache
def harms() -> frozenset[str]:
    """What hurts without being an attacker: weapons (`mode_cues`) and `fragment` words."""
    return frozenset(mode_cues()) | words("fragment")
