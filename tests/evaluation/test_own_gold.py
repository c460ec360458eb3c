"""Structural checks for the project's own blind event gold, eval/gold/own-wire.jsonl.

The checker is a plain function so it can be shown to fail on broken input; it
needs nothing outside the repository.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold" / "own-wire.jsonl"

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT",
}

ACLED_SUB_EVENT_TYPES = {
    # Battles
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    # Explosions/Remote violence
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade",
    # Violence against civilians
    "Sexual violence", "Attack", "Abduction/forced disappearance",
    # Protests
    "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    # Riots
    "Violent demonstration", "Mob violence",
    # Strategic developments
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other",
}

SECTORS = {
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
}

MODALITIES = {"asserted", "reported", "claimed", "denied", "planned", "threatened",
              "hypothetical", "negated"}

EVENT_KEYS = {"event", "mode", "acled", "actor", "recipient", "claimed_by", "event_loc", "date",
              "enddate", "size", "modality", "evidence", "optional", "note"}

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _valid_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return False
    parts = value.split("-")
    try:
        if len(parts) == 3:
            dt.date.fromisoformat(value)
        elif len(parts) == 2:
            dt.date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        return False
    return True


def _check_entity(where: str, ent: object, errors: list[str]) -> None:
    if not isinstance(ent, dict) or not isinstance(ent.get("code"), str):
        errors.append(f"{where}: entity needs a string code")
        return
    if not re.fullmatch(r"[A-Z]{3}", ent["code"]):
        errors.append(f"{where}: bad code {ent['code']!r}")
    if "sector" in ent and ent["sector"] not in SECTORS:
        errors.append(f"{where}: bad sector {ent['sector']!r}")
    extra = set(ent) - {"code", "sector"}
    if extra:
        errors.append(f"{where}: unknown entity keys {sorted(extra)}")


def check_gold_lines(lines: list[str]) -> list[str]:
    """Every problem found in the JSONL lines of a gold file (empty when it is sound)."""
    errors: list[str] = []
    seen_ids: set[str] = set()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            errors.append(f"line {n}: blank line")
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: not JSON ({exc})")
            continue
        if not isinstance(doc, dict):
            errors.append(f"line {n}: not an object")
            continue
        doc_id = doc.get("id")
        where = f"line {n} ({doc_id})"
        if not isinstance(doc_id, str) or not doc_id:
            errors.append(f"{where}: missing id")
        elif doc_id in seen_ids:
            errors.append(f"{where}: duplicate id")
        else:
            seen_ids.add(doc_id)
        if not (isinstance(doc.get("date"), str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["date"])
                and _valid_date(doc["date"])):
            errors.append(f"{where}: document date must be YYYY-MM-DD")
        text = doc.get("text")
        if not isinstance(text, str) or not text:
            errors.append(f"{where}: missing text")
            continue
        events = doc.get("events")
        if not isinstance(events, list) or not events:
            errors.append(f"{where}: no events")
            continue
        for k, ev in enumerate(events):
            ew = f"{where} event {k}"
            if not isinstance(ev, dict):
                errors.append(f"{ew}: not an object")
                continue
            extra = set(ev) - EVENT_KEYS
            if extra:
                errors.append(f"{ew}: unknown keys {sorted(extra)}")
            if ev.get("event") not in PLOVER_TYPES:
                errors.append(f"{ew}: event type {ev.get('event')!r} is not PLOVER")
            if "acled" in ev and ev["acled"] not in ACLED_SUB_EVENT_TYPES:
                errors.append(f"{ew}: acled {ev['acled']!r} is not an ACLED sub-event type")
            evidence = ev.get("evidence")
            spans = [evidence] if isinstance(evidence, str) else evidence
            if not isinstance(spans, list) or not spans:
                errors.append(f"{ew}: evidence missing")
            else:
                for s in spans:
                    if not isinstance(s, str) or not s:
                        errors.append(f"{ew}: empty evidence")
                    elif text.count(s) != 1:
                        errors.append(f"{ew}: evidence {s!r} occurs {text.count(s)} times")
            for key in ("date", "enddate"):
                if key in ev and not _valid_date(ev[key]):
                    errors.append(f"{ew}: {key} {ev[key]!r} is not an ISO date")
            if "date" in ev and "enddate" in ev and _valid_date(ev["date"]) and _valid_date(ev["enddate"]):
                a, b = ev["date"], ev["enddate"]
                m = min(len(a), len(b))
                if a[:m] > b[:m]:
                    errors.append(f"{ew}: date {a} after enddate {b}")
                if b[:10] > doc.get("date", "9999"):
                    errors.append(f"{ew}: enddate {b} after the document date")
            for key in ("actor", "recipient", "claimed_by"):
                if key in ev:
                    _check_entity(f"{ew} {key}", ev[key], errors)
            if "event_loc" in ev:
                loc = ev["event_loc"]
                if not (isinstance(loc, dict) and isinstance(loc.get("name"), str)
                        and isinstance(loc.get("lat"), (int, float)) and -90 <= loc["lat"] <= 90
                        and isinstance(loc.get("lon"), (int, float)) and -180 <= loc["lon"] <= 180):
                    errors.append(f"{ew}: bad event_loc {loc!r}")
                elif "radius_km" in loc and not (isinstance(loc["radius_km"], (int, float)) and loc["radius_km"] > 0):
                    errors.append(f"{ew}: bad radius_km")
            if "size" in ev:
                dead = ev["size"].get("dead") if isinstance(ev["size"], dict) else None
                if not (isinstance(dead, int) and not isinstance(dead, bool) and dead >= 0):
                    errors.append(f"{ew}: size.dead must be a non-negative integer")
            if "modality" in ev and ev["modality"] not in MODALITIES:
                errors.append(f"{ew}: bad modality {ev['modality']!r}")
            if "optional" in ev and ev["optional"] is not True:
                errors.append(f"{ew}: optional must be true when present")
    return errors


def _lines() -> list[str]:
    return GOLD.read_text(encoding="utf-8").splitlines()


def test_own_gold_is_sound():
    errors = check_gold_lines(_lines())
    assert errors == [], "\n".join(errors)


def test_own_gold_covers_every_plover_type():
    required = set()
    for line in _lines():
        for ev in json.loads(line)["events"]:
            if not ev.get("optional"):
                required.add(ev["event"])
    assert required == PLOVER_TYPES, sorted(PLOVER_TYPES - required)


def test_own_gold_size():
    docs = [json.loads(line) for line in _lines()]
    assert len(docs) >= 25
    assert all(d["id"].startswith("own-") for d in docs)


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["events"][0].update(evidence="words that are not in the text"), "occurs 0 times"),
        (lambda d: d["events"][0].update(event="FIGHT"), "is not PLOVER"),
        (lambda d: d["events"][0].update(acled="Shelling"), "not an ACLED sub-event type"),
        (lambda d: d["events"][0].update(date="2024-13-01"), "not an ISO date"),
        (lambda d: d.update(date="20 May 2025"), "YYYY-MM-DD"),
        (lambda d: d["events"][0].update(evidence=d["text"][0]), "times"),
    ],
)
def test_checker_catches_broken_gold(mutate, expected):
    doc = json.loads(_lines()[0])
    mutate(doc)
    errors = check_gold_lines([json.dumps(doc)])
    assert any(expected in e for e in errors), errors


def test_checker_rejects_bad_json_and_duplicate_ids():
    first = _lines()[0]
    assert any("not JSON" in e for e in check_gold_lines(["{not json"]))
    assert any("duplicate id" in e for e in check_gold_lines([first, first]))
