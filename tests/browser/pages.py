"""What the page tests ask of a page in the browser: its charts drawn (and with pixels), the
data behind a chart, when it was drawn, and where its resources came from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

WAIT_SECONDS = 10
CHARTS = "canvas[data-chart]"
ALL_DRAWN = """
const charts = document.querySelectorAll('canvas[data-chart]');
return charts.length > 0 && !document.querySelector('canvas[data-chart]:not([data-drawn="true"])');
"""
# Each chart's pixels: how many are painted at all, and how many in a strong colour (a
# series or its legend; the axes and grid are grey).
PIXELS = """
return Array.from(document.querySelectorAll('canvas[data-chart]')).map((canvas) => {
  const {data} = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0, coloured = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue;
    painted += 1;
    const high = Math.max(data[i], data[i + 1], data[i + 2]);
    const low = Math.min(data[i], data[i + 1], data[i + 2]);
    if (data[i + 3] > 128 && high - low > 60) coloured += 1;
  }
  return {id: canvas.id, painted: painted, coloured: coloured};
});
"""
TIMING = """
const [nav] = performance.getEntriesByType('navigation');
return {drawn: window.perfledgerDrawn === undefined ? null : window.perfledgerDrawn,
        response_end: nav.responseEnd, dom_content_loaded: nav.domContentLoadedEventEnd};
"""
DRAWN_MARK = "return window.perfledgerDrawn !== undefined"
RESOURCES = "return performance.getEntriesByType('resource').map((r) => r.name)"


def wait_for(browser: Chrome, selector: str) -> WebElement:
    found = expected_conditions.presence_of_element_located((By.CSS_SELECTOR, selector))
    element: WebElement = WebDriverWait(browser, WAIT_SECONDS).until(found)
    return element


def click_and_wait_for(browser: Chrome, element: WebElement, selector: str) -> WebElement:
    """Click a link or button and wait for the next page (the old one gone, ``selector`` in
    the new one)."""
    element.click()
    WebDriverWait(browser, WAIT_SECONDS).until(expected_conditions.staleness_of(element))
    return wait_for(browser, selector)


def wait_until_drawn(browser: Chrome) -> list[str]:
    """Wait until every chart canvas of the page has ``data-drawn``; their ids."""
    WebDriverWait(browser, WAIT_SECONDS).until(lambda b: b.execute_script(ALL_DRAWN))
    drawn = browser.find_elements(By.CSS_SELECTOR, 'canvas[data-drawn="true"]')
    return [str(canvas.get_attribute("id")) for canvas in drawn]


def assert_charts_drawn(browser: Chrome, expected: set[str]) -> None:
    """Exactly the ``expected`` charts drawn, each with painted and coloured pixels."""
    assert set(wait_until_drawn(browser)) == expected
    pixels: list[dict[str, Any]] = browser.execute_script(PIXELS)
    blank = [p for p in pixels if p["painted"] == 0 or p["coloured"] == 0]
    assert not blank, f"charts marked drawn but blank or grey only: {blank}"


def chart_data(browser: Chrome, chart_id: str) -> dict[str, Any]:
    """The JSON the server put beside the chart's canvas."""
    source = browser.find_element(By.ID, f"{chart_id}-data")
    data: dict[str, Any] = json.loads(str(source.get_attribute("textContent")))
    return data


def html_lang(browser: Chrome) -> str:
    return str(browser.find_element(By.TAG_NAME, "html").get_attribute("lang"))


@dataclass(frozen=True)
class Drawing:
    """When a page was drawn, in ms since its navigation started (the browser's clock)."""

    page: str
    drawn_ms: float
    response_end_ms: float
    dom_content_loaded_ms: float


def drawing_time(browser: Chrome, page: str) -> Drawing:
    WebDriverWait(browser, WAIT_SECONDS).until(lambda b: b.execute_script(DRAWN_MARK))
    t: dict[str, float] = browser.execute_script(TIMING)
    ms = {name: round(value, 1) for name, value in t.items()}
    return Drawing(page, ms["drawn"], ms["response_end"], ms["dom_content_loaded"])


def foreign_resources(browser: Chrome, base_url: str) -> tuple[list[str], list[str]]:
    """(every resource the page loaded, those not from ``base_url``)."""
    loaded: list[str] = browser.execute_script(RESOURCES)
    return loaded, [url for url in loaded if not url.startswith(f"{base_url}/")]


def sign_in_as(browser: Chrome, base_url: str, person_id: str) -> None:
    """In development the sign-in page lists people; clicking one signs in as them. Waits
    until the page it clicked on has gone (the sign-in has answered)."""
    browser.get(f"{base_url}/ui/sign-in")
    person = f'[data-testid="sign-in-person"][data-person="{person_id}"]'
    clickable = expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, person))
    button = WebDriverWait(browser, WAIT_SECONDS).until(clickable)
    button.click()
    WebDriverWait(browser, WAIT_SECONDS).until(expected_conditions.staleness_of(button))
