"""Geoparsing scores on GeoVirus and GeoWebNews (shared eval/SCORING.md, "Places").

Gold toponyms are those with a point: in GeoWebNews that keeps literal, metonymic, mixed,
coercion, embedded and modifier toponyms (demonyms "Russian" included, as GWN codes them)
and drops non-toponyms, bare demonyms without coordinates, languages and homonyms.
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flarewatch.evaluation.matching import great_circle_km, one_to_one
from flarewatch.model import Document, Place


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    lat: float
    lon: float


@dataclass(frozen=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


def read_geovirus(path: Path) -> Iterator[GoldArticle]:
    for article in ET.parse(path).getroot().iter("article"):
        toponyms = tuple(
            GoldToponym(int(loc.findtext("start") or 0), int(loc.findtext("end") or 0),
                        float(loc.findtext("lat") or 0), float(loc.findtext("lon") or 0))
            for loc in article.iter("location")
        )
        yield GoldArticle(article.findtext("text") or "", toponyms)


def read_gwn(path: Path) -> Iterator[GoldArticle]:
    for article in ET.parse(path).getroot().iter("article"):
        toponyms = tuple(
            GoldToponym(int(t.findtext("start") or 0), int(t.findtext("end") or 0),
                        float(t.findtext("latitude") or 0), float(t.findtext("longitude") or 0))
            for t in article.iter("toponym") if t.findtext("latitude")
        )
        yield GoldArticle(article.findtext("text") or "", toponyms)


def read_jsonl(path: Path) -> Iterator[GoldArticle]:
    """Our own sets (`eval/places/*.jsonl`): `{"text", "toponyms": [{"start", "end", "lat",
    "lon", "kind"}]}`, demonyms included (kind `demonym`)."""
    import json

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            toponyms = tuple(GoldToponym(t["start"], t["end"], t["lat"], t["lon"])
                             for t in record["toponyms"])
            yield GoldArticle(record["text"], toponyms)


def match_spans(
    predicted: list[Place], gold: tuple[GoldToponym, ...]
) -> list[tuple[Place, GoldToponym]]:
    """One-to-one pairs of overlapping spans, larger overlaps first."""
    overlaps = [
        (min(p.end, g.end) - max(p.start, g.start), i, j)
        for i, p in enumerate(predicted) for j, g in enumerate(gold)
        if p.start < g.end and g.start < p.end
    ]
    ordered = ((i, j) for _, i, j in sorted(overlaps, reverse=True))
    return [(predicted[i], gold[j]) for i, j in one_to_one(ordered)]


def geoparse_article(text: str, with_demonyms: bool = False) -> list[Place]:
    """The places the pipeline finds, with the demonyms where the gold counts them (GWN)."""
    from flarewatch.pipeline import run

    doc = run(Document("eval", text), ["parse", "places"])
    return sorted(doc.places + (doc.demonyms if with_demonyms else []), key=lambda p: p.start)


def score(counts: dict[str, int], errors: list[float]) -> dict[str, float | int]:
    precision = counts["matched"] / counts["predicted"] if counts["predicted"] else 0.0
    recall = counts["matched"] / counts["gold"] if counts["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        **counts, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
        "acc161": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else 0.0,
        "within50": round(sum(e <= 50 for e in errors) / len(errors), 4) if errors else 0.0,
        "median_km": round(statistics.median(errors), 1) if errors else 0.0,
    }


def evaluate_places(xml_path: Path, kind: str) -> dict[str, float | int]:
    """Recognition P/R/F1 and resolution acc@161, share within 50 km, median error.

    `kind` is "geovirus" or "gwn" (the two corpora's XML formats) or "jsonl" (our own
    sets, `read_jsonl`). GeoWebNews and our sets count demonyms as toponyms ("Turkish"),
    GeoVirus does not: demonyms are scored on GWN and our sets only.
    """
    reader = {"geovirus": read_geovirus, "gwn": read_gwn, "jsonl": read_jsonl}[kind]
    counts = {"gold": 0, "predicted": 0, "matched": 0}
    errors: list[float] = []
    for article in reader(Path(xml_path)):
        predicted = geoparse_article(article.text, with_demonyms=kind in ("gwn", "jsonl"))
        pairs = match_spans(predicted, article.toponyms)
        counts["gold"] += len(article.toponyms)
        counts["predicted"] += len(predicted)
        counts["matched"] += len(pairs)
        errors += [great_circle_km(p.lat, p.lon, g.lat, g.lon) for p, g in pairs]
    return score(counts, errors)


def gsr_location_records(path: Path) -> Iterator[tuple[str, list[str], str]]:
    """(sentence, event words, gold place name) from PLOVER gold records with an eventLoc."""
    import json

    for record in json.loads(path.read_text(encoding="utf-8")):
        location, text = record.get("eventLoc") or {}, record.get("text") or ""
        words = [w for w in (record.get("eventText") or "").split() if w in text]
        if location.get("name") and words:
            yield text, words, location["name"]


def trigger_span(doc: Document, words: list[str]) -> tuple[int, int]:
    """The event word highest in the parse ("bombing" of "roadside bombing")."""
    def depth(word: str) -> int:
        start = doc.text.index(word)
        span = doc.parse.char_span(start, start + len(word), alignment_mode="expand")
        return len(list(span.root.ancestors)) if span is not None else 99

    word = min(words, key=depth)
    return doc.text.index(word), doc.text.index(word) + len(word)


def names_match(gold_name: str, place: Place) -> bool:
    """Gold names may carry a place noun: "town of Rafah" matches Rafah."""
    gold = gold_name.lower()
    return gold in {place.name.lower(), place.text.lower()} or place.text.lower() in gold.split(
        " of ")[-1:]


def evaluate_event_locations(path: Path) -> dict[str, float | int]:
    """Event locations on the PLOVER gold sentences that code one (`eventLoc`).

    Each sentence gets one hand-made event at the gold `eventText` word highest in the
    parse, so the score is the locations stage's alone: correct when the chosen place's
    text or name equals the gold name ("town of X" counts as X); `none` counts sentences
    where none was chosen.
    """
    from flarewatch.model import Event
    from flarewatch.pipeline import run

    counts = {"scored": 0, "correct": 0, "none": 0}
    for text, words, name in gsr_location_records(Path(path)):
        doc = run(Document("gsr", text), ["parse", "places"])
        start, end = trigger_span(doc, words)
        doc.events = [Event("ASSAULT", 0, len(text), 0, text[start:end], start, end)]
        place = run(doc, ["locations"]).events[0].event_loc
        counts["scored"] += 1
        counts["none"] += place is None
        counts["correct"] += place is not None and names_match(name, place)
    return {**counts, "accuracy": round(counts["correct"] / max(1, counts["scored"]), 4)}
