"""Problems on the pages: the same statuses and reasons as the API's (``api.problems``), shown
as HTML; a reader who is not signed in, or whose token is refused, is sent to sign in."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from api.deps import container
from api.problems import Problem
from api.web.render import page
from api.web.session import SESSION_COOKIE, end_session, page_actor
from services.commands import Actor
from services.errors import ServiceError

SIGN_IN = "/ui/sign-in"


def problem_page(request: Request, problem: Problem) -> Response:
    if problem.status == 401:
        return _to_sign_in(request)
    c = container(request)
    return page(request, c, "problem.html", _reader(request), problem.status, problem=problem)


def _to_sign_in(request: Request) -> Response:
    """To the sign-in page, back here afterwards; a refused session cookie is dropped."""
    query = f"?{request.url.query}" if request.url.query else ""
    back = request.url.path + query if request.method == "GET" else "/ui/"
    response = RedirectResponse(f"{SIGN_IN}?next={quote(back)}", status_code=303)
    if SESSION_COOKIE in request.cookies:
        end_session(response)
    return response


def _reader(request: Request) -> Actor | None:
    """Who is reading the problem page, for its nav; nobody if that is the problem."""
    try:
        return page_actor(request, container(request))
    except ServiceError:
        return None
