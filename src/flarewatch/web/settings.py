"""The web app's settings: one table of (name, default, help), read from the environment.

Every setting has an environment variable `FLAREWATCH_<NAME>`; `WebSettings.from_env()`
reads them, and tests build a `WebSettings(...)` directly or change one with `replace()`.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, fields
from typing import TypeVar

from flarewatch.ingest import MAX_TEXT_CHARS
from flarewatch.pipeline import DEFAULT_PIPELINE, get_stage

T = TypeVar("T")

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
LISTS = frozenset({"stages", "allowed_hosts"})
# Counts and sizes: at least 1, except the queue of waiting extractions and the response
# cache, which may be 0.
POSITIVE = ("max_body_bytes", "max_documents", "page_size", "max_page_size", "max_text_chars",
            "worker_threads")
AT_LEAST_ZERO = ("max_waiting_extractions", "response_cache_mib")
STAGE_NAME = re.compile("[a-z_]+")


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the OS tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def setting(default: T, help: str) -> T:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class WebSettings:
    api_token: str | None = setting(
        None, "Bearer token that POST /documents, /fuse/split and /fuse/merge require; unset "
              "means they are off.")
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
    response_cache_mib: int = setting(
        64, "MiB of GET /events and /stats/timeseries responses each server process keeps "
            "for identical requests while the store is unchanged (0: none; a SQLite "
            "database in memory has none).")
    worker_threads: int = setting(
        usable_cpus(), "Requests each server process answers at once, each in a worker thread "
                       "(default: the CPUs this process may use). More threads than cores "
                       "only contend for Python's lock: 20 clients at 1,000,000 events on 2 "
                       "cores were answered at 110-134 requests/s by 40 threads, 170-210 by 1 "
                       "or 2 (bench/bench_web.py). With PostgreSQL on another machine, more "
                       "threads keep it busy.")
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

    def __post_init__(self) -> None:
        """ValueError naming the variable and the reason for the first invalid setting,
        so that `flarewatch serve` refuses to start rather than fail at each request."""
        for name in POSITIVE:
            check_count(name, getattr(self, name), least=1)
        for name in AT_LEAST_ZERO:
            check_count(name, getattr(self, name), least=0)
        if self.min_relevance is not None:
            check_relevance(self.min_relevance)
        if not self.allowed_hosts:
            raise invalid("allowed_hosts", "must name at least one host")
        for name in self.stages:
            check_stage(name)


def variable(name: str) -> str:
    return f"FLAREWATCH_{name.upper()}"


def invalid(name: str, reason: str) -> ValueError:
    return ValueError(f"{variable(name)} {reason}")


def check_count(name: str, value: object, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        kind = "a positive integer" if least == 1 else f"an integer of at least {least}"
        raise invalid(name, f"must be {kind}, not {value!r}")


def check_relevance(value: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= 1):
        raise invalid("min_relevance", f"must be from 0 to 1, not {value!r}")


def check_stage(name: str) -> None:
    """ValueError unless `name` is a pipeline stage (`flarewatch.pipeline.get_stage`)."""
    try:
        if not STAGE_NAME.fullmatch(name):
            raise KeyError(name)
        get_stage(name)
    except (ImportError, KeyError):
        raise invalid("stages", f"names an unknown stage {name!r}") from None


def parse_setting(name: str, raw: str) -> object:
    """The value of `FLAREWATCH_<NAME>` = `raw`; ValueError naming the variable."""
    if name in LISTS:
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if name == "api_token":
        return raw or None
    if name == "min_relevance":
        return parse_relevance(raw)
    try:
        return int(raw)
    except ValueError:  # also more digits than int() reads
        raise invalid(name, f"must be an integer, not {raw[:40]!r}") from None


def parse_relevance(raw: str) -> float | None:
    """A relevance threshold, 0..1; empty means none. ValueError when not one."""
    if not raw.strip():
        return None
    try:
        value = float(raw)
    except ValueError:
        raise invalid("min_relevance", f"must be from 0 to 1, not {raw[:40]!r}") from None
    check_relevance(value)
    return value


def settings_help() -> dict[str, str]:
    """Setting name -> help text (for docs and the test that every setting is documented)."""
    return {spec.name: spec.metadata.get("help", "") for spec in fields(WebSettings)}
