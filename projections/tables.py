"""Declared tables of a view, and the unit of work that handlers change rows through.

Handlers read and write whole rows by key; the unit of work keeps the rows a
batch touched in memory and writes each changed row once when the batch
commits. So a counter hit by a thousand events in a batch costs one upsert.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from operator import itemgetter
from typing import Any, Protocol

from domain.values import PersonalText
from projections.sealed import stored, token

Row = dict[str, Any]
Key = tuple[Any, ...]
SQL_TYPES = {"text": "TEXT", "int": "BIGINT", "bool": "SMALLINT"}


@dataclass(frozen=True)
class Table:
    """A read-model table: columns with portable types, a primary key, indexes."""

    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    @cached_property
    def column_set(self) -> frozenset[str]:
        return frozenset(self.column_names)

    def key_of(self, row: Mapping[str, Any]) -> Key:
        return self._key_getter(row)

    @cached_property
    def _key_getter(self) -> Callable[[Mapping[str, Any]], Key]:
        # Called for every row a batch touches: an itemgetter is several times cheaper.
        if len(self.key) == 1:
            only = self.key[0]
            return lambda row: (row[only],)
        return itemgetter(*self.key)

    @cached_property
    def zeros(self) -> Row:
        """A new row: counters at zero, everything else empty."""
        return {name: 0 if kind == "int" else None for name, kind in self.columns}

    def ddl(self, physical: str, local: str) -> list[str]:
        """Statements creating the table as ``physical``; indexes are named after ``local``."""
        cols = ", ".join(f"{name} {SQL_TYPES[kind]}" for name, kind in self.columns)
        statements = [
            f"CREATE TABLE IF NOT EXISTS {physical} ({cols}, PRIMARY KEY ({', '.join(self.key)}))"
        ]
        for i, index in enumerate(self.indexes):
            statements.append(
                f"CREATE INDEX IF NOT EXISTS {local}_ix{i} ON {physical} ({', '.join(index)})"
            )
        return statements


class RowSource(Protocol):
    """Where the unit of work reads rows it has not seen and writes what changed."""

    def fetch(self, table: Table, key: Key) -> Row | None: ...

    def fetch_many(self, table: Table, keys: Sequence[Key]) -> list[Row]:
        """The rows of those keys that exist, in one round trip or a few."""

    def fetch_all(self, table: Table) -> list[Row]: ...

    def write(self, table: Table, upserts: Sequence[Row], deletes: Sequence[Key]) -> None: ...


class Rows:
    """The rows a batch of events reads and changes, written once at the end."""

    def __init__(self, source: RowSource) -> None:
        self.source = source
        self.position = 0
        self._rows: dict[tuple[str, Key], Row | None] = {}
        self._tables: dict[str, Table] = {}
        self._dirty: set[tuple[str, Key]] = set()
        self._whole: set[str] = set()

    def prefetch(self, table: Table, keys: Iterable[Key]) -> None:
        """Read the rows a batch will ask for in bulk, so that each ``get`` is a lookup
        instead of a round trip; keys with no row are remembered as absent."""
        wanted = list(dict.fromkeys(k for k in keys if (table.name, k) not in self._rows))
        if not wanted or table.name in self._whole:
            return
        for key in wanted:
            self._rows[(table.name, key)] = None
        for row in self.source.fetch_many(table, wanted):
            self._rows[(table.name, table.key_of(row))] = row

    def preload(self, table: Table) -> None:
        """Read a small table whole: a key not in it has no row."""
        for row in self.source.fetch_all(table):
            self._rows.setdefault((table.name, table.key_of(row)), row)
        self._whole.add(table.name)

    def get(self, table: Table, *key: Any) -> Row | None:
        slot = (table.name, tuple(key))
        if slot not in self._rows:
            found = None if table.name in self._whole else self.source.fetch(table, tuple(key))
            self._rows[slot] = found
        row = self._rows[slot]
        return None if row is None else dict(row)

    def put(self, table: Table, row: Row) -> None:
        if not table.column_set <= row.keys():
            missing = table.column_set - row.keys()
            raise KeyError(f"{table.name}: row lacks {sorted(missing)}")
        slot = (table.name, table.key_of(row))
        self._tables[table.name] = table
        kept = {c: row[c] for c in table.column_names}
        # Text about a person is kept sealed, never in clear (projections.sealed).
        if PersonalText in map(type, kept.values()):
            kept = {c: stored(v) for c, v in kept.items()}
        self._rows[slot] = kept
        self._dirty.add(slot)

    def delete(self, table: Table, *key: Any) -> None:
        slot = (table.name, tuple(key))
        self._tables[table.name] = table
        self._rows[slot] = None
        self._dirty.add(slot)

    def add(self, table: Table, key: Mapping[str, Any], **deltas: int) -> Row:
        """Add to counters of a row, creating it with zeros (and ``None`` elsewhere)."""
        row = self.get(table, *(key[k] for k in table.key))
        if row is None:
            row = table.zeros | dict(key)
        for name, delta in deltas.items():
            row[name] = (row[name] or 0) + delta
        self.put(table, row)
        return row

    def flush(self) -> None:
        by_table: dict[str, tuple[list[Row], list[Key]]] = {}
        for name, key in sorted(self._dirty, key=lambda s: s[0]):
            upserts, deletes = by_table.setdefault(name, ([], []))
            row = self._rows[(name, key)]
            if row is None:
                deletes.append(key)
            else:
                upserts.append(row)
        for name, (upserts, deletes) in by_table.items():
            self.source.write(self._tables[name], upserts, deletes)
        self._dirty.clear()


class MemoryRows(RowSource):
    """Tables in a dict: for unit tests of handlers and fold properties."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[Key, Row]] = {}

    def fetch(self, table: Table, key: Key) -> Row | None:
        row = self.tables.get(table.name, {}).get(key)
        return None if row is None else dict(row)

    def fetch_many(self, table: Table, keys: Sequence[Key]) -> list[Row]:
        return [row for key in keys if (row := self.fetch(table, key)) is not None]

    def fetch_all(self, table: Table) -> list[Row]:
        return [dict(row) for row in self.tables.get(table.name, {}).values()]

    def write(self, table: Table, upserts: Sequence[Row], deletes: Sequence[Key]) -> None:
        rows = self.tables.setdefault(table.name, {})
        for key in deletes:
            rows.pop(key, None)
        for row in upserts:
            rows[table.key_of(row)] = dict(row)


# --- portable column values -------------------------------------------------------


def iso_day(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def iso_time(moment: datetime) -> str:
    """UTC with fixed width, so text order is time order on both stores
    (``2026-01-31T09:00:00.000000Z``)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def to_json(value: Any) -> str:
    """JSON for a column; text about a person inside it is sealed like a column's."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_json_value)


def _json_value(value: Any) -> Any:
    return token(value) if isinstance(value, PersonalText) else str(value)


def from_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def flag(value: bool) -> int:
    return 1 if value else 0


def in_list(values: Iterable[Any]) -> tuple[str, list[Any]]:
    """An IN (...) list and its parameters; an empty list matches nothing."""
    params = list(values)
    return (", ".join(["%s"] * len(params)) or "NULL"), params
