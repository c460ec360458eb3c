"""An analyst's fusion decisions over HTTP: split a source off a fused record, merge two.

POST /fuse/split and POST /fuse/merge are guarded like POST /documents (`ingest.check_token`:
`Authorization: Bearer <FLAREWATCH_API_TOKEN>`, 401 without it, 403 when the server has
none) and read their body the same way (size limit, strict JSON, 422 for another shape).
They call `Store.split` / `Store.merge` on the app's store; GET /events/{id}/explain calls
`Store.explain`. A `FusionError` becomes a problem by its code (`FUSION_PROBLEMS`):

- E050 (no fused record of that id): 404, as for any unknown resource;
- E051 (the document is not a source of the record, or is its only one): 409, the request
  conflicts with the record as it stands (RFC 9110 section 15.5.10);
- E052 (a record merged with itself): 422, the request can never be carried out.

The problem carries the code as `code`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from flarewatch.errors import FusionError
from flarewatch.storage.rows import storable_text
from flarewatch.storage.store import Store
from flarewatch.web.filters import NO_CONTROLS
from flarewatch.web.ingest import NO_NUL, Credentials, check_token, load_json, read_body
from flarewatch.web.ingest import validation_errors as without_inputs
from flarewatch.web.problems import Problem, problem_doc
from flarewatch.web.routes import MAX_ID_CHARS, settings_of
from flarewatch.web.settings import WebSettings
from flarewatch.web.threads import in_write_thread

router = APIRouter()
T = TypeVar("T", bound=BaseModel)

MAX_NOTE_CHARS = 2000
# FusionError code -> (HTTP status, problem title); see the module docstring.
FUSION_PROBLEMS = {
    "E050": (404, "Fused record not found"),
    "E051": (409, "Source cannot be split off"),
    "E052": (422, "Record merged with itself"),
}
RecordId = Annotated[str, Field(min_length=1, max_length=MAX_ID_CHARS, pattern=NO_CONTROLS)]
Note = Annotated[str | None, Field(None, max_length=MAX_NOTE_CHARS, pattern=NO_NUL,
                                   description="the analyst's reason, kept with the decision")]


class SplitIn(BaseModel):
    """Split the events of document `source` off fused record `id`."""

    model_config = ConfigDict(extra="forbid")
    id: RecordId = Field(description="the fused record")
    source: RecordId = Field(description="id of the source document to split off")
    note: Note = None


class MergeIn(BaseModel):
    """Merge two fused records into one."""

    model_config = ConfigDict(extra="forbid")
    ids: list[RecordId] = Field(min_length=2, max_length=2, description="two fused records")
    note: Note = None


GUARD_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: problem_doc("no `Authorization: Bearer` with the server's API token"),
    403: problem_doc("the server has no FLAREWATCH_API_TOKEN: decisions are off"),
    413: problem_doc("body over FLAREWATCH_MAX_BODY_BYTES"),
}
DECISION_RESPONSES: dict[int | str, dict[str, Any]] = {
    **GUARD_RESPONSES,
    404: problem_doc("E050: no fused record of a given id"),
    409: problem_doc("E051 (split): the document is not a source of the record, or its only one"),
    422: problem_doc("E052 (merge): the two ids are one record; or a body of another shape"),
}


def require_fuse_token(settings: Annotated[WebSettings, Depends(settings_of)],
                       credentials: Credentials) -> None:
    check_token(settings, credentials, "POST /fuse/split and POST /fuse/merge",
                "Fusion decisions disabled")


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI `requestBody` of a route that reads its body itself."""
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": model.model_json_schema()}}}}


def parse_body(body: bytes, model: type[T]) -> T:
    """The body as `model`; Problem 400 (not JSON) or 422 (another shape)."""
    try:
        return TypeAdapter(model).validate_python(load_json(body))
    except ValidationError as error:
        raise Problem(422, "Invalid decision", f"{error.error_count()} validation error(s)",
                      errors=without_inputs(error)) from error


def fusion_problem(error: FusionError) -> Problem:
    """The problem of a `FusionError` (its message starts with its code)."""
    code = str(error).split(" ", 1)[0]
    status, title = FUSION_PROBLEMS.get(code, (422, "Fusion decision refused"))
    return Problem(status, title, str(error), code=code)


def decided(action: Callable[..., list[str]], *args: str | None) -> list[str]:
    """`action(*args)` with ids and note as the store keeps them; FusionError as Problem."""
    stored = [storable_text(arg) if arg is not None else None for arg in args]
    try:
        return action(*stored)
    except FusionError as error:
        raise fusion_problem(error) from error


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


@router.post("/fuse/split", tags=["fusion"], dependencies=[Depends(require_fuse_token)],
             responses=DECISION_RESPONSES, openapi_extra=request_body(SplitIn))
async def post_split(request: Request,
                     settings: Annotated[WebSettings, Depends(settings_of)]) -> dict[str, Any]:
    """Split the events of document `source` off fused record `id` (an analyst's decision,
    which later fusion keeps). Body `{"id", "source", "note"?}`; needs the API token.

    Answers `{"ids"}`: the fused records the record's events now belong to (the larger
    part keeps `id`). Errors: 404 E050, 409 E051 (see the responses).
    """
    decision = parse_body(await read_body(request, settings.max_body_bytes), SplitIn)
    ids = await in_write_thread(request, decided, store_of(request).split, decision.id,
                                  decision.source, decision.note)
    return {"ids": ids}


@router.post("/fuse/merge", tags=["fusion"], dependencies=[Depends(require_fuse_token)],
             responses=DECISION_RESPONSES, openapi_extra=request_body(MergeIn))
async def post_merge(request: Request,
                     settings: Annotated[WebSettings, Depends(settings_of)]) -> dict[str, Any]:
    """Merge fused records `ids[0]` and `ids[1]` (an analyst's decision, which later fusion
    keeps). Body `{"ids": [a, b], "note"?}`; needs the API token.

    Answers `{"ids"}`: the fused records after (one, unless an earlier split keeps some
    events apart). Errors: 404 E050, 422 E052 (see the responses).
    """
    decision = parse_body(await read_body(request, settings.max_body_bytes), MergeIn)
    first, second = decision.ids
    ids = await in_write_thread(request, decided, store_of(request).merge, first, second,
                                  decision.note)
    return {"ids": ids}


@router.get("/events/{event_id}/explain", tags=["fusion"],
            responses={404: problem_doc("E050: no fused record of this id")})
def get_explain(event_id: Annotated[str, Path(max_length=MAX_ID_CHARS, pattern=NO_CONTROLS)],
                request: Request) -> dict[str, Any]:
    """Why the fused record's events were fused: `{"id", "sources", "threshold", "pairs",
    "weights"}`, each pair `{"a", "b", "score", "parts", "decision"}`, `weights` the weight
    of each part named (`flarewatch events --explain`)."""
    try:
        return store_of(request).explain(event_id)
    except FusionError as error:
        raise fusion_problem(error) from error
