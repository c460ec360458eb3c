"""Speed of the temporal layer: expressions and characters a second, and its cost beside spaCy.

Reads the GeoWebNews texts of the shared data (evaluation only; nothing is copied). Prints a
Markdown table (metric | value).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import xml.etree.ElementTree as ET

from table import print_table

from flarewatch.paths import shared_dir
from flarewatch.timex import find_timexes

REPORT_DATE = dt.date(2018, 4, 5)


def _texts() -> list[str]:
    path = shared_dir() / "data" / "geo" / "GWN.xml"
    if not path.exists():
        sys.exit(f"shared data not found at {path}")
    return [article.findtext("text") or "" for article in ET.parse(path).getroot().iter("article")]


def _timed(function, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def main() -> None:
    texts = _texts()
    find_timexes("warm up on Tuesday", REPORT_DATE)
    found, rules_only = _timed(lambda: [find_timexes(t, REPORT_DATE) for t in texts])
    from flarewatch.stages.parse import load_nlp

    nlp = load_nlp()
    parses, parsing = _timed(lambda: list(nlp.pipe(texts)))
    pairs = list(zip(texts, parses, strict=True))
    _, with_parse = _timed(lambda: [find_timexes(t, REPORT_DATE, p) for t, p in pairs])
    expressions = sum(len(timexes) for timexes in found)
    characters = sum(len(text) for text in texts)
    rows = [
        ("documents (GeoWebNews)", f"{len(texts)}"),
        ("characters", f"{characters}"),
        ("time expressions found", f"{expressions}"),
        ("expressions/s (rules, no parse)", f"{expressions / rules_only:,.0f}"),
        ("characters/s (rules, no parse)", f"{characters / rules_only:,.0f}"),
        ("ms/document (with parse for tense)", f"{1000 * with_parse / len(texts):.2f}"),
        ("spaCy parse ms/document", f"{1000 * parsing / len(texts):.2f}"),
        ("timexes cost / spaCy parse", f"{with_parse / parsing:.3f}"),
    ]
    print_table(rows)


if __name__ == "__main__":
    main()
