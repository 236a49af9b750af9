"""The manager's way through the pages in a real browser: the team overview with each
member's small chart, a member's trajectory over years, and both in Simplified Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By

from api.demo_logins import DemoPeople
from tests.browser.pages import (
    assert_charts_drawn,
    chart_data,
    click_and_wait_for,
    html_lang,
    sign_in_as,
    wait_for,
)

pytestmark = pytest.mark.browser

TRAJECTORY_CHARTS = {
    f"trajectory-chart-{name}"
    for name in (
        "process",
        "shares",
        "indices",
        "results",
        "forecast",
        "values",
        "placement",
        "ramp",
    )
}
CATALOGUE = Path(__file__).resolve().parents[2] / "api/web/locales/zh_CN/LC_MESSAGES/messages.po"
# Babel's medium date in Chinese, e.g. 2022年8月22日; in English, e.g. Aug 22, 2022.
CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
ENGLISH_DATE = re.compile(r"[A-Z][a-z]{2} \d{1,2}, \d{4}")


def chinese(msgid: str) -> str:
    """The catalogue's translation, read from the .po file the translators edit."""
    with CATALOGUE.open("rb") as f:
        translated = read_po(f, locale="zh_CN")[msgid]
    assert translated is not None, msgid
    assert translated.string, msgid
    return str(translated.string)


def open_team_overview(browser: Chrome, base_url: str, people: DemoPeople) -> list[str]:
    """The manager lands on their team's overview from ``/``; the members listed."""
    browser.get(f"{base_url}/")
    wait_for(browser, '[data-testid="team-overview"]')
    rows = browser.find_elements(By.CSS_SELECTOR, '[data-testid="team-member-row"]')
    return [str(row.get_attribute("data-person")) for row in rows]


def open_trajectory_from_team(browser: Chrome, person_id: str) -> None:
    row = browser.find_element(
        By.CSS_SELECTOR, f'[data-testid="team-member-row"][data-person="{person_id}"]'
    )
    link = row.find_element(By.CSS_SELECTOR, f'a[href="/ui/people/{person_id}"]')
    click_and_wait_for(browser, link, f'[data-testid="trajectory"][data-person="{person_id}"]')


def manager_opens_trajectory(
    browser: Chrome, base_url: str, people: DemoPeople, person_id: str
) -> None:
    """The manager signs in, lands on the team overview and clicks through to a member."""
    sign_in_as(browser, base_url, people.manager)
    open_team_overview(browser, base_url, people)
    open_trajectory_from_team(browser, person_id)


def test_the_manager_lands_on_the_team_overview_with_each_members_chart_drawn(
    browser: Chrome,
    base_url: str,
    demo_people: DemoPeople,
    sign_in: Callable[[Chrome, str], None],
    screenshot: Callable[[str], Path],
) -> None:
    sign_in(browser, demo_people.manager)
    members = open_team_overview(browser, base_url, demo_people)
    assert {demo_people.rep, demo_people.other_rep} <= set(members)
    assert len(members) == len(set(members))
    assert_charts_drawn(browser, {f"team-chart-{person}" for person in members})
    signed_in = browser.find_element(By.CSS_SELECTOR, '[data-testid="signed-in-as"]')
    assert signed_in.text == demo_people.manager
    assert browser.find_elements(By.CSS_SELECTOR, '[data-testid="member-plan"]')
    for testid in ("queue-visits", "queue-reviews", "leaderboard"):
        assert browser.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]'), testid
    screenshot("team-overview")


def test_from_the_team_the_reps_trajectory_shows_every_chart_over_years(
    browser: Chrome,
    base_url: str,
    demo_people: DemoPeople,
    screenshot: Callable[[str], Path],
) -> None:
    manager_opens_trajectory(browser, base_url, demo_people, demo_people.rep)
    assert browser.current_url == f"{base_url}/ui/people/{demo_people.rep}"
    assert_charts_drawn(browser, TRAJECTORY_CHARTS)
    months = chart_data(browser, "trajectory-chart-process")["labels"]
    assert len(months) >= 18, months
    assert len({month[:4] for month in months}) >= 2, months
    table = browser.find_elements(
        By.CSS_SELECTOR, '[data-testid="trajectory-months"] tr[data-month]'
    )
    assert sorted(str(row.get_attribute("data-month")) for row in table) == sorted(months)
    cycles = browser.find_elements(By.CSS_SELECTOR, '[data-testid="cycle-link"]')
    assert len(cycles) >= 2
    assert browser.find_elements(By.CSS_SELECTOR, '[data-testid="trajectory-periods"] tbody tr')
    screenshot("trajectory")


def test_the_switch_brings_the_trajectory_back_in_simplified_chinese_with_its_charts(
    browser: Chrome,
    base_url: str,
    demo_people: DemoPeople,
    screenshot: Callable[[str], Path],
) -> None:
    manager_opens_trajectory(browser, base_url, demo_people, demo_people.rep)
    heading = browser.find_element(By.CSS_SELECTOR, '[data-testid="trajectory"]')
    assert html_lang(browser) == "en"
    assert ENGLISH_DATE.search(heading.text), heading.text
    assert not CHINESE_DATE.search(heading.text), heading.text
    switch = browser.find_element(By.CSS_SELECTOR, '[data-testid="lang-switch"]')
    to_chinese = switch.find_element(By.CSS_SELECTOR, '[data-testid="lang-zh-CN"]')
    heading = click_and_wait_for(browser, to_chinese, '[data-testid="trajectory"]')
    assert browser.current_url == f"{base_url}/ui/people/{demo_people.rep}"
    assert html_lang(browser) == "zh-CN"
    title = heading.find_element(By.TAG_NAME, "h1").text
    assert title.startswith(f"{chinese('Trajectory')}:"), title
    joined = re.search(rf"{chinese('Joined')} ({CHINESE_DATE.pattern})", heading.text)
    assert joined, heading.text
    pressed = browser.find_element(By.CSS_SELECTOR, '[data-testid="lang-zh-CN"]')
    assert pressed.get_attribute("aria-pressed") == "true"
    assert_charts_drawn(browser, TRAJECTORY_CHARTS)
    screenshot("trajectory-zh")


@pytest.mark.parametrize("browser_language", ["zh-CN"])
def test_a_browser_asking_for_chinese_gets_the_pages_in_chinese_without_the_switch(
    browser: Chrome,
    base_url: str,
    demo_people: DemoPeople,
    sign_in: Callable[[Chrome, str], None],
) -> None:
    sign_in(browser, demo_people.manager)
    open_team_overview(browser, base_url, demo_people)
    assert html_lang(browser) == "zh-CN"
    heading = browser.find_element(By.CSS_SELECTOR, '[data-testid="team-overview"] h1')
    assert heading.text.startswith(f"{chinese('Team overview')}:"), heading.text
    sign_out = browser.find_element(By.CSS_SELECTOR, '[data-testid="sign-out"]')
    assert sign_out.text == chinese("Sign out")
    open_trajectory_from_team(browser, demo_people.rep)
    assert html_lang(browser) == "zh-CN"
    meta = browser.find_element(By.CSS_SELECTOR, '[data-testid="trajectory"] .meta').text
    assert CHINESE_DATE.search(meta), meta
    assert_charts_drawn(browser, TRAJECTORY_CHARTS)
