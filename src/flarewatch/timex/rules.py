"""Recognition: the patterns of `data/timex/rules.tsv`, compiled once, and the longest matches.

A rule's full pattern runs only in windows around the hits of its cue (speed); the cues of a
text are looked for once each (rules share them), fast (`cues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from flarewatch.paths import DATA_DIR
from flarewatch.timex.cues import CueText, cue_hits, cue_text
from flarewatch.timex.lexicon import placeholders

_PLACEHOLDER = re.compile(r"\{([A-Z_0-9]+)\}")
_REACH = 80  # characters either side of a cue that a match may extend to
_LOOKAHEAD = 20  # context a match needs after it


@dataclass(frozen=True)
class Candidate:
    """A span some rule matched, with the rule's name and its named groups."""

    start: int
    end: int
    rule: str
    groups: dict[str, str | None]


def _expand(pattern: str) -> str:
    fills = placeholders()
    return _PLACEHOLDER.sub(lambda match: fills[match.group(1)], pattern)


@dataclass(frozen=True)
class Rule:
    name: str
    cue: re.Pattern[str]
    pattern: re.Pattern[str]


@cache
def compiled_rules() -> tuple[Rule, ...]:
    rules = []
    for line in (DATA_DIR / "timex" / "rules.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, cue, pattern = line.split("\t", 2)
        rules.append(Rule(name, re.compile(cue), re.compile(_expand(pattern))))
    return tuple(rules)


def _windows(cue: re.Pattern[str], text: str,
             ready: CueText | None = None) -> list[tuple[int, int]]:
    """Stretches of text around the cue's hits: a full pattern is tried only there (speed)."""
    windows: list[tuple[int, int]] = []
    for hit_start, hit_end in cue_hits(cue, ready or cue_text(text)):
        start, end = max(0, hit_start - _REACH), min(len(text), hit_end + _REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _matches(rule: Rule, text: str,
             windows: list[tuple[int, int]] | None = None) -> list[re.Match[str]]:
    """The rule's matches in the windows of its cue (computed here unless given)."""
    found: dict[tuple[int, int], re.Match[str]] = {}
    for start, end in _windows(rule.cue, text) if windows is None else windows:
        safe_end = end if end == len(text) else end - _LOOKAHEAD
        for match in rule.pattern.finditer(text, start, end):
            if match.end() <= safe_end:  # lookaheads near a window's end see too little
                found.setdefault(match.span(), match)
    return list(found.values())


@cache
def distinct_cues() -> tuple[re.Pattern[str], ...]:
    return tuple({rule.cue.pattern: rule.cue for rule in compiled_rules()}.values())


def cue_windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """The windows of every distinct cue of the rules in `text` (cue pattern -> windows)."""
    cues = distinct_cues()
    ready = cue_text(text, tuple(cue.pattern for cue in cues))
    return {cue.pattern: _windows(cue, text, ready) for cue in cues}


def scan(text: str) -> list[Candidate]:
    """Every rule's matches, then the longest non-overlapping ones (earlier rules win ties)."""
    windows = cue_windows(text)
    found = []
    for priority, rule in enumerate(compiled_rules()):
        for match in _matches(rule, text, windows[rule.cue.pattern]):
            start, end = _trimmed(text, match.start(), match.end())
            if end > start:
                found.append((start, end, priority, rule.name, match.groupdict()))
    found.sort(key=lambda item: (-(item[1] - item[0]), item[2], item[0]))
    chosen: list[Candidate] = []
    for start, end, _, name, groups in found:
        if all(end <= other.start or start >= other.end for other in chosen):
            chosen.append(Candidate(start, end, name, groups))
    return sorted(chosen, key=lambda candidate: candidate.start)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end
