"""How a mention is seen: stem, lemma groups, head, arguments, entities; candidate pairs."""

from __future__ import annotations

import pytest

from flarewatch.fusion.mentions import (
    ENTITY_KINDS,
    Mention,
    head_token,
    lemma_groups,
    mention_view,
    stem,
)
from flarewatch.fusion.pairs import candidate_pairs, conflict, jaccard


@pytest.mark.parametrize(("word", "expected"), [
    ("checks", "check"), ("Checked", "check"), ("escaped", "escap"), ("escape", "escap"),
    ("shooting", "shoot"), ("dies", "die"), ("die", "die"), ("killed", "kill"),
    ("bus", "bus"),  # at least three letters stay
    ("war", "war"),
])
def test_stem_strips_one_inflection(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize(("lemma", "group"), [
    ("kill", "death"), ("dead", "death"), ("quake", "quake"), ("detain", "arrest"),
    ("fire", "fire"), ("fire", "shooting"), ("fire", "dismiss"),
])
def test_lemma_groups_come_from_the_data_file(lemma, group):
    assert group in lemma_groups()[stem(lemma)]


def test_no_lemma_group_is_a_lone_word():
    members: dict[str, int] = {}
    for groups in lemma_groups().values():
        for group in groups:
            members[group] = members.get(group, 0) + 1
    assert min(members.values()) >= 2


@pytest.fixture(scope="module")
def nlp():
    from flarewatch.stages.parse import load_nlp

    return load_nlp()


def view(nlp, text: str, words: str) -> Mention:
    start = text.index(words)
    return mention_view(nlp(text), 0, start, start + len(words))


def test_a_verb_mention_with_its_arguments_and_entities(nlp):
    mention = view(nlp, "Police arrested two men in Leeds on Friday after the shooting.",
                   "arrested")
    assert (mention.lemma, mention.stem, mention.pos) == ("arrest", "arrest", "VERB")
    assert "arrest" in mention.groups
    assert {"man", "leeds", "friday"} <= mention.arguments
    assert mention.entities["places"] == {"leed"}
    assert "friday" in mention.entities["times"]
    assert not (mention.reporting or mention.modifier or mention.hedged)


@pytest.mark.parametrize(("text", "words", "flag"), [
    ("The ministry said the strike hit a depot.", "said", "reporting"),
    ("Microsoft issued a security update.", "security", "modifier"),
    ("Troops may attack the town.", "attack", "hedged"),
    ("Fighting continued near the border.", "continued", "aspectual"),
])
def test_flags_of_a_mention(nlp, text, words, flag):
    assert getattr(view(nlp, text, words), flag)


@pytest.mark.parametrize(("text", "words", "agents", "patients"), [
    ("Police arrested two men in Leeds on Friday.", "arrested", {"polic"}, {"man"}),
    ("Two men were arrested by police.", "arrested", {"polic"}, {"man"}),  # passive
    ("The quake killed ten villagers.", "killed", {"quak"}, {"villager"}),
    ("Reid's stint in rehab ended.", "stint", {"reid"}, set()),  # a possessor acts
])
def test_agents_and_patients_of_a_mention(nlp, text, words, agents, patients):
    mention = view(nlp, text, words)
    assert (set(mention.agents), set(mention.patients)) == (agents, patients)


@pytest.mark.parametrize(("text", "words", "ordinal"), [
    ("Police arrested two men.", "arrested", 0),
    ("It rained. Then the river flooded the town.", "flooded", 1),
])
def test_the_number_of_a_mention_s_sentence(nlp, text, words, ordinal):
    assert view(nlp, text, words).ordinal == ordinal


def test_a_longer_mention_keeps_the_content_words_of_its_span(nlp):
    mention = view(nlp, "The Patriots placed Brady on injured reserve.", "injured reserve")
    assert (mention.stem, mention.words) == ("reserv", {"injur", "reserv"})


def test_the_head_of_a_longer_mention_is_its_root(nlp):
    doc = nlp("She checked into a clinic.")
    assert head_token(doc, 4, 16).text == "checked"


def mention(key: str, groups: tuple[str, ...] = (), words: tuple[str, ...] = ()) -> Mention:
    empty: frozenset[str] = frozenset()
    return Mention(0, 0, key, key, frozenset(groups), "VERB", False, False, False, False,
                   empty, empty, {kind: empty for kind in ENTITY_KINDS},
                   words=frozenset(words or (key,)))


def test_candidates_share_a_stem_a_group_or_a_prefix():
    mentions = [mention("kill", ("death",)), mention("dead", ("death",)), mention("kill"),
                mention("explod"), mention("explosion"), mention("vote")]
    assert candidate_pairs(mentions) == [(0, 1), (0, 2), (3, 4)]


def test_candidates_share_a_content_word_of_their_spans():
    mentions = [mention("scandal", words=("watergat", "scandal")), mention("watergat"),
                mention("reserv", words=("injur", "reserv")), mention("list")]
    assert candidate_pairs(mentions) == [(0, 1)]


@pytest.mark.parametrize(("a", "b", "overlap", "clash"), [
    ({"x"}, {"x"}, 1.0, 0.0),
    ({"x", "y"}, {"x"}, 0.5, 0.0),
    ({"x"}, {"y"}, 0.0, 1.0),
    (set(), {"y"}, 0.0, 0.0),  # nothing named on one side: no conflict
])
def test_overlap_and_conflict_of_two_sets(a, b, overlap, clash):
    assert (jaccard(frozenset(a), frozenset(b)), conflict(frozenset(a), frozenset(b))) == (
        overlap, clash)
