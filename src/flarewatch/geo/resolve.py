"""Pick the place a toponym refers to, by an explicit score over its gazetteer candidates.

score = prior (population, kind, primary name)
      + country focus (the candidate's country is named or implied elsewhere in the text)
      + containment ("Alexandria, Louisiana": the next toponym contains the candidate)
      + neighbourhood (another resolved place in the same admin1)
Each part is a small function so tests can pin it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

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
SEAT_PENALTY = 2.0


def prior(candidate: Candidate, name: str) -> float:
    """How likely the name means this place before reading the rest of the text."""
    score = math.log10(candidate.population + 10) + KIND_BONUS.get(candidate.kind, 0.0)
    if fold(candidate.name) == fold(name):
        score += PRIMARY_NAME_BONUS
    return score


def focus_bonus(candidate: Candidate, focus: Counter[str]) -> float:
    """Places in the countries the document names often are favoured (countries themselves
    are not: a country's own mentions would favour it over its namesakes)."""
    if candidate.kind == "country" or not focus or not candidate.country:
        return 0.0
    share = focus[candidate.country] / max(focus.values())
    return FOCUS_BONUS * share


def contained_in(candidate: Candidate, container: Candidate) -> bool:
    if container.kind == "country":
        return candidate.country == container.country and candidate.kind != "country"
    if container.kind == "adm1":
        return (candidate.country, candidate.admin1) == (container.country, container.admin1) and (
            candidate.kind in {"city", "capital", "adm2"})
    return False


def containment_bonus(candidate: Candidate, containers: Sequence[Candidate]) -> float:
    return CONTAINED_BONUS if any(contained_in(candidate, c) for c in containers) else 0.0


def neighbour_bonus(candidate: Candidate, neighbours: Sequence[Candidate]) -> float:
    if candidate.kind not in {"city", "capital", "adm2"}:
        return 0.0
    same = any(
        n.country == candidate.country and n.admin1 == candidate.admin1 and n.admin1
        and n.geonameid != candidate.geonameid
        for n in neighbours
    )
    return SAME_ADMIN1_BONUS if same else 0.0


def seat_penalty(candidate: Candidate, candidates: Sequence[Candidate]) -> float:
    """Namesakes inside one another: a country is meant over its town of the same name
    ("Mexico", "Kuwait"); a town over the province named after it ("Aleppo", "New York"),
    unless the text says "province" (the caller then passes areas only)."""
    if candidate.kind != "country" and any(
        c.kind == "country" and c.country == candidate.country for c in candidates
    ):
        return SEAT_PENALTY
    if candidate.kind not in {"adm1", "adm2"}:
        return 0.0
    towns = (c for c in candidates if c.kind in {"city", "capital"})
    same = any((t.country, t.admin1) == (candidate.country, candidate.admin1) for t in towns)
    return SEAT_PENALTY if same else 0.0


def ranked(
    name: str,
    candidates: Sequence[Candidate],
    focus: Counter[str] | None = None,
    containers: Sequence[Candidate] = (),
    neighbours: Sequence[Candidate] = (),
) -> list[Candidate]:
    """Candidates best first; ties go to the larger population."""
    def score(candidate: Candidate) -> tuple[float, int]:
        total = prior(candidate, name) + focus_bonus(candidate, focus or Counter())
        total += containment_bonus(candidate, containers) + neighbour_bonus(candidate, neighbours)
        total -= seat_penalty(candidate, candidates)
        return total, candidate.population

    return sorted(candidates, key=score, reverse=True)


def best_candidate(
    name: str,
    candidates: Sequence[Candidate],
    focus: Counter[str] | None = None,
    containers: Sequence[Candidate] = (),
    neighbours: Sequence[Candidate] = (),
) -> Candidate | None:
    """The highest-scoring candidate, or None when there is none."""
    best = ranked(name, candidates, focus, containers, neighbours)[:1]
    return best[0] if best else None
