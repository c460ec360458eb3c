"""scripts/convert_petrarch.py gives a regionally coded group the one country its name names."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
CASES = [line.split("\t") for line in
         (Path(__file__).parent / "group_countries.tsv").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def script() -> ModuleType:
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(SCRIPTS))  # its sibling tsv_output
        path = SCRIPTS / "convert_petrarch.py"
        spec = importlib.util.spec_from_file_location("convert_petrarch", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        patch.setitem(sys.modules, spec.name, module)  # its dataclasses look it up
        spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "expected"), CASES)
def test_named_country(script: ModuleType, name: str, expected: str) -> None:
    assert script.named_country(name) == (None if expected == "-" else expected)
