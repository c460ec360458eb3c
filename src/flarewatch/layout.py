"""Where the parts of a news report are that are not its story: the dateline.

A dateline opens an agency or newspaper report with its place, often its date and agency,
then a dash: "BOGOTA, July 9 (Reuters) - ...". Its date is when the report was filed, not
when anything in it happened.
"""

from __future__ import annotations

import re

# Upper-case words, then an optional date and agency, then a dash, within the first line.
DATELINE = re.compile(
    r"^\s*(?P<where>[A-Z][A-Z'’.\- ]{2,40})(?:,[^\n\-–—]{0,40})?\s*(?:\([^)\n]{1,30}\))?\s*[-–—]"
)


def dateline_end(text: str) -> int:
    """The character offset where the text's dateline ends (after its dash), 0 without one."""
    found = DATELINE.match(text)
    return found.end() if found else 0
