"""The events stage over a table of short sentences: which PLOVER types and modes come out."""

from __future__ import annotations

import pytest
from event_cases import parsed, table

from flarewatch.model import PLOVER_TYPES
from flarewatch.pipeline import DEFAULT_PIPELINE

CASES = table("events.tsv")
INCIDENTS = table("incidents.tsv")


def expected(cell: str) -> set[tuple[str, str | None]]:
    if cell.strip() == "-":
        return set()
    found = set()
    for item in cell.split(","):
        kind, _, mode = item.strip().partition(":")
        found.add((kind, mode or None))
    return found


@pytest.mark.parametrize(("sentence", "events"), CASES, ids=[row[0][:40] for row in CASES])
def test_types_and_modes(sentence: str, events: str) -> None:
    doc = parsed(sentence)
    got = {(event.event, event.mode) for event in doc.events}
    wanted = expected(events)
    assert {kind for kind, _ in got} == {kind for kind, _ in wanted}
    for kind, mode in wanted:
        if mode is not None:
            assert (kind, mode) in got


def test_one_event_per_mention() -> None:
    doc = parsed("Soldiers attacked the village with rockets and artillery strikes.")
    assert [event.event for event in doc.events] == ["ASSAULT"]


def test_bare_definite_noun_repeats_earlier_event() -> None:
    text = "Militants attacked a police post on Monday. The attack was condemned."
    doc = parsed(text, DEFAULT_PIPELINE)
    assert [event.event for event in doc.events].count("ASSAULT") == 1


def test_topic_words_are_not_events() -> None:
    doc = parsed("There is a threat of a new flare-up in the war.")
    assert doc.events == []


def test_evidence_span_lies_in_sentence_and_covers_trigger() -> None:
    text = "Talks ended. Rebels shelled the airport on Sunday."
    doc = parsed(text)
    (event,) = [e for e in doc.events if e.event == "ASSAULT"]
    sentence = doc.sentences[event.sentence]
    assert sentence.start <= event.start <= event.trigger_start < event.trigger_end <= event.end
    assert event.end <= sentence.end
    assert text[event.trigger_start:event.trigger_end] == "shelled"


def test_event_types_are_plover() -> None:
    doc = parsed(" ".join(row[0] for row in CASES))
    assert {event.event for event in doc.events} <= set(PLOVER_TYPES)


@pytest.mark.parametrize(("text", "kind", "count"), INCIDENTS,
                         ids=[row[0][:40] for row in INCIDENTS])
def test_incidents_are_told_once(text: str, kind: str, count: str) -> None:
    doc = parsed(text, DEFAULT_PIPELINE)
    assert [event.event for event in doc.events].count(kind) == int(count)


SPANS = table("evidence_spans.tsv")


@pytest.mark.parametrize(("sentence", "trigger", "evidence"), SPANS,
                         ids=[row[0][:40] for row in SPANS])
def test_evidence_span(sentence: str, trigger: str, evidence: str) -> None:
    doc = parsed(sentence)
    found = [doc.text[e.start:e.end] for e in doc.events
             if doc.text[e.trigger_start:e.trigger_end] == trigger]
    assert found == [evidence]


MODES = table("relative_modes.tsv")


@pytest.mark.parametrize(("sentence", "trigger", "mode"), MODES, ids=[r[0][:40] for r in MODES])
def test_relative_clause_modes(sentence: str, trigger: str, mode: str) -> None:
    doc = parsed(sentence)
    told = [e for e in doc.events if sentence[e.trigger_start:e.trigger_end] == trigger]
    assert [e.mode for e in told] == [None if mode == "-" else mode]
