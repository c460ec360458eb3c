"""One fused record from the per-document events of an incident (fusion at ingest, step 4).

Reconciliation, not averaging (contract: "Fused events"):
- the principal source is the oldest report (publication date, then document id); the
  record's evidence, `doc_id` and tellings are its;
- the type and mode, each side (actor, recipient, claimant) and the modality are those
  most sources support, ties to the older source;
- the place is the most specific one (point, town, region, country) among those in the
  country most sources place it in; the date the most precise (day, week, month...), one
  told in words over one inferred (`date_rank`), then the narrowest; ties to the better
  supported, then the older source;
- `size` holds, per figure, the most recent report's (never an average), and `casualties`
  that report's groups for it; `size_range` `{"dead": [low, high], ...}` the spread where
  sources disagree;
- `sources` lists every source with its own claim and figures, oldest first.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from flarewatch.fusion.blocking import DATE_RANK, PLACE_RANK, Member, dateline_placed
from flarewatch.model import Event, Size, Source, TextSpan, told_of_act
from flarewatch.storage.rows import event_from_row

TOLLS = ("dead", "injured", "arrested")


def age(member: Member) -> tuple[Any, ...]:
    """Sort key: oldest report first (undated reports last), then document, then span."""
    published = member["doc_date"]
    return (published is None, published or "", member["doc_id"], member["evidence_start"])


def supported(members: Sequence[Member], key: Callable[[Member], Any]) -> Member | None:
    """The oldest member whose `key` (not None) the most documents share."""
    docs: dict[Any, set[str]] = {}
    for member in members:
        if key(member) is not None:
            docs.setdefault(key(member), set()).add(member["doc_id"])
    if not docs:
        return None
    best = max(len(found) for found in docs.values())
    return next(m for m in members if key(m) is not None and len(docs[key(m)]) == best)


def most_specific(members: Sequence[Member], key: Callable[[Member], Any],
                  rank: Callable[[Member], Any]) -> Member | None:
    """The member of the lowest `rank` (ties: the most shared `key`, then the oldest)."""
    ranked = [m for m in members if key(m) is not None]
    if not ranked:
        return None
    support = Counter(key(m) for m in ranked)
    return min(ranked, key=lambda m: (rank(m), -support[key(m)]))


def place_of(members: Sequence[Member]) -> Member | None:
    """The most specific place of the members in the country most of them give, a place
    only a dateline gave (`blocking.dateline_placed`) where no member names another."""
    named = [m for m in members if not dateline_placed(m)] or members
    country = supported(named, lambda m: m["place_country"])
    inside = [m for m in named if country is None
              or m["place_country"] in (None, country["place_country"])]
    return most_specific(inside, lambda m: m["place_name"],
                         lambda m: PLACE_RANK.get(m["place_precision"], 9))


def date_rank(member: Member) -> tuple[int, int, int]:
    """(precision rank, inferred, days spanned): of two days, one told in words
    (`date_text`) over one taken from the report's day or the narrative (`date_basis`
    "report" or "narrative") or the day of a saying (`date_basis` "saying"): a report
    comes out after what it tells."""
    span = ((member["enddate"] or member["date"]) - member["date"]).days
    inferred = 0 if told_of_act(member.row.get("date_text"), member.row.get("date_basis")) else 1
    return DATE_RANK.get(member["date_precision"] or "", 9), inferred, span


def date_of(members: Sequence[Member]) -> Member | None:
    return most_specific(members, lambda m: m["date"], date_rank)


def latest_giver(members: Sequence[Member], name: str) -> Member | None:
    """The most recent source (members oldest first) that gives figure `name`."""
    return next((m for m in reversed(members) if m[name] is not None), None)


def latest_size(members: Sequence[Member]) -> Size:
    givers = {name: latest_giver(members, name) for name in TOLLS}
    return Size(**{name: giver[name] if giver else None for name, giver in givers.items()})


def latest_casualties(members: Sequence[Member], parsed: Parsed) -> list[Any]:
    """The record's casualties, each figure's from the source whose figure `size` holds
    (the most recent report giving one), the others the principal source's: a record
    standing by 31 dead lists the groups of the report of 31, not the 18 of the first
    report (newcomer's trial)."""
    found = [c for c in parsed[members[0].id].casualties if c.status not in TOLLS]
    for name in TOLLS:
        giver = latest_giver(members, name)
        if giver is not None:
            found += [c for c in parsed[giver.id].casualties if c.status == name]
    return found


def size_range(members: Sequence[Member]) -> dict[str, list[int]]:
    spread = {}
    for name in ("dead", "injured"):
        values = {m[name] for m in members if m[name] is not None}
        if len(values) > 1:
            spread[name] = [min(values), max(values)]
    return spread


def source(member: Member, event: Event) -> Source:
    published = member["doc_date"]
    return Source(doc_id=member["doc_id"], event_id=member.id,
                  text_info=TextSpan(event.start, event.end, event.sentence),
                  url=member["doc_url"], title=member["doc_title"],
                  date=published.isoformat() if published else None,
                  claimed_by=event.claimed_by, size=event.size)


Parsed = dict[str, Event]  # member id -> its per-document event


def side(members: Sequence[Member], parsed: Parsed, prefix: str) -> Any:
    found = supported(members, lambda m: m[f"{prefix}_code"] or m[f"{prefix}_text"])
    return getattr(parsed[found.id], prefix) if found else None


def taken(parsed: Parsed, chosen: Member | None, name: str) -> Any:
    return getattr(parsed[chosen.id], name) if chosen else None


def reconciled(members: Sequence[Member], fused_id: str) -> Event:
    """The fused record of `members` (one incident), with id `fused_id`."""
    members = sorted(members, key=age)
    parsed = {m.id: event_from_row(m.row) for m in members}
    principal = parsed[members[0].id]
    typed = supported(members, lambda m: (m["event"], m["mode"])) or members[0]
    dated = date_of(members)
    modal = supported(members, lambda m: m["modality"]) or members[0]
    return dataclasses.replace(
        principal, id=fused_id, event=typed["event"], mode=typed["mode"],
        acled=taken(parsed, typed, "acled"), cameo=typed["cameo"],
        actor=side(members, parsed, "actor"), recipient=side(members, parsed, "recipient"),
        claimed_by=side(members, parsed, "claimed_by"),
        event_loc=taken(parsed, place_of(members), "event_loc"),
        date=taken(parsed, dated, "date"), enddate=taken(parsed, dated, "enddate"),
        date_precision=taken(parsed, dated, "date_precision"),
        date_text=taken(parsed, dated, "date_text"),
        date_basis=taken(parsed, dated, "date_basis"), size=latest_size(members),
        casualties=latest_casualties(members, parsed),
        modality=modal["modality"], confidence=max(m["confidence"] for m in members),
        sources=[source(m, parsed[m.id]) for m in members], size_range=size_range(members))
