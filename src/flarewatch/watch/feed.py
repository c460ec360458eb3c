"""An Atom feed (RFC 4287) of escalation alerts, built with feedgen.

One entry per alert dict (the watch's alert record: id, summary, status, noticed_at, ...),
dated and ordered by the alert's last notice (`noticed_at`: its opening, a new high, its
closing, what the sinks are sent; `flarewatch.watch.alerts.notice`), latest first, so
that an entry moves in a feed reader only when a subscriber would be notified: a silent
update (more weeks, a new expected value, a lower peak) changes the alert's `updated_at`
and leaves its entry where it was. An alert without `noticed_at` (not read from the store)
is dated by its `updated_at`. Entry ids are tag URIs (RFC 4151) made from the alert id
alone, so an alert keeps its id when it is updated, closed or served from another host.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from flarewatch.watch.sinks import alert_details, one_line

TAG_PREFIX = "tag:flarewatch,2026:"  # RFC 4151 tagging entity + date: fixed, never per host
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the feed's updated when there is no alert
# Characters XML 1.0 cannot hold (s2.2 Char): lxml refuses them, so they are dropped.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def atom_feed(
    alerts: list[dict],
    *,
    feed_url: str,
    site_url: str,
    title: str = "flarewatch escalation alerts",
) -> bytes:
    """The Atom document (UTF-8 bytes) for these alerts.

    feed_url: where the feed is served (its id and rel=self link). site_url: the page the
    entries link to, as site_url + "#alert=" + id. Entries by `notice_time`, latest first
    (alerts noticed at the same moment by id); the feed's updated is the latest notice, or
    1970-01-01T00:00:00Z with no alerts. Timestamps are ISO 8601 strings; one without an
    offset is read as UTC. Raises KeyError for an alert without id or updated_at,
    ValueError for a noticed_at or updated_at that is not ISO 8601.
    """
    ordered = sorted(sorted(alerts, key=lambda alert: str(alert["id"])), key=notice_time,
                     reverse=True)
    generator = feed_generator(feed_url, site_url, title, ordered)
    for alert in ordered:
        add_entry(generator, alert, site_url)
    return bytes(generator.atom_str(pretty=True))


def feed_generator(feed_url: str, site_url: str, title: str, ordered: list[dict]) -> FeedGenerator:
    generator = FeedGenerator()
    generator.id(feed_url)
    generator.title(xml_text(title))
    generator.author({"name": "flarewatch"})  # RFC 4287 s4.1.1: entries carry no author
    generator.link(href=feed_url, rel="self", type="application/atom+xml")
    generator.link(href=site_url, rel="alternate", type="text/html")
    generator.updated(notice_time(ordered[0]) if ordered else EPOCH)
    return generator


def add_entry(generator: FeedGenerator, alert: dict, site_url: str) -> None:
    entry = generator.add_entry(order="append")
    entry.id(entry_id(alert["id"]))
    entry.title(xml_text(one_line(str(alert.get("summary") or alert["id"]))))
    entry.updated(notice_time(alert))
    if alert.get("opened_at"):
        entry.published(parse_time(alert["opened_at"]))
    entry.link(href=alert_link(site_url, alert["id"]), rel="alternate", type="text/html")
    entry.content(xml_text("\n".join(alert_details(alert))), type="text")


def notice_time(alert: dict) -> datetime:
    """When subscribers were last told of the alert: its `noticed_at`, else (an alert not
    read from the store) its `updated_at`. KeyError without updated_at."""
    updated = alert["updated_at"]
    return parse_time(alert.get("noticed_at") or updated)


def entry_id(alert_id: str) -> str:
    """tag:flarewatch,2026:<alert id>, the id percent-encoded where it is not URI-safe."""
    return TAG_PREFIX + quote(str(alert_id), safe="-._~")


def alert_link(site_url: str, alert_id: str) -> str:
    return f"{site_url}#alert={quote(str(alert_id), safe='-._~')}"


def parse_time(value: str) -> datetime:
    """An aware datetime from ISO 8601 text; naive times are taken as UTC."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def xml_text(value: str) -> str:
    return NOT_XML.sub("", value)
