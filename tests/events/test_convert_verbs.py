"""scripts/convert_verbs.py reads PETRARCH verb blocks: block codes, own codes, patterns skipped."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "convert_verbs.py"

BLOCK = """---  KILL   [190]  ---
KILL
MURDER [186]
+WIPE_OUT
- * (IN ACCIDENT)   [---]   # KILL
---  ACCELERATE   [---]  ---
HASTEN
"""


def load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("convert_verbs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_verb_codes() -> None:
    codes = list(load_script().verb_codes(BLOCK.splitlines()))
    assert codes == [("kill", "190"), ("murder", "186")]
