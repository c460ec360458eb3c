"""Hand-made documents and events for the web tests (no extraction pipeline needed)."""

from __future__ import annotations

import datetime as dt

from flarewatch.model import AcledType, Document, Entity, Event, Place, Size, TextSpan, Timex

TOKEN = "test-token"  # the API token of the test apps
TEST_HOSTS = ("testserver",)  # the Host header of Starlette's TestClient, allowed explicitly

KYIV = Place(text="Kyiv", name="Kyiv", lat=50.45, lon=30.52, precision="town",
             country="UKR", admin1="Kyiv City")
GAO = Place(text="Gao", name="Gao", lat=16.27, lon=-0.04, precision="town", country="MLI")
STEPANAKERT = Place(text="Stepanakert", name="Stepanakert", lat=39.82, lon=46.75,
                    precision="town", country="AZE")
RUS_MIL = Entity(text="Russian forces", code="RUS", sector="MIL")
UKR_CVL = Entity(text="civilians", code="UKR", sector="CVL")
MLI_REB = Entity(text="insurgents", code="MLI", sector="REB")
AZE_MIL = Entity(text="Azerbaijani forces", code="AZE", sector="MIL")
MINISTRY = Entity(text="the ministry", code="UKR", sector="GOV")

KYIV_TEXT = ("Russian forces shelled Kyiv on Tuesday, killing 3 civilians, the ministry said. "
             "Protesters later marched in Kyiv. The shelling of Kyiv was the third this month; "
             "the attack lasted two hours.")
# The shelling is told three times: the first sentence (its principal evidence) and twice
# in the last one.
KYIV_TELLINGS = (KYIV_TEXT[:80], "The shelling of Kyiv", "the attack")
GAO_TEXT = "Insurgents attacked an army post near Gao on Monday; 12 soldiers died."
SCRIPT_TEXT = ("Officials said <script>window.__pwned = 1</script> forces fired "
               "on Stepanakert.")


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def make_event(text: str, evidence: str, trigger: str, **fields: object) -> Event:
    start, end = span(text, evidence)
    trigger_start, trigger_end = span(text, trigger)
    values: dict[str, object] = dict(
        event="ASSAULT", start=start, end=end, sentence=0, event_text=trigger,
        trigger_start=trigger_start, trigger_end=trigger_end, modality="asserted",
        confidence=0.8)
    values.update(fields)
    return Event(**values)  # type: ignore[arg-type]


def telling(text: str, words: str, sentence: int) -> TextSpan:
    return TextSpan(*span(text, words), sentence)


def kyiv_document() -> Document:
    tellings = [telling(KYIV_TEXT, words, sentence)
                for words, sentence in zip(KYIV_TELLINGS, (0, 2, 2), strict=True)]
    shelling = make_event(
        KYIV_TEXT, KYIV_TEXT[:80], "shelled", id="ev-kyiv-shelling", mode="heavy-weapons",
        mentions=tellings,
        acled=AcledType("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        actor=RUS_MIL, recipient=UKR_CVL, event_loc=KYIV, date="2023-09-19",
        enddate="2023-09-19", date_precision="day", date_text="on Tuesday",
        size=Size(dead=3), claimed_by=MINISTRY, modality="reported")
    protest = make_event(
        KYIV_TEXT, "Protesters later marched in Kyiv.", "marched", id="ev-kyiv-protest",
        event="PROTEST", sentence=1, actor=Entity(text="Protesters", code="UKR", sector="CVL"),
        event_loc=KYIV, date="2023-09-20", enddate="2023-09-20", date_precision="day")
    start, end = span(KYIV_TEXT, "Kyiv")
    place = Place(**{**vars(KYIV), "start": start, "end": end})
    when_start, when_end = span(KYIV_TEXT, "on Tuesday")
    return Document(
        id="kyiv-1", text=KYIV_TEXT, date=dt.date(2023, 9, 20), title="Kyiv shelled",
        url="https://example.org/kyiv", source="Example Wire", places=[place],
        timexes=[Timex("on Tuesday", when_start, when_end, "DATE", "2023-09-19",
                       "2023-09-19", "2023-09-19", "day")],
        events=[shelling, protest], relevance=0.9)


def gao_document() -> Document:
    attack = make_event(
        GAO_TEXT, GAO_TEXT, "attacked", id="ev-gao-attack", mode="firearms",
        acled=AcledType("Battles", "Armed clash"), actor=MLI_REB,
        recipient=Entity(text="army", code="MLI", sector="MIL"), event_loc=GAO,
        date="2024-02-05", enddate="2024-02-05", date_precision="day", size=Size(dead=12))
    return Document(id="gao-1", text=GAO_TEXT, date=dt.date(2024, 2, 6), title="Gao attack",
                    source="Sahel Daily", events=[attack], relevance=0.4)


def script_document() -> Document:
    firing = make_event(
        SCRIPT_TEXT, SCRIPT_TEXT, "fired", id="ev-script", actor=AZE_MIL,
        event_loc=STEPANAKERT, date="2023-09-19", enddate="2023-09-20", date_precision="day",
        modality="claimed", claimed_by=Entity(text="Officials"))
    return Document(id="script-1", text=SCRIPT_TEXT, date=dt.date(2023, 9, 21),
                    title="<b>Stepanakert</b>", source="Caucasus Post", events=[firing])


def undated_document() -> Document:
    text = "Somewhere, someone threatened someone else."
    threat = make_event(text, text, "threatened", id="ev-undated", event="THREATEN",
                        modality="threatened")
    return Document(id="undated-1", text=text, events=[threat], relevance=0.1)


def sample_documents() -> list[Document]:
    """Relevance: kyiv-1 0.9, gao-1 0.4, undated-1 0.1; script-1 never scored (None)."""
    return [kyiv_document(), gao_document(), script_document(), undated_document()]
