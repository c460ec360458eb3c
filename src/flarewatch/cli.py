"""The `flarewatch` command line (the contract: `../shared/spec/CONTRACT.md`, beside the
repository): extract, geoparse, timex, evaluate, ingest, backfill, events, export, serve,
gazetteer, fuse, corrections, watch."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from flarewatch.errors import (
    Errors,
    FlarewatchError,
    FusionError,
    InputError,
    InputWarning,
    Warnings,
    printable,
)
from flarewatch.ingest import MAX_TEXT_CHARS, read_inputs
from flarewatch.model import Document
from flarewatch.pipeline import DEFAULT_PIPELINE, failure
from flarewatch.serialize import event_to_dict, place_to_dict, timex_to_dict

if TYPE_CHECKING:
    from flarewatch.storage import IngestReport, Store

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help=__doc__, pretty_exceptions_enable=False
)
gazetteer_app = typer.Typer(no_args_is_help=True, help="The offline gazetteer index.")
app.add_typer(gazetteer_app, name="gazetteer")
fuse_app = typer.Typer(no_args_is_help=True,
                       help="An analyst's fusion decisions: split a source off, merge two records.")
app.add_typer(fuse_app, name="fuse")
corrections_app = typer.Typer(no_args_is_help=True, help="The analysts' fusion decisions.")
app.add_typer(corrections_app, name="corrections")

EXIT_SKIPPED = 3
BATCH_SIZE = 32  # documents parsed together; memory holds about one batch

Files = Annotated[list[str], typer.Argument(help="Files, folders, or - for JSONL on stdin.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
Strict = Annotated[bool, typer.Option("--strict", help="Stop at the first unreadable input.")]
def usage_error(code: Errors, detail: str) -> typer.BadParameter:
    """The usage error (exit 2) of a refused option value: its code, then its reason."""
    return typer.BadParameter(f"{code.name} {code.value.format(detail=detail)}")


def accepted(raw: str, check: Callable[[str], object], code: Errors,
             refusals: tuple[type[Exception], ...]) -> str:
    """`raw` as written where `check(raw)` raises none of `refusals`; else usage error
    `code` naming it."""
    try:
        check(raw)
    except refusals:
        raise usage_error(code, repr(raw)) from None
    return raw


def iso_day(raw: str) -> str:
    """Parse a YYYY-MM-DD option naming a real day (E031 otherwise); kept as written."""
    return accepted(raw, dt.date.fromisoformat, Errors.E031, (ValueError,))


DateOption = Annotated[
    str | None,
    typer.Option("--date", parser=iso_day, metavar="YYYY-MM-DD",
                 help="Date for inputs that carry none (YYYY-MM-DD)."),
]
MaxChars = Annotated[
    int,
    typer.Option("--max-chars", envvar="FLAREWATCH_MAX_CHARS", min=1, max=100_000_000,
                 help="Longest text extracted, in characters; longer ones are refused (E014)."),
]
def codec_name(raw: str) -> str:
    """An --encoding option naming a Python codec (E038 otherwise); kept as written."""
    return accepted(raw, codecs.lookup, Errors.E038, (LookupError,))


EncodingOption = Annotated[
    str | None,
    typer.Option("--encoding", parser=codec_name, metavar="CODEC",
                 help="Encoding of input files without a byte-order mark (e.g. cp1252) "
                      "[UTF-8; an HTML page's declared one]."),
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="FLAREWATCH_DB", help="Database path or URL [./flarewatch.db]."),
]


def relevance_threshold(raw: str) -> float:
    """Parse `--min-relevance`: a number from 0 to 1 (E030 otherwise)."""
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 <= value <= 1:
        raise usage_error(Errors.E030, repr(raw))
    return value


MinRelevance = Annotated[
    float | None,
    typer.Option(
        "--min-relevance", envvar="FLAREWATCH_MIN_RELEVANCE", parser=relevance_threshold,
        metavar="0..1",
        help="Store a document's events only when its relevance is at least this "
             "(every document is stored all the same; unscored ones keep their events).",
    ),
]


class InputRun:
    """Reads inputs lazily, reports each bad one on stderr as it comes, and counts what
    was skipped (the exit status is 3 when anything was)."""

    def __init__(self, strict: bool, max_chars: int = MAX_TEXT_CHARS,
                 encoding: str | None = None):
        self.strict, self.max_chars, self.encoding = strict, max_chars, encoding
        self.skipped, self.stopped = 0, False

    def documents(self, files: list[str], date: str | None,
                  skip: Iterable[Path] = ()) -> Iterator[Document]:
        """The good documents; with --strict, none after the first bad input (those
        read before it are still processed)."""
        default_date = dt.date.fromisoformat(date) if date else None
        undated: set[str] = set()
        for item in read_inputs(files, default_date, self.max_chars, skip, self.encoding):
            if isinstance(item, InputWarning):
                typer.echo(f"flarewatch: {item.message}", err=True)
            elif isinstance(item, InputError):
                self.report(item)
            else:
                self.warn_undated(item, undated)
                yield item
            if self.stopped:
                return

    def warn_undated(self, doc: Document, warned: set[str]) -> None:
        """W004 on stderr for the first document of a file that has no date (its relative
        dates stay unresolved), once a file."""
        path, line = doc.origin or ("<input>", None)
        if doc.date is None and path not in warned:
            warned.add(path)
            warning = InputWarning(path, Warnings.W004, "", line, doc_id=doc.id)
            typer.echo(f"flarewatch: {warning.message}", err=True)

    def report(self, error: InputError) -> None:
        self.report_line(error.message)
        self.stopped = self.strict

    def report_line(self, message: str) -> None:
        self.skipped += 1
        typer.echo(f"flarewatch: {message}", err=True)

    def extracted(self, docs: Iterable[Document], stages: Iterable[str],
                  workers: int = 1) -> Iterator[Document]:
        """The documents run through the stages, each in its own error boundary: one
        that fails is reported (E018) and the others go on; in `workers` processes."""
        from flarewatch.parallel import run_parallel

        for item in run_parallel(docs, stages, workers, BATCH_SIZE):
            if isinstance(item, InputError):
                self.report(item)
            else:
                yield item

    def finish(self) -> None:
        if self.skipped:
            typer.echo(f"flarewatch: {self.skipped} input(s) skipped", err=True)
            raise typer.Exit(EXIT_SKIPPED)


def processed(
    inputs: InputRun, docs: Iterable[Document], stages: Iterable[str], quiet: bool, label: str,
    workers: int = 1,
) -> Iterator[Document]:
    """The documents run through the stages, with a running count, the reports per second,
    the ETA (when the documents are a sized collection; read from files they are a stream
    of unknown length, which the line says) and the time elapsed on a terminal."""
    from collections.abc import Sized

    total = len(docs) if isinstance(docs, Sized) else None
    results = inputs.extracted(docs, stages, workers)
    if quiet or not sys.stderr.isatty():
        yield from results
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description} {task.completed} reports"),
               reports_per_second(), TimeElapsedColumn())
    with Progress(*columns, transient=True, console=_stderr_console()) as progress:
        task = progress.add_task(label, total=total)
        for doc in results:
            progress.advance(task)
            yield doc


def reports_per_second():  # type: ignore[no-untyped-def]
    """A progress column: the recent rate and the ETA, "12.3 reports/s, ETA 0:01:05"
    (`parallel.progress_text`)."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    from flarewatch.parallel import progress_text

    class ReportsPerSecond(ProgressColumn):
        def render(self, task):  # type: ignore[no-untyped-def]
            total = None if task.total is None else int(task.total)
            return Text(progress_text(int(task.completed), total, task.speed))

    return ReportsPerSecond()


def _stderr_console():  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=True)


def write_lines(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command()
def extract(
    files: Files,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write JSONL here.")] = None,
    date: DateOption = None,
    quiet: Quiet = False,
    strict: Strict = False,
    max_chars: MaxChars = MAX_TEXT_CHARS,
    encoding: EncodingOption = None,
) -> None:
    """Events of the input documents, one JSON object a line."""
    inputs = InputRun(strict, max_chars, encoding)
    if output is not None:
        refuse_overwriting(output, [Path(name) for name in files if name != "-"])
    docs = inputs.documents(files, date, skip=[output] if output else [])
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    for doc in processed(inputs, docs, DEFAULT_PIPELINE, quiet, "extracting"):
        write_lines((event_to_dict(event) for event in doc.events), out)
    if output:
        out.close()
    inputs.finish()


@app.command()
def geoparse(files: Files, date: DateOption = None, quiet: Quiet = False, strict: Strict = False,
             max_chars: MaxChars = MAX_TEXT_CHARS, encoding: EncodingOption = None):
    """Every toponym and demonym of each document with its span, kind and resolution."""
    _per_document(files, date, InputRun(strict, max_chars, encoding), quiet, ["parse", "places"],
                  _places_row)


@app.command()
def timex(files: Files, date: DateOption = None, quiet: Quiet = False, strict: Strict = False,
          max_chars: MaxChars = MAX_TEXT_CHARS, encoding: EncodingOption = None):
    """Every time expression of each document, resolved against its date."""
    _per_document(files, date, InputRun(strict, max_chars, encoding), quiet,
                  ["parse", "places", "timexes"], _timexes_row)


def _places_row(doc: Document) -> dict[str, Any]:
    named = sorted(doc.places + doc.demonyms, key=lambda place: place.start)
    return {"doc_id": doc.id, "places": [place_to_dict(p, with_span=True) for p in named]}


def _timexes_row(doc: Document) -> dict[str, Any]:
    return {"doc_id": doc.id, "timexes": [timex_to_dict(t) for t in doc.timexes]}


def _per_document(
    files: list[str], date: str | None, inputs: InputRun, quiet: bool, stages: list[str],
    row: Callable[[Document], dict[str, Any]],
) -> None:
    docs = processed(inputs, inputs.documents(files, date), stages, quiet, stages[-1])
    write_lines((row(doc) for doc in docs), sys.stdout)
    inputs.finish()


@app.command()
def evaluate(
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Gold file (shared eval/SCORING.md).")
    ] = None,
    fusion: Annotated[Path | None, typer.Option(
        "--fusion", help="Fusion set (JSONL as shared data/fusion/README.md): cluster its "
        "mentions, print MUC, B3, CEAF-e and CoNLL F1.")] = None,
    predictions: Annotated[Path | None, typer.Option(
        "--predictions", help="With --fusion: write the reports here, each mention with "
        "its predicted_cluster.")] = None,
    fusion_mode: Annotated[str | None, typer.Option(
        "--fusion-mode", help="With --fusion: 'event' (ECB+ events, the default) or "
        "'incident' (conflict incidents, eval/fusion/).")] = None,
    table: Annotated[bool, typer.Option("--table", help="A readable table, not JSON.")] = False,
) -> None:
    """Score extraction against a gold file (--gold), or event fusion against a fusion
    set (--fusion); print the metrics. Exactly one of --gold and --fusion."""
    if gold is not None and fusion is None:
        if predictions is not None or fusion_mode is not None:
            raise typer.BadParameter("only with --fusion",
                                     param_hint="'--predictions' / '--fusion-mode'")
        from flarewatch.evaluation.gate import evaluate_gold, render_table

        try:
            result = evaluate_gold(gold)
        except (OSError, KeyError, ValueError, TypeError) as error:  # not a gold file
            raise typer.BadParameter(f"{gold}: {type(error).__name__}: {error}",
                                     param_hint="'--gold'") from None
        typer.echo(render_table(result) if table else json.dumps(result, indent=2))
        return
    if fusion is None or gold is not None:
        raise typer.BadParameter("give exactly one of --gold and --fusion",
                                 param_hint="'--gold' / '--fusion'")
    from flarewatch.evaluation.fusion import evaluate_fusion, render_fusion

    try:
        scores = evaluate_fusion(fusion, predictions, fusion_mode or "event")
    except ValueError as error:  # a malformed fusion set (the line is named)
        raise typer.BadParameter(str(error), param_hint="'--fusion'") from None
    except OSError as error:
        raise typer.BadParameter(str(error)) from None
    typer.echo(render_fusion(scores) if table else json.dumps(scores, indent=2))


@app.command()
def ingest(
    files: Files, db: DbOption = None, date: DateOption = None, quiet: Quiet = False,
    strict: Strict = False, min_relevance: MinRelevance = None,
    max_chars: MaxChars = MAX_TEXT_CHARS,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, max=256,
        help="Extract in this many processes (output identical to 1).")] = 1,
    encoding: EncodingOption = None,
) -> None:
    """Extract events from the inputs and store them; known documents are skipped."""
    from flarewatch.storage import open_store

    inputs = InputRun(strict, max_chars, encoding)
    with open_store(db) as store:
        run = StoreRun(store, min_relevance)
        fresh = run.unknown(inputs.documents(files, date, skip=database_files(store)))
        for doc in processed(inputs, fresh, DEFAULT_PIPELINE, quiet, "ingesting", workers):
            run.keep(doc, inputs)
        summary = run.summary()
    typer.echo(summary, err=True)
    inputs.finish()


def refuse_overwriting(output: Path, inputs: list[Path]) -> None:
    """A usage error (E033) when `output` is one of the files read."""
    if output.exists() and any(path.is_file() and path.samefile(output) for path in inputs):
        raise usage_error(Errors.E033, str(output))


def database_files(store: Store) -> list[Path]:
    """The SQLite file of a store (never read as input), none for a server database."""
    name = store.engine.url.database
    return [Path(name)] if store.engine.dialect.name == "sqlite" and name else []


class StoreRun:
    """Stores documents one by one, each in its own transaction and error boundary, and
    counts what happened for the closing line."""

    def __init__(self, store: Store, min_relevance: float | None):
        from flarewatch.storage import IngestReport

        self.store, self.min_relevance = store, min_relevance
        self.report, self.known, self.seen = IngestReport(), 0, set[str]()
        self.events_before = store.count_events()

    def unknown(self, docs: Iterable[Document]) -> Iterator[Document]:
        """The documents whose text is neither stored nor met earlier in this run."""
        from flarewatch.storage import content_hash

        for doc in docs:
            digest = content_hash(doc.text)
            if digest in self.seen or self.store.has_document(digest):
                self.known += 1
            else:
                self.seen.add(digest)
                yield doc

    def keep(self, doc: Document, inputs: InputRun) -> None:
        """Store one document; a failure is reported (E019) and the run goes on."""
        try:
            self.store.add_document(doc, self.report, self.min_relevance)
        except Exception as error:  # noqa: BLE001 - one line per failed document
            inputs.report(failure(doc, Errors.E019, error))

    def summary(self) -> str:
        return ingest_summary(self.report, self.known, self.events_before,
                              self.store.count_events(), self.min_relevance,
                              self.store.count_fused())


def ingest_summary(
    report: IngestReport, known: int, before: int, total: int, min_relevance: float | None,
    fused: int | None = None,
) -> str:
    """The line `ingest` ends with: documents added, replaced (same id, new text) and
    already stored; events stored, removed with replaced versions, and in the database;
    with --min-relevance, how many documents fell below; the fused records (one per
    incident, contract "Fused events") when fusion joined events (`fused` < `total`)."""
    below = ""
    if min_relevance is not None:
        below = (f"; {report.documents_below_relevance} document(s) below relevance "
                 f"{min_relevance:g}, their events not stored")
    known += report.documents_skipped_duplicate
    added = report.documents_added - report.documents_replaced
    removed = max(before + report.events_added - total, 0)
    replaced = ""
    if report.documents_replaced:
        replaced = (f", {report.documents_replaced} replaced by a new text of the same id "
                    f"({removed} event(s) of the old versions removed)")
    fused_part = f", {fused} fused record(s)" if fused is not None and fused < total else ""
    return (f"{added} document(s) added{replaced}, {known} already stored, "
            f"{report.events_added} event(s) added{below}; {total} event(s) in the "
            f"database{fused_part}")


def event_query(
    country: str | None, event_type: str | None, since: str | None, until: str | None,
    near: str | None, limit: int | None, fused: bool = True,
):  # type: ignore[no-untyped-def]
    """The filters as an EventQuery; `fused`: fused records, else per-document events."""
    from flarewatch.storage import EventQuery

    point = near_point(near) if near else None
    if since and until and since > until:  # both YYYY-MM-DD (iso_day): text order is date order
        raise usage_error(Errors.E042, f"{since} > {until}")
    return EventQuery(
        country=country.upper() if country else None,
        event_type=event_type.upper() if event_type else None,
        since=dt.date.fromisoformat(since) if since else None,
        until=dt.date.fromisoformat(until) if until else None,
        near=point,
        limit=limit,
        fused=fused,
    )


def near_point(raw: str) -> tuple[float, float, float]:
    """`LAT,LON,KM` as three finite numbers in the API's bounds
    (`storage.query.near_in_bounds`); E032 otherwise."""
    from flarewatch.storage.query import near_in_bounds

    try:
        point = tuple(float(part) for part in raw.split(","))
    except ValueError:
        point = ()
    if len(point) != 3 or not all(map(math.isfinite, point)) or not near_in_bounds(*point):
        raise usage_error(Errors.E032, repr(raw))
    return point  # type: ignore[return-value]


def country_code(raw: str) -> str:
    """A `--country` value: three letters, any case (the API's `^[A-Z]{3}$` once upper
    cased); E039 otherwise, naming the code where the value is a country's name or
    alpha-2 code (`pycountry`: "Kenya" -> KEN)."""
    if len(raw) == 3 and raw.isascii() and raw.isalpha():
        return raw
    from flarewatch.geo.lookup import alpha3_hint

    raise usage_error(Errors.E039, repr(raw) + alpha3_hint(raw))


def plover_type(raw: str) -> str:
    """A `--type` value: one of the 16 PLOVER types, any case; E041 otherwise."""
    from flarewatch.model import PLOVER_TYPES

    if raw.upper() in PLOVER_TYPES:
        return raw
    raise usage_error(Errors.E041, f"{raw!r} (one of {', '.join(PLOVER_TYPES)})")


Country = Annotated[str | None, typer.Option("--country", parser=country_code,
                                             help="ISO alpha-3 code, e.g. UKR.")]
EventType = Annotated[str | None, typer.Option("--type", parser=plover_type,
                                               help="PLOVER event type, e.g. ASSAULT.")]
Since = Annotated[str | None, typer.Option("--since", parser=iso_day, help="YYYY-MM-DD")]
Until = Annotated[str | None, typer.Option("--until", parser=iso_day, help="YYYY-MM-DD")]
Near = Annotated[str | None, typer.Option("--near", parser=lambda raw: near_point(raw) and raw,
                                          help="LAT,LON,KM")]
Limit = Annotated[int | None, typer.Option("--limit", min=0, max=2**31 - 1,
                                           help="At most this many events.")]

# `sources`: how many documents' events a fused record holds (1 for a document's event).
TABLE_COLUMNS = ("date", "event", "mode", "actor", "recipient", "place", "dead", "sources",
                 "event_text")
# The CSV of `events --format csv`: the table's columns with the whole toll beside "dead".
CSV_COLUMNS = ("id", *(name for column in TABLE_COLUMNS for name in (
    (column, "injured", "arrested") if column == "dead" else (column,))))


PerDocument = Annotated[bool, typer.Option(
    "--per-document", help="The events of each document, not the fused records.")]
Explain = Annotated[str | None, typer.Option(
    "--explain", metavar="ID",
    help="Why fused record ID joined its sources (readable, or --format json); no query.")]


@app.command()
def events(
    db: DbOption = None, country: Country = None, event_type: EventType = None,
    since: Since = None, until: Until = None, near: Near = None, limit: Limit = None,
    output_format: Annotated[str, typer.Option("--format", help="table, json or csv")] = "table",
    per_document: PerDocument = False, explain: Explain = None,
) -> None:
    """Query stored events: fused records, or each document's events (--per-document).

    A fused record is one incident however many documents report it; in JSON it carries
    `sources` and `size_range`. --explain ID prints why a record's events were fused
    instead; an unknown ID is one E050 line, exit status 1."""
    from flarewatch.storage import open_store

    if explain is not None:
        explain_record(db, explain, output_format)
        return
    query = event_query(country, event_type, since, until, near, limit, not per_document)
    with open_store(db, must_exist=True) as store:
        rows = [event_to_dict(event) for event in store.query_events(query)]
    if output_format == "json":
        write_lines(rows, sys.stdout)
    elif output_format == "csv":
        write_csv(rows, sys.stdout)
    elif output_format == "table":
        print_table(rows)
    else:
        raise typer.BadParameter(f"unknown format {output_format!r}: table, json or csv")


def explain_record(db: str | None, fused_id: str, output_format: str) -> None:
    """Print `store.explain(fused_id)`: one JSON line with --format json, else readable."""
    from flarewatch.storage import open_store

    if output_format not in ("table", "json"):
        raise typer.BadParameter("--explain prints table or json", param_hint="'--format'")
    with open_store(db, must_exist=True) as store, fusion_errors():
        found = store.explain(fused_id)
    if output_format == "json":
        write_lines([found], sys.stdout)
    else:
        typer.echo("\n".join(explanation_lines(found)))


def explanation_lines(found: dict[str, Any]) -> Iterator[str]:
    """The readable --explain: the record, its sources (document, event, date, title)
    and its scored pairs, best first, each against the threshold with the parts that held."""
    sources, threshold = found["sources"], found["threshold"]
    yield f"{found['id']}: {len(sources)} source(s); events fuse at a score of {threshold:g}"
    for source in sources:
        yield (f"  {source['doc_id']}  {source['event_id']}  {source['date'] or 'undated'}"
               f"  {source['title'] or ''}").rstrip()
    if not found["pairs"]:
        yield "one source: nothing was fused"
        return
    yield "pairs, best first:"
    doc_of = {source["event_id"]: source["doc_id"] for source in sources}
    yield from (pair_line(pair, doc_of, threshold, found["weights"]) for pair in found["pairs"])


def pair_line(pair: dict[str, Any], doc_of: dict[str, str], threshold: float,
              weights: dict[str, float]) -> str:
    """One pair: `a1 ev-.. ~ a2 ev-..: score 2.3 >= 1.2; for: words 1, ...; against: ...`
    (the parts of `data/fusion/ingest_weights.tsv` that held, with their values), or the analyst's
    decision that binds it. Below the threshold, the pair stayed in through the record's
    average link (`flarewatch.fusion.agglomerate`)."""
    ends = " ~ ".join(f"{doc_of.get(pair[key], '?')} {pair[key]}" for key in ("a", "b"))
    if pair.get("decision"):
        return f"  {ends}: an analyst's {pair['decision']}"
    relation = ">=" if pair["score"] >= threshold else "<"
    line = f"  {ends}: score {pair['score']:g} {relation} {threshold:g}"
    if relation == "<":
        line += " (kept by the average over the record's pairs)"
    return line + weighed_parts(pair["parts"], weights)


def weighed_parts(parts: dict[str, float], weights: dict[str, float]) -> str:
    """"; for: words 1, same_place 1; against: toll_conflict 1": the parts that held, by
    the sign of their weight (the explanation's `weights`, from
    `data/fusion/ingest_weights.tsv`; README, "Fusion": what each part means)."""
    signs = {name: weights.get(name, 0.0) >= 0 for name in parts}
    held = ", ".join(f"{name} {value:g}" for name, value in parts.items() if signs[name])
    against = ", ".join(f"{name} {value:g}" for name, value in parts.items() if not signs[name])
    return f"; for: {held or 'nothing'}" + (f"; against: {against}" if against else "")


@contextmanager
def fusion_errors() -> Iterator[None]:
    """A FusionError (E050 no such record, E051 not a source or its only one, E052 merged
    with itself) as one line on stderr, exit status 1 - as `main` ends any FlarewatchError."""
    try:
        yield
    except FusionError as error:
        stop_with(str(error))


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    def code(entity: dict[str, Any] | None) -> str:
        return " ".join(filter(None, [(entity or {}).get(k) for k in ("code", "sector")]))

    return {
        "date": row["date"] or "", "event": row["event"], "mode": row["mode"] or "",
        "actor": code(row["actor"]), "recipient": code(row["recipient"]),
        "place": (row["event_loc"] or {}).get("name") or "",
        "dead": row["size"]["dead"] if row["size"]["dead"] is not None else "",
        "sources": len(row.get("sources") or []) or 1,
        "event_text": row["event_text"],
    }


def write_csv(rows: list[dict[str, Any]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in rows:
        tolls = {status: "" if row["size"][status] is None else row["size"][status]
                 for status in ("injured", "arrested")}
        writer.writerow({"id": row["id"], **flat_row(row), **tolls})


def print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("id", *TABLE_COLUMNS)  # the id --explain and `fuse` take
    for row in rows:
        table.add_row(row["id"], *(str(value) for value in flat_row(row).values()))
    # Piped output has no terminal width; rich would cut every column to fit 80.
    Console(width=None if sys.stdout.isatty() else 180).print(table)
    typer.echo(f"{len(rows)} event(s)")


@app.command()
def backfill(
    files: Files,
    out: Annotated[Path, typer.Option("--out", help="Folder of the partitioned Parquet output.")],
    db: DbOption = None, date: DateOption = None, strict: Strict = False,
    local_cluster: Annotated[int | None, typer.Option(
        "--local-cluster", min=1, max=256, metavar="N",
        help="Start N worker processes on this machine (default: one per CPU).")] = None,
    dask: Annotated[str | None, typer.Option(
        "--dask", metavar="SCHEDULER", help="Use this Dask scheduler (tcp://host:8786).")] = None,
    partition_size: Annotated[int, typer.Option(
        "--partition-size", min=1, max=1_000_000, help="Reports per partition.")] = 1000,
    no_load: Annotated[bool, typer.Option(
        "--no-load", help="Only write the Parquet files; store nothing.")] = False,
    min_relevance: MinRelevance = None, max_chars: MaxChars = MAX_TEXT_CHARS,
    encoding: EncodingOption = None,
) -> None:
    """Extract a large backlog on Dask workers into partitioned Parquet (OUT/documents and
    OUT/events, by year and month), then load it into the store (fused as at ingest).

    A rerun skips the partitions already written and loaded, and redoes one a failure
    left half-written."""
    from flarewatch.backfill.run import backfill as run_backfill
    from flarewatch.backfill.run import local_client

    if local_cluster is not None and dask is not None:
        raise typer.BadParameter("E036 " + Errors.E036.value)
    inputs = InputRun(strict, max_chars, encoding)
    client = dask_client(dask) if dask else local_client(local_cluster or cpu_count())
    with client, open_store_unless(no_load, db) as store:
        report = run_backfill(inputs.documents(files, date), out, client,
                              size=partition_size, store=store, min_relevance=min_relevance)
    for line in report.errors:
        inputs.report_line(line)
    typer.echo(backfill_summary(report, out), err=True)
    inputs.finish()


def dask_client(address: str) -> Any:
    from distributed import Client

    return Client(address)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0))


@contextmanager
def open_store_unless(no_load: bool, db: str | None) -> Iterator[Store | None]:
    if no_load:
        yield None
        return
    from flarewatch.storage import open_store

    with open_store(db) as store:
        yield store


def backfill_summary(report: Any, out: Path) -> str:
    text = (f"{report.partitions} partition(s), {report.skipped} already written; "
            f"{report.documents} document(s) and {report.events} event(s) extracted "
            f"into {out}")
    if report.loaded:
        text += (f"; {report.loaded} partition(s) loaded: {report.stored_documents} "
                 f"document(s), {report.stored_events} event(s) added")
    return text


Settings = Annotated[list[str] | None, typer.Option(
    "--set", metavar="NAME=VALUE", help="Override a watch setting (data/watch/settings.tsv).")]
Webhooks = Annotated[list[str] | None, typer.Option(
    "--webhook", metavar="URL", help="POST each new or changed alert here as JSON.")]
MailTo = Annotated[list[str] | None, typer.Option(
    "--mail-to", metavar="ADDRESS", help="Email each new or changed alert here (--smtp).")]


@app.command()
def watch(
    db: DbOption = None, since: Since = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", parser=iso_day,
        help="Look back: the alerts as of this day (nothing stored or sent).")] = None,
    backtest: Annotated[Path | None, typer.Option(
        "--backtest", metavar="WEEKLY.csv", help="Run over a weekly series file instead.")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output",
        help="--backtest: write the alarms (CSV) here (default: alarms.csv).")] = None,
    export_series: Annotated[Path | None, typer.Option(
        "--export-series", metavar="WEEKLY.csv",
        help="Write the store's weekly series (the --backtest format, with signals).")] = None,
    period: Annotated[str, typer.Option(
        "--period", help="--export-series: week (the default) or day")] = "week",
    detector: Annotated[str | None, typer.Option(
        "--detector", help="farrington (the default), cusum, pelt, mean3sd or no-change")] = None,
    settings: Settings = None, webhook: Webhooks = None,
    smtp: Annotated[str | None, typer.Option(
        "--smtp", metavar="HOST:PORT", help="SMTP server for the email sink.")] = None,
    mail_from: Annotated[str, typer.Option("--mail-from")] = "flarewatch@localhost",
    mail_to: MailTo = None,
    output_format: Annotated[str, typer.Option(
        "--format", help="table, or json (one alert a line)")] = "table",
) -> None:
    """Escalation alerts from the stored records: one per onset on a series (country,
    admin1, dyad, type family), stored, printed, and sent to the sinks when new or changed.

    --backtest WEEKLY.csv -o ALARMS.csv runs the detector over a weekly series file (the
    form of ../shared/data/watch/weekly.csv) as if live instead, one row per alarm.
    Exit status 1 when a delivery to a sink failed (the next run retries it)."""
    from flarewatch.watch import command

    if output_format not in ("table", "json"):
        raise typer.BadParameter(f"unknown format {output_format!r}: table or json")
    try:
        chosen = command.settings_from(settings or [], detector)
        sinks = watch_sinks(webhook or [], smtp, mail_from, mail_to or [], chosen)
    except (command.UsageError, ValueError) as error:
        raise typer.BadParameter(str(error)) from None
    if backtest is not None:
        count = command.backtest(backtest, output or Path("alarms.csv"), chosen)
        typer.echo(f"{count} alarms ({chosen.detector}) written to {output or 'alarms.csv'}",
                   err=True)
        return
    day = dt.date.fromisoformat
    if export_series is not None:
        try:
            exported = command.export_report(db, export_series, day(as_of) if as_of else None,
                                             period)
        except command.UsageError as error:
            raise typer.BadParameter(str(error)) from None
        typer.echo(command.export_line(exported, export_series, period), err=True)
        return
    report, deliveries = command.watch_store(
        db, chosen, since=day(since) if since else None, as_of=day(as_of) if as_of else None,
        sinks=sinks)
    for alert in report.alerts:
        typer.echo(command.json_line(alert) if output_format == "json" else
                   command.alert_line(alert))
    typer.echo(watch_summary(report, deliveries), err=True)
    if any(not delivery.ok for delivery in deliveries):
        raise typer.Exit(1)  # a cron job sees it; the next run retries the delivery


def watch_sinks(webhooks: list[str], smtp: str | None, sender: str, recipients: list[str],
                settings: Any) -> list[Any]:
    from flarewatch.watch.sinks import EmailSink, WebhookSink

    try:
        sinks: list[Any] = [WebhookSink(url, retries=settings.webhook_retries,
                                        backoff_s=settings.webhook_backoff_s,
                                        timeout_s=settings.webhook_timeout_s)
                            for url in webhooks]
    except ValueError as error:
        raise ValueError(f"E037 {Errors.E037.value.format(detail=error)}") from None
    if recipients and smtp is None:
        raise ValueError("E035 " + Errors.E035.value.format(detail="nothing (--mail-to needs it)"))
    if smtp is not None:
        host, _, port = smtp.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError("E035 " + Errors.E035.value.format(detail=repr(smtp)))
        sinks.append(EmailSink(host, int(port), sender, recipients or [sender],
                               starttls=smtp_starttls(), username=smtp_user(),
                               password=os.environ.get("FLAREWATCH_SMTP_PASSWORD"),
                               timeout_s=settings.webhook_timeout_s))
    return sinks


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def smtp_starttls() -> bool:
    return os.environ.get("FLAREWATCH_SMTP_STARTTLS", "").lower() in ("1", "true", "yes")


def smtp_user() -> str | None:
    return os.environ.get("FLAREWATCH_SMTP_USER") or None


def watch_summary(report: Any, deliveries: list[Any]) -> str:
    failed = [d for d in deliveries if not d.ok]
    text = (f"{plural(len(report.alerts), 'alert')} ({len(report.new)} new, "
            f"{len(report.changed)} changed) over {plural(report.series, 'series', 'series')}"
            f" of {plural(report.records, 'record')}")
    if report.coarse:
        text += (f"; {plural(report.coarse, 'record')} dated only to a month or year left "
                 "out of the weeks")
    if report.undated:
        text += f"; {plural(report.undated, 'record')} without a date left out"
    if deliveries:
        text += f"; {len(deliveries) - len(failed)} of {len(deliveries)} deliveries made"
    return text + "".join(f"\n  {d.sink}: {d.error}" for d in failed)


@app.command()
def export(
    output_format: Annotated[
        str, typer.Option("--format", help="plover-jsonl, acled-csv, geojson or parquet")
    ],
    output: Annotated[
        str, typer.Option("-o", "--output", help="File to write; - or none: standard output.")
    ] = "-",
    db: DbOption = None, country: Country = None, event_type: EventType = None,
    since: Since = None, until: Until = None, per_document: PerDocument = False,
) -> None:
    """Write stored events in an exchange format, to a file or standard output: fused
    records (one per incident), or each document's events (--per-document)."""
    from flarewatch.exports import FORMATS
    from flarewatch.exports import export as write_export
    from flarewatch.storage import open_store

    if output_format not in FORMATS:
        raise typer.BadParameter(f"unknown format {output_format!r}: {', '.join(FORMATS)}")
    if output == "-" and output_format == "parquet" and sys.stdout.isatty():
        raise typer.BadParameter("parquet is binary: give -o FILE or pipe the output")
    query = event_query(country, event_type, since, until, None, None, not per_document)
    with open_store(db, must_exist=True) as store:
        if output != "-":
            refuse_overwriting(Path(output), database_files(store))
    seen = [0]
    with open_store(db, must_exist=True) as store, export_target(output) as path:
        written = write_export(counted(store.query_events(query), seen), output_format, path)
    reason = getattr(FORMATS[output_format], "leaves_out", "that the format does not write")
    left = f" ({seen[0] - written} left out: {reason})" if seen[0] > written else ""
    typer.echo(f"{written} event(s) written to {output if output != '-' else 'stdout'}{left}",
               err=True)


def counted(items: Iterable[Any], seen: list[int]) -> Iterator[Any]:
    """The items, counting them into `seen[0]` as they pass (an export may leave some out:
    GeoJSON writes only events with a point; the exporter's `leaves_out` says which)."""
    for item in items:
        seen[0] += 1
        yield item


@contextmanager
def export_target(output: str) -> Iterator[Path]:
    """The path an exporter writes to: `output`, or for `-` a temporary file that is
    then copied to standard output (every exporter writes files; Parquet must seek)."""
    if output != "-":
        yield Path(output)
        return
    with tempfile.TemporaryDirectory(prefix="flarewatch-export-") as folder:
        path = Path(folder) / "events"
        yield path
        sys.stdout.flush()
        with path.open("rb") as written:
            shutil.copyfileobj(written, sys.stdout.buffer)
        sys.stdout.buffer.flush()


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.",
                                      min=0, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, max=256,
        help="Server processes sharing the port (about one per core).")] = 1,
) -> None:
    """The REST API and the dashboard (loopback only unless --host says otherwise).

    An invalid FLAREWATCH_* setting is printed as one line, exit status 2."""
    from flarewatch.web import WebSettings
    from flarewatch.web import serve as serve_web

    try:
        WebSettings.from_env()
    except ValueError as error:
        typer.echo(f"flarewatch: {printable(str(error))}", err=True)
        raise typer.Exit(2) from None
    from flarewatch.storage import resolve_url
    from flarewatch.storage.store import missing_sqlite_file

    if missing_sqlite_file(resolve_url(db)):  # a typo, or a new store to fill over the API
        typer.echo(f"flarewatch: no database at {resolve_url(db)}: a new, empty one is "
                   "created", err=True)
    typer.echo(f"flarewatch dashboard: http://{host}:{port}/", err=True)
    serve_web(db, host=host, port=port, workers=workers)


Note = Annotated[str | None, typer.Option("--note", help="Why, kept with the decision.")]


@fuse_app.command("split")
def fuse_split(
    fused_id: Annotated[str, typer.Argument(metavar="ID", help="A fused record's id.")],
    source: Annotated[str, typer.Option("--source", metavar="DOC",
                                        help="The document id to split off.")],
    note: Note = None, db: DbOption = None,
) -> None:
    """Keep document DOC's events apart from fused record ID, now and in later fusion;
    print the fused ids they and the rest end in, one a line. E050/E051: one line, exit 1."""
    from flarewatch.storage import open_store

    with open_store(db, must_exist=True) as store, fusion_errors():
        typer.echo("\n".join(store.split(fused_id, source, note)))


@fuse_app.command("merge")
def fuse_merge(
    first: Annotated[str, typer.Argument(metavar="ID", help="A fused record's id.")],
    second: Annotated[str, typer.Argument(metavar="ID", help="Another fused record's id.")],
    note: Note = None, db: DbOption = None,
) -> None:
    """Keep fused records ID and ID together, now and in later fusion; print the fused
    ids after (one unless a split decision keeps some apart). E050/E052: one line, exit 1."""
    from flarewatch.storage import open_store

    with open_store(db, must_exist=True) as store, fusion_errors():
        typer.echo("\n".join(store.merge(first, second, note)))


@corrections_app.command("export")
def corrections_export(
    output: Annotated[
        str, typer.Option("-o", "--output", help="File to write; - or none: standard output.")
    ] = "-",
    db: DbOption = None,
) -> None:
    """Write every record an analyst split or merged as fusion gold: JSONL, one line per
    document, in the format of ../shared/data/fusion/README.md (`flarewatch evaluate
    --fusion FILE --fusion-mode incident` scores fusion against it)."""
    from flarewatch.storage import open_store

    with open_store(db, must_exist=True) as store:
        if output != "-":
            refuse_overwriting(Path(output), database_files(store))
        lines = list(store.corrections())
    if output == "-":
        write_lines(lines, sys.stdout)
    else:
        with Path(output).open("w", encoding="utf-8") as out:
            write_lines(lines, out)
    typer.echo(f"{len(lines)} document(s) written to {output if output != '-' else 'stdout'}",
               err=True)


@gazetteer_app.command("build")
def gazetteer_build(
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if cached.")] = False,
) -> None:
    """Build the offline gazetteer index (once; cached)."""
    from flarewatch.geo import build_index

    typer.echo(str(build_index(force=force)))


@gazetteer_app.command("lookup")
def gazetteer_lookup(
    name: str, limit: Annotated[int, typer.Option("--limit")] = 10
) -> None:
    """Candidate places for a name, best first."""
    from flarewatch.geo import lookup

    write_lines((place_to_dict(place) or {} for place in lookup(name, limit)), sys.stdout)


def main() -> None:
    """The command line; a deliberate error, a file that cannot be written (E040) or a
    database that fails under a command (E020) ends it with one line and status 1."""
    import sqlalchemy as sa

    try:
        app()
    except BrokenPipeError:  # `flarewatch export | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except FlarewatchError as error:
        stop_with(str(error))
    except OSError as error:
        stop_with(f"E040 {Errors.E040.value.format(detail=oserror_text(error))}")
    except sa.exc.SQLAlchemyError as error:
        cause = str(getattr(error, "orig", None) or error).strip().splitlines() or [""]
        stop_with(f"E020 {Errors.E020.value.format(detail=cause[0])}")


def stop_with(message: str) -> None:
    typer.echo(f"flarewatch: {printable(message)}", err=True)
    sys.exit(1)


def oserror_text(error: OSError) -> str:
    return f"{error.filename}: {error.strerror}" if error.filename else str(error.strerror or error)
