"""Recognition: the patterns of `data/timex/rules.tsv`, compiled once, and the longest matches."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from flarewatch.paths import DATA_DIR
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


def _windows(cue: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Stretches of text around the cue's hits: a full pattern is tried only there (speed)."""
    windows: list[tuple[int, int]] = []
    for hit in cue.finditer(text):
        start, end = max(0, hit.start() - _REACH), min(len(text), hit.end() + _REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _matches(rule: Rule, text: str) -> list[re.Match[str]]:
    found: dict[tuple[int, int], re.Match[str]] = {}
    for start, end in _windows(rule.cue, text):
        safe_end = end if end == len(text) else end - _LOOKAHEAD
        for match in rule.pattern.finditer(text, start, end):
            if match.end() <= safe_end:  # lookaheads near a window's end see too little
                found.setdefault(match.span(), match)
    return list(found.values())


def scan(text: str) -> list[Candidate]:
    """Every rule's matches, then the longest non-overlapping ones (earlier rules win ties)."""
    found = []
    for priority, rule in enumerate(compiled_rules()):
        for match in _matches(rule, text):
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
