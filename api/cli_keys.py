"""The command line of personal data keys: ``keys master-keygen | export | import | reconcile``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from api.bootstrap import build
from services.privacy.backup import BackupRefused, export_keys, import_keys
from services.privacy.master import generate_master_key
from services.settings import Settings

keys = typer.Typer(help="Personal data keys: the master key, backups, erasures.")


@keys.command("master-keygen")
def master_keygen() -> None:
    """Print a new master key (base64) for PERFLEDGER_MASTER_KEY."""
    typer.echo(generate_master_key())


@keys.command("export")
def export(
    to: Annotated[Path | None, typer.Option(help="A file (default: standard output)")] = None,
    subject: Annotated[
        list[str] | None, typer.Option(help="Only this subject's key; repeat for more")
    ] = None,
) -> None:
    """Every live key, wrapped by the master key, as JSON lines; never a destroyed key."""
    c = build(Settings())
    try:
        lines = export_keys(c.app.cipher.keys, c.privacy.erased_in_log(), subject or ())
    except BackupRefused as e:
        typer.echo(f"refused: {e.detail}", err=True)
        raise typer.Exit(2) from None
    finally:
        c.close()
    text = "".join(json.dumps(line) + "\n" for line in lines)
    if to is None:
        sys.stdout.write(text)
    else:
        to.write_text(text)
        to.chmod(0o600)


@keys.command("import")
def import_(backup: Annotated[Path, typer.Argument(help="A file written by keys export")]) -> None:
    """Bring back keys the store lacks; refuse any whose subject was erased."""
    lines = [json.loads(line) for line in backup.read_text().splitlines() if line.strip()]
    c = build(Settings())
    try:
        done = import_keys(c.app.cipher.keys, c.privacy.erased_in_log(), lines)
    except BackupRefused as e:
        typer.echo(f"refused: {e.detail}", err=True)
        raise typer.Exit(2) from None
    finally:
        c.close()
    typer.echo(f"added {len(done.added)}, already present {len(done.present)}")
    if done.refused:
        typer.echo(f"refused (erased): {', '.join(done.refused)}", err=True)
        raise typer.Exit(2)


@keys.command("reconcile")
def reconcile() -> None:
    """Destroy the keys of everyone the log says was erased whose keys still exist."""
    c = build(Settings())
    try:
        destroyed = c.privacy.reconcile()
    finally:
        c.close()
    typer.echo(f"destroyed: {', '.join(destroyed)}" if destroyed else "every erasure holds")
