"""Pick the place a toponym refers to, by an explicit score over its gazetteer candidates.

score = prior (population, kind, primary name)
      + country focus (the candidate's country is named or implied elsewhere in the text;
        half as much against a country of that very name)
      + containment ("Alexandria, Louisiana": the next toponym contains the candidate)
      + neighbourhood (other resolved places in the same admin1, up to three)
      + grounding (between countries of one name, "Congo": the one whose places the text
        names)
Each part is a small function so tests can pin it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from flarewatch.geo.build import fold
from flarewatch.geo.index import Candidate

KIND_BONUS = {
    "country": 3.0, "capital": 2.0, "continent": 3.0, "region": 2.5, "corridor": 2.5,
    "water": 7.0, "adm1": 1.0, "city": 0.5, "adm2": -0.5,
}
PRIMARY_NAME_BONUS = 0.5
FOCUS_BONUS = 2.0
CONTAINED_BONUS = 5.0
SAME_ADMIN1_BONUS = 1.0
MAX_NEIGHBOURS = 3  # the region's weight stops growing after three places named in it
# A name famous in its own right (a capital, a country, a city this large) keeps its reading
# against the region a text is about: there one neighbour counts, not three. Only the text
# placing it ("Athens, Ga.", "LONDON, Ont.": containment, then one sense a name) moves it.
FAMOUS_POPULATION = 5_000_000
FAMOUS_KINDS = frozenset({"capital", "country"})
SEAT_PENALTY = 2.0
SEAT_POPULATION = 100_000
# A country's own name is a strong reading: another country named in the text ("The United
# States will withdraw its trainers from Georgia") counts half for the name's namesakes, so
# that it takes a neighbour or a container ("Atlanta", "Athens, Georgia") to outweigh it.
COUNTRY_NAMESAKE_WEIGHT = 0.5
# Countries of one name ("Congo": the DRC and the Republic of the Congo): the one whose
# places the text names is meant (one sense per discourse); more than the prior's gap
# between the two Congos (1.3).
GROUNDED_BONUS = 2.0
# A small town abroad stands only on the text's support (issue 9): in a report about one
# country, a town whose prior is below this (a city of about 100,000 people bearing the name:
# log10 of the population plus the city and own-name bonuses) in another country, which no
# other name of the text lies in or may lie near, is a namesake ("Karan", a district of
# Mogadishu, read as a village in Iran; "Lido beach" as a town in New York; "Lere" in a Mali
# report as Lere, Nigeria); so is a province there ("Salah al-Din" in a Tripoli report is no
# Iraqi province, "Plateau" in a Haiti report no Nigerian state: `foreign_area`). On the dev
# place and event sets nearly every such reading was wrong or no place at all, so
# `geoparse.unless_grounded` puts the name at the report's own country instead (a wider,
# right area), which event locations pass over.
STRAY_PRIOR = 6.0

Area = tuple[str, str]  # (country, admin1)


def prior(candidate: Candidate, name: str) -> float:
    """How likely the name means this place before reading the rest of the text."""
    return folded_prior(candidate, fold(name))


def folded_prior(candidate: Candidate, folded: str) -> float:
    """`prior` for a name already through `fold`."""
    score = math.log10(candidate.population + 10) + KIND_BONUS.get(candidate.kind, 0.0)
    if fold(candidate.name) == folded:
        score += PRIMARY_NAME_BONUS
    return score


def focus_bonus(candidate: Candidate, focus: Counter[str], most: int = 0) -> float:
    """Places in the countries the document names often are favoured (countries themselves
    are not: a country's own mentions would favour it over its namesakes). `most`: the
    largest count of `focus`, where the caller knows it."""
    if candidate.kind == "country" or not focus or not candidate.country:
        return 0.0
    share = focus[candidate.country] / (most or max(focus.values()))
    return FOCUS_BONUS * share


def contained_in(candidate: Candidate, container: Candidate) -> bool:
    if container.kind == "country":
        return candidate.country == container.country and candidate.kind != "country"
    if container.kind == "adm1":
        return (candidate.country, candidate.admin1) == (container.country, container.admin1) and (
            candidate.kind in {"city", "capital", "adm2"})
    return False


def containment_bonus(
    candidate: Candidate, containers: Sequence[Candidate], contents: Sequence[Candidate] = ()
) -> float:
    """"Alexandria, Louisiana": a candidate held by the next toponym's reading, or one that
    holds the previous toponym's ("Wichita, Kan.": Kansas, not Ganzhou)."""
    held = any(contained_in(candidate, c) for c in containers)
    holds = any(contained_in(c, candidate) for c in contents)
    return CONTAINED_BONUS if held or holds else 0.0


def neighbourhood(neighbours: Sequence[Candidate]) -> dict[Area, set[int]]:
    """The resolved places by the admin1 they lie in (for `neighbour_bonus`)."""
    areas: dict[Area, set[int]] = {}
    for n in neighbours:
        if n.admin1:
            areas.setdefault((n.country, n.admin1), set()).add(n.geonameid)
    return areas


def neighbour_bonus(candidate: Candidate, neighbours: Sequence[Candidate],
                    areas: dict[Area, set[int]] | None = None, cap: int = 1) -> float:
    """Other resolved places in the candidate's admin1, each counting up to `cap` (`areas`:
    `neighbourhood(neighbours)`): the region a report is about ("Lamar County", "Texas",
    "Reno") conditions its ambiguous names ("Clarksville" is Clarksville, Texas there)."""
    if candidate.kind not in {"city", "capital", "adm2"}:
        return 0.0
    found = (areas if areas is not None else neighbourhood(neighbours)).get(
        (candidate.country, candidate.admin1), set())
    return SAME_ADMIN1_BONUS * min(len(found - {candidate.geonameid}), cap)


class Namesakes(NamedTuple):
    """What the candidates of a name hold: the countries among them and the areas of their
    towns (for `seat_penalty`)."""

    countries: frozenset[str]
    town_areas: frozenset[Area]


def namesakes(candidates: Sequence[Candidate], name: str = "") -> Namesakes:
    """The countries among the candidates, and the areas of the towns among them that bear
    the name itself (with `name`), or are cities of `SEAT_POPULATION` ("New York City"):
    small "Montana City", found under "Montana" by an alternate name, is no town the state
    is named after."""
    towns = [c for c in candidates if c.kind in {"city", "capital"} and (
        c.population >= SEAT_POPULATION or not longer_name(c.name, name))]
    return Namesakes(frozenset(c.country for c in candidates if c.kind == "country"),
                     frozenset((c.country, c.admin1) for c in towns))


def longer_name(full: str, name: str) -> bool:
    """Whether `full` is `name` with more words ("Montana City" of "Montana")."""
    full, name = fold(full), fold(name)
    return bool(name) and full != name and f" {name} " in f" {full} "


def seat_penalty(candidate: Candidate, candidates: Sequence[Candidate],
                 held: Namesakes | None = None) -> float:
    """Namesakes inside one another: a country is meant over its town of the same name
    ("Mexico", "Kuwait"); a town over the province named after it ("Aleppo", "New York"),
    unless the text says "province" (the caller then passes areas only). `held`:
    `namesakes(candidates)`, given where every candidate is scored."""
    held = held if held is not None else namesakes(candidates)
    if candidate.kind != "country" and candidate.country in held.countries:
        return SEAT_PENALTY
    if candidate.kind not in {"adm1", "adm2"}:
        return 0.0
    return SEAT_PENALTY if (candidate.country, candidate.admin1) in held.town_areas else 0.0


def grounded_bonus(candidate: Candidate, candidates: Sequence[Candidate],
                   neighbours: Sequence[Candidate]) -> float:
    """Where a name is the name of several countries ("Congo"), the one whose towns or
    areas the text names (`neighbours` that are no country: "Goma", "Brazzaville") is
    favoured by `GROUNDED_BONUS`; a country of a name no other country bears gets none."""
    if candidate.kind != "country" or sum(c.kind == "country" for c in candidates) < 2:
        return 0.0
    grounded = any(n.country == candidate.country and n.kind != "country" for n in neighbours)
    return GROUNDED_BONUS if grounded else 0.0


def famous(candidate: Candidate) -> bool:
    return candidate.kind in FAMOUS_KINDS or candidate.population >= FAMOUS_POPULATION


def small_town(candidate: Candidate, name: str) -> bool:
    """A town or district, not famous, whose prior for `name` is below `STRAY_PRIOR`."""
    return (candidate.kind in {"city", "adm2"} and not famous(candidate)
            and prior(candidate, name) < STRAY_PRIOR)


def foreign_area(candidate: Candidate) -> bool:
    """A first-level area, not famous: many countries have a province of its name
    ("Plateau", "Maritime", "Salah al-Din"), so abroad it too needs the text's support
    (`STRAY_PRIOR`)."""
    return candidate.kind == "adm1" and not famous(candidate)


def focus_weight(
    name: str, candidates: Sequence[Candidate], neighbours: Sequence[Candidate]
) -> Callable[[Candidate], float]:
    """How much the focus counts for a candidate: half where the name is a country's own
    name and the candidate's country is named only as a country, with no place of its
    own in the text ("The United States will withdraw its trainers from Georgia")."""
    grounded = {c.country for c in neighbours if c.kind != "country"}
    strong = any(c.kind == "country" and fold(c.name) == fold(name) for c in candidates)
    return lambda c: COUNTRY_NAMESAKE_WEIGHT if strong and c.country not in grounded else 1.0


def ranked(
    name: str,
    candidates: Sequence[Candidate],
    focus: Counter[str] | None = None,
    containers: Sequence[Candidate] = (),
    neighbours: Sequence[Candidate] = (),
    contents: Sequence[Candidate] = (),
) -> list[Candidate]:
    """Candidates best first; ties go to the larger population."""
    if len(candidates) < 2:
        return list(candidates)  # nothing to rank
    focus = focus or Counter()
    held, areas = namesakes(candidates, name), neighbourhood(neighbours)
    folded, most = fold(name), max(focus.values(), default=0)
    weight = focus_weight(name, candidates, neighbours)
    cap = 1 if any(famous(c) for c in candidates) else MAX_NEIGHBOURS
    placed = bool(containers or contents)

    def score(candidate: Candidate) -> tuple[float, int]:
        total = folded_prior(candidate, folded) + weight(candidate) * focus_bonus(
            candidate, focus, most)
        total += (containment_bonus(candidate, containers, contents) if placed else 0.0) + (
            neighbour_bonus(candidate, neighbours, areas, cap)) + grounded_bonus(
            candidate, candidates, neighbours)
        total -= seat_penalty(candidate, candidates, held)
        return total, candidate.population

    return sorted(candidates, key=score, reverse=True)


def best_candidate(
    name: str,
    candidates: Sequence[Candidate],
    focus: Counter[str] | None = None,
    containers: Sequence[Candidate] = (),
    neighbours: Sequence[Candidate] = (),
    contents: Sequence[Candidate] = (),
) -> Candidate | None:
    """The highest-scoring candidate, or None when there is none."""
    best = ranked(name, candidates, focus, containers, neighbours, contents)[:1]
    return best[0] if best else None
