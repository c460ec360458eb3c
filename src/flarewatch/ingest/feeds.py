"""RSS 0.9x/1.0/2.0 and Atom feeds, read one item at a time.

lxml's `iterparse` walks the feed and hands over each `<item>` or `<entry>` when it
closes; the item is then wrapped in a copy of the feed's root with the channel's date
and title, and feedparser (the reference reader of the feed formats' quirks) reads that
small feed. Each item is dropped from the tree once read, so memory stays flat whatever
the feed's length. The parser resolves no entities, loads no DTD and touches no
network (XXE, billion laughs); an undefined entity is left out, so an item made only of
one has no text (E012).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from flarewatch.errors import Errors, InputError, InputWarning, Warnings
from flarewatch.ingest.records import YEARS, too_long
from flarewatch.model import Document

Item = Document | InputError | InputWarning
ITEM_NAMES = {"item", "entry"}
UNDEFINED_ENTITY = re.compile(r"Entity '[^']*' not defined")
CONTAINER_NAMES = {"channel"}
# The channel's own elements that feedparser reads the feed's date and title from.
CHANNEL_NAMES = {"title", "lastBuildDate", "pubDate", "updated", "published", "date", "modified"}


def read_feed(name: str, stream: IO[bytes], max_chars: int, stem: str) -> Iterator[Item]:
    """Each item of the feed as a Document (or E012 / E014), with a W001/W002 before one
    whose date is guessed; an item without id or link gets `stem#N`. E011 when the feed
    gives no item (not XML, not a feed, empty); W003 after the items of a feed the parser
    had to repair (truncated, malformed), naming its first fault."""
    from lxml import etree

    walk = FeedWalk()
    try:
        for element in walk.items(stream):
            yield from read_item(name, walk, element, max_chars, stem)
    except etree.XMLSyntaxError as error:
        walk.faults.append(str(error))
    walk.faults = walk.logged() + walk.faults
    if not walk.count:
        yield InputError(name, Errors.E011, walk.faults[0] if walk.faults else "no items")
    elif walk.faults:
        yield InputWarning(name, Warnings.W003, walk.faults[0])


class FeedWalk:
    """The items of one feed in order, with the root and channel elements read so far."""

    def __init__(self) -> None:
        self.root: Any = None
        self.channel: list[Any] = []
        self.count = 0
        self.faults: list[str] = []  # what the parser could not read or repair
        self.parser: Any = None  # lxml's iterparse, whose error_log is read at the end

    def items(self, stream: IO[bytes]) -> Iterator[Any]:
        from lxml import etree

        events = etree.iterparse(stream, events=("start", "end"), recover=True,
                                 resolve_entities=False, load_dtd=False, no_network=True)
        self.parser = events
        for event, element in events:
            if event == "start":
                self.root = self.root if self.root is not None else element
            elif local_name(element) in ITEM_NAMES:
                self.count += 1
                etree.strip_elements(element, etree.Entity, with_tail=False)
                yield element
                forget(element)
            elif self.is_channel_field(element):
                self.channel.append(copy.deepcopy(element))

    def logged(self) -> list[str]:
        """What the parser repaired or could not read, in order; undefined entities are
        left out (no entity is ever expanded: an item made of one gets E012)."""
        log = self.parser.error_log if self.parser is not None else ()
        messages = [str(entry.message).strip() for entry in log]
        return [text for text in messages if not UNDEFINED_ENTITY.fullmatch(text)]

    def is_channel_field(self, element: Any) -> bool:
        parent = element.getparent()
        if parent is None or local_name(element) not in CHANNEL_NAMES:
            return False
        return parent is self.root or local_name(parent) in CONTAINER_NAMES

    def small_feed(self, element: Any) -> bytes:
        """The feed's root holding the channel's fields and this one item."""
        from lxml import etree

        root = etree.Element(self.root.tag, attrib=dict(self.root.attrib), nsmap=self.root.nsmap)
        inner = etree.SubElement(root, "channel") if local_name(root) == "rss" else root
        inner.extend(copy.deepcopy(field) for field in self.channel)
        inner.append(copy.deepcopy(element))
        return bytes(etree.tostring(root, encoding="utf-8"))


def local_name(element: Any) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def forget(element: Any) -> None:
    """Free a read item and the siblings before it."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def read_item(name: str, walk: FeedWalk, element: Any, max_chars: int, stem: str
              ) -> Iterator[Item]:
    import feedparser

    small = feedparser.parse(walk.small_feed(element))
    if not small.entries:
        yield InputError(name, Errors.E012, line=walk.count)
        return
    stamp = parsed_field(small.feed, "updated") or parsed_field(small.feed, "published")
    item_date, warning = entry_date(name, walk.count, small.entries[0], struct_date(stamp))
    if warning is not None:
        yield warning
    yield feed_item(name, walk.count, small.entries[0], item_date, max_chars, stem)


def parsed_field(found: Any, key: str) -> Any:
    """feedparser's parsed date under `key`, read as stored (its `.get` maps a missing
    `updated` to `published`, with a deprecation warning)."""
    return dict.get(found, f"{key}_parsed")


def struct_date(parsed: Any) -> dt.date | None:
    """feedparser's parsed date as a date; None when absent, impossible (year 0) or
    outside the years documents may be dated in."""
    try:
        found = dt.date(*parsed[:3]) if parsed else None
    except (ValueError, TypeError):
        return None
    return found if found is not None and found.year in YEARS else None


def entry_date(
    name: str, number: int, entry: Any, channel: dt.date | None
) -> tuple[dt.date | None, InputWarning | None]:
    """An item's date: RFC 822 as feeds write it; else its date text read leniently
    ("Mo, 25 Sep 2023 11:41:36": a German weekday, no zone) with a W001; else the
    channel's date (lastBuildDate, pubDate, updated) with a W002; else None."""
    strict = struct_date(parsed_field(entry, "published") or parsed_field(entry, "updated"))
    if strict is not None:
        return strict, None
    written = dict.get(entry, "published") or dict.get(entry, "updated") or ""
    lenient = lenient_date(written) if written else None
    if lenient is not None:
        return lenient, InputWarning(name, Warnings.W001, f"{written!r} as {lenient}", number)
    if channel is not None:
        return channel, InputWarning(name, Warnings.W002, str(channel), number)
    return None, None


def lenient_date(written: str) -> dt.date | None:
    """A date written in any common form and language (dateparser, offline), or None."""
    import dateparser

    found = dateparser.parse(written[:100], settings={"RETURN_AS_TIMEZONE_AWARE": False})
    return found.date() if found and found.year in YEARS else None


def feed_item(
    name: str, number: int, entry: Any, date: dt.date | None, max_chars: int, stem: str
) -> Item:
    body = entry.get("content", [{}])[0].get("value") or entry.get("summary") or ""
    text = html_to_text(body)
    doc_id = entry.get("id") or entry.get("link") or f"{stem}#{number}"
    if not text.strip():
        return InputError(name, Errors.E012, line=number, doc_id=doc_id)
    if len(text) > max_chars:
        return InputError(name, Errors.E014, too_long(len(text), max_chars), number, doc_id)
    return Document(id=doc_id, text=text, date=date, url=entry.get("link"),
                    title=entry.get("title"), source=Path(name).name, origin=(name, number))


def html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    return str(lxml.html.fromstring(f"<div>{fragment}</div>").text_content()).strip()
