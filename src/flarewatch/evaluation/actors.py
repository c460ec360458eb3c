"""Actor coding scored on the PLOVER gold standard records (PLOVER_GSR_CAMEO.txt).

Every gold source/target actor has an `actorText`, a CAMEO-era country code and often a
sector. Two scores: the phrase coder alone (`code_phrase(actorText)`), and the `actors`
stage on the whole sentence (the mention overlapping the actorText). Gold codes are mapped
to ISO alpha-3 and gold agent codes to PLOVER sectors with `data/actors/cameo_codes.tsv`.
The records' dates are placeholders, so coding uses no date (latest senses).

    .venv/bin/python -m flarewatch.evaluation.actors
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flarewatch import pipeline
from flarewatch.actors import code_phrase
from flarewatch.model import Document, Entity
from flarewatch.paths import DATA_DIR, shared_dir


@dataclass(frozen=True)
class GoldActor:
    sentence: str
    text: str
    code: str
    sector: str | None


@cache
def _cameo_codes(kind: str) -> dict[str, str]:
    with (DATA_DIR / "actors" / "cameo_codes.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return {row["cameo"]: row["plover"] for row in rows if row["kind"] == kind}


def gold_actors(path: Path | None = None) -> Iterator[GoldActor]:
    path = path or shared_dir() / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"
    for record in json.loads(path.read_text(encoding="utf-8")):
        if record.get("event") == "DOCUMENT":
            continue
        for side in ("source", "target"):
            actors = record.get(side) or []
            for actor in [actors] if isinstance(actors, dict) else actors:
                if isinstance(actor, dict) and actor.get("actorText") and actor.get("code"):
                    code = str(_cameo_codes("country").get(actor["code"], actor["code"]))
                    sector = _cameo_codes("sector").get((actor.get("sector") or "")[:3].upper())
                    yield GoldActor(record["text"], actor["actorText"], code, sector)


def _mention_entity(doc: Document, gold: GoldActor) -> Entity | None:
    """The mention overlapping the gold actorText's first occurrence in the sentence (gold
    texts may be discontinuous, "U.S. ... negotiators": then its first piece found)."""
    pieces = [gold.text.strip()] + re.split(r"\s*\.\.+\s*|\s{2,}|\s+", gold.text.strip())
    found = [(doc.text.find(piece), piece) for piece in pieces if piece]
    found = [(start, piece) for start, piece in found if start >= 0]
    if not found:
        return None
    start, piece = found[0]
    end = start + len(piece)
    overlapping = [m for m in doc.actors if m.start < end and start < m.end]
    coded = [m for m in overlapping if m.entity.code] or overlapping
    return min(coded, key=lambda m: m.end - m.start).entity if coded else None


def evaluate(path: Path | None = None) -> dict[str, float | int]:
    golds = list(gold_actors(path))
    docs: dict[str, Document] = {}
    scores = {"phrase_code": 0, "stage_code": 0, "stage_found": 0, "sector_scored": 0,
              "phrase_sector": 0, "stage_sector": 0}
    for gold in golds:
        if gold.sentence not in docs:
            docs[gold.sentence] = pipeline.run(Document("gsr", gold.sentence), ["parse", "actors"])
        _score(scores, gold, code_phrase(gold.text), _mention_entity(docs[gold.sentence], gold))
    total, sectors = len(golds), max(scores["sector_scored"], 1)
    return {
        "actors": total,
        "phrase_code_accuracy": round(scores["phrase_code"] / total, 4),
        "stage_code_accuracy": round(scores["stage_code"] / total, 4),
        "stage_mention_recall": round(scores["stage_found"] / total, 4),
        "sector_scored": scores["sector_scored"],
        "phrase_sector_accuracy": round(scores["phrase_sector"] / sectors, 4),
        "stage_sector_accuracy": round(scores["stage_sector"] / sectors, 4),
    }


def _score(scores: dict[str, int], gold: GoldActor, phrase: Entity | None,
           stage: Entity | None) -> None:
    scores["phrase_code"] += bool(phrase and phrase.code == gold.code)
    scores["stage_code"] += bool(stage and stage.code == gold.code)
    scores["stage_found"] += stage is not None
    if gold.sector:
        scores["sector_scored"] += 1
        scores["phrase_sector"] += bool(phrase and phrase.sector == gold.sector)
        scores["stage_sector"] += bool(stage and stage.sector == gold.sector)


if __name__ == "__main__":
    print(json.dumps(evaluate(), indent=2))
