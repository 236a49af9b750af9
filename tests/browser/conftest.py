"""Browser tests: headless Chromium against the real app serving a generated organisation.

One server per session: a SQLite file seeded by what ``make run`` seeds (a small history),
views built, the app (``create_app``, its view runner and ledger follower) served by
uvicorn on a loopback port. Each test gets a fresh browser.

- ``base_url``: where the app answers, e.g. ``f"{base_url}/health"``.
- ``demo_people``: ids of people employed today: ``rep`` (the longest-serving), their
  ``manager``, ``other_rep`` (a teammate), ``hrbp`` (the team's), ``auditor``, ``admin``.
- ``browser``: a Chrome session, quit after the test; parametrize ``browser_language``
  (default ``en-US``) to start it in another language (``--lang`` and Accept-Language).
- ``screenshot(name)``: saves the page to ``var/screenshots/<name>.png``, returns the path.
- ``sign_in(browser, person_id)``: signs in through the development sign-in page.
- ``bearer(person_id)``: a development token with the person's roles, for ``fetch``.
- ``amended_review``: a review of someone on the manager's team with an amended assessment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.webdriver import Chrome

from api.app import create_app
from api.bootstrap import Container
from api.demo_history import DemoHistory, seed_demo_history
from api.demo_logins import DemoPeople, todays_demo_people, token_for
from services.clock import utc_now
from tests.browser import chrome, records
from tests.browser.pages import sign_in_as
from tests.browser.server import serving
from tests.conftest import sqlite_settings

# A handful of reps over two years: a few seconds to generate and build the views.
BROWSER_HISTORY = DemoHistory(reps=5, years=2, seed=20_260_110)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@dataclass(frozen=True)
class DemoServer:
    base_url: str
    people: DemoPeople
    container: Container


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """As ``perfledger serve`` starts: the app built, the demo seeded on its container."""
    settings = sqlite_settings(tmp_path_factory.mktemp("browser"), mode="development")
    app = create_app(settings)
    c: Container = app.state.container
    seed_demo_history(c, BROWSER_HISTORY, utc_now())
    with serving(app) as base_url:
        yield DemoServer(base_url, todays_demo_people(c), c)


@pytest.fixture(scope="session")
def base_url(demo_server: DemoServer) -> str:
    return demo_server.base_url


@pytest.fixture(scope="session")
def demo_people(demo_server: DemoServer) -> DemoPeople:
    return demo_server.people


@pytest.fixture
def browser_language() -> str:
    """Override with ``@pytest.mark.parametrize("browser_language", ["zh-CN"])``."""
    return "en-US"


@pytest.fixture
def browser(browser_language: str) -> Iterator[Chrome]:
    chrome.check_installed()
    driver = chrome.start(browser_language)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def screenshot(browser: Chrome) -> Callable[[str], Path]:
    def take(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        if not browser.save_screenshot(str(path)):
            raise RuntimeError(f"the browser could not save {path}")
        return path

    return take


@pytest.fixture
def sign_in(base_url: str) -> Callable[[Chrome, str], None]:
    """``sign_in(browser, person_id)`` through the development sign-in page."""
    return lambda browser, person_id: sign_in_as(browser, base_url, person_id)


@pytest.fixture(scope="session")
def bearer(demo_server: DemoServer) -> Callable[[str], str]:
    return lambda person_id: token_for(demo_server.container, person_id)


@pytest.fixture(scope="session")
def amended_review(demo_server: DemoServer) -> records.ReviewRef:
    c, people = demo_server.container, demo_server.people
    return records.amended_review(c, people, demo_server.base_url)
