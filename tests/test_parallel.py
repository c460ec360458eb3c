"""Extraction in worker processes gives what one process gives, in the same order."""

from __future__ import annotations

import pickle

import pytest

from flarewatch.errors import Errors, InputError
from flarewatch.ingest import read_inputs
from flarewatch.model import Document
from flarewatch.parallel import packed, progress_text, run_parallel, unpacked
from flarewatch.paths import REPO_DIR
from flarewatch.pipeline import DEFAULT_PIPELINE
from flarewatch.serialize import event_to_dict


def sample_documents() -> list[Document]:
    return [item for item in read_inputs([str(REPO_DIR / "samples")], None, 200_000, ())
            if isinstance(item, Document)]


def extracted(workers: int, batch_size: int) -> list[tuple[str, list[dict], float | None]]:
    return [(doc.id, [event_to_dict(event) for event in doc.events], doc.relevance)
            for doc in run_parallel(sample_documents(), DEFAULT_PIPELINE, workers, batch_size)
            if isinstance(doc, Document)]


def test_two_workers_give_what_one_gives() -> None:
    one = extracted(1, 32)
    assert len(one) >= 30 and sum(len(events) for _, events, _ in one) >= 40
    assert extracted(2, 4) == one  # small batches: many in flight, order kept


def test_errors_cross_the_process_boundary_intact() -> None:
    error = InputError("wire.jsonl", Errors.E018, "ValueError: bad", 7, doc_id="d7")
    (back,) = list(unpacked([pickle.loads(pickle.dumps(packed(error)))]))
    assert isinstance(back, InputError) and back.message == error.message


def test_documents_come_back_without_their_parse() -> None:
    doc = Document(id="d1", text="Text.")
    doc.parse = object()
    assert packed(doc).parse is None  # type: ignore[union-attr]


def test_ingest_with_workers_stores_the_same_records(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from flarewatch.cli import app

    def stored(workers: str) -> str:
        db = str(tmp_path / f"w{workers}.db")
        runner = CliRunner()
        done = runner.invoke(app, ["ingest", str(REPO_DIR / "samples"), "--db", db, "-q",
                                   "--workers", workers])
        assert done.exit_code == 0, done.output
        return runner.invoke(app, ["events", "--db", db, "--format", "json"]).stdout

    assert stored("2") == stored("1")


@pytest.mark.parametrize(("done", "total", "rate", "expected"), [
    (0, None, None, "- reports/s, ETA unknown (total not known)"),
    (50, None, 12.34, "12.3 reports/s, ETA unknown (total not known)"),
    (0, 100, None, "- reports/s, ETA unknown (no rate yet)"),
    (0, 100, 0.0, "- reports/s, ETA unknown (no rate yet)"),
    (40, 100, 10.0, "10.0 reports/s, ETA 0:00:06"),
    (99, 100, 3.0, "3.0 reports/s, ETA 0:00:01"),  # a third of a second: rounded up
    (0, 10_000, 2.0, "2.0 reports/s, ETA 1:23:20"),
    (0, 1_000_000, 2.5, "2.5 reports/s, ETA 111:06:40"),
    (100, 100, 7.0, "7.0 reports/s, done"),
    (120, 100, 7.0, "7.0 reports/s, done"),  # more than announced (a rerun's skips)
])
def test_progress_text(done: int, total: int | None, rate: float | None,
                       expected: str) -> None:
    assert progress_text(done, total, rate) == expected
