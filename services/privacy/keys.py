"""Where data keys are kept: one interface, a table in the event store's database by
default (``keys_sql``), a directory of files, or memory for tests.

A key is stored wrapped by the master key. Destroying a key keeps a tombstone
(the subject and when): the wrapped bytes are gone, and no new key may be made
for that subject, so nothing new can be written that the erasure would miss.
The store is not append-only: destroying overwrites.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from services.secret_files import write_once


@dataclass(frozen=True)
class StoredKey:
    """A subject's data key as stored: wrapped, or (destroyed) only its tombstone."""

    subject: str
    wrapped: bytes | None
    master_key_id: str
    created_at: str
    destroyed_at: str | None = None

    @property
    def destroyed(self) -> bool:
        return self.destroyed_at is not None

    def tombstone(self, at: str) -> StoredKey:
        return replace(self, wrapped=None, destroyed_at=self.destroyed_at or at)


class KeyStore(Protocol):
    def create(self) -> None:
        """Create what the store needs (a table, a directory); harmless when it exists."""

    def fetch(self, subject: str) -> StoredKey | None: ...

    def add(self, key: StoredKey) -> StoredKey:
        """Keep the key unless the subject has one (or a tombstone); return what is kept."""

    def destroy(self, subject: str, at: str) -> None:
        """Overwrite the subject's key with a tombstone (one is written if there was none)."""

    def destroyed_count(self) -> int: ...

    def destroyed(self) -> list[str]: ...

    def live(self) -> Iterator[StoredKey]:
        """Every key that still exists, in subject order."""


def tombstone_of(subject: str, at: str) -> StoredKey:
    return StoredKey(subject, None, "", at, at)


class MemoryKeyStore:
    """Keys in a dict: for unit tests and the in-memory fold of views."""

    def __init__(self) -> None:
        self.keys: dict[str, StoredKey] = {}
        self._lock = threading.Lock()

    def create(self) -> None:
        return None

    def fetch(self, subject: str) -> StoredKey | None:
        return self.keys.get(subject)

    def add(self, key: StoredKey) -> StoredKey:
        with self._lock:
            return self.keys.setdefault(key.subject, key)

    def destroy(self, subject: str, at: str) -> None:
        with self._lock:
            found = self.keys.get(subject)
            self.keys[subject] = tombstone_of(subject, at) if found is None else found.tombstone(at)

    def destroyed_count(self) -> int:
        return len(self.destroyed())

    def destroyed(self) -> list[str]:
        return sorted(s for s, k in self.keys.items() if k.destroyed)

    def live(self) -> Iterator[StoredKey]:
        return iter([k for _, k in sorted(self.keys.items()) if not k.destroyed])


class FileKeyStore:
    """One JSON file per subject in a directory (named by a hash of the subject).

    Destroying overwrites the file's bytes in place with zeros before the tombstone
    replaces it, so the wrapped key does not linger in the file's old blocks on
    file systems that overwrite in place (copy-on-write ones and SSDs may keep them:
    the wrapped key is still useless without the master key).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def create(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _path(self, subject: str) -> Path:
        return self.directory / (hashlib.sha256(subject.encode()).hexdigest() + ".json")

    def fetch(self, subject: str) -> StoredKey | None:
        path = self._path(subject)
        return _read(path) if path.exists() else None

    def add(self, key: StoredKey) -> StoredKey:
        write_once(self._path(key.subject), _dumps(key))
        found = self.fetch(key.subject)
        assert found is not None
        return found

    def destroy(self, subject: str, at: str) -> None:
        path = self._path(subject)
        found = self.fetch(subject)
        if found is not None and found.wrapped is not None:
            with path.open("r+b") as f:
                f.write(b"\0" * path.stat().st_size)
                f.flush()
                os.fsync(f.fileno())
        tomb = tombstone_of(subject, at) if found is None else found.tombstone(at)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(_dumps(tomb))
        os.replace(temporary, path)

    def _all(self) -> list[StoredKey]:
        if not self.directory.exists():
            return []
        return sorted((_read(p) for p in self.directory.glob("*.json")), key=lambda k: k.subject)

    def destroyed_count(self) -> int:
        return len(self.destroyed())

    def destroyed(self) -> list[str]:
        return [k.subject for k in self._all() if k.destroyed]

    def live(self) -> Iterator[StoredKey]:
        return iter([k for k in self._all() if not k.destroyed])


def _dumps(key: StoredKey) -> str:
    return json.dumps(
        {
            "subject": key.subject,
            "wrapped": None if key.wrapped is None else key.wrapped.hex(),
            "master_key_id": key.master_key_id,
            "created_at": key.created_at,
            "destroyed_at": key.destroyed_at,
        }
    )


def _read(path: Path) -> StoredKey:
    data = json.loads(path.read_text())
    wrapped = data["wrapped"]
    return StoredKey(
        data["subject"],
        None if wrapped is None else bytes.fromhex(wrapped),
        data["master_key_id"],
        data["created_at"],
        data["destroyed_at"],
    )
