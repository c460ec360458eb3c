"""Fused records in the REST API: listing, detail with every source's evidence, explain,
and the token-guarded split/merge decisions, on SQLite and PostgreSQL.

Three hand-made reports of one drone strike (tolls 4, 4 and 6) join the web samples. The
fixture makes them one record with an analyst's merge wherever fusion's scoring left them
apart, so these tests check the API, not the scoring (tests/fusion does that).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from web_samples import TEST_HOSTS, TOKEN, make_event, sample_documents

from flarewatch.model import Document, Entity, Place, Size
from flarewatch.storage import open_store
from flarewatch.storage.schema import events
from flarewatch.web import WebSettings, create_app
from pg_cluster import fresh_schema_url

PROBLEM = "application/problem+json"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
KHERSON = Place(text="Kherson", name="Kherson", lat=46.64, lon=32.62, precision="town",
                country="UKR", admin1="Kherson Oblast")
RUS_MIL = Entity(text="Russian drone", code="RUS", sector="MIL")
UKR_CVL = Entity(text="civilians", code="UKR", sector="CVL")
# (document id, publication date, text, evidence, trigger, dead, claimant), oldest first.
STRIKE = (
    ("strike-1-wire", dt.date(2024, 3, 12),
     "A Russian drone struck a crowded market in Kherson on Tuesday, killing four civilians, "
     "the governor said.", "A Russian drone struck a crowded market in Kherson", "struck", 4,
     "the governor"),
    ("strike-2-local", dt.date(2024, 3, 12),
     "Four civilians died when a drone hit the central market of Kherson, officials said.",
     "Four civilians died when a drone hit the central market of Kherson", "hit", 4,
     "officials"),
    ("strike-3-ministry", dt.date(2024, 3, 13),
     "The toll of Tuesday's Russian drone attack on a Kherson market rose to six, the "
     "ministry said.", "Tuesday's Russian drone attack on a Kherson market", "attack", 6,
     "the ministry"),
)
STRIKE_DOCS = [doc_id for doc_id, *_ in STRIKE]
STRIKE_EVENTS = [f"ev-{doc_id}" for doc_id in STRIKE_DOCS]
TEXTS = {doc_id: text for doc_id, _date, text, *_ in STRIKE}
SAMPLE_IDS = ["ev-gao-attack", "ev-kyiv-protest", "ev-script", "ev-kyiv-shelling", "ev-undated"]


def strike_document(doc_id: str, published: dt.date, text: str, evidence: str, trigger: str,
                    dead: int, claimant: str) -> Document:
    event = make_event(text, evidence, trigger, id=f"ev-{doc_id}", mode="drone",
                       actor=RUS_MIL, recipient=UKR_CVL, event_loc=KHERSON, date="2024-03-12",
                       enddate="2024-03-12", date_precision="day", size=Size(dead=dead),
                       claimed_by=Entity(text=claimant), modality="reported")
    return Document(id=doc_id, text=text, date=published, title=f"Report {doc_id}",
                    source=f"Outlet {doc_id}", events=[event], relevance=0.8)


def fused_ids_of(connection: sa.Connection, event_ids: list[str]) -> list[str]:
    statement = sa.select(events.c.fused_id).distinct().where(events.c.id.in_(event_ids))
    return sorted(connection.execute(statement).scalars())


def fill(url: str) -> str:
    """Samples and the strike into `url`, the strike one fused record; its id."""
    with open_store(url) as store:
        store.add_documents([*sample_documents(), *(strike_document(*row) for row in STRIKE)])
        with store.engine.connect() as connection:
            apart = fused_ids_of(connection, STRIKE_EVENTS)
        while len(apart) > 1:
            apart = store.merge(apart[0], apart[1], note="one strike")
        return apart[0]


SETTINGS = WebSettings(api_token=TOKEN, stages=(), max_body_bytes=2000, page_size=2,
                       allowed_hosts=TEST_HOSTS)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api(request: pytest.FixtureRequest,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """A client (token set, pages of 2) and the strike's fused id, one store a backend for
    the module: for requests that leave the store as it was (each test checks it does)."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("fused") / "web.db")
    else:
        url = fresh_schema_url(request.getfixturevalue("postgres_server"))
    strike = fill(url)
    with TestClient(create_app(url, SETTINGS)) as client:
        yield client, strike


@pytest.fixture
def strike_url(database_url: str) -> tuple[str, str]:
    """A store of its own (a test that changes it) and the strike's fused id."""
    return database_url, fill(database_url)


def all_events(client: TestClient, query: str) -> list[dict[str, object]]:
    """Every page of `/events?query` one event a page, following the cursor."""
    found, cursor = [], ""
    for _ in range(20):
        page = client.get(f"/events?{query}&limit=1" + (f"&cursor={cursor}" if cursor else ""))
        assert page.status_code == 200, page.text
        found += page.json()["events"]
        cursor = page.json()["next"]
        if not cursor:
            return found
    raise AssertionError("the cursor never ended")


def named(ids: tuple[str, ...], strike: str) -> list[str]:
    """`ids` with STRIKE the record's id and REPORTS its events, newest first."""
    found: list[str] = []
    for name in ids:
        found += {"STRIKE": [strike], "REPORTS": STRIKE_EVENTS[::-1]}.get(name, [name])
    return found


def test_events_are_fused_records_by_default(api: tuple[TestClient, str]) -> None:
    client, strike = api
    found = {event["id"]: event for event in all_events(client, "")}
    assert set(found) == {strike, *SAMPLE_IDS}
    record = found[strike]
    assert [source["doc_id"] for source in record["sources"]] == STRIKE_DOCS
    assert [source["size"]["dead"] for source in record["sources"]] == [4, 4, 6]
    assert record["size"]["dead"] == 6 and record["size_range"] == {"dead": [4, 6]}
    assert [len(found[name]["sources"]) for name in SAMPLE_IDS] == [1] * 5


def test_fused_false_lists_the_per_document_events(api: tuple[TestClient, str]) -> None:
    client, _strike = api
    found = all_events(client, "fused=false")
    assert {event["id"] for event in found} == {*STRIKE_EVENTS, *SAMPLE_IDS}
    assert not any("sources" in event or "size_range" in event for event in found)


# (query, ids with ?fused=true, ids with ?fused=false), newest first (the strike's events
# share a date: id descending); STRIKE: the record, REPORTS: its three events.
@pytest.mark.parametrize(("query", "fused", "per_document"), [
    ("country=UKR", ("STRIKE", "ev-kyiv-protest", "ev-kyiv-shelling"),
     ("REPORTS", "ev-kyiv-protest", "ev-kyiv-shelling")),
    ("min_dead=5", ("STRIKE", "ev-gao-attack"), ("ev-strike-3-ministry", "ev-gao-attack")),
    ("min_dead=4", ("STRIKE", "ev-gao-attack"),
     ("REPORTS", "ev-gao-attack")),
    ("q=kherson", ("STRIKE",), ("REPORTS",)),
    ("since=2024-03-01&type=ASSAULT", ("STRIKE",),
     ("REPORTS",)),
    ("near=46.6,32.6,20", ("STRIKE",),
     ("REPORTS",)),
    ("bbox=30,45,35,48&mode=drone", ("STRIKE",),
     ("REPORTS",)),
    ("until=2023-09-19", ("ev-script", "ev-kyiv-shelling"), ("ev-script", "ev-kyiv-shelling")),
])
def test_filters_cursor_and_order_on_both_tables(api: tuple[TestClient, str], query: str,
                                                 fused: tuple[str, ...],
                                                 per_document: tuple[str, ...]) -> None:
    client, strike = api
    for flag, expected in (("true", fused), ("false", per_document)):
        paged = [event["id"] for event in all_events(client, f"{query}&fused={flag}")]
        assert paged == named(expected, strike), flag


def test_the_detail_has_every_source_and_its_evidence(api: tuple[TestClient, str]) -> None:
    client, strike = api
    body = client.get(f"/events/{strike}").json()
    assert body["fused_id"] == strike
    assert [source["doc_id"] for source in body["event"]["sources"]] == STRIKE_DOCS
    assert [doc["id"] for doc in body["documents"]] == STRIKE_DOCS
    evidence = body["evidence"]
    assert [(item["doc_id"], item["event_id"], item["principal"]) for item in evidence] == [
        (doc_id, f"ev-{doc_id}", True) for doc_id in STRIKE_DOCS]
    assert [item["text"] for item in evidence] == [row[3] for row in STRIKE]
    assert all(TEXTS[item["doc_id"]][item["start"]:item["end"]] == item["text"]
               for item in evidence)


@pytest.mark.parametrize("member", STRIKE_EVENTS)
def test_a_per_document_id_gives_that_event_and_its_record(api: tuple[TestClient, str],
                                                           member: str) -> None:
    client, strike = api
    body = client.get(f"/events/{member}?fused=false").json()
    assert body["event"]["id"] == member and "sources" not in body["event"]
    assert body["fused_id"] == strike
    assert [item["event_id"] for item in body["evidence"]] == [member]
    # Without fused=false the record answers for its own id (that of one of its events).
    body = client.get(f"/events/{member}").json()
    assert ("sources" in body["event"]) == (member == strike)
    assert body["event"]["id"] == member and body["fused_id"] == strike


@pytest.mark.parametrize("path", ["/events/nope", "/events/nope?fused=false",
                                  "/events/nope/explain"])
def test_unknown_ids_are_404(api: tuple[TestClient, str], path: str) -> None:
    client, _strike = api
    response = client.get(path)
    assert response.status_code == 404 and response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(("query", "expected"), [
    ("", [("2024-03-12", 1, 6)]),
    ("fused=false", [("2024-03-12", 3, 14)]),
])
def test_timeseries_counts_records_or_reports(api: tuple[TestClient, str], query: str,
                                              expected: list[tuple[str, int, int]]) -> None:
    client, _strike = api
    series = client.get(f"/stats/timeseries?since=2024-03-01&{query}").json()["series"]
    assert [(row["date"], row["events"], row["dead"]) for row in series] == expected


@pytest.mark.parametrize(("query", "counts"), [
    ("", ["3"]),
    ("fused=false", ["", "", ""]),
])
def test_csv_has_the_source_count(api: tuple[TestClient, str], query: str,
                                  counts: list[str]) -> None:
    client, _strike = api
    response = client.get(f"/events?format=csv&q=kherson&limit=10&{query}")
    assert [row["source_count"] for row in csv.DictReader(io.StringIO(response.text))] == counts


def test_geojson_features_carry_the_sources(api: tuple[TestClient, str]) -> None:
    client, strike = api
    (feature,) = client.get("/events?format=geojson&q=kherson").json()["features"]
    assert feature["id"] == strike and len(feature["properties"]["sources"]) == 3


def test_explain_gives_the_pairs(api: tuple[TestClient, str]) -> None:
    client, strike = api
    body = client.get(f"/events/{strike}/explain").json()
    assert body["id"] == strike
    assert [source["doc_id"] for source in body["sources"]] == STRIKE_DOCS
    pairs = {frozenset((pair["a"], pair["b"])) for pair in body["pairs"]}
    assert pairs and pairs <= {frozenset((a, b)) for a in STRIKE_EVENTS for b in STRIKE_EVENTS}
    named = {name for pair in body["pairs"] for name in pair["parts"]}
    assert set(body["weights"]) == named
    assert body["weights"]["same_place"] > 0 and body["weights"].get("same_document", -1) < 0


def record_count(client: TestClient) -> int:
    return len(all_events(client, "q=kherson"))


def test_split_then_merge_back(strike_url: tuple[str, str]) -> None:
    url, strike = strike_url
    with TestClient(create_app(url, SETTINGS)) as client:
        split_and_merge(client, strike)


def split_and_merge(client: TestClient, strike: str) -> None:
    split = client.post("/fuse/split", headers=AUTH,
                        json={"id": strike, "source": "strike-3-ministry", "note": "later"})
    assert split.status_code == 200, split.text
    assert strike in split.json()["ids"] and len(split.json()["ids"]) == 2
    assert record_count(client) == 2
    (apart,) = [found for found in split.json()["ids"] if found != strike]
    merged = client.post("/fuse/merge", headers=AUTH, json={"ids": [strike, apart]})
    assert merged.status_code == 200, merged.text
    assert len(merged.json()["ids"]) == 1 and record_count(client) == 1


@pytest.mark.parametrize("path", ["/fuse/split", "/fuse/merge"])
@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": TOKEN}])
def test_decisions_need_the_token(api: tuple[TestClient, str], path: str,
                                  headers: dict[str, str]) -> None:
    client, strike = api
    body = {"id": strike, "source": "strike-1-wire", "ids": [strike, "ev-gao-attack"]}
    body = {key: body[key] for key in (("id", "source") if path.endswith("split") else ("ids",))}
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 401 and response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == "Bearer"
    assert record_count(client) == 1


@pytest.mark.parametrize("path", ["/fuse/split", "/fuse/merge"])
def test_decisions_are_off_without_a_server_token(strike_url: tuple[str, str],
                                                  path: str) -> None:
    url, strike = strike_url
    settings = WebSettings(api_token=None, stages=(), allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(url, settings)) as client:
        response = client.post(path, json={"ids": [strike, strike]}, headers=AUTH)
    assert response.status_code == 403 and response.headers["content-type"] == PROBLEM
    assert "FLAREWATCH_API_TOKEN" in response.json()["detail"]


# (path, body with STRIKE for the record's id, status, FusionError code or None)
@pytest.mark.parametrize(("path", "body", "status", "code"), [
    ("/fuse/split", {"id": "nope", "source": "strike-1-wire"}, 404, "E050"),
    ("/fuse/split", {"id": "STRIKE", "source": "gao-1"}, 409, "E051"),
    ("/fuse/split", {"id": "ev-gao-attack", "source": "gao-1"}, 409, "E051"),
    ("/fuse/merge", {"ids": ["STRIKE", "STRIKE"]}, 422, "E052"),
    ("/fuse/merge", {"ids": ["STRIKE", "nope"]}, 404, "E050"),
    ("/fuse/merge", {"ids": ["STRIKE"]}, 422, None),
    ("/fuse/merge", {"ids": ["STRIKE", "ev-gao-attack"], "extra": 1}, 422, None),
    ("/fuse/split", {"id": "STRIKE"}, 422, None),
    ("/fuse/split", {"id": "STRIKE", "source": "strike-1-wire", "note": "x" * 3000}, 413, None),
    ("/fuse/split", {"id": "STRIKE\n", "source": "strike-1-wire"}, 422, None),
])
def test_refused_decisions_are_problems(api: tuple[TestClient, str], path: str,
                                        body: dict[str, object], status: int,
                                        code: str | None) -> None:
    client, strike = api
    filled = {key: [strike if v == "STRIKE" else v for v in value] if isinstance(value, list)
              else strike if value == "STRIKE" else value for key, value in body.items()}
    response = client.post(path, json=filled, headers=AUTH)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json().get("code") == code
    assert record_count(client) == 1


def test_malformed_json_is_400(api: tuple[TestClient, str]) -> None:
    client, _strike = api
    response = client.post("/fuse/merge", content=b"{not json", headers=AUTH)
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM


def test_openapi_documents_the_fusion_routes(api: tuple[TestClient, str]) -> None:
    client, _strike = api
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/fuse/split", "/fuse/merge", "/events/{event_id}/explain"} <= set(paths)
    for path, codes in (("/fuse/split", {"404", "409"}), ("/fuse/merge", {"404", "422"})):
        responses = paths[path]["post"]["responses"]
        assert codes | {"401", "403"} <= set(responses)
        assert all("E05" in responses[code]["description"] for code in codes)
    parameters = {p["name"] for p in paths["/events"]["get"]["parameters"]}
    assert "fused" in parameters
