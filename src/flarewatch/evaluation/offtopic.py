"""Violent events found in documents that are not about political violence (negative sets).

The pipeline runs on each document as it does for the events scorer; every ASSAULT or
COERCE event it outputs there is a false positive. Inputs, by the file's form:

- GeoVirus XML (`<article><source/><text/></article>`): WikiNews reports on disease
  outbreaks, read as `places.py` reads them; ids `geovirus-N` (N counts articles from 0);
- a selection file (`.json`, `data/gwn-nonconflict.json`): `{"source": "shared:PATH",
  "sha256": ..., "articles": [{"id": ...}]}` naming GeoWebNews articles (`<article file=ID>`)
  chosen as off-topic; ids `gwn-ID`;
- JSONL documents `{"id", "date", "text"}`, other keys (`events: []`, `topic`) ignored.

`python -m flarewatch.evaluation.offtopic FILE [--errors]` prints the metrics as JSON and,
with `--errors`, one tab-separated line a violent event: document, type, mode, trigger
words, event text, sentence.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flarewatch.model import Document, Event

VIOLENT_TYPES = ("ASSAULT", "COERCE")
TOP_TRIGGERS = 10


def read_geovirus(path: Path) -> Iterator[Document]:
    """GeoVirus articles as undated documents (the file gives no dates), URL as `url`."""
    for number, article in enumerate(ET.parse(path).getroot().iter("article")):
        text, url = article.findtext("text") or "", article.findtext("source")
        yield Document(f"geovirus-{number}", text, url=url)


def read_selection(path: Path) -> Iterator[Document]:
    """The GeoWebNews articles a selection file names, once the source's hash is checked."""
    from flarewatch.evaluation.gate import file_hash, gold_path

    selection = json.loads(path.read_text(encoding="utf-8"))
    source = gold_path(selection["source"])
    if file_hash(source) != selection["sha256"]:
        raise ValueError(f"{source} changed since {path.name} chose its articles")
    articles = {a.get("file"): a for a in ET.parse(source).getroot().iter("article")}
    chosen = [entry["id"] for entry in selection["articles"]]
    missing = sorted(set(chosen) - articles.keys())
    if missing:
        raise ValueError(f"{path.name}: articles {missing} not in {source}")
    for file_id in chosen:
        article = articles[file_id]
        yield Document(f"gwn-{file_id}", article.findtext("text") or "",
                       title=article.findtext("title"), url=article.findtext("link"))


def read_jsonl(path: Path) -> Iterator[Document]:
    """One document a line; `date` (YYYY-MM-DD or ISO datetime) is optional."""
    from flarewatch.api import as_date

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            yield Document(record["id"], record["text"], date=as_date(record.get("date")))


def read_documents(path: Path) -> Iterator[Document]:
    readers = {".xml": read_geovirus, ".json": read_selection, ".jsonl": read_jsonl}
    if path.suffix not in readers:
        raise ValueError(f"{path}: not an off-topic document set (.xml, .json or .jsonl)")
    return readers[path.suffix](path)


def violent_detail(doc: Document, event: Event) -> dict[str, Any]:
    """A false positive as a developer needs to see it: where, which type, which words."""
    sentence = doc.sentence_at(event.start)
    return {
        "doc_id": doc.id, "event": event.event, "mode": event.mode,
        "trigger": doc.text[event.trigger_start:event.trigger_end],
        "event_text": event.event_text, "start": event.start, "end": event.end,
        "sentence": doc.text[sentence.start:sentence.end] if sentence else "",
    }


@dataclass
class OfftopicTally:
    documents: int = 0
    with_violent: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    violent: list[dict[str, Any]] = field(default_factory=list)

    def add(self, doc: Document) -> None:
        """Count one annotated document's events."""
        found = [violent_detail(doc, e) for e in doc.events if e.event in VIOLENT_TYPES]
        self.documents += 1
        self.with_violent += bool(found)
        self.by_type.update(event.event for event in doc.events)
        self.violent += found


def metrics(tally: OfftopicTally) -> dict[str, Any]:
    """Counts of documents and events; `violent_per_document` a mean; `by_type` events of
    every type found; `top_triggers` the commonest violent trigger words (lower-cased)."""
    violent = len(tally.violent)
    triggers = Counter(detail["trigger"].lower() for detail in tally.violent)
    return {
        "documents": tally.documents,
        "events": sum(tally.by_type.values()),
        "violent_events": violent,
        "violent_per_document": round(violent / tally.documents, 4) if tally.documents else 0.0,
        "documents_with_violent": tally.with_violent,
        "by_type": dict(tally.by_type.most_common()),
        "top_triggers": dict(triggers.most_common(TOP_TRIGGERS)),
        "violent": tally.violent,
    }


def evaluate_offtopic(path: Path, stages: Iterable[str] | None = None) -> dict[str, Any]:
    """Run the pipeline on every document of `path` and count the violent events found.

    The result holds the metrics of `metrics` and, under `violent`, one `violent_detail`
    a violent event (the gate leaves that list out of its output).
    """
    from flarewatch.pipeline import DEFAULT_PIPELINE, run_many

    tally = OfftopicTally()
    for doc in run_many(read_documents(Path(path)), stages or DEFAULT_PIPELINE):
        tally.add(doc)
    return {"gold_file": str(path), **metrics(tally)}


def error_lines(result: dict[str, Any]) -> list[str]:
    """One tab-separated line a violent event: doc, type, mode, trigger, event text, sentence."""
    keys = ("doc_id", "event", "mode", "trigger", "event_text", "sentence")
    return ["\t".join(" ".join((d[key] or "-").split()) for key in keys)
            for d in result["violent"]]


def main(argv: list[str]) -> int:
    """`FILE [--errors]`: the metrics as JSON, then the violent events when asked."""
    files = [arg for arg in argv if not arg.startswith("--")]
    if len(files) != 1:
        print("usage: python -m flarewatch.evaluation.offtopic FILE [--errors]", file=sys.stderr)
        return 2
    result = evaluate_offtopic(Path(files[0]))
    print(json.dumps({k: v for k, v in result.items() if k != "violent"}, indent=2))
    if "--errors" in argv:
        print("\n".join(error_lines(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
