"""The gazetteer's sorted name index: rows of a name, and how far a name may run in text.

`NameIndex.reach` replaced an Aho-Corasick automaton's `longest_prefix` (index version 6);
the tests compare the two over every position of real texts and over near-miss names.
"""

from __future__ import annotations

import pickle
import random
import xml.etree.ElementTree as ET
from array import array
from collections.abc import Iterator
from pathlib import Path

import ahocorasick
import pytest

from flarewatch.geo.build import fold, place_columns
from flarewatch.geo.index import Gazetteer, NameIndex, load_gazetteer, shared_prefix
from flarewatch.geo.sources import GazetteerRow
from flarewatch.paths import REPO_DIR

TINY = NameIndex.of_table({"new york": (5, 9), "new": (1,), "york": (6,), "newark": (2,),
                           "nyala": (3,), "ab": (4,)})


@pytest.mark.parametrize(("query", "reach"), [
    ("new york city", 8),  # a whole name, then more
    ("new yorker", 8),
    ("new yo", 6),  # a prefix of a name only
    ("new jersey", 4),  # "new" and the space that "new york" goes on with
    ("newa", 4),
    ("nyx", 2),
    ("n", 1),
    ("york", 4),
    ("yoke", 2),
    ("a", 1),  # before every name
    ("aa", 1),
    ("zanzibar", 0),  # after every name
    ("", 0),
    ("bronx", 0),
])
def test_reach_is_the_longest_prefix_that_begins_a_name(query: str, reach: int) -> None:
    assert TINY.reach(query) == reach


@pytest.mark.parametrize(("folded", "rows"), [
    ("new york", [5, 9]), ("new", [1]), ("ab", [4]), ("new yo", []), ("", []), ("zz", []),
])
def test_rows_of_a_name_in_building_order(folded: str, rows: list[int]) -> None:
    assert list(TINY.rows(folded)) == rows
    assert (folded in TINY) is bool(rows)


def test_an_empty_index_knows_nothing() -> None:
    empty = NameIndex.of_table({})
    assert (empty.reach("kyiv"), list(empty.rows("kyiv")), "kyiv" in empty) == (0, [], False)


@pytest.mark.parametrize(("one", "other", "length"), [
    ("kharkiv", "kharkov", 5), ("gao", "gao", 3), ("gao", "gaoual", 3), ("", "x", 0),
    ("x", "", 0), ("ağdam", "ağri", 2),
])
def test_shared_prefix(one: str, other: str, length: int) -> None:
    assert shared_prefix(one, other) == length


def test_columns_keep_every_value_and_share_equal_strings() -> None:
    rows = [GazetteerRow(-59, "Gaza Strip", 31.4167, 34.3333, "PS", "", "region", 0, ()),
            GazetteerRow(13_696_960, "Asia", 29.84064, 89.29688, "", "", "continent",
                         3_812_366_000, ("Asia",)),
            GazetteerRow(6, "Gaza", 31.50161, 34.46672, "".join(["P", "S"]), "", "city", 9, ())]
    columns = pickle.loads(pickle.dumps(place_columns(rows), protocol=pickle.HIGHEST_PROTOCOL))
    assert [tuple(column[n] for column in columns.values()) for n in range(3)] == [
        tuple(value for field, value in row._asdict().items() if field != "aliases")
        for row in rows]
    assert columns["country"][0] is columns["country"][2]  # pickled once, loaded once
    assert isinstance(columns["population"], array)


def test_a_hand_made_payload_and_a_built_one_agree() -> None:
    rows = [GazetteerRow(1, "Most", 50.5, 13.6, "CZ", "85", "city", 66_000, ("Most",)),
            GazetteerRow(2, "Mostar", 43.3, 17.8, "BA", "01", "city", 100_000, ("Mostar",))]
    columns = place_columns(rows)
    hand_made = Gazetteer({"columns": columns, "names": {"most": [0], "mostar": [1]}})
    built = Gazetteer({"columns": columns, "names": ("most", "mostar"),
                       "name_rows": (array("i", [0, 1, 2]), array("i", [0, 1]))})
    for gazetteer in (hand_made, built):
        assert [c.geonameid for c in gazetteer.candidates("MOSTAR")] == [2]
        assert gazetteer.name_reach("in mostar.", 3) == 6


@pytest.fixture(scope="module")
def automaton() -> ahocorasick.Automaton:
    """A trie of every name of the real index, as index version 5 pickled it."""
    trie = ahocorasick.Automaton()
    for name in load_gazetteer()._names.names:
        trie.add_word(name, len(name))
    return trie


def sample_texts() -> Iterator[str]:
    for path in sorted((REPO_DIR / "samples").iterdir()):
        yield path.read_text(encoding="utf-8")
    for path in sorted((Path(__file__).parent).glob("*.tsv")):
        yield path.read_text(encoding="utf-8")


def differing_positions(text: str, automaton: ahocorasick.Automaton) -> list[int]:
    """The positions of `text` where the gazetteer's reach differs from the automaton's."""
    gazetteer, folded = load_gazetteer(), fold(text)
    return [start for start in range(len(folded) + 1)
            if gazetteer.name_reach(folded, start)
            != automaton.longest_prefix(folded[start : start + 200])]


def test_reach_equals_the_automatons_on_every_position_of_the_samples(
    automaton: ahocorasick.Automaton,
) -> None:
    assert [differing_positions(text, automaton) for text in sample_texts()] == [
        [] for _ in sample_texts()]


def test_reach_equals_the_automatons_on_every_position_of_geovirus(
    automaton: ahocorasick.Automaton, shared: Path,
) -> None:
    root = ET.parse(shared / "data" / "geo" / "GeoVirus.xml").getroot()
    texts = [article.findtext("text") or "" for article in root.iter("article")]
    assert len(texts) > 200
    assert [differing_positions(text, automaton) for text in texts] == [[] for _ in texts]


def near_misses(names: tuple[str, ...], count: int, seed: int = 12) -> Iterator[str]:
    """Names cut short, run on, or with one character changed: prefixes of names that are
    no names, and names that go on into text."""
    chance = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyz '-.,éğ"
    for name in chance.sample(names, count):
        cut = chance.randrange(len(name) + 1)
        yield name[:cut]
        yield name + chance.choice(alphabet) + chance.choice(names)
        yield name[:cut] + chance.choice(alphabet) + name[cut + 1 :]


def test_reach_equals_the_automatons_on_near_misses(automaton: ahocorasick.Automaton) -> None:
    names = load_gazetteer()._names
    differing = [query for query in near_misses(names.names, 20_000)
                 if names.reach(query) != automaton.longest_prefix(query)]
    assert differing == []
