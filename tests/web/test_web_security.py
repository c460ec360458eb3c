"""Security headers on every kind of response, and the allowed-hosts check (issue 12, item 5)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_samples import TOKEN

from flarewatch.web import WebSettings, create_app
from flarewatch.web.app import allowed_hosts_hint
from flarewatch.web.security import PAGE_POLICY, RESOURCE_POLICY, host_allowed, host_pattern

PROBLEM = "application/problem+json"
ALWAYS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY",
          "referrer-policy": "no-referrer"}


@pytest.mark.parametrize(("method", "path", "status", "policy"), [
    ("GET", "/", 200, PAGE_POLICY),
    ("GET", "/docs", 200, PAGE_POLICY),
    ("GET", "/static/app.js", 200, RESOURCE_POLICY),
    ("GET", "/static/no-such-file.js", 404, RESOURCE_POLICY),
    ("GET", "/events", 200, RESOURCE_POLICY),
    ("GET", "/events?format=csv", 200, RESOURCE_POLICY),
    ("GET", "/openapi.json", 200, RESOURCE_POLICY),
    ("GET", "/events?limit=0", 422, RESOURCE_POLICY),
    ("GET", "/events/nope", 404, RESOURCE_POLICY),
    ("GET", "/no/such/path", 404, RESOURCE_POLICY),
    ("DELETE", "/events", 405, RESOURCE_POLICY),
    ("POST", "/documents", 401, RESOURCE_POLICY),
])
def test_every_response_carries_the_security_headers(client: TestClient, method: str,
                                                     path: str, status: int,
                                                     policy: str) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-security-policy"] == policy
    assert "frame-ancestors 'none'" in policy
    assert {name: response.headers.get(name) for name in ALWAYS} == ALWAYS


def test_a_500_and_a_refused_host_carry_them_too(broken_client: TestClient) -> None:
    failed = broken_client.get("/events")
    refused = broken_client.get("/events", headers={"Host": "evil.example"})
    assert (failed.status_code, refused.status_code) == (500, 400)
    for response in (failed, refused):
        assert response.headers["content-type"] == PROBLEM
        assert response.headers["content-security-policy"] == RESOURCE_POLICY
        assert {name: response.headers.get(name) for name in ALWAYS} == ALWAYS


def test_the_dashboard_policy_allows_no_inline_script() -> None:
    script_rule = next(rule for rule in PAGE_POLICY.split("; ") if rule.startswith("script-src"))
    assert script_rule == "script-src 'self'"
    assert "'unsafe-eval'" not in PAGE_POLICY


@pytest.mark.parametrize(("host", "allowed"), [
    ("localhost", True), ("localhost:8000", True), ("LOCALHOST", True), ("localhost.", True),
    ("127.0.0.1", True), ("127.0.0.1:8000", True), ("[::1]", True), ("[::1]:8000", True),
    ("", False), ("evil.example", False), ("localhost.evil.example", False),
    ("127.0.0.1.nip.io", False), ("127.0.0.2", False), ("[::2]", False), ("[::1", False),
    ("[::1]x", False), ("localhost:80:80", False), ("user@localhost", False),
    ("localhost/evil", False), ("localhost:http", False),
    ("testserver", False),  # not a default: tests name it
])
def test_default_hosts_are_the_loopback_names(host: str, allowed: bool) -> None:
    names = frozenset(host_pattern(name) for name in WebSettings().allowed_hosts)
    assert host_allowed(host, names) is allowed


@pytest.mark.parametrize(("patterns", "host", "allowed"), [
    (("*.example.org",), "news.example.org", True),
    (("*.example.org",), "a.b.example.org:443", True),
    (("*.example.org",), "example.org", False),
    (("*.example.org",), "badexample.org", False),
    (("*.Example.ORG",), "news.example.org", True),
    (("*",), "anything.example", True),
    (("::1",), "[::1]:8000", True),
    (("events.example.org", "192.0.2.7"), "192.0.2.7:8000", True),
    (("events.example.org", "192.0.2.7"), "192.0.2.8", False),
])
def test_allowed_host_patterns(patterns: tuple[str, ...], host: str, allowed: bool) -> None:
    assert host_allowed(host, frozenset(host_pattern(p) for p in patterns)) is allowed


@pytest.mark.parametrize(("host", "status"), [("localhost:8000", 200), ("127.0.0.1", 200),
                                              ("[::1]:8000", 200), ("testserver", 400),
                                              ("evil.example", 400)])
def test_the_app_answers_only_allowed_hosts(db_path: str, host: str, status: int) -> None:
    with TestClient(create_app(db_path, WebSettings())) as client:
        response = client.get("/healthz", headers={"Host": host})
    assert response.status_code == status
    if status == 400:
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["title"] == "Invalid host header"


def test_allowed_hosts_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAREWATCH_ALLOWED_HOSTS", "events.example.org, 192.0.2.7,")
    assert WebSettings.from_env().allowed_hosts == ("events.example.org", "192.0.2.7")
    monkeypatch.delenv("FLAREWATCH_ALLOWED_HOSTS")
    assert WebSettings.from_env().allowed_hosts == ("localhost", "127.0.0.1", "[::1]")


def test_the_setting_help_tells_serve_users_how_to_add_names() -> None:
    from flarewatch.web.settings import settings_help

    assert "FLAREWATCH_ALLOWED_HOSTS" in settings_help()["allowed_hosts"]
    assert "0.0.0.0" in settings_help()["allowed_hosts"]


@pytest.mark.parametrize(("bind", "allowed", "hinted"), [
    ("127.0.0.1", WebSettings().allowed_hosts, False),
    ("localhost", WebSettings().allowed_hosts, False),
    ("::1", WebSettings().allowed_hosts, False),
    ("0.0.0.0", WebSettings().allowed_hosts, True),
    ("::", WebSettings().allowed_hosts, True),
    ("192.0.2.7", WebSettings().allowed_hosts, True),
    ("192.0.2.7", ("localhost", "192.0.2.7"), False),
    ("0.0.0.0", ("*",), False),
])
def test_serve_hints_when_the_bind_host_is_not_allowed(bind: str, allowed: tuple[str, ...],
                                                        hinted: bool) -> None:
    hint = allowed_hosts_hint(bind, allowed)
    assert (hint is not None) is hinted
    if hint:
        assert "FLAREWATCH_ALLOWED_HOSTS" in hint


def test_ingest_token_still_works_behind_the_host_check(db_path: str) -> None:
    settings = WebSettings(api_token=TOKEN, stages=(), allowed_hosts=("localhost",))
    with TestClient(create_app(db_path, settings), base_url="http://localhost") as client:
        response = client.post("/documents", json={"id": "h-1", "text": "Troops fired."},
                               headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201, response.text
