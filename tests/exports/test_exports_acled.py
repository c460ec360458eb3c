"""ACLED CSV: exact header, which events go in, and each coding rule."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from export_samples import AZE_MIL, CIVILIANS, KARABAKH_MIL, STEPANAKERT, TELLINGS, make_event

from flarewatch.exports import ACLED_COLUMNS, export
from flarewatch.exports.acled_codes import interaction
from flarewatch.model import AcledType, Entity, Event, Place

PROTEST = AcledType("Protests", "Peaceful protest")
INTERVENTION = AcledType("Protests", "Protest with intervention")
RIOT = AcledType("Riots", "Mob violence")
ATTACK = AcledType("Violence against civilians", "Attack")
ARMED_CLASH = AcledType("Battles", "Armed clash")
AGREEMENT = AcledType("Strategic developments", "Agreement")
BASE = AcledType("Strategic developments", "Headquarters or base established")
RUS_MIL = Entity(text="Russian troops", code="RUS", sector="MIL")
UN = Entity(text="UN peacekeepers", code="IGO", sector="MIL")
PROTESTERS = Entity(text="demonstrators", code="ARM", sector="CVL")
POLICE = Entity(text="police", code="ARM", sector="COP")
GUNMEN = Entity(text="unknown gunmen", code="AZE", sector="UAF")
YEREVAN = Place(text="Yerevan", name="Yerevan", lat=40.1811, lon=44.5136, precision="town",
                country="ARM", admin1="Yerevan")
ARMENIA = Place(text="Armenia", name="Armenia", lat=40.25, lon=45.0, precision="country",
                country="ARM")


def written_rows(tmp_path: Path, events: list[Event]) -> list[dict[str, str]]:
    path = tmp_path / "acled.csv"
    count = export(events, "acled-csv", path)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert count == len(rows)
    return rows


def test_header_is_acleds_column_list_exactly(tmp_path: Path) -> None:
    export([make_event()], "acled-csv", tmp_path / "a.csv")
    header = (tmp_path / "a.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == list(ACLED_COLUMNS)


def test_column_list_is_the_one_in_the_shared_spec(shared: Path) -> None:
    spec = (shared / "spec" / "ACLED.md").read_text(encoding="utf-8")
    listed = re.search(r"Export columns: (.*?)\.\n", spec, re.S)
    assert listed is not None
    assert [name.strip() for name in listed.group(1).split(",")] == list(ACLED_COLUMNS)


def test_a_shelling_row(tmp_path: Path) -> None:
    (row,) = written_rows(tmp_path, [make_event()])
    assert row == {
        "event_id_cnty": "AZE-ev-0000000000000001", "event_date": "2023-09-19",
        "year": "2023", "time_precision": "1", "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Azerbaijan Armed Forces", "assoc_actor_1": "", "inter1": "1",
        "actor2": "Artsakh Defense Army", "assoc_actor_2": "", "inter2": "2",
        "interaction": "12", "civilian_targeting": "", "iso": "31",
        "region": "Caucasus and Central Asia", "country": "Azerbaijan", "admin1": "Khankendi",
        "admin2": "", "admin3": "", "location": "Khankendi", "latitude": "39.8177",
        "longitude": "46.7528", "geo_precision": "1", "source": "seed-1", "source_scale": "",
        "notes": "shelled positions (according to the ombudsman)", "fatalities": "27",
        "tags": "", "timestamp": "",
    }


def test_an_event_told_several_times_is_one_row_of_the_same_columns(tmp_path: Path) -> None:
    (once,) = written_rows(tmp_path, [make_event()])
    (told,) = written_rows(tmp_path, [make_event(mentions=TELLINGS)])
    assert list(told) == list(ACLED_COLUMNS) and told == once


@pytest.mark.parametrize(
    ("changes", "exported"),
    [
        ({}, True),
        ({"acled": None, "event": "CONSULT"}, False),
        ({"modality": "claimed"}, True),
        ({"modality": "denied"}, True),
        ({"modality": "negated"}, False),
        ({"modality": "planned"}, False),
        ({"modality": "threatened"}, False),
        ({"modality": "hypothetical"}, False),
    ],
)
def test_which_events_go_in(tmp_path: Path, changes: dict[str, object], exported: bool) -> None:
    assert len(written_rows(tmp_path, [make_event(**changes)])) == int(exported)


@pytest.mark.parametrize(
    ("changes", "inter1", "inter2", "code", "targeting"),
    [
        ({}, "1", "2", "12", ""),
        ({"recipient": CIVILIANS, "acled": ATTACK}, "1", "7", "17", "Civilian targeting"),
        ({"actor": RUS_MIL, "recipient": AZE_MIL, "acled": ARMED_CLASH}, "8", "1", "18", ""),
        ({"actor": UN, "recipient": None}, "8", "", "80", ""),
        ({"actor": GUNMEN, "recipient": CIVILIANS, "acled": ATTACK}, "3", "7", "37",
         "Civilian targeting"),
        ({"actor": PROTESTERS, "recipient": None, "acled": PROTEST, "event_loc": YEREVAN},
         "6", "", "60", ""),
        ({"actor": PROTESTERS, "recipient": POLICE, "acled": INTERVENTION,
          "event_loc": YEREVAN}, "6", "1", "16", ""),
        ({"actor": PROTESTERS, "recipient": CIVILIANS, "acled": RIOT, "event_loc": YEREVAN},
         "5", "7", "57", "Civilian targeting"),
        ({"actor": POLICE, "recipient": PROTESTERS, "acled": RIOT, "event_loc": YEREVAN},
         "1", "5", "15", ""),
        ({"actor": None, "recipient": None}, "", "", "", ""),
        ({"actor": Entity(text="someone", sector="UNK"), "recipient": KARABAKH_MIL},
         "", "2", "20", ""),
        # issue 10: the sides as the ACLED decision reads them (data/events/acled_sides.tsv)
        ({"actor": GUNMEN, "recipient": GUNMEN, "acled": ARMED_CLASH}, "3", "2", "23", ""),
        ({"actor": AZE_MIL, "recipient": None, "acled": ARMED_CLASH}, "1", "2", "12", ""),
        ({"actor": POLICE, "recipient": None, "acled": INTERVENTION, "event_loc": YEREVAN},
         "1", "6", "16", ""),
        ({"actor": PROTESTERS, "recipient": Entity(text="the EU", code="IGO"),
          "acled": PROTEST, "event_loc": YEREVAN}, "6", "", "60", ""),
        ({"actor": Entity(text="an angry crowd", sector="UAF"), "recipient": CIVILIANS,
          "acled": RIOT}, "5", "7", "57", "Civilian targeting"),
        ({"actor": Entity(text="two men", code="AZE", sector="CVL"), "recipient": CIVILIANS,
          "acled": ATTACK}, "3", "7", "37", "Civilian targeting"),
        ({"actor": Entity(text="ethnic militiamen", sector="UAF"), "recipient": CIVILIANS,
          "acled": ATTACK}, "4", "7", "47", "Civilian targeting"),
        ({"actor": AZE_MIL, "recipient": CIVILIANS, "acled": ARMED_CLASH}, "1", "2", "12", ""),
        ({"actor": AZE_MIL, "recipient": KARABAKH_MIL, "acled": AGREEMENT, "event_loc": YEREVAN},
         "1", "2", "12", ""),
        ({"actor": AZE_MIL, "recipient": KARABAKH_MIL, "acled": BASE}, "1", "", "10", ""),
    ],
)
def test_actor_types_and_interaction(
    tmp_path: Path, changes: dict[str, object], inter1: str, inter2: str, code: str,
    targeting: str,
) -> None:
    (row,) = written_rows(tmp_path, [make_event(**changes)])
    assert (row["inter1"], row["inter2"], row["interaction"]) == (inter1, inter2, code)
    assert row["civilian_targeting"] == targeting


@pytest.mark.parametrize(
    ("changes", "column", "expected"),
    [
        ({"date_precision": "week"}, "time_precision", "2"),
        ({"date_precision": "month"}, "time_precision", "3"),
        ({"date_precision": "year"}, "time_precision", "3"),
        ({"date": None, "enddate": None}, "event_date", ""),
        ({"event_loc": ARMENIA}, "geo_precision", "3"),
        ({"event_loc": ARMENIA}, "iso", "51"),
        ({"event_loc": ARMENIA}, "event_id_cnty", "ARM-ev-0000000000000001"),
        ({"event_loc": None}, "location", ""),
        ({"event_loc": None}, "iso", ""),
        ({"event_loc": None}, "event_id_cnty", "XXX-ev-0000000000000001"),
        ({"size": make_event().size.__class__()}, "fatalities", "0"),
        ({"acled": AcledType("Riots", "Violent demonstration")}, "disorder_type",
         "Demonstrations"),
        ({"acled": AcledType("Protests", "Excessive force against protesters")},
         "disorder_type", "Political violence; Demonstrations"),
        ({"acled": AcledType("Strategic developments", "Arrests")}, "disorder_type",
         "Strategic developments"),
        ({"modality": "denied", "claimed_by": None}, "notes", "shelled positions [denied]"),
        ({"event_loc": STEPANAKERT}, "region", "Caucasus and Central Asia"),
    ],
)
def test_coded_fields(
    tmp_path: Path, changes: dict[str, object], column: str, expected: str
) -> None:
    (row,) = written_rows(tmp_path, [make_event(**changes)])
    assert row[column] == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [(1, 7, "17"), (7, 1, "17"), (2, 2, "22"), (None, 6, "60"), (None, None, "")],
)
def test_interaction_is_lower_code_first(
    first: int | None, second: int | None, expected: str
) -> None:
    assert interaction(first, second) == expected


@pytest.mark.parametrize(("doc_id", "cell"), [
    ('=HYPERLINK("http://127.0.0.1/x","click")', '\'=HYPERLINK("http://127.0.0.1/x","click")'),
    ("+1-555", "'+1-555"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("report-7", "report-7"), ("a=b", "a=b"),  # traps: nothing to defuse
])
def test_a_cell_that_would_run_as_a_formula_is_defused(tmp_path, doc_id, cell):
    out = tmp_path / "e.csv"
    export([make_event(doc_id=doc_id)], "acled-csv", out)
    (row,) = csv.DictReader(out.open(newline="", encoding="utf-8"))
    assert row["source"] == cell


def test_a_recipient_that_is_the_actor_again_is_no_second_actor(tmp_path: Path) -> None:
    (row,) = written_rows(tmp_path, [make_event(actor=GUNMEN, recipient=GUNMEN)])
    assert (row["actor1"], row["actor2"]) == ("Unidentified Armed Group (Azerbaijan)", "")


def table_entity(written: str) -> Entity | None:
    """`CODE SECTOR words [= name]` of acled_actor_cells.tsv; `-` as CODE: none."""
    if written == "-":
        return None
    words, _, name = written.partition(" = ")
    code, sector, text = words.split(" ", 2)
    return Entity(text=text, code=None if code == "-" else code, sector=sector, name=name or None)


def actor_cell_rows() -> list[tuple[str, str, str, str, str]]:
    path = Path(__file__).parent / "data" / "acled_actor_cells.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")[:5]) for line in lines  # type: ignore[misc]
            if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(("actor", "recipient", "sub_event", "country", "cells"),
                         actor_cell_rows())
def test_actor_names_as_acled_writes_them(
    tmp_path: Path, actor: str, recipient: str, sub_event: str, country: str, cells: str,
) -> None:
    kinds = {"Armed clash": "Battles", "Attack": "Violence against civilians",
             "Protest with intervention": "Protests",
             "Air/drone strike": "Explosions/Remote violence"}
    place = Place(text="X", name="X", lat=10.0, lon=10.0, precision="town", country=country)
    event = make_event(actor=table_entity(actor), recipient=table_entity(recipient),
                       acled=AcledType(kinds[sub_event], sub_event),
                       event_loc=None if country == "-" else place)
    (row,) = written_rows(tmp_path, [event])
    written = [row[name] for name in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")]
    assert written == [cell.strip() for cell in cells.split("|")]
