"""Pages of views read by keyset: ``next`` is the sort key of a full page's last row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from api.models import Page
from projections.tables import Row

T = TypeVar("T")


def keyset_page(items: list[T], rows: Sequence[Row], limit: int) -> Page[T]:
    return Page(items=items, next=rows[-1]["sort_key"] if len(rows) == limit else None)
