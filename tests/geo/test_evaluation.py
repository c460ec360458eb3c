"""The places scorer on a tiny corpus in each gold format (written here, not copied)."""

from __future__ import annotations

from pathlib import Path

from flarewatch.evaluation.places import (
    evaluate_places,
    great_circle_km,
    match_spans,
    read_geovirus,
    read_gwn,
)
from flarewatch.model import Place

GEOVIRUS = """<articles><article><source>x</source>
<text>Cholera spread from Nairobi to Mombasa.</text>
<locations>
<location><name>Nairobi</name><start>20</start><end>27</end><lat>-1.28</lat><lon>36.82</lon></location>
<location><name>Mombasa</name><start>31</start><end>38</end><lat>-4.05</lat><lon>39.67</lon></location>
</locations></article></articles>"""

GWN = """<articles><article file="0"><title>t</title><link>l</link>
<text>Turkey said the Ankara talks failed.</text><toponyms>
<toponym><extractedName>Turkey</extractedName><type>Metonymic</type><start>0</start><end>6</end>
<geonamesID>298795</geonamesID><latitude>39.0</latitude><longitude>35.0</longitude></toponym>
<toponym><extractedName>talks</extractedName><type>Non_Lit_Expression</type><start>23</start>
<end>28</end><geonamesID/></toponym>
</toponyms></article></articles>"""


def test_readers_keep_toponyms_with_points(tmp_path: Path) -> None:
    (tmp_path / "gv.xml").write_text(GEOVIRUS, encoding="utf-8")
    (tmp_path / "gwn.xml").write_text(GWN, encoding="utf-8")
    assert len(next(read_geovirus(tmp_path / "gv.xml")).toponyms) == 2
    assert len(next(read_gwn(tmp_path / "gwn.xml")).toponyms) == 1


def test_match_is_one_to_one(tmp_path: Path) -> None:
    (tmp_path / "gwn.xml").write_text(GWN, encoding="utf-8")
    gold = next(read_gwn(tmp_path / "gwn.xml"))
    twice = [Place("Turkey", "Turkey", 39, 35, "country", start=0, end=6)] * 2
    assert len(match_spans(twice, gold.toponyms)) == 1


def test_great_circle_km_is_great_circle() -> None:
    assert abs(great_circle_km(0, 0, 0, 1) - 111.2) < 0.5


def test_evaluate_places_scores_a_small_corpus(tmp_path: Path) -> None:
    (tmp_path / "gv.xml").write_text(GEOVIRUS, encoding="utf-8")
    scores = evaluate_places(tmp_path / "gv.xml", "geovirus")
    assert scores["gold"] == 2 and scores["f1"] == 1.0 and scores["acc161"] == 1.0
