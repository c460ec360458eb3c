"""POST /documents: extract events from posted records and store them.

Off unless an API token is configured; the body is read up to a size limit, parsed as
strict JSON, validated as the contract's JSONL record shape (one object or a list of
them, each record of a list alone), ids unique, each text checked against
`max_text_chars`; then extracted in a worker thread, one request at a time, with at most
`max_waiting_extractions` queued (503 beyond). A record refused, and a document whose
extraction or storing fails, is reported in the reply's `failed` list and costs no other.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from flarewatch.errors import Errors, InputError
from flarewatch.ingest import document_from_record
from flarewatch.model import Document
from flarewatch.pipeline import failure, run_each
from flarewatch.storage.store import IngestReport, Store
from flarewatch.web.filters import NO_CONTROLS
from flarewatch.web.problems import Problem, problem_doc
from flarewatch.web.routes import settings_of
from flarewatch.web.settings import WebSettings
from flarewatch.web.threads import in_write_thread

router = APIRouter()

# Refused in ids and dates: control characters (NO_CONTROLS); in texts: NUL, which
# PostgreSQL cannot store in text and SQLite's LIKE reads as the end of a string.
NO_NUL = r"^[^\x00]*$"
MAX_JSON_DEPTH = 4  # a list of records of strings nests 2 deep
RETRY_AFTER_SECONDS = 10
DIGITS = re.compile("[0-9]+")


class DocumentIn(BaseModel):
    """One input record, as a line of the contract's JSONL input."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=500, pattern=NO_CONTROLS)
    text: str = Field(min_length=1, pattern=NO_NUL)
    date: str | None = Field(None, description="YYYY-MM-DD or an ISO datetime",
                             max_length=100, pattern=NO_CONTROLS)
    url: str | None = Field(None, pattern=NO_NUL)
    title: str | None = Field(None, pattern=NO_NUL)
    source: str | None = Field(None, pattern=NO_NUL)
    language: str | None = Field(None, max_length=100, pattern=NO_CONTROLS)


BEARER = HTTPBearer(auto_error=False, description="the server's FLAREWATCH_API_TOKEN")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


def require_token(settings: Annotated[WebSettings, Depends(settings_of)],
                  credentials: Credentials) -> None:
    check_token(settings, credentials, "POST /documents", "Ingest disabled")


def check_token(settings: WebSettings, credentials: HTTPAuthorizationCredentials | None,
                routes: str, title: str) -> None:
    """Problem 403 (`title`) when the server has no API token, so `routes` are off; 401
    with `WWW-Authenticate: Bearer` unless the request's bearer token is the server's."""
    if not settings.api_token:
        raise Problem(403, title,
                      f"{routes}: off while the server has no FLAREWATCH_API_TOKEN")
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode("utf-8"), settings.api_token.encode("utf-8")):
        raise Problem(401, "Unauthorized", "send the API token as `Authorization: Bearer ...`",
                      headers={"WWW-Authenticate": "Bearer"})


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    # ASCII digits only, few enough for int(): "²".isdigit() is true, int("²") fails.
    if DIGITS.fullmatch(declared) and (len(declared) > 15 or int(declared) > limit):
        raise too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise too_large(limit)
    return bytes(body)


def too_large(limit: int) -> Problem:
    return Problem(413, "Request body too large", f"at most {limit} bytes")


def parse_records(body: bytes, settings: WebSettings) -> tuple[list[Document], list[Any]]:
    """The posted records as Documents, and the refused ones of a list (`[{"id",
    "reason"}]`): nothing good is lost for a bad neighbour, each record of a list is
    checked alone. Problem 400 (not JSON), 422 (too many records, an id posted twice, a
    single record not of the record shape, or no record of a list valid) or 413 (a single
    record's text over `max_text_chars`)."""
    loaded = load_json(body)
    if not isinstance(loaded, list):
        return [checked(valid_record(loaded), settings)], []
    if not 1 <= len(loaded) <= settings.max_documents:
        raise Problem(422, "Invalid document count",
                      f"send 1 to {settings.max_documents} documents")
    docs, refused = [], []
    for position, item in enumerate(loaded, 1):
        try:
            docs.append(checked(valid_record(item), settings))
        except Problem as problem:
            refused.append(refused_entry(item, position, problem))
    check_unique_ids(docs)
    if not docs:
        raise Problem(422, "Invalid document", f"{len(refused)} record(s) refused",
                      failed=refused)
    return docs, refused


def valid_record(item: Any) -> DocumentIn:
    """One record of the contract's shape; Problem 422 with where and why otherwise."""
    try:
        return DocumentIn.model_validate(item)
    except ValidationError as error:
        raise Problem(422, "Invalid document", f"{error.error_count()} validation error(s)",
                      errors=validation_errors(error)) from error


def checked(record: DocumentIn, settings: WebSettings) -> Document:
    check_text_length(record, settings.max_text_chars)
    return as_document(record, settings.max_text_chars)


def refused_entry(item: Any, position: int, problem: Problem) -> dict[str, Any]:
    """`{"id", "reason"}` of a refused record: its id where it has a usable one, else its
    place in the list ("#2"); the reason never echoes the posted text."""
    posted = item.get("id") if isinstance(item, dict) else None
    usable = isinstance(posted, str) and 0 < len(posted) <= 500 and posted.isprintable()
    where = [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in problem.extra.get("errors", [])]
    return {"id": posted if usable else f"#{position}",
            "reason": "; ".join(where) or problem.detail or problem.title}


def check_unique_ids(records: list[Document]) -> None:
    """Problem 422 naming the first id posted twice: the second would replace the first."""
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise Problem(422, "Duplicate document id",
                          f"{record.id}: posted more than once in this request")
        seen.add(record.id)


def load_json(body: bytes) -> Any:
    """The body as JSON (RFC 8259); Problem 400 when it is not, when it holds NaN,
    Infinity or a number too large for a float (not JSON, though Python reads them), or
    nests deeper than MAX_JSON_DEPTH."""
    try:
        value = json.loads(body, parse_constant=refuse_constant, parse_float=finite_float)
    except RecursionError as error:
        raise too_deep() from error
    except ValueError as error:  # also UnicodeDecodeError and too long an integer
        raise Problem(400, "Malformed JSON", str(error)) from error
    if nests_deeper(value, MAX_JSON_DEPTH):
        raise too_deep()
    return value


def refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is too large a number")
    return value


def nests_deeper(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than `limit` deep in `value` (no recursion)."""
    todo = [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            if depth == limit:
                return True
            todo.extend((child, depth + 1) for child in item)
    return False


def too_deep() -> Problem:
    return Problem(400, "Malformed JSON", f"nested more than {MAX_JSON_DEPTH} deep")


def validation_errors(error: ValidationError) -> list[dict[str, Any]]:
    """Where and why, without the input values: a problem never echoes the posted text."""
    return [{"loc": list(item["loc"]), "msg": item["msg"], "type": item["type"]}
            for item in error.errors(include_url=False, include_input=False)]


def check_text_length(record: DocumentIn, limit: int) -> None:
    if len(record.text) > limit:
        raise Problem(413, "Document text too long",
                      f"{record.id}: {len(record.text):,} characters; at most {limit:,}")


def as_document(record: DocumentIn, max_chars: int) -> Document:
    found = document_from_record(record.model_dump(exclude_none=True), "request", 1, max_chars)
    if isinstance(found, InputError):
        reason = found.error.value.format(detail=found.detail)
        raise Problem(422, "Invalid document", f"{record.id}: {found.error.name} {reason}")
    return found


class ExtractionGate:
    """One extraction at a time, and at most `waiting` requests queued behind it.

    The spaCy pipeline is not meant to be shared by threads, hence the lock (writes also
    run one at a time in the app's write thread, `web.threads`). Each waiting request
    holds its body in memory, so the queue is bounded: one request more is refused with
    503 and Retry-After (RFC 9110 sections 15.6.4 and 10.2.3) rather than left to pile up.
    """

    def __init__(self, waiting: int) -> None:
        self.lock = threading.Lock()
        self.limit = waiting + 1  # the one extracting, and those waiting
        self.admitted = 0
        self.counting = threading.Lock()

    @contextmanager
    def admit(self) -> Iterator[None]:
        """Counts the request in while the block runs; Problem 503 when the queue is full."""
        with self.counting:
            if self.admitted >= self.limit:
                raise Problem(503, "Extraction busy",
                              f"{self.limit - 1} request(s) already wait; retry later",
                              headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
            self.admitted += 1
        try:
            yield
        finally:
            with self.counting:
                self.admitted -= 1


def extract_and_store(store: Store, docs: list[Document], settings: WebSettings,
                      lock: threading.Lock) -> dict[str, Any]:
    """Run the settings' stages over `docs` holding `lock`, then store each; the report:
    the `IngestReport` counts, `documents` (`[{"id", "status", "events"}]` in posted order,
    status `added`, `replaced` or `duplicate`; `events` the ids stored) and `failed`
    (`[{"id", "reason"}]`: E018 extraction failed, E019 cannot be stored).

    A database that cannot answer at all (sqlalchemy's OperationalError) is raised, not
    reported per document: the route answers 503.
    """
    with lock:
        extracted = in_posted_order(docs, run_each(docs, settings.stages))
    total, stored, failed = IngestReport(), [], []
    for item in extracted:
        outcome = item if isinstance(item, InputError) else store_one(
            store, item, settings.min_relevance)
        if isinstance(outcome, InputError):
            failed.append(failed_entry(outcome))
        elif isinstance(item, Document):
            add_counts(total, outcome)
            stored.append(stored_entry(item, outcome))
    return {**vars(total), "documents": stored, "failed": failed}


def in_posted_order(docs: list[Document], results: Iterable[Document | InputError]
                    ) -> list[Document | InputError]:
    """`run_each`'s results (a batch's errors come after its documents) in `docs` order."""
    order = {doc.id: index for index, doc in enumerate(docs)}

    def position(item: Document | InputError) -> int:
        return order.get((item.doc_id if isinstance(item, InputError) else item.id) or "", 0)

    return sorted(results, key=position)


def store_one(store: Store, doc: Document,
              min_relevance: float | None) -> IngestReport | InputError:
    """The document's own report once stored, or E019 when the database refused it."""
    report = IngestReport()
    try:
        store.add_document(doc, report, min_relevance)
    except sa.exc.OperationalError:
        raise
    except Exception as error:  # noqa: BLE001 - one refused document costs no other
        return failure(doc, Errors.E019, error)
    return report


def add_counts(total: IngestReport, one: IngestReport) -> None:
    for spec in fields(IngestReport):
        setattr(total, spec.name, getattr(total, spec.name) + getattr(one, spec.name))


def stored_entry(doc: Document, report: IngestReport) -> dict[str, Any]:
    if report.documents_skipped_duplicate:
        return {"id": doc.id, "status": "duplicate", "events": []}
    with_events = report.events_added or not report.documents_below_relevance
    return {"id": doc.id, "status": "replaced" if report.documents_replaced else "added",
            "events": [event.id for event in doc.events] if with_events else []}


def failed_entry(error: InputError) -> dict[str, Any]:
    reason = error.error.value.format(detail=error.detail)
    return {"id": error.doc_id, "reason": f"{error.error.name} {reason}"}


INGEST_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: problem_doc("no `Authorization: Bearer` with the server's API token"),
    403: problem_doc("the server has no FLAREWATCH_API_TOKEN: ingest is off"),
    413: problem_doc("body over FLAREWATCH_MAX_BODY_BYTES, or a text over the limit"),
    422: problem_doc("no document could be stored: the records refused, with their reasons"),
    503: problem_doc("the extraction queue is full: try again after Retry-After"),
}


@router.post("/documents", tags=["documents"], status_code=201,
             dependencies=[Depends(require_token)], responses=INGEST_RESPONSES,
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"oneOf": [
                     DocumentIn.model_json_schema(),
                     {"type": "array", "items": DocumentIn.model_json_schema()}]}}}}})
async def post_documents(request: Request,
                         settings: Annotated[WebSettings, Depends(settings_of)]
                         ) -> dict[str, Any]:
    """Extract events from one record or a list (the JSONL input shape) and store them.

    Needs `Authorization: Bearer <FLAREWATCH_API_TOKEN>`. 201 when at least one document
    was stored (or found stored already), its `failed` list naming those that were not:
    records of a list refused as invalid (their reason where and why) and documents whose
    extraction or storing failed (E018, E019); 422 problem with that list when none could
    be.
    """
    docs, refused = parse_records(await read_body(request, settings.max_body_bytes), settings)
    state = request.app.state
    gate: ExtractionGate = state.extractions
    with gate.admit():
        reply = await in_write_thread(request, extract_and_store, state.store, docs,
                                      settings, gate.lock)
    reply["failed"] = refused + reply["failed"]
    if not reply["documents"]:
        raise Problem(422, "No document stored",
                      f"{len(reply['failed'])} document(s) failed", failed=reply["failed"])
    return reply
