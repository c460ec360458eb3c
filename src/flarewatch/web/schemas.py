"""What every answer of the API looks like, in its OpenAPI description (`/openapi.json`).

The routes return plain dicts (built straight from rows, `web.listing`, for speed), so
FastAPI cannot infer their shapes. The shapes are JSON Schemas in
`data/schema/api.schema.json`, with the event of `data/schema/event.schema.json`
(`spec/CONTRACT.md`); `documented` puts them in the description's `components` and names
them in each route's answers (`ANSWERS`), and documents every error answer, the 422 of a
request that breaks its parameters among them, as the RFC 9457 problem document the app
sends (`web.problems`), not FastAPI's default `HTTPValidationError`. Answers are not
validated at run time; the tests validate real answers against the description
(`answer_schema`).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from flarewatch.paths import DATA_DIR
from flarewatch.web.problems import PROBLEM_TYPE

SCHEMA_DIR = DATA_DIR / "schema"
JSON = "application/json"
# (method, path) -> {status: {media type: component name, or an inline schema}}
ANSWERS: dict[tuple[str, str], dict[str, dict[str, str | dict[str, Any]]]] = {
    ("get", "/events"): {"200": {JSON: "EventPage", "application/geo+json": "FeatureCollection",
                                 "text/csv": {"type": "string"}}},
    ("get", "/events/{event_id}"): {"200": {JSON: "EventDetail"}},
    ("get", "/documents/{doc_id}"): {"200": {JSON: "DocumentDetail"}},
    ("post", "/documents"): {"201": {JSON: "IngestResult"}},
    ("get", "/stats/timeseries"): {"200": {JSON: "Timeseries"}},
    ("get", "/healthz"): {"200": {JSON: "Health"}},
    ("post", "/fuse/split"): {"200": {JSON: "FusionDecision"}},
    ("post", "/fuse/merge"): {"200": {JSON: "FusionDecision"}},
    ("get", "/events/{event_id}/explain"): {"200": {JSON: "Explanation"}},
    ("get", "/alerts"): {"200": {JSON: "AlertList"}},
    ("get", "/alerts/{alert_id}"): {"200": {JSON: "AlertDetail"}},
    ("get", "/alerts.atom"): {"200": {"application/atom+xml": {"type": "string"}}},
}
DEFAULT_ERRORS = ("HTTPValidationError", "ValidationError")
# Any route (web.security refuses other Host headers; web.filters, web.formats and
# web.ingest refuse malformed filters, cursors, formats and JSON bodies).
BAD_REQUEST = ("a Host header the server does not answer, or a malformed filter, cursor, "
               "format or JSON body")


@cache
def components() -> dict[str, Any]:
    """Component schemas by name: the event as `Event`, its `$defs` under their own names,
    and every definition of api.schema.json, each `#/$defs/X` made `#/components/schemas/X`."""
    event = json.loads((SCHEMA_DIR / "event.schema.json").read_text(encoding="utf-8"))
    api = json.loads((SCHEMA_DIR / "api.schema.json").read_text(encoding="utf-8"))
    found = {**event.pop("$defs"), **api["$defs"]}
    found["Event"] = {key: value for key, value in event.items() if key != "$schema"}
    return json.loads(json.dumps(found).replace('"#/$defs/', '"#/components/schemas/'))


def documented(openapi: dict[str, Any]) -> dict[str, Any]:
    """`openapi` (FastAPI's description) with the answers' shapes of `ANSWERS`, a 400 on
    every route, and every error answer a `Problem`; FastAPI's own error schemas removed.
    Changed in place."""
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    for name in DEFAULT_ERRORS:
        schemas.pop(name, None)
    schemas.update(components())
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            answers = operation.setdefault("responses", {})
            for status, media in ANSWERS.get((method, path), {}).items():
                answers.setdefault(status, {"description": "Successful Response"})
                answers[status]["content"] = {kind: {"schema": schema_of(shape)}
                                              for kind, shape in media.items()}
            answers.setdefault("400", {"description": BAD_REQUEST})
            for status, answer in answers.items():
                if status[0] in "45":
                    answer["content"] = {PROBLEM_TYPE: {"schema": schema_of("Problem")}}
    return openapi


def schema_of(shape: str | dict[str, Any]) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{shape}"} if isinstance(shape, str) else shape


def answer_schema(openapi: dict[str, Any], method: str, path: str, status: int | str,
                  media: str = JSON) -> dict[str, Any]:
    """The schema `openapi` gives the answer (`path` as written in the description, e.g.
    "/events/{event_id}"), standing alone for a JSON Schema validator: the description's
    `components` ride along so its `$ref`s resolve. KeyError where it documents none."""
    schema = openapi["paths"][path][method.lower()]["responses"][str(status)]["content"][media][
        "schema"]
    return {**schema, "components": openapi["components"]}
