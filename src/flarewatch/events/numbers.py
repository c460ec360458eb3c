"""How many people a noun phrase counts: digits, number words, vague quantities.

"more than 7,000" gives 7000 and "at least 25" gives 25 (the stated bound, conservative);
"dozens" 12, "hundreds" 100; a range "20 to 30" its lower bound; coordinated groups add up
("two civilians and four employees" = 6), and so do groups told as sharing their fate
("a shopkeeper along with his two sons" = 3).
"""

from __future__ import annotations

import re
from functools import cache

from flarewatch.events.lexicon import read_rows
from flarewatch.events.syntax import Token, children

DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
AGGREGATE_NOUNS = frozenset({"total", "toll", "number", "death", "group"})
COMPANION_ADVERBS = frozenset({"along", "together"})  # "along with", "together with"


@cache
def number_words() -> dict[str, int]:
    return {word: int(value) for word, value in read_rows("numbers.tsv")}


@cache
def multipliers() -> dict[str, int]:
    return {word: int(value) for word, value in read_rows("multipliers.tsv")}


def word_value(text: str) -> int | None:
    """The value of one token: "7,000", "1600", "four", "twenty-five", "dozens"."""
    word = text.lower()
    if DIGITS.match(word):
        return int(word.replace(",", ""))
    if word in number_words():
        return number_words()[word]
    parts = word.split("-")
    if len(parts) == 2 and all(part in number_words() for part in parts):
        return number_words()[parts[0]] + number_words()[parts[1]]
    return None


def number_value(tokens: list[Token]) -> int | None:
    """The value of a number phrase: "2 million", "more than 7,000", "a dozen", "20 to 30"."""
    ordered = sorted(tokens, key=lambda t: t.i)
    whole = word_value("".join(t.text for t in ordered))  # "twenty-five" split by the tokenizer
    if whole is not None:
        return whole
    value: int | None = None
    for token in ordered:
        if token.lower_ in multipliers() and value is not None:
            value *= multipliers()[token.lower_]
        elif value is None:
            value = word_value(token.text)
        elif token.lower_ in ("to", "-", "or"):
            break  # a range: keep the lower bound
    return value


def group_count(head: Token) -> int | None:
    """The number of people a noun phrase names, adding coordinated groups and, to a
    counted group, its `companions`."""
    own = own_count(head)
    joined = children(head, "conj") + (companions(head) if own is not None else [])
    others = [group_count(other) for other in joined]
    counted = [count for count in [own, *others] if count is not None]
    return sum(counted) if counted else None


def companions(head: Token) -> list[Token]:
    """The groups told as sharing the fate of the people a noun names: the objects of
    "along with" or "together with" on the noun ("a shopkeeper along with his two sons")
    or, for a passive subject, an object or a range the parser hung on the verb ("between
    three and nine soldiers"), on its verb ("four officers were wounded along with two
    passers-by"); the parser hangs "with" on the noun or verb, or on the adverb there."""
    owners = [head, head.head] if head.dep_ in ("nsubjpass", "dobj") else [head]
    if head.dep_ == "pobj" and head.head.lower_ == "between":
        owners.append(head.head.head)
    adverbs = [w for owner in owners for w in owner.children if w.lower_ in COMPANION_ADVERBS]
    preps = [w for word in owners + adverbs for w in word.children if w.lower_ == "with"]
    return [noun for prep in preps if prep.i > 0
            and prep.doc[prep.i - 1].lower_ in COMPANION_ADVERBS for noun in children(prep, "pobj")]


def own_count(head: Token) -> int | None:
    if head.like_num or head.lower_ in number_words():
        return number_value([head, *numeric_children(head)])
    numbers = [child for child in children(head, "nummod") if is_number(child)]
    if numbers:
        return number_value(list(numbers[0].subtree))
    if head.lemma_.lower() in AGGREGATE_NOUNS or head.lower_ in number_words():
        for preposition in children(head, "prep"):
            for noun in children(preposition, "pobj"):
                return own_count(noun)
    return 1 if one_person(head) else None


SINGLE_DETERMINERS = frozenset({"a", "an", "the", "one", "this", "that"})


def one_person(head: Token) -> bool:
    """"killed a Reuters reporter", "Haniyeh was assassinated", "a 19-year-old Palestinian
    was shot dead": one named person, one of a people, or one person-noun in the singular
    counts one (deaths told one by one count one by one)."""
    from flarewatch.events.lexicon import victim_sectors

    if head.pos_ == "PROPN" and head.ent_type_ == "PERSON":
        return True
    if head.pos_ == "PROPN" and head.ent_type_ == "NORP" and head.tag_ == "NNP":
        return any(child.lower_ in ("a", "an") for child in head.children if child.dep_ == "det")
    if head.tag_ != "NN" or head.lemma_.lower() not in victim_sectors():
        return False
    determiners = {child.lower_ for child in head.children if child.dep_ in ("det", "poss")}
    return bool(determiners & SINGLE_DETERMINERS) or any(c.dep_ == "poss" for c in head.children)


def numeric_children(token: Token) -> list[Token]:
    return [child for child in token.children if child.like_num or child.lower_ in multipliers()]


def is_number(token: Token) -> bool:
    return bool(token.like_num) or token.lower_ in number_words()
