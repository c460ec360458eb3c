"""Alert sinks end to end: a webhook against an HTTP receiver and email against an SMTP
receiver, both on 127.0.0.1, plus the refusals and failures that must not raise."""

from __future__ import annotations

import copy
import json
import socket
import threading
from collections.abc import Callable, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope

from flarewatch.watch.sinks import Delivery, EmailSink, WebhookSink, deliver_all, email_body

ALERT: dict[str, Any] = {
    "id": "alert-3f2c9e1b7d4a",
    "status": "open",
    "series": {"level": "admin1", "key": "CIV/Sud-Comoé", "country": "CIV",
               "admin1": "Sud-Comoé", "label": "Côte d'Ivoire, Sud-Comoé"},
    "measure": "events",
    "detector": "farrington",
    "onset_week": "2024-03-04",
    "last_alarm_week": "2024-03-11",
    "closed_week": None,
    "observed": 7, "expected": 0.6, "threshold": 2.9, "score": 6.1,
    "summary": "Côte d'Ivoire, Sud-Comoé: 7 violent events in the week of 2024-03-11; "
               "0.6 expected, alarm above 2.9",
    "weeks": [{"week_start": "2024-03-04", "observed": 5, "expected": 0.5, "threshold": 2.6,
               "alarm": True}],
    "events": ["fused-1", "fused-2"],
    "sources": [{"doc_id": "sample-101", "url": "https://news.example/a?x=1&y=2",
                 "title": "Gunmen <attack> village & market", "source": "Example News"},
                {"doc_id": "sample-102", "url": None, "title": None, "source": None}],
    "signals": {"THREATEN": 2, "MOBILIZE": 1, "COERCE": 0},
    "opened_at": "2026-11-30T19:10:00+00:00", "updated_at": "2026-11-30T19:10:00+00:00",
}


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Receiver:
    """An HTTP server on 127.0.0.1 answering POSTs with `statuses` in turn, then 200."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = list(statuses)
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/secret-token"
        serve = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        serve.start()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """urllib honours *_proxy variables: keep every request on 127.0.0.1."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


StartReceiver = Callable[[list[int]], Receiver]


@pytest.fixture
def receiver() -> Iterator[StartReceiver]:
    started: list[Receiver] = []

    def start(statuses: list[int]) -> Receiver:
        started.append(Receiver(statuses))
        return started[-1]

    yield start
    for each in started:
        each.server.shutdown()
        each.server.server_close()


def webhook(url: str, delays: list[float], retries: int = 4) -> WebhookSink:
    return WebhookSink(url, retries=retries, backoff_s=0.5, timeout_s=5.0, sleep=delays.append)


def test_webhook_posts_the_alert_as_json(receiver: StartReceiver) -> None:
    server = receiver([])
    sink = WebhookSink(server.url, headers={"Authorization": "Bearer t"})
    delivery = sink.deliver(copy.deepcopy(ALERT))
    assert delivery == Delivery("webhook " + server.url.split("/hooks")[0], True, 1, None)
    headers, body = server.requests[0]
    assert json.loads(body.decode("utf-8")) == ALERT
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "flarewatch-watch"
    assert headers["Authorization"] == "Bearer t"


@pytest.mark.parametrize(
    ("statuses", "retries", "ok", "attempts", "delays", "error"),
    [
        ([200], 4, True, 1, [], None),
        ([204], 4, True, 1, [], None),
        ([503, 503, 200], 4, True, 3, [0.5, 1.0], None),
        ([429, 502, 500, 200], 4, True, 4, [0.5, 1.0, 2.0], None),
        ([500] * 9, 3, False, 4, [0.5, 1.0, 2.0], "HTTP 500"),
        ([503], 0, False, 1, [], "HTTP 503"),
        ([400], 4, False, 1, [], "HTTP 400"),
        ([404, 200], 4, False, 1, [], "HTTP 404"),
        ([302, 200], 4, False, 1, [], "HTTP 302"),  # redirects are not followed
    ],
)
def test_webhook_retries_server_errors_only(
    receiver: StartReceiver, statuses: list[int], retries: int, ok: bool, attempts: int,
    delays: list[float], error: str | None,
) -> None:
    server = receiver(statuses)
    slept: list[float] = []
    delivery = webhook(server.url, slept, retries).deliver(ALERT)
    assert (delivery.ok, delivery.attempts, slept) == (ok, attempts, delays)
    assert len(server.requests) == attempts
    assert all(body == server.requests[0][1] for _, body in server.requests)
    assert (delivery.error or "").startswith(error or "")
    assert (delivery.error is None) == ok


def test_webhook_unreachable_port_fails_after_retries() -> None:
    slept: list[float] = []
    delivery = webhook(f"http://127.0.0.1:{closed_port()}/hook", slept, retries=3).deliver(ALERT)
    assert (delivery.ok, delivery.attempts, slept) == (False, 4, [0.5, 1.0, 2.0])
    assert "ConnectionRefused" in (delivery.error or "")


def test_webhook_silent_receiver_times_out() -> None:
    with socket.socket() as listener:  # accepts connections (backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
        slept: list[float] = []
        sink = WebhookSink(url, retries=1, backoff_s=0.0, timeout_s=0.05, sleep=slept.append)
        delivery = sink.deliver(ALERT)
    assert (delivery.ok, delivery.attempts, slept) == (False, 2, [0.0])
    assert "timed out" in (delivery.error or "")


def test_webhook_alert_that_is_not_json_is_not_sent(receiver: StartReceiver) -> None:
    server = receiver([])
    delivery = webhook(server.url, []).deliver({**ALERT, "opened_at": object()})
    assert (delivery.ok, delivery.attempts, server.requests) == (False, 0, [])
    assert (delivery.error or "").startswith("alert is not JSON")


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/hook", "file:///etc/passwd", "javascript:alert(1)", "127.0.0.1:8080/hook",
     "http://", "https:///path", ""],
)
def test_webhook_refuses_non_http_urls(url: str) -> None:
    with pytest.raises(ValueError, match="http:// or https://"):
        WebhookSink(url)


@pytest.mark.parametrize(
    ("settings", "message"),
    [({"retries": -1}, "retries"), ({"backoff_s": -1.0}, "backoff_s"),
     ({"timeout_s": 0.0}, "timeout_s")],
)
def test_webhook_refuses_bad_settings(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WebhookSink("https://hooks.example/x", **settings)


def test_sink_name_hides_the_secret_path() -> None:
    sink = WebhookSink("https://user:pw@hooks.example:8443/T000/secret?token=abc")
    assert sink.name == "webhook https://hooks.example:8443"


# --- email --------------------------------------------------------------------------------


class Inbox:
    """aiosmtpd handler keeping every message; refuses recipients at refused.example."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        if address.endswith("@refused.example"):
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"

    def message(self, index: int = 0) -> EmailMessage:
        content = self.envelopes[index].content
        assert isinstance(content, bytes)
        parsed = message_from_bytes(content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


def check_login(server: Any, session: Any, envelope: Any, mechanism: str,
                auth_data: Any) -> AuthResult:
    good = auth_data.login == b"watch" and auth_data.password == b"s3cret"
    return AuthResult(success=good, handled=False)  # handled=False: the server answers 535


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=closed_port(),
                            authenticator=check_login, auth_require_tls=False)
    controller.start()
    yield inbox, controller.port
    controller.stop()


def email_sink(port: int, recipients: list[str] | None = None, **options: Any) -> EmailSink:
    to = recipients or ["desk@example.org", "oncall@example.org"]
    return EmailSink("127.0.0.1", port, "watch@example.org", to, timeout_s=5.0, **options)


def test_email_arrives_with_subject_recipients_and_id(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    delivery = email_sink(port).deliver(ALERT)
    assert delivery == Delivery(f"email 127.0.0.1:{port}", True, 1, None)
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "watch@example.org"
    assert envelope.rcpt_tos == ["desk@example.org", "oncall@example.org"]
    message = inbox.message()
    assert message["Subject"] == "[flarewatch] Escalation: " + ALERT["summary"]
    assert message["To"] == "desk@example.org, oncall@example.org"
    body = message.get_content()
    assert "Alert id: alert-3f2c9e1b7d4a" in body
    assert body.replace("\r\n", "\n") == email_body(ALERT)


@pytest.mark.parametrize(
    "line",
    [
        "Status: open",
        "Observed: 7, expected: 0.60, threshold: 2.90, score: 6.10",
        "Onset week: 2024-03-04, last alarm week: 2024-03-11, closed week: -",
        "- Gunmen <attack> village & market (Example News) https://news.example/a?x=1&y=2",
        "- sample-102",
    ],
)
def test_email_body_lines(line: str) -> None:
    assert line in email_body(ALERT).splitlines()


def test_email_subject_stays_on_one_line(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    assert email_sink(port).deliver({**ALERT, "summary": "two\nlines\r\nhere"}).ok
    assert inbox.message()["Subject"] == "[flarewatch] Escalation: two lines here"


@pytest.mark.parametrize(
    ("options", "ok", "error"),
    [
        ({"username": "watch", "password": "s3cret"}, True, None),
        ({"username": "watch", "password": "wrong"}, False, "SMTPAuthenticationError"),
        ({"starttls": True}, False, "SMTPNotSupportedError"),  # the receiver offers no TLS
    ],
)
def test_email_login_and_starttls(smtp_server: tuple[Inbox, int], options: dict[str, Any],
                                  ok: bool, error: str | None) -> None:
    inbox, port = smtp_server
    delivery = email_sink(port, **options).deliver(ALERT)
    assert (delivery.ok, len(inbox.envelopes)) == (ok, int(ok))
    assert (delivery.error or "").startswith(error or "")


def test_email_partly_refused_recipients(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    delivery = email_sink(port, ["desk@example.org", "x@refused.example"]).deliver(ALERT)
    assert (delivery.ok, delivery.error) == (True, "recipients refused: x@refused.example")
    assert inbox.envelopes[0].rcpt_tos == ["desk@example.org"]


def test_email_all_recipients_refused(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    delivery = email_sink(port, ["x@refused.example"]).deliver(ALERT)
    assert (delivery.ok, inbox.envelopes) == (False, [])
    assert (delivery.error or "").startswith("SMTPRecipientsRefused")


def test_email_refused_connection_does_not_raise() -> None:
    delivery = email_sink(closed_port()).deliver(ALERT)
    assert (delivery.ok, delivery.attempts) == (False, 1)
    assert "ConnectionRefused" in (delivery.error or "")


@pytest.mark.parametrize(("sender", "recipients"), [("", ["a@b.c"]), ("a@b.c", []),
                                                     ("a@b.c", ["a@b.c", ""])])
def test_email_refuses_missing_addresses(sender: str, recipients: list[str]) -> None:
    with pytest.raises(ValueError, match="recipient"):
        EmailSink("127.0.0.1", 25, sender, recipients)


# --- deliver_all --------------------------------------------------------------------------


class Recorder:
    name = "recorder"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def deliver(self, alert: dict) -> Delivery:
        self.seen.append(alert["id"])
        return Delivery(self.name, True, 1)


class Broken:
    def deliver(self, alert: dict) -> Delivery:
        raise RuntimeError("bug in a sink")


def test_deliver_all_gives_every_alert_to_every_sink() -> None:
    recorder = Recorder()
    alerts = [{**ALERT, "id": "a1"}, {**ALERT, "id": "a2"}]
    deliveries = deliver_all([Broken(), recorder], alerts)
    assert recorder.seen == ["a1", "a2"]
    assert [(d.sink, d.ok) for d in deliveries] == [
        ("Broken", False), ("recorder", True), ("Broken", False), ("recorder", True)]
    assert deliveries[0].error == "RuntimeError: bug in a sink"


@pytest.mark.parametrize(("changes", "subject"), [
    ({}, "[flarewatch] Escalation: "),
    ({"updated_at": "2030-01-02T00:00:00+00:00"}, "[flarewatch] Escalation update: "),
    ({"status": "closed"}, "[flarewatch] Escalation over: "),
    # by the notice the alert is sent for, where it has one
    ({"notice": "high"}, "[flarewatch] Escalation update: "),
    ({"notice": "close", "status": "closed"}, "[flarewatch] Escalation over: "),
    ({"notice": "open", "updated_at": "2030-02-01T00:00:00+00:00"},  # reopened: news again
     "[flarewatch] Escalation: "),
])
def test_the_subject_says_new_updated_or_over(changes: dict, subject: str) -> None:
    from flarewatch.watch.sinks import email_subject

    alert = {**ALERT, "opened_at": "2030-01-01T00:00:00+00:00",
             "updated_at": "2030-01-01T00:00:00+00:00", "status": "open", **changes}
    assert email_subject(alert) == subject + ALERT["summary"]


# --- groups: one surge, one message --------------------------------------------------------

COUNTRY_ALERT: dict[str, Any] = {
    **ALERT, "id": "alert-0c0c0c0c0c0c",
    "series": {"level": "country", "key": "CIV", "country": "CIV", "admin1": None,
               "label": "Côte d'Ivoire"},
    "summary": "Côte d'Ivoire: 9 violent events in the week of 2024-03-11; 1.2 expected",
    "sources": [ALERT["sources"][0], {"doc_id": "sample-103", "url": None,
                                      "title": "Second report", "source": None}],
}


def test_webhook_posts_a_group_as_one_body(receiver: StartReceiver) -> None:
    server = receiver([])
    delivery = WebhookSink(server.url).deliver_group([COUNTRY_ALERT, ALERT])
    assert delivery.ok and len(server.requests) == 1
    body = json.loads(server.requests[0][1].decode("utf-8"))
    assert [alert["id"] for alert in body["alerts"]] == [COUNTRY_ALERT["id"], ALERT["id"]]
    assert body["count"] == 2 and body["id"].startswith("group-")
    assert body["summary"] == COUNTRY_ALERT["summary"] + " (+1 related alert)"


@pytest.mark.parametrize(("alerts", "subject_end", "ids", "sources"), [
    ([ALERT], ALERT["summary"], [ALERT["id"]], 2),
    ([COUNTRY_ALERT, ALERT], COUNTRY_ALERT["summary"] + " (+1 related alert)",
     [COUNTRY_ALERT["id"], ALERT["id"]], 3),  # sample-101 once
])
def test_email_of_a_group_is_one_message(smtp_server: tuple[Inbox, int], alerts: list[dict],
                                         subject_end: str, ids: list[str], sources: int) -> None:
    inbox, port = smtp_server
    assert email_sink(port).deliver_group(alerts).ok
    assert len(inbox.envelopes) == 1
    message = inbox.message()
    assert message["Subject"] == "[flarewatch] Escalation: " + subject_end
    body = message.get_content()
    assert [line.split(": ")[1] for line in body.splitlines()
            if line.startswith("Alert id: ")] == ids
    assert f"Sources ({sources}):" in body
