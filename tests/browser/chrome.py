"""Debian's Chromium driven through its own chromedriver: headless, one size, a language."""

from __future__ import annotations

from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1280, 900)


def check_installed() -> None:
    """Fail (never skip) with what to do when the browser is missing."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        raise RuntimeError(
            f"the browser tests need {' and '.join(missing)}: run `make chromium` "
            "(as root: apt-get install -y --no-install-recommends chromium chromium-driver)"
        )


def options(language: str) -> webdriver.ChromeOptions:
    """``language`` (a BCP 47 tag, e.g. ``zh-CN``) is both the UI language and the first
    language the browser asks pages for (``Accept-Language``, ``navigator.languages``)."""
    chosen = webdriver.ChromeOptions()
    chosen.binary_location = str(CHROMIUM)
    chosen.add_argument("--headless=new")
    chosen.add_argument(f"--window-size={WINDOW[0]},{WINDOW[1]}")
    chosen.add_argument(f"--lang={language}")
    chosen.add_experimental_option("prefs", {"intl.accept_languages": language})
    # Root (as here and in CI) cannot use Chromium's sandbox; containers have a small /dev/shm.
    chosen.add_argument("--no-sandbox")
    chosen.add_argument("--disable-dev-shm-usage")
    return chosen


def start(language: str) -> webdriver.Chrome:
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options(language))
