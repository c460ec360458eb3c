"""Recognition rules: every rule compiles, and overlapping matches resolve to the longest."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from flarewatch.timex import NORMALISERS
from flarewatch.timex.rules import _matches, _windows, compiled_rules, scan


def test_every_rule_has_a_normaliser() -> None:
    names = [rule.name for rule in compiled_rules()]
    assert len(names) == len(set(names))
    assert set(names) == set(NORMALISERS)


def test_longest_match_wins() -> None:
    text = "They met on Tuesday, Jan. 2, 2024 and again in the early 1990s."
    assert [text[c.start : c.end] for c in scan(text)] == ["Tuesday, Jan. 2, 2024",
                                                          "the early 1990s"]


def test_spans_do_not_overlap() -> None:
    text = "Between 5 and 9 May 2023, three years ago, last Sunday morning, since 1 p.m."
    spans = [(c.start, c.end) for c in scan(text)]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


def test_cue_windows_find_what_a_full_scan_finds(shared: Path) -> None:
    root = ET.parse(shared / "data" / "geo" / "GWN.xml").getroot()
    texts = [article.findtext("text") or "" for article in root.iter("article")][:25]
    for text in texts:
        windowed = {(m.start(), m.end(), rule.name) for rule in compiled_rules()
                    for m in _matches(rule, text)}
        full = {(m.start(), m.end(), rule.name) for rule in compiled_rules()
                for m in rule.pattern.finditer(text)}
        assert windowed == full


def test_duration_cue_skips_unit_words_inside_other_words() -> None:
    """"today", "Monday", "holiday": no window for the duration rule (a duration's unit
    follows white space or a hyphen), while "3 days" and "a six-month" have one."""
    rule = next(rule for rule in compiled_rules() if rule.name == "duration")
    assert _windows(rule.cue, "He left today, on Monday, for a holiday.") == []
    assert _windows(rule.cue, "for 3 days") == [(0, 10)]
    assert [m.group() for m in _matches(rule, "a six-month term")] == ["six-month"]
