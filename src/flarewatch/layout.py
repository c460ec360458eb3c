"""Where the parts of a news report are that are not its story: the dateline.

A dateline opens an agency or newspaper report with its place, often its date and agency,
then a dash: "BOGOTA, July 9 (Reuters) - ...". Its date is when the report was filed, not
when anything in it happened.
"""

from __future__ import annotations

import re

# Upper-case words, then an optional date and agency, then a dash ("BOGOTA, July 9 (Reuters)
# -"); or then a date and a colon ("IMPHAL, Dec 4:"; a colon alone, "MALI: Situation
# update", opens a title, not a dateline); all on one line.
DATELINE = re.compile(
    r"\s*(?P<where>[A-Z][A-Z'’.\- ]{2,40})(?:(?:,[^\n\-–—:]{0,40})?[ \t]*(?:\([^)\n]{1,30}\))?"
    r"[ \t]*[-–—]|,[^\n\-–—:]{1,40}:)"
)
# A headline line may stand above the dateline's paragraph: this far into the text at most.
HEADLINE_CHARS = 200


def dateline(text: str) -> re.Match[str] | None:
    """The dateline opening the text, or the paragraph right after a headline line."""
    found = DATELINE.match(text)
    if found is None:
        below = text.find("\n\n", 0, HEADLINE_CHARS)
        found = DATELINE.match(text, below + 2) if below > 0 and "\n" not in text[:below] else None
    return found


def dateline_end(text: str) -> int:
    """The character offset where the text's dateline ends (after its dash), 0 without one."""
    found = dateline(text)
    return found.end() if found else 0
