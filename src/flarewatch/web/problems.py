"""Errors as RFC 9457 problem details (`application/problem+json`).

Routes raise `Problem(status, title, detail)`; the handlers installed by
`install_problem_handlers` turn it, FastAPI's validation errors, Starlette's HTTP
errors (404 for an unknown path, 405 ...), a database that cannot answer (503) and any
unexpected error (500) into the same JSON shape.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

PROBLEM_TYPE = "application/problem+json"
DATABASE_RETRY_SECONDS = 30


class Problem(Exception):
    """An HTTP error a route reports on purpose."""

    def __init__(self, status: int, title: str, detail: str = "",
                 headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(detail or title)
        self.status, self.title, self.detail = status, title, detail
        self.headers, self.extra = headers or {}, extra



def problem_doc(description: str) -> dict[str, Any]:
    """An error answer of a route in its OpenAPI description (the body's shape is put in by
    `web.schemas.documented`)."""
    return {"description": description,
            "content": {PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}

def problem_response(request: Request, status: int, title: str, detail: str = "",
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status,
                            "instance": request.url.path}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_TYPE)


async def on_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, Problem)
    return problem_response(request, error.status, error.title, error.detail,
                            error.headers, **error.extra)


async def on_validation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [{"loc": list(item.get("loc", ())), "msg": item.get("msg", "")}
              for item in error.errors()]
    return problem_response(request, 422, "Invalid request",
                            "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                      for e in errors), errors=errors)


async def on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    title = {404: "Not found", 405: "Method not allowed"}.get(error.status_code, "HTTP error")
    detail = error.detail if isinstance(error.detail, str) else ""
    return problem_response(request, error.status_code, title, detail,
                            dict(error.headers or {}))


async def on_database_error(request: Request, error: Exception) -> JSONResponse:
    # A database gone, locked or unreachable (sqlalchemy.exc.DatabaseError, whose
    # OperationalError is the usual one): the server is unavailable, not broken.
    return problem_response(request, 503, "Database unavailable",
                            "the database cannot answer now; retry later",
                            {"Retry-After": str(DATABASE_RETRY_SECONDS)})


async def on_unexpected(request: Request, error: Exception) -> JSONResponse:
    # The server log has the traceback; the client gets the shape it expects, no internals.
    return problem_response(request, 500, "Internal server error",
                            "the server could not answer this request")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Exception, on_unexpected)
    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(sa.exc.DatabaseError, on_database_error)
