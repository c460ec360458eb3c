"""Expressions that must not date an incident told with them, and the readings that date an
incident from another ("overnight", "since X, when", "a day after", "wounded in", "the same
day", "began on Tuesday and continued until Wednesday"), as `date_kinds.tsv` tabulates them
(stage `event_dates`); each positive row fails with its rule switched off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from flarewatch import pipeline
from flarewatch.model import Document, Event
from flarewatch.timex import governing
from tables import rows

ROWS = rows(Path(__file__).parent / "date_kinds.tsv")
POSITIVE = [row for row in ROWS if row[1] == "positive"]
SWITCHES = {
    "since": ("opens_state", lambda *_: False),
    "cutoff": ("is_cutoff", lambda *_: False),
    "saying": ("said_on_report_day", lambda *_: False),
    "coarse": ("COARSE_PRECISIONS", frozenset()),
    "last_week": ("week_just_ended", lambda *_: None),
    "possessive": ("owns_noun", lambda *_: False),
    "overnight": ("night_just_ended", lambda *_: None),
    "since_when": ("since_when", lambda *_: None),
    "offset": ("offset_before", lambda *_: None),
    "offset_ahead": ("offset_ahead", lambda *_: None),
    "offset_owned": ("dated_after_offset", lambda *_: False),
    "offset_main": ("_main_clause_day", lambda *_: None),
    "count_day": ("dates_count", lambda *_: False),
    "reference": ("is_reference", lambda *_: False),
    "wounded": ("wounded_in", lambda *_: None),
    "same_day": ("same_day_as", lambda *_: None),
    "below": ("below_clause", lambda *_: None),
    "own_days": ("own_days", lambda doc, found: found),
    "detached": ("in_detached_event_noun", lambda *_: False),
    "continued": ("continued_span", lambda *_: None),
    "comparison": ("comparison_period", lambda *_: False),
    "naming": ("naming_frame", lambda *_: False),
    "clause_offset": ("clause_offset", lambda *_: False),
    "toll_revised": ("toll_revised", lambda *_: False),
    "people": ("about_its_people", lambda *_: False),
    "befell": ("befell_subject", lambda *_: False),
    "means": ("in_means_phrase", lambda *_: False),
    "dispersing": ("dispersing", lambda *_: False),
    "toll_pair": ("toll_conjuncts", lambda *_: []),
    "conjunct": ("conjunct_day", lambda *_: False),
    "doer_clause": ("in_doer_clause", lambda *_: False),
}


def _dated(report: str, text: str, trigger: str) -> str:
    doc = pipeline.run(Document("t", text, dt.date.fromisoformat(report)), ["parse", "timexes"])
    start = text.index(trigger)
    sentence = doc.sentence_at(start)
    doc.events = [Event("ASSAULT", start, start + len(trigger), sentence.index if sentence else 0,
                        trigger, start, start + len(trigger))]
    (event,) = pipeline.run(doc, ["event_dates"]).events
    return f"{event.date}..{event.enddate}" if event.date else "-"


@pytest.mark.parametrize(("rule", "row", "report", "text", "trigger", "expected"), ROWS,
                         ids=[f"{r[0]}-{r[1]}:{r[3][:30]}" for r in ROWS])
def test_event_date(rule: str, row: str, report: str, text: str, trigger: str,
                    expected: str) -> None:
    assert _dated(report, text, trigger) == expected


@pytest.mark.parametrize(("rule", "row", "report", "text", "trigger", "expected"), POSITIVE,
                         ids=[f"{r[0]}:{r[3][:30]}" for r in POSITIVE])
def test_positive_rows_need_their_rule(rule: str, row: str, report: str, text: str,
                                       trigger: str, expected: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(governing, *SWITCHES[rule])
    assert _dated(report, text, trigger) != expected
