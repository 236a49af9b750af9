"""Views never hold text about a person in clear: they hold it sealed, as the event does.

A handler puts the ``PersonalText`` itself into a row (or into a JSON column);
the unit of work stores it as a token, ``\\x1f<subject>\\x1f<ciphertext>``, the
ciphertext copied from the stored event (no key is needed to write a view). A
text already erased when the view was built is ``\\x1f<subject>\\x1f``.
``View.select`` opens tokens on the way out: the text while the subject's key
lives, the erased marker after. So an erasure reaches every view at once,
rebuilt or not. Free text never holds a 0x1f byte (control characters are
refused on input), and JSON escapes it, so a token cannot be forged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, Protocol

from domain.values import PersonalText

MARK = "\x1f"
# A token inside a JSON column: JSON writes the mark as \u001f.
_IN_JSON = re.compile(r'"\\u001f([A-Za-z0-9._:-]+)\\u001f([A-Za-z0-9+/=]*)"')
_ESCAPED = "\\u001f"


class UnsealedText(ValueError):
    """Text about a person reached a view without passing through the store."""


class Opener(Protocol):
    def open(self, about: str, sealed: str) -> str:
        """The text, or the erased marker when the subject's key is destroyed."""


def token(text: PersonalText) -> str:
    """How a view stores a text: its subject and the event's ciphertext."""
    if text.erased:
        return f"{MARK}{text.about}{MARK}"
    if text.sealed is None:
        raise UnsealedText(f"text about {text.about} was not read from the store")
    return f"{MARK}{text.about}{MARK}{text.sealed}"


def stored(value: Any) -> Any:
    """A column value as a view stores it."""
    return token(value) if isinstance(value, PersonalText) else value


def open_value(value: Any, opener: Opener) -> Any:
    """A stored column value as a reader sees it (tokens opened, in JSON too)."""
    if not isinstance(value, str):
        return value
    if value.startswith(MARK):
        about, _, sealed = value[1:].partition(MARK)
        return opener.open(about, sealed)
    if _ESCAPED in value:
        return _IN_JSON.sub(lambda m: _json_string(opener.open(m.group(1), m.group(2))), value)
    return value


def open_rows(rows: Sequence[dict[str, Any]], opener: Opener) -> list[dict[str, Any]]:
    return [{k: open_value(v, opener) for k, v in row.items()} for row in rows]


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
