"""JSONL read lazily: one record a line, lines ended by `\\n` only.

JSON strings may hold U+2028 or U+0085 raw (RFC 8259 allows it), so a line
ends at `\\n` and nowhere else (the JSON Lines format, jsonlines.org). Lines are read one
at a time with a bounded length, so memory stays flat whatever the file's size; a line
longer than the bound cannot hold a text under the limit and is refused (E014) without
being kept. A `.json` file holds one object (read whole, under the same bound); a JSON
array is refused in one line (E016), not line by line.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from flarewatch.errors import Errors, InputError
from flarewatch.ingest.records import Record, document_from_record

# JSON writes a character in at most 12 bytes (a surrogate pair: \\ud83d\\udca5, for one
# character beyond U+FFFF); other fields are small.
BYTES_PER_CHAR = 12
RECORD_OVERHEAD = 65_536
ARRAY_START = re.compile(r"\s*\[\s*(\{|$)")


def line_limit(max_chars: int) -> int:
    """The longest line, in characters, that may hold a text of `max_chars`."""
    return max_chars * BYTES_PER_CHAR + RECORD_OVERHEAD


def read_jsonl(name: str, stream: IO[bytes], encoding: str, max_chars: int) -> Iterator[Record]:
    """Each record of the JSONL `stream`, in order; E004 when it has none."""
    seen = False
    for number, line in text_lines(stream, encoding, line_limit(max_chars)):
        if line is None:
            seen = True
            yield InputError(name, Errors.E014, too_long_line(max_chars), number)
        elif line.strip():
            if not seen and opens_array(line):
                yield InputError(name, Errors.E016, line=number)
                return
            seen = True
            yield line_record(name, number, line, max_chars, encoding)
    if not seen:
        yield InputError(name, Errors.E004)


def read_json(name: str, stream: IO[bytes], encoding: str, max_chars: int) -> Iterator[Record]:
    """A `.json` file: one object is one record; an array is E016."""
    wrapper = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
    text = wrapper.read(line_limit(max_chars) + 1)
    if len(text) > line_limit(max_chars):
        yield InputError(name, Errors.E014, too_long_line(max_chars))
    elif not text.strip():
        yield InputError(name, Errors.E004)
    elif text.lstrip().startswith("["):
        yield InputError(name, Errors.E016)
    else:
        yield line_record(name, None, text, max_chars, encoding)


def text_lines(stream: IO[bytes], encoding: str, limit: int) -> Iterator[tuple[int, str | None]]:
    """(line number, line) for each line of at most `limit` characters; (number, None)
    for a longer one, whose rest is skipped unread into memory."""
    wrapper = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="\n")
    number = 0
    while line := wrapper.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith("\n"):
            skip_line(wrapper, limit)
            yield number, None
        else:
            yield number, line


def skip_line(wrapper: io.TextIOWrapper, limit: int) -> None:
    while (rest := wrapper.readline(limit)) and not rest.endswith("\n"):
        pass


def too_long_line(max_chars: int) -> str:
    return f"a record over {line_limit(max_chars):,} characters; the text limit is " \
           f"{max_chars:,} (--max-chars)"


def opens_array(line: str) -> bool:
    """Whether a first line opens a JSON array of records written over many lines
    (`[` alone, or `[{...` that does not parse on its own)."""
    return ARRAY_START.match(line) is not None and not parses(line)


def parses(line: str) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def json_fault(error: ValueError) -> str:
    """What is wrong and where in the record: "Invalid control character at character 12"
    (json's own message ends in "at", its position given apart)."""
    if isinstance(error, json.JSONDecodeError):
        where = error.msg if error.msg.endswith(" at") else f"{error.msg} at"
        return f"{where} character {error.pos + 1}"
    return str(error)


def line_record(name: str, number: int | None, line: str, max_chars: int,
                encoding: str = "utf-8") -> Record:
    """The record on one line (or a whole `.json` file), or the error it gives."""
    if has_undecodable(line):
        return InputError(name, Errors.E003, not_in(encoding), number)
    try:
        record = json.loads(line, parse_constant=refuse_constant)
    except RecursionError:
        return InputError(name, Errors.E005, "nested too deeply", number)
    except ValueError as error:
        return InputError(name, Errors.E005, json_fault(error), number)
    if isinstance(record, list) and record and all(isinstance(x, dict) for x in record):
        return InputError(name, Errors.E016, line=number)
    if not isinstance(record, dict):
        return InputError(name, Errors.E009, line=number)
    return with_origin(document_from_record(record, name, number, max_chars), name, number)


def with_origin(found: Record, name: str, number: int | None) -> Record:
    if not isinstance(found, InputError):
        found.origin = (name, number)
    return found


def refuse_constant(word: str) -> Any:
    """NaN and Infinity are not JSON (RFC 8259 section 6)."""
    raise ValueError(f"{word} is not a JSON number")


def not_in(encoding: str) -> str:
    """E003's detail: the encoding the bytes are not in, and (for the default, UTF-8) how
    to name another."""
    label = codecs.lookup(encoding).name
    if label in ("utf-8", "utf-8-sig"):
        return "a byte that is not UTF-8; --encoding names another encoding, e.g. cp1252"
    return f"a byte that is not {label}"


def has_undecodable(line: str) -> bool:
    """Whether the line holds a byte the decoder could not read (kept as U+DC80-U+DCFF
    by the `surrogateescape` handler)."""
    return any("\udc80" <= char <= "\udcff" for char in line)
