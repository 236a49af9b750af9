"""Signing in to the pages on each store: the development picker and its cookie, refused
tokens, sign-out; CSRF on every form post; the language switch and locale formats; and that
every script and style comes from the app itself."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import jwt
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from tests.e2e.conftest import Api
from tests.e2e.web_support import (
    ASSETS,
    CSRF,
    SESSION,
    caught_up,
    csrf_token,
    html,
    ids_in,
    post_form,
    problem_page,
    signed_in,
    signed_out,
    view,
)
from tests.e2e.web_world import month_of_work

PAGES = ("/ui/people/rep-wang", "/ui/teams/hz-1", "/ui/audit", "/ui/")


def test_the_development_picker_signs_in_with_the_persons_roles(api: Api) -> None:
    caught_up(api)  # the picker lists the directory view's people
    signed_out(api)
    page = view(api, "/ui/sign-in?next=/ui/teams/hz-1")
    people = re.findall(r'data-testid="sign-in-person" data-person="([^"]+)"', page)
    assert {"rep-wang", "mgr-li", "hrbp-liu", "audit-sun"} <= set(people)
    assert "Li Wei (manager)" in page
    assert "Hangzhou direct sales 1" in page
    token = csrf_token(api)
    data = {"csrf": token, "person": "mgr-li", "next": "/ui/teams/hz-1"}
    response = post_form(api, "/ui/sign-in", data)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/teams/hz-1"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    actor = api.c.tokens.actor(api.client.cookies[SESSION])
    assert (actor.person_id, actor.roles) == ("mgr-li", frozenset({"manager"}))
    assert "team-overview" in ids_in(view(api, "/ui/teams/hz-1"))
    signed_off = post_form(api, "/ui/sign-out", {"csrf": token})
    assert signed_off.status_code == 303
    assert SESSION not in api.client.cookies
    assert api.client.get("/ui/teams/hz-1", follow_redirects=False).status_code == 303


def test_forged_and_expired_cookies_are_refused(api: Api) -> None:
    claims = {"sub": "audit-sun", "roles": ["auditor"], "iss": "perfledger-dev"}
    forged = jwt.encode(
        claims | {"exp": datetime.now(UTC) + timedelta(hours=1)}, "x" * 40, algorithm="HS256"
    )
    secret = api.c.settings.jwt_secret.get_secret_value()
    expired = jwt.encode(
        claims | {"exp": datetime.now(UTC) - timedelta(minutes=1)}, secret, algorithm="HS256"
    )
    for token in (forged, expired, "not-a-token"):
        api.client.cookies.set(SESSION, token)
        response = api.client.get("/ui/audit", follow_redirects=False)
        assert response.status_code == 303, token
        assert response.headers["location"] == "/ui/sign-in?next=/ui/audit"
        assert f'{SESSION}=""' in response.headers["set-cookie"]  # the bad cookie is dropped


def test_a_bearer_header_works_as_the_cookie_does(api: Api) -> None:
    signed_out(api)
    headers = {"Authorization": f"Bearer {api.token('audit-sun')}"}
    assert "audit-table" in ids_in(view(api, "/ui/audit", headers=headers))


def test_a_cross_site_post_is_refused(api: Api) -> None:
    signed_out(api)
    token = csrf_token(api)
    missing = post_form(api, "/ui/sign-in", {"person": "audit-sun"})
    wrong = post_form(api, "/ui/sign-in", {"person": "audit-sun", "csrf": "guess"})
    elsewhere = post_form(
        api, "/ui/language", {"lang": "zh-CN", "csrf": token}, Origin="https://evil.example"
    )
    for refused in (missing, wrong, elsewhere):
        problem_page(refused, 403)
    assert SESSION not in api.client.cookies
    api.client.cookies.delete(CSRF)
    problem_page(post_form(api, "/ui/sign-out", {"csrf": token}), 403)


def test_the_browsers_language_and_the_switch(api: Api) -> None:
    caught_up(api)
    signed_in(api, "rep-wang")
    chinese = view(
        api, "/ui/people/rep-wang", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
    )
    assert '<html lang="zh-CN">' in chinese
    assert "成长轨迹" in chinese
    assert "退出登录" in chinese
    assert "2024年1月1日" in chinese  # the joining day, formatted for Chinese
    english = view(api, "/ui/people/rep-wang", headers={"Accept-Language": "en-GB"})
    assert "Trajectory" in english
    assert "Jan 1, 2024" in english
    token = csrf_token(api)
    switched = post_form(
        api, "/ui/language", {"lang": "en", "csrf": token, "next": "/ui/people/rep-wang"}
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/ui/people/rep-wang"
    overridden = view(api, "/ui/people/rep-wang", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="en">' in overridden
    assert "成长轨迹" not in overridden
    post_form(api, "/ui/language", {"lang": "zh-CN", "csrf": token, "next": "https://evil"})
    assert '<html lang="zh-CN">' in view(api, "/ui/people/rep-wang")
    refused = post_form(api, "/ui/language", {"lang": "fr", "csrf": token})
    assert 'data-field="lang"' in problem_page(refused, 422)


def test_numbers_and_dates_follow_the_locale(api: Api) -> None:
    """The server formats with Babel for the page's language (English and Chinese group
    digits alike; their dates differ)."""
    month_of_work(api)
    caught_up(api)
    signed_in(api, "rep-wang")
    for lang, locale in (("en", "en"), ("zh-CN", "zh_CN")):
        page = view(api, "/ui/people/rep-wang", headers={"Accept-Language": lang})
        cash = format_decimal(Decimal("20000"), format="#,##0.##", locale=locale)
        joined = format_date(date(2024, 1, 1), "medium", locale=locale)
        attained = format_percent(Decimal("0.2"), format="#,##0.0%", locale=locale)
        assert cash in page, lang
        assert joined in page, lang
        assert attained in page, lang
    chinese = view(api, "/ui/people/rep-wang", headers={"Accept-Language": "zh-CN"})
    assert "达成率" in chinese
    assert "Attainment" not in chinese


def test_no_page_loads_anything_from_elsewhere_and_the_static_files_are_served(api: Api) -> None:
    signed_in(api, "audit-sun")
    caught_up(api)  # the trajectory page reads the view: wait for the demo's hires
    pages = [view(api, "/ui/sign-in"), view(api, "/ui/audit"), view(api, "/ui/people/rep-wang")]
    assets = {a for page in pages for a in ASSETS.findall(page)}
    assert "/ui/static/vendor/chartjs-4.6.1/chart.umd.min.js" in assets
    assert all(a.startswith("/ui/static/") for a in assets), assets
    response = api.client.get("/ui/audit")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    for asset in sorted(assets):
        served = api.client.get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 500, asset
    chart_js = api.client.get("/ui/static/vendor/chartjs-4.6.1/chart.umd.min.js").text
    assert "Chart.js v4.6.1" in chart_js
    license_text = api.client.get("/ui/static/vendor/chartjs-4.6.1/LICENSE.md").text
    assert "MIT License" in license_text


def test_the_root_goes_to_each_roles_page(api: Api) -> None:
    assert api.client.get("/", follow_redirects=False).headers["location"] == "/ui/"
    expected = {
        "rep-wang": "/ui/people/rep-wang",
        "mgr-li": "/ui/teams/hz-1",
        "audit-sun": "/ui/audit",
    }
    for person, landing in expected.items():
        signed_in(api, person)
        assert api.client.get("/ui/", follow_redirects=False).headers["location"] == landing
    signed_in(api, "admin")
    assert "home" in ids_in(html(api.client.get("/ui/")))
