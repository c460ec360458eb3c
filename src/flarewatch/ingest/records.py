"""One input record checked against the contract (spec/CONTRACT.md, "Input") and made a
`Document`, or refused with the numbered error saying what is wrong.

The rules, each from the contract or issue 12: `id` is a non-empty string (E007); `text`
a non-empty string (E006) of at most `max_chars` characters (E014); `date` a string,
`YYYY-MM-DD` or an ISO datetime, naming a real day (E008); `url`, `title`, `source` and
`language` strings or null (E015).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flarewatch.errors import Errors, InputError
from flarewatch.model import Document

# Longest text extracted, in characters (E014 beyond it; `--max-chars` and
# FLAREWATCH_MAX_CHARS change it). A long news report is 10,000-30,000 characters; spaCy
# refuses texts over 1,000,000 and parses far slower well before that.
MAX_TEXT_CHARS = 200_000
OPTIONAL_STRINGS = ("url", "title", "source", "language")
# A JSON `\ud800` escape decodes to a lone surrogate, which no UTF-8 text can hold: in a
# text it becomes U+FFFD (one character for one, as the store does), an id holding one
# is refused (E007).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

Record = Document | InputError  # what one record gives


def document_from_record(
    record: dict[str, Any], name: str, number: int | None, max_chars: int = MAX_TEXT_CHARS
) -> Record:
    """The record as a Document, or the InputError (file `name`, line `number`) of its
    first fault, in the order of the module docstring."""
    fault = record_fault(record, max_chars)
    if fault is not None:
        error, detail = fault
        return InputError(name, error, detail, number, doc_id=record_id(record))
    stamp = parse_date(record["date"]) if record.get("date") else None
    return Document(
        id=record["id"],
        text=LONE_SURROGATE.sub("\ufffd", record["text"]),
        date=stamp.date() if stamp else None,
        datetime=stamp if stamp and "T" in record["date"] else None,
        url=record.get("url"),
        title=record.get("title"),
        source=record.get("source"),
        language=record.get("language") or "en",
    )


def record_fault(record: dict[str, Any], max_chars: int) -> tuple[Errors, str] | None:
    """(error, detail) of the first rule the record breaks, None when it keeps them all."""
    text, date = record.get("text"), record.get("date")
    if not isinstance(text, str) or not text.strip():
        return Errors.E006, ""
    if not record_id(record):
        return Errors.E007, ""
    if len(text) > max_chars:
        return Errors.E014, too_long(len(text), max_chars)
    if date is not None and (not isinstance(date, str) or parse_date(date) is None):
        return Errors.E008, shown_value(date)
    wrong = [key for key in OPTIONAL_STRINGS if not isinstance(record.get(key), str | None)]
    if wrong:
        return Errors.E015, f"{wrong[0]!r} must be a string or null, not {kind(record[wrong[0]])}"
    return None


def record_id(record: dict[str, Any]) -> str | None:
    """The record's id when it is a non-empty string of Unicode characters (no lone
    surrogate from a `\\ud800` escape: two such ids would be stored alike), else None."""
    found = record.get("id")
    if not isinstance(found, str) or not found.strip() or LONE_SURROGATE.search(found):
        return None
    return found


def too_long(length: int, max_chars: int) -> str:
    return f"{length:,} characters; the limit is {max_chars:,} (--max-chars)"


def shown_value(value: Any) -> str:
    """A refused value as the error line shows it: a string as written (cut at 40
    characters), anything else by its JSON kind."""
    return value[:40] if isinstance(value, str) else f"a {kind(value)}"


def kind(value: Any) -> str:
    """The JSON kind of a decoded value: object, array, number, boolean, null, string."""
    for python, name in ((bool, "boolean"), (dict, "object"), (list, "array"),
                         (int | float, "number"), (str, "string")):
        if isinstance(value, python):
            return name
    return "null"


# Years a document may be dated in: relative dates are resolved by date arithmetic, which
# overflows near the ends of Python's calendar (years 1 and 9999).
YEARS = range(1000, 3000)


def parse_date(value: str) -> dt.datetime | None:
    """`YYYY-MM-DD` or an ISO 8601 datetime as a datetime; None when it is neither,
    names no real day (2023-13-45), or falls outside the years 1000-2999."""
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        return None
    return stamp if stamp.year in YEARS else None
