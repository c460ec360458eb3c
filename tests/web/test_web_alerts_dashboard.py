"""The alerts panel of the dashboard in headless chromium: the list and its badge, the
selected alert's chart, its driving records on the map and as links into their evidence,
and stored text shown as text.

The store: hand-made reports of a surge of attacks in Burkina Faso's Centre-Nord (a quiet
baseline, two leading signals, six attacks in the week of 2024-03-11) stored and fused, then
`run_watch` finds the open alerts; one crafted closed alert with markup in its text is
inserted as a row. Skips when chromium, playwright or the front-end assets are absent.
FLAREWATCH_SCREENSHOT=1 saves docs/dashboard-alerts.png (else the screenshot goes to tmp).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from browser import guarded_page, live_server, open_dashboard
from web_samples import make_event

from flarewatch.model import Document, Entity, Place, Size
from flarewatch.paths import REPO_DIR
from flarewatch.storage import open_store
from flarewatch.storage.schema import alerts
from flarewatch.watch.run import alert_row, run_watch
from flarewatch.watch.settings import default_settings

VENDOR = REPO_DIR / "src" / "flarewatch" / "web" / "static" / "vendor"
pytestmark = pytest.mark.skipif(not (VENDOR / "leaflet" / "leaflet.js").is_file(),
                                reason="front-end assets missing: run scripts/install_frontend.sh")

TOWNS = {"Pissila": (13.17, -0.82), "Kongoussi": (13.33, -1.53), "Bourzanga": (13.68, -1.55),
         "Boulsa": (12.66, -0.57), "Korsimoro": (12.82, -1.07), "Yalgo": (13.58, -0.26),
         "Kaya": (13.09, -1.08)}
# (day, type, town, dead): the baseline, two leading signals, then the surge week.
REPORTS = [
    ("2024-01-03", "ASSAULT", "Pissila", 3), ("2024-01-24", "ASSAULT", "Bourzanga", 4),
    ("2024-02-13", "ASSAULT", "Korsimoro", 5), ("2024-02-27", "ASSAULT", "Yalgo", 3),
    ("2024-02-29", "THREATEN", "Pissila", None), ("2024-03-05", "MOBILIZE", "Kaya", None),
    ("2024-03-11", "ASSAULT", "Pissila", 11), ("2024-03-12", "ASSAULT", "Bourzanga", 14),
    ("2024-03-13", "ASSAULT", "Kongoussi", 22), ("2024-03-14", "ASSAULT", "Boulsa", 9),
    ("2024-03-15", "ASSAULT", "Yalgo", 12), ("2024-03-16", "ASSAULT", "Korsimoro", 7),
]
SURGE = [f"ev-bfa-{number}" for number in range(6, 12)]  # the six attacks of the surge week
SETTLED = """async () => {
  await Promise.all(document.getAnimations().map((run) => run.finished.catch(() => null)));
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""  # resolves when the page's CSS transitions are over and painted
Served = tuple[str, dict[str, Any]]  # the live server's URL, the open admin1 alert
CRAFTED_ID = "alert-crafted"
CRAFTED_SUMMARY = 'Gao: <img src=x onerror="window.__pwned=1"> 9 violent events'
CRAFTED_LABEL = "<b>MLI</b>"


def report(number: int, day: str, kind: str, town: str, dead: int | None) -> Document:
    """One report of one event in a Centre-Nord town."""
    text = f"Gunmen struck {town} on {day}, killing people, the prefect said."
    lat, lon = TOWNS[town]
    place = Place(text=town, name=town, lat=lat, lon=lon, precision="town", country="BFA",
                  admin1="Centre-Nord")
    event = make_event(text, text, "struck", id=f"ev-bfa-{number}", event=kind, event_loc=place,
                       date=day, enddate=day, date_precision="day", size=Size(dead=dead),
                       actor=Entity(text="Gunmen"))
    return Document(id=f"bfa-{number}", text=text, date=dt.date.fromisoformat(day),
                    title=f"Attack reported in {town}", url=f"https://example.org/bfa/{number}",
                    source="Sahel Wire", events=[event])


def crafted_alert(model: dict[str, Any]) -> dict[str, Any]:
    """A closed alert, older than the rest, with markup in its summary and label."""
    series = {**model["series"], "label": CRAFTED_LABEL, "key": "MLI", "country": "MLI"}
    return {**model, "id": CRAFTED_ID, "status": "closed", "series": series,
            "summary": CRAFTED_SUMMARY, "closed_week": "2024-03-18",
            "sources": [{"doc_id": "x", "url": "javascript:alert(1)",
                         "title": "<script>window.__pwned=1</script>", "date": None}],
            "opened_at": "2024-01-01T00:00:00+00:00", "updated_at": "2024-01-01T00:00:00+00:00"}


def build_store(db: str) -> list[dict[str, Any]]:
    """The reports stored and fused, the watch run, the crafted alert inserted; the open
    alerts the watch found."""
    with open_store(db) as store:
        store.add_documents([report(number, *row) for number, row in enumerate(REPORTS)])
        found = run_watch(store.engine, default_settings()).alerts
        with store.engine.begin() as connection:
            connection.execute(sa.insert(alerts), [alert_row(crafted_alert(found[0]))])
    return [alert for alert in found if alert["status"] == "open"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The live server's URL and the open admin1 alert (Centre-Nord)."""
    db = str(tmp_path_factory.mktemp("alerts") / "web.db")
    found = build_store(db)
    (admin1,) = [alert for alert in found if alert["series"]["level"] == "admin1"]
    with live_server(db) as url:
        yield url, admin1


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    with guarded_page(tmp_path / "profile") as new_page:
        yield new_page


def expect() -> Any:
    # Locator assertions, not wait_for_function: the page's CSP forbids eval.
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def select_alert(page: Any, url: str, alert_id: str) -> None:
    """Open the dashboard, open the alerts list and pick the alert."""
    open_dashboard(page, url + "/")
    page.click("#alerts-button")
    page.click(f"#alerts-list [data-alert-id='{alert_id}']")
    expect()(page.locator("#alert-chart rect.bar").first).to_be_attached()


def test_the_list_shows_open_alerts_first_with_a_badge(page: Any, served: Served) -> None:
    url, admin1 = served
    open_dashboard(page, url + "/")
    assert page.locator("#alerts-badge").text_content() == "2"
    assert page.locator("#alerts-pane").is_hidden()
    page.click("#alerts-button")
    assert "alerts=1" in page.url
    statuses = page.locator("#alerts-list .fw-status").all_text_contents()
    assert statuses == ["open", "open", "closed"]
    item = page.locator(f"#alerts-list [data-alert-id='{admin1['id']}']").text_content()
    for part in (admin1["summary"], "onset 2024-03-11", "6 sources"):
        assert part in item


def test_selecting_an_alert_draws_its_chart(page: Any, served: Served) -> None:
    url, admin1 = served
    select_alert(page, url, admin1["id"])
    assert f"alert={admin1['id']}" in page.url
    weeks = admin1["weeks"]
    chart = page.locator("#alert-chart")
    assert chart.locator("rect.bar").count() == len(weeks)
    alarmed = chart.locator("rect.bar.alarm").evaluate_all("bars => bars.map(b => b.dataset.week)")
    assert alarmed == [week["week_start"] for week in weeks if week["alarm"]] == ["2024-03-11"]
    assert chart.locator("path.band").count() == 1
    assert chart.locator("path.threshold").count() == 1
    assert chart.locator("circle.signal").count() == sum(week["signals"] for week in weeks) == 2
    figures = page.locator("#alert-figures").text_content()
    for value in ("Observed6", f"Expected{admin1['expected']}",
                  f"Threshold{admin1['threshold']}", f"Score{admin1['score']}"):
        assert value in figures
    assert "2 in the weeks up to the onset" in page.locator("#alert-signals").text_content()


def test_the_band_lies_between_expected_and_threshold(page: Any, served: Served) -> None:
    url, admin1 = served
    select_alert(page, url, admin1["id"])
    span = "p => { const box = p.getBBox(); return [box.y, box.y + box.height]; }"
    band, threshold, expected = (page.locator(f"#alert-chart path.{name}").evaluate(span)
                                 for name in ("band", "threshold", "expected"))
    assert band == pytest.approx([threshold[0], expected[1]])
    assert threshold[0] < expected[1]


def test_the_driving_events_are_drawn_and_fitted_on_the_map(page: Any, served: Served) -> None:
    url, admin1 = served
    select_alert(page, url, admin1["id"])
    markers = page.locator("path.fw-alert-marker")
    expect()(markers).to_have_count(len(SURGE))
    ids = markers.evaluate_all("paths => paths.map(p => p.dataset.eventId)")
    assert sorted(ids) == sorted(admin1["events"]) == sorted(SURGE)
    # Fitted: the markers spread across the map, not bunched as at the world view.
    boxes = [markers.nth(i).bounding_box() for i in range(len(SURGE))]
    area = page.locator("#map").bounding_box()
    spread = max(box["x"] for box in boxes) - min(box["x"] for box in boxes)
    assert spread > area["width"] / 3
    assert all(area["x"] <= box["x"] and box["x"] + box["width"] <= area["x"] + area["width"]
               for box in boxes)


@pytest.mark.parametrize("how", ["record link", "map marker"])
def test_a_driving_record_opens_its_evidence(page: Any, served: Served, how: str) -> None:
    url, admin1 = served
    select_alert(page, url, admin1["id"])
    target = {"record link": "#alert-records a[data-event-id='ev-bfa-8']",
              "map marker": "path.fw-alert-marker[data-event-id='ev-bfa-8']"}[how]
    page.click(target)
    page.wait_for_selector("#article .fw-evidence")
    assert page.locator("#event-pane").is_visible()
    assert page.locator("#event-title").text_content().startswith("ASSAULT")
    evidence = "".join(page.locator("#article .fw-evidence").all_text_contents())
    assert evidence == "Gunmen struck Kongoussi on 2024-03-13, killing people, the prefect said."
    assert "event=ev-bfa-8" in page.url and f"alert={admin1['id']}" in page.url
    page.click("#close-event")
    expect()(page.locator("#alert-title")).to_be_visible()


def test_a_feed_link_opens_the_alert(page: Any, served: Served) -> None:
    url, admin1 = served
    open_dashboard(page, f"{url}/#alert={admin1['id']}")
    assert page.locator("#alerts-pane").is_visible()
    assert page.locator("#alert-title").text_content() == admin1["summary"]
    assert page.locator("#alert-records a").count() == len(SURGE)
    assert page.locator(f"#alerts-list .selected [data-alert-id='{admin1['id']}']").count() == 1


def test_stored_markup_is_shown_as_text(page: Any, served: Served) -> None:
    url, _ = served
    open_dashboard(page, f"{url}/#alert={CRAFTED_ID}")
    expect()(page.locator("#alert-title")).to_have_text(CRAFTED_SUMMARY)
    assert CRAFTED_SUMMARY in page.locator("#alerts-list").text_content()
    assert CRAFTED_LABEL in page.locator("#alert-line").text_content()
    assert "<script>" in page.locator("#alert-sources").text_content()
    assert page.locator("#alert-sources a").count() == 0  # javascript: is no link
    assert page.locator("#alerts-pane img, #alerts-pane b, #alerts-pane script").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_screenshot(page: Any, served: Served, tmp_path: Path) -> None:
    """docs/dashboard-alerts.png with FLAREWATCH_SCREENSHOT=1, else tmp: an alert selected."""
    url, admin1 = served
    open_dashboard(page, f"{url}/#alert={admin1['id']}")
    expect()(page.locator("path.fw-alert-marker")).to_have_count(len(SURGE))
    # The cluster layer redraws after the fit (Leaflet.markercluster marks the map meanwhile)
    # and moves its markers into place by CSS transitions: let them finish and paint.
    expect()(page.locator(".leaflet-cluster-anim")).to_have_count(0)
    page.evaluate(SETTLED)
    shot = REPO_DIR / "docs" / "dashboard-alerts.png" \
        if os.environ.get("FLAREWATCH_SCREENSHOT") == "1" else tmp_path / "dashboard-alerts.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 0


def test_the_chart_turns_to_days_and_back(page: Any, served: Served) -> None:
    url, admin1 = served
    select_alert(page, url, admin1["id"])
    page.click("#alert-period")
    chart = page.locator("#alert-chart")
    expect()(chart.locator("rect.bar.day").first).to_be_attached()
    assert chart.locator("rect.bar.day").count() == 7 * len(admin1["weeks"])
    days = chart.locator("rect.bar.day.alarm").evaluate_all("b => b.map(x => x.dataset.day)")
    assert days[0] == "2024-03-11" and len(days) == 7
    assert "per day" in page.locator("#alert-caption").text_content()
    assert chart.locator("path.expected").count() == 1
    page.click("#alert-period")
    expect()(chart.locator("path.band")).to_have_count(1)
    assert chart.locator("rect.bar.day").count() == 0
