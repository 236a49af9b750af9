"""Secrets generated for development: written once, whole, readable by their owner only."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from services.settings import Backend, Settings


def development_path(settings: Settings, name: str) -> Path:
    """Beside the embedded database (``var/`` by default), else in ``var/``."""
    if settings.backend is Backend.SQLITE and "mode=memory" not in settings.database_url:
        return settings.sqlite_path.parent / name
    return Path("var") / name


def write_once(path: Path, text: str) -> None:
    """Write the secret whole, then link it into place: a racing process keeps the first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
