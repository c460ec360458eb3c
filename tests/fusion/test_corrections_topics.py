"""`corrections.gold_lines` writes one line per document: components an analyst decided on
that share a document are one topic (`joined_topics`), so no document is written twice
(newcomer's trial: a report telling two decided records was written once per record, and
`evaluate --fusion` refused the file)."""

from __future__ import annotations

import pytest

from flarewatch.fusion.blocking import Member
from flarewatch.fusion.corrections import joined_topics


def members(*pairs: tuple[str, str]) -> dict[str, list[Member]]:
    """doc id -> its members, from (doc id, component) pairs."""
    found: dict[str, list[Member]] = {}
    for doc_id, component in pairs:
        found.setdefault(doc_id, []).append(Member({"doc_id": doc_id, "component": component}))
    return found


@pytest.mark.parametrize(("pairs", "expected"), [
    # a document in two components joins them, under the smaller id
    ((("a", "c2"), ("a", "c1"), ("b", "c2")), {"c1": "c1", "c2": "c1"}),
    # a chain through two documents joins three
    ((("a", "c3"), ("a", "c2"), ("b", "c2"), ("b", "c1")), {"c1": "c1", "c2": "c1", "c3": "c1"}),
    # trap: components with no document in common stay apart
    ((("a", "c1"), ("b", "c2")), {"c1": "c1", "c2": "c2"}),
])
def test_components_sharing_a_document_are_one_topic(pairs, expected) -> None:
    assert joined_topics(members(*pairs)) == expected
