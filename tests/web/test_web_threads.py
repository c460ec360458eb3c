"""web.threads: the read pool sized by `worker_threads`, writes in a thread apart."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from web_samples import TEST_HOSTS, TOKEN

from flarewatch.web import WebSettings, create_app
from flarewatch.web.settings import usable_cpus

AUTH = {"Authorization": f"Bearer {TOKEN}"}
RECORD = {"id": "new-1", "text": "Troops shelled the town on Monday.", "date": "2024-03-04",
          "title": "t", "source": "s"}


def read_pool_size(client: TestClient) -> int:
    """The default thread limiter's size on the app's own event loop."""
    assert client.portal is not None
    return client.portal.call(
        lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)


@pytest.mark.parametrize("count", [1, 3])
def test_the_read_pool_has_worker_threads(db_path: str, count: int) -> None:
    settings = WebSettings(worker_threads=count, allowed_hosts=TEST_HOSTS)
    with TestClient(create_app(db_path, settings)) as client:
        assert read_pool_size(client) == count
        assert client.get("/events").status_code == 200


def test_worker_threads_default_to_the_usable_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    assert WebSettings().worker_threads == usable_cpus() >= 1
    monkeypatch.setenv("FLAREWATCH_WORKER_THREADS", "5")
    assert WebSettings.from_env().worker_threads == 5


@pytest.mark.parametrize("raw", ["0", "-2", "two"])
def test_bad_worker_threads_are_refused(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAREWATCH_WORKER_THREADS", raw)
    with pytest.raises(ValueError, match="FLAREWATCH_WORKER_THREADS"):
        WebSettings.from_env()


def test_reads_are_answered_while_an_extraction_runs(
        db_path: str, slow_extraction: tuple[threading.Event, threading.Event]
) -> None:
    """With one read thread, a slow POST /documents does not take it."""
    started, release = slow_extraction
    app = create_app(db_path, WebSettings(api_token=TOKEN, stages=(), worker_threads=1,
                                          allowed_hosts=TEST_HOSTS))
    with TestClient(app) as client:
        writer, posted = in_background(
            lambda: client.post("/documents", json=RECORD, headers=AUTH))
        assert started.wait(timeout=30)
        reader, read = in_background(lambda: client.get("/events"))
        reader.join(timeout=20)
        answered_first = bool(read)  # before the extraction is let go
        release.set()
        writer.join(timeout=30)
        reader.join(timeout=30)
    assert answered_first and read[0].status_code == 200
    assert posted[0].status_code == 201, posted[0].text


def in_background(call: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """A started thread running `call`, and the list its answer is appended to."""
    answers: list[Any] = []
    thread = threading.Thread(target=lambda: answers.append(call()))
    thread.start()
    return thread, answers
