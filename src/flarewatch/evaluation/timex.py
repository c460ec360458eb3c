"""Time-expression scoring (shared `eval/SCORING.md`, "Time expressions").

Gold: `eval/timex/*.tsv`, standoff TIMEX3 annotation of documents in the shared data (a
document reference, offsets, the expected surface text, type and value; never the texts).
Recognition P/R/F1 with relaxed (overlap) matching, one to one, as TempEval-3 does; value
accuracy over matched pairs. Gold of type DATE is scored. Gold of other types marks spans
where a prediction is neither right nor wrong, since only DATEs are annotated exhaustively.
The dev set is GeoWebNews (`GWN`), re3d (`RE3D`), the seed report (`SEED`) and the project's
own wire reports (`OWN`, `eval/gold/own-wire.jsonl`) together; scores are also given per corpus.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from flarewatch.evaluation.matching import one_to_one
from flarewatch.ingest import TXT_HEADER
from flarewatch.model import Timex
from flarewatch.paths import REPO_DIR, shared_dir
from flarewatch.timex import find_timexes

GOLD_DIR = REPO_DIR / "eval" / "timex"
GWN_DEV = GOLD_DIR / "gwn_dev.tsv"
RE3D_DEV = GOLD_DIR / "re3d_dev.tsv"
SEED_DEV = GOLD_DIR / "seed_dev.tsv"
OWN_DEV = GOLD_DIR / "own_dev.tsv"
DEV_SET: tuple[Path, ...] = (GWN_DEV, RE3D_DEV, SEED_DEV, OWN_DEV)
HELD_OUT: tuple[Path, ...] = (GOLD_DIR / "gwn_heldout.tsv",)
OWN_WIRE = REPO_DIR / "eval" / "gold" / "own-wire.jsonl"

GoldFiles = Path | tuple[Path, ...]


@dataclass(frozen=True)
class GoldTimex:
    doc: str
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class GoldDocument:
    corpus: str
    doc: str
    date: dt.date | None  # None: the publication date is not known ("-" in the file)
    text: str
    timexes: tuple[GoldTimex, ...]


@cache
def _gwn_texts(path: Path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    articles = root.iter("article")
    return {article.get("file", ""): article.findtext("text") or "" for article in articles}


@cache
def _re3d_texts(path: Path) -> dict[str, str]:
    """A re3d `documents.json`: one JSON document a line, keyed by its `_id`."""
    with open(path, encoding="utf-8") as handle:
        documents = [json.loads(line) for line in handle if line.strip()]
    return {document["_id"]: document["text"] for document in documents}


@cache
def _seed_text(path: Path) -> str:
    """A seed `.txt` report: the body after its `date ... Z` header (as `flarewatch.ingest`)."""
    text = path.read_bytes().decode("utf-8")
    header = TXT_HEADER.match(text)
    return text[header.end() :] if header else text


@cache
def _own_texts(path: Path) -> dict[str, str]:
    """The project's own wire reports: one JSON record a line, keyed by its `id`."""
    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return {record["id"]: record["text"] for record in records}


def document_text(corpus: str, doc: str) -> str:
    """GWN: the article `file` attribute; RE3D: `<subfolder>/<document _id>`; SEED: the seed
    file's stem (`data/seed/<doc>.txt`); OWN: the record `id` in `eval/gold/own-wire.jsonl`."""
    data = shared_dir() / "data"
    if corpus == "GWN":
        return _gwn_texts(data / "geo" / "GWN.xml")[doc]
    if corpus == "RE3D":
        folder, _, doc_id = doc.rpartition("/")
        return _re3d_texts(data / "re3d" / folder / "documents.json")[doc_id]
    if corpus == "SEED":
        return _seed_text(data / "seed" / f"{doc}.txt")
    if corpus == "OWN":
        return _own_texts(OWN_WIRE)[doc]
    raise ValueError(f"unknown corpus {corpus!r}")


def _paths(files: GoldFiles) -> tuple[Path, ...]:
    return (files,) if isinstance(files, Path) else files


def _read_rows(path: Path) -> dict[tuple[str, str, str], list[GoldTimex]]:
    """The rows of one gold file, grouped by (corpus, doc, doc_date)."""
    rows: dict[tuple[str, str, str], list[GoldTimex]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            gold = GoldTimex(row["doc"], int(row["start"]), int(row["end"]), row["text"],
                             row["type"], row["value"])
            rows.setdefault((row["corpus"], row["doc"], row["doc_date"]), []).append(gold)
    return rows


def _checked_document(corpus: str, doc: str, date: str, timexes: list[GoldTimex]) -> GoldDocument:
    """The document with its text; raises where a span does not give its expected words."""
    text = document_text(corpus, doc)
    for gold in timexes:
        if text[gold.start : gold.end] != gold.text:
            where = f"{corpus} {doc}: span {gold.start}-{gold.end}"
            raise ValueError(f"{where} is not {gold.text!r}")
    day = None if date == "-" else dt.date.fromisoformat(date)
    return GoldDocument(corpus, doc, day, text, tuple(timexes))


def load_gold(files: GoldFiles = DEV_SET) -> list[GoldDocument]:
    """The annotated documents of one gold file or several (the dev set: GWN, RE3D, SEED,
    OWN); a `.jsonl` file carries its own texts (`read_jsonl`)."""
    documents = []
    for path in _paths(files):
        if path.suffix == ".jsonl":
            documents += read_jsonl(path)
            continue
        for (corpus, doc, date), timexes in _read_rows(path).items():
            documents.append(_checked_document(corpus, doc, date, timexes))
    return documents


def read_jsonl(path: Path) -> list[GoldDocument]:
    """Self-contained sentences (`eval/timex/*.jsonl`): `{"id", "date", "text", "timexes":
    [{"start", "end", "text", "type", "value"}]}`; raises where a span misses its words."""
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        timexes = tuple(GoldTimex(record["id"], t["start"], t["end"], t["text"], t["type"],
                                  t["value"]) for t in record["timexes"])
        for gold in timexes:
            if record["text"][gold.start : gold.end] != gold.text:
                raise ValueError(f"{path.name} {record['id']}: span {gold.start}-{gold.end}")
        date = dt.date.fromisoformat(record["date"]) if record.get("date") else None
        documents.append(GoldDocument(path.stem, record["id"], date, record["text"], timexes))
    return documents


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _scored_predictions(predicted: list[Timex], gold: tuple[GoldTimex, ...]) -> list[Timex]:
    """DATE predictions, and any prediction overlapping a gold DATE; none inside other gold."""
    dates = [g for g in gold if g.type == "DATE"]
    others = [g for g in gold if g.type != "DATE"]
    kept = []
    for timex in predicted:
        on_date = any(_overlap(timex.start, timex.end, g.start, g.end) for g in dates)
        on_other = any(_overlap(timex.start, timex.end, g.start, g.end) for g in others)
        if on_date or (timex.type == "DATE" and not on_other):
            kept.append(timex)
    return kept


def align(predicted: list[Timex], gold: list[GoldTimex]) -> list[tuple[Timex, GoldTimex]]:
    """One-to-one pairs of overlapping spans, the largest overlaps first."""
    options = [
        (_overlap(p.start, p.end, g.start, g.end), i, j)
        for i, p in enumerate(predicted) for j, g in enumerate(gold)
        if _overlap(p.start, p.end, g.start, g.end)
    ]
    ordered = ((i, j) for _, i, j in sorted(options, reverse=True))
    return [(predicted[i], gold[j]) for i, j in one_to_one(ordered)]


def _predict(document: GoldDocument, use_parse: bool) -> list[Timex]:
    """The product's time expressions: with `use_parse`, the pipeline's `parse`, `places`
    and `timexes` stages (the places give the locale rule of numeric dates and the local
    time zone, as in extraction); without it, the recogniser on the bare text."""
    if not use_parse:
        return find_timexes(document.text, document.date, None)
    from flarewatch.api import annotate

    return annotate(document.text, document.date, "gold", ["parse", "places", "timexes"]).timexes


def _compare_document(document: GoldDocument, use_parse: bool) -> list[dict[str, Any]]:
    """Per gold DATE or scored prediction of one document: expected and found."""
    predicted = _scored_predictions(_predict(document, use_parse), document.timexes)
    gold = [g for g in document.timexes if g.type == "DATE"]
    pairs = align(predicted, gold)
    matched_p = {id(p) for p, _ in pairs}
    matched_g = {id(g) for _, g in pairs}
    key = {"corpus": document.corpus, "doc": document.doc}
    rows = [{**key, "gold": g.text, "gold_value": g.value, "text": p.text, "value": p.value,
             "ok": p.value == g.value} for p, g in pairs]
    rows += [{**key, "gold": g.text, "gold_value": g.value, "text": None, "value": None,
              "ok": False} for g in gold if id(g) not in matched_g]
    rows += [{**key, "gold": None, "gold_value": None, "text": p.text, "value": p.value,
              "ok": False} for p in predicted if id(p) not in matched_p]
    return rows


def compare(use_parse: bool = True, files: GoldFiles = DEV_SET) -> list[dict[str, Any]]:
    """Per gold DATE or scored prediction: what was expected and what came out (for reading)."""
    return [row for document in load_gold(files) for row in _compare_document(document, use_parse)]


def _scores(rows: list[dict[str, Any]], documents: int) -> dict[str, Any]:
    """Relaxed recognition P/R/F1 and value accuracy over compared rows."""
    matched = sum(1 for row in rows if row["text"] is not None and row["gold"] is not None)
    predicted = sum(1 for row in rows if row["text"] is not None)
    gold = sum(1 for row in rows if row["gold"] is not None)
    correct = sum(1 for row in rows if row["ok"])
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": documents, "gold": gold, "predicted": predicted, "matched": matched,
        "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "value_correct": correct,
        "value_accuracy": round(correct / matched, 4) if matched else 0.0,
    }


def evaluate(use_parse: bool = True, files: GoldFiles = DEV_SET) -> dict[str, Any]:
    """Scores on an annotated set (the dev set: GWN, RE3D, SEED, OWN), overall and `by_corpus`."""
    documents = load_gold(files)
    rows = [row for document in documents for row in _compare_document(document, use_parse)]
    corpora = sorted({document.corpus for document in documents})
    by_corpus = {
        corpus: _scores([row for row in rows if row["corpus"] == corpus],
                        sum(1 for document in documents if document.corpus == corpus))
        for corpus in corpora
    }
    return {**_scores(rows, len(documents)), "by_corpus": by_corpus}


if __name__ == "__main__":
    import sys

    chosen = HELD_OUT if "--held-out" in sys.argv else DEV_SET
    if "--errors" in sys.argv:
        for row in compare(files=chosen):
            if not row["ok"]:
                print(json.dumps(row, ensure_ascii=False))
    print(json.dumps(evaluate(files=chosen), indent=2))
