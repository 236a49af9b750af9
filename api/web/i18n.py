"""Languages of the pages: gettext catalogues compiled in memory at start, the reader's
language from a cookie or the browser, and numbers and dates formatted for it by Babel."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LOCALES_DIR = Path(__file__).parent / "locales"
# The page's ``lang`` per language we speak; English is the catalogue's own language.
LANGUAGES = {"en": "English", "zh-CN": "简体中文"}
DEFAULT = "en"
LANG_COOKIE = "perfledger_lang"


def _catalogue(lang: str) -> gettext.NullTranslations:
    """The language's ``.po`` compiled to an in-memory ``.mo`` (nothing generated on disk)."""
    po = LOCALES_DIR / lang.replace("-", "_") / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang.replace("-", "_"))
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


CATALOGUES = {lang: _catalogue(lang) for lang in LANGUAGES}


def chosen(cookie: str | None, accept_language: str | None) -> str:
    """The switch's choice if any, else the browser's first language we speak."""
    if cookie in LANGUAGES:
        return cookie
    for tag in _preferred(accept_language or ""):
        found = _spoken(tag)
        if found:
            return found
    return DEFAULT


def _preferred(header: str) -> list[str]:
    """Accept-Language tags, most wanted first (RFC 9110 weights; q=0 means not at all)."""
    weighted = []
    for n, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        try:
            weight = float(q)
        except ValueError:
            continue
        if tag and weight > 0:
            weighted.append((-weight, n, tag.strip().lower()))
    return [tag for _, _, tag in sorted(weighted)]


def _spoken(tag: str) -> str | None:
    if tag.startswith("zh") and not tag.startswith(("zh-tw", "zh-hk", "zh-hant")):
        return "zh-CN"
    if tag.startswith("en"):
        return "en"
    return None


@dataclass(frozen=True)
class Speaker:
    """One reader's language: translations and the locale's formats."""

    lang: str
    timezone: ZoneInfo

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.lang.replace("-", "_"))

    def gettext(self, message: str) -> str:
        return CATALOGUES[self.lang].gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return CATALOGUES[self.lang].ngettext(singular, plural, n)

    def number(self, value: Decimal | int | float | str | None, digits: int = 2) -> str:
        if value is None or value == "":
            return "–"
        quantum = Decimal(1).scaleb(-digits)
        rounded = Decimal(str(value)).quantize(quantum)
        return format_decimal(rounded, format=f"#,##0.{'#' * digits}", locale=self.locale)

    def percent(self, value: Decimal | float | str | None) -> str:
        if value is None or value == "":
            return "–"
        return format_percent(Decimal(str(value)), format="#,##0.0%", locale=self.locale)

    def day(self, value: date | str | None) -> str:
        if value is None or value == "":
            return "–"
        found = date.fromisoformat(value) if isinstance(value, str) else value
        return format_date(found, "medium", locale=self.locale)

    def moment(self, value: datetime | str | None) -> str:
        """A recorded time, in the organisation's timezone."""
        if value is None or value == "":
            return "–"
        found = datetime.fromisoformat(value) if isinstance(value, str) else value
        return format_datetime(found, "medium", tzinfo=self.timezone, locale=self.locale)
