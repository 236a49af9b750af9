"""Drawing a page: one Jinja2 environment (the i18n extension, autoescaping), the reader's
language and formats, the nav, the CSRF token, and the headers every page carries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from api.bootstrap import Container
from api.deps import today
from api.web.i18n import LANG_COOKIE, LANGUAGES, Speaker, chosen
from api.web.labels import term
from api.web.session import csrf_token, keep_csrf
from domain.organisation import Role
from services.commands import Actor
from services.policy import Visibility

TEMPLATES = Path(__file__).parent / "templates"
# Optional fields of the reads (a reason, a rating) may be absent: they show as nothing.
ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
)
# Every script, style and font from this app only: a page can load nothing from elsewhere.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'; object-src 'none'"
)


@dataclass(frozen=True)
class NavLink:
    href: str
    label: str
    testid: str


def speaker_of(request: Request, c: Container) -> Speaker:
    lang = chosen(request.cookies.get(LANG_COOKIE), request.headers.get("Accept-Language"))
    return Speaker(lang, _timezone(c))


def _timezone(c: Container) -> ZoneInfo:
    if not c.organisation.is_founded():
        return ZoneInfo("UTC")
    return ZoneInfo(c.policy.organisation().timezone)


def chart_data(data: Any) -> Markup:
    """Chart data for a ``<script type="application/json">``: JSON that cannot end the
    script element early (``<``, ``>`` and ``&`` escaped as JSON allows)."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    safe = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(safe)  # noqa: S704 - escaped above for the script element


def page(
    request: Request,
    c: Container,
    template: str,
    reader: Actor | None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The page drawn for the reader in their language, with the headers every page has."""
    speaker = speaker_of(request, c)
    html = ENV.get_template(template).render(
        lang=speaker.lang,
        languages=LANGUAGES,
        gettext=speaker.gettext,
        ngettext=speaker.ngettext,
        term=term(speaker.gettext),
        fmt=speaker,
        csrf=csrf_token(request),
        reader=reader,
        nav=nav(c, reader, speaker) if reader else [],
        here=_here(request),
        chart_data=chart_data,
        **context,
    )
    response = HTMLResponse(html, status)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-store"
    keep_csrf(request, response, secure=c.settings.secure_cookies)
    return response


def _here(request: Request) -> str:
    query = f"?{request.url.query}" if request.url.query else ""
    return request.url.path + query


def nav(c: Container, reader: Actor, speaker: Speaker) -> list[NavLink]:
    _ = speaker.gettext
    links = [NavLink(f"/ui/people/{reader.person_id}", _("My trajectory"), "nav-trajectory")]
    if reader.roles & {Role.MANAGER, Role.HRBP}:
        for team_id, name in teams_overseen(c, reader):
            links.append(NavLink(f"/ui/teams/{team_id}", name, "nav-team"))
    if Role.AUDITOR in reader.roles:
        links.append(NavLink("/ui/audit", _("Audit"), "nav-audit"))
    return links


def teams_overseen(c: Container, reader: Actor) -> list[tuple[str, str]]:
    """Teams the reader leads (or is above the lead of) or partners as HRBP today: the
    overviews their nav offers (whether a page may be read is still the policy's answer)."""
    if not c.organisation.is_founded():
        return []
    org, day = c.policy.organisation(), today(c)
    return [
        (team.team_id, team.name)
        for team in sorted(org.teams.values(), key=lambda t: t.team_id)
        if Visibility(
            ranges=(
                *org.team_windows_led(reader.person_id, team.team_id),
                *org.team_windows_partnered(reader.person_id, team.team_id),
            )
        ).covers(day)
    ]
