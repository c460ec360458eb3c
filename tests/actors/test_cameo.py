"""CAMEO <-> PLOVER tables: a table of type + mode -> root + quad class, and the shared source."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from flarewatch.actors.cameo import cameo_root, cameo_to_plover, quad_class
from flarewatch.model import PLOVER_TYPES

CASES = Path(__file__).with_name("cameo_cases.tsv")


def _cases() -> list[tuple[str, str, str, int]]:
    with CASES.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return [(r["plover"], r["mode"], r["cameo_root"], int(r["quad_class"])) for r in rows]


@pytest.mark.parametrize(("plover", "mode", "root", "quad"), _cases())
def test_cameo_root_and_quad(plover: str, mode: str, root: str, quad: int) -> None:
    assert cameo_root(plover, mode or None) == root
    assert quad_class(plover) == quad


@pytest.mark.parametrize("plover", PLOVER_TYPES)
def test_every_plover_type_has_a_root(plover: str) -> None:
    root = cameo_root(plover, None)
    assert root is not None and re.fullmatch(r"\d\d", root)
    assert quad_class(plover) in (1, 2, 3, 4)


def test_unknown_type_gives_none() -> None:
    assert cameo_root("DOCUMENT", None) is None and quad_class("DOCUMENT") is None


def test_every_shared_code_is_converted(shared: Path) -> None:
    source = (shared / "data" / "plover" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    codes = set(re.findall(r"^(\d{3,4}):", source, flags=re.MULTILINE))
    assert codes == set(cameo_to_plover())
    assert cameo_to_plover()["194"] == ("ASSAULT", "heavy-weapons")
