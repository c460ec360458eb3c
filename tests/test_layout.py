"""The dateline (`flarewatch.layout`) over `data/datelines.tsv`: where it is found, and
traps (a title with a colon, a dash inside a sentence, a wrapped headline)."""

from __future__ import annotations

import pytest

from flarewatch.layout import dateline_end
from tables import DATA, rows

ROWS = [(text.replace("\\n", "\n"), want) for text, want in rows(DATA / "datelines.tsv")]


@pytest.mark.parametrize(("text", "want"), ROWS, ids=[row[0][:30] for row in ROWS])
def test_dateline(text: str, want: str) -> None:
    found = text[:dateline_end(text)].split("\n")[-1].strip()
    assert (found or "-") == want
