"""Event lexicons read from `data/events/*.tsv`, each loaded once on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flarewatch.paths import DATA_DIR


@dataclass(frozen=True)
class Trigger:
    """A word that names an event of `event` type when its `needs` are met and none of its
    `vetoes` (needs written `!word` in `triggers.tsv`) is."""

    lemma: str
    pos: str
    event: str
    mode: str | None
    needs: frozenset[str]
    source: str = "curated"
    vetoes: frozenset[str] = frozenset()

    @property
    def tagged(self) -> bool:
        """Whether a need or veto is a tag of the parse ("@place"), not a word."""
        return any(word.startswith("@") for word in self.needs | self.vetoes)


@dataclass(frozen=True)
class AcledRule:
    event: str
    mode: str
    trigger: str
    cue: str
    event_type: str
    sub_event_type: str
    target: str = "*"


def read_rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a file of `data/events/`, comments and blank lines left out."""
    return data_rows(f"events/{name}")


def data_rows(relative: str) -> list[list[str]]:
    """The tab-separated rows of a file under `data/`, comments and blank lines left out."""
    rows = []
    for line in (DATA_DIR / relative).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def _trigger(row: list[str], source: str) -> Trigger:
    lemma, pos, event, mode, needs = (row + [""] * 5)[:5]
    parts = [word for word in needs.split("|") if word]
    wanted = frozenset(word for word in parts if not word.startswith("!"))
    vetoes = frozenset(word[1:] for word in parts if word.startswith("!"))
    return Trigger(lemma, pos, event, mode or None, wanted, source, vetoes)


@cache
def triggers() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """(lemma, pos) -> candidate triggers, those with `needs` first (they are narrower)."""
    found: dict[tuple[str, str], list[Trigger]] = {}
    for row in read_rows("triggers.tsv"):
        entry = _trigger(row, "curated")
        found.setdefault((entry.lemma, entry.pos), []).append(entry)
    return {key: tuple(sorted(items, key=_narrow_first)) for key, items in found.items()}


def trigger_types(lemma: str, pos: str) -> frozenset[str]:
    """The PLOVER types the lemma can trigger as a VERB or NOUN, whatever it needs."""
    return frozenset(entry.event for entry in triggers().get((lemma.lower(), pos), ()))


def _narrow_first(entry: Trigger) -> bool:
    return not entry.needs


@cache
def mode_cues() -> dict[str, tuple[int, str, str]]:
    """lemma -> (rank, event, mode); a lower rank wins when several cues occur."""
    rows = read_rows("mode_cues.tsv")
    return {lemma: (rank, event, mode) for rank, (lemma, event, mode) in enumerate(rows)}


@cache
def acled_rules() -> tuple[AcledRule, ...]:
    return tuple(AcledRule(*row[:7]) for row in read_rows("acled.tsv"))


@cache
def statuses() -> dict[str, str]:
    """Status word (lemma) -> what befell its victims: dead, injured or arrested."""
    return {lemma: status for lemma, status in read_rows("statuses.tsv")}


@cache
def victim_sectors() -> dict[str, str]:
    return {lemma: sector for lemma, sector in read_rows("victims.tsv")}


@cache
def reporting_verbs() -> dict[str, str]:
    """Attribution verb lemma -> the modality it gives the reported event."""
    return {lemma: modality for lemma, modality in read_rows("reporting.tsv")}


@cache
def accusation_nouns() -> frozenset[str]:
    return frozenset(row[0] for row in read_rows("accusations.tsv"))


@cache
def state_sectors() -> dict[str, str]:
    """PLOVER type -> the sector of a state named as its actor by its country alone."""
    return {event: sector for event, sector in read_rows("state_sectors.tsv")}


@cache
def word_roles(relative: str) -> dict[str, frozenset[str]]:
    """role -> its words, from a `word<TAB>role` file under `data/` (comments skipped);
    `data/incidents/words.tsv` and `relevance.tsv` are of this form."""
    found: dict[str, set[str]] = {}
    for line in (DATA_DIR / relative).read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 2 and not line.startswith("#"):
            found.setdefault(cells[1].strip(), set()).add(cells[0].strip())
    return {role: frozenset(words) for role, words in found.items()}


def claim_words(role: str) -> frozenset[str]:
    """The words of one role in `data/events/claim_words.tsv` (document, responsibility,
    claiming), read by the claims stage and by the detection and dating of claimed acts."""
    return word_roles("events/claim_words.tsv").get(role, frozenset())


@cache
def kin_modes() -> frozenset[frozenset[str]]:
    """Pairs of ASSAULT modes one happening may be told with (`data/fusion/mode_kin.tsv`:
    a drone strike told as an air strike, a suicide bombing as a blast), read by the
    incidents of one report and by fusion across reports alike."""
    return frozenset(frozenset(row) for row in data_rows("fusion/mode_kin.tsv") if len(row) == 2)
