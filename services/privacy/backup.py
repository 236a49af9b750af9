"""Key backups: what ``perfledger keys export`` writes and ``keys import`` reads back.

A key backup holds keys still wrapped by the master key. It must never carry a
destroyed key: the export refuses one (a tombstone, or a subject the log says
was erased whose key a crash left alive: ``keys reconcile`` first), and the
import refuses to bring back the key of anyone the store or the log says was
erased, so restoring an old key backup cannot undo an erasure.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from services.privacy.keys import KeyStore, StoredKey


class BackupRefused(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Imported:
    added: list[str]
    present: list[str]
    refused: list[str]


def export_keys(
    keys: KeyStore, erased_in_log: Iterable[str], subjects: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Every live key (or the named ones), as stored: wrapped by the master key."""
    erased = set(erased_in_log)
    found = _named(keys, subjects) if subjects else list(keys.live())
    destroyed = sorted(
        {k.subject for k in found if k.destroyed} | (erased & {k.subject for k in found})
    )
    if destroyed:
        raise BackupRefused(
            f"refusing to export destroyed keys ({', '.join(destroyed)}); "
            "an erased person's key never leaves the store (run perfledger keys reconcile)"
        )
    return [_exported(k) for k in found]


def import_keys(
    keys: KeyStore, erased_in_log: Iterable[str], exported: Iterable[dict[str, Any]]
) -> Imported:
    """Bring back keys the store lacks; never one the store or the log says was destroyed."""
    erased = set(erased_in_log)
    added: list[str] = []
    present: list[str] = []
    refused: list[str] = []
    for data in exported:
        key = _stored(data)
        current = keys.fetch(key.subject)
        if key.subject in erased or (current is not None and current.destroyed):
            refused.append(key.subject)
        elif current is not None:
            present.append(key.subject)
        else:
            keys.add(key)
            added.append(key.subject)
    return Imported(added, present, refused)


def _named(keys: KeyStore, subjects: Sequence[str]) -> list[StoredKey]:
    found = [(s, keys.fetch(s)) for s in subjects]
    missing = [s for s, k in found if k is None]
    if missing:
        raise BackupRefused(f"no key for {', '.join(missing)}")
    return [k for _, k in found if k is not None]


def _exported(key: StoredKey) -> dict[str, Any]:
    assert key.wrapped is not None
    return {
        "subject": key.subject,
        "wrapped": base64.b64encode(key.wrapped).decode(),
        "master_key_id": key.master_key_id,
        "created_at": key.created_at,
    }


def _stored(data: dict[str, Any]) -> StoredKey:
    try:
        return StoredKey(
            str(data["subject"]),
            base64.b64decode(data["wrapped"], validate=True),
            str(data["master_key_id"]),
            str(data["created_at"]),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise BackupRefused(f"not a key backup line: {e}") from None
