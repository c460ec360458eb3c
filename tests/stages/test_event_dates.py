"""Stage `event_dates` with hand-made events on parsed documents."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from flarewatch import pipeline
from flarewatch.model import Document, Event

REPORT_DATE = dt.date(2023, 9, 19)


def _event(doc: Document, trigger: str, occurrence: int = 0) -> Event:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(trigger, start + 1)
    sentence = doc.sentence_at(start)
    index = sentence.index if sentence else 0
    return Event("ASSAULT", start, start + len(trigger), index, trigger, start,
                 start + len(trigger))


def _dated(text: str, triggers: list[str], date: dt.date | None = REPORT_DATE) -> list[Event]:
    doc = pipeline.run(Document("test", text, date), ["parse", "timexes"])
    doc.events = [_event(doc, trigger) for trigger in triggers]
    return pipeline.run(doc, ["event_dates"]).events


def _fields(event: Event) -> tuple[str | None, str | None, str | None, str | None]:
    return event.date, event.enddate, event.date_precision, event.date_text


def test_each_clause_keeps_its_own_date() -> None:
    blocking, tightened = _dated(
        "Since last December, Azerbaijan has been blocking the corridor, "
        "and further tightened this blockade in June.", ["blocking", "tightened"])
    assert _fields(blocking) == ("2022-12-01", "2023-09-19", "month", "Since last December")
    assert _fields(tightened) == ("2023-06-01", "2023-06-30", "month", "in June")


def test_date_of_the_governing_clause() -> None:
    (begun,) = _dated("The army announced on Tuesday morning that it had begun operations.",
                      ["begun"])
    assert _fields(begun) == ("2023-09-19", "2023-09-19", "day", "on Tuesday morning")


def test_date_in_a_relative_clause_does_not_govern() -> None:
    (killed,) = _dated("Two soldiers were killed in areas that Baku recaptured in 2020.",
                       ["killed"])
    assert _fields(killed) == (None, None, None, None)


def test_now_gives_the_report_date() -> None:
    (use,) = _dated("The military has now announced that it will use precision weapons.",
                    ["use"])
    assert _fields(use) == ("2023-09-19", "2023-09-19", "day", "now")


def test_range_of_two_expressions() -> None:
    (raged,) = _dated("Fighting raged from March to June.", ["raged"])
    assert _fields(raged) == ("2023-03-01", "2023-06-30", "month", "from March to June")


def test_previous_sentence_dates_a_past_event() -> None:
    (wounded,) = _dated("A convoy was attacked on Monday near the border. "
                        "Two drivers were wounded.", ["wounded"])
    assert _fields(wounded) == ("2023-09-18", "2023-09-18", "day", "on Monday")


def test_paragraph_break_stops_the_discourse() -> None:
    (wounded,) = _dated("A convoy was attacked on Monday.\n\nTwo drivers were wounded.",
                        ["wounded"])
    assert wounded.date is None


def test_present_tense_event_gets_the_report_date() -> None:
    (rejects,) = _dated("Azerbaijan rejects the proposal.", ["rejects"])
    assert _fields(rejects) == ("2023-09-19", "2023-09-19", "day", None)


def test_undated_history_gets_no_date() -> None:
    (destroyed,) = _dated("The old town was destroyed by shelling.", ["destroyed"])
    assert destroyed.date is None


def test_without_document_date_relative_dates_stay_open() -> None:
    (shelled,) = _dated("The town was shelled on Tuesday.", ["shelled"], None)
    assert shelled.date is None


# seed events: (words of the gold evidence, trigger word in them)
SEED_TRIGGERS = [
    ("the Azerbaijani military had been attacking", "attacking"),
    ("Since last December, Azerbaijan has been blocking", "blocking"),
    ("a Russian aid delivery reached Stepanakert", "reached"),
    ("Last Sunday, the Karabakh Armenian leadership and Baku agreed", "agreed"),
    ("An aid shipment from the ICRC reached the region", "reached"),
    ("Aliyev’s troops were able to capture", "capture"),
    ("more than 7,000 soldiers were killed", "killed"),
    ("has now announced that it will use", "use"),
    ("Armenian shelling of Azerbaijani positions", "shelling"),
    ("Interior Ministry were killed on Tuesday morning", "killed"),
    ("The Armenian Foreign Ministry spoke", "spoke"),
    ("called on the parties to the conflict", "called"),
]


@pytest.fixture(scope="module")
def seed(shared: Path) -> tuple[Document, list[dict[str, object]]]:
    raw = next((shared / "data" / "seed").glob("*.txt")).read_text(encoding="utf-8")
    gold = json.loads((shared / "eval" / "gold" / "seed.jsonl").read_text().splitlines()[0])
    doc = pipeline.run(Document("seed", raw.split(" Z", 1)[1], REPORT_DATE), ["parse", "timexes"])
    return doc, gold["events"]


def _gold_for(events: list[dict[str, object]], words: str) -> dict[str, object]:
    for event in events:
        evidence = event["evidence"]
        spans = [evidence] if isinstance(evidence, str) else list(evidence)  # type: ignore[arg-type]
        if any(words in span or span in words for span in spans):
            return event
    raise LookupError(words)


@pytest.mark.parametrize(("words", "trigger"), SEED_TRIGGERS)
def test_seed_event_dates(seed: tuple[Document, list[dict[str, object]]], words: str,
                          trigger: str) -> None:
    doc, gold_events = seed
    gold = _gold_for(gold_events, words)
    start = doc.text.index(words) + words.index(trigger)
    sentence = doc.sentence_at(start)
    doc.events = [Event("ASSAULT", start, start + len(trigger), sentence.index if sentence else 0,
                        trigger, start, start + len(trigger))]
    (event,) = pipeline.run(doc, ["event_dates"]).events
    if gold.get("date") is None:
        assert event.date is None
        return
    assert (event.date or "")[: len(str(gold["date"]))] == gold["date"]
    assert (event.enddate or "")[: len(str(gold["enddate"]))] == gold["enddate"]


def table(name: str) -> list[list[str]]:
    """The rows (text, trigger, date) of a table next to this file."""
    lines = (Path(__file__).parent / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def row_id(row: list[str]) -> str:
    return f"{row[1]}:{row[0][:40]}"


@pytest.mark.parametrize(("text", "trigger", "expected"), table("discourse_dates.tsv"),
                         ids=row_id)
def test_a_sentence_without_a_date_takes_the_one_about_its_place(text: str, trigger: str,
                                                                 expected: str) -> None:
    doc = pipeline.run(Document("test", text, dt.date(2024, 10, 18)),
                       ["parse", "places", "timexes"])
    doc.events = [_event(doc, trigger)]
    (event,) = pipeline.run(doc, ["event_dates"]).events
    assert (event.date or "-") == expected


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    # a conjunct with no subject of its own tells more of the event's subject
    ("Negotiations between the two sides, meant to reopen in Geneva this weekend, have been "
     "pushed back to Monday, mediators said.", "Negotiations", "2023-09-25"),
    ("The march, planned for months, was cancelled and moved to Friday.", "march",
     "2023-09-22"),
    # traps: a date of the event's own clause or of the clause above wins over the conjunct's
    ("Rebels attacked the town on Sunday and have now withdrawn, officials said.", "attacked",
     "2023-09-17"),
    ("The minister said on Monday that rebels attacked the town and later withdrew.",
     "attacked", "2023-09-18"),
])
def test_a_conjunct_sharing_the_subject_dates_the_event(text: str, trigger: str,
                                                         expected: str) -> None:
    (event,) = _dated(text, [trigger])
    assert event.date == expected


@pytest.mark.parametrize(("text", "trigger", "expected"), table("dateline_dates.tsv"),
                         ids=row_id)
def test_the_datelines_date_gives_way_to_the_events_own(text: str, trigger: str,
                                                        expected: str) -> None:
    (event,) = _dated(text, [trigger], dt.date(2024, 10, 18))
    assert event.date == expected


def hours_rows() -> list[list[str]]:
    path = Path(__file__).parent / "hours_from_dates.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(("text", "triggers", "expected"), hours_rows(),
                         ids=[row[0].split("\\n")[-1][:40] for row in hours_rows()])
def test_hours_from_an_act_told_take_its_day(text: str, triggers: str, expected: str) -> None:
    names = triggers.split(",")
    text = text.replace("\\n", "\n")
    doc = pipeline.run(Document("test", text, dt.date(2024, 10, 18)), ["parse", "timexes"])
    doc.events = [_event(doc, name, names[:index].count(name)) for index, name in enumerate(names)]
    last = pipeline.run(doc, ["event_dates"]).events[-1]
    assert (last.date or "-") == expected
