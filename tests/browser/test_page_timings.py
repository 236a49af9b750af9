"""How long each page takes to draw in the browser, written down for a person to read (speed
is never a timed test here), and that no page loads anything from outside the app."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict

import pytest
from selenium.webdriver import Chrome

from api.demo_logins import DemoPeople
from tests.browser.conftest import SCREENSHOTS
from tests.browser.pages import Drawing, drawing_time, foreign_resources, wait_until_drawn
from tests.browser.records import ReviewRef

pytestmark = pytest.mark.browser

TIMINGS = SCREENSHOTS / "timings.json"
CHART_SCRIPT = "/ui/static/vendor/chartjs-4.6.1/chart.umd.min.js"


def visit(browser: Chrome, base_url: str, page: str, path: str, charts: bool) -> Drawing:
    """Open the page, wait until it is drawn, check where its resources came from."""
    browser.get(f"{base_url}{path}")
    if charts:
        assert wait_until_drawn(browser), page
    drawing = drawing_time(browser, page)
    loaded, foreign = foreign_resources(browser, base_url)
    assert f"{base_url}{CHART_SCRIPT}" in loaded, (page, loaded)
    assert not foreign, (page, foreign)
    return drawing


def test_each_page_is_drawn_from_the_app_alone_and_its_drawing_time_written_down(
    browser: Chrome,
    base_url: str,
    demo_people: DemoPeople,
    amended_review: ReviewRef,
    sign_in: Callable[[Chrome, str], None],
) -> None:
    sign_in(browser, demo_people.manager)
    team = browser.current_url  # the sign-in goes to /ui/, which sends a manager to the team
    assert "/ui/teams/" in team, team
    drawings = [
        visit(browser, base_url, "team overview", team.removeprefix(base_url), charts=True),
        visit(browser, base_url, "trajectory", f"/ui/people/{demo_people.rep}", charts=True),
        visit(browser, base_url, "review", amended_review.path, charts=False),
    ]
    sign_in(browser, demo_people.auditor)
    drawings.append(visit(browser, base_url, "audit", "/ui/audit", charts=False))
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps([asdict(d) for d in drawings], indent=2) + "\n")
    for d in drawings:
        print(f"{d.page}: drawn {d.drawn_ms:.0f} ms after navigation start")
    assert all(d.drawn_ms > 0 for d in drawings)
