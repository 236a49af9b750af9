"""Tree heads taken out of the database: to a file, to standard output, to a webhook.

Each export is one checkpoint, a JSON object on one line: the signed tree head
and, optionally, the leaves added since an earlier size (``first_index`` on),
so that a copy of the ledger can live outside the database. ``perfledger
verify`` reads such files back. The target is the operator's
(``PERFLEDGER_LEDGER_EXPORT``): ``-`` for standard output, an ``http(s)://``
URL for a webhook (POSTed as JSON), anything else a file appended to.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.transparency.heads import TreeHead, b64, unb64

log = logging.getLogger(__name__)
WEBHOOK_TIMEOUT = 10.0


@dataclass(frozen=True)
class Checkpoint:
    """A signed tree head, with the leaves (positions and hashes) from ``first_index``."""

    tree_head: TreeHead
    first_index: int = 0
    positions: Sequence[int] = ()
    hashes: Sequence[bytes] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"tree_head": self.tree_head.to_json()}
        if self.positions:
            data["leaves"] = {
                "first_index": self.first_index,
                "positions": list(self.positions),
                "hashes": [b64(h) for h in self.hashes],
            }
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Checkpoint:
        head = TreeHead.from_json(data["tree_head"])
        leaves = data.get("leaves")
        if leaves is None:
            return cls(head)
        positions = [int(p) for p in leaves["positions"]]
        hashes = [unb64(h) for h in leaves["hashes"]]
        if len(positions) != len(hashes):
            raise ValueError("a checkpoint's leaves need as many positions as hashes")
        return cls(head, int(leaves["first_index"]), positions, hashes)


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Every checkpoint in a file: one JSON object per line (a bare tree head counts too)."""
    checkpoints = []
    for line in path.read_text().splitlines():
        if line.strip():
            data = json.loads(line)
            wrapped = data if "tree_head" in data else {"tree_head": data}
            checkpoints.append(Checkpoint.from_json(wrapped))
    return checkpoints


Exporter = Callable[[Checkpoint], None]


def to_stdout(checkpoint: Checkpoint) -> None:
    sys.stdout.write(json.dumps(checkpoint.to_json()) + "\n")
    sys.stdout.flush()


def to_file(path: Path) -> Exporter:
    def export(checkpoint: Checkpoint) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as f:
            f.write(json.dumps(checkpoint.to_json()) + "\n")
            f.flush()
            os.fsync(f.fileno())

    return export


def to_webhook(url: str) -> Exporter:
    def export(checkpoint: Checkpoint) -> None:
        body = json.dumps(checkpoint.to_json()).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in exporter_for
            url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
            response.read()

    return export


def exporter_for(target: str | None) -> Exporter | None:
    """The exporter the operator configured, or None."""
    if not target:
        return None
    if target == "-":
        return to_stdout
    if target.startswith(("http://", "https://")):
        return to_webhook(target)
    if "://" in target:
        raise ValueError(f"PERFLEDGER_LEDGER_EXPORT: unsupported target {target!r}")
    return to_file(Path(target))


def export_quietly(exporters: Iterable[Exporter], checkpoint: Checkpoint) -> None:
    """A failing export is logged, never fatal: the head is stored already."""
    for export in exporters:
        try:
            export(checkpoint)
        except Exception:
            log.exception(
                "exporting the tree head of size %s failed", checkpoint.tree_head.tree_size
            )
