"""Keyset pages: continue after the sort key of the last row a client saw."""

from __future__ import annotations

from typing import Any


def continuing(cursor: str | None, *, newest_first: bool = True) -> tuple[str, list[Any]]:
    """The condition (``AND sort_key ...``) that starts a page after ``cursor``, if any.

    Sort keys are fixed-width text (day, time, id), so text order is time order on both
    stores, and a page is read off an index on (owner, sort_key) whatever the history.
    """
    if cursor is None:
        return "", []
    return ("AND sort_key < %s" if newest_first else "AND sort_key > %s"), [cursor]
