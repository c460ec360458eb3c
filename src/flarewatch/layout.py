"""Where the parts of a news report are that are not its story: the dateline; and the
boundaries of its sentences and paragraphs as plain text shows them (`SENTENCE_END`,
`PARAGRAPH_BREAK`), for readers that work before or without the parse.

A dateline opens an agency or newspaper report with its place, often its date and agency,
then a dash: "BOGOTA, July 9 (Reuters) - ...". Its date is when the report was filed, not
when anything in it happened.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Upper-case words, or capitalised place names joined by slashes ("Port Sudan / Nairobi"),
# then an optional date and agency, then a dash ("BOGOTA, July 9 (Reuters) -"); or upper-case
# words, a date and a colon ("IMPHAL, Dec 4:"; a colon alone, "MALI: Situation update", opens
# a title, not a dateline); all on one line.
_NAME = r"[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,3}"
DATELINE = re.compile(
    r"\s*(?P<where>[A-Z][A-Z'’.\- ]{2,40}|" + _NAME + r"(?: ?/ ?" + _NAME + r")+)"
    r"(?:(?:,[^\n\-–—:]{0,40})?[ \t]*(?:\([^)\n]{1,30}\))?[ \t]*[-–—]|,[^\n\-–—:]{1,40}:)"
)
# A news agency's own style: the town as written, a comma, the agency's capitals, a dash
# ("Damascus, SANA -", "Abu Dhabi, WAM -", "Algiers, (APS) -").
AGENCY_DATELINE = re.compile(
    r"\s*(?P<where>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}), ?\(?[A-Z]{2,6}\)?[ \t]*[-–—]")
# Header lines (a headline; a statement's issuer and date) may stand above the dateline's
# paragraph, each a paragraph of one line this long at most, this many of them.
HEADLINE_CHARS = 200
HEADER_LINES = 2
# A line of a digest or bulletin opened by a label and a colon, then the item's text: "-
# Bamako: Authorities on Monday arrested ...", "Tarmiyah (Salahuddin/Baghdad border):
# Islamic State militants ambushed ...". The label is a name, up to six words and a
# bracketed gloss, with no sentence punctuation; a bullet may stand before it.
ITEM_LABEL = re.compile(
    r"^[ \t]*(?:[-•*–][ \t]*)?(?P<label>[A-Z][\w'’.\-]*(?: [\w'’.\-]+){0,5}"
    r"(?: \([^()\n]{1,40}\))?):[ \t]+(?=[\"“A-Z0-9])", re.MULTILINE)
# The end of a sentence (a stop, closing quotes or brackets, space, then a capital or digit)
# and a paragraph break (a blank line).
SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def dateline(text: str) -> re.Match[str] | None:
    """The dateline opening the text, or the paragraph right after one or two header lines."""
    start = 0
    for _ in range(HEADER_LINES + 1):
        found = DATELINE.match(text, start) or AGENCY_DATELINE.match(text, start)
        if found is not None:
            return found
        below = text.find("\n\n", start, start + HEADLINE_CHARS)
        if below < 0 or "\n" in text[start:below].strip("\n"):
            return None
        start = below + 2
    return None


@lru_cache(maxsize=64)
def digest_items(text: str) -> tuple[re.Match[str], ...]:
    """The `ITEM_LABEL` matches of the text, read once per text: the geoparser, the
    incident context and the roles stage each ask of every place or event."""
    return tuple(ITEM_LABEL.finditer(text))


def item_labels(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the labels opening lines of a digest (`ITEM_LABEL`)."""
    return [found.span("label") for found in digest_items(text)]


def item_heads(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of each digest line's head: bullet, label and colon."""
    return [found.span() for found in digest_items(text)]


def dateline_end(text: str) -> int:
    """The character offset where the text's dateline ends (after its dash), 0 without one."""
    found = dateline(text)
    return found.end() if found else 0
