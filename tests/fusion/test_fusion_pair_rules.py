"""The rules of `flarewatch.fusion.score` told by pairs of records (`data/pair_rules.tsv`):
a region holds its towns but a district only those near its seat (`score.contains`), a
country holds every town and anchors less (`in_country`), and a telling that counts its
happenings ("the two attacks", "both bombings") is none of them (`score.several`), and an
unplaced telling is placed by a town its report names near the other's (`score.nearby_town`);
a coarse anchor alone needs the same day or a particular (`score.corroborated`), dates
spanning days get no day part (`score.several_days`), the name of a side both give is no
particular (`score.shared_field_words`), and two sites listed with "and" are several
happenings (`score.listed_sites`); targets of no common kind (a ship, a house) or victims
of no common kind (soldiers, children), and named parts of a town with no word in common
(the Shash Darak area, Dasht-e-Barchi), are two happenings (`score.target_parts`,
`score.victim_parts`, `score.site_parts`), while one side's version against the other's
(a depot or a block of flats, militants or civilians) is not; an unplaced telling naming
a camp of its own is not placed by its report's town (`score.named_sites`).
Each row says whether the pair scores the threshold (one incident) and a part that must hold or not;
half the rows are traps."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from flarewatch.fusion.blocking import Member, compatible, weights
from flarewatch.fusion.score import pair_score

TABLE = Path(__file__).parent / "data" / "pair_rules.tsv"
PLACES = {  # name: (geonameid, lat, lon, precision, country, admin1), real places, rounded
    "Cauca": (1, 2.19, -76.93, "region", "COL", "Cauca"),
    "El Plateado": (2, 2.31, -77.08, "town", "COL", "Cauca"),
    "Colombia": (3, 4.0, -73.25, "country", "COL", None),
    "Jamundi": (4, 3.26, -76.54, "town", "COL", "Valle del Cauca"),
    "Dera Ismail Khan": (5, 31.97, 70.72, "region", "PAK", "Khyber Pakhtunkhwa"),
    "Kulachi": (6, 31.93, 70.46, "town", "PAK", "Khyber Pakhtunkhwa"),
    "Kalat": (7, 28.76, 66.43, "region", "PAK", "Balochistan"),
    "Mastung": (8, 29.80, 66.85, "town", "PAK", "Balochistan"),
    "Kirkuk province": (9, 35.41, 44.02, "region", "IRQ", "Kirkuk"),
    "Kirkuk": (10, 35.47, 44.39, "town", "IRQ", "Kirkuk"),
    "Kabul": (11, 34.53, 69.17, "town", "AFG", "Kabul"),
    "Kherson": (12, 46.64, 32.61, "town", "UKR", "Khersonska oblast"),
    "Arcahaie": (13, 18.77, -72.51, "town", "HTI", "Ouest"),
    "Port-au-Prince": (14, 18.54, -72.34, "town", "HTI", "Ouest"),
    "Saint-Marc": (15, 19.11, -72.69, "town", "HTI", "Artibonite"),
    "Bokkos": (16, 9.30, 8.99, "town", "NGA", "Plateau"),
}


def table_rows() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def place_columns(name: str) -> dict[str, Any]:
    """The `place_*` columns of a key of PLACES."""
    geonameid, lat, lon, precision, country, admin1 = PLACES[name]
    return {"place_name": name.removesuffix(" province"), "place_geonameid": geonameid,
            "place_lat": lat, "place_lon": lon, "place_precision": precision,
            "place_country": country, "place_admin1": admin1}


def located(name: str, other: str) -> dict[str, Any]:
    """The place columns of a side: a key of PLACES; `-` for none in a report that names
    none; `-KEY` for none in a report that names KEY (`report_places`). An unplaced side
    takes its fusion country from the other side's place (or the one its report names)."""
    if not name.startswith("-"):
        return {**place_columns(name), "fusion_country": PLACES[name][4]}
    named = [place_columns(name[1:])] if name != "-" else []
    country = PLACES[name[1:] if named else other.lstrip("-")][4]
    unplaced = {key: None for key in place_columns(other.lstrip("-"))}
    return {**unplaced, "fusion_country": country, "report_places": named}


def member(row: dict[str, str], side: str) -> Member:
    other = "b" if side == "a" else "a"
    day = dt.date.fromisoformat(row[f"{side}_day"])
    dead = row.get(f"{side}_dead") or None
    columns: dict[str, Any] = {
        "id": f"e-{side}", "doc_id": f"doc-{side}", "event": row[f"{side}_event"], "mode": None,
        "actor_code": None, "recipient_code": None, "dead": int(dead) if dead else None,
        "event_text": row[f"{side}_trigger"], "evidence": row[f"{side}_text"],
        **located(row[f"{side}_place"], row[f"{other}_place"]),
        "date": day, "enddate": day, "date_precision": "day", "date_text": "on the day",
        "doc_date": day}
    return Member({**columns, **extra_columns(row.get(f"{side}_extra"))})


def extra_columns(cell: str | None) -> dict[str, Any]:
    """The `name=value` columns of an `extra` cell, `;` between them: `-` is none, a
    YYYY-MM-DD value a date, digits a number."""
    found: dict[str, Any] = {}
    for item in filter(None, (cell or "").split(";")):
        name, value = (part.strip() for part in item.split("=", 1))
        found[name] = None if value == "-" else column_value(value)
    return found


def column_value(value: str) -> Any:
    if value.isdigit():
        return int(value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


@pytest.mark.parametrize("row", table_rows(), ids=lambda row: row["rule"])
def test_pair_rule(row: dict[str, str]) -> None:
    a, b = member(row, "a"), member(row, "b")
    assert compatible(a, b)
    score, parts = pair_score(a, b)
    part = row["part"]
    assert (part.lstrip("-") in parts) is not part.startswith("-"), parts
    assert (score >= weights()["threshold"]) is (row["same"] == "yes"), (score, parts)


def test_half_the_rows_are_traps() -> None:
    verdicts = [row["same"] for row in table_rows()]
    assert set(verdicts) == {"yes", "no"}
    assert abs(verdicts.count("yes") - verdicts.count("no")) <= 1
