"""The Atom feed of alerts, read back by feedparser: valid, one entry per alert, escaped."""

from __future__ import annotations

import time
from typing import Any

import feedparser
import pytest
from lxml import etree

from flarewatch.watch.feed import atom_feed

FEED_URL = "https://watch.example/alerts.atom"
SITE_URL = "https://watch.example/"
ATOM = "{http://www.w3.org/2005/Atom}"


def alert(alert_id: str, updated_at: str, summary: str = "Sahel: 7 events", **extra: Any) -> dict:
    return {
        "id": alert_id, "status": "open", "summary": summary,
        "series": {"level": "admin1", "key": "BFA/Sahel", "label": "Burkina Faso, Sahel"},
        "measure": "events", "onset_week": "2024-03-04", "last_alarm_week": "2024-03-11",
        "closed_week": None, "observed": 7, "expected": 0.6, "threshold": 2.9, "score": 6.1,
        "sources": [{"doc_id": "sample-101", "url": "https://news.example/a?x=1&y=2",
                     "title": "Gunmen attack", "source": "Example News"}],
        "opened_at": "2026-11-29T08:00:00+00:00", "updated_at": updated_at, **extra,
    }


ALERTS = [
    alert("alert-aaa111", "2026-11-30T19:10:00+00:00", "Sahel: 7 events"),
    alert("alert-bbb222", "2026-12-01T06:00:00+01:00", "Nord: 3 deaths"),  # 05:00Z, latest
    alert("alert-ccc333", "2026-11-28T12:00:00", "Est: 4 events"),  # no offset: UTC
]


def parsed(alerts: list[dict]) -> Any:
    result = feedparser.parse(atom_feed(alerts, feed_url=FEED_URL, site_url=SITE_URL))
    assert not result.bozo, result.get("bozo_exception")
    return result


def test_entries_read_back_newest_first() -> None:
    result = parsed(ALERTS)
    assert result.version == "atom10"
    assert [entry.id for entry in result.entries] == [
        "tag:flarewatch,2026:alert-bbb222", "tag:flarewatch,2026:alert-aaa111",
        "tag:flarewatch,2026:alert-ccc333"]
    assert [entry.title for entry in result.entries] == [
        "Nord: 3 deaths", "Sahel: 7 events", "Est: 4 events"]
    assert result.entries[0].link == SITE_URL + "#alert=alert-bbb222"
    assert time.strftime("%Y-%m-%dT%H:%M", result.feed.updated_parsed) == "2026-12-01T05:00"


@pytest.mark.parametrize(
    ("index", "updated", "published"),
    [(0, "2026-12-01T05:00", "2026-11-29T08:00"), (2, "2026-11-28T12:00", "2026-11-29T08:00")],
)
def test_entry_times_are_utc(index: int, updated: str, published: str) -> None:
    entry = parsed(ALERTS).entries[index]
    assert time.strftime("%Y-%m-%dT%H:%M", entry.updated_parsed) == updated
    assert time.strftime("%Y-%m-%dT%H:%M", entry.published_parsed) == published


@pytest.mark.parametrize(
    "line",
    ["Status: open", "Observed: 7, expected: 0.60, threshold: 2.90, score: 6.10",
     "Onset week: 2024-03-04, last alarm week: 2024-03-11, closed week: -",
     "- Gunmen attack (Example News) https://news.example/a?x=1&y=2"],
)
def test_entry_content_is_plain_text(line: str) -> None:
    content = parsed(ALERTS).entries[0].content[0]
    assert content.type == "text/plain"
    assert line in content.value.splitlines()


def test_entry_id_is_stable_across_updates() -> None:
    first = parsed([alert("alert-aaa111", "2026-11-30T19:10:00+00:00")]).entries[0]
    later = parsed([alert("alert-aaa111", "2026-12-07T19:10:00+00:00", status="closed")])
    assert later.entries[0].id == first.id


def test_no_alerts_gives_a_valid_empty_feed() -> None:
    result = parsed([])
    assert result.entries == []
    assert result.feed.title == "flarewatch escalation alerts"
    assert result.feed.id == FEED_URL
    assert time.strftime("%Y-%m-%dT%H:%M:%S", result.feed.updated_parsed) == "1970-01-01T00:00:00"


@pytest.mark.parametrize(
    ("summary", "title"),
    [
        ("<script>alert(1)</script> & co", "<script>alert(1)</script> & co"),
        ("A & B <b>bold</b> &amp;", "A & B <b>bold</b> &amp;"),
        ("Côte d'Ivoire: \"7\" events", "Côte d'Ivoire: \"7\" events"),
        ("bell\x07 and\x00 nul", "bell and nul"),  # not XML 1.0 characters: dropped
        ("two\nlines", "two lines"),
    ],
)
def test_text_is_escaped(summary: str, title: str) -> None:
    raw = atom_feed([alert("alert-x&<1>", "2026-11-30T19:10:00+00:00", summary)],
                    feed_url=FEED_URL, site_url=SITE_URL)
    entry = etree.fromstring(raw).find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == title
    assert entry.findtext(f"{ATOM}id") == "tag:flarewatch,2026:alert-x%26%3C1%3E"
    assert parsed([alert("a1", "2026-11-30T19:10:00+00:00", summary)]).entries[0].title == title


def test_source_titles_in_content_are_escaped() -> None:
    source = {"doc_id": "d1", "url": None, "title": "Raid <on> A & B", "source": None}
    raw = atom_feed([alert("a1", "2026-11-30T19:10:00+00:00", sources=[source])],
                    feed_url=FEED_URL, site_url=SITE_URL)
    assert b"Raid &lt;on&gt; A &amp; B" in raw
    content = etree.fromstring(raw).findtext(f"{ATOM}entry/{ATOM}content")
    assert "- Raid <on> A & B" in (content or "").splitlines()


@pytest.mark.parametrize(
    ("broken", "error"),
    [({"updated_at": "last tuesday"}, ValueError), ({"id": None}, KeyError)],
)
def test_bad_alerts_raise(broken: dict, error: type[Exception]) -> None:
    record = {**alert("a1", "2026-11-30T19:10:00+00:00"), **broken}
    record = {key: value for key, value in record.items() if value is not None}
    with pytest.raises(error):
        atom_feed([record], feed_url=FEED_URL, site_url=SITE_URL)


def noticed(alert_id: str, noticed_at: str | None, updated_at: str) -> dict:
    """An alert last noticed (open, high, close) at `noticed_at`, last updated at
    `updated_at` (later after a silent update); no `noticed_at` when None."""
    found = alert(alert_id, updated_at + "+00:00")
    return found if noticed_at is None else {**found, "noticed_at": noticed_at + "+00:00"}


@pytest.mark.parametrize(("alerts", "order", "times"), [
    # a silent update (a later updated_at) leaves an entry where its last notice put it
    ([("a1", "2026-11-29T08:00", "2026-12-01T09:00"), ("b2", "2026-11-30T08:00",
                                                       "2026-11-30T08:00")],
     ["b2", "a1"], ["2026-11-30T08:00", "2026-11-29T08:00"]),
    # a new high or a closing (noticed when updated) moves it to the top
    ([("a1", "2026-12-01T09:00", "2026-12-01T09:00"), ("b2", "2026-11-30T08:00",
                                                       "2026-11-30T08:00")],
     ["a1", "b2"], ["2026-12-01T09:00", "2026-11-30T08:00"]),
    # noticed in one run: by id, whichever was updated since
    ([("b2", "2026-11-30T08:00", "2026-12-02T00:00"), ("a1", "2026-11-30T08:00",
                                                       "2026-11-30T08:00")],
     ["a1", "b2"], ["2026-11-30T08:00", "2026-11-30T08:00"]),
    # without noticed_at (an alert not read from the store): its updated_at
    ([("a1", None, "2026-11-29T08:00"), ("b2", "2026-11-30T08:00", "2026-12-03T08:00")],
     ["b2", "a1"], ["2026-11-30T08:00", "2026-11-29T08:00"]),
])
def test_entries_are_dated_and_ordered_by_the_last_notice(
        alerts: list[tuple[str, str | None, str]], order: list[str], times: list[str]) -> None:
    result = parsed([noticed(*one) for one in alerts])
    assert [entry.id.rsplit(":", 1)[1] for entry in result.entries] == order
    assert [time.strftime("%Y-%m-%dT%H:%M", entry.updated_parsed)
            for entry in result.entries] == times
    assert time.strftime("%Y-%m-%dT%H:%M", result.feed.updated_parsed) == times[0]
