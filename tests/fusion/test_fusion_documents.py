"""Reports of one topic: tf-idf bags, similarity, document clusters."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from flarewatch.fusion.documents import document_clusters, document_similarity, tfidf

KHERSON_A = "Russian artillery shelled Kherson on Monday , killing five civilians in a market ."
KHERSON_B = "Five civilians died when shells hit a market in Kherson on Monday , officials said ."
MARIUPOL = "A missile struck a school in Mariupol on Thursday ; the regional governor said ."


def test_tfidf_vectors_are_unit_length_and_weigh_rare_words_up():
    vectors = tfidf([Counter({"shell": 2, "kherson": 1}), Counter({"shell": 1})])
    assert sum(v * v for v in vectors[0].values()) == pytest.approx(1.0)
    assert vectors[0]["kherson"] > vectors[0]["shell"] * math.log(3 / 2) / math.log(3)


def test_tfidf_of_an_empty_bag_is_empty():
    assert tfidf([Counter()]) == [{}]


@pytest.fixture(scope="module")
def docs():
    from flarewatch.stages.parse import load_nlp

    return [load_nlp()(text) for text in (KHERSON_A, KHERSON_B, MARIUPOL)]


def test_reports_of_one_event_are_closer_than_a_look_alike(docs):
    similarity = document_similarity(docs)
    assert similarity[0, 1] > similarity[0, 2]
    assert similarity[0, 1] > similarity[1, 2]
    assert similarity[0, 0] == pytest.approx(1.0)


def test_document_clusters_join_the_two_kherson_reports(docs):
    assert document_clusters(document_similarity(docs), 0.1) == [0, 0, 1]
