"""Incident mode of fusion: which mentions of a topic's conflict reports tell one incident.

In conflict reporting every telling of an incident ("the airstrike", "killing five", "the
attack", "the blast") in any report is one cluster (`eval/fusion/README.md`), while look-alike
incidents (the same town shelled on consecutive days, two bombings in one city in a week)
stay apart. So, per topic:

1. each mention gets the facts of its sentence (`Facts`): the days its time expressions give,
   resolved against the report's publication date (`flarewatch.timex`; a "night" word of
   `data/fusion/incident_words.tsv` widens a day by one on each side, a day after the report
   or a span of `MAX_SPAN_DAYS` or more is no incident date), its place names (spaCy
   GPE/LOC/FAC entities, `stages.parse.load_nlp`; a word named by more than half the topic's
   reports' incidents is no evidence), its words (content lemmas and names) and the kinds
   of incident its own words tell (`data/fusion/incident_kinds.tsv`);
2. within a report, mentions in order join the incident told so far unless their days or
   places or kinds disagree with it; then they join an earlier incident of the report that
   they agree with, else start a new one (`report_incidents`); a mention with no facts of
   its own ("the attack") stays with the incident told so far;
3. across reports, incidents are linked by average link over `incident_score`: the cosine of
   their words (tf-idf within the topic), a bonus for shared places and days, a penalty for
   disagreeing places, and a block (`BLOCK`) for disagreeing days or kinds (a march, the
   arrests that broke it up and the trial: `data/fusion/incident_kinds.tsv`); two incidents
   that step 2 split within one report score minus `same_report`. The weights and threshold
   are `data/fusion/incident_weights.tsv`, tuned on `eval/fusion/conflict-dev.jsonl` only.

Inputs read: each report's `topic`, `date` (publication date), `text` and mention offsets.
Never the gold `cluster`, `event`, `place`, `event_date` or `dead` fields of a mention: they
are the answers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from flarewatch.events.lexicon import word_roles
from flarewatch.fusion.agglomerate import average_link
from flarewatch.fusion.documents import cosines, tfidf
from flarewatch.fusion.mentions import Report, content_words, head_token, stem
from flarewatch.paths import DATA_DIR

WEIGHTS_FILE = DATA_DIR / "fusion" / "incident_weights.tsv"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_STOPS = frozenset({"the", "a", "an", "of", "al", "el"})
MAX_SPAN_DAYS = 7
BLOCK = -10.0  # the score of two incidents whose days disagree

Interval = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Facts:
    """What the text around a mention (or a group of them) tells of its incident."""

    days: frozenset[Interval] = frozenset()
    places: frozenset[str] = frozenset()
    words: Counter[str] = field(default_factory=Counter)
    kinds: frozenset[str] = frozenset()

    def merged(self, other: Facts) -> Facts:
        return Facts(self.days | other.days, self.places | other.places,
                     self.words + other.words, self.kinds | other.kinds)


@cache
def incident_words(role: str) -> frozenset[str]:
    return word_roles("fusion/incident_words.tsv").get(role, frozenset())


@cache
def kind_of_stem() -> dict[str, str]:
    """stem -> the kind of incident of `data/fusion/incident_kinds.tsv` it tells."""
    return {stem(word): kind for kind, words in word_roles("fusion/incident_kinds.tsv").items()
            for word in words}


def mention_kinds(doc: Any, start: int, end: int) -> frozenset[str]:
    """The kinds the words of a mention's span tell ("taken into custody": arrest)."""
    span = doc.char_span(start, end, alignment_mode="expand") or ()
    kinds = kind_of_stem()
    return frozenset(kinds[key] for token in span
                     for key in {stem(token.lemma_), stem(token.text)} if key in kinds)


@cache
def incident_weights() -> dict[str, float]:
    """`name<TAB>value` lines of `data/fusion/incident_weights.tsv`."""
    lines = WEIGHTS_FILE.read_text(encoding="utf-8").splitlines()
    return {cells[0]: float(cells[1]) for cells in (line.split("\t") for line in lines)
            if len(cells) == 2 and not cells[0].startswith("#")}


# ---- facts of a mention


def report_day(report: Report) -> dt.date | None:
    try:
        return dt.date.fromisoformat(report.date) if report.date else None
    except ValueError:
        return None


def timex_interval(timex: Any, published: dt.date | None) -> Interval | None:
    """The days a time expression gives, widened by one for a night word; None for no day,
    a span over `MAX_SPAN_DAYS` or one that starts after the report."""
    if not timex.date or not timex.enddate:
        return None
    first, last = dt.date.fromisoformat(timex.date), dt.date.fromisoformat(timex.enddate)
    if (last - first).days >= MAX_SPAN_DAYS or (published and first > published):
        return None
    if set(timex.text.lower().split()) & incident_words("night"):
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    return first, last


def report_days(report: Report, doc: Any) -> list[tuple[int, Interval]]:
    """(character offset, days) of each dated time expression of a report."""
    from flarewatch.timex import find_timexes

    published = report_day(report)
    found = []
    for timex in find_timexes(report.text, published, doc):
        span = timex_interval(timex, published)
        if span:
            found.append((timex.start, span))
    return found


def place_words(sentence: Any) -> frozenset[str]:
    return frozenset(word.lower() for entity in sentence.ents if entity.label_ in PLACE_LABELS
                     for word in entity.text.replace("-", " ").split()
                     if word[:1].isalnum() and word.lower() not in NAME_STOPS)


def mention_facts(doc: Any, days: Sequence[tuple[int, Interval]], start: int,
                  end: int) -> Facts:
    """The facts of the sentence of the mention at characters start:end."""
    head = head_token(doc, start, end)
    sentence = head.sent
    inside = frozenset(span for offset, span in days
                       if sentence.start_char <= offset < sentence.end_char)
    words = Counter(content_words(sentence) | {stem(head.lemma_)})
    return Facts(inside, place_words(sentence), words, mention_kinds(doc, start, end))


# ---- agreement of facts


def days_agree(a: frozenset[Interval], b: frozenset[Interval]) -> bool:
    return any(x[0] <= y[1] and y[0] <= x[1] for x in a for y in b)


def days_conflict(a: Facts, b: Facts) -> bool:
    return bool(a.days) and bool(b.days) and not days_agree(a.days, b.days)


def places_conflict(a: Facts, b: Facts) -> bool:
    return bool(a.places) and bool(b.places) and not a.places & b.places


def kinds_conflict(a: Facts, b: Facts) -> bool:
    return bool(a.kinds) and bool(b.kinds) and not a.kinds & b.kinds


def conflicting(a: Facts, b: Facts) -> bool:
    return days_conflict(a, b) or places_conflict(a, b) or kinds_conflict(a, b)


def agreeing(a: Facts, b: Facts) -> bool:
    """No fact disagrees and a day, a place or a kind is shared."""
    return not conflicting(a, b) and (days_agree(a.days, b.days) or bool(a.places & b.places)
                                      or bool(a.kinds & b.kinds))


# ---- incidents within a report


def joined_incident(incidents: Sequence[Facts], facts: Facts) -> int | None:
    """Which incident told so far a mention's facts join: the latest unless they disagree,
    else an earlier one they agree with; None for a new incident."""
    if not incidents:
        return None
    if not conflicting(incidents[-1], facts):
        return len(incidents) - 1
    return next((i for i, told in enumerate(incidents) if agreeing(told, facts)), None)


def report_incidents(facts: Sequence[Facts]) -> tuple[list[int], list[Facts]]:
    """The incident number of each mention of a report (in text order) and each incident's
    facts."""
    incidents: list[Facts] = []
    numbers: list[int] = []
    for mention in facts:
        index = joined_incident(incidents, mention)
        if index is None:
            incidents.append(mention)
            numbers.append(len(incidents) - 1)
        else:
            incidents[index] = incidents[index].merged(mention)
            numbers.append(index)
    return numbers, incidents


# ---- incidents across reports


def common_places(facts: Sequence[Facts], reports: int) -> frozenset[str]:
    """Place words named by more than half of a topic's reports' incidents (no evidence)."""
    counts = Counter(word for incident in facts for word in incident.places)
    return frozenset(word for word, count in counts.items() if count * 2 > reports)


def without(facts: Facts, words: frozenset[str]) -> Facts:
    return dataclasses.replace(facts, places=facts.places - words)


def incident_score(a: Facts, b: Facts, similarity: float, weights: dict[str, float]) -> float:
    """How likely two incidents of different reports are one: `BLOCK` when their days
    or kinds disagree, else the cosine of their words plus the weighted agreement of their
    facts."""
    if days_conflict(a, b) or kinds_conflict(a, b):
        return BLOCK
    return (similarity + weights["places"] * bool(a.places & b.places)
            + weights["days"] * days_agree(a.days, b.days)
            - weights["place_conflict"] * places_conflict(a, b))


def score_matrix(facts: Sequence[Facts], owners: Sequence[int],
                 weights: dict[str, float]) -> np.ndarray:
    """Scores of every two incidents of a topic; two of one report (`owners`), which its
    facts split, score minus the `same_report` weight."""
    similarity = cosines(tfidf([f.words for f in facts]))
    scores = np.zeros((len(facts), len(facts)))
    for i in range(len(facts)):
        for j in range(i + 1, len(facts)):
            scores[i, j] = scores[j, i] = -weights["same_report"] if owners[i] == owners[j] \
                else incident_score(facts[i], facts[j], similarity[i, j], weights)
    return scores


def topic_incidents(reports: Sequence[Report], docs: Sequence[Any]
                    ) -> tuple[list[list[int]], list[Facts], list[int]]:
    """The incidents of each report of a topic: per report the incident number (within the
    topic) of each mention, the facts of every incident, and the report of every incident."""
    numbers: list[list[int]] = []
    facts: list[Facts] = []
    owners: list[int] = []
    for index, (report, doc) in enumerate(zip(reports, docs, strict=True)):
        days = report_days(report, doc)
        local, incidents = report_incidents(
            [mention_facts(doc, days, start, end) for start, end in report.spans])
        numbers.append([len(facts) + n for n in local])
        facts += incidents
        owners += [index] * len(incidents)
    return numbers, facts, owners


def cluster_incidents(reports: Sequence[Report], docs: Sequence[Any]) -> list[list[int]]:
    """Cluster numbers per mention of each report of one topic (see the module docstring)."""
    numbers, facts, owners = topic_incidents(reports, docs)
    common = common_places(facts, len(reports))
    weights = incident_weights()
    matrix = score_matrix([without(f, common) for f in facts], owners, weights)
    labels = average_link(matrix, weights["threshold"])
    return [[labels[n] for n in found] for found in numbers]
