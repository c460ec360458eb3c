"""The temporal word lists of `data/timex/words.json`, and the regex pieces built from them."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from flarewatch.paths import DATA_DIR
from flarewatch.timex.zones import zone_pattern

# An option opening with a letter that is no more than a letter (no quantifier on it, no
# alternation inside): the option can only match starting with that letter.
_LETTER_FIRST = re.compile(r"[A-Za-z](?![?*+{])[^|]*")
_MAY_PREPOSITIONS = ("in", "since", "by", "until", "before", "after", "during", "from", "of",
                     "through", "till", "to")


@cache
def words() -> dict[str, Any]:
    with open(DATA_DIR / "timex" / "words.json", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _alternation(options: list[str]) -> str:
    """Longest first, so that `a few` wins over `a`."""
    return "|".join(sorted(options, key=len, reverse=True))


def _case_insensitive_alternation(options: list[str]) -> str:
    """`_alternation(options)` for a case-insensitive group, the options that begin with one
    letter under one branch (`a(?:\\s+few|n|)`): it matches the same, as options beginning with
    different letters never match at one offset and within a letter the order is kept, and is
    faster (`re` enters a dozen branches at each offset, not sixty). Options not all opening
    with a plain letter are left as they are."""
    ordered = sorted(options, key=len, reverse=True)
    if not all(_LETTER_FIRST.fullmatch(option) for option in ordered):
        return "|".join(ordered)
    by_letter: dict[str, list[str]] = {}
    for option in ordered:
        by_letter.setdefault(option[0].lower(), []).append(option[1:])
    return "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in by_letter.items())


def _month_pattern(include_may: bool = True, full_only: bool = False) -> str:
    options = []
    for name in words()["months"]:
        if name == "may" and not include_may:
            continue
        if len(name) <= 4 and name not in ("may", "june", "july"):
            if not full_only:
                options.append(name.capitalize() + r"(?:\.|\b)")
        else:
            options.append(name.capitalize() + r"\b")
    return _alternation(options)


def _number_pattern() -> str:
    spelled = [name.replace(" ", r"\s+") for name in words()["numbers"]]
    vague = [name.replace(" ", r"\s+") for name in words()["vague_numbers"]]
    units = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    compound = rf"(?:{tens})[\s-](?:{'|'.join(units)})"
    return rf"(?i:\d+(?:[.,]\d+)?|{compound}|{_case_insensitive_alternation(spelled + vague)})"


def _unit_pattern() -> str:
    return r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|" \
           r"quarters?|years?|decades?|centuries|century)"


def _fuzzy_pattern() -> str:
    options = [name.replace(" ", r"\s+") for name in words()["fuzzy"]]
    return rf"(?P<fuzzy>(?i:{_case_insensitive_alternation(options)}))"


def _holiday_pattern() -> str:
    options = [name.replace("'", "['’]").replace(" ", r"\s+") for name in words()["holidays"]]
    return rf"(?P<holiday>(?i:{_case_insensitive_alternation(options)}))"


def _may_context() -> str:
    lookbehinds = [f"(?<=\\b{word} )" for word in _MAY_PREPOSITIONS]
    lookbehinds += [f"(?<=\\b{word.capitalize()} )" for word in _MAY_PREPOSITIONS]
    return "(?:" + "|".join(lookbehinds) + ")"


@cache
def placeholders() -> dict[str, str]:
    weekdays = [name.capitalize() for name in words()["weekdays"] if len(name) > 4]
    return {
        "MONTH": f"(?P<month>{_month_pattern()})",
        "MONTH2": f"(?P<month2>{_month_pattern()})",
        "MONTH_NOT_MAY": f"(?P<month>{_month_pattern(include_may=False, full_only=True)})",
        "WEEKDAY": f"(?P<weekday>{_alternation(weekdays)})",
        "NUM": _number_pattern(),
        "UNIT": _unit_pattern(),
        "FUZZY": _fuzzy_pattern(),
        "HOLIDAY": _holiday_pattern(),
        "MAY_CONTEXT": _may_context(),
        "ZONE": zone_pattern(),
        "ZONE_LONG": zone_pattern(shortest=3),
    }


def number_value(text: str) -> float | None:
    """`three` -> 3, `twenty-five` -> 25, `1,000` -> 1000; None for vague words (`several`)."""
    cleaned = " ".join(text.lower().replace("-", " ").split())
    if cleaned.replace(",", "").replace(".", "", 1).isdigit():
        return float(cleaned.replace(",", ""))
    numbers: dict[str, float] = words()["numbers"]
    if cleaned in numbers:
        return float(numbers[cleaned])
    parts = cleaned.split()
    if len(parts) == 2 and parts[0] in numbers and parts[1] in numbers:
        return float(numbers[parts[0]] + numbers[parts[1]])
    return None
