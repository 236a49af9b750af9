"""`make bench`, third part: the dashboard drawn in a real browser on the demo that `make run`
seeds (``PERFLEDGER_DEMO_REPS`` reps over ``PERFLEDGER_DEMO_YEARS`` years, the same defaults).

The organisation is seeded into a fresh SQLite file as the first `make run` start does (its
seconds are printed), served by uvicorn on a loopback port, and headless Chromium signs in as
the demo manager: the team overview (the manager's landing page) and the longest-serving rep's
trajectory (every month of their tenure) are each opened ``BENCH_PAGE_LOADS`` times in one
browser, and the time from navigation start until the last chart is drawn is read from the
browser's own clock. The first load of each is left out (it compiles templates, fills caches).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from fastapi import FastAPI
from selenium.webdriver import Chrome

from api.app import create_app
from api.bootstrap import Container
from api.demo_history import DemoHistory, seed_demo_history
from api.demo_logins import todays_demo_people
from api.deps import today
from services.clock import utc_now
from services.policy import EVERYTHING
from services.settings import Settings
from tests.browser import chrome
from tests.browser.pages import drawing_time, sign_in_as, wait_until_drawn
from tests.browser.server import serving

LOADS = int(os.environ.get("BENCH_PAGE_LOADS", "11"))


def seeded(folder: Path) -> FastAPI:
    """The app of a first `make run` start, its demo seeded; served, it runs its workers."""
    settings = Settings(database_url=f"sqlite:///{folder}/demo.db", mode="development")
    app = create_app(settings)
    c: Container = app.state.container
    started = time.perf_counter()
    summary = seed_demo_history(c, DemoHistory(settings.demo_reps, settings.demo_years), utc_now())
    assert summary is not None
    print(
        f"demo seeded as `make run` seeds it: {settings.demo_reps} reps, "
        f"{settings.demo_years} years, {summary.events:,} events, views built, "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return app


def drawn_ms(browser: Chrome, url: str) -> float:
    """Open the page and wait for its last chart: ms after navigation start."""
    browser.get(url)
    wait_until_drawn(browser)
    return drawing_time(browser, url).drawn_ms


def measure(browser: Chrome, url: str) -> tuple[float, float]:
    samples = [drawn_ms(browser, url) for _ in range(LOADS)][1:]
    return statistics.median(samples), max(samples)


def main() -> None:
    chrome.check_installed()
    with tempfile.TemporaryDirectory(prefix="perfledger-pages-") as folder:
        app = seeded(Path(folder))
        c: Container = app.state.container
        people = todays_demo_people(c)
        shown = c.trajectories.person(people.rep, EVERYTHING, today(c))
        months = len(shown["months"]) if shown else 0
        with serving(app) as base_url:
            browser = chrome.start("en-US")
            try:
                sign_in_as(browser, base_url, people.manager)
                rep_page = f"{base_url}/ui/people/{people.rep}"
                pages = [
                    ("team overview (the manager's landing page)", browser.current_url),
                    (f"trajectory, whole tenure ({months} months)", rep_page),
                ]
                print(f"{'page, drawn in headless Chromium':<58}{'median ms':>11}{'max ms':>9}")
                for name, url in pages:
                    median, worst = measure(browser, url)
                    print(f"{name:<58}{median:>11,.0f}{worst:>9,.0f}")
            finally:
                browser.quit()


if __name__ == "__main__":
    main()
