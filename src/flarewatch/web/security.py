"""Security headers on every response, and requests refused unless addressed to an allowed host.

`SecurityMiddleware` is a pure ASGI middleware that the app puts outside everything else,
500 handler included, so API answers, static files, the dashboard, /docs, problems and
404s all carry the same headers:

- `Content-Security-Policy`: pages load scripts, styles, images and data from this server
  only, and no inline script or style (`PAGE_POLICY`); anything else (JSON, CSV, files)
  may load nothing (`RESOURCE_POLICY`). Both forbid framing (`frame-ancestors 'none'`).
- `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`, `Referrer-Policy: no-referrer`,
  `Cross-Origin-Opener-Policy` and `Cross-Origin-Resource-Policy: same-origin`.

The headers and values follow the OWASP Secure Headers Project and the OWASP REST Security
Cheat Sheet ("Security headers"). A route may set one of them itself; it is then kept.

The Host check follows RFC 9110 section 7.2 (a request lacking Host, or naming a host the
server does not serve, gets 400): a page on another site whose name a DNS rebinding attack
points at 127.0.0.1 still sends its own name as Host, so it cannot read this API.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flarewatch.web.problems import problem_response

PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
               "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
RESOURCE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
HOST_HEADER = re.compile(r"\[(?P<ipv6>[0-9a-f:.]+)\](?::[0-9]*)?|(?P<name>[^:\[\]@/]*)(?::[0-9]*)?")
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def security_headers(content_type: str) -> dict[str, str]:
    """The headers a response of `content_type` gets: the page CSP for HTML, else the strict one."""
    is_page = content_type.split(";")[0].strip().lower() == "text/html"
    return {"Content-Security-Policy": PAGE_POLICY if is_page else RESOURCE_POLICY,
            **COMMON_HEADERS}


def add_security_headers(message: Message) -> None:
    """Add the security headers to an `http.response.start` message, keeping any already set."""
    headers = MutableHeaders(scope=message)
    for name, value in security_headers(headers.get("content-type", "")).items():
        headers.setdefault(name, value)


def host_name(host_header: str) -> str:
    """The name in a Host header, lower case, without port, brackets or final dot; "" when
    the header is not `host[:port]` (RFC 9110 section 7.2, RFC 3986 section 3.2.2).

    `Example.org:8000` -> `example.org`; `[::1]:8000` -> `::1`; `[::1]x` -> "".
    """
    match = HOST_HEADER.fullmatch(host_header.strip().lower())
    if match is None:
        return ""
    return (match["ipv6"] or match["name"]).rstrip(".")


def host_pattern(setting: str) -> str:
    """An `allowed_hosts` entry as `name_allowed` compares it: a name, a bare IPv6 address
    (`::1`, as a setting or a bind address may give it) or a `*` pattern."""
    value = setting.strip().lower()
    if value.startswith("*") or (value.count(":") > 1 and not value.startswith("[")):
        return value
    return host_name(value)


def name_allowed(name: str, allowed: frozenset[str]) -> bool:
    """Whether `name` is allowed; `*` allows any, `*.example.org` its subdomains."""
    if not name:
        return False
    if "*" in allowed or name in allowed:
        return True
    return any(pattern.startswith("*.") and name.endswith(pattern[1:]) for pattern in allowed)


def host_allowed(host_header: str, allowed: frozenset[str]) -> bool:
    """Whether the Host header names an allowed host (`allowed` made by `host_pattern`)."""
    return name_allowed(host_name(host_header), allowed)


class SecurityMiddleware:
    """Refuses requests to other hosts with a 400 problem; adds the security headers to all."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(host_pattern(pattern) for pattern in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                add_security_headers(message)
            await send(message)

        host = Headers(scope=scope).get("host", "")
        if host_allowed(host, self.allowed):
            await self.app(scope, receive, send_secured)
            return
        response = problem_response(Request(scope), 400, "Invalid host header",
                                    "this server does not answer for that Host "
                                    "(see FLAREWATCH_ALLOWED_HOSTS)")
        await response(scope, receive, send_secured)
