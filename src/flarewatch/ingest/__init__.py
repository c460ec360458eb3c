"""Reading input documents: JSONL, the seed's `.txt` header form, HTML, RSS/Atom, folders, stdin.

`read_inputs` yields lazily, in input order, a `Document` for every good document and an
`InputError` for every file or record that cannot be read, so the caller reports each
bad one and still processes the good ones; an `InputWarning` before a document read with
a guess (a feed item's lenient or borrowed date). Nothing is dropped silently, and
nothing is read whole that can be streamed: JSONL by lines, feeds by items.

Files are decoded as UTF-8, or UTF-16/UTF-32 when a byte-order mark says so, or in the
encoding the run names (`encoding`, `--encoding`: a Python codec name such as `cp1252`),
which a byte-order mark still overrides. An HTML page without a byte-order mark and with no
encoding named for the run is decoded as it declares (`<meta charset>`, WHATWG's labels:
`iso-8859-1` reads as `windows-1252`, via w3lib), else as UTF-8. In a
folder, what is not a regular file (a FIFO, a socket, a device, a dangling link, a link
loop, a link to a folder) is reported (E017) and not read; named on the command line, a
FIFO is read (`<(zcat news.jsonl.gz)`).
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from flarewatch.errors import Errors, InputError, InputWarning, Warnings
from flarewatch.ingest.feeds import read_feed
from flarewatch.ingest.jsonl import read_json, read_jsonl
from flarewatch.ingest.pages import TXT_HEADER, read_html, read_text
from flarewatch.ingest.records import MAX_TEXT_CHARS, document_from_record, parse_date
from flarewatch.model import Document

__all__ = ["MAX_TEXT_CHARS", "TXT_HEADER", "Item", "document_from_record", "parse_date",
           "read_inputs"]

Item = Document | InputError | InputWarning
HEAD_BYTES = 8192
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
HTML_SUFFIXES = (".html", ".htm")
FEED_ROOTS = ("<rss", "<feed", "<rdf:rdf")
HTML_ROOTS = ("<!doctype html", "<html", "<head", "<body")


def read_inputs(
    paths: Iterable[str], date: dt.date | None = None, max_chars: int = MAX_TEXT_CHARS,
    skip: Iterable[Path] = (), encoding: str | None = None,
) -> Iterator[Item]:
    """Every document in the given files, folders or `-` (JSONL on stdin, read once);
    `date` for documents that carry none; texts over `max_chars` characters are refused
    (E014); files in `skip` (the run's own database or output) are passed over in folders.
    Two files that would give one id in a run (`a.txt` and `a.html`) are E022. `encoding`
    (a codec name; None: UTF-8, or an HTML page's own) decodes files without a byte-order
    mark; bytes it cannot decode are E003."""
    run = ReadRun(date, {path.resolve() for path in skip}, encoding)
    for name in paths:
        yield from (run.checked(item) for item in run.read(name, max_chars))


class ReadRun:
    """What one run has read so far: the ids files gave, whether stdin was read."""

    def __init__(self, date: dt.date | None, skip: set[Path], encoding: str | None = None):
        self.date, self.skip, self.encoding = date, skip, encoding
        self.file_ids: dict[str, str] = {}
        self.stdin_read = False

    def read(self, name: str, max_chars: int) -> Iterator[Item]:
        if name == "-":
            stdin = read_stdin(max_chars, self.encoding)
            yield from [] if self.stdin_read else guarded("<stdin>", stdin)
            self.stdin_read = True
        elif not name:
            yield InputError(repr(name), Errors.E001)
        elif Path(name).is_dir():
            yield from read_folder(Path(name), (max_chars, self.encoding), self.skip)
        else:
            yield from read_file(Path(name), (max_chars, self.encoding), Path(name).stem)

    def checked(self, item: Item) -> Item:
        """The item, dated by the run's date when it has none; E022 for a file-made id
        that another file of the run already gave."""
        if not isinstance(item, Document):
            return item
        path, line = item.origin or ("", None)
        first = self.file_ids.setdefault(item.id, path) if line is None else path
        if first != path:
            return InputError(path, Errors.E022, first, doc_id=item.id)
        item.date = item.date or self.date
        return item


def read_stdin(max_chars: int, encoding: str | None = None) -> Iterator[Item]:
    """JSONL on standard input, in the encoding its byte-order mark names, else
    `encoding` (None: UTF-8)."""
    stream = sys.stdin.buffer
    marked = bom_encoding(stream.peek(4)[:4]) if hasattr(stream, "peek") else None
    yield from read_jsonl("<stdin>", stream, marked or encoding or "utf-8", max_chars)


Reading = tuple[int, str | None]  # (max_chars, the run's encoding or None)


def read_folder(
    folder: Path, reading: Reading, skip: set[Path] = frozenset()  # type: ignore[assignment]
) -> Iterator[Item]:
    """The folder's files, recursively, in name order; links to folders not followed.
    A file's document id (for `.txt` and HTML) is its path in the folder without the
    suffix (`report`, `2024/march/report`), so that equal names in two folders differ.
    A folder with no file in it at all (or only the run's own) is W005: a wrong path is
    more likely than an empty feed."""
    read = 0
    for parent, folders, files in os.walk(folder):
        links = [name for name in folders if os.path.islink(Path(parent, name))]
        folders[:] = sorted(set(folders) - set(links))
        for child in sorted(files + links):
            path = Path(parent, child)
            odd = not_regular(path)
            if odd:
                yield InputError(str(path), Errors.E017, odd)
            elif not is_skipped(path, skip):
                read += 1
                yield from read_file(path, reading, folder_stem(folder, path))
    if not read:
        yield InputWarning(str(folder), Warnings.W005)


def is_skipped(path: Path, skip: set[Path]) -> bool:
    """Whether a regular file is one of `skip`, or a SQLite side file (`-wal`, `-shm`,
    `-journal`) of one."""
    if not skip:
        return False
    base, _, side = path.name.rpartition("-")
    own_side = side in ("wal", "shm", "journal") and path.with_name(base).resolve() in skip
    return path.resolve() in skip or own_side


def folder_stem(folder: Path, path: Path) -> str:
    return path.relative_to(folder).with_suffix("").as_posix()


def not_regular(path: Path) -> str:
    """What the path is when it is not a regular file ("a FIFO", "a dangling link" ...),
    "" when it is one (or a link to one)."""
    if path.is_symlink() and path.is_dir():
        return "a link to a folder, not followed"
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a dangling link"
    except OSError as error:
        return "a link loop" if error.errno == 40 else error.strerror or str(error)
    return "" if stat.S_ISREG(mode) else special_kind(mode)


def special_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "a special file"


def read_file(path: Path, reading: Reading, stem: str) -> Iterator[Item]:
    """The documents of one file (a FIFO too), read as its suffix or first bytes say;
    `stem` is the id of a one-document file."""
    name = str(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, after the last item
    except FileNotFoundError:
        yield InputError(name, Errors.E001)
        return
    except OSError as error:
        yield InputError(name, Errors.E013, error.strerror or str(error))
        return
    with stream:
        yield from guarded(name, read_stream(name, stream, reading, stem))


def guarded(name: str, items: Iterator[Item]) -> Iterator[Item]:
    """The items of one input; a reader that fails part-way (an I/O error, a library's
    bug) ends that input with one E013 and costs no other."""
    try:
        yield from items
    except Exception as error:  # noqa: BLE001 - every failure becomes one error line
        yield InputError(name, Errors.E013, f"{type(error).__name__}: {str(error)[:200]}")


def read_stream(name: str, stream: IO[bytes], reading: Reading, stem: str) -> Iterator[Item]:
    buffered = stream if hasattr(stream, "peek") else open(stream.fileno(), "rb", closefd=False)
    head = buffered.peek(HEAD_BYTES)[:HEAD_BYTES]  # type: ignore[attr-defined]
    max_chars, chosen = reading
    marked = bom_encoding(head)
    if not head:
        yield InputError(name, Errors.E004)
    elif marked is None and is_binary(head, chosen):
        yield InputError(name, Errors.E002)
    else:
        encoding = marked or chosen or page_encoding(name, head) or "utf-8"
        yield from read_kind(name, buffered, encoding, head, max_chars, stem)


def is_binary(head: bytes, encoding: str | None) -> bool:
    """A NUL among the first bytes of a file without a UTF-16/32 mark or named wide
    encoding, unless it opens a JSON record (a raw NUL inside one JSONL line spoils that
    line only)."""
    wide = encoding is not None and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    return not wide and b"\x00" in head and not head.lstrip().startswith(b"{")


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark names (the UTF-8 mark is skipped), else None."""
    return next((encoding for bom, encoding in BOMS if head.startswith(bom)), None)


def page_encoding(name: str, head: bytes) -> str | None:
    """The encoding an HTML file declares in its first bytes (`<meta charset=...>`,
    `<meta http-equiv="Content-Type" content="...; charset=...">`), as the WHATWG labels
    map it (w3lib: `latin1` and `iso-8859-1` are `cp1252`); None for another file, or a
    page that declares none or one Python has no codec for."""
    if Path(name).suffix.lower() not in HTML_SUFFIXES and not looks_like_html(head):
        return None
    from w3lib.encoding import html_body_declared_encoding

    declared = html_body_declared_encoding(head)
    try:
        return codecs.lookup(declared).name if declared else None
    except LookupError:
        return None


def looks_like_html(head: bytes) -> bool:
    return head.decode("latin-1").lstrip("\ufeff \t\r\n").lower().startswith(HTML_ROOTS)


def read_kind(name: str, stream: IO[bytes], encoding: str, head: bytes, max_chars: int,
              stem: str) -> Iterator[Item]:
    suffix = Path(name).suffix.lower()
    start = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n").lower()
    if suffix in JSONL_SUFFIXES or (suffix not in (".txt", ".json") and start.startswith(("{", "["))
                                    and suffix not in HTML_SUFFIXES + FEED_SUFFIXES):
        yield from read_jsonl(name, stream, encoding, max_chars)
    elif suffix == ".json":
        yield from read_json(name, stream, encoding, max_chars)
    elif suffix in HTML_SUFFIXES:
        yield from read_html(name, stream, encoding, max_chars, stem)
    elif suffix in FEED_SUFFIXES or is_feed(start):
        yield from read_feed(name, stream, max_chars, stem)
    elif start.startswith(HTML_ROOTS):
        yield from read_html(name, stream, encoding, max_chars, stem)
    else:
        yield from read_text(name, stream, encoding, max_chars, stem)


def is_feed(start: str) -> bool:
    """Whether a file's first characters open a feed (after an XML declaration and
    comments)."""
    while start.startswith(("<?xml", "<!--")):
        end = start.find("?>" if start.startswith("<?") else "-->")
        if end < 0:
            return False
        start = start[end + 3 if start.startswith("<!--") else end + 2:].lstrip()
    return start.startswith(FEED_ROOTS)
