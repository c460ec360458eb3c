"""The dashboard in headless chromium: map, filters in the URL, evidence, escaping.

Skips when chromium or playwright is absent. FLAREWATCH_SCREENSHOT=1 ingests the bundled
samples and the seed article through the real pipeline and saves docs/dashboard.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import chromium_page, guarded_page, live_server, one_page_server, open_dashboard
from web_samples import KYIV_TELLINGS, KYIV_TEXT, sample_documents

from flarewatch.paths import REPO_DIR
from flarewatch.storage import open_store

VENDOR = REPO_DIR / "src" / "flarewatch" / "web" / "static" / "vendor"
pytestmark = pytest.mark.skipif(not (VENDOR / "leaflet" / "leaflet.js").is_file(),
                                reason="front-end assets missing: run scripts/install_frontend.sh")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("dashboard") / "web.db")
    with open_store(db) as store:
        store.add_documents(sample_documents())
    with live_server(db) as url:
        yield url


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    with guarded_page(tmp_path / "profile") as new_page:
        yield new_page


def expect_rows(page: Any, count: int) -> None:
    # A locator assertion, not wait_for_function: the page's CSP forbids eval.
    from playwright.sync_api import expect

    expect(page.locator("#events tbody tr")).to_have_count(count)


def table_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("#events tbody tr", "rows => rows.map(r => r.dataset.eventId)")


def test_page_loads_with_map_markers_and_table(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/")
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator(".fw-marker, .marker-cluster").count() >= 2
    assert page.locator(".fw-marker[data-event-id='ev-gao-attack']").count() == 1
    assert len(table_ids(page)) == 5
    assert page.locator("#timeline rect.bar").count() == 3


def test_type_filter_changes_table_and_url(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/")
    page.select_option("#filters select[name=type]", "PROTEST")
    expect_rows(page, 1)
    assert "type=PROTEST" in page.url
    assert table_ids(page) == ["ev-kyiv-protest"]


def test_url_restores_a_shared_view(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/#country=MLI&event=ev-gao-attack")
    assert page.input_value("#filters input[name=country]") == "MLI"
    page.wait_for_selector("#article .fw-evidence")
    assert page.locator("#event-title").text_content().startswith("ASSAULT")


def test_sorting_the_table_by_dead(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/")
    page.click("#events th[data-key=dead]")
    assert table_ids(page)[-2:] == ["ev-kyiv-shelling", "ev-gao-attack"]


def test_clicking_an_event_highlights_its_evidence(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/")
    page.click("#events tbody tr[data-event-id='ev-kyiv-shelling']")
    page.wait_for_selector("#article .fw-evidence")
    evidence = "".join(page.locator("#article .fw-evidence").all_text_contents())
    assert evidence == KYIV_TEXT[:80]
    assert page.locator("#article .fw-trigger").all_text_contents() == ["shelled"]
    assert "event=ev-kyiv-shelling" in page.url
    assert "the ministry" in page.locator("#event-facts").text_content()


def telling_texts(page: Any) -> dict[int, str]:
    """The article's highlighted text of each telling, by telling number."""
    pieces = page.eval_on_selector_all(
        "#article [data-telling]", "nodes => nodes.map(n => [n.dataset.telling, n.textContent])")
    found: dict[int, str] = {}
    for numbers, text in pieces:
        for number in numbers.split():
            found[int(number)] = found.get(int(number), "") + text
    return found


def test_every_telling_is_highlighted_the_principal_distinct(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/#event=ev-kyiv-shelling")
    page.wait_for_selector("#article .fw-evidence")
    assert telling_texts(page) == dict(enumerate(KYIV_TELLINGS))
    assert "".join(page.locator("#article .fw-evidence").all_text_contents()) == KYIV_TELLINGS[0]
    others = page.locator("#article .fw-telling:not(.fw-evidence)").all_text_contents()
    assert "".join(others) == "".join(KYIV_TELLINGS[1:])
    principal_colour, other_colour = (
        page.locator(selector).first.evaluate("n => getComputedStyle(n).backgroundColor")
        for selector in ("#article .fw-evidence", "#article .fw-telling:not(.fw-evidence)"))
    assert principal_colour != other_colour
    assert page.locator("#article").text_content() == KYIV_TEXT
    assert "3 times" in page.locator("#event-facts").text_content()


def test_an_event_told_once_has_one_telling(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/#event=ev-kyiv-protest")
    page.wait_for_selector("#article .fw-evidence")
    assert telling_texts(page) == {0: "Protesters later marched in Kyiv."}
    assert "times" not in page.locator("#event-facts").text_content()


def test_clicking_a_marker_opens_the_event(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/")
    page.click(".fw-marker[data-event-id='ev-gao-attack']")
    page.wait_for_selector("#article .fw-evidence")
    assert page.locator("#article .fw-trigger").text_content() == "attacked"


def test_timeline_brush_sets_the_date_range(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/")
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 2, y, steps=5)
    page.mouse.up()
    expect_rows(page, 1)
    assert "since=" in page.url and "until=" in page.url
    assert table_ids(page) == ["ev-gao-attack"]


def test_script_in_an_article_is_shown_as_text_and_never_runs(page: Any, base_url: str) -> None:
    open_dashboard(page, base_url + "/#event=ev-script")
    page.wait_for_selector("#article .fw-evidence")
    assert "<script>window.__pwned = 1</script>" in page.locator("#article").text_content()
    assert page.locator("#article script").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert "<b>Stepanakert</b>" in page.locator("#event-sources").text_content()


def test_screenshot(page: Any, base_url: str, tmp_path: Path) -> None:
    """docs/dashboard.png with FLAREWATCH_SCREENSHOT=1 (real pipeline data), else tmp."""
    if os.environ.get("FLAREWATCH_SCREENSHOT") != "1":
        open_dashboard(page, base_url + "/#event=ev-kyiv-shelling")
        page.wait_for_selector("#article .fw-evidence")
        page.screenshot(path=str(tmp_path / "dashboard.png"))
        return
    db = str(tmp_path / "real.db")
    shown = ingest_real_documents(db)
    with live_server(db) as url:
        open_dashboard(page, f"{url}/#event={shown}")
        page.wait_for_selector("#article .fw-evidence")
        page.screenshot(path=str(REPO_DIR / "docs" / "dashboard.png"))


def ingest_real_documents(db: str) -> str:
    """Samples and seed through the real pipeline into `db`; an event worth showing."""
    from flarewatch.ingest import read_inputs
    from flarewatch.model import Document
    from flarewatch.paths import shared_dir
    from flarewatch.pipeline import run_many

    samples = REPO_DIR / "samples"
    sources = [*(str(path) for path in sorted(samples.iterdir()) if path.suffix != ".md"),
               *(str(path) for path in sorted((shared_dir() / "data" / "seed").glob("*.txt")))]
    docs = [item for item in read_inputs(sources) if isinstance(item, Document)]
    try:
        annotated = list(run_many(docs))
    except (ImportError, KeyError, OSError) as error:
        pytest.skip(f"the extraction pipeline does not run yet: {error!r}")
    with open_store(db) as store:
        store.add_documents(annotated)
    placed = [event for doc in annotated for event in doc.events if event.event_loc]
    if not placed:
        pytest.skip("the pipeline found no located event to show")
    return max(placed, key=lambda event: (event.size.dead or 0, len(event.event_text))).id


def test_api_docs_render_offline(page: Any, base_url: str) -> None:
    if not (VENDOR / "swagger-ui" / "swagger-ui-bundle.js").is_file():
        pytest.skip("swagger-ui assets missing: run scripts/install_frontend.sh")
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    paths = page.locator(".opblock-summary-path").all_text_contents()
    assert "/events" in [path.strip() for path in paths]
    # "Try it out" calls the API from the page, under the page's CSP (connect-src 'self').
    first = page.locator(".opblock-summary-path").first
    assert first.text_content().strip() == "/events"
    first.click()
    page.click("button.try-out__btn")
    page.click("button.execute")
    status = page.locator(".live-responses-table tbody .response-col_status").first
    assert status.text_content().strip() == "200"


def test_the_dashboard_cannot_be_framed(base_url: str, tmp_path: Path) -> None:
    # A page of another origin frames the dashboard; chromium shows its error page in the
    # frame instead (frame-ancestors 'none', X-Frame-Options DENY). Not the `page`
    # fixture: the refusal is itself a CSP message on the console.
    with (one_page_server(f'<iframe src="{base_url}/"></iframe>') as framer,
          chromium_page(tmp_path / "profile") as framing):
        with framing.expect_event("framenavigated", timeout=20_000,
                                  predicate=lambda frame: frame.parent_frame is not None
                                  ) as navigated:
            framing.goto(framer)
        assert navigated.value.url.startswith("chrome-error:")
