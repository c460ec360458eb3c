"""Geoparser speed and memory: prints a Markdown table (metric | value).

Index build time is measured in a fresh cache folder (a child process, so the build's own
memory does not count); load time and resident memory in another child; throughput of the
places stage on GeoVirus texts (parsed first, so spaCy's time is reported apart).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from table import print_table

from flarewatch.paths import shared_dir

CHILD_BUILD = """
import time, json
from flarewatch.geo.build import build_index
started = time.perf_counter(); path = build_index(force=True)
print(json.dumps({"seconds": time.perf_counter() - started, "mb": path.stat().st_size / 1e6}))
"""

CHILD_LOAD = """
import time, json, resource
started = time.perf_counter()
from flarewatch.geo.index import load_gazetteer
load_gazetteer()
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def child(code: str, cache: str | None = None) -> dict[str, float]:
    env = dict(os.environ, **({"FLAREWATCH_CACHE": cache} if cache else {}))
    output = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def geovirus_texts() -> list[str]:
    import xml.etree.ElementTree as ET

    path = shared_dir() / "data" / "geo" / "GeoVirus.xml"
    return [a.findtext("text") or "" for a in ET.parse(path).getroot().iter("article")]


def throughput() -> dict[str, float]:
    from flarewatch.model import Document
    from flarewatch.pipeline import run_many
    from flarewatch.stages.places import places

    texts = geovirus_texts()
    started = time.perf_counter()
    docs = list(run_many((Document(str(i), t) for i, t in enumerate(texts)), ["parse"]))
    parse_seconds = time.perf_counter() - started
    places(docs[0])  # index loaded outside the timing
    started = time.perf_counter()
    found = sum(len(places(doc).places) for doc in docs)
    place_seconds = time.perf_counter() - started
    return {"docs": len(docs), "toponyms": found, "parse_s": parse_seconds,
            "places_s": place_seconds}


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        build = child(CHILD_BUILD, cache)
        load = child(CHILD_LOAD, cache)
    rows = [
        ("index build time (s)", f"{build['seconds']:.1f}"),
        ("index size on disk (MB)", f"{build['mb']:.1f}"),
        ("index load time (s)", f"{load['seconds']:.2f}"),
        ("resident memory after load (MB)", f"{load['rss_mb']:.0f}"),
    ]
    if (shared_dir() / "data" / "geo" / "GeoVirus.xml").exists():
        speed = throughput()
        rows += [
            ("GeoVirus docs", f"{speed['docs']:.0f}"),
            ("places stage toponyms/s", f"{speed['toponyms'] / speed['places_s']:.0f}"),
            ("places stage docs/s", f"{speed['docs'] / speed['places_s']:.1f}"),
            ("spaCy parse docs/s (same docs)", f"{speed['docs'] / speed['parse_s']:.1f}"),
            ("places time / parse time", f"{speed['places_s'] / speed['parse_s']:.3f}"),
        ]
    print_table(rows)


if __name__ == "__main__":
    main()
