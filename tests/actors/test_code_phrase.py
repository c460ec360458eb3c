"""code_phrase: noun phrases out of context, a table of phrase -> expected code, sector."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from flarewatch.actors import code_phrase

CASES = Path(__file__).with_name("phrases.tsv")


def _cases() -> list[tuple[str, str, str, str]]:
    with CASES.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return [(r["phrase"], r["date"], r["code"], r["sector"]) for r in rows]


@pytest.mark.parametrize(("phrase", "date", "code", "sector"), _cases())
def test_code_phrase(phrase: str, date: str, code: str, sector: str) -> None:
    entity = code_phrase(phrase, dt.date.fromisoformat(date))
    got = (entity.code or "", entity.sector or "") if entity else ("", "")
    assert got == (code, sector)


def test_entity_keeps_the_phrase_text() -> None:
    entity = code_phrase("the Azerbaijani military", dt.date(2023, 9, 19))
    assert entity is not None and entity.text == "the Azerbaijani military"
    assert entity.name == "Azerbaijan"


def test_partially_recognised_entity_keeps_its_other_sector() -> None:
    entity = code_phrase("the Transnistrian government", dt.date(2020, 1, 1))
    assert entity is not None and entity.other_sectors == ("GOV",)


def test_no_date_takes_the_latest_sense() -> None:
    entity = code_phrase("the Taliban")
    assert entity is not None and entity.sector == "GOV"
