"""The REST API over a temporary store of hand-made events (no extraction models)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from web_samples import KYIV_TELLINGS, KYIV_TEXT, TEST_HOSTS, TOKEN

from flarewatch.serialize import event_to_dict, source_to_dict
from flarewatch.storage import open_store
from flarewatch.storage.rows import event_from_row
from flarewatch.storage.schema import events, fused_events
from flarewatch.web import WebSettings, create_app, queries
from flarewatch.web.settings import settings_help

PROBLEM = "application/problem+json"


def ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    return [event["id"] for event in response.json()["events"]]


def all_ids(client: TestClient, query: str) -> list[str]:
    """Every page of `/events?query`, following the cursor."""
    found, cursor = [], ""
    for _ in range(20):
        page = client.get(f"/events?{query}&limit=2" + (f"&cursor={cursor}" if cursor else ""))
        found += ids(page)
        cursor = page.json()["next"]
        if not cursor:
            return found
    raise AssertionError("the cursor never ended")


def test_events_newest_first_undated_last_across_pages(client: TestClient) -> None:
    assert all_ids(client, "") == ["ev-gao-attack", "ev-kyiv-protest", "ev-script",
                                   "ev-kyiv-shelling", "ev-undated"]


def test_a_page_is_contract_event_json(client: TestClient) -> None:
    event = client.get("/events?type=PROTEST").json()["events"][0]
    assert event["event"] == "PROTEST" and event["event_loc"]["country"] == "UKR"
    assert event["text_info"] == {"start": 80, "end": 113, "sentence": 1}
    assert set(event["size"]) == {"dead", "injured", "arrested"}


@pytest.mark.parametrize(("query", "expected"), [
    ("country=UKR", {"ev-kyiv-shelling", "ev-kyiv-protest"}),
    ("country=RUS", {"ev-kyiv-shelling"}),
    ("country=AZE", {"ev-script"}),
    ("type=ASSAULT", {"ev-kyiv-shelling", "ev-gao-attack", "ev-script"}),
    ("type=ASSAULT&mode=firearms", {"ev-gao-attack"}),
    ("acled=Battles", {"ev-gao-attack"}),
    ("actor=MLI&sector=REB", {"ev-gao-attack"}),
    ("sector=MIL", {"ev-kyiv-shelling", "ev-script"}),
    ("since=2023-09-20&until=2023-09-20", {"ev-kyiv-protest", "ev-script"}),
    ("since=2024-01-01", {"ev-gao-attack"}),
    ("until=2023-09-19", {"ev-kyiv-shelling", "ev-script"}),
    ("bbox=20,40,40,60", {"ev-kyiv-shelling", "ev-kyiv-protest"}),
    ("near=16.3,0,50", {"ev-gao-attack"}),
    ("near=16.3,0,1", set()),
    ("q=marched", {"ev-kyiv-protest"}),
    ("q=stepanakert", {"ev-script"}),
    ("q=100%25", set()),
    ("modality=claimed", {"ev-script"}),
    ("min_dead=5", {"ev-gao-attack"}),
    ("min_relevance=0.5", {"ev-kyiv-shelling", "ev-kyiv-protest"}),
    ("min_relevance=0.4", {"ev-kyiv-shelling", "ev-kyiv-protest", "ev-gao-attack"}),
    ("min_relevance=0", {"ev-kyiv-shelling", "ev-kyiv-protest", "ev-gao-attack",
                         "ev-undated"}),
    ("min_relevance=1", set()),
    ("min_relevance=0.2&type=ASSAULT", {"ev-kyiv-shelling", "ev-gao-attack"}),
    ("country=UKR&type=PROTEST&since=2023-01-01", {"ev-kyiv-protest"}),
    # codes in any case, as the CLI takes them
    ("country=ukr&type=protest", {"ev-kyiv-protest"}),
    ("country=Rus", {"ev-kyiv-shelling"}),
    ("type=Assault&mode=firearms", {"ev-gao-attack"}),
    ("actor=mli&sector=REB", {"ev-gao-attack"}),
])
def test_filters(client: TestClient, query: str, expected: set[str]) -> None:
    assert set(all_ids(client, query)) == expected


@pytest.mark.parametrize("query", [
    "type=BOMB", "type=bomb", "modality=maybe", "country=ukraine", "country=uk1",
    "bbox=1,2,3", "near=100,0,5",
    "since=2024-01-02&until=2024-01-01", "cursor=%%%", "format=xml", "limit=0",
])
def test_bad_filters_are_problem_json(client: TestClient, query: str) -> None:
    response = client.get(f"/events?{query}")
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == response.status_code and body["title"]


@pytest.mark.parametrize(("value", "hint"), [
    ("Sudan", "did you mean SDN?"), ("KE", "did you mean KEN?"), ("Atlantis", None),
    ("uk1", None)])
def test_a_country_that_is_no_code_is_refused_with_the_code_it_names(
        client: TestClient, value: str, hint: str | None) -> None:
    # as the CLI's --country refuses it (E039)
    for path in ("/events", "/stats/timeseries", "/alerts"):
        response = client.get(path, params={"country": value})
        assert response.status_code == 422, response.text
        message = response.json()["errors"][0]["msg"]
        assert ("did you mean" in message) == (hint is not None), message
        assert hint is None or hint in message


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high", "nan", "inf"])
def test_min_relevance_out_of_0_to_1_is_422(client: TestClient, value: str) -> None:
    for path in ("/events", "/stats/timeseries"):
        response = client.get(f"{path}?min_relevance={value}")
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["errors"][0]["loc"] == ["query", "min_relevance"]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_a_relevance_that_is_no_number_is_said_to_be_none(client: TestClient,
                                                          value: str) -> None:
    # not "should be less than or equal to 1", which nan is not either
    response = client.get(f"/events?min_relevance={value}")
    assert "finite number" in response.json()["errors"][0]["msg"], response.text


def test_min_relevance_filters_the_timeseries(client: TestClient) -> None:
    series = client.get("/stats/timeseries?min_relevance=0.5").json()["series"]
    assert [(row["date"], row["events"]) for row in series] == [("2023-09-19", 1),
                                                                ("2023-09-20", 1)]


def test_openapi_describes_min_relevance(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/events", "/stats/timeseries"):
        (found,) = [p for p in paths[path]["get"]["parameters"] if p["name"] == "min_relevance"]
        schema = found["schema"]["anyOf"][0]
        assert (schema["type"], schema["minimum"], schema["maximum"]) == ("number", 0, 1)
        assert "relevance" in found["description"]


def test_event_json_carries_every_telling(client: TestClient) -> None:
    found = {event["id"]: event for event in client.get("/events?country=UKR").json()["events"]}
    shelling, protest = found["ev-kyiv-shelling"], found["ev-kyiv-protest"]
    assert [KYIV_TEXT[m["start"]:m["end"]] for m in shelling["mentions"]] == list(KYIV_TELLINGS)
    assert [m["sentence"] for m in shelling["mentions"]] == [0, 2, 2]
    assert protest["mentions"] == [protest["text_info"]]


def test_event_detail_gives_the_evidence_of_every_telling(client: TestClient) -> None:
    evidence = client.get("/events/ev-kyiv-shelling").json()["evidence"]
    assert [item["text"] for item in evidence] == list(KYIV_TELLINGS)
    assert [item["principal"] for item in evidence] == [True, False, False]
    assert {item["doc_id"] for item in evidence} == {"kyiv-1"}
    once = client.get("/events/ev-gao-attack").json()["evidence"]
    assert len(once) == 1 and once[0]["principal"]


def test_document_detail_has_every_mention_of_every_event(client: TestClient) -> None:
    body = client.get("/documents/kyiv-1").json()
    assert body["relevance"] == 0.9
    mentions = {event["id"]: event["mentions"] for event in body["events"]}
    assert [body["text"][m["start"]:m["end"]] for m in mentions["ev-kyiv-shelling"]] == list(
        KYIV_TELLINGS)
    assert [m["principal"] for m in mentions["ev-kyiv-shelling"]] == [True, False, False]
    assert [(m["start"], m["end"], m["principal"]) for m in mentions["ev-kyiv-protest"]] == [
        (80, 113, True)]
    assert client.get("/documents/script-1").json()["relevance"] is None


def test_limit_is_capped_by_settings(db_path: str) -> None:
    settings = WebSettings(max_page_size=3, allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(db_path, settings)) as small:
        assert len(ids(small.get("/events?limit=1000"))) == 3


def test_geojson_by_format_or_accept(client: TestClient) -> None:
    by_param = client.get("/events?format=geojson&type=PROTEST")
    by_accept = client.get("/events?type=PROTEST", headers={"Accept": "application/geo+json"})
    for response in (by_param, by_accept):
        assert response.headers["content-type"].startswith("application/geo+json")
        feature = response.json()["features"][0]
        assert feature["geometry"] == {"type": "Point", "coordinates": [30.52, 50.45]}
        assert feature["properties"]["id"] == "ev-kyiv-protest"


def test_csv_has_a_header_and_a_next_cursor_header(client: TestClient) -> None:
    response = client.get("/events?format=csv&limit=1")
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-next-cursor"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows[0]["id"] == "ev-gao-attack" and rows[0]["dead"] == "12"


def test_csv_defuses_formula_text(client: TestClient) -> None:
    from flarewatch.exports.base import defused as defuse

    assert defuse("=HYPERLINK(1)") == "'=HYPERLINK(1)" and defuse(-3.5) == -3.5


def test_event_detail_has_evidence_and_sources(client: TestClient) -> None:
    body = client.get("/events/ev-kyiv-shelling").json()
    assert body["event"]["claimed_by"]["text"] == "the ministry"
    assert body["evidence"][0]["text"].startswith("Russian forces shelled Kyiv")
    assert body["documents"] == [{"id": "kyiv-1", "title": "Kyiv shelled",
                                  "url": "https://example.org/kyiv", "date": "2023-09-20",
                                  "source": "Example Wire", "language": "en",
                                  "relevance": 0.9}]


def test_document_detail_has_spans(client: TestClient) -> None:
    body = client.get("/documents/kyiv-1").json()
    text = body["text"]
    assert [text[e["trigger_start"]:e["trigger_end"]] for e in body["events"]] == [
        "shelled", "marched"]
    assert [text[p["start"]:p["end"]] for p in body["places"]] == ["Kyiv"]
    assert [text[t["start"]:t["end"]] for t in body["timexes"]] == ["on Tuesday"]


@pytest.mark.parametrize("path", ["/events/nope", "/documents/nope", "/no/such/path"])
def test_unknown_ids_are_404_problem_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.headers["content-type"] == PROBLEM


def test_timeseries_daily_counts_and_dead(client: TestClient) -> None:
    series = client.get("/stats/timeseries").json()["series"]
    assert series == [
        {"date": "2023-09-19", "key": None, "events": 2, "dead": 3},
        {"date": "2023-09-20", "key": None, "events": 1, "dead": 0},
        {"date": "2024-02-05", "key": None, "events": 1, "dead": 12},
    ]


def test_timeseries_grouped_and_filtered(client: TestClient) -> None:
    body = client.get("/stats/timeseries?group_by=country&type=ASSAULT&top=1").json()
    assert body["group_by"] == "country"
    # One event per country: the tie goes to the first name, AZE; UKR and MLI fold.
    assert [(row["date"], row["key"], row["events"]) for row in body["series"]] == [
        ("2023-09-19", "AZE", 1), ("2023-09-19", "(other)", 1), ("2024-02-05", "(other)", 1)]
    by_type = client.get("/stats/timeseries?group_by=type&country=UKR").json()["series"]
    assert {(row["date"], row["key"]) for row in by_type} == {
        ("2023-09-19", "ASSAULT"), ("2023-09-20", "PROTEST")}


@pytest.mark.parametrize(("query", "expected"), [
    # The Stepanakert record runs 2023-09-19..20: it reaches the 20th, not the 21st.
    ("since=2023-09-20", [("2023-09-19", 1), ("2023-09-20", 1), ("2024-02-05", 1)]),
    ("since=2023-09-21", [("2024-02-05", 1)]),
    ("since=2023-09-19&until=2023-09-19", [("2023-09-19", 2)]),
    ("since=2024-02-06", []),
])
def test_timeseries_since_counts_the_records_reaching_it(client: TestClient, query: str,
                                                          expected: list[tuple[str, int]]
                                                          ) -> None:
    series = client.get(f"/stats/timeseries?{query}").json()["series"]
    assert [(row["date"], row["events"]) for row in series] == expected


@pytest.mark.parametrize("window", [0, 1, 2, 3, 4])
@pytest.mark.parametrize(("query", "expected"), [
    ("bbox=20,40,40,60", ["ev-kyiv-protest", "ev-kyiv-shelling"]),
    ("bbox=-180,-90,180,90&since=2023-09-20", ["ev-gao-attack", "ev-kyiv-protest", "ev-script"]),
    ("near=50.45,30.52,50", ["ev-kyiv-protest", "ev-kyiv-shelling"]),
])
def test_a_box_pages_alike_from_the_newest_records(client: TestClient,
                                                  monkeypatch: pytest.MonkeyPatch, window: int,
                                                  query: str, expected: list[str]) -> None:
    """However few of the newest records a box is first sought among (SQLite,
    `queries.recent_page`), every page is the one the whole table gives."""
    monkeypatch.setattr(queries, "RECENT_ROWS", window)
    assert all_ids(client, query) == expected


def test_an_unexpected_error_is_a_500_problem(broken_client: TestClient) -> None:
    response = broken_client.get("/events")
    assert response.status_code == 500 and response.headers["content-type"] == PROBLEM
    assert "secret" not in response.text


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/documents/{doc_id}", "/stats/timeseries",
            "/documents", "/healthz"} <= set(paths)


def test_docs_page_loads_nothing_from_outside(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/openapi.json" in page
    assert "cdn." not in page and "https://" not in page


def test_dashboard_page_uses_local_assets_only(client: TestClient) -> None:
    page = client.get("/").text
    assert "<title>flarewatch" in page and "http://" not in page and "https://" not in page
    assert client.get("/static/app.js").status_code == 200


def test_every_setting_is_documented() -> None:
    assert all(help_text for help_text in settings_help().values())


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAREWATCH_API_TOKEN", "s3cret")
    monkeypatch.setenv("FLAREWATCH_PAGE_SIZE", "7")
    monkeypatch.setenv("FLAREWATCH_STAGES", "parse, places")
    settings = WebSettings.from_env()
    assert (settings.api_token, settings.page_size, settings.stages) == (
        "s3cret", 7, ("parse", "places"))


def test_min_relevance_setting_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAREWATCH_MIN_RELEVANCE", "0.25")
    assert WebSettings.from_env().min_relevance == 0.25
    monkeypatch.setenv("FLAREWATCH_MIN_RELEVANCE", "")
    assert WebSettings.from_env().min_relevance is None
    monkeypatch.setenv("FLAREWATCH_MIN_RELEVANCE", "2")
    with pytest.raises(ValueError, match="from 0 to 1"):
        WebSettings.from_env()


def test_settings_token_defaults_to_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLAREWATCH_API_TOKEN", raising=False)
    assert WebSettings.from_env().api_token is None
    assert TOKEN


@pytest.mark.parametrize("table", [fused_events, events])
def test_event_json_is_what_asdict_gives(db_path: str, table: sa.Table) -> None:
    """`serialize.event_to_dict` flattens with `flat`, not `dataclasses.asdict`: the same
    dict and the same JSON for every stored record (with and without actors, places,
    tellings, sources)."""
    with open_store(db_path) as store, store.engine.connect() as connection:
        stored = [event_from_row(row) for row in
                  connection.execute(sa.select(table)).mappings()]
    with_asdict = [{**event_to_dict(event), **reference(event)} for event in stored]
    assert stored and [event_to_dict(event) for event in stored] == with_asdict
    assert json.dumps([event_to_dict(e) for e in stored]) == json.dumps(with_asdict)


def reference(event: Any) -> dict[str, Any]:
    """The flattened fields of an event as `dataclasses.asdict` builds them."""
    found = {"acled": asdict(event.acled) if event.acled else None, "size": asdict(event.size),
             "casualties": [asdict(group) for group in event.casualties],
             "mentions": [asdict(span) for span in event.tellings()]}
    if event.sources:
        found["sources"] = [{**source_to_dict(s), "text_info": asdict(s.text_info),
                             "size": asdict(s.size)} for s in event.sources]
    return found




@pytest.mark.parametrize("doc_id", ["2024/march/report", "a/b", "plain-id"])
def test_a_document_id_with_slashes_is_fetched(db_path: str, doc_id: str) -> None:
    # ids of reports read from subfolders carry the folders ("2024/march/report"); the
    # dashboard asks for them encoded, clients may ask for them as they are
    from dataclasses import replace as with_id

    from web_samples import gao_document

    from flarewatch.storage import open_store

    doc = gao_document()
    with open_store(db_path) as store:
        store.add_documents([with_id(doc, id=doc_id, text=doc.text + " " + doc_id,
                                    events=[with_id(e, id="ev-" + doc_id) for e in doc.events])])
    settings = WebSettings(allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(db_path, settings)) as client:
        for path in (doc_id, doc_id.replace("/", "%2F")):
            response = client.get(f"/documents/{path}")
            assert response.status_code == 200, response.text
            assert response.json()["id"] == doc_id
