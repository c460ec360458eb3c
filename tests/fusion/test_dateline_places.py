"""A place only a dateline gave (`flarewatch.fusion.blocking.dateline_placed`) is where the
report was filed, not a place fusion trusts: it blocks nothing, its report's places anchor
it, and a fused record takes a place a source names in its text over it
(`flarewatch.fusion.reconcile.place_of`). In the project's own words; half the rows are
traps."""

from __future__ import annotations

from pathlib import Path

import pytest

from flarewatch.fusion.blocking import Member, dateline_placed, placed, places_apart
from flarewatch.fusion.reconcile import place_of
from flarewatch.model import Document
from flarewatch.storage import open_store
from flarewatch.storage.query import EventQuery

REPORTS = Path(__file__).parent / "data" / "dateline_reports.jsonl"
DHAKA = {"place_name": "Dhaka", "place_lat": 23.71, "place_lon": 90.41,
         "place_precision": "town", "place_country": "BGD", "place_geonameid": 1185241}
KHAGRACHHARI = {"place_name": "Khagrachhari", "place_lat": 23.12, "place_lon": 91.98,
                "place_precision": "town", "place_country": "BGD", "place_geonameid": 1336139}


def member(head: str, place_start: int | None, place: dict[str, object] = DHAKA) -> Member:
    return Member({"id": f"e-{place_start}", "doc_id": "d", "fusion_country": "BGD",
                   "doc_head": head, "place_start": place_start, **place})


@pytest.mark.parametrize(("head", "start", "expected"), [
    ("DHAKA, Aug 18 - Gunmen shot dead three activists", 0, True),
    ("Activists killed\n\nDHAKA, Aug 18 (Agency) - Gunmen shot dead", 18, True),  # below a headline
    ("DHAKA — Gunmen shot dead three activists late on Saturday", 0, True),
    ("Gunmen shot dead three activists in Dhaka late on Saturday", 36, False),  # trap: no dateline
    ("DHAKA, Aug 18 - Gunmen shot dead three activists in Khulna", 51, False),  # trap: the body's
    ("DHAKA, Aug 18 - Gunmen shot dead three activists", None, False),  # trap: no place
])
def test_a_dateline_place_is_the_one_its_dateline_names(head, start, expected):
    assert dateline_placed(member(head, start)) is expected
    assert placed(member(head, start)) is not expected


@pytest.mark.parametrize(("start", "apart"), [
    (0, False),  # Dhaka only as the dateline: the killing may be anywhere
    (51, True),  # trap: Dhaka named in the text, 170 km from Khagrachhari
])
def test_a_dateline_place_blocks_nothing(start, apart):
    filed = member("DHAKA, Aug 18 - Gunmen shot dead three activists in Dhaka", start)
    named = member("Three activists were shot dead in the town of Khagrachhari", 45,
                   KHAGRACHHARI)
    assert places_apart(filed, named) is apart


@pytest.mark.parametrize(("members", "expected"), [
    ([("DHAKA, Aug 18 - Gunmen", 0, DHAKA), ("Shot dead in Khagrachhari", 15, KHAGRACHHARI)],
     "Khagrachhari"),
    ([("DHAKA, Aug 18 - Gunmen", 0, DHAKA)], "Dhaka"),  # trap: no other place named
    ([("Gunmen in Dhaka fired", 10, DHAKA), ("Shot dead in Khagrachhari", 15, KHAGRACHHARI)],
     "Dhaka"),  # trap: both named in the text, the first (oldest) of equal rank
])
def test_a_fused_record_takes_a_named_place_over_a_dateline(members, expected):
    found = place_of([member(head, start, place) for head, start, place in members])
    assert found is not None and found["place_name"] == expected


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_a_report_filed_from_the_capital_fuses_with_the_town_it_names(tmp_path, order):
    """hill-1 is datelined Dhaka, tells no place for the killing and names Khagrachhari
    district; hill-2 places it in the town of Khagrachhari, 170 km from Dhaka (apart before:
    `blocked:place`). coast-1, also datelined Dhaka, places its own killing in Cox's Bazar:
    a trap, it stays apart. Any order of ingest gives the same partition."""
    from flarewatch.ingest import read_inputs
    from flarewatch.pipeline import run_many

    docs = list(run_many(d for d in read_inputs([str(REPORTS)]) if isinstance(d, Document)))
    with open_store(str(tmp_path / "datelines.db")) as store:
        for index in order:
            store.add_documents([docs[index]])
        records = list(store.query_events(EventQuery()))
    partition = sorted(sorted(source.doc_id for source in r.sources) for r in records)
    assert partition == [["coast-1"], ["hill-1", "hill-2"]]
    hill = next(r for r in records if len(r.sources) == 2)
    assert hill.event_loc is not None and hill.event_loc.name == "Khagrachhari"
