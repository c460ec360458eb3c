"""Every user-facing error, numbered, in one catalogue.

    FlarewatchError            base of everything flarewatch raises on purpose
    ├── InputProblem           something wrong with a file or one record in it
    │   ├── InputError         it cannot be read and is skipped (E001-E019, E022; E060-E062:
    │   │                      a back-test file of `flarewatch watch --backtest`)
    │   └── InputWarning       it is read, with a guess the user should know of (W001-)
    ├── StorageError           a database that cannot be opened or written (E020-E021)
    └── FusionError            a fusion decision that cannot be made (E050-E052)

The CLI prints an input problem as one line: `flarewatch: FILE[:LINE]: E00N reason`.
An option value it refuses (E030-) is a usage error: the message carries the code, and
the command exits 2 before doing anything.
"""

from __future__ import annotations

from enum import StrEnum


class Errors(StrEnum):
    E001 = "file not found"
    E002 = "binary file, not text"
    E003 = "cannot be decoded ({detail})"
    E004 = "empty file"
    E005 = "malformed JSON ({detail})"
    E006 = "record has no 'text' string"
    E007 = "record has no 'id' string"
    E008 = "invalid date {detail!r} (expected YYYY-MM-DD or an ISO datetime)"
    E009 = "record is not a JSON object"
    E010 = "no main text could be extracted from the HTML page"
    E011 = "feed could not be parsed ({detail})"
    E012 = "feed item has no text"
    E013 = "cannot read ({detail})"
    E014 = "text too long ({detail})"
    E015 = "invalid field ({detail})"
    E016 = "a JSON array: use JSONL, one record a line"
    E017 = "not a regular file ({detail})"
    E018 = "extraction failed ({detail})"
    E019 = "cannot be stored ({detail})"
    E022 = "gives the same id as {detail}, read earlier in this run: rename one"
    E020 = "database cannot be opened ({detail})"
    E021 = "no database at {detail} (run `flarewatch ingest` first)"
    E030 = "relevance must be a number from 0 to 1, not {detail}"
    E031 = "a date must be YYYY-MM-DD and a real day, not {detail}"
    E032 = ("--near takes LAT,LON,KM (numbers: LAT -90 to 90, LON -180 to 180, 0 < KM <= "
            "20000), not {detail}")
    E033 = "-o would overwrite {detail}, which this command reads"
    E034 = "a watch setting or detector refused: {detail}"
    E035 = "--smtp takes HOST:PORT, not {detail}"
    E036 = "--local-cluster and --dask: choose one"
    E037 = "a webhook refused: {detail}"
    E038 = "--encoding names no encoding Python knows: {detail}"
    E039 = "--country takes an ISO 3166-1 alpha-3 code (or IGO, NGO, IMG), not {detail}"
    E041 = "--type takes a PLOVER event type, not {detail}"
    E042 = "--since is after --until ({detail}): no record can fall between"
    E040 = "file error ({detail})"
    E050 = "no fused record {detail} (see `flarewatch events`)"
    E051 = "{detail}"
    E052 = "a fused record cannot be merged with itself ({detail})"
    E060 = "not a row of a weekly series file ({detail})"
    E061 = "not a row of an onsets file ({detail})"
    E062 = "series {detail} has missing or repeated weeks"


class Warnings(StrEnum):
    W001 = "date read leniently: {detail}"
    W002 = "no readable date of its own; the feed's date {detail} is used"
    W003 = "malformed feed, its items read as far as they could be ({detail})"
    W004 = ("no date, so its relative dates ('on Monday', 'last week') stay unresolved; give "
            "--date or a date in the input (said once a file)")
    W005 = "folder holds no file to read"


class FlarewatchError(Exception):
    """Base of all errors flarewatch raises on purpose."""


class InputProblem(FlarewatchError):
    """Something wrong with a file or one record in it, located by path, line and the
    record's id when it has one."""

    def __init__(
        self, path: str, error: Errors | Warnings, detail: str = "", line: int | None = None,
        doc_id: str | None = None,
    ):
        self.path, self.error, self.detail, self.line = path, error, detail, line
        self.doc_id = doc_id
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """`FILE[:LINE]: CODE reason[; id "ID"]`, control characters escaped so that a
        file name or id can never forge a second line."""
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        reason = self.error.value.format(detail=self.detail)
        named = f'; id "{self.doc_id}"' if self.doc_id is not None else ""
        return printable(f"{where}: {self.error.name} {reason}{named}")


def printable(text: str) -> str:
    """`text` with every unprintable character (newline, tab, NUL, U+2028 ...) written
    as its Python escape, so that it prints on one line."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class InputError(InputProblem):
    """A file or one record in it that cannot be read; the run goes on without it."""


class InputWarning(InputProblem):
    """A record read with a guess (a lenient date, a borrowed one); it is kept."""


class StorageError(FlarewatchError):
    """A database that cannot be opened, migrated or written."""


class FusionError(FlarewatchError):
    """An analyst's split or merge that names no fused record, or no source of it."""
