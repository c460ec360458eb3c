"""Escalation-alert delivery: a webhook (JSON POST) and an email (SMTP), behind one interface.

Each sink takes one alert dict (the watch's alert record, ready for JSON: id, status,
series, measure, onset_week, observed, expected, threshold, score, summary, sources, ...,
and the `notice` it is sent for: open, high or close) with `deliver`, or a group of
related alerts (one surge seen on its country, admin1, dyad and family series) with
`deliver_group`: one webhook body (`group_body`: id, summary, count, alerts) or one email
listing them all; either returns a `Delivery`. A sink never
raises on a failed delivery: the failure is the Delivery's `error`, so one dead receiver
cannot stop the others. Configuration mistakes (a URL that is not http/https, no
recipients) raise ValueError when the sink is built.
"""

from __future__ import annotations

import http.client
import json
import smtplib
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, Protocol
from urllib.parse import urlsplit

USER_AGENT = "flarewatch-watch"
SUBJECT_PREFIX = "[flarewatch] Escalation: "
MAX_SOURCES = 10  # source lines listed in a message; the rest are counted
# Statuses worth retrying (RFC 9110 s15.6: server errors; RFC 6585 s4: too many requests).
RETRY_STATUS = frozenset({429})
RETRY_FROM = 500


@dataclass(frozen=True)
class Delivery:
    """Outcome of one alert given to one sink.

    sink: the sink's name ("webhook http://host:port", "email host:port"); never a URL path,
    query or password, which may carry a secret token. ok: the receiver accepted the alert.
    attempts: requests made (0 when the alert could not even be encoded). error: why it
    failed, or a partial failure (recipients refused) next to ok=True; None otherwise.
    """

    sink: str
    ok: bool
    attempts: int
    error: str | None = None


class Sink(Protocol):
    """Anything that delivers one alert dict, or a group of them in one message, and
    reports how it went, without raising."""

    def deliver(self, alert: dict) -> Delivery: ...

    def deliver_group(self, alerts: Sequence[dict]) -> Delivery: ...


def sink_key(*parts: str) -> str:
    """A stable key of a sink's destination (a hash: a URL may hold a secret token), under
    which the watch records what it delivered there (`alert_deliveries`)."""
    import hashlib

    return hashlib.sha256("\t".join(parts).encode()).hexdigest()[:16]


def deliver_all(sinks: Sequence[Sink], alerts: Iterable[dict]) -> list[Delivery]:
    """Every alert to every sink, alert by alert: len(alerts) * len(sinks) Deliveries.

    A sink that breaks the never-raise rule gives a failed Delivery; the others still run.
    """
    return [guarded_deliver(sink, alert) for alert in alerts for sink in sinks]


def guarded_deliver(sink: Sink, alert: dict) -> Delivery:
    try:
        return sink.deliver(alert)
    except Exception as exc:
        return Delivery(sink_name(sink), False, 0, describe(exc))


def guarded_deliver_group(sink: Sink, alerts: Sequence[dict]) -> Delivery:
    """`sink.deliver_group(alerts)`; a failed Delivery if it raises (it should not)."""
    try:
        return sink.deliver_group(alerts)
    except Exception as exc:
        return Delivery(sink_name(sink), False, 0, describe(exc))


def group_id(alerts: Sequence[dict]) -> str:
    """"group-" and a hash of the alerts' ids (in any order)."""
    import hashlib

    ids = "\t".join(sorted(str(alert.get("id")) for alert in alerts))
    return f"group-{hashlib.sha256(ids.encode()).hexdigest()[:12]}"


def group_summary(alerts: Sequence[dict]) -> str:
    """The first alert's summary, and how many more the group holds."""
    return str(alerts[0].get("summary") or alerts[0].get("id") or "alert") + more_alerts(alerts)


def more_alerts(alerts: Sequence[dict]) -> str:
    """" (+2 related alerts)" after a group's first alert; "" for a group of one."""
    more = len(alerts) - 1
    return f" (+{more} related alert{'s' if more > 1 else ''})" if more else ""


def group_body(alerts: Sequence[dict]) -> dict:
    """The webhook body of a group: {"id", "summary", "count", "alerts": [alert, ...]}."""
    return {"id": group_id(alerts), "summary": group_summary(alerts), "count": len(alerts),
            "alerts": list(alerts)}


def sink_name(sink: object) -> str:
    return str(getattr(sink, "name", type(sink).__name__))


def describe(exc: BaseException) -> str:
    """One line for a Delivery error: the exception type and its message."""
    return f"{type(exc).__name__}: {exc}".strip().rstrip(":")


# --- webhook ------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Answer 3xx as an error: urllib would otherwise re-send a POST as a bodiless GET."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class WebhookSink:
    """POST each alert as a JSON body (UTF-8) to an http(s) URL.

    retries: extra attempts after the first (so at most retries + 1 requests), made on
    connection errors, timeouts, 5xx and 429, after sleeping backoff_s * 2**n seconds
    (n = 0 for the first retry: 1 s, 2 s, 4 s, 8 s by default). Any other 4xx, and 3xx
    (redirects are not followed), fail at once. timeout_s: per request, in seconds.
    sleep: called with each delay (a stub in tests). headers: added to, or replacing,
    Content-Type: application/json and User-Agent: flarewatch-watch.
    Raises ValueError for a URL that is not http:// or https:// with a host, or a
    negative retries/backoff_s, or a timeout_s that is not positive.
    """

    def __init__(
        self,
        url: str,
        *,
        retries: int = 3,
        backoff_s: float = 1.0,
        timeout_s: float = 10.0,
        sleep: Callable[[float], object] = time.sleep,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        check_settings(retries, backoff_s, timeout_s)
        self.url = url
        self.name = f"webhook {checked_origin(url)}"
        self.key = sink_key("webhook", url)
        self.retries, self.backoff_s, self.timeout_s = retries, backoff_s, timeout_s
        self.sleep = sleep
        base = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        self.headers = {**base, **(headers or {})}

    def deliver(self, alert: dict) -> Delivery:
        return self.post_json(alert)

    def deliver_group(self, alerts: Sequence[dict]) -> Delivery:
        """One POST of `group_body(alerts)`: the alerts of one surge as a list."""
        return self.post_json(group_body(alerts))

    def post_json(self, body: dict) -> Delivery:
        try:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError) as exc:
            return Delivery(self.name, False, 0, f"alert is not JSON: {describe(exc)}")
        return self.post_with_retries(data)

    def post_with_retries(self, body: bytes) -> Delivery:
        error: str | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff_s * 2 ** (attempt - 1))
            error, retry = self.post(body)
            if error is None or not retry:
                return Delivery(self.name, error is None, attempt + 1, error)
        return Delivery(self.name, False, self.retries + 1, error)

    def post(self, body: bytes) -> tuple[str | None, bool]:
        """One request: (None, False) on 2xx, else (error, whether to retry)."""
        request = urllib.request.Request(self.url, data=body, headers=self.headers, method="POST")
        opener = urllib.request.build_opener(NoRedirect)  # proxies from the environment
        try:
            with opener.open(request, timeout=self.timeout_s) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            exc.close()
            return f"HTTP {exc.code} {exc.reason}".strip(), retryable_status(exc.code)
        except urllib.error.URLError as exc:
            return describe_url_error(exc), True
        except (OSError, http.client.HTTPException) as exc:  # timeouts, resets, bad replies
            return describe(exc), True
        except ValueError as exc:  # a header value urllib cannot send: retrying cannot help
            return describe(exc), False
        return None, False


def retryable_status(code: int) -> bool:
    return code in RETRY_STATUS or code >= RETRY_FROM


def describe_url_error(exc: urllib.error.URLError) -> str:
    reason = exc.reason
    return describe(reason) if isinstance(reason, BaseException) else f"URLError: {reason}"


def checked_origin(url: str) -> str:
    """scheme://host[:port] of an http(s) URL; ValueError for any other URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"webhook URL must be http:// or https:// with a host, got {url!r}")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def check_settings(retries: int, backoff_s: float, timeout_s: float) -> None:
    if retries < 0 or backoff_s < 0:
        raise ValueError(f"retries and backoff_s must be >= 0, got {retries}, {backoff_s}")
    if timeout_s <= 0:
        raise ValueError(f"timeout_s must be > 0, got {timeout_s}")


# --- email --------------------------------------------------------------------------------


class EmailSink:
    """Send each alert as one plain-text (UTF-8) email over SMTP.

    host, port: the SMTP server. sender: the envelope and From address. recipients: the
    envelope and To addresses (at least one). starttls: upgrade the connection with
    STARTTLS (the server's certificate is verified) before logging in or sending.
    username/password: SMTP AUTH, when a username is given. timeout_s: per socket
    operation, in seconds. One attempt per alert: a retry could deliver twice. A server
    refusing some recipients still delivers to the rest: ok=True, error lists the refused.
    Raises ValueError (when built) for an empty sender or no recipients.
    """

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        recipients: Sequence[str],
        *,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout_s: float = 10.0,
    ) -> None:
        if not sender or not recipients or not all(recipients):
            raise ValueError("EmailSink needs a sender and at least one non-empty recipient")
        self.host, self.port = host, port
        self.sender, self.recipients = sender, list(recipients)
        self.starttls, self.username, self.password = starttls, username, password
        self.timeout_s = timeout_s
        self.name = f"email {host}:{port}"
        self.key = sink_key("email", host, str(port), *sorted(self.recipients))

    def deliver(self, alert: dict) -> Delivery:
        return self.deliver_group([alert])

    def deliver_group(self, alerts: Sequence[dict]) -> Delivery:
        """One message for the group (`group_email`; one alert's own message for one)."""
        try:
            refused = self.send(group_email(alerts, self.sender, self.recipients))
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            return Delivery(self.name, False, 1, describe(exc))
        error = f"recipients refused: {', '.join(sorted(refused))}" if refused else None
        return Delivery(self.name, True, 1, error)

    def send(self, message: EmailMessage) -> dict:
        """Deliver one message; the recipients the server refused (address -> reply)."""
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username is not None:
                smtp.login(self.username, self.password or "")
            return smtp.send_message(message, self.sender, self.recipients)


def alert_email(alert: dict, sender: str, recipients: Sequence[str]) -> EmailMessage:
    return group_email([alert], sender, recipients)


def group_email(alerts: Sequence[dict], sender: str, recipients: Sequence[str]
                ) -> EmailMessage:
    """One message: one alert's (`email_body`), or a group's (`group_email_body`), its
    subject the first alert's with "(+n related alerts)"."""
    message = EmailMessage()
    message["Subject"] = email_subject(alerts[0]) + more_alerts(alerts)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="flarewatch.watch")
    message.set_content(email_body(alerts[0]) if len(alerts) == 1 else group_email_body(alerts))
    return message


# The subject's word for each notice (`flarewatch.watch.alerts.notice`): none for an opening.
NOTICE_WORDS = {"open": "", "high": "update", "close": "over"}


def email_subject(alert: dict) -> str:
    """"[flarewatch] Escalation: <summary>", on one line (a header cannot hold a newline);
    "Escalation update" for a new high, "Escalation over" for a closing. By the alert's
    `notice` where it has one (what the watch tells, `flarewatch.watch.deliver`), else by
    its state: over once closed, update once changed since it opened."""
    kind = NOTICE_WORDS.get(str(alert.get("notice")), subject_word(alert))
    prefix = SUBJECT_PREFIX if not kind else SUBJECT_PREFIX.replace(":", f" {kind}:", 1)
    return prefix + one_line(str(alert.get("summary") or alert.get("id") or "alert"))


def subject_word(alert: dict) -> str:
    """"over" for a closed alert, "update" for one changed since it opened, else ""."""
    if alert.get("status") == "closed":
        return "over"
    return "update" if alert.get("updated_at") not in (None, alert.get("opened_at")) else ""


def email_body(alert: dict) -> str:
    """The summary, the alert's figures and sources (alert_details), then the alert id."""
    lines = [one_line(str(alert.get("summary") or "")), "", *alert_details(alert), ""]
    return "\n".join([*lines, f"Alert id: {alert.get('id', '?')}", ""])


def group_email_body(alerts: Sequence[dict]) -> str:
    """"n related alerts", then each alert's summary, figures and id, then the sources of
    them all, once each."""
    lines = [f"{len(alerts)} related alerts (one surge, seen on several series):", ""]
    for alert in alerts:
        lines += [one_line(str(alert.get("summary") or "")),
                  *alert_details(alert, sources=False), f"Alert id: {alert.get('id', '?')}", ""]
    return "\n".join([*lines, *source_lines(unique_sources(alerts)), ""])


def unique_sources(alerts: Sequence[dict]) -> list[dict]:
    """The alerts' sources, each document once (by doc_id, else title), in first-seen order."""
    seen: dict[str, dict] = {}
    for alert in alerts:
        for source in alert.get("sources") or []:
            seen.setdefault(str(source.get("doc_id") or source.get("title")), source)
    return list(seen.values())


def alert_details(alert: dict, sources: bool = True) -> list[str]:
    """Text lines on an alert: status, series, figures of the latest alarm week, weeks, and
    (with `sources`) its sources.

    Shared by the email body and the Atom entries. Missing fields read "-".
    """
    series = alert.get("series") or {}
    return [
        f"Status: {text(alert.get('status'))}",
        f"Series: {text(series.get('label'))} ({text(series.get('level'))} "
        f"{text(series.get('key'))}), {text(alert.get('measure'))}",
        f"Observed: {number(alert.get('observed'))}, expected: {number(alert.get('expected'))}"
        f", threshold: {number(alert.get('threshold'))}, score: {number(alert.get('score'))}",
        f"Onset week: {text(alert.get('onset_week'))}, last alarm week: "
        f"{text(alert.get('last_alarm_week'))}, closed week: {text(alert.get('closed_week'))}",
        *(source_lines(alert.get("sources") or []) if sources else []),
    ]


def source_lines(sources: Sequence[dict]) -> list[str]:
    lines = [f"Sources ({len(sources)}):"] if sources else ["Sources: none"]
    lines += [f"- {source_line(source)}" for source in sources[:MAX_SOURCES]]
    extra = len(sources) - MAX_SOURCES
    return lines + ([f"- and {extra} more"] if extra > 0 else [])


def source_line(source: dict) -> str:
    """'title (source) url', each part only where present; the doc id without a title."""
    title = one_line(str(source.get("title") or source.get("doc_id") or "untitled"))
    outlet = f" ({one_line(str(source['source']))})" if source.get("source") else ""
    url = f" {source['url']}" if source.get("url") else ""
    return title + outlet + url


def number(value: object) -> str:
    """Counts as they are, rates with two decimals, "-" for a missing value."""
    if isinstance(value, float):
        return f"{value:.2f}"
    return text(value)


def text(value: object) -> str:
    return "-" if value is None or value == "" else str(value)


def one_line(value: str) -> str:
    return " ".join(value.split())
