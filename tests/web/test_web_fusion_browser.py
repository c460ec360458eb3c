"""A fused incident in the dashboard (headless chromium): three reports of one drone strike
and one other incident go through the real pipeline and fusion; the dashboard shows the
strike once, with a badge of 3 sources, and lists each source with its evidence, says why
the reports were joined, and lets an analyst with the API token split a report off and
merge it back (fusion.js).

Skips when chromium, playwright, the front-end assets or the pipeline's models are absent.
FLAREWATCH_SCREENSHOT=1 saves docs/dashboard-fused.png (else the screenshot goes to tmp).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import guarded_page, live_server, open_dashboard

from flarewatch.paths import REPO_DIR
from flarewatch.storage import open_store
from flarewatch.web import WebSettings

VENDOR = REPO_DIR / "src" / "flarewatch" / "web" / "static" / "vendor"
pytestmark = pytest.mark.skipif(not (VENDOR / "leaflet" / "leaflet.js").is_file(),
                                reason="front-end assets missing: run scripts/install_frontend.sh")

# Three reports of one drone strike (the wire on the day, a local paper, the ministry's
# revised toll the next day) and a clash elsewhere that must stay apart.
STRIKE_REPORTS = [
    {"id": "kherson-wire", "date": "2024-03-12", "title": "Drone strike hits Kherson market",
     "source": "Wire A", "url": "https://example.org/wire/kherson",
     "text": "A Russian drone struck a crowded market in Kherson on Tuesday morning, killing "
             "four civilians, the regional governor said."},
    {"id": "kherson-local", "date": "2024-03-12", "title": "Market attacked",
     "source": "Kherson Daily",
     "text": "Four people died when a drone hit the central market of Kherson, local "
             "officials reported."},
    {"id": "kherson-ministry", "date": "2024-03-13", "title": "Market toll climbs to six",
     "source": "Interior ministry",
     "text": "The number of civilians killed in Tuesday's Russian drone attack on a Kherson "
             "market has risen to six, Ukraine's interior ministry said on Wednesday."},
]
OTHER_REPORT = {"id": "mopti-army", "date": "2024-03-12", "title": "Checkpoint attacked near Mopti",
                "source": "Sahel Wire",
                "text": "Jihadist fighters attacked an army checkpoint near Mopti in central Mali "
                        "on Monday, killing three soldiers, the army said."}
RECORDS = {record["id"]: record for record in [*STRIKE_REPORTS, OTHER_REPORT]}
TEXTS = {doc_id: record["text"] for doc_id, record in RECORDS.items()}


def ingest_reports(db: str, folder: Path) -> None:
    """The four reports through the real pipeline (and fusion, at ingest) into `db`."""
    from flarewatch.ingest import read_inputs
    from flarewatch.model import Document
    from flarewatch.pipeline import run_many

    path = folder / "reports.jsonl"
    path.write_text("".join(json.dumps(record) + "\n"
                            for record in [*STRIKE_REPORTS, OTHER_REPORT]), encoding="utf-8")
    docs = [item for item in read_inputs([str(path)]) if isinstance(item, Document)]
    try:
        annotated = list(run_many(docs))
    except (ImportError, KeyError, OSError) as error:
        pytest.skip(f"the extraction pipeline does not run: {error!r}")
    with open_store(db) as store:
        store.add_documents(annotated)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    """The live server's URL and the fused strike record (as `/events` gives it)."""
    folder = tmp_path_factory.mktemp("fused")
    db = str(folder / "web.db")
    ingest_reports(db, folder)
    with live_server(db) as url:
        import httpx

        found = httpx.get(f"{url}/events").json()["events"]
        (strike,) = [event for event in found if event["doc_id"].startswith("kherson")]
        yield url, strike


@pytest.fixture
def decidable(tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """A live server with an API token over its own store (decisions change it), and the
    fused strike record."""
    db = str(tmp_path / "decided.db")
    ingest_reports(db, tmp_path)
    with live_server(db, WebSettings(stages=(), api_token=TOKEN)) as url:
        import httpx

        found = httpx.get(f"{url}/events").json()["events"]
        (strike,) = [event for event in found if event["doc_id"].startswith("kherson")]
        yield url, strike


TOKEN = "analyst-token"


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    with guarded_page(tmp_path / "profile") as new_page:
        yield new_page


def open_strike(page: Any, url: str, strike: dict[str, Any]) -> None:
    """Opens the dashboard, then the strike by its map marker (panel and popup)."""
    from playwright.sync_api import expect

    open_dashboard(page, url + "/")
    page.click(f".fw-marker[data-event-id='{strike['id']}']")
    expect(page.locator("#event-sources .fw-source .fw-evidence")).to_have_count(3)


def test_the_three_reports_are_one_record(served: tuple[str, dict[str, Any]]) -> None:
    _url, strike = served
    # Oldest first (the two of the first day by document id).
    assert [source["doc_id"] for source in strike["sources"]] == [
        "kherson-local", "kherson-wire", "kherson-ministry"]


def test_the_list_shows_one_row_with_a_badge_of_3(
        page: Any, served: tuple[str, dict[str, Any]]) -> None:
    url, strike = served
    open_dashboard(page, url + "/")
    rows = page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.eventId)")
    assert len(rows) == 2 and strike["id"] in rows
    badges = page.locator("#events tbody tr .fw-badge")
    assert badges.all_text_contents() == ["3"]
    assert page.locator(f"#events tbody tr[data-event-id='{strike['id']}'] .fw-badge").count() == 1


def test_the_panel_lists_every_source_with_its_evidence(
        page: Any, served: tuple[str, dict[str, Any]]) -> None:
    url, strike = served
    open_strike(page, url, strike)
    assert page.locator("#event-title .fw-badge").text_content() == "3"
    assert page.locator(".leaflet-popup-content .fw-badge").text_content() == "3"
    sources = page.locator("#event-sources .fw-source")
    assert [sources.nth(i).get_attribute("data-doc-id") for i in range(3)] == [
        source["doc_id"] for source in strike["sources"]]
    for index, source in enumerate(strike["sources"]):
        record = RECORDS[source["doc_id"]]
        item = sources.nth(index)
        assert record["title"] in item.locator(".fw-source-title").text_content()
        assert record["source"] in item.text_content()
        span = source["text_info"]
        shown = "".join(item.locator(".fw-evidence").all_text_contents())
        assert shown == TEXTS[record["id"]][span["start"]:span["end"]]
        assert item.locator(".fw-source-text").text_content().strip(" …") in record["text"]


def test_each_source_shows_its_own_figures(
        page: Any, served: tuple[str, dict[str, Any]]) -> None:
    url, strike = served
    open_strike(page, url, strike)
    facts = page.locator("#event-sources .fw-source-facts").all_text_contents()
    expected = [f"dead {source['size']['dead']}" if source["size"]["dead"] is not None
                else "no figures" for source in strike["sources"]]
    assert [fact.split(" · ")[0].split(",")[0] for fact in facts] == expected


def test_show_text_opens_that_source_in_the_article(
        page: Any, served: tuple[str, dict[str, Any]]) -> None:
    url, strike = served
    open_strike(page, url, strike)
    last = strike["sources"][-1]
    page.locator("#event-sources .fw-source").nth(2).get_by_role("button", name="show text").click()
    from playwright.sync_api import expect

    expect(page.locator("#article")).to_have_text(TEXTS[last["doc_id"]])
    span = last["text_info"]
    evidence = "".join(page.locator("#article .fw-evidence").all_text_contents())
    assert evidence == TEXTS[last["doc_id"]][span["start"]:span["end"]]


def test_the_panel_says_why_the_reports_are_one(
        page: Any, served: tuple[str, dict[str, Any]]) -> None:
    url, strike = served
    open_strike(page, url, strike)
    page.click("#event-why summary")
    pairs = page.locator("#event-pairs .fw-pair")
    from playwright.sync_api import expect

    expect(pairs).to_have_count(3)  # three reports: three pairs
    titles = {RECORDS[source["doc_id"]]["title"] for source in strike["sources"]}
    for text in pairs.all_text_contents():
        ends = text.split(" — ")[0].split(" ~ ")
        assert set(ends) <= titles and "score" in text
    assert all(text.startswith("for: ") for text in pairs.locator(".fw-for").all_text_contents())
    assert "1.2" in page.locator("#event-why-line").text_content()


def test_a_one_source_record_has_nothing_to_explain(
        page: Any, served: tuple[str, dict[str, Any]]) -> None:
    url, _strike = served
    open_dashboard(page, url + "/")
    other = page.eval_on_selector_all(
        "#events tbody tr", "rows => rows.map(r => r.dataset.eventId)")
    (mopti,) = [row for row in other if row != _strike["id"]]
    open_dashboard(page, f"{url}/#event={mopti}")
    page.wait_for_selector("#event-pane:not([hidden])")
    assert page.locator("#event-why").is_hidden()
    assert page.locator(".fw-split").count() == 0


def test_a_decision_needs_the_token(page: Any, decidable: tuple[str, dict[str, Any]]) -> None:
    url, strike = decidable
    open_strike(page, url, strike)
    page.locator(".fw-split").first.click()
    from playwright.sync_api import expect

    expect(page.locator("#decide-status")).to_contain_text("API token")
    page.fill("#decide-token", "not-the-token")
    page.locator(".fw-split").first.click()
    expect(page.locator("#decide-status")).to_contain_text("Unauthorized")
    assert page.locator("#event-sources .fw-source").count() == 3


def test_split_a_report_off_then_merge_it_back(
        page: Any, decidable: tuple[str, dict[str, Any]]) -> None:
    url, strike = decidable
    open_strike(page, url, strike)
    page.click("#event-decide summary")
    page.fill("#decide-token", TOKEN)
    last = strike["sources"][-1]
    page.locator(f"#event-sources .fw-source[data-doc-id='{last['doc_id']}'] .fw-split").click()
    from playwright.sync_api import expect

    expect(page.locator("#decide-status")).to_contain_text("Split: now records")
    expect(page.locator("#event-sources .fw-source")).to_have_count(2)
    expect(page.locator("#events tbody tr")).to_have_count(3)
    ids = page.locator("#decide-status").text_content().split("records ")[1].split(", ")
    assert ids[0] == strike["id"] and len(ids) == 2
    page.fill("#merge-form input[name='merge-id']", ids[1])
    page.click("#merge-form button")
    expect(page.locator("#decide-status")).to_contain_text(f"Merged: now record {strike['id']}")
    expect(page.locator("#event-sources .fw-source")).to_have_count(3)
    expect(page.locator("#events tbody tr")).to_have_count(2)


def test_screenshot(page: Any, served: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    """docs/dashboard-fused.png with FLAREWATCH_SCREENSHOT=1, else a file in tmp."""
    url, strike = served
    open_strike(page, url, strike)
    page.click("#event-why summary")
    page.wait_for_selector("#event-pairs .fw-pair")
    keep = os.environ.get("FLAREWATCH_SCREENSHOT") == "1"
    target = REPO_DIR / "docs" / "dashboard-fused.png" if keep else tmp_path / "fused.png"
    page.screenshot(path=str(target))
    assert target.stat().st_size > 0
