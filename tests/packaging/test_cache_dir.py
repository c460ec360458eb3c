"""Where the built indexes go (`paths.cache_dir`) in a checkout and in an installed package,
and the note the first load of the gazetteer writes on stderr while it builds the index."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from flarewatch import paths
from flarewatch.geo import index

# (FLAREWATCH_CACHE, checkout (pyproject.toml at REPO_DIR), XDG_CACHE_HOME, expected folder);
# "TMP" stands for the test's temporary folder, HOME is TMP/home.
CASES = [
    ("TMP/chosen", True, "", "TMP/chosen"),
    ("TMP/chosen", False, "TMP/xdg", "TMP/chosen"),
    ("", True, "TMP/xdg", "TMP/repo/.cache"),
    ("", False, "TMP/xdg", "TMP/xdg/flarewatch"),
    ("", False, "", "TMP/home/.cache/flarewatch"),
    ("", False, "relative/xdg", "TMP/home/.cache/flarewatch"),  # XDG: relative is ignored
]


@pytest.mark.parametrize(("configured", "checkout", "xdg", "expected"), CASES)
def test_cache_dir_by_where_the_package_runs(
    configured: str, checkout: bool, xdg: str, expected: str,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def here(value: str) -> str:
        return value.replace("TMP", str(tmp_path))

    repo = tmp_path / "repo"
    repo.mkdir()
    if checkout:
        (repo / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    monkeypatch.setattr(paths, "REPO_DIR", repo)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name, value in (("FLAREWATCH_CACHE", configured), ("XDG_CACHE_HOME", xdg)):
        if value:
            monkeypatch.setenv(name, here(value))
        else:
            monkeypatch.delenv(name, raising=False)
    found = paths.cache_dir()
    assert found == Path(here(expected))
    assert found.is_dir()


def test_this_checkout_is_recognised_as_one() -> None:
    assert paths.in_checkout()
    assert (paths.REPO_DIR / "src" / "flarewatch" / "paths.py").is_file()


def tiny_index(path: Path) -> Path:
    payload = {"columns": {}, "names": {"kyiv": (0,)}, "automaton": None}
    path.write_bytes(pickle.dumps(payload))
    return path


@pytest.mark.parametrize(("cached", "noted"), [(False, True), (True, False)])
def test_first_load_says_it_builds_the_gazetteer(
    cached: bool, noted: bool, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "gazetteer.pickle"
    if cached:
        tiny_index(path)
    monkeypatch.setattr(index, "index_path", lambda: path)
    monkeypatch.setattr(index, "build_index", lambda: path if path.exists() else tiny_index(path))
    gazetteer = index.load_gazetteer.__wrapped__()
    assert gazetteer.knows("Kyiv")
    note = f"flarewatch: building the offline gazetteer (once, about 20 s) into {tmp_path}\n"
    assert (capsys.readouterr().err == note) is noted
