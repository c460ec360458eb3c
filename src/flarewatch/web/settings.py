"""The web app's settings: one table of (name, default, help), read from the environment.

Every setting has an environment variable `FLAREWATCH_<NAME>`; `WebSettings.from_env()`
reads them, and tests build a `WebSettings(...)` directly or change one with `replace()`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import TypeVar

from flarewatch.ingest import MAX_TEXT_CHARS
from flarewatch.pipeline import DEFAULT_PIPELINE

T = TypeVar("T")

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
LISTS = frozenset({"stages", "allowed_hosts"})


def setting(default: T, help: str) -> T:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class WebSettings:
    api_token: str | None = setting(
        None, "Bearer token that POST /documents requires; unset means ingest is off.")
    max_body_bytes: int = setting(
        1_000_000, "Largest request body POST /documents accepts, in bytes.")
    max_documents: int = setting(
        100, "Most documents one POST /documents may carry.")
    page_size: int = setting(50, "Events per page of GET /events when no limit is given.")
    max_page_size: int = setting(
        5000, "Largest `limit` GET /events accepts.")
    stages: tuple[str, ...] = setting(
        DEFAULT_PIPELINE, "Pipeline stages POST /documents runs (comma-separated in env).")
    max_text_chars: int = setting(
        MAX_TEXT_CHARS, "Longest document text POST /documents accepts, in characters (413 "
                        "beyond it, naming the document).")
    max_waiting_extractions: int = setting(
        4, "POST /documents requests that may wait while another one is extracting; one "
           "more is answered 503 with Retry-After.")
    allowed_hosts: tuple[str, ...] = setting(
        LOOPBACK_HOSTS, "Host names requests may be addressed to (comma-separated in env; "
                        "any other Host header gets 400, against DNS rebinding). Loopback "
                        "only by default: with `flarewatch serve --host 0.0.0.0`, add the "
                        "names or addresses clients use, e.g. FLAREWATCH_ALLOWED_HOSTS="
                        "localhost,events.example.org,192.0.2.7; `*.example.org` allows "
                        "subdomains, `*` any host.")
    min_relevance: float | None = setting(
        None, "0..1: POST /documents stores the events of a document only when its relevance "
              "is at least this (the document itself is stored all the same); unset keeps all.")

    @classmethod
    def from_env(cls) -> WebSettings:
        """Defaults, overridden by each `FLAREWATCH_<NAME>` that is set."""
        values: dict[str, object] = {}
        for spec in fields(cls):
            raw = os.environ.get(f"FLAREWATCH_{spec.name.upper()}")
            if raw is not None:
                values[spec.name] = parse_setting(spec.name, raw)
        return cls(**values)  # type: ignore[arg-type]


def parse_setting(name: str, raw: str) -> object:
    if name in LISTS:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if name == "api_token":
        return raw or None
    if name == "min_relevance":
        return parse_relevance(raw)
    return int(raw)


def parse_relevance(raw: str) -> float | None:
    """A relevance threshold, 0..1; empty means none. ValueError when out of range."""
    if not raw.strip():
        return None
    value = float(raw)
    if not 0 <= value <= 1:
        raise ValueError(f"FLAREWATCH_MIN_RELEVANCE must be from 0 to 1, not {raw!r}")
    return value


def settings_help() -> dict[str, str]:
    """Setting name -> help text (for docs and the test that every setting is documented)."""
    return {spec.name: spec.metadata.get("help", "") for spec in fields(WebSettings)}
