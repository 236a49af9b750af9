"""Every string the pages show has its Simplified Chinese, and languages are chosen as
browsers ask: the catalogue is compiled in memory from the ``.po`` source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from jinja2.ext import babel_extract

from api.web.i18n import CATALOGUES, LOCALES_DIR, chosen
from api.web.labels import TERMS

WEB = Path(__file__).parents[2] / "api" / "web"


def _template_messages() -> set[str]:
    found = set()
    for template in (WEB / "templates").glob("*.html"):
        with template.open("rb") as f:
            for _, _, message, _ in babel_extract(f, ("_", "gettext"), [], {}):
                first = message if isinstance(message, str) else (message or ("",))[0]
                found.add(str(first))
    return found


def _python_messages() -> set[str]:
    found = set()
    for module in WEB.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(str(node.args[0].value))
    return found


def test_every_message_of_the_pages_is_translated() -> None:
    messages = _template_messages() | _python_messages()
    messages |= {english for kind in TERMS.values() for english in kind.values()}
    assert len(messages) > 150
    chinese = CATALOGUES["zh-CN"]
    missing = sorted(m for m in messages if chinese.gettext(m) == m)
    assert missing == []


def test_no_compiled_catalogue_is_kept() -> None:
    assert list(LOCALES_DIR.rglob("*.mo")) == []


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        (None, "zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        (None, "en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        (None, "fr-FR, zh;q=0.5", "zh-CN"),
        (None, "zh-TW", "en"),
        (None, "zh-CN;q=0, en;q=0.1", "en"),
        (None, None, "en"),
        ("en", "zh-CN", "en"),
        ("zh-CN", "en", "zh-CN"),
        ("klingon", "zh-CN", "zh-CN"),
    ],
)
def test_the_language_chosen(cookie: str | None, header: str | None, expected: str) -> None:
    assert chosen(cookie, header) == expected
