"""Real news phrasings and their TIMEX3 readings: the table in `phrasings.tsv`."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from flarewatch.timex import find_timexes

TABLE = Path(__file__).with_name("phrasings.tsv")
COLUMNS = ("doc_date", "sentence", "text", "type", "value", "date", "enddate")


def _rows() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return [dict(zip(COLUMNS, row, strict=True))
            for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


ROWS = _rows()


def test_table_is_large_and_unique() -> None:
    keys = [(row["doc_date"], row["sentence"], row["text"]) for row in ROWS]
    assert len(ROWS) >= 200
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['doc_date']}|{r['text']}" for r in ROWS])
def test_phrasing(row: dict[str, str]) -> None:
    date = None if row["doc_date"] == "-" else dt.date.fromisoformat(row["doc_date"])
    found = find_timexes(row["sentence"], date)
    start = row["sentence"].index(row["text"])
    end = start + len(row["text"])
    if row["type"] == "NONE":
        assert not [t for t in found if t.start < end and start < t.end], found
        return
    matching = [t for t in found if (t.start, t.end) == (start, end)]
    assert matching, f"{row['text']!r} not recognised; found {[t.text for t in found]}"
    timex = matching[0]
    got = (timex.type, timex.value, timex.date or "", timex.enddate or "")
    assert got == (row["type"], row["value"], row["date"], row["enddate"])
