"""Recognition and resolution kinds of unseen news (issue "places and dates on unseen text"),
on the real gazetteer and spaCy parse: each table mixes cases the rule must catch with traps
it must leave alone."""

from __future__ import annotations

import pytest

from flarewatch.api import annotate


def parsed(text: str):  # type: ignore[no-untyped-def]
    return annotate(text, "2024-05-08", "d", ["parse", "places"])


def named(text: str) -> list[str]:
    return [text[p.start:p.end] for p in parsed(text).places]


@pytest.mark.parametrize(("text", "expected"), [
    # any capitalised demonym: untagged, inside an organisation, hyphenated, of a continent
    ("The Ukrainian navy said two Hungarian trucks crossed into Slovak territory.",
     ["Ukrainian", "Hungarian", "Slovak"]),
    ("The Syrian Observatory for Human Rights counted the dead.", ["Syrian"]),
    ("Anti-Russian graffiti appeared on European embassies.", ["Russian", "European"]),
    ("Kurdish fighters and Latin American volunteers held the ridge.",
     ["Kurdish", "Latin American"]),
    # traps: languages, a person's name, a country's own name
    ("The novel was printed in Chinese, and later in Spanish.", []),
    ("She is studying Portuguese at night.", []),
    ("The Russian-language edition sold out.", []),
    ("South Africa beat Australia in Durban.", []),
])
def test_demonyms_wherever_they_stand(text: str, expected: list[str]) -> None:
    assert [text[p.start:p.end] for p in parsed(text).demonyms] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("MEMPHIS, Tenn. (AP) — A fire gutted a church.", ["MEMPHIS", "Tenn."]),
    ("KANO, Nigeria — Gunmen kidnapped six traders.", ["KANO", "Nigeria"]),
    ("BHOPAL: The state assembly met on Monday.", ["BHOPAL"]),
    # traps: capitals that open a line but name no place, acronyms
    ("NOTE: the office is closed on Monday.", []),
    ("UPDATE — the road reopened.", []),
    ("Shares in BASF fell sharply.", []),
])
def test_a_dateline_in_capitals_is_a_place(text: str, expected: list[str]) -> None:
    assert named(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # in a text about a state, a surname or given name would pass as a town of that state
    ("Lawmakers in Frankfort, Kentucky, debated the coal bill. Johnson said the cut was deep.",
     ["Frankfort", "Kentucky"]),
    ("Jurors in Austin, Texas, heard the case. Helen and Clarence were killed in 1984.",
     ["Austin", "Texas"]),
    ("Helen thanked the nurses.", []),
    ('Police in Washington, D.C., opened a case. "I cannot sleep," said Noma.',
     ["Washington", "D.C."]),
    ('Police in Washington, D.C., opened a case. "I cannot sleep," Noma said.',
     ["Washington", "D.C."]),
    ("Conor McGregor was arrested. Police said McGregor denied it.", []),
    # traps: places that speak for their governments, a given name led by "in"
    ("Moscow said the talks had failed.", ["Moscow"]),
    ("Police in Washington, D.C., opened a case. Officers said Noma residents were safe.",
     ["Washington", "D.C.", "Noma"]),
    ("Officials in Frankfort, Kentucky, said Lexington would host the talks.",
     ["Frankfort", "Kentucky", "Lexington"]),
    ("Storms damaged homes in Tyler, Texas.", ["Tyler", "Texas"]),
])
def test_person_names_are_no_places(text: str, expected: list[str]) -> None:
    assert named(text) == expected


@pytest.mark.parametrize(("text", "name", "country", "admin1"), [
    ("She was found on a bench in the English city of Salisbury.", "Salisbury", "GBR",
     "England"),
    ("Floods hit the Texas city of Paris on Monday.", "Paris", "USA", "Texas"),
    ("Crowds gathered in the Kentucky city of Lexington.", "Lexington", "USA", "Kentucky"),
    ("Fans gathered in the Welsh town of Newport.", "Newport", "GBR", "Wales"),
    # traps: the description agrees with the famous reading, or no description at all
    ("Police patrolled the French city of Paris.", "Paris", "FRA", "Ile-de-France"),
    ("He grew up in New York.", "New York", "USA", "New York"),
])
def test_the_words_before_a_name_can_hold_it(text: str, name: str, country: str,
                                             admin1: str) -> None:
    found = {(text[p.start:p.end], p.country, p.admin1) for p in parsed(text).places}
    assert (name, country, admin1) in found


@pytest.mark.parametrize(("text", "expected"), [
    ("The new office opened in Nelson, BC, on Monday.",
     [("Nelson", "CAN", "British Columbia"), ("BC", "CAN", "British Columbia")]),
    ("A plant in Columbia, SC, closed.",
     [("Columbia", "USA", "South Carolina"), ("SC", "USA", "South Carolina")]),
    # traps: two capitals that follow no place
    ("The temple was built in 500 BC by the king.", []),
    ("Readers in OR and ME wrote in.", []),
])
def test_postal_codes_after_a_place(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(text[p.start:p.end], p.country, p.admin1) for p in parsed(text).places]
    assert found == expected


@pytest.mark.parametrize(("text", "name", "precision"), [
    # a longer notable name holds what spaCy tagged; a state over a small namesake town
    ("The prime minister of Trinidad and Tobago spoke.", "Trinidad and Tobago", "country"),
    ("Montana offered $69 per prisoner.", "Montana", "region"),
    # traps: the big city named after nothing longer keeps its reading
    ("He grew up in New York.", "New York", "town"),
    ("Officers patrolled the streets of Trinidad, Bolivia.", "Trinidad", "town"),
])
def test_whole_names_and_namesakes(text: str, name: str, precision: str) -> None:
    found = {(text[p.start:p.end], p.precision) for p in parsed(text).places}
    assert (name, precision) in found


@pytest.mark.parametrize(("text", "expected"), [
    ("Officers patrolled Lake Manassas on Sunday.", ["Manassas"]),
    ("Crowds filled the Red Line station.", []),
    # traps: a whole place name that starts with such a word
    ("Rain flooded Lake Charles on Sunday.", ["Lake Charles"]),
    ("Crowds filled Grand Rapids on Sunday.", ["Grand Rapids"]),
])
def test_a_generic_word_is_no_place_alone(text: str, expected: list[str]) -> None:
    assert named(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a town's name before a facility noun is the town, whatever spaCy tagged it
    ("Gunmen attacked a checkpoint at the Rafah crossing on Friday.", "Rafah"),
    ("Rockets struck Kandahar airport on Monday, officials said.", "Kandahar"),
    ("Shells landed near Mitiga airport in Tripoli on Sunday, killing two people.", "Tripoli"),
    # traps: no facility noun, or one that names people ("camp")
    ("Aides in the Clinton camp denied that anyone was attacked on Monday.", None),
    ("Police arrested two men who had flown in from Kandahar on Monday.", None),
])
def test_a_facility_is_placed_at_its_town(text: str, expected: str | None) -> None:
    from flarewatch.api import extract

    located = [e.event_loc.text if e.event_loc else None for e in extract(text, "2024-05-08")]
    assert located[:1] == [expected] or (expected is None and not any(located))


@pytest.mark.parametrize(("text", "expected"), [
    # a capitalised word the parser reads as a common word, or stray capitals
    ("Market sentiment in Ohio stayed fragile, traders said.", ["Ohio"]),
    ("Cases of Mad Cow disease were found in Alberta.", ["Alberta"]),
    ("The MoD has confirmed the soldier's death in Syria.", ["Syria"]),
    # traps: a big place used as a modifier, a known short form
    ("Cork mothers marched on Saturday.", ["Cork"]),
    ("Troops from the US and UK landed in Kenya.", ["US", "UK", "Kenya"]),
])
def test_common_words_and_acronyms_are_no_places(text: str, expected: list[str]) -> None:
    assert named(text) == expected


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("MAIDUGURI, Nigeria (Reuters) — Suicide bombers struck a mosque on Friday.", "struck",
     None),
    ("KHARKIV, Ukraine (AP) — Shelling killed three people on Tuesday.", "killed", None),
    # traps: the place the sentence itself ties to the event
    ("KYIV, Ukraine (AP) — Russian missiles struck the city of Kharkiv on Tuesday.", "struck",
     "Kharkiv"),
    ("KHARTOUM, Sudan (Reuters) - Paramilitary forces shelled a market in El Fasher.",
     "shelled", "El Fasher"),
])
def test_the_parse_ties_no_event_to_a_dateline(text: str, trigger: str,
                                               expected: str | None) -> None:
    from flarewatch import pipeline
    from flarewatch.model import Event

    doc = parsed(text)
    start = text.index(trigger)
    sentence = doc.sentence_at(start)
    doc.events = [Event("ASSAULT", start, start + len(trigger), sentence.index if sentence else 0,
                        trigger, start, start + len(trigger))]
    located = pipeline.run(doc, ["locations"]).events[0].event_loc
    assert (located.text if located else None) == expected
