"""Review pages (`incidents.relevance.review_page`) over `review_pages.tsv`: reviews of
films, games and books told in our own words, with news about reviews, films of attacks and
ratings of other things beside them."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.api import extract
from flarewatch.incidents.relevance import review_page
from tables import rows

ROWS = [(text.replace("\\n", "\n"), review == "yes") for text, review, _why in
        rows(Path(__file__).parent / "review_pages.tsv")]


@pytest.mark.parametrize(("text", "review"), ROWS, ids=[text[:40] for text, _ in ROWS])
def test_review_page(text: str, review: bool) -> None:
    assert review_page(text) == review


def test_a_review_gives_no_events_and_no_relevance() -> None:
    text, _ = ROWS[0]
    assert extract(text, "2025-03-10") == []


def test_news_about_a_review_keeps_its_events() -> None:
    text, _ = ROWS[5]
    assert [event.event for event in extract(text, "2025-03-10")] == ["ASSAULT"]
