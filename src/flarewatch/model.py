"""The one document model every stage reads and enriches.

A `Document` starts with its text and metadata; each pipeline stage adds one layer
(sentences, mentions, places, timexes, actors, events) and returns the document.
Offsets everywhere are Python `str` indices into `Document.text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT",
)
# The PLOVER types of violence: an attack (ASSAULT) or force short of it (COERCE).
VIOLENT_TYPES = frozenset({"ASSAULT", "COERCE"})
DATE_BASES = ("text", "report", "narrative", "saying")  # `Event.date_basis`


def told_of_act(date_text: str | None, date_basis: str | None) -> bool:
    """Whether a day is told of the act itself in words: it has a `date_text` and is not
    the day of a saying that reports the act (`date_basis` "saying"); a day taken from
    the report or the narrative has no words."""
    return bool(date_text) and date_basis != "saying"
MODALITIES = (
    "asserted", "reported", "claimed", "denied", "planned", "threatened", "hypothetical", "negated",
)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A named-entity mention (spaCy NER, corrected by gazetteer and actor rulers)."""

    text: str
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Entity:
    """An actor coded as PLOVER country + sector (contract: entity)."""

    text: str
    name: str | None = None
    code: str | None = None
    sector: str | None = None
    other_sectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorMention:
    """Where in the text an actor is named, and how it is coded."""

    start: int
    end: int
    entity: Entity
    sentence: int = -1


@dataclass(frozen=True)
class Place:
    """A resolved toponym (contract: place, plus its span in the text)."""

    text: str
    name: str
    lat: float
    lon: float
    precision: str
    geonameid: int | None = None
    country: str | None = None
    admin1: str | None = None
    start: int = -1
    end: int = -1
    feature: str | None = None
    kind: str = "toponym"  # or "demonym": "Turkish", "Russians" (contract: places)


@dataclass(frozen=True)
class Timex:
    """A TIMEX3 time expression resolved against the document date."""

    text: str
    start: int
    end: int
    type: str
    value: str
    date: str | None = None
    enddate: str | None = None
    precision: str | None = None


@dataclass(frozen=True)
class AcledType:
    event_type: str
    sub_event_type: str


@dataclass(frozen=True)
class Size:
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None


@dataclass(frozen=True)
class TextSpan:
    """One telling of an incident: a character span `[start, end)` and its sentence index."""

    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class Casualty:
    count: int
    status: str
    who: str
    sector: str | None = None


@dataclass
class Source:
    """One document's telling of a fused incident (contract: "Fused events", `sources`).

    `event_id` is the per-document event; `text_info` its evidence span in that document;
    `date` the document's publication date (ISO), `claimed_by` and `size` as that source
    gives them (claims stay per source).
    """

    doc_id: str
    event_id: str
    text_info: TextSpan
    url: str | None = None
    title: str | None = None
    date: str | None = None
    claimed_by: Entity | None = None
    size: Size = field(default_factory=Size)


@dataclass
class Event:
    """One event mention, or a fused record of one incident across documents; stages fill
    its fields in turn, and fusion (`flarewatch.fusion`) adds `sources` and `size_range`."""

    event: str
    start: int
    end: int
    sentence: int
    event_text: str
    trigger_start: int
    trigger_end: int
    mode: str | None = None
    acled: AcledType | None = None
    cameo: str | None = None
    actor: Entity | None = None
    recipient: Entity | None = None
    event_loc: Place | None = None
    date: str | None = None
    enddate: str | None = None
    date_precision: str | None = None
    date_text: str | None = None
    # What the date rests on (`DATE_BASES`): "text", the words of `date_text`; "report",
    # the report's own day taken for want of words (a present-tense telling, or
    # `flarewatch.incidents.context.dated`); "narrative", the day of the incident told
    # before it (`context.with_narrative_days`); "saying", the day of the saying that
    # reports an act told in the past perfect, on which or before which it came
    # (`timex.governing.said_of_earlier`: "said on Monday they had arrested"); None when
    # undated.
    date_basis: str | None = None
    size: Size = field(default_factory=Size)
    casualties: list[Casualty] = field(default_factory=list)
    claimed_by: Entity | None = None
    modality: str = "asserted"
    confidence: float = 0.5
    id: str = ""
    doc_id: str = ""
    # Every telling of the incident in the document, in text order (contract: `mentions`).
    # Empty until the incidents stage groups mentions; `tellings()` then falls back to the
    # principal span.
    mentions: list[TextSpan] = field(default_factory=list)
    # Fused records only: every reporting document, oldest first, and the spread of the
    # tolls where sources disagree (`{"dead": [low, high]}`); empty on per-document events.
    sources: list[Source] = field(default_factory=list)
    size_range: dict[str, list[int]] = field(default_factory=dict)

    def tellings(self) -> list[TextSpan]:
        """Every telling, the principal evidence span among them, in text order."""
        own = TextSpan(self.start, self.end, self.sentence)
        return sorted({own, *self.mentions}, key=lambda span: (span.start, span.end))


@dataclass
class Document:
    id: str
    text: str
    date: dt.date | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    language: str = "en"
    datetime: dt.datetime | None = None
    parse: Any = None  # the spaCy Doc; only the parse stage creates it
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    demonyms: list[Place] = field(default_factory=list)  # kind "demonym", never event places
    timexes: list[Timex] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # How much the document is about political violence and conflict, 0..1 (`incidents`).
    relevance: float | None = None
    # Where it was read: (file, line or None), for error lines; never stored.
    origin: tuple[str, int | None] | None = None

    def trigger_span(self, event: Event) -> Any:
        """The parse's tokens of an event's trigger (a spaCy Span), None without a parse."""
        if self.parse is None:
            return None
        return self.parse.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")

    def trigger_lemma(self, event: Event) -> str:
        """The lower-case lemma of the trigger's head word, "" without a parse."""
        span = self.trigger_span(event)
        return span.root.lemma_.lower() if span is not None else ""

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None
