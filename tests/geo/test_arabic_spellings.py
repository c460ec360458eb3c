"""Names of towns romanised from Arabic as news writes them, by the table
`arabic_spellings.tsv` (`flarewatch.geo.sources.with_article_free`): without the article
and with a final "ah" as "a", at any population. Each positive row fails with no name read
as romanised Arabic."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.geo import sources
from flarewatch.geo.build import fold
from flarewatch.geo.index import load_gazetteer
from tables import rows

ROWS = rows(Path(__file__).parent / "arabic_spellings.tsv")
POSITIVE = [row for row in ROWS if row[0] == "positive"]


def listed(geonames: str, names: str, population: str, written: str) -> str:
    found = sources.with_article_free(tuple(names.split("|")), int(population),
                                      sources.romanised_arabic(geonames))
    return "yes" if fold(written) in {fold(name) for name in found} else "no"


@pytest.mark.parametrize(("row", "geonames", "names", "population", "written", "expected"),
                         ROWS, ids=[f"{r[0]}:{r[4]}" for r in ROWS])
def test_written_form_listed(row: str, geonames: str, names: str, population: str,
                             written: str, expected: str) -> None:
    assert listed(geonames, names, population, written) == expected


@pytest.mark.parametrize(("row", "geonames", "names", "population", "written", "expected"),
                         POSITIVE, ids=[r[4] for r in POSITIVE])
def test_positive_rows_need_the_rule(row: str, geonames: str, names: str, population: str,
                                     written: str, expected: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "romanised_arabic", lambda name: False)
    assert listed(geonames, names, population, written) != expected


@pytest.mark.parametrize(("written", "country"), [("Hawija", "IQ"), ("Kabkabiya", "SD")])
def test_gazetteer_finds_the_news_spelling(written: str, country: str) -> None:
    assert [c.country for c in load_gazetteer().candidates(written)] == [country]
