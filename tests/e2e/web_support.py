"""Reading the dashboard pages as a browser would: a session cookie, the CSRF token, HTML."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from tests.e2e.conftest import Api

SESSION = "perfledger_session"
CSRF = "perfledger_csrf"
TESTID = re.compile(r'data-testid="([^"]+)"')
# Every script, stylesheet and font a page asks for, wherever it points.
ASSETS = re.compile(r'<(?:script|link|img|source)\b[^>]*\b(?:src|href)="([^"]*)"', re.IGNORECASE)


def signed_in(api: Api, person: str, roles: list[str] | None = None) -> None:
    """The browser holds ``person``'s session cookie, as signing in leaves it."""
    api.client.cookies.set(SESSION, api.token(person, roles))


def signed_out(api: Api) -> None:
    api.client.cookies.clear()


def caught_up(api: Api) -> None:
    """Pages read views without a position to wait for: wait here for everything recorded."""
    names = list(api.c.runner.views)
    assert api.c.runner.wait(api.c.ledger.head(), names, 10)


def view(api: Api, path: str, status: int = 200, headers: dict[str, str] | None = None) -> str:
    """A page's HTML, asserting its status and that it is HTML (never problem+json)."""
    response = api.client.get(path, headers=headers or {}, follow_redirects=False)
    return html(response, status)


def html(response: httpx.Response, status: int = 200) -> str:
    assert response.status_code == status, response.text[:2000]
    assert response.headers["content-type"].startswith("text/html"), response.headers
    return response.text


def ids_in(page: str) -> set[str]:
    return set(TESTID.findall(page))


def chart(page: str, chart_id: str) -> dict[str, Any]:
    """The JSON a chart is drawn from."""
    found = re.search(
        rf'<script type="application/json" id="{re.escape(chart_id)}-data">(.*?)</script>',
        page,
        re.DOTALL,
    )
    assert found, f"no chart data for {chart_id}"
    spec: dict[str, Any] = json.loads(found.group(1))
    return spec


def csrf_token(api: Api) -> str:
    """The token a page writes into its forms (and its cookie), as a browser gets it."""
    page = api.client.get("/ui/sign-in").text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found
    assert api.client.cookies.get(CSRF) == found.group(1)
    return found.group(1)


def post_form(api: Api, path: str, data: dict[str, str], **headers: str) -> httpx.Response:
    response: httpx.Response = api.client.post(
        path, data=data, headers=headers, follow_redirects=False
    )
    return response


def problem_page(response: httpx.Response, status: int) -> str:
    page = html(response, status)
    assert f'data-status="{status}"' in page
    return page
