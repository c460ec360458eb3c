"""The parts of `flarewatch.fusion.score.pair_score` that tell one incident from a look-alike:
place (same, next town, unplaced), days (same, next, further), tolls (a revision or another
strike) and the words of the evidence clauses. Half the rows are traps: pairs that look
alike and must not get the part."""

from __future__ import annotations

import datetime as dt

import pytest

from flarewatch.fusion.blocking import Member, weights
from flarewatch.fusion.score import (
    anchored,
    clause_bag,
    cosine,
    day_parts,
    distance_parts,
    may_reach,
    pair_parts,
    pair_score,
    particulars,
    place_parts,
    toll_parts,
    victim_count,
)

TOWNS = {  # name: (geonameid, lat, lon), real coordinates rounded
    "Kherson": (1, 46.64, 32.61), "Bure": (2, 10.70, 37.07), "Finote Selam": (3, 10.70, 37.27),
    "Kherson-port": (4, 46.62, 32.58), "Bahir Dar": (5, 11.59, 37.39),
}


def member(place: str | None = None, day: str | None = "2024-02-12", precision: str = "day",
           dead: int | None = None, evidence: str = "", doc: str = "a",
           published: str | None = None) -> Member:
    town = TOWNS.get(place or "")
    return Member({
        "id": f"e-{doc}", "doc_id": doc, "event": "ASSAULT", "mode": None, "actor_code": None,
        "recipient_code": None, "dead": dead, "evidence": evidence, "event_text": "",
        "place_geonameid": town[0] if town else None, "place_lat": town[1] if town else None,
        "place_lon": town[2] if town else None, "place_precision": "town" if town else None,
        "place_country": "UKR" if town else None, "place_admin1": None,
        "date": dt.date.fromisoformat(day) if day else None, "date_precision": precision,
        "doc_date": dt.date.fromisoformat(published) if published else None})


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Kherson", "Kherson", {"same_place": 1.0}),
    ("Kherson", "Kherson-port", {"same_place": 1.0}),  # 3 km apart: one town
    ("Bure", "Finote Selam", {"nearby_place": 1.0}),  # 22 km: the next town may tell one incident
    ("Bure", "Bahir Dar", {"place_conflict": 1.0}),  # trap: 100 km, another place
    ("Kherson", None, {"unplaced": 1.0}),  # trap: no place is no agreement
    (None, None, {"unplaced": 1.0}),  # trap
])
def test_place_parts(a, b, expected):
    assert place_parts(member(a), member(b, doc="b")) == expected


@pytest.mark.parametrize(("a", "b", "precision", "expected"), [
    ("2024-02-12", "2024-02-12", "day", {"same_day": 1.0}),
    ("2024-02-12", "2024-02-13", "day", {"next_day": 1.0}),
    ("2024-02-12", "2024-02-14", "day", {"days_apart": 1.0}),  # trap: two days apart
    ("2024-02-12", "2024-02-12", "month", {}),  # trap: a month is no day
    ("2024-02-14", "2024-02-12", "day", {"days_apart": 1.0}),  # trap: either order
])
def test_day_parts(a, b, precision, expected):
    assert day_parts(member(day=a, precision=precision),
                     member(day=b, precision=precision, doc="b")) == expected


@pytest.mark.parametrize(("told", "published", "basis", "expected"), [
    (None, "2024-02-12", "narrative", {}),  # carried from the report's day told before it
    (None, "2024-02-14", "narrative", {}),  # carried from an earlier day
    (None, "2024-02-12", "report", {"same_day": 1.0}),  # trap: the report's own day (lede)
    ("on Monday", "2024-02-14", "text", {"same_day": 1.0}),  # trap: told in its own words
    # rows stored before the column (NULL): a wordless day not the report's was carried
    (None, "2024-02-14", None, {}),
    (None, "2024-02-12", None, {"same_day": 1.0}),  # trap: the report's own day
    ("on Monday", "2024-02-14", None, {"same_day": 1.0}),  # trap: a day in its own words
    (None, None, None, {"same_day": 1.0}),  # trap: a row without the report's date
])
def test_day_parts_of_a_narrative_day(told, published, basis, expected):
    carried = member(day="2024-02-12", published=published)
    carried.row.update(date_text=told, date_basis=basis)
    assert day_parts(carried, member(day="2024-02-12", doc="b")) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    (5, 5, {"same_toll": 1.0}),
    (5, 7, {}),  # a revised toll is no conflict
    (23, 26, {}),
    (5, 2, {"toll_conflict": 1.0}),  # trap: another strike
    (None, 7, {}),  # trap: an unknown toll says nothing
    (0, 4, {"toll_conflict": 1.0}),  # trap: no one hurt against four dead
])
def test_toll_parts(a, b, expected):
    assert toll_parts(member(dead=a), member(dead=b, doc="b")) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((3, "2023-03-19"), (5, "2023-03-27"), {}),  # the toll rose in a later report
    ((5, "2023-03-27"), (3, "2023-03-19"), {}),  # either order
    ((4, "2024-06-01"), (12, "2024-06-02"), {}),  # tripled overnight, bodies found
    ((5, "2023-03-19"), (2, "2023-03-27"), {"toll_conflict": 1.0}),  # trap: later, lower
    ((2, "2024-06-01"), (9, "2024-06-02"), {"toll_conflict": 1.0}),  # trap: beyond a rise
    ((0, "2024-06-01"), (4, "2024-06-03"), {"toll_conflict": 1.0}),  # trap: none hurt, then 4
])
def test_toll_risen_in_later_report(a, b, expected):
    """A later report's higher toll, at most `rise_ratio` times the earlier, is a
    revision (`score.risen`); a lower one, or one far higher, is still a conflict."""
    first = member(dead=a[0], published=a[1])
    second = member(dead=b[0], published=b[1], doc="b")
    assert toll_parts(first, second) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("43 persons", "15 people", {"toll_conflict": 1.0}),  # two abductions
    ("nearly 300 people", "the 18 men", {"toll_conflict": 1.0}),
    ("five villagers", "5 people", {}),  # one group counted twice
    ("twenty-five worshippers", "25 worshippers", {}),
    ("villagers", "43 persons", {}),  # trap: an uncounted side says nothing
    ("", "", {}),  # trap
])
def test_victims_counted_far_apart_conflict(a, b, expected):
    first, second = member(), member(doc="b")
    first.row["recipient_text"], second.row["recipient_text"] = a, b
    assert {k: v for k, v in pair_parts(first, second).items() if k == "toll_conflict"} == expected


@pytest.mark.parametrize(("words", "count"), [
    ("43 persons", 43), ("nearly 300 people", 300), ("five villagers", 5), ("villagers", None),
])
def test_victim_count(words, count):
    side = member()
    side.row["recipient_text"] = words
    assert victim_count(side) == count


@pytest.mark.parametrize(("a", "b", "shared"), [
    ("Shells landed between the stalls of the central market", "the market was shelled", True),
    ("A car bomb exploded at the Hodan checkpoint", "the car bombing at the checkpoint", True),
    ("gunmen opened fire in a bar", "bodies were found on a road", False),  # trap
    ("a drone hit a tanker off the coast", "protesters marched to parliament", False),  # trap
])
def test_context_is_the_cosine_of_the_evidence_clauses(a, b, shared):
    parts = pair_parts(member(evidence=a), member(evidence=b, doc="b"))
    assert parts["context"] == round(cosine(clause_bag(a), clause_bag(b)), 3)
    assert (parts["context"] > 0) is shared


ANCHOR_PAIRS = [
    # tied by something particular
    (member("Kherson", evidence="A drone hit a market in Kherson"),
     member("Kherson", evidence="Shelling killed two", doc="b"), True),
    (member(evidence="The strike on the Al-Amal clinic killed three"),
     member(evidence="Three died at Al-Amal, medics said", doc="b"), True),
    (member(evidence="Gunmen killed 14 villagers at a wedding"),
     member(evidence="the toll rose to 14 at the wedding", doc="b"), True),
    (member(evidence="a drone struck a bus of the Kamoa mine"),
     member(evidence="the drone hit the Kamoa workers' bus", doc="b"), True),
    # traps: only what every event of that day shares
    (member(evidence="Two people were killed, officials said"),
     member(evidence="Two soldiers were killed, the army said", doc="b"), False),
    (member(evidence="Shelling killed civilians on Monday"),
     member(evidence="An air strike killed civilians on Monday", doc="b"), False),
    (member("Kherson", evidence="Shelling killed two civilians"),
     member("Bure", evidence="Shelling killed two civilians", doc="b"), False),
    (member(evidence="Police arrested protesters"),
     member(evidence="Soldiers fired at a car", doc="b"), False),
]


@pytest.mark.parametrize(("a", "b", "anchored_pair"), ANCHOR_PAIRS)
def test_only_something_particular_anchors_a_pair(a, b, anchored_pair):
    parts = pair_parts(a, b)
    assert anchored(parts) is anchored_pair


@pytest.mark.parametrize(("a", "b", "anchored_pair"), ANCHOR_PAIRS)
def test_may_reach_the_floor_only_when_anchored(a, b, anchored_pair):
    """The shortcut of fusion's edges (`may_reach`) says no only to a pair whose full score
    stays under the edge floor: an unanchored one."""
    floor = weights()["edge_floor"]
    assert may_reach(a, b, floor) is anchored_pair
    if not anchored_pair:
        assert pair_score(a, b)[0] < floor


@pytest.mark.parametrize(("text", "expected"), [
    ("The strike on the Al-Amal clinic in Rafah killed 5", {"al-amal", "rafah", "5"}),
    ("Gunmen killed villagers", set()),  # trap: the first word is capitalised anyway
    ("Two were killed, The Army said", {"army"}),  # "The" is a stop word
    ("Shelling on Monday 3 March killed civilians", {"3"}),  # trap: no calendar names
    ("Five people died when a strike hit 12 houses", {"5", "12"}),  # words and digits alike
    ("One soldier was killed", set()),  # trap: one is no particular
    ("Two were killed and 2 wounded", set()),  # trap: nor is two
])
def test_particulars_are_names_and_numbers(text, expected):
    assert particulars(text) == frozenset(expected)


@pytest.mark.parametrize(("km", "expected"), [
    (0.5, {"same_place": 1.0}), (9.9, {"same_place": 1.0}),
    (25.0, {"nearby_place": 1.0}),  # the district town and its village: an anchor only
    (49.0, {"nearby_place": 1.0}),
    (51.0, {"place_conflict": 1.0}),  # trap: the next district over
    (200.0, {"place_conflict": 1.0}),
])
def test_distance_parts(km, expected):
    assert distance_parts(km) == expected
