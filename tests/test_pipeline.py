"""The pipeline's error boundaries: a document that fails or runs too long costs no other."""

from __future__ import annotations

import gc
import time
import weakref

import pytest

from flarewatch import pipeline
from flarewatch.errors import InputError
from flarewatch.model import Document


@pytest.fixture
def slow_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stage after the parse that loops for ever on a document whose text says 'loop'
    (as a rule caught in a loop on odd text would), and passes any other."""

    def looping(doc: Document) -> Document:
        while "loop" in doc.text:
            time.sleep(0.01)
        return doc

    monkeypatch.setitem(pipeline._REGISTRY, "looping", looping)


@pytest.mark.parametrize(("seconds", "ids"), [("0.3", ["a", "c"]), ("junk", ["a", "c"])])
def test_a_document_past_its_time_limit_is_e018_and_the_others_go_on(
    slow_stage: None, monkeypatch: pytest.MonkeyPatch, seconds: str, ids: list[str],
) -> None:
    monkeypatch.setenv("FLAREWATCH_DOC_SECONDS", seconds)
    if seconds == "junk":  # not a number: the default limit, shortened here to keep it quick
        monkeypatch.setattr(pipeline, "DOC_SECONDS", 0.3)
    docs = [Document("a", "fine"), Document("b", "loop"), Document("c", "fine too")]
    items = list(pipeline.run_each(docs, ["parse", "looping"]))
    assert [item.id for item in items if isinstance(item, Document)] == ids
    (error,) = [item for item in items if isinstance(item, InputError)]
    assert error.error.name == "E018" and "took longer than 0.3 s" in error.message
    assert error.doc_id == "b"


def test_a_stage_s_one_time_load_is_not_counted_in_the_first_document_s_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loads: list[float] = []

    def load() -> None:  # a gazetteer built on first use: longer than a document may take
        if not loads:
            time.sleep(0.5)
        loads.append(time.monotonic())

    monkeypatch.setenv("FLAREWATCH_DOC_SECONDS", "0.3")
    monkeypatch.setitem(pipeline._REGISTRY, "loading", lambda doc: doc)
    monkeypatch.setitem(pipeline._PREPARE, "loading", load)
    docs = [Document("a", "first"), Document("b", "second")]
    items = list(pipeline.run_each(docs, ["parse", "loading"], batch_size=1))
    assert [item.id for item in items if isinstance(item, Document)] == ["a", "b"]
    assert len(loads) == 2  # asked once per batch, loaded (slowly) once


def test_a_failed_one_time_load_is_raised_not_blamed_on_a_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def load() -> None:
        raise OSError("cache folder not writable")

    monkeypatch.setitem(pipeline._REGISTRY, "loading", lambda doc: doc)
    monkeypatch.setitem(pipeline._PREPARE, "loading", load)
    with pytest.raises(OSError, match="not writable"):
        list(pipeline.run_each([Document("a", "text")], ["parse", "loading"]))


def test_the_gazetteer_stages_name_its_load() -> None:
    from flarewatch.geo.index import load_gazetteer

    pipeline.prepare(["places", "locations"])
    assert pipeline._PREPARE["places"] is pipeline._PREPARE["locations"] is load_gazetteer


def test_the_limit_leaves_no_timer_behind(slow_stage: None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    monkeypatch.setenv("FLAREWATCH_DOC_SECONDS", "5")
    list(pipeline.run_each([Document("a", "fine")], ["parse", "looping"]))
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)


def test_no_limit_off_the_main_thread() -> None:
    import threading

    seen: list[bool] = []

    def probe() -> None:
        with pipeline.time_limit(0.01):
            time.sleep(0.05)
            seen.append(True)

    worker = threading.Thread(target=probe)
    worker.start()
    worker.join()
    assert seen == [True]


def test_a_program_timer_is_left_alone(slow_stage: None,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    def handler(_signum: int, _frame: object) -> None:
        raise AssertionError("the program's timer fired during the test")

    monkeypatch.setenv("FLAREWATCH_DOC_SECONDS", "5")
    previous = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 30)
        list(pipeline.run_each([Document("a", "fine")], ["parse", "looping"]))
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # still running, not cancelled
        assert signal.getsignal(signal.SIGALRM) is handler  # and still the program's
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_after_the_first_batch_the_heap_is_frozen_and_documents_are_still_freed() -> None:
    """`settle_heap`: what the first batch loaded leaves the collector's reach, once; a
    document alive then is freed when dropped (documents make no reference cycle)."""
    gc.unfreeze()
    pipeline.settle_heap.cache_clear()
    docs = list(pipeline.run_many([Document("a", "Rebels shelled the town on Monday.")]))
    assert gc.get_freeze_count() > 0
    kept = weakref.ref(docs[0])
    del docs
    assert kept() is None
