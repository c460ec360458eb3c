"""The converted dictionaries are what the scripts make from the shared sources today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flarewatch.paths import DATA_DIR, REPO_DIR

OUTPUTS = {
    "convert_petrarch.py": ("actors", ("petrarch_actors.tsv", "petrarch_agents.tsv")),
    "convert_cameo.py": ("cameo", ("cameo2plover.tsv", "plover2cameo.tsv")),
}


@pytest.mark.parametrize("script", sorted(OUTPUTS))
def test_regenerated_tables_equal_the_committed_ones(
    script: str, shared: Path, tmp_path: Path
) -> None:
    folder, names = OUTPUTS[script]
    command = [sys.executable, str(REPO_DIR / "scripts" / script),
               "--shared", str(shared), "--out", str(tmp_path)]
    subprocess.run(command, check=True, capture_output=True)
    for name in names:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / folder / name).read_bytes(), name
