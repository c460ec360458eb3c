"""The worker threads of a server process: those answering reads, and the one for writes.

FastAPI runs each plain (`def`) route in a thread of anyio's default pool, 40 threads
unless told otherwise. On a 2-core machine 20 concurrent clients of `GET /events` at
1,000,000 events were answered at 110-134 requests/s by 40 threads and at 170-210 by 1 or
2 (bench/bench_web.py, server CPU per request 11 -> 6-7 ms): threads beyond the cores
only contend for Python's lock. `use_worker_threads` sizes the pool to
`WebSettings.worker_threads` (the usable CPUs by default).

Writes (`POST /documents`, `/fuse/split`, `/fuse/merge`) run in a thread of their own,
one at a time (`in_write_thread`), so that a long extraction, and the requests waiting
behind it, never hold a thread the reads need. SQLite takes one writer at a time anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request

T = TypeVar("T")


def use_worker_threads(count: int) -> None:
    """Size the running event loop's default thread pool to `count` threads (call it in
    the app's lifespan, on the server's loop)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = count


def add_write_thread(app: FastAPI) -> None:
    """The one-at-a-time limiter of writes, kept on `app.state.write_thread`."""
    app.state.write_thread = anyio.CapacityLimiter(1)


async def in_write_thread(request: Request, func: Callable[..., T], *args: Any) -> T:
    """`func(*args)` in the app's write thread, after the writes before it."""
    limiter: anyio.CapacityLimiter = request.app.state.write_thread
    return await anyio.to_thread.run_sync(partial(func, *args), limiter=limiter)
