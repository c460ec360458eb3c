"""The fusion-at-ingest scorer (`flarewatch.evaluation.fusion_ingest`): events mapped to gold
incidents, records per incident and pairwise precision/recall, by hand on small tables, and
once end to end on three short reports written for this test."""

from __future__ import annotations

import json

import pytest

from flarewatch.evaluation import fusion_ingest as fi

TEXT = "Gunmen attacked a bus near Tame on Sunday. Officials called for an inquiry."
# gold mentions of TEXT: "attacked" (7-15) of incident t-1
GOLD = [(7, 15, "t-1", "ASSAULT")]


def stored(event: str, trigger: tuple[int, int], spans: tuple[tuple[int, int], ...],
           doc: str = "d") -> fi.StoredEvent:
    return fi.StoredEvent("e", doc, event, trigger, spans, "f")


@pytest.mark.parametrize(("event", "expected"), [
    (stored("ASSAULT", (7, 15), ((0, 41),)), "t-1"),  # its trigger is the gold word
    (stored("COERCE", (0, 6), ((0, 41),)), "t-1"),  # one family, its clause holds the word
    (stored("REQUEST", (52, 58), ((0, 80),)), None),  # trap: a call for an inquiry
    (stored("ASSAULT", (52, 58), ((43, 80),)), None),  # trap: overlaps no gold word
])
def test_incident_of(event, expected):
    assert fi.incident_of(event, GOLD) == expected


def test_the_trigger_outvotes_the_clause():
    gold = [(0, 6, "x-1", "ASSAULT"), (10, 16, "x-2", "ASSAULT"), (20, 26, "x-2", "ASSAULT")]
    assert fi.incident_of(stored("ASSAULT", (0, 6), ((0, 30),)), gold) == "x-1"
    assert fi.incident_of(stored("ASSAULT", (40, 46), ((0, 30),)), gold) == "x-2"


def mapped(spec: str) -> list[fi.Mapped]:
    """'doc:record:incident ...' -> mapped events."""
    return [fi.Mapped(*item.split(":")) for item in spec.split()]


@pytest.mark.parametrize(("spec", "expected"), [
    # one incident, one record: perfect
    ("a:r1:i1 b:r1:i1 c:r1:i1", {"precision": 1.0, "recall": 1.0, "wrong_merge_rate": 0.0}),
    # a split: 1 of 3 true pairs together
    ("a:r1:i1 b:r1:i1 c:r2:i1", {"precision": 1.0, "recall": 0.3333, "wrong_merge_rate": 0.0}),
    # trap: a look-alike merged, 1 of 3 pairs put together is wrong
    ("a:r1:i1 b:r1:i1 c:r1:i2", {"precision": 0.3333, "recall": 1.0, "wrong_merge_rate": 0.6667}),
    # trap: nothing put together
    ("a:r1:i1 b:r2:i1", {"precision": 1.0, "recall": 0.0, "wrong_merge_rate": 0.0}),
])
def test_pair_scores(spec, expected):
    events = mapped(spec)
    scores = fi.pair_scores([(x, y) for n, x in enumerate(events) for y in events[n + 1:]])
    assert {key: scores[key] for key in expected} == expected


@pytest.mark.parametrize(("spec", "records", "joined"), [
    ("a:r1:i1 b:r1:i1", 1, 1),
    ("a:r1:i1 a:r2:i1 b:r1:i1", 2, 1),  # a within-report duplicate
    ("a:r1:i1 b:r2:i1", 2, 2),  # trap: a cross-report miss stays
    ("a:r1:i1 a:r2:i1 b:r3:i1", 3, 2),  # trap: both kinds
])
def test_records_with_and_without_within_report_duplicates(spec, records, joined):
    events = mapped(spec)
    assert len({event.fused_id for event in events}) == records
    assert fi.joined_by_document(events) == joined


@pytest.mark.parametrize(("spec", "tellings"), [
    ("a:r1:i1 a:r1:i1 b:r1:i1", "a:r1:i1 b:r1:i1"),  # a report's duplicate, joined: one telling
    ("a:r1:i1 a:r2:i1 b:r1:i1", "a:r1:i1 a:r2:i1 b:r1:i1"),  # trap: not joined, two tellings
    ("a:r1:i1 a:r1:i2", "a:r1:i1 a:r1:i2"),  # trap: two incidents merged in one record
])
def test_pairs_are_counted_over_tellings(spec, tellings):
    assert fi.tellings(mapped(spec)) == mapped(tellings)


def test_unmatched_events_stay_out_of_the_pairs():
    found = [fi.StoredEvent("e1", "d", "ASSAULT", (7, 15), ((0, 41),), "f1"),
             fi.StoredEvent("e2", "d", "REQUEST", (52, 58), ((43, 80),), "f1")]
    result = fi.score(found, {"d": GOLD})
    assert (result["mapped"], result["unmatched"], result["pairs_together"]) == (1, 1, 0)
    assert result["records_per_incident"] == 1.0


REPORTS = [  # two reports of one ambush, and a protest elsewhere; in this test's own words
    {"id": "t-a", "date": "2024-03-04", "text": "Gunmen ambushed a police patrol near the town "
     "of Tame in Arauca on Sunday, killing three officers, the police said.",
     "mentions": [("ambushed", "t-1", "ASSAULT")]},
    {"id": "t-b", "date": "2024-03-05", "text": "Three police officers died in Sunday's "
     "ambush near Tame, Colombia, the governor of Arauca said on Monday.",
     "mentions": [("ambush", "t-1", "ASSAULT")]},
    {"id": "t-c", "date": "2024-03-05", "text": "Hundreds of students marched through "
     "Bogota on Monday to demand lower fees.",
     "mentions": [("marched", "t-2", "PROTEST")]},
]


def write_reports(path) -> None:
    lines = []
    for report in REPORTS:
        mentions = []
        for word, cluster, event in report["mentions"]:
            start = report["text"].index(word)
            mentions.append({"start": start, "end": start + len(word), "text": word,
                             "cluster": cluster, "event": event})
        lines.append(json.dumps({**report, "topic": "t", "mentions": mentions}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_small_file_end_to_end(tmp_path):
    path = tmp_path / "reports.jsonl"
    write_reports(path)
    result = fi.evaluate_fusion_ingest(path)
    assert (result["reports"], result["incidents"]) == (3, 2)
    assert result["mapped"] + result["unmatched"] == result["events"]
    assert 0 < result["incidents_found"] <= 1
    assert result["records_per_incident"] >= 1
    assert "documents" not in result  # nothing per report


def test_the_diagnostic_reads_the_store_the_scorer_reads(tmp_path):
    """`fusion_misses.stored` and `stored_events` build one `ingested_store`: the same
    events with the same fused records, and a fusion row for each."""
    from flarewatch.evaluation import fusion_misses as fm

    path = tmp_path / "reports.jsonl"
    write_reports(path)
    docs = fi.extracted(path)
    found, rows = fm.stored(docs)
    assert found == fi.stored_events(docs)
    assert sorted(member.id for member in rows) == [event.id for event in found]
    assert fm.batch_differences(rows) == 0
