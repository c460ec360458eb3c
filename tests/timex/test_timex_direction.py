"""Which way a bare weekday points, read on the parse: a day something is put off or moved
to lies ahead whatever the tense of the putting off; otherwise the clause's tense decides.
Report date 2015-02-22, a Sunday. Half the rows are traps (the day lies behind)."""

from __future__ import annotations

import datetime as dt

import pytest

from flarewatch.stages.parse import load_nlp
from flarewatch.timex import find_timexes

REPORT = dt.date(2015, 2, 22)
AHEAD = {"Monday": "2015-02-23", "Tuesday": "2015-02-24", "Thursday": "2015-02-26",
         "Friday": "2015-02-27"}
BEHIND = {"Monday": "2015-02-16", "Tuesday": "2015-02-17", "Thursday": "2015-02-19",
          "Friday": "2015-02-20"}

CASES = [
    # put off or moved to a day, whatever stands between the verb and "to"
    ("The judge adjourned the hearing to Tuesday.", "Tuesday", AHEAD),
    ("Organisers moved the march to Friday.", "Friday", AHEAD),
    ("The board delayed its ruling until Thursday.", "Thursday", AHEAD),
    ("The league has postponed the derby until Monday.", "Monday", AHEAD),
    ("The vote was pushed back to Thursday after the walkout.", "Thursday", AHEAD),
    ("Envoys will meet in Geneva on Friday.", "Friday", AHEAD),
    # a simple present tells what is scheduled
    ("The minister arrives in Kabul on Tuesday.", "Tuesday", AHEAD),
    ("The strike begins Thursday, unions say.", "Thursday", AHEAD),
    # traps: the day lies behind
    ("Fighting went on until Tuesday, medics said.", "Tuesday", BEHIND),
    ("The delegation moved to the capital on Monday.", "Monday", BEHIND),
    ("The judge adjourned the hearing on Thursday.", "Thursday", BEHIND),
    ("Protesters marched to the palace on Friday.", "Friday", BEHIND),
    ("The convoy was delayed at the border on Monday.", "Monday", BEHIND),
    ("Talks lasted until Thursday night.", "Thursday", BEHIND),
    # traps: a present verb of saying, a weekday's own event ("Friday's ruling")
    ("Police say on Monday they found the car.", "Monday", BEHIND),
    ("Friday's ruling is the latest in a long series.", "Friday", BEHIND),
]


@pytest.mark.parametrize(("sentence", "day", "expected"), CASES)
def test_weekday_direction(sentence: str, day: str, expected: dict[str, str]) -> None:
    found = find_timexes(sentence, REPORT, load_nlp()(sentence))
    values = [t.value[:10] for t in found if t.text.startswith(day)]
    assert values == [expected[day]], [(t.text, t.value) for t in found]


READINGS = [
    # "today" between a subject and its present-tense verb: nowadays
    ("Our country today is part of the global economy.", "today", "PRESENT_REF"),
    ("The city, which today has more murals than ever, grew fast.", "today", "PRESENT_REF"),
    # traps: the day itself
    ("The court rules today on the appeal.", "today", "2015-02-22"),
    ("Rebels today seized the town.", "today", "2015-02-22"),
    # a month under an infinitive reads the tense of the verb it hangs from
    ("The report will be used by the council and its many partners across the region to"
     " apply for capital grant funding in August.", "August", "2015-08"),
    ("Donors are expected to pledge more in May.", "May", "2015-05"),
    # a weekday with "overnight" is its night; a quarter without a year by the tense
    ("Gunmen struck overnight Tuesday, police said.", "Tuesday", "2015-02-17TNI"),
    ("Gunmen struck Tuesday overnight, police said.", "overnight", "2015-02-17TNI"),
    ("Profit fell in the fourth quarter.", "quarter", "2014-Q4"),
    ("Sales will rise in the third quarter.", "quarter", "2015-Q3"),
    ("Sales rose in the first quarter.", "quarter", "2015-Q1"),
    # traps: the verb above is past
    ("The group, after weeks of wrangling between its many members and the ministry,"
     " agreed to meet in January.", "January", "2015-01"),
    ("They failed to pay in August.", "August", "2014-08"),
]


@pytest.mark.parametrize(("sentence", "text", "value"), READINGS)
def test_reading_on_the_parse(sentence: str, text: str, value: str) -> None:
    found = find_timexes(sentence, REPORT, load_nlp()(sentence))
    assert [t.value for t in found if t.text.endswith(text)] == [value], found
