"""Every error as application/problem+json (RFC 9457), from one declarative map."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import IntegrityError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from domain.errors import DomainError, InvalidInput, NotFound, RuleBroken, StateConflict
from services.errors import (
    ConcurrentChange,
    Forbidden,
    PreconditionFailed,
    ServiceError,
    Unauthenticated,
    ViewBehind,
)

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"

# The one map from refusals to statuses; the first class in an error's MRO wins.
STATUS: dict[type[Exception], tuple[int, str]] = {
    InvalidInput: (422, "invalid-input"),
    RuleBroken: (422, "rule-broken"),
    StateConflict: (409, "state-conflict"),
    NotFound: (404, "not-found"),
    Unauthenticated: (401, "unauthenticated"),
    Forbidden: (403, "forbidden"),
    ConcurrentChange: (409, "concurrent-change"),
    IntegrityError: (409, "concurrent-change"),
    PreconditionFailed: (412, "precondition-failed"),
    ViewBehind: (503, "view-behind"),
}
TITLES = {
    400: "Bad request",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request too large",
    422: "Unprocessable content",
    500: "Internal error",
    503: "Service unavailable",
}


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": TITLES[status]}
    for status in (400, 401, 403, 404, 409, 412, 413, 422, 503)
}


# How a part of the app that is not JSON (the dashboard pages) shows a problem: the status
# and its reasons still come from the one map here.
ProblemPage = Callable[[Request, "Problem"], Response]


def problem(
    status: int, slug: str, detail: str, errors: list[FieldError] | None = None
) -> JSONResponse:
    return _json(_problem(status, slug, detail, errors))


def _problem(
    status: int, slug: str, detail: str, errors: list[FieldError] | None = None
) -> Problem:
    return Problem(
        type=f"/problems/{slug}", title=TITLES[status], status=status, detail=detail, errors=errors
    )


def _json(body: Problem) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if body.status == 401 else None
    return JSONResponse(
        body.model_dump(exclude_none=True), body.status, media_type=PROBLEM_JSON, headers=headers
    )


def _answer(request: Request, body: Problem) -> Response:
    """The problem as JSON, or as the page of the part of the app the request went to."""
    pages: dict[str, ProblemPage] = getattr(request.app.state, "problem_pages", {})
    for prefix, page in pages.items():
        if request.url.path.startswith(prefix):
            return page(request, body)
    return _json(body)


def _refusal(request: Request, exc: Exception) -> Response:
    status, slug = next(
        (STATUS[cls] for cls in type(exc).__mro__ if cls in STATUS), (500, "internal")
    )
    detail = getattr(exc, "detail", None) or str(exc) or TITLES[status]
    field = getattr(exc, "field", None)
    errors = [FieldError(field=field, message=getattr(exc, "reason", detail))] if field else None
    return _answer(request, _problem(status, slug, detail, errors))


def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldError(
            field=".".join(str(p) for p in e["loc"] if p != "body") or "body", message=e["msg"]
        )
        for e in exc.errors()
    ]
    if any(e["type"] == "json_invalid" for e in exc.errors()):
        body = _problem(400, "malformed-json", "the request body is not valid JSON", errors)
        return _answer(request, body)
    names = ", ".join(e.field for e in errors)
    return _answer(request, _problem(422, "invalid-input", f"invalid fields: {names}", errors))


def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code if exc.status_code in TITLES else 400
    return _answer(request, _problem(status, "http", str(exc.detail)))


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error", exc_info=exc)
    detail = "an unexpected error occurred; it has been logged"
    return _answer(request, _problem(500, "internal", detail))


def install(app: FastAPI, pages: dict[str, ProblemPage] | None = None) -> None:
    """The handlers; ``pages`` maps a path prefix to how problems are shown there."""
    app.state.problem_pages = pages or {}
    for cls in (DomainError, ServiceError, IntegrityError):
        app.add_exception_handler(cls, _refusal)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
