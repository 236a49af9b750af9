"""The harness itself, in a real browser: the seeded server answers the page, scripts in
the page reach the API as a demo person, and a test chooses the browser's language."""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By

from api.demo_logins import DemoPeople
from tests.browser import chrome

pytestmark = pytest.mark.browser

# Runs in the page; Selenium passes a callback as the last argument of an async script.
FETCH = """
const [path, token, done] = arguments;
const headers = token ? {Authorization: `Bearer ${token}`} : {};
fetch(path, {headers}).then(async (r) => done(
    {status: r.status, type: r.headers.get("content-type"), body: await r.json()}
)).catch((e) => done({error: String(e)}));
"""


def _fetch(browser: Chrome, path: str, token: str | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = browser.execute_async_script(FETCH, path, token)
    return answer


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_the_page_shows_the_health_of_a_server_whose_views_are_built(
    browser: Chrome, base_url: str, screenshot: Callable[[str], Path]
) -> None:
    browser.get(f"{base_url}/health")
    health = json.loads(browser.find_element(By.TAG_NAME, "pre").text)
    assert health["status"] == "ok"
    assert health["head"] > 5_000
    assert set(health["views"].values()) == {health["head"]}
    # The window is the size asked for; a screenshot is its page area, as wide.
    size = browser.get_window_size()
    assert (size["width"], size["height"]) == chrome.WINDOW
    width, height = _png_size(screenshot("harness-health"))
    assert width == chrome.WINDOW[0]
    assert 0 < height <= chrome.WINDOW[1]


def test_a_script_in_the_page_reaches_the_api_as_a_demo_person_and_not_without_a_token(
    browser: Chrome, base_url: str, demo_people: DemoPeople, bearer: Callable[[str], str]
) -> None:
    browser.get(f"{base_url}/health")  # scripts run with the page's origin
    me = _fetch(browser, "/me", bearer(demo_people.rep))
    assert me["status"] == 200, me
    assert me["body"] == {"person_id": demo_people.rep, "roles": ["rep"]}
    anonymous = _fetch(browser, "/me")
    assert anonymous["status"] == 401
    assert anonymous["type"] == "application/problem+json"


def test_the_manager_named_sees_the_rep_named_in_the_directory(
    browser: Chrome, base_url: str, demo_people: DemoPeople, bearer: Callable[[str], str]
) -> None:
    browser.get(f"{base_url}/health")
    people = _fetch(browser, "/people?limit=500", bearer(demo_people.manager))
    assert people["status"] == 200, people
    seen = {p["person_id"] for p in people["body"]["items"]}
    assert {demo_people.rep, demo_people.other_rep} <= seen


@pytest.mark.parametrize("browser_language", ["zh-CN", "en-GB"])
def test_the_browser_speaks_the_language_a_test_asks_for(
    browser: Chrome, base_url: str, browser_language: str
) -> None:
    browser.get(f"{base_url}/health")
    languages = browser.execute_script("return navigator.languages")
    assert languages[0] == browser_language
    assert browser.execute_script("return navigator.language") == browser_language
