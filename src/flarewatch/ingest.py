"""Reading input documents: JSONL, the seed's `.txt` header form, HTML, RSS/Atom, folders, stdin.

`read_inputs` yields, in input order, a `Document` for every good document and an
`InputError` for every file or record that cannot be read, so the caller reports each
bad one and still processes the good ones; an `InputWarning` before a document read with
a guess (a feed item's lenient or borrowed date). Nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from flarewatch.errors import Errors, InputError, InputWarning, Warnings
from flarewatch.model import Document

Item = Document | InputError | InputWarning

# The seed's header: " date 2023-09-19 Z" directly followed by the body.
TXT_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+)?)\s+Z\n?")
FEED_START = re.compile(rb"\A\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
HTML_START = re.compile(rb"\A\s*(<!doctype html|<html|<head|<body)", re.I)


def read_inputs(paths: Iterable[str], date: dt.date | None = None) -> Iterator[Item]:
    """Every document in the given files, folders or `-` (JSONL on stdin)."""
    for name in paths:
        if name == "-":
            yield from read_jsonl("<stdin>", sys.stdin.buffer.read())
            continue
        path = Path(name)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                yield from read_file(child, date)
        else:
            yield from read_file(path, date)


def read_file(path: Path, date: dt.date | None = None) -> Iterator[Item]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        yield InputError(str(path), Errors.E001)
        return
    except OSError as error:
        yield InputError(str(path), Errors.E013, error.strerror or str(error))
        return
    problem = check_bytes(str(path), raw)
    if problem:
        yield problem
        return
    yield from reader_for(path, raw)(str(path), raw, date)


def check_bytes(name: str, raw: bytes) -> InputError | None:
    if not raw.strip():
        return InputError(name, Errors.E004)
    if b"\x00" in raw[:8192]:
        return InputError(name, Errors.E002)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return InputError(name, Errors.E003, f"byte {error.start}")
    return None


def reader_for(path: Path, raw: bytes):  # type: ignore[no-untyped-def]
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return lambda name, data, _date: read_jsonl(name, data)
    if suffix in (".html", ".htm"):
        return read_html
    if suffix in (".rss", ".atom", ".xml") or FEED_START.match(raw[:4096]):
        return read_feed
    if HTML_START.match(raw[:4096]):
        return read_html
    if suffix != ".txt" and raw.lstrip()[:1] == b"{":
        return lambda name, data, _date: read_jsonl(name, data)
    return read_text


def read_text(name: str, raw: bytes, date: dt.date | None) -> Iterator[Item]:
    text = raw.decode("utf-8")
    header = TXT_HEADER.match(text)
    if header:
        stamp = parse_date(header.group(1))
        text = text[header.end():]
        date = stamp.date() if stamp else date
    yield Document(id=Path(name).stem, text=text, date=date, source=Path(name).name)


def read_jsonl(name: str, raw: bytes) -> Iterator[Item]:
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        yield InputError(name, Errors.E003, f"byte {error.start}")
        return
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield jsonl_record(name, number, line)


Record = Document | InputError  # what one JSON record gives


def jsonl_record(name: str, number: int, line: str) -> Record:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return InputError(name, Errors.E005, error.msg, number)
    if not isinstance(record, dict):
        return InputError(name, Errors.E009, line=number)
    return document_from_record(record, name, number)


def document_from_record(record: dict[str, Any], name: str, number: int) -> Record:
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return InputError(name, Errors.E006, line=number)
    if not isinstance(record.get("id"), str | int):
        return InputError(name, Errors.E007, line=number)
    stamp = None
    if record.get("date"):
        stamp = parse_date(str(record["date"]))
        if stamp is None:
            return InputError(name, Errors.E008, str(record["date"]), number)
    return Document(
        id=str(record["id"]),
        text=record["text"],
        date=stamp.date() if stamp else None,
        datetime=stamp if stamp and "T" in str(record["date"]) else None,
        url=record.get("url"),
        title=record.get("title"),
        source=record.get("source"),
        language=record.get("language") or "en",
    )


def parse_date(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        return None


def read_html(name: str, raw: bytes, date: dt.date | None) -> Iterator[Item]:
    import trafilatura

    page: Any = trafilatura.bare_extraction(raw.decode("utf-8"), with_metadata=True)
    found: dict[str, Any] = page.as_dict() if hasattr(page, "as_dict") else (page or {})
    if not (found.get("text") or "").strip():
        yield InputError(name, Errors.E010)
        return
    stamp = parse_date(found["date"]) if found.get("date") else None
    yield Document(
        id=Path(name).stem,
        text=found["text"],
        date=stamp.date() if stamp else date,
        url=found.get("url"),
        title=found.get("title"),
        source=found.get("sitename") or Path(name).name,
    )


def read_feed(name: str, raw: bytes, date: dt.date | None) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(raw)
    if feed.bozo and not feed.entries:
        yield InputError(name, Errors.E011, str(feed.get("bozo_exception", "no items")))
        return
    stamp = parsed_field(feed.feed, "updated") or parsed_field(feed.feed, "published")
    channel = struct_date(stamp)
    for number, entry in enumerate(feed.entries, start=1):
        item_date, warning = entry_date(name, number, entry, channel)
        if warning is not None:
            yield warning
        yield feed_item(name, number, entry, item_date or date)


def parsed_field(found: Any, key: str) -> Any:
    """feedparser's parsed date under `key`, read as stored (its `.get` maps a missing
    `updated` to `published`, with a deprecation warning)."""
    return dict.get(found, f"{key}_parsed")


def struct_date(parsed: Any) -> dt.date | None:
    return dt.date(*parsed[:3]) if parsed else None


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
    return found.date() if found else None


def feed_item(name: str, number: int, entry: Any, date: dt.date | None) -> Item:
    body = entry.get("content", [{}])[0].get("value") or entry.get("summary") or ""
    text = html_to_text(body)
    if not text.strip():
        return InputError(name, Errors.E012, line=number)
    return Document(
        id=entry.get("id") or entry.get("link") or f"{Path(name).stem}#{number}",
        text=text,
        date=date,
        url=entry.get("link"),
        title=entry.get("title"),
        source=Path(name).name,
    )


def html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    return str(lxml.html.fromstring(f"<div>{fragment}</div>").text_content()).strip()
