"""The wheel as a new user gets it (issue 12, item 7): built from this checkout, installed with
the dependencies it declares into a fresh virtual environment, then run with that
environment's own `flarewatch`: every import resolves, `extract` builds the gazetteer into the
per-user cache, `ingest` fills a SQLite file, `serve` answers /healthz, the dashboard and its
vendored Leaflet, world-atlas and Swagger UI files.

The install resolves from the package index, pinned by `-c requirements.lock` (quick from pip's
cache); the module skips, saying so, where the index cannot be reached, and fails on any other
install error. The checkout's front-end assets (`make install`) are required: without them the
wheel would ship a dashboard with no map, so their absence fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

REPO = Path(__file__).resolve().parents[2]
PACKAGE_SOURCE = REPO / "src" / "flarewatch"
VENDOR = PACKAGE_SOURCE / "web" / "static" / "vendor"
VENDOR_ASSETS = (  # what index.html, app.js and /docs load (scripts/install_frontend.sh)
    "leaflet/leaflet.js", "leaflet/leaflet.css", "markercluster/leaflet.markercluster.js",
    "topojson/topojson-client.min.js", "world-atlas/countries-50m.json",
    "swagger-ui/swagger-ui-bundle.js", "swagger-ui/swagger-ui.css",
)
NETWORK_ERRORS = (  # what pip prints when it cannot reach an index
    "NewConnectionError", "Failed to establish a new connection", "Temporary failure in name",
    "Name or service not known", "Network is unreachable", "ConnectTimeoutError",
    "ReadTimeoutError", "ProxyError",
)
BUILD_NOTE = "flarewatch: building the offline gazetteer"
SERVER_START_LIMIT_S = 120  # a server not answering by then has failed (not a speed check)

# Run by the installed environment's python: imports every module of the installed package,
# then every third-party module its sources import (lazy imports inside functions included),
# and psycopg (the driver SQLAlchemy loads for postgresql:// URLs). Prints what failed.
IMPORT_CHECK = r"""
import ast, importlib, json, sys
from pathlib import Path
import flarewatch
root = Path(flarewatch.__file__).parent
failed, third_party = {}, {"psycopg"}
for path in sorted(root.rglob("*.py")):
    relative = path.relative_to(root.parent).with_suffix("")
    if "migrations" in relative.parts:
        continue
    name = ".".join(part for part in relative.parts if part != "__init__")
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            third_party.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            third_party.add(node.module.split(".")[0])
    try:
        importlib.import_module(name)
    except Exception as error:
        failed[name] = f"{type(error).__name__}: {error}"
for name in sorted(third_party - set(sys.stdlib_module_names) - {"flarewatch"}):
    try:
        importlib.import_module(name)
    except Exception as error:
        failed[name] = f"{type(error).__name__}: {error}"
print(json.dumps({"package": str(root), "failed": failed}))
"""


def run(command: list[str | Path], **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          check=False, **options)  # type: ignore[call-overload]


def pip(python: Path | str, *arguments: str | Path) -> None:
    """`python -m pip ARGUMENTS`; skips the module if pip could not reach the package index,
    fails on any other error."""
    done = run([python, "-m", "pip", "--disable-pip-version-check", "--retries", "2",
                *arguments])
    if done.returncode == 0:
        return
    output = done.stdout + done.stderr
    for line in output.splitlines():
        if any(sign in line for sign in NETWORK_ERRORS):
            pytest.skip(f"package index unreachable (pip {arguments[0]}): {line.strip()[:400]}")
    pytest.fail(f"pip {' '.join(map(str, arguments))} failed:\n{output[-3000:]}")


def copy_checkout(target: Path) -> Path:
    """The files a wheel is built from, copied, so no stale build/ of the checkout leaks in."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(REPO / "src", target / "src", ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(REPO / name, target / name)
    return target


def package_files() -> set[str]:
    """Every file of src/flarewatch as a wheel names it ("flarewatch/web/static/app.js")."""
    found = set()
    for path in PACKAGE_SOURCE.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            found.add(path.relative_to(PACKAGE_SOURCE.parent).as_posix())
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = [asset for asset in VENDOR_ASSETS if not (VENDOR / asset).is_file()]
    if missing:
        pytest.fail(f"front-end assets missing from {VENDOR}: {missing}; run `make install` "
                    "(scripts/install_frontend.sh, needs npm) before building the wheel")
    work = tmp_path_factory.mktemp("wheel")
    pip(sys.executable, "wheel", "-q", "--no-deps", "-w", work / "dist",
        copy_checkout(work / "source"))
    (built,) = (work / "dist").glob("flarewatch-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtual environment with the wheel and what it declares, nothing else
    (removed afterwards: about 900 MB)."""
    folder = tmp_path_factory.mktemp("venv") / "venv"
    done = run([sys.executable, "-m", "venv", folder])
    assert done.returncode == 0, done.stderr
    pip(folder / "bin" / "python", "install", "-q", "--no-compile",
        "-c", REPO / "requirements.lock", wheel)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def user_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment of a user: no checkout on the path, an empty per-user cache (removed
    afterwards, with the gazetteer built there)."""
    home = tmp_path_factory.mktemp("user")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("FLAREWATCH_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(XDG_CACHE_HOME=str(home / "cache"), HOME=str(home), PYTHONNOUSERSITE="1")
    yield env
    shutil.rmtree(home / "cache", ignore_errors=True)


def flarewatch(
    venv: Path, env: dict[str, str], *arguments: str | Path
) -> subprocess.CompletedProcess[str]:
    """The installed environment's `flarewatch ARGUMENTS`, run as the user in `env`."""
    workdir = Path(env["HOME"])
    return run([venv / "bin" / "flarewatch", *arguments], env=env, cwd=workdir, timeout=600)


@pytest.fixture(scope="module")
def extracted(venv: Path, user_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`flarewatch extract` of the first sample report: the first use of the gazetteer."""
    first = (REPO / "samples" / "wire.jsonl").read_text(encoding="utf-8").splitlines()[0]
    report = Path(user_env["HOME"]) / "one.jsonl"
    report.write_text(first + "\n", encoding="utf-8")
    return flarewatch(venv, user_env, "extract", "-q", report)


@pytest.fixture(scope="module")
def ingested(
    venv: Path, user_env: dict[str, str], extracted: object
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`flarewatch ingest` of samples/ (JSONL, text, HTML, RSS) into a new SQLite file, after
    `extracted` built the gazetteer."""
    db = Path(user_env["HOME"]) / "events.db"
    return db, flarewatch(venv, user_env, "ingest", "-q", REPO / "samples", "--db", db)


def test_wheel_carries_every_package_file_and_the_vendored_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assets = {f"flarewatch/web/static/vendor/{asset}" for asset in VENDOR_ASSETS}
    assert sorted(assets - names) == []
    assert sorted(package_files() - names) == []


def test_every_import_resolves_from_the_installed_wheel(
    venv: Path, user_env: dict[str, str]
) -> None:
    done = run([venv / "bin" / "python", "-c", IMPORT_CHECK], env=user_env, cwd=user_env["HOME"])
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert Path(report["package"]).is_relative_to(venv)
    assert report["failed"] == {}


def test_extract_builds_the_gazetteer_once_into_the_user_cache(
    extracted: subprocess.CompletedProcess[str], user_env: dict[str, str]
) -> None:
    assert extracted.returncode == 0, extracted.stderr
    events = [json.loads(line) for line in extracted.stdout.splitlines() if line.strip()]
    assert events and all(event["event"] for event in events)
    cache = Path(user_env["XDG_CACHE_HOME"]) / "flarewatch"
    assert f"{BUILD_NOTE} (once, about 20 s) into {cache}" in extracted.stderr
    assert list(cache.glob("gazetteer-v*.pickle"))


def test_ingest_stores_the_samples_without_building_again(
    ingested: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    db, done = ingested
    assert done.returncode == 0, done.stderr
    added = re.search(r"(\d+) document\(s\) added.*?(\d+) event\(s\) added", done.stderr)
    assert added and int(added[1]) > 0 and int(added[2]) > 0, done.stderr
    assert db.is_file()
    assert BUILD_NOTE not in done.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.status, response.read()


def wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_LIMIT_S
    while time.monotonic() < deadline and server.poll() is None:
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    server.kill()
    server.wait()
    pytest.fail(f"flarewatch serve never answered {url}:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def served(
    venv: Path, user_env: dict[str, str], ingested: tuple[Path, object]
) -> Iterator[str]:
    """The base URL of `flarewatch serve` on a free loopback port, over the ingested file."""
    port = free_port()
    command = [str(venv / "bin" / "flarewatch"), "serve", "--db", str(ingested[0]),
               "--host", "127.0.0.1", "--port", str(port)]
    log = Path(user_env["HOME"]) / "serve.log"
    with log.open("w") as output, subprocess.Popen(
        command, env=user_env, cwd=user_env["HOME"], stdout=output, stderr=output
    ) as server:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server, log)
        yield f"http://127.0.0.1:{port}"
        server.terminate()
        server.wait(timeout=30)


def test_serve_answers_healthz_and_the_events(served: str) -> None:
    status, body = fetch(f"{served}/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    status, body = fetch(f"{served}/events?format=geojson")
    assert status == 200 and json.loads(body)["features"]


@pytest.mark.parametrize(("page", "asset"), [
    ("/", r"/static/vendor/leaflet/leaflet\.js"),
    ("/", r"/static/vendor/leaflet/leaflet\.css"),
    ("/docs", r"/static/vendor/swagger-ui/swagger-ui-bundle\.js"),
])
def test_pages_load_their_vendored_assets(served: str, page: str, asset: str) -> None:
    status, html = fetch(served + page)
    assert status == 200
    assert re.search(f'(?:src|href)=["\']{asset}["\']', html.decode())
    status, body = fetch(served + asset.replace("\\", ""))
    assert status == 200 and len(body) > 1000


def test_the_world_atlas_the_dashboard_draws_is_served(served: str) -> None:
    status, body = fetch(f"{served}/static/vendor/world-atlas/countries-50m.json")
    assert status == 200 and json.loads(body)["type"] == "Topology"
