"""The actors stage on small hand-built documents, and on the shared seed article's gold."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from flarewatch import pipeline
from flarewatch.model import Document, Entity

CASES = Path(__file__).with_name("actors_cases.tsv")
ABSENT = Path(__file__).with_name("actors_absent_cases.tsv")


def _cases() -> list[tuple[str, str, str, str, str]]:
    with CASES.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return [(r["text"], r["date"], r["mention"], r["code"], r["sector"]) for r in rows]


def _coded(text: str, date: dt.date | None, stages: tuple[str, ...] = ("parse", "actors")):
    doc = Document("test", text, date)
    return pipeline.run(doc, stages)


@pytest.mark.parametrize(("text", "date", "mention", "code", "sector"), _cases())
def test_mention_is_coded(text: str, date: str, mention: str, code: str, sector: str) -> None:
    doc = _coded(text, dt.date.fromisoformat(date))
    start = text.index(mention)
    found = {(m.start, m.end): m.entity for m in doc.actors}
    assert (start, start + len(mention)) in found, sorted(found)
    entity = found[(start, start + len(mention))]
    assert (entity.code or "", entity.sector or "") == (code, sector)


def _absent_cases() -> list[tuple[str, str, str]]:
    with ABSENT.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return [(_lines(r["text"]), r["path"], _lines(r["not_a_mention"])) for r in rows]


def _lines(cell: str) -> str:
    return cell.replace("\\n", "\n")


@pytest.mark.parametrize(("text", "path", "words"), _absent_cases())
def test_words_are_not_a_mention(text: str, path: str, words: str) -> None:
    stages = ("parse", "actors") if path == "parsed" else ("actors",)
    doc = pipeline.run(Document("test", text, dt.date(2021, 1, 1)), stages)
    assert words not in [doc.text[m.start : m.end] for m in doc.actors]


def test_mentions_carry_sentence_index_and_text() -> None:
    doc = _coded("Rain fell. The Armenian military withdrew.", dt.date(2021, 1, 1))
    (mention,) = doc.actors
    assert mention.sentence == 1
    assert doc.text[mention.start : mention.end] == mention.entity.text


def test_an_organisation_noun_after_its_full_name_is_that_organisation() -> None:
    text = "The Revolutionary Guards sealed the road. Guards at a checkpoint opened fire."
    doc = _coded(text, dt.date(2019, 5, 19))
    start = text.rindex("Guards")
    found = {(m.start, m.end): m.entity for m in doc.actors}
    assert found[(start, start + len("Guards"))].code == "IRN"


def test_places_after_locative_prepositions_are_not_actors() -> None:
    doc = _coded("Troops of the Armenian army were deployed in Azerbaijan.", dt.date(2021, 1, 1))
    assert all(m.entity.code != "AZE" for m in doc.actors)


def test_without_a_parse_every_dictionary_phrase_is_a_mention() -> None:
    doc = pipeline.run(Document("test", "Russian peacekeepers left.", None), ["actors"])
    assert [(m.entity.code, doc.text[m.start : m.end]) for m in doc.actors] == [
        ("RUS", "Russian peacekeepers")
    ]


def _role_found(doc: Document, sentences: set[int], want: dict[str, str]) -> bool:
    entities: list[Entity] = [m.entity for m in doc.actors if m.sentence in sentences]
    return any(e.code == want["code"] and want.get("sector") in (None, e.sector)
               for e in entities)


def test_seed_gold_actors_are_among_the_mentions(shared: Path) -> None:
    """Every coded actor / recipient / claimant of the seed gold is a mention in its sentence
    (all but the few the event stage must infer from the verb)."""
    found = total = 0
    for line in (shared / "eval" / "gold" / "seed.jsonl").read_text().splitlines():
        gold = json.loads(line)
        doc = _coded(gold["text"], dt.date.fromisoformat(gold["date"][:10]))
        for event in gold["events"]:
            evidence = event["evidence"] if isinstance(event["evidence"], list) \
                else [event["evidence"]]
            sentences = {doc.sentence_at(doc.text.index(e)).index for e in evidence}
            for role in ("actor", "recipient", "claimed_by"):
                if (event.get(role) or {}).get("code"):
                    total += 1
                    found += _role_found(doc, sentences, event[role])
    assert found / total >= 0.95
