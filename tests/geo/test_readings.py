"""Place readings by kind, as two tables tabulate them. `home_country.tsv`: a report's own
country against a same-name town abroad, and names cut from longer ones (their first or last
words). `misreadings.tsv`, the misreadings the fusion analysis found: demonyms read as
places, a country's namesake read for another, a stray reading taken for a country the
document names, a town abroad beating a place's own name. `namesakes_abroad.tsv` and
`spellings.tsv` (issue 9): a small town abroad in a report about one country, names the
gazetteer spells otherwise, and pieces of longer names. Each positive row fails with its rule
switched off."""

from __future__ import annotations

import importlib
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from flarewatch.geo import build, index, recognize, resolve, sources
from flarewatch.geo.build import fold
from flarewatch.geo.index import Candidate, Gazetteer
from tables import place_reading, rows

GEOPARSE = importlib.import_module("flarewatch.geo.geoparse")  # the package shadows the name

TABLES = ("home_country.tsv", "misreadings.tsv", "namesakes_abroad.tsv", "spellings.tsv")
ROWS = [row for table in TABLES for row in rows(Path(__file__).parent / table)]
POSITIVE = [row for row in ROWS if row[1] == "positive"]



def _without_drc_congo(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gazetteer as it was without the "Congo" row of aliases.tsv."""
    candidates = Gazetteer.candidates

    def without(self: Gazetteer, name: str) -> list[Candidate]:
        found = candidates(self, name)
        return [c for c in found if fold(name) != "congo" or c.country != "CD"]

    monkeypatch.setattr(Gazetteer, "candidates", without)
    GEOPARSE.resolved_alone.cache_clear()


def _without_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names looked up only as written: no other spelling, no span found through one."""
    monkeypatch.setattr(index, "spellings", lambda folded: (folded,))
    monkeypatch.setattr(recognize, "respelled_spans", lambda *_: [])
    monkeypatch.setattr(index.load_gazetteer(), "_candidates", {})


def _without_article_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names looked up with no Arabic article respelled (`build.article_forms`), uncached."""
    def spellings(folded: str) -> tuple[str, ...]:
        return tuple(spelt for spelt in build.spellings(folded)
                     if spelt not in build.article_forms(sources.plain(folded)))

    monkeypatch.setattr(index, "spellings", spellings)
    monkeypatch.setattr(recognize, "respelled", recognize.respelled.__wrapped__)
    monkeypatch.setattr(index.load_gazetteer(), "_candidates", {})


def _switched_off(rule: str, text: str, monkeypatch: pytest.MonkeyPatch, name: str = "") -> None:
    if rule == "common":  # the row's word struck from common_words.txt
        words = recognize.common_words()
        monkeypatch.setattr(recognize, "common_words", lambda: words - {fold(name)})
    elif rule == "demonym-home":
        monkeypatch.setattr(GEOPARSE, "demonym_named", lambda *_: False)
    elif rule == "home":
        monkeypatch.setattr(GEOPARSE, "at_home", lambda name, chosen, *_: chosen)
    elif rule == "tail":
        monkeypatch.setattr(recognize, "tail_of_longer", lambda *_: False)
    elif rule == "in-container":  # "X in Y" no containment: "X, Y" and "X (Y" only
        after = GEOPARSE.container_after
        monkeypatch.setattr(GEOPARSE, "container_after", lambda text, spans, index, gazetteer: (
            [] if index + 1 < len(spans) and text[spans[index].end:spans[index + 1].start]
            .strip() == "in" else after(text, spans, index, gazetteer)))
    elif rule == "cut":
        monkeypatch.setattr(recognize, "cut_from_longer", lambda *_: False)
    elif rule == "demonym":
        monkeypatch.setattr(recognize, "qualifying_demonym", lambda *_: False)
    elif rule == "namesake" and "Brazzaville" in text:
        monkeypatch.setattr(resolve, "grounded_bonus", lambda *_: 0.0)
    elif rule == "namesake":
        _without_drc_congo(monkeypatch)
    elif rule == "stray":
        monkeypatch.setattr(GEOPARSE, "small_abroad", lambda *_: False)
    elif rule == "side":
        monkeypatch.setattr(GEOPARSE, "other_side", lambda *_: False)
    elif rule == "respelled-stray":
        monkeypatch.setattr(GEOPARSE, "respelled_stray", lambda *_: False)
    elif rule == "spaced":  # a hyphen for a space read as another spelling
        monkeypatch.setattr(GEOPARSE, "respelled_stray", lambda name, chosen, gazetteer: (
            not gazetteer.knows_folded(fold(name)) and resolve.small_town(chosen, name)))
    elif rule == "respelled":
        _without_spellings(monkeypatch)
    elif rule == "article":
        _without_article_forms(monkeypatch)
    elif rule == "possessor":
        monkeypatch.setattr(GEOPARSE, "possessor_before", lambda *_: [])
    elif rule == "possessor-clause":  # any words between the possessive and the name
        monkeypatch.setattr(GEOPARSE, "clause_between", lambda words: False)
    elif rule == "own-vote":
        monkeypatch.setattr(GEOPARSE, "own_votes", lambda *_: defaultdict(Counter))
    elif rule == "respelled-near":
        monkeypatch.setattr(GEOPARSE, "far_from_towns", lambda *_: False)
    elif rule == "town-part":
        monkeypatch.setattr(GEOPARSE, "part_apart", lambda chosen, containers: chosen)
    elif rule == "org-demonym":  # demonyms of NORP mentions only
        only_norp = GEOPARSE.demonym_countries
        monkeypatch.setattr(GEOPARSE, "demonym_countries",
                            lambda mentions, labels=("NORP",): only_norp(mentions))
    elif rule == "outside-all":
        monkeypatch.setattr(GEOPARSE, "outside_all", lambda chosen, containers, name="": chosen)
    elif rule == "coherence":
        monkeypatch.setattr(GEOPARSE, "coherent_countries", lambda spans, alone, _: [
            c.country if c is not None else "" for c in alone])
    else:
        monkeypatch.setattr(GEOPARSE, "own_name_reading", lambda *_: [])


@pytest.mark.parametrize(("rule", "row", "text", "name", "expected"), ROWS,
                         ids=[f"{r[0]}-{r[1]}:{r[2][:30]}" for r in ROWS])
def test_reading(rule: str, row: str, text: str, name: str, expected: str) -> None:
    assert place_reading(text, name) == expected


@pytest.mark.parametrize(("rule", "row", "text", "name", "expected"), POSITIVE,
                         ids=[f"{r[0]}:{r[2][:30]}" for r in POSITIVE])
def test_positive_rows_need_their_rule(rule: str, row: str, text: str, name: str,
                                       expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _switched_off(rule, text, monkeypatch, name)
    try:
        assert place_reading(text, name) != expected
    finally:
        GEOPARSE.resolved_alone.cache_clear()
