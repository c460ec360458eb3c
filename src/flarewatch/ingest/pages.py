"""Whole-file documents: the seed's `.txt` header form, plain text, and HTML pages.

Each is one document, read whole but never past a bound: a text file of more than
`max_chars` characters is refused (E014) after reading at most `max_chars` + 1 of them;
an HTML page may be up to `PAGE_BYTES_PER_CHAR` times `max_chars` bytes (markup, scripts
and styles weigh far more than the text: 2-5 MB pages are common), and its extracted
text is then held to `max_chars`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from flarewatch.errors import Errors, InputError
from flarewatch.ingest.jsonl import has_undecodable, not_in
from flarewatch.ingest.records import Record, parse_date, too_long
from flarewatch.model import Document

# The seed's header: " date 2023-09-19 Z" directly followed by the body. A header whose
# date is not a real day (" date 2023-13-45 Z") is an error (E008), not text.
TXT_HEADER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+)?)\s+Z\n?")
PAGE_BYTES_PER_CHAR = 50


def read_text(
    name: str, stream: IO[bytes], encoding: str, max_chars: int, stem: str
) -> Iterator[Record]:
    """The file as one document with the id `stem`, dated by its header when it has one."""
    text = bounded_text(name, stream, encoding, max_chars + 64)
    if isinstance(text, InputError):
        yield text
        return
    header = TXT_HEADER.match(text)
    if header:
        stamp = parse_date(header.group(1))
        if stamp is None:
            yield InputError(name, Errors.E008, header.group(1))
            return
        text, date = text[header.end():], stamp.date()
    else:
        date = None
    yield checked_document(name, Document(
        id=stem, text=text, date=date, source=Path(name).name), max_chars)


def bounded_text(name: str, stream: IO[bytes], encoding: str, limit: int) -> str | InputError:
    """The stream's text, or E014 past `limit` characters, E003 on a byte it cannot
    decode, E004 when there is nothing but white space."""
    wrapper = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
    text = wrapper.read(limit + 1)
    if len(text) > limit:
        return InputError(name, Errors.E014, f"a file of more than {limit:,} characters "
                          "(--max-chars)")
    if has_undecodable(text):
        return InputError(name, Errors.E003, not_in(encoding))
    return text if text.strip() else InputError(name, Errors.E004)


def checked_document(name: str, doc: Document, max_chars: int) -> Record:
    """The document with its origin, or E004 / E014 when its text is blank or too long."""
    if not doc.text.strip():
        return InputError(name, Errors.E004, doc_id=doc.id)
    if len(doc.text) > max_chars:
        return InputError(name, Errors.E014, too_long(len(doc.text), max_chars), doc_id=doc.id)
    doc.origin = (name, None)
    return doc


def read_html(
    name: str, stream: IO[bytes], encoding: str, max_chars: int, stem: str
) -> Iterator[Record]:
    """The page's main text (trafilatura: boilerplate removed), date and title; its id
    is `stem`."""
    import trafilatura

    page_text = bounded_text(name, stream, encoding, max_chars * PAGE_BYTES_PER_CHAR)
    if isinstance(page_text, InputError):
        yield page_text
        return
    page: Any = trafilatura.bare_extraction(page_text, with_metadata=True)
    found: dict[str, Any] = page.as_dict() if hasattr(page, "as_dict") else (page or {})
    if not (found.get("text") or "").strip():
        yield InputError(name, Errors.E010)
        return
    stamp = parse_date(found["date"]) if found.get("date") else None
    yield checked_document(name, Document(
        id=stem, text=blocks(found["text"]), date=stamp.date() if stamp else None,
        url=found.get("url"), title=found.get("title"),
        source=found.get("sitename") or Path(name).name), max_chars)


def blocks(text: str) -> str:
    """trafilatura's text with a blank line between its blocks (a heading, a paragraph),
    which it writes one a line: a heading then ends its sentence ("Attack on army post in
    central Mali" above "Gunmen attacked ..." was parsed as one sentence whose subject was
    "Mali Gunmen"), as a text file's blank lines do (`stages.parse.breaks_sentence`)."""
    return re.sub(r"[ \t]*\n\s*", "\n\n", text.strip())
