"""No request makes the API answer 500, and every 4xx is a problem document.

Two fuzzers, both over the app's own OpenAPI description:
- schemathesis drives every operation with inputs that fit the description (positive)
  and inputs that break it (negative). POST /documents runs with the token and no
  extraction stages, so only the HTTP side and the store are exercised.
- hypothesis sends each parameter of each GET route alone with any text, integer or float
  (NUL, 21-digit numbers, NaN ...): schemathesis draws from the description's own ranges
  and seldom tries what lies outside them.

Bounded and repeatable: a fixed number of examples per operation and mode, or per
parameter, drawn the same on every run (`derandomize=True`, or a seed per parameter).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.python.asgi import shutdown_lifespans
from web_samples import TEST_HOSTS, TOKEN

from flarewatch.web import WebSettings, create_app

EXAMPLES = 50  # per operation and mode
VALUES_PER_PARAMETER = 25
# Drawn from all of Unicode, hypothesis would seldom pick a control character, let alone
# NUL (which PostgreSQL refuses in text): one value kind is a text around a control
# character, NUL half the time.
CONTROL = st.one_of(st.just("\x00"), st.characters(max_codepoint=0x1F))
WITH_CONTROL = st.builds(lambda head, control, tail: head + control + tail,
                         st.text(max_size=10), CONTROL, st.text(max_size=10))
# Likewise numbers just past the 32- and 64-bit integers of the databases (AFL's
# "interesting values"), and 21 digits.
EDGE_INTEGERS = st.sampled_from([2**31, -(2**31) - 1, 2**63, -(2**63) - 1, 2**64, 10**20])
ANY_VALUE = st.one_of(st.text(max_size=40), WITH_CONTROL, st.integers().map(str),
                      EDGE_INTEGERS.map(str), st.floats().map(str), st.text(max_size=3000))
AUTH = {"Authorization": f"Bearer {TOKEN}"}
OPERATIONS = [("GET", "/events"), ("GET", "/events/{event_id}"),
              ("GET", "/documents/{doc_id}"), ("GET", "/stats/timeseries"),
              ("GET", "/healthz"), ("POST", "/documents"),
              ("GET", "/events/{event_id}/explain"), ("POST", "/fuse/split"),
              ("POST", "/fuse/merge"), ("GET", "/alerts"), ("GET", "/alerts/{alert_id}"),
              ("GET", "/alerts.atom")]
PROBLEM = "application/problem+json"


@pytest.fixture
def api_schema(db_path: str) -> Iterator[Any]:
    """The app's OpenAPI description, its operations called in-process (ASGI)."""
    app = create_app(db_path, WebSettings(api_token=TOKEN, stages=(), allowed_hosts=TEST_HOSTS))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    shutdown_lifespans()  # schemathesis keeps the app started until exit otherwise


def test_the_fuzzed_operations_are_all_the_operations(api_schema: Any) -> None:
    found = [(result.ok().method.upper(), result.ok().path)
             for result in api_schema.get_all_operations()]
    assert sorted(found) == sorted(OPERATIONS)


@pytest.mark.parametrize(("method", "path", "mode"), [
    *((method, path, GenerationMode.POSITIVE) for method, path in OPERATIONS),
    # /healthz and /alerts.atom take nothing, so nothing can break their description
    *((method, path, GenerationMode.NEGATIVE) for method, path in OPERATIONS
      if path not in ("/healthz", "/alerts.atom"))])
def test_no_input_makes_a_500(api_schema: Any, method: str, path: str,
                              mode: GenerationMode) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def answers_without_500(case: Any) -> None:
        response = case.call(headers=AUTH)
        assert response.status_code < 500, (case.path_parameters, case.query, case.body,
                                            response.text[:500])
        if response.status_code >= 400:
            assert response.headers["content-type"] == [PROBLEM], response.text[:500]

    answers_without_500()


def get_parameters(openapi: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(path, name, `query` or `path`) of every parameter of every GET route."""
    return [(path, parameter["name"], parameter["in"])
            for path, methods in openapi["paths"].items()
            for parameter in methods.get("get", {}).get("parameters", [])]


def request_path(path: str, name: str, place: str, value: str) -> str:
    if place == "path":
        return path.replace("{" + name + "}", quote(value, safe=""))
    return f"{path}?{name}={quote(value, safe='')}"


def test_no_single_parameter_value_makes_a_500(probe_client: TestClient) -> None:
    found = get_parameters(probe_client.get("/openapi.json").json())
    assert len(found) > 30  # every filter of /events and /stats/timeseries, ids, paging
    for path, name, place in found:
        fuzz_parameter(probe_client, path, name, place)


def fuzz_parameter(client: TestClient, path: str, name: str, place: str) -> None:
    """`VALUES_PER_PARAMETER` values of the parameter alone; none may get a 500."""

    # A seed of its own for each parameter (derandomize would draw the same values for
    # all), the same on every run.
    @seed(zlib.crc32(f"{path} {name}".encode()))
    @given(value=ANY_VALUE)
    @settings(max_examples=VALUES_PER_PARAMETER, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    def answers_without_500(value: str) -> None:
        response = client.get(request_path(path, name, place, value))
        assert response.status_code < 500, (path, name, value, response.text[:300])

    answers_without_500()
