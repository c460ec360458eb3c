"""The off-topic scorer: documents read from each form, violent events counted and listed."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from flarewatch.evaluation import gate, offtopic
from flarewatch.model import Document, Event, Sentence

SELECTION = Path(offtopic.__file__).parent / "data" / "gwn-nonconflict.json"
TEXT = "Health workers attacked the outbreak. Officials banned markets. Aid arrived."


def event(kind: str, words: str) -> Event:
    start = TEXT.index(words)
    return Event(kind, start, start + len(words), 0, words, start, start + len(words))


def annotated(doc_id: str, *events: Event) -> Document:
    sentences = [Sentence(0, 0, 37), Sentence(1, 38, 63), Sentence(2, 64, len(TEXT))]
    return Document(doc_id, TEXT, sentences=sentences, events=list(events))


def test_only_assault_and_coerce_count_as_violent():
    tally = offtopic.OfftopicTally()
    tally.add(annotated("a", event("ASSAULT", "attacked"), event("AID", "Aid arrived")))
    tally.add(annotated("b", event("COERCE", "banned")))
    tally.add(annotated("c"))
    result = offtopic.metrics(tally)
    assert {k: result[k] for k in ("documents", "events", "violent_events",
                                   "documents_with_violent")} == {
        "documents": 3, "events": 3, "violent_events": 2, "documents_with_violent": 2}
    assert result["violent_per_document"] == 0.6667
    assert result["by_type"] == {"ASSAULT": 1, "AID": 1, "COERCE": 1}
    assert result["top_triggers"] == {"attacked": 1, "banned": 1}


def test_each_violent_event_is_listed_with_its_words_and_sentence():
    tally = offtopic.OfftopicTally()
    tally.add(annotated("a", event("COERCE", "banned")))
    detail = offtopic.metrics(tally)["violent"][0]
    assert detail["trigger"] == detail["event_text"] == "banned"
    assert detail["sentence"] == "Officials banned markets."
    assert offtopic.error_lines({"violent": [detail]}) == [
        "a\tCOERCE\t-\tbanned\tbanned\tOfficials banned markets."]


def test_no_documents_gives_zero_rates():
    assert offtopic.metrics(offtopic.OfftopicTally())["violent_per_document"] == 0.0


def test_jsonl_documents_keep_id_date_and_text(tmp_path):
    path = tmp_path / "offtopic.jsonl"
    lines = [{"id": "o1", "date": "2024-05-02T10:00:00Z", "text": "Rain.", "events": [],
              "topic": "weather"}, {"id": "o2", "text": "Sun."}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n\n", encoding="utf-8")
    documents = list(offtopic.read_documents(path))
    assert [(d.id, str(d.date), d.text) for d in documents] == [
        ("o1", "2024-05-02", "Rain."), ("o2", "None", "Sun.")]


def test_geovirus_articles_are_numbered(tmp_path):
    path = tmp_path / "GeoVirus.xml"
    path.write_text("<articles><article><source>http://w/A</source><text>Flu.</text>"
                    "</article><article><text>Cholera.</text></article></articles>")
    documents = list(offtopic.read_documents(path))
    assert [(d.id, d.text, d.url) for d in documents] == [
        ("geovirus-0", "Flu.", "http://w/A"), ("geovirus-1", "Cholera.", None)]


@pytest.fixture
def small_gwn(tmp_path, monkeypatch) -> Path:
    source = tmp_path / "GWN.xml"
    source.write_text('<articles><article file="3"><title>T3</title><text>Rates.</text>'
                      '</article><article file="5"><text>Goals.</text></article></articles>')
    monkeypatch.setattr(gate, "gold_path", lambda reference: source)
    return source


def write_selection(tmp_path: Path, sha256: str, ids: list[str]) -> Path:
    path = tmp_path / "selection.json"
    articles = [{"id": i} for i in ids]
    path.write_text(json.dumps({"source": "shared:x", "sha256": sha256, "articles": articles}))
    return path


def test_selection_reads_the_chosen_articles(small_gwn, tmp_path):
    path = write_selection(tmp_path, gate.file_hash(small_gwn), ["5"])
    assert [(d.id, d.text) for d in offtopic.read_documents(path)] == [("gwn-5", "Goals.")]


@pytest.mark.parametrize(("sha256", "ids", "message"), [
    ("0" * 16, ["5"], "changed since"), (None, ["5", "9"], "not in"),
])
def test_selection_refuses_a_changed_source_or_unknown_ids(small_gwn, tmp_path, sha256, ids,
                                                           message):
    path = write_selection(tmp_path, sha256 or gate.file_hash(small_gwn), ids)
    with pytest.raises(ValueError, match=message):
        list(offtopic.read_documents(path))


def test_unknown_forms_are_refused(tmp_path):
    with pytest.raises(ValueError, match="not an off-topic document set"):
        offtopic.read_documents(tmp_path / "x.tsv")


def test_evaluate_runs_the_given_stages_over_every_document(tmp_path):
    path = tmp_path / "offtopic.jsonl"
    path.write_text('{"id": "o1", "text": "Rain."}\n{"id": "o2", "text": "Sun."}\n')
    result = offtopic.evaluate_offtopic(path, stages=[])
    assert result["documents"] == 2 and result["violent_events"] == 0
    assert result["gold_file"] == str(path)


def test_gwn_selection_follows_its_rule(shared):
    """Every GWN article is chosen or excluded with a reason; a screen match kept has a note."""
    selection = json.loads(SELECTION.read_text(encoding="utf-8"))
    source = gate.gold_path(selection["source"])
    assert gate.file_hash(source) == selection["sha256"]
    screen = re.compile(selection["screen"], re.IGNORECASE)
    chosen = {entry["id"]: entry for entry in selection["articles"]}
    excluded = {entry["id"]: entry["why"] for entry in selection["excluded"]}
    assert len(chosen) + len(excluded) == len(chosen | excluded)
    for article in ET.parse(source).getroot().iter("article"):
        file_id = article.get("file")
        assert (file_id in chosen) != (file_id in excluded), file_id
        matched = screen.search(f"{article.findtext('title')}\n{article.findtext('text')}")
        if file_id in chosen:
            assert bool(matched) == ("note" in chosen[file_id]), file_id
