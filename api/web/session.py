"""Who reads a page: the same bearer token as the API, from the session cookie or from an
``Authorization`` header, checked by the same ``Tokens.actor`` rules; and the CSRF check of
the pages' form posts.

CSRF: a double-submit token. Every page sets a random token in an HttpOnly, SameSite=Strict
cookie and writes the same token into its forms; a post is accepted only when the form's
token equals the cookie's (a cross-site page can neither read the cookie nor set it), and,
when the browser says where the post came from (``Origin``), only from this site.
"""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.security.utils import get_authorization_scheme_param
from starlette.responses import Response

from api.deps import ContainerDep
from services.commands import Actor
from services.errors import Forbidden, Unauthenticated

SESSION_COOKIE = "perfledger_session"
CSRF_COOKIE = "perfledger_csrf"
CSRF_FIELD = "csrf"


class SignInRequired(Unauthenticated):
    """No token came with a page request: the page sends the reader to sign in."""


def _token(request: Request) -> str | None:
    """The ``Authorization: Bearer`` token, read as the API's ``HTTPBearer`` reads it, or
    else the session cookie's."""
    scheme, credentials = get_authorization_scheme_param(request.headers.get("Authorization"))
    if scheme.lower() == "bearer" and credentials:
        return credentials
    return request.cookies.get(SESSION_COOKIE)


def page_actor(request: Request, c: ContainerDep) -> Actor:
    """The signed-in reader; a missing or refused token sends them to the sign-in page."""
    token = _token(request)
    if not token:
        raise SignInRequired("sign in to see this page")
    return c.tokens.actor(token)


Reader = Annotated[Actor, Depends(page_actor)]


def keep_session(response: Response, token: str, secure: bool, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")


def csrf_token(request: Request) -> str:
    """The request's CSRF token: the cookie's, or a new one the page will set."""
    known: str | None = getattr(request.state, "csrf", None)
    if known is None:
        known = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        request.state.csrf = known
    return known


def keep_csrf(request: Request, response: Response, secure: bool) -> None:
    token = getattr(request.state, "csrf", None)
    if token and token != request.cookies.get(CSRF_COOKIE):
        response.set_cookie(
            CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/ui"
        )


def check_csrf(request: Request, submitted: str | None) -> None:
    """Refuse a form post that did not come from one of our pages."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted or not secrets.compare_digest(cookie, submitted):
        raise Forbidden("the form's security token is missing or wrong: reload the page")
    origin = request.headers.get("Origin")
    # The host only: behind a proxy that ends TLS the scheme seen here may differ.
    if origin and urlsplit(origin).netloc != request.url.netloc:
        raise Forbidden(f"a form posted from {origin[:100]} is refused")
