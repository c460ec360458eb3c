"""How likely two compatible per-document events tell one incident (fusion at ingest, step 2).

`pair_score` sums the weights of `data/fusion/ingest_weights.tsv` for the parts that hold,
plus `bias`, and returns the parts too, so a fusion can be explained:
- `words`: the cosine of the content words of the two triggers (`event_text`; stop words
  out, a crude stem, `flarewatch.fusion.mentions.stem`), times its weight;
- `context`: the same cosine over the two evidence clauses (`evidence`, the text of the
  evidence span: the victims, the site, the weapon a report names in its own words);
- `same_place`: both placed within `near_km` (or the same gazetteer entry);
  `contained_place`: one place is a region holding the other (a district, a region below
  its first-order division, holds only the places within `district_km` of its point);
  `in_country`: one place is a country holding the other (weighs less: every event of
  the day in that country is held too);
  `nearby_place`: both placed town-fine, between `near_km` and `nearby_km` apart (one
  incident is told with the district town or the next village, `distance_parts`): no
  weight, an anchor only, and a coarse one (`corroborated`);
  `place_conflict`: both placed town-fine, further apart than `nearby_km`, or both at
  places the gazetteer lacks (`unlisted`) of different names;
  `unplaced`: one or both without a place;
  `site_conflict`: both evidence clauses name the part of a town or the small place where
  it happened, with no name word in common (`site_parts`: the Hara neighbourhood, the
  Shash Darak area);
- `same_day`: both dated to the same day; `next_day`: both to days one apart (neither
  for dates spanning more than a night, `several_days`: "since Tuesday");
  `other_day` instead when both give those days in their own words, neither at night
  (`told_by_day`);
  `days_apart`: both dated to days two or more apart (within the blocking's slack);
- `same_actor` / `actor_conflict`: the actors' codes agree / both known and differ;
  `same_recipient`; `same_mode` / `mode_conflict` (an air strike is no shelling; kin
  modes, `data/fusion/mode_kin.tsv`, neither);
- `target_conflict`: both evidence clauses name what was hit, and no kind of target is
  common to both (`target_parts`: a ship and a house, a vehicle and a checkpoint);
  `victim_conflict`: the victims of both are of a known kind, and of no common one
  (`victim_parts`: soldiers and children);
- `same_toll`: both give the same number of dead; `toll_conflict`: both give a number and
  the larger is more than `toll_ratio` times the smaller (a revision raises a toll by a
  few, 5 to 7; two strikes kill 5 and 2), unless the report published later gives the
  larger, at most `rise_ratio` times the other (`risen`: 3 dead on the day, 5 a week on);
- `same_document`: the two come from one report, where the incidents stage already kept
  them apart;
- `several`: one telling counts happenings ("the two attacks", "both bombings": `several`)
  or lists their sites ("near Nabatieh and in Bint Jbeil": `listed_sites`), so it is none
  of them;
- `reported_place`: one is unplaced, and its report names the other's place, one holding
  it, or a town within `nearby_km` of it (`nearby_town`);
  `reported_day`: besides, both are dated to the same day, no part conflicts, and no
  unplaced one's evidence clause names a site of its own (`named_sites`) that the other's
  does not name;
- `same_particular`: their evidence clauses share a name or number (`particulars`), other
  than the words both give in one field (`shared_field_words`: the town both are placed
  in, the side both name);
- `unanchored`: nothing particular ties them (`anchored`); `uncorroborated`: only a
  coarse anchor does (a region, a country, a report's place), with neither the same day
  nor a particular of the happening (`corroborated`): either way the score is capped at
  `unanchored_cap`, below the threshold.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections import Counter
from functools import cache, lru_cache

from flarewatch.events.lexicon import data_rows, kin_modes, word_roles
from flarewatch.events.numbers import word_value
from flarewatch.fusion.blocking import (
    FINE_PLACES,
    PLACE_RANK,
    Anchors,
    Member,
    after_report,
    dateline_placed,
    narrative_dated,
    placed,
    report_dated,
    saying_dated,
    weights,
)
from flarewatch.fusion.mentions import stem
from flarewatch.paths import DATA_DIR
from flarewatch.storage.query import haversine_km

WORD = re.compile(r"[^\W\d_][\w'-]*|\d+")

Parts = dict[str, float]


@cache
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def word_bag(text: str) -> Counter[str]:
    """Content-word stems of a text (lower case, no stop words)."""
    return Counter(stem(word) for word in (w.lower() for w in WORD.findall(text))
                   if word not in stop_words() and len(word) > 1)


@lru_cache(maxsize=4096)
def clause_bag(text: str | None) -> Counter[str]:
    """`word_bag` of a trigger or an evidence clause, kept while a pool's pairs are scored
    (shared: do not mutate)."""
    return word_bag(text or "")


def cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def place_parts(a: Member, b: Member) -> Parts:
    """`same_place`, `contained_place`, `in_country`, `place_conflict` or `unplaced` (module
    docstring), and `reported_place` for an unplaced one whose report names the other's
    place; two places both given by a dateline (`blocking.dateline_placed`) compare as
    placed ones."""
    if not ((placed(a) and placed(b)) or (dateline_placed(a) and dateline_placed(b))):
        return {"unplaced": 1.0, **reported_place(a, b), **reported_place(b, a),
                **reported_together(a, b)}
    return place_relation(a, b)


def place_relation(a: Member, b: Member) -> Parts:
    """`same_place`, `contained_place`, `in_country`, `place_conflict` (`distance_parts`)
    or nothing, for two places taken as they are."""
    if a["place_geonameid"] is not None and a["place_geonameid"] == b["place_geonameid"]:
        return {"same_place": 1.0}
    if unlisted(a) and unlisted(b):
        return {"same_place" if folded(a["place_name"]) == folded(b["place_name"])
                else "place_conflict": 1.0}
    if a["place_precision"] in FINE_PLACES and b["place_precision"] in FINE_PLACES:
        return distance_parts(km_apart(a, b))
    if contains(a, b) or contains(b, a):
        coarse = a if PLACE_RANK[a["place_precision"]] > PLACE_RANK[b["place_precision"]] else b
        return {"in_country" if coarse["place_precision"] == "country" else "contained_place": 1.0}
    return {}


def unlisted(member: Member) -> bool:
    """A place the gazetteer lacks, put at the point of the place the text ties it to
    (`flarewatch.geo.unlisted`: no id, no feature): two such villages of different names
    are two places however near their borrowed points lie ("Daffo" and "Butura", both at
    Bokkos's), as `flarewatch.incidents.places.relation` reads them."""
    return member["place_lat"] is not None and member["place_geonameid"] is None \
        and member.row.get("place_feature", "") is None


def distance_parts(km: float) -> Parts:
    """Two town-fine places `km` apart: `same_place` within `near_km`; `nearby_place` up to
    `nearby_km` (outlets name the district town or the next village for one incident:
    "Tuesday's bombing on the Daraa road" and "killed in Tafas", 12 km off; the Konduga
    market bombing told from Maiduguri), an anchor that weighs nothing; `place_conflict`
    beyond. With it, conflict-dev2 records per incident 1.434 -> 1.421 and conflict-dev6
    1.565 -> 1.522 (recall 0.438 -> 0.471, wrong merges 0.070 -> 0.066); no fusion set
    worse, and none of 150 new events fused with an unrelated stored one on
    bench/bench_fusion.py's store of 1,000,000 records."""
    if km <= weights()["near_km"]:
        return {"same_place": 1.0}
    return {"nearby_place": 1.0} if km <= weights()["nearby_km"] else {"place_conflict": 1.0}


def reported_place(unplaced: Member, other: Member) -> Parts:
    """`reported_place` when `unplaced` has no trusted place (`blocking.placed`) but its
    report (another than `other`'s) names one (its `report_places`: rows of the `places`
    layer, as `place_*` columns) that is the same as, near (`nearby_town`), holds or lies
    in `other`'s place, a trusted one or its dateline's (`blocking.dateline_placed`: "DHAKA
    -" and a report naming Dhaka)."""
    if placed(unplaced) or not (placed(other) or dateline_placed(other)) \
            or unplaced["doc_id"] == other["doc_id"]:
        return {}  # a report names the places of all its own events
    for named in map(Member, unplaced.row.get("report_places") or ()):
        if nearby_town(named, other) or place_relation(named, other).keys() & {
                "same_place", "contained_place", "in_country"}:
            return {"reported_place": 1.0}
    return {}


def nearby_town(named: Member, other: Member) -> bool:
    """Two town-fine places within `nearby_km`: a report that names the district town tells
    of an incident in the next village (`distance_parts`). Only for a report's place
    (`reported_place`); two events' own places that near are neither the same nor apart.
    On conflict-dev it joins the unplaced tellings of a gang attack ("in which eight people
    were killed", in a report naming a town some 40 km from where another report's
    telling is placed; records per incident 1.569 -> 1.552); conflict-dev2 and the blind
    set unchanged (it anchors look-alikes there too, whose conflicting parts keep them
    apart). Two events' own places that near are `nearby_place` (`distance_parts`)."""
    return (named["place_precision"] in FINE_PLACES and other["place_precision"] in FINE_PLACES
            and km_apart(named, other) <= weights()["nearby_km"])


def reported_together(a: Member, b: Member) -> Parts:
    """`reported_place` for two events of two reports, neither with a trusted place, whose
    reports both name one town-fine place (the same gazetteer entry or within `near_km`)."""
    if placed(a) or placed(b) or a["doc_id"] == b["doc_id"]:
        return {}
    towns = [Member(named) for named in b.row.get("report_places") or ()
             if named["place_precision"] in FINE_PLACES]
    for named in a.row.get("report_places") or ():
        if named["place_precision"] in FINE_PLACES and any(
                "same_place" in place_parts(Member(named), town) for town in towns):
            return {"reported_place": 1.0}
    return {}


def contains(outer: Member, inner: Member) -> bool:
    """`outer` is a country or region that `inner` (finer) lies in."""
    if outer["place_precision"] == "country":
        return outer["place_country"] == inner["place_country"]
    return (outer["place_precision"] == "region" and inner["place_precision"] in FINE_PLACES
            and outer["place_admin1"] is not None
            and outer["place_admin1"] == inner["place_admin1"]
            and (not district(outer) or km_apart(outer, inner) <= weights()["district_km"]))


def district(region: Member) -> bool:
    """A region below its first-order division (a district, a territory: "Kalat" in
    Balochistan), told by a name other than its `admin1`'s; a place row without a name
    (a report's place, `reported_place`) is taken for the division itself."""
    name = region.row.get("place_name")
    return bool(name) and folded(name) != folded(region["place_admin1"])


def folded(name: str | None) -> str:
    """A name lower case, letters and digits only, accents off ("Khersonska oblast")."""
    text = unicodedata.normalize("NFKD", (name or "").lower())
    return "".join(c for c in text if c.isalnum())


def km_apart(a: Member, b: Member) -> float:
    return haversine_km(a["place_lat"], a["place_lon"], b["place_lat"], b["place_lon"])


def day_parts(a: Member, b: Member) -> Parts:
    """`same_day`, `next_day` or `days_apart` of two day-precise dates; nothing for a day
    after its report (`blocking.after_report`: a misread day says nothing), for a day
    carried from the narrative (`blocking.narrative_dated`: inferred), for dates
    spanning more than a night (`several_days`) or for a day a saying gave that is later
    than the other's (`said_after`). Two days one apart that both tellings give
    in their own words, neither at night (`told_by_day`), are `other_day`: the same town
    hit on consecutive days, not one night told either side of midnight."""
    if a["date_precision"] != "day" or b["date_precision"] != "day":
        return {}
    if day_unread(a) or day_unread(b) or said_after(a, b) or said_after(b, a):
        return {}
    apart = abs((a["date"] - b["date"]).days)
    if apart == 1 and told_by_day(a) and told_by_day(b):
        return {"other_day": 1.0}
    return {["same_day", "next_day"][apart] if apart < 2 else "days_apart": 1.0}


def said_after(said: Member, other: Member) -> bool:
    """`said` is dated by the saying that reported it (`blocking.saying_dated`), a day
    after the other's: the act came on that day or before, so the days do not differ."""
    return saying_dated(said) and other["date"] < said["date"]


def day_unread(member: Member) -> bool:
    """A day `day_parts` reads nothing from: after its report, carried from the narrative
    or spanning several days."""
    return after_report(member) or narrative_dated(member) or several_days(member)


def several_days(member: Member) -> bool:
    """The event's day-precise dates span more than a night ("since Tuesday", "9 to 12
    July"): a running toll or a spell of fighting, no one day's happening, so no day part
    holds for it (its days still overlap the other's, `blocking.days_overlap`). "Overnight"
    (two dates) is one night. A row read without the column spans its day."""
    last = member.row.get("enddate") or member["date"]
    return (last - member["date"]).days > 1


def told_by_day(member: Member) -> bool:
    """The event's day is told by its own words ("on Tuesday", "on 12 March": its
    `date_text`), not taken from its report (`blocking.report_dated`; a row read without
    the column is not told so), and neither those words nor its evidence
    clause put it at night or late in the day (`night_words`): a night's incident is dated
    either side of midnight, a day's is not."""
    told = member.row.get("date_text")
    return bool(told) and not (report_dated(member) or at_night(told)
                               or at_night(member["evidence"]))


@lru_cache(maxsize=4096)
def at_night(text: str | None) -> bool:
    """Whether a text has a word of `night_words` (cached: every pair reads it)."""
    return bool(set(WORD.findall((text or "").lower())) & night_words())


@cache
def night_words() -> frozenset[str]:
    """The words of roles `night` and `late` of `data/fusion/incident_words.tsv`."""
    roles = word_roles("fusion/incident_words.tsv")
    return roles.get("night", frozenset()) | roles.get("late", frozenset())


def agreement(a: object, b: object, same: str, conflict: str | None) -> Parts:
    if a is None or b is None:
        return {}
    if a == b:
        return {same: 1.0}
    return {conflict: 1.0} if conflict else {}


def side_parts(a: Member, b: Member) -> Parts:
    return {**agreement(a["actor_code"], b["actor_code"], "same_actor", "actor_conflict"),
            **agreement(a["recipient_code"], b["recipient_code"], "same_recipient", None),
            **mode_parts(a["mode"], b["mode"]),
            **toll_parts(a, b),
            **count_parts(victim_count(a), victim_count(b)),
            **target_parts(a["evidence"], b["evidence"]),
            **victim_parts(a.row.get("recipient_text"), b.row.get("recipient_text"))}


def target_parts(a: str | None, b: str | None) -> Parts:
    """`target_conflict` when both evidence clauses name what was hit (the kinds of
    `data/fusion/target_kinds.tsv`: vessel, vehicle, crowd, building) and no kind is
    common to both (`kinds_apart`): a missile on a tanker and shells on a row of houses, a bomb
    under an army vehicle and gunmen at a checkpoint, tear gas at marchers and a gang raid
    on a neighbourhood are two happenings, however close in place and day. On conflict-dev
    and conflict-dev2 no compatible cross-report pair of one incident has it; 15 of two
    incidents do (5 scoring the threshold without it, among them the one wrong merge of
    conflict-dev2)."""
    return {"target_conflict": 1.0} if kinds_apart(a, b, "fusion/target_kinds.tsv") else {}


def victim_parts(a: str | None, b: str | None) -> Parts:
    """`victim_conflict` when both events' victims (their `recipient_text`) are of a
    known kind (`data/fusion/victim_kinds.tsv`: the state's forces, or civilians) and no
    kind is common to both: "its soldiers were killed" and "two children were killed" are
    two happenings. The words of a side's claim ("militants") have no kind, so "the army
    says 12 militants, medics say 12 civilians" stays one incident. On conflict-dev and
    conflict-dev2 one cross-report pair has it, of two incidents (scoring 2.05 without it).
    With the civilian and forces words of 2026-12 (herders, neighbours, officers, "the army
    post"; a capitalised "Army" or "Forces" names a group, `kinds_of`), 4 cross-report pairs of
    two incidents of conflict-dev3 that scored the threshold no longer do, and no pair of one
    incident of the three development sets has it."""
    return {"victim_conflict": 1.0} if kinds_apart(a, b, "fusion/victim_kinds.tsv") else {}


def kinds_apart(a: str | None, b: str | None, relative: str) -> bool:
    """Both texts have words of a kind in the `word<TAB>kind` file `relative` under
    `data/` (`kinds_of`), and no kind is common to both."""
    kinds_a, kinds_b = kinds_of(a, relative), kinds_of(b, relative)
    return bool(kinds_a and kinds_b) and not kinds_a & kinds_b


@lru_cache(maxsize=8192)
def kinds_of(text: str | None, relative: str) -> frozenset[str]:
    """The kinds that the words of `text` have in the `word<TAB>kind` file `relative`
    under `data/` (cached: every pair reads it). A capitalised word after the first is part
    of a name ("the Arakan Army", "Rapid Support Forces", "Central Market") and has no kind;
    a word of several kinds ("officers") counts only where no word of one kind does
    ("police officers" are police); a word before a listed word of one kind qualifies it
    and has no kind of its own: "a school bus" is a vehicle, and before a word of kind
    `modified` nothing is ("the bus stand", "house arrest")."""
    kinds = kind_words(relative)
    words = [word.lower() if i == 0 or not word[0].isupper() else ""
             for i, word in enumerate(WORD.findall(text or ""))]
    heads = [len(kinds.get(word, ())) == 1 for word in [*words[1:], ""]]
    found = [kinds[word] for word, head in zip(words, heads, strict=False)
             if word in kinds and not head and MODIFIED not in kinds[word]]
    plain = [kind for kind in found if len(kind) == 1]  # "police officers": police
    return frozenset().union(*(plain or found))


MODIFIED = "modified"  # the kind of a word that makes the word before it a modifier


@cache
def kind_words(relative: str) -> dict[str, frozenset[str]]:
    """word -> its kinds, from a `word<TAB>kind` file under `data/` (a word on two rows is
    of two kinds: "officers" may be soldiers or police)."""
    found: dict[str, set[str]] = {}
    for kind, words in word_roles(relative).items():
        for word in words:
            found.setdefault(word, set()).add(kind)
    return {word: frozenset(kinds) for word, kinds in found.items()}


def mode_parts(a: str | None, b: str | None) -> Parts:
    """`same_mode` / `mode_conflict` (module docstring); nothing for kin modes
    (`kin_modes`: a drone strike told as an air strike)."""
    if a is not None and b is not None and frozenset((a, b)) in kin_modes():
        return {}
    return agreement(a, b, "same_mode", "mode_conflict")


def victim_count(member: Member) -> int | None:
    """How many the recipient's words count ("43 persons", "nearly 300 people"), if any."""
    words = (member.row.get("recipient_text") or "").split()
    return next((value for word in words if (value := word_value(word)) is not None), None)


def count_parts(a: int | None, b: int | None) -> Parts:
    """`toll_conflict` when two events' victims are counted far apart ("abducted 43" and
    "kidnapped 15" are two abductions); nothing otherwise (an equal count is no evidence
    of one incident, as an equal toll is)."""
    return {"toll_conflict": 1.0} if far_apart(a, b) else {}


def toll_parts(a: Member, b: Member) -> Parts:
    """`same_toll` or `toll_conflict` (module docstring); nothing when a toll is unknown,
    nor when a later report raises the toll of an earlier one (`risen`)."""
    if a["dead"] is not None and a["dead"] == b["dead"]:
        return {"same_toll": 1.0}
    return {} if risen(a, b) else count_parts(a["dead"], b["dead"])


def risen(a: Member, b: Member) -> bool:
    """Whether the report published later gives the higher toll, at most `rise_ratio`
    times the earlier one ("three civilians were killed" on the day, "the toll rose to
    five" a week on): tolls are revised upward as the wounded die and bodies are found,
    so a later, larger toll is no sign of another happening."""
    dated = [(m.row.get("doc_date"), m["dead"]) for m in (a, b)]
    if any(day is None or dead is None for day, dead in dated) or dated[0][0] == dated[1][0]:
        return False
    (_, earlier), (_, later) = sorted(dated)
    return earlier < later <= earlier * weights()["rise_ratio"]


def far_apart(a: int | None, b: int | None) -> bool:
    """Both counts known and the larger more than `toll_ratio` times the smaller."""
    if a is None or b is None:
        return False
    low, high = sorted((a, b))
    return high > low * weights()["toll_ratio"]


def pair_parts(a: Member, b: Member) -> Parts:
    """Each part that holds for the pair, with its raw value (1, or the word cosine)."""
    words = cosine(clause_bag(a["event_text"]), clause_bag(b["event_text"]))
    context = cosine(clause_bag(a["evidence"]), clause_bag(b["evidence"]))
    shared = particulars(a["evidence"]) & particulars(b["evidence"]) - shared_field_words(a, b)
    parts: Parts = {"words": round(words, 3), "context": round(context, 3),
                    **({"same_particular": 1.0} if shared else {}),
                    **place_parts(a, b), **day_parts(a, b), **side_parts(a, b),
                    **site_parts(a["evidence"], b["evidence"])}
    if a["doc_id"] == b["doc_id"]:
        parts["same_document"] = 1.0
    if several(a) or several(b):
        parts["several"] = 1.0
    return {**parts, **reported_day(a, b, parts)}


def site_parts(a: str | None, b: str | None) -> Parts:
    """`site_conflict` when both evidence clauses name the part of a town or the small
    place where it happened (`subsites`: "the Hara neighbourhood", "the village of Kokola")
    and the names share no word: two strikes on one city the same day, one in the Shash
    Darak area and one in Dasht-e-Barchi, are two happenings, whatever the town both are
    placed in. Names share a word when one is the other with its city ("Kabul's Paghman",
    "Paghman district"). On conflict-dev and conflict-dev2, 19 compatible cross-report
    pairs of two incidents have it and one of one incident (scoring 1.1 without it, below
    the threshold); none of them reaches the threshold without it, so no figure of either
    set moves: it is a margin against look-alikes in one city. A noun named both before
    and after ("the Dogon village of Songho") gives both names (`subsite_patterns`); with
    the first only, "the village of Songho" conflicted with it (conflict-dev6 records per
    incident 1.522 -> 1.500, recall 0.471 -> 0.496; no fusion set worse)."""
    names_a, names_b = subsites(a), subsites(b)
    return {"site_conflict": 1.0} if names_a and names_b and not names_a & names_b else {}


@lru_cache(maxsize=4096)
def subsites(text: str | None) -> frozenset[str]:
    """The words, lower case, of the capitalised names an evidence clause puts before a
    noun of `data/fusion/subsite_words.tsv` ("the Shash Darak area") or after it and "of"
    ("the village of Kokola"); no stop word, weekday or month, no word ending in "'s"
    (the city a name is given with: "Kharkiv's Kyivskyi district"), and no people's name
    (`people_word`: "a Kuki-Zo village"). Cached: every pair reads it."""
    found: set[str] = set()
    for pattern in subsite_patterns():
        for match in pattern.finditer(text or ""):
            found.update(word.lower() for word in match.group(1).split()
                         if not word.endswith(("'s", "\u2019s")))
    return frozenset(word for word in found - common_words() if not people_word(word))


def people_word(word: str) -> bool:
    """A people's name, which a site noun after it does not name ("the Dogon village",
    "a Kuki-Zo village"): an `identity` word of `data/events/acled_words.tsv`, alone or
    before a hyphen."""
    identity = word_roles("events/acled_words.tsv").get("identity", frozenset())
    return word in identity or word.split("-")[0] in identity


@cache
def subsite_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """`<Names> <noun>` and `<noun> of <Names>`, the nouns from
    `data/fusion/subsite_words.tsv`, a name one or more capitalised words (or "al-X");
    two patterns, so that one noun may have both ("the Dogon village of Songho": Dogon
    and Songho, and the village of Songho is the same place)."""
    nouns = "|".join(sorted(row[0] for row in data_rows("fusion/subsite_words.tsv")))
    name = r"(?:[A-Z]|al-[A-Z])[\w'\u2019-]*(?:\s+(?:[A-Z]|al-[A-Z])[\w'\u2019-]*)*"
    return (re.compile(rf"\b({name})\s+(?:{nouns})\b"),
            re.compile(rf"\b(?:{nouns})\s+of\s+({name})"))


def shared_field_words(a: Member, b: Member) -> frozenset[str]:
    """The words, lower case, that both events give in one field (`FIELD_WORDS`: the
    place's name or words when both are placed, the actor's or the recipient's words): a
    name both clauses give because both happened in that town, or both were done by or to
    that side ("Karabakh Armenians"), ties them no more than `same_place`, `same_actor` or
    `same_recipient` does. With it the seed report's two aid agreements at Agdam stay
    apart (records per incident on conflict-dev2 1.566 without it, 1.553 with it)."""
    found: set[str] = set()
    for field in FIELD_WORDS:
        found |= field_words(a, field) & field_words(b, field)
    return frozenset(found)


FIELD_WORDS = ("place_name", "place_text", "actor_text", "recipient_text")


def field_words(member: Member, field: str) -> set[str]:
    """The words, lower case, of one field of an event (no place's name when the event
    is not `placed`: fusion does not trust it)."""
    if field.startswith("place_") and not placed(member):
        return set()
    return {word.lower() for word in WORD.findall(member.row.get(field) or "")}


def several(member: Member) -> bool:
    """The telling counts happenings: its trigger is one plural word that its evidence
    clause puts after a number of two or more or a word of `several` (`data/fusion/words.tsv`:
    "the two attacks in Kirkuk province", "both bombings"). It sums incidents, so it is none
    of them (`eval/fusion/README.md`: summaries of many incidents are not marked). Not an
    arrest (COERCE): "three arrests" counts the people one raid held. A telling that puts
    its happening at two sites joined by "and" (`listed_sites`) sums them too."""
    return member["event"] != "COERCE" and (counted(member["event_text"], member["evidence"])
                                            or listed_sites(member["evidence"]))


@lru_cache(maxsize=4096)
def listed_sites(evidence: str | None) -> bool:
    """Whether an evidence clause names two sites (`own_sites`' words of place and names),
    with "and" between them: "strikes killed two men near Nabatieh and three people in
    Bint Jbeil" tells a happening at each (the incidents stage gives one record per place
    a sentence lists, when it sees the list). Not "a checkpoint near Kulachi in Dera Ismail
    Khan district": one site inside another. One evidence clause of the mapped events of
    conflict-dev and conflict-dev2 (its wrong merge took conflict-dev2's precision from
    0.981 to 0.962)."""
    found = [match for match in site_pattern().finditer(evidence or "")
             if match.group(1).lower() not in common_words()]
    if len({match.group(1).lower() for match in found}) < 2:
        return False
    return " and " in (evidence or "")[found[0].end():found[-1].start()]


@lru_cache(maxsize=4096)
def counted(trigger: str | None, evidence: str | None) -> bool:
    """Whether `trigger` is one plural word that `evidence` puts after a count (`several`;
    cached: every pair reads it)."""
    word = (trigger or "").lower()
    if not word.endswith("s") or not word.isalpha():
        return False
    words = [found.lower() for found in WORD.findall(evidence or "")]
    return any(after == word and (before in counting_words() or (word_value(before) or 0) > 1)
               for before, after in zip(words, words[1:], strict=False))


def counting_words() -> frozenset[str]:
    """The words of role `several` of `data/fusion/words.tsv`."""
    return word_roles("fusion/words.tsv").get("several", frozenset())


CONFLICTS = frozenset({"place_conflict", "site_conflict", "days_apart", "other_day",
                       "toll_conflict", "mode_conflict", "actor_conflict", "several",
                       "target_conflict", "victim_conflict"})


def reported_day(a: Member, b: Member, parts: Parts) -> Parts:
    """`reported_day` for a `reported_place` pair told the same day with no conflicting
    part, unless an unplaced one names a site of its own the other does not (`named_sites`):
    "clashed with the fleeing enemy near Mayi-Moya" (a village the gazetteer lacks) is not
    the attack near Oicha the report also names. On conflict-dev and conflict-dev2 it joins an
    unplaced follow-up ("Tuesday's demonstration along Zoo Road", "the explosion") to the
    incident of its report's town, and adds no wrong merge."""
    if "reported_place" not in parts or "same_day" not in parts or parts.keys() & CONFLICTS:
        return {}
    for unplaced, other in ((a, b), (b, a)):
        if not placed(unplaced) and named_sites(unplaced["evidence"]) - named_by(other):
            return {}
    return {"reported_day": 1.0}


def named_sites(evidence: str | None) -> frozenset[str]:
    """The sites an evidence clause names of its own: after a word of place (`own_sites`:
    "near Mayi-Moya") or as a part of a town or a small place (`subsites`: "shells fell on
    the Mugunga camp"). With the second, an unplaced telling of the shells on a camp is not
    taken for the shelling of the town its report also names (conflict-dev: one wrong
    pair scoring the threshold, 1.4 -> 1.1; no figure of conflict-dev or conflict-dev2
    moves)."""
    return own_sites(evidence) | subsites(evidence)


def named_by(member: Member) -> frozenset[str]:
    """The names of a telling: its evidence clause's `particulars` and its place's name,
    lower case."""
    return particulars(member["evidence"]) | {(member.row.get("place_name") or "").lower()}


@lru_cache(maxsize=4096)
def own_sites(text: str | None) -> frozenset[str]:
    """The first word, lower case, of each capitalised name an evidence clause puts after a
    word of place (`data/fusion/site_words.tsv`: "near Mayi-Moya", "in Koko"), weekdays,
    months and stop words aside."""
    found = {match.group(1).lower().removesuffix("'s").removesuffix("\u2019s")
             for match in site_pattern().finditer(text or "")}
    return frozenset(found - common_words())


@cache
def site_pattern() -> re.Pattern[str]:
    """`<site word> <Capitalised word>`, the site words from `data/fusion/site_words.tsv`."""
    lines = (DATA_DIR / "fusion" / "site_words.tsv").read_text(encoding="utf-8").splitlines()
    words = sorted(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\s+(?:the\s+)?([A-Z][\w'-]*)")



def weighted(parts: Parts) -> float:
    table = weights()
    return table["bias"] + sum(table[name] * value for name, value in parts.items())


def anchored(parts: Parts) -> bool:
    """Whether something particular ties the two tellings: a shared place, the next town
    (`nearby_place`), or one the report of an unplaced telling names, or a name or
    number both evidence clauses give
    (`particulars`). Agreement on generic facts alone (a type, a day, a country's forces,
    a common toll, "shelling killed civilians") is what every other event of that type and
    day in the country shares too: without this rule,
    31 of 200 new events fused with unrelated stored ones over a store of 1,000,000 records
    (bench/bench_fusion.py); with it, none."""
    return bool(parts.keys() & ANCHORS)


ANCHORS = frozenset({"same_place", "nearby_place", "contained_place", "in_country",
                     "reported_place", "same_particular"})


def may_reach(a: Member, b: Member, floor: float) -> bool:
    """Whether the pair may score `floor` or more, found from its anchor alone where that
    is enough: a pair that is not `anchored` scores at most `unanchored_cap`, so with
    the cap below `floor` only an anchored one may (the words, sides and days of the
    others are never compared)."""
    if weights()["unanchored_cap"] >= floor:
        return True
    if particulars(a["evidence"]) & particulars(b["evidence"]):
        return True
    return bool(place_parts(a, b).keys() & ANCHORS)


def needed_anchors(member: Member, floor: float) -> Anchors | None:
    """What a candidate must share with `member` to reach `floor` (`may_reach`): for an
    unplaced member (not `blocking.placed`) with its `report_places` set, its particulars
    (`particulars` of its evidence clause) and its report's places; None when anything
    may anchor it (a placed member, one whose report places are not read, or an
    `unanchored_cap` that reaches `floor`). Proof, for an unplaced `member` and any
    candidate: `place_parts` gives `unplaced`, and of the anchors only `reported_place`
    may join it (`reported_place(member, other)`: the other placed at, near
    (`nearby_town`), holding or inside a place of the member's report;
    `reported_place(other, member)` needs the member placed; `reported_together`: the
    other unplaced, its report naming a town of the member's report), besides a shared
    particular. So a candidate sharing neither a particular nor such a place cannot reach
    the floor (`blocking.sharing` keeps a superset of those that do)."""
    if weights()["unanchored_cap"] >= floor or placed(member):
        return None
    if "report_places" not in member.row:
        return None
    return Anchors(tuple(sorted(particulars(member["evidence"]))),
                   tuple(member.row["report_places"]))


def particulars_column(text: str | None) -> str:
    """`particulars` of an evidence clause as `events.particulars` stores them: sorted,
    each with a space on either side (" 4 aleppo "), so that a word is found by
    `LIKE '% word %'`; "" for none. The column is filled when an event is fused
    (`flarewatch.fusion.layer.fuse_documents`; migration 0016 for older rows): a change to
    `particulars` needs the column filled again, or lookups may miss candidates."""
    found = sorted(particulars(text))
    return f" {' '.join(found)} " if found else ""


@lru_cache(maxsize=4096)
def particulars(text: str | None) -> frozenset[str]:
    """Names and numbers of an evidence clause: capitalised words after its first word,
    lower-cased, and numbers of at least `anchor_number`, as digits ("five" and "5" are
    one); not stop words, weekdays or months (every event of that day shares them), years
    or zero-padded date parts (`calendar_number`), nor the small tolls most incidents have
    (one or two dead). Cached: every pair reads it."""
    words = WORD.findall(text or "")
    names = {word.lower() for word in words[1:] if word[:1].isupper()
             and word.lower() not in common_words() and word_value(word) is None}
    numbers = [word for word in words if not calendar_number(word)]
    return frozenset(names | {str(value) for value in map(word_value, numbers)
                              if value is not None and value >= weights()["anchor_number"]})


def calendar_number(word: str) -> bool:
    """A year ("2024": every event of that year has it) or a zero-padded part of a date or
    clock time ("03" of "2024-03-12", "08" of "08:30"), no particular of one happening."""
    year = len(word) == 4 and word.isdigit() and 1900 <= int(word) <= 2100
    return year or (len(word) > 1 and word.isdigit() and word.startswith("0"))


@cache
def common_words() -> frozenset[str]:
    """Stop words and English weekday and month names (full and abbreviated), lower case."""
    names = [*calendar.day_name, *calendar.day_abbr, *calendar.month_name, *calendar.month_abbr]
    return stop_words() | frozenset(name.lower() for name in names if name)


def corroborated(a: Member, b: Member, parts: Parts) -> bool:
    """Whether a pair has more than a coarse anchor: both placed in one town (or at one
    point), or besides its anchor the same day, a name or number, the toll, the weapon,
    or evidence clauses of `corroboration_context` cosine or more. A region, a country
    or a report's place (`contained_place`, `in_country`, `reported_place`, one region)
    is shared by every incident there that week, and the recipient's country and sector
    ("SDN CVL") by most of them. On conflict-dev and conflict-dev2 it takes 3 cross-report
    pairs of two incidents and 1 of one incident below the threshold; no figure of either
    set moves. A pair anchored only by the next town (`nearby_place`) needs more than the
    day: two strikes by one side on one people in towns 30 km apart on one day are
    common where a war is hot."""
    fine = (a["place_precision"] in FINE_PLACES and b["place_precision"] in FINE_PLACES
            and "same_place" in parts)
    told = parts["context"] >= weights()["corroboration_context"]
    if "nearby_place" in parts and not parts.keys() & ANCHORS - {"nearby_place"}:
        return told or bool(parts.keys() & CORROBORATIONS - {"same_day"})
    return fine or bool(parts.keys() & CORROBORATIONS) or told


CORROBORATIONS = frozenset({"same_day", "same_particular", "same_toll", "same_mode"})


def pair_score(a: Member, b: Member) -> tuple[float, Parts]:
    """(score, parts) of two compatible events (module docstring). A pair that is not
    `anchored`, or not `corroborated`, scores at most `unanchored_cap`."""
    parts = pair_parts(a, b)
    score = weighted(parts)
    if not anchored(parts):
        parts["unanchored"] = 1.0
    elif not corroborated(a, b, parts):
        parts["uncorroborated"] = 1.0
    if parts.keys() & {"unanchored", "uncorroborated"}:
        score = min(score, weights()["unanchored_cap"])
    return score, parts
