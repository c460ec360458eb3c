"""What fusion at ingest costs over a store of 1,000,000 fused records (issue 13).

    python bench/bench_fusion.py                   # the 1,000,000-record store of bench_web
    python bench/bench_fusion.py --events 100000 --reports 60

The store is bench_web's synthetic one (each event its own one-source fused record, built
once and cached; its events given their particulars once, `fill_particulars`). Reports are
written from templates (`INCIDENTS`, each incident told by four differently worded
reports, one naming no place, dated inside the store's years, in its countries), so
every lookup meets the stored events of its type, country and month. They are extracted
once; then the same documents are stored into two copies of the store, once without
fusion and once with it, and then once more (a re-ingest, which must add nothing).
Ratios compare runs made in this process. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from bench_web import cached_store
from table import print_table

from flarewatch.fusion import layer as fusion_layer
from flarewatch.model import Document
from flarewatch.pipeline import run_many
from flarewatch.storage import Store, open_store

# (town, attacker, victims) in countries of the synthetic store
INCIDENTS = [("Kharkiv", "Russian", "civilians"), ("Aleppo", "government", "residents"),
             ("Khartoum", "RSF", "civilians"), ("Gao", "jihadist", "soldiers"),
             ("Maiduguri", "Boko Haram", "villagers"), ("Goma", "M23", "displaced people"),
             ("Mogadishu", "al-Shabaab", "shoppers"), ("Taiz", "Houthi", "children"),
             ("Kandahar", "Taliban", "police officers"), ("Mosul", "Islamic State", "workers")]
# What a news report holds besides the incident (about 220 words, telling of no event, so
# that every report's events are its incident's), so that a report costs what a real one
# of some 250 words costs to extract (the seed report has 674).
BACKGROUND = " " + " ".join([
    "The town has changed hands several times since the war began, and many families have "
    "left for the coast or for relatives in the capital.",
    "Aid groups say the main road is often closed and that the hospital is short of fuel, "
    "medicine and staff, with surgeons working through the night.",
    "Residents described long queues for bread and water in the days before, and said that "
    "prices in the market had doubled since the spring.",
    "Schools have been shut for most of the year; teachers hold classes in mosques and "
    "private homes when they can, and many children now work.",
    "Farmers outside the town said they could not reach their fields, and that the harvest "
    "would be the smallest in a decade unless the roads reopened soon.",
    "The United Nations says more than a million people in the province need help, and "
    "that its appeal for the year is less than a third funded.",
    "Journalists have little access to the area, and the figures given by the sides could "
    "not be verified independently.",
    "Traders said the border crossing had reopened for goods on some days, but that trucks "
    "waited for a week or more to be inspected.",
    "The war has displaced millions of people across the country, according to the "
    "International Organization for Migration, which counts arrivals at camps each month.",
])
TELLINGS = [
    "{attacker} forces shelled {town} on {weekday}, killing {dead} {victims}, officials said.",
    "At least {dead} {victims} died when shells hit a market in {town} on {weekday}, "
    "according to local medics.",
    "The toll from {weekday}'s bombardment of {town} rose to {more}, a regional official "
    "said the next day, blaming {attacker} fighters.",
    # No place: fusion compares it in every country (`fusion.layer.fusion_country`).
    "{attacker} fighters said on {weekday} that their shelling had killed {dead} {victims}.",
]


def fill_particulars(db: Path) -> int:
    """Give the stored events their `events.particulars`, which bench_web's store, written
    behind fusion's back, lacks (a store fusion wrote has them: `fusion.layer`); kept in
    the cached store, so done once; how many events."""
    with open_store(str(db)) as store, store.engine.begin() as connection:
        return fusion_layer.fill_particulars(connection)


def reports(count: int) -> list[Document]:
    """`count` reports: incidents in turn, each told four ways, five days apart in 2023-24."""
    found = []
    for number in range(count):
        incident, telling = divmod(number, len(TELLINGS))
        town, attacker, victims = INCIDENTS[incident % len(INCIDENTS)]
        day = dt.date(2023, 1, 2) + dt.timedelta(days=5 * incident)
        published = day + dt.timedelta(days=telling // 2)
        text = TELLINGS[telling].format(town=town, attacker=attacker, victims=victims,
                                        weekday=f"{day:%A}", dead=3 + incident % 7,
                                        more=5 + incident % 7) + BACKGROUND
        found.append(Document(id=f"bench-fusion-{number}", text=text, date=published,
                              title=f"{town} report {telling}", source=f"Outlet {telling}"))
    return found


def timed_ingest(db: Path, docs: list[Document], fuse: bool) -> tuple[float, int, int, int]:
    """Seconds to store `docs` into `db` (fusing or not), events and records added, and
    the new events fused with a stored synthetic one (always wrong: they share no
    incident)."""
    with open_store(str(db)) as store:
        store.fuse = fuse
        before = store.count_fused()
        started = time.perf_counter()
        report = store.add_documents(docs)
        seconds = time.perf_counter() - started
        return (seconds, report.events_added, store.count_fused() - before,
                fused_with_stored(store))


def fused_with_stored(store: Store) -> int:
    """New events whose fused record holds a synthetic stored event."""
    query = sa.text("SELECT count(*) FROM events e WHERE e.doc_id LIKE 'bench-fusion-%' "
                    "AND EXISTS (SELECT 1 FROM events o WHERE o.fused_id = e.fused_id "
                    "AND o.doc_id NOT LIKE 'bench-fusion-%')")
    with store.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def measure(db: Path, docs: list[Document], extract_s: float) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as scratch:
        plain, fused = Path(scratch) / "plain.db", Path(scratch) / "fused.db"
        shutil.copyfile(db, plain)
        shutil.copyfile(db, fused)
        os.sync()  # so that neither run's first checkpoint waits for the copies' writeback
        without, events, _, _ = timed_ingest(plain, docs, fuse=False)
        plain.unlink()
        with_fusion, _, records, wrong = timed_ingest(fused, docs, fuse=True)
        again, added, more, _ = timed_ingest(fused, docs, fuse=True)
    per_doc = (with_fusion - without) / len(docs) * 1000
    return [
        ("reports ingested (events)", f"{len(docs)} ({events})"),
        ("extraction", f"{extract_s:.1f} s ({extract_s / len(docs) * 1000:.0f} ms/report)"),
        ("store without fusion", f"{without:.2f} s"),
        ("store with fusion", f"{with_fusion:.2f} s ({records} fused records added)"),
        ("new events fused with an unrelated stored one", f"{wrong} of {events}"),
        ("fusion cost per report", f"{per_doc:.1f} ms"),
        ("ingest time ratio, fusion / none (extract + store)",
         f"{(extract_s + with_fusion) / (extract_s + without):.3f}"),
        ("store time ratio, fusion / none", f"{with_fusion / without:.2f}"),
        ("re-ingest of the same reports", f"{again:.2f} s, {added} events, {more} records added"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=150)
    args = parser.parse_args()
    db, built = cached_store(args.events)
    filled = fill_particulars(db)
    docs = reports(args.reports)
    started = time.perf_counter()
    docs = list(run_many(docs))
    extract_s = time.perf_counter() - started
    for doc in docs:
        doc.parse = None  # what the store reads is the annotations
    rows = [("stored fused records", f"{args.events:,}")]
    if built is not None:
        rows.append(("store generation", f"{built:.0f} s"))
    if filled:
        rows.append(("stored events given their particulars", f"{filled:,}"))
    print_table(rows + measure(db, docs, extract_s))
    return 0


if __name__ == "__main__":
    sys.exit(main())
