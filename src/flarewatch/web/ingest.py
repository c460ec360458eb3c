"""POST /documents: extract events from posted records and store them.

Off unless an API token is configured; the body is read up to a size limit, then
validated as the contract's JSONL record shape (one object or a list of them).
"""

from __future__ import annotations

import json
import secrets
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from flarewatch.errors import InputError
from flarewatch.ingest import document_from_record
from flarewatch.model import Document
from flarewatch.pipeline import run_many
from flarewatch.storage.store import Store
from flarewatch.web.problems import Problem
from flarewatch.web.routes import settings_of
from flarewatch.web.settings import WebSettings

router = APIRouter()


class DocumentIn(BaseModel):
    """One input record, as a line of the contract's JSONL input."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=500)
    text: str = Field(min_length=1)
    date: str | None = Field(None, description="YYYY-MM-DD or an ISO datetime")
    url: str | None = None
    title: str | None = None
    source: str | None = None
    language: str | None = None


RECORDS = TypeAdapter(DocumentIn | list[DocumentIn])


BEARER = HTTPBearer(auto_error=False, description="the server's FLAREWATCH_API_TOKEN")


def require_token(
    settings: Annotated[WebSettings, Depends(settings_of)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> None:
    if not settings.api_token:
        raise Problem(403, "Ingest disabled",
                      "POST /documents is off: the server has no FLAREWATCH_API_TOKEN")
    given = credentials.credentials if credentials else ""
    if not secrets.compare_digest(given.encode("utf-8"), settings.api_token.encode("utf-8")):
        raise Problem(401, "Unauthorized", "send the API token as `Authorization: Bearer ...`",
                      headers={"WWW-Authenticate": "Bearer"})


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise too_large(limit)
    return bytes(body)


def too_large(limit: int) -> Problem:
    return Problem(413, "Request body too large", f"at most {limit} bytes")


def parse_records(body: bytes, settings: WebSettings) -> list[Document]:
    try:
        parsed = RECORDS.validate_python(json.loads(body))
    except ValidationError as error:
        raise Problem(422, "Invalid document", f"{error.error_count()} validation error(s)",
                      errors=json.loads(error.json(include_url=False))) from error
    except ValueError as error:  # also UnicodeDecodeError
        raise Problem(400, "Malformed JSON", str(error)) from error
    records = parsed if isinstance(parsed, list) else [parsed]
    if not 1 <= len(records) <= settings.max_documents:
        raise Problem(422, "Invalid document count",
                      f"send 1 to {settings.max_documents} documents")
    return [as_document(record) for record in records]


def as_document(record: DocumentIn) -> Document:
    found = document_from_record(record.model_dump(exclude_none=True), "request", 1)
    if isinstance(found, InputError):
        reason = found.error.value.format(detail=found.detail)
        raise Problem(422, "Invalid document", f"{record.id}: {found.error.name} {reason}")
    return found


def extract_and_store(store: Store, docs: list[Document], settings: WebSettings,
                      lock: threading.Lock) -> dict[str, Any]:
    # One extraction at a time: the spaCy pipeline is not meant to be shared by threads.
    with lock:
        annotated = list(run_many(docs, settings.stages))
    report = store.add_documents(annotated, min_relevance=settings.min_relevance)
    return {**vars(report),
            "documents": [{"id": doc.id, "events": [event.id for event in doc.events]}
                          for doc in annotated]}


@router.post("/documents", tags=["documents"], status_code=201,
             dependencies=[Depends(require_token)],
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"oneOf": [
                     DocumentIn.model_json_schema(),
                     {"type": "array", "items": DocumentIn.model_json_schema()}]}}}}})
async def post_documents(request: Request,
                         settings: Annotated[WebSettings, Depends(settings_of)]
                         ) -> dict[str, Any]:
    """Extract events from one record or a list (the JSONL input shape) and store them.

    Needs `Authorization: Bearer <FLAREWATCH_API_TOKEN>`.
    """
    docs = parse_records(await read_body(request, settings.max_body_bytes), settings)
    state = request.app.state
    return await run_in_threadpool(extract_and_store, state.store, docs, settings,
                                   state.extract_lock)
