"""The backfill: partitions on a LocalCluster (127.0.0.1, no dashboard), Parquet, loading;
the same records as `ingest`, reruns that redo only what a failure left."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed.diagnostics.plugin import WorkerPlugin
from typer.testing import CliRunner

from flarewatch.backfill.partitions import marker, partitions, written_files
from flarewatch.backfill.records import document_from_json, document_json
from flarewatch.backfill.run import backfill, local_client
from flarewatch.cli import app
from flarewatch.ingest import read_inputs
from flarewatch.model import Document
from flarewatch.paths import REPO_DIR
from flarewatch.pipeline import DEFAULT_PIPELINE, run_many
from flarewatch.storage import open_store

SAMPLES = str(REPO_DIR / "samples")


def sample_documents() -> list[Document]:
    return [item for item in read_inputs([SAMPLES], None, 200_000, ())
            if isinstance(item, Document)]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with local_client(2) as started:
        yield started


def test_closing_the_local_client_closes_the_cluster_it_started() -> None:
    with local_client(1) as started:
        cluster = started.cluster
        assert started.submit(sum, [1, 2]).result() == 3
    assert cluster.status.name == "closed"  # no scheduler nor worker left running


def stored_records(db: str) -> list[dict]:
    runner = CliRunner()
    fused = runner.invoke(app, ["events", "--db", db, "--format", "json"]).stdout
    each = runner.invoke(app, ["events", "--db", db, "--format", "json",
                               "--per-document"]).stdout
    return [json.loads(line) for line in (fused + each).splitlines()]


def test_annotated_documents_round_trip_through_json() -> None:
    for doc in run_many(sample_documents()):
        doc.parse, doc.origin = None, None
        assert document_from_json(document_json(doc)) == doc


@pytest.mark.parametrize(("count", "size", "sizes"), [(5, 2, [2, 2, 1]), (4, 4, [4]),
                                                      (0, 3, [])])
def test_partitions_are_cut_in_order(count: int, size: int, sizes: list[int]) -> None:
    docs = [Document(id=f"d{i}", text=f"Text {i}.") for i in range(count)]
    cut = list(partitions(docs, size))
    assert [len(p.documents) for p in cut] == sizes
    assert [p.name for p in cut] == [p.name for p in partitions(docs, size)]
    assert len({p.name for p in cut}) == len(cut)


def test_backfill_stores_what_ingest_stores(client: Any, tmp_path: Path) -> None:
    ingested, filled = str(tmp_path / "ingest.db"), str(tmp_path / "backfill.db")
    assert CliRunner().invoke(app, ["ingest", SAMPLES, "--db", ingested, "-q"]).exit_code == 0
    with open_store(filled) as store:
        report = backfill(sample_documents(), tmp_path / "out", client, size=8, store=store)
    assert report.partitions == 5 and report.errors == [] and report.loaded == 5
    assert stored_records(filled) == stored_records(ingested)
    events = sorted((tmp_path / "out" / "events").glob("year=*/month=*/part-*.parquet"))
    assert events and all(path.stat().st_size > 0 for path in events)


def test_a_rerun_redoes_only_a_broken_partition(client: Any, tmp_path: Path) -> None:
    out, db = tmp_path / "out", str(tmp_path / "b.db")
    docs = sample_documents()
    with open_store(db) as store:
        first = backfill(docs, out, client, size=8, store=store)
        before = stored_records(db)
        broken = next(partitions(docs, 8)).name  # as a killed worker leaves it
        for path in written_files(out, "documents", broken):
            path.write_bytes(b"half")
        marker(out, "done", broken).unlink()
        marker(out, "loaded", broken).unlink()
        again = backfill(docs, out, client, size=8, store=store)
        unchanged = backfill(docs, out, client, size=8, store=store)
    assert (again.skipped, again.documents, again.loaded) == (4, 8, 1)
    assert again.stored_documents == 0  # its documents were stored: nothing twice
    assert (unchanged.skipped, unchanged.documents, unchanged.loaded) == (5, 0, 0)
    assert first.stored_documents == len(docs)
    assert stored_records(db) == before


def test_the_command_line(tmp_path: Path) -> None:
    db, out = str(tmp_path / "c.db"), str(tmp_path / "out")
    done = CliRunner().invoke(app, ["backfill", SAMPLES, "--out", out, "--db", db,
                                    "--local-cluster", "1", "--partition-size", "20"])
    assert done.exit_code == 0, done.output
    assert "2 partition(s), 0 already written" in done.stderr
    extracted = re.search(r"(\d+) document\(s\) and (\d+) event\(s\) extracted", done.stderr)
    assert extracted is not None and extracted[1] == "33", done.stderr
    assert f"33 document(s), {extracted[2]} event(s) added" in done.stderr  # all it extracted
    refused = CliRunner().invoke(app, ["backfill", SAMPLES, "--out", out, "--local-cluster",
                                       "1", "--dask", "tcp://127.0.0.1:1"])
    assert refused.exit_code == 2 and "E036" in refused.output
    shutil.rmtree(out)


def extract_then_die(out: Path, doomed: str) -> None:
    """In a process of its own: extract the sample partitions in order, as a worker does,
    and kill the process (SIGKILL, no cleanup) once the first month file of partition
    `doomed` is written: the partitions before it done, it half-written, none after."""
    import flarewatch.backfill.worker as worker

    real = worker.write_month

    def write_then_die(folder: Path, name: str, month: tuple[int, int], docs: list) -> int:
        written = real(folder, name, month, docs)
        if name == doomed:
            os.kill(os.getpid(), signal.SIGKILL)
        return written

    worker.write_month = write_then_die
    for partition in partitions(sample_documents(), 8):
        worker.extract_partition(partition, out, DEFAULT_PIPELINE)


def parquet_ids(out: Path, kind: str) -> list[str]:
    """The ids in every Parquet file of `kind` (`documents`, `events`), repeats kept."""
    import pyarrow.parquet as pq

    return [value for path in sorted((out / kind).glob("year=*/month=*/part-*.parquet"))
            for value in pq.read_table(path, columns=["id"]).column("id").to_pylist()]


def test_a_killed_workers_partition_is_redone_on_rerun(client: Any, tmp_path: Path) -> None:
    out, db = tmp_path / "out", str(tmp_path / "k.db")
    docs = sample_documents()
    doomed = list(partitions(docs, 8))[2].name
    worker = multiprocessing.get_context("spawn").Process(
        target=extract_then_die, args=(out, doomed))
    worker.start()
    worker.join(timeout=600)
    assert worker.exitcode == -signal.SIGKILL
    assert written_files(out, "events", doomed) and not marker(out, "done", doomed).exists()
    with open_store(db) as store:
        rerun = backfill(docs, out, client, size=8, store=store)
        stored = (store.count_documents(), store.count_events())
    assert (rerun.skipped, rerun.loaded, rerun.errors) == (2, 5, [])
    documents, events = parquet_ids(out, "documents"), parquet_ids(out, "events")
    assert sorted(documents) == sorted(doc.id for doc in docs)  # each once
    assert len(events) == len(set(events)) == stored[1] > 0
    assert stored[0] == len(docs)
    per_document = [row["id"] for row in stored_records(db) if "sources" not in row]
    assert sorted(per_document) == sorted(events)


class KillOnce(WorkerPlugin):
    """A Dask worker plugin: in each worker process (restarted ones too), partition
    `doomed` kills its worker (SIGKILL) after its first month file, while `flag` exists
    (removed by the kill: the retry of the task goes through)."""

    def __init__(self, doomed: str, flag: Path):
        self.doomed, self.flag = doomed, flag

    def setup(self, worker: Any) -> None:
        import flarewatch.backfill.worker as module

        real, doomed, flag = module.write_month, self.doomed, self.flag

        def write_then_die(folder: Path, name: str, month: tuple[int, int],
                           docs: list) -> int:
            written = real(folder, name, month, docs)
            if name == doomed and flag.exists():
                flag.unlink()
                os.kill(os.getpid(), signal.SIGKILL)
            return written

        module.write_month = write_then_die


def test_a_worker_killed_mid_partition_is_replaced_and_the_partition_redone(
        tmp_path: Path) -> None:
    out, flag = tmp_path / "out", tmp_path / "armed"
    docs = sample_documents()
    doomed = list(partitions(docs, 8))[1].name
    flag.touch()
    with local_client(2) as own:
        own.register_plugin(KillOnce(doomed, flag), name="kill-once")
        report = backfill(docs, out, own, size=8)
    assert not flag.exists()  # a worker was killed
    assert (report.partitions, report.documents, report.errors) == (5, len(docs), [])
    events = parquet_ids(out, "events")
    assert sorted(parquet_ids(out, "documents")) == sorted(doc.id for doc in docs)
    assert len(events) == len(set(events)) == report.events > 0
