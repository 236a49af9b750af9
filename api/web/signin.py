"""Signing in and out, and the language switch: the pages' only form posts, each checked
against CSRF (``api.web.session``).

Development: a picker of the organisation's people from the directory view; choosing one
mints a token (``Tokens.mint``) with that person's roles. Production: no picker; the
organisation's SSO token is posted once and kept in the same cookie. Either way the cookie
holds a bearer token that every page checks with ``Tokens.actor``, as the API does.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from api.bootstrap import Container
from api.demo_logins import token_for
from api.deps import ContainerDep
from api.web.i18n import LANG_COOKIE, LANGUAGES
from api.web.render import page
from api.web.session import check_csrf, end_session, keep_session
from domain.errors import InvalidInput
from services.errors import Unauthenticated

router = APIRouter(prefix="/ui", include_in_schema=False)
# Where a form may send the reader back to: one of our pages, never another site.
BACK = re.compile(r"^/ui(/[A-Za-z0-9._~:@!$&'()*+,;=%/-]*)?(\?[^\\\s]*)?$")
PEOPLE_LISTED = 2000
Csrf = Annotated[str | None, Form(max_length=200)]
Next = Annotated[str, Form(alias="next", max_length=500)]


def back_to(target: str | None) -> str:
    if target and BACK.match(target) and "//" not in target:
        return target
    return "/ui/"


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(
    request: Request,
    c: ContainerDep,
    back: Annotated[str, Query(alias="next", max_length=500)] = "/ui/",
) -> Response:
    return _sign_in(request, c, back_to(back))


def _sign_in(
    request: Request, c: Container, back: str, refused: str | None = None, status: int = 200
) -> Response:
    development = c.settings.mode == "development"
    people = _picker(c) if development else []
    return page(
        request,
        c,
        "sign_in.html",
        None,
        status,
        development=development,
        people=people,
        back=back,
        refused=refused,
    )


def _picker(c: Container) -> list[dict[str, object]]:
    """The organisation's people with their roles and team, from the directory view."""
    teams = {t["team_id"]: t["name"] for t in c.views.directory.teams()}
    people = c.views.directory.people(None, PEOPLE_LISTED, None)
    return [p | {"team_name": teams.get(p["team_id"] or "", "")} for p in people]


@router.post("/sign-in")
def sign_in(
    request: Request,
    c: ContainerDep,
    csrf: Csrf = None,
    person: Annotated[str | None, Form(max_length=64)] = None,
    token: Annotated[str | None, Form(max_length=20_000)] = None,
    back: Next = "/ui/",
) -> Response:
    check_csrf(request, csrf)
    try:
        bearer = _development_token(c, person) if person is not None else _sso_token(c, token)
    except Unauthenticated as refused:
        return _sign_in(request, c, back_to(back), str(refused), status=401)
    response = RedirectResponse(back_to(back), status_code=303)
    hours = c.settings.token_hours
    keep_session(response, bearer, secure=c.settings.secure_cookies, max_age=hours * 3600)
    return response


def _development_token(c: Container, person_id: str) -> str:
    if c.settings.mode != "development":
        raise InvalidInput("person", "there is no picker in production: sign in with SSO")
    return token_for(c, person_id)


def _sso_token(c: Container, token: str | None) -> str:
    """The organisation's token, checked as the API checks every bearer token."""
    if not token or not token.strip():
        raise Unauthenticated("paste the token your organisation's sign-in gave you")
    c.tokens.actor(token.strip())
    return token.strip()


@router.post("/sign-out")
def sign_out(request: Request, csrf: Csrf = None) -> Response:
    check_csrf(request, csrf)
    response = RedirectResponse("/ui/sign-in", status_code=303)
    end_session(response)
    return response


@router.post("/language")
def switch_language(
    request: Request,
    c: ContainerDep,
    lang: Annotated[str, Form(max_length=10)],
    csrf: Csrf = None,
    back: Next = "/ui/",
) -> Response:
    """The reader's language, kept in a cookie; it wins over the browser's."""
    check_csrf(request, csrf)
    if lang not in LANGUAGES:
        raise InvalidInput("lang", f"must be one of {', '.join(LANGUAGES)}")
    response = RedirectResponse(back_to(back), status_code=303)
    response.set_cookie(
        LANG_COOKIE,
        lang,
        max_age=365 * 86400,
        samesite="lax",
        secure=c.settings.secure_cookies,
        httponly=True,
    )
    return response
