"""The incident mode of fusion: facts of a mention, incidents within a report, links across."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from types import SimpleNamespace

import pytest

from flarewatch.fusion.incidents import (
    BLOCK,
    Facts,
    cluster_incidents,
    incident_score,
    incident_weights,
    mention_kinds,
    report_incidents,
    timex_interval,
)
from flarewatch.fusion.mentions import MODES, Report, cluster_reports, topic_clusterer

D = dt.date
WEIGHTS = {"places": 0.2, "days": 0.2, "place_conflict": 0.1, "threshold": 0.1}


def nlp():
    from flarewatch.stages.parse import load_nlp

    return load_nlp()


def day(text: str) -> frozenset[tuple[dt.date, dt.date]]:
    one = D.fromisoformat(text)
    return frozenset({(one, one)})


def facts(days: str = "", places: str = "", kinds: str = "", words: str = "") -> Facts:
    return Facts(day(days) if days else frozenset(), frozenset(places.split()),
                 Counter(words.split()), frozenset(kinds.split()))


# ---- the kind a mention's words tell (data/fusion/incident_kinds.tsv)


@pytest.mark.parametrize(("sentence", "mention", "kind"), [
    ("Police took twelve students into custody at the gate.", "into custody", {"arrest"}),
    ("Thousands marched to the governor's office.", "marched", {"protest"}),
    ("Gunmen opened fire on the bus.", "opened fire", {"violence"}),
    ("The judge read the verdict on Monday.", "verdict", {"trial"}),
    # traps: words that tell no kind of their own
    ("Police took twelve students to the station.", "took", set()),
    ("The men were held for an hour.", "held", set()),
    ("They moved in before noon.", "moved in", set()),
    ("The ministry published its figures.", "published", set()),
])
def test_the_kind_a_mention_tells(sentence, mention, kind):
    start = sentence.index(mention)
    assert mention_kinds(nlp()(sentence), start, start + len(mention)) == kind


# ---- the days a time expression gives, against the report's date


@pytest.mark.parametrize(("text", "first", "last", "expected"), [
    ("on Monday", "2024-02-12", "2024-02-12", ("2024-02-12", "2024-02-12")),
    ("overnight", "2024-02-12", "2024-02-12", ("2024-02-11", "2024-02-13")),  # night widens
    ("last week", "2024-02-05", "2024-02-11", ("2024-02-05", "2024-02-11")),
    # traps: no day of an incident
    ("this month", "2024-02-01", "2024-02-29", None),  # too long a span
    ("next Monday", "2024-02-19", "2024-02-19", None),  # after the report
    ("a day", None, None, None),  # a duration
])
def test_the_days_of_a_time_expression(text, first, last, expected):
    timex = SimpleNamespace(text=text, date=first, enddate=last)
    found = timex_interval(timex, D(2024, 2, 13))
    assert found == (expected and tuple(D.fromisoformat(d) for d in expected))


# ---- incidents within one report


@pytest.mark.parametrize(("mentions", "expected"), [
    ([facts("2024-02-12", "kherson"), facts()], [0, 0]),  # "the attack" joins the last told
    ([facts("2024-02-12"), facts("2024-02-12", "kherson")], [0, 0]),
    ([facts("2024-02-12", "kherson"), facts("2024-02-12", "odesa"),
      facts("", "kherson")], [0, 1, 0]),  # back to the earlier incident by its place
    ([facts("", "", "protest"), facts(), facts("", "", "protest")], [0, 0, 0]),
    # traps: facts that disagree start another incident
    ([facts("2024-02-12", "kherson"), facts("2024-02-13", "kherson")], [0, 1]),
    ([facts("2024-02-12", "odesa"), facts("2024-02-12", "izmail")], [0, 1]),
    ([facts("", "", "protest"), facts("", "", "arrest")], [0, 1]),
    ([facts("", "", "arrest"), facts("", "", "trial"), facts("", "", "arrest")], [0, 1, 0]),
])
def test_incidents_within_a_report(mentions, expected):
    assert report_incidents(mentions)[0] == expected


# ---- two incidents of different reports


@pytest.mark.parametrize(("a", "b", "linked"), [
    (facts("2024-02-12", "kherson"), facts("2024-02-12", "kherson"), True),
    (facts("2024-02-12", "kherson", "violence"), facts("", "kherson"), True),
    (facts("", "", "", "market shell"), facts("", "", "", "market shell"), True),
    # traps: look-alikes whose date, place or kind disagree
    (facts("2024-02-12", "kherson"), facts("2024-02-13", "kherson"), False),
    (facts("2024-02-12", "kherson", "", "market shell"),
     facts("2024-02-13", "kherson", "", "market shell"), False),
    (facts("", "kano", "protest"), facts("", "kano", "violence"), False),
])
def test_incidents_of_two_reports(a, b, linked):
    similarity = 1.0 if a.words and a.words == b.words else 0.0
    score = incident_score(a, b, similarity, WEIGHTS)
    assert (score >= WEIGHTS["threshold"]) == linked
    if not linked and (a.days and b.days or a.kinds and b.kinds):
        assert score == BLOCK


def test_a_conflicting_place_lowers_the_score():
    same, other = facts("", "odesa"), facts("", "izmail")
    assert incident_score(same, same, 0.3, WEIGHTS) > incident_score(same, other, 0.3, WEIGHTS)


def test_the_shipped_weights_give_every_name():
    assert set(incident_weights()) == {"places", "days", "place_conflict", "same_report",
                                       "threshold"}


# ---- one topic end to end


TEXTS = [
    ("2024-02-13", "Russian artillery shelled the market in Kherson on Monday, killing five "
                   "people. The attack destroyed twenty stalls."),
    ("2024-02-14", "A shell struck a flat in Kherson on Tuesday, killing two. It came a day "
                   "after the market was shelled."),
    ("2024-02-15", "The toll of the shelling of the Kherson market on Monday has risen to seven."),
]


def reports(*marked: tuple[str, ...]) -> list[Report]:
    found = []
    for index, ((date, text), words) in enumerate(zip(TEXTS, marked, strict=True)):
        spans = tuple((text.index(w), text.index(w) + len(w)) for w in words)
        found.append(Report(f"r{index}", "t", text, spans, date))
    return found


def test_one_topic_keeps_the_next_day_apart_and_links_the_retelling():
    given = reports(("shelled", "killing", "attack"), ("struck", "killing"), ("shelling",))
    docs = [nlp()(r.text) for r in given]
    (shelled, killing, attack), (struck, killing_b), (shelling,) = cluster_incidents(given, docs)
    assert shelled == killing == attack == shelling
    assert struck == killing_b != shelled


def test_cluster_reports_takes_a_mode_and_refuses_an_unknown_one():
    given = reports(("shelled",), ("struck",), ("shelling",))
    labels = cluster_reports(given, mode="incident")
    assert labels[0] == labels[2] != labels[1]
    assert set(MODES) == {"event", "incident"}
    with pytest.raises(ValueError, match="unknown fusion mode"):
        topic_clusterer("fact")
