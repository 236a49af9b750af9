"""A review's history with its amendment, the calibration board and the audit page in a real
browser, each for the reader it is for; and a teammate refused the rep's pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By

from api.demo_logins import DemoPeople
from api.routers.audit import COLUMNS
from tests.browser.conftest import DemoServer
from tests.browser.pages import assert_charts_drawn, click_and_wait_for, wait_for
from tests.browser.records import ReviewRef, latest_calibration, latest_review
from tests.browser.test_pages import manager_opens_trajectory

pytestmark = pytest.mark.browser

# Runs in the page: the export as the browser downloads it, with the page's session cookie.
FIRST_LINES = """
const [href, done] = arguments;
fetch(href, {credentials: 'same-origin'}).then(async (r) => {
  const text = await r.text();
  done({status: r.status, type: r.headers.get('content-type'), lines: text.split('\\n', 2)});
}).catch((e) => done({error: String(e)}));
"""


def texts(browser: Chrome, selector: str) -> list[str]:
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, selector)]


def first_lines(browser: Chrome, testid: str) -> dict[str, Any]:
    link = browser.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')
    answer: dict[str, Any] = browser.execute_async_script(FIRST_LINES, link.get_attribute("href"))
    return answer


def test_from_the_trajectory_the_review_shows_its_history_and_the_amendment_beside_the_original(
    browser: Chrome,
    base_url: str,
    demo_people: DemoPeople,
    amended_review: ReviewRef,
    screenshot: Callable[[str], Path],
) -> None:
    manager_opens_trajectory(browser, base_url, demo_people, amended_review.person_id)
    link = browser.find_element(
        By.CSS_SELECTOR, f'[data-testid="cycle-link"][href="{amended_review.path}"]'
    )
    click_and_wait_for(browser, link, '[data-testid="review"]')
    assert browser.current_url == f"{base_url}{amended_review.path}"
    history = browser.find_elements(By.CSS_SELECTOR, '[data-testid="review-history"] li')
    kinds = [str(entry.get_attribute("data-kind")) for entry in history]
    assert "ValuesAssessmentSealed" in kinds
    assert kinds.index("ValuesAssessmentSealed") < kinds.index("AssessmentAmended")
    reason = browser.find_element(By.CSS_SELECTOR, '[data-testid="amendment-reason"]').text
    assert reason.strip()
    originals = texts(browser, '[data-testid="amendment-original"]')
    amended = texts(browser, '[data-testid="amendment-new"]')
    assert originals
    assert len(originals) == len(amended)
    assert any(was != now for was, now in zip(originals, amended, strict=True))
    assert browser.find_elements(By.CSS_SELECTOR, '[data-testid="receipt"]')
    amendment = browser.find_element(By.CSS_SELECTOR, '[data-testid="amendment"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", amendment)
    screenshot("review")


def test_the_hrbp_sees_the_teams_calibration_board_with_its_distribution_drawn(
    browser: Chrome,
    base_url: str,
    demo_server: DemoServer,
    sign_in: Callable[[Chrome, str], None],
    screenshot: Callable[[str], Path],
) -> None:
    people, c = demo_server.people, demo_server.container
    team = (c.views.directory.person(people.rep) or {})["team_id"]
    cycle, group = latest_calibration(c, team)
    sign_in(browser, people.hrbp)
    browser.get(f"{base_url}/ui/cycles/{cycle}/calibration?kind=team&group_id={group}")
    board = wait_for(browser, '[data-testid="calibration-board"]')
    assert board.get_attribute("data-group") == f"team:{group}"
    assert_charts_drawn(browser, {"calibration-chart-distribution"})
    members = browser.find_elements(By.CSS_SELECTOR, '[data-testid="calibration-members"] tbody tr')
    assert {people.rep, people.other_rep} <= {m.get_attribute("data-person") for m in members}
    screenshot("calibration")


def test_the_auditor_lands_on_the_audit_table_and_its_exports_download(
    browser: Chrome,
    base_url: str,
    demo_people: DemoPeople,
    sign_in: Callable[[Chrome, str], None],
    screenshot: Callable[[str], Path],
) -> None:
    sign_in(browser, demo_people.auditor)
    browser.get(f"{base_url}/")
    wait_for(browser, '[data-testid="audit-table"]')
    assert browser.current_url == f"{base_url}/ui/audit"
    rows = browser.find_elements(By.CSS_SELECTOR, '[data-testid="audit-row"]')
    assert len(rows) > 10
    assert len(browser.find_elements(By.CSS_SELECTOR, '[data-testid="audit-as-of"]')) == len(rows)
    csv = first_lines(browser, "audit-export-csv")
    assert csv["status"] == 200, csv
    assert csv["type"].startswith("text/csv"), csv
    assert csv["lines"][0].rstrip("\r").split(",") == COLUMNS
    jsonl = first_lines(browser, "audit-export-jsonl")
    assert jsonl["status"] == 200, jsonl
    assert set(json.loads(jsonl["lines"][0])) == set(COLUMNS)
    screenshot("audit")


def test_a_teammate_is_refused_the_reps_trajectory_and_review_with_nothing_of_theirs_shown(
    browser: Chrome,
    base_url: str,
    demo_server: DemoServer,
    sign_in: Callable[[Chrome, str], None],
) -> None:
    people, c = demo_server.people, demo_server.container
    name = (c.views.directory.person(people.rep) or {})["name"]
    sign_in(browser, people.other_rep)
    for path in (f"/ui/people/{people.rep}", latest_review(c, people.rep).path):
        browser.get(f"{base_url}{path}")
        wait_for(browser, '[data-testid="problem"][data-status="403"]')
        assert not browser.find_elements(By.TAG_NAME, "canvas"), path
        assert not browser.find_elements(By.CSS_SELECTOR, 'script[type="application/json"]'), path
        assert not browser.find_elements(By.TAG_NAME, "table"), path
        assert name not in browser.page_source, path
