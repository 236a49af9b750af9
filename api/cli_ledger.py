"""The command line of tamper evidence: ``db init``, ``ledger ...`` and ``verify``.

The operator runs these with the database at hand, so reads go through the
service as an auditor would (they see every record); ``check-receipt`` needs
no database at all: anyone holding a receipt, a later head and the public key
can run it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import SecretStr

from api.bootstrap import Container, build
from domain.errors import DomainError
from services.append_only import grant_application_role
from services.commands import Actor
from services.errors import ServiceError
from services.privacy.master import generate_master_key
from services.settings import Backend, Settings
from services.transparency.audit import Report, audit
from services.transparency.export import exporter_for, read_checkpoints
from services.transparency.heads import TreeHead, unb64
from services.transparency.keys import generate_pem, load_log_key, load_public_key
from services.transparency.proofs import ProofError, Receipt, verify_receipt
from services.transparency.snapshot import open_snapshot

db = typer.Typer(help="The database: create tables, triggers and the application role.")
ledger = typer.Typer(help="The tamper-evident log: heads, proofs, receipts, keys.")
prove = typer.Typer(help="Inclusion and consistency proofs (RFC 6962), as JSON.")
ledger.add_typer(prove, name="prove")
OPERATOR = Actor(person_id="operator", roles=frozenset({"auditor"}))


@contextmanager
def _container() -> Iterator[Container]:
    """The service for one command; a refusal is printed, not a traceback."""
    c = build(Settings())
    try:
        yield c
    except (DomainError, ServiceError) as e:
        typer.echo(f"refused: {e.detail}", err=True)
        raise typer.Exit(2) from None
    finally:
        c.close()


def _print(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, indent=2))


@db.command("init")
def db_init(
    app_role: Annotated[
        str, typer.Option(help="PostgreSQL: the role the service connects as in production")
    ] = "perfledger_app",
    app_password: Annotated[
        str | None,
        typer.Option(envvar="PERFLEDGER_APP_PASSWORD", help="PostgreSQL: the role's password"),
    ] = None,
) -> None:
    """Run as the database owner: every table, append-only triggers, the application role."""
    # db init signs and seals nothing: throwaway keys spare it the real ones (which in
    # production may not be readable by the owner's shell, and in development would be
    # generated).
    settings = Settings(
        create_schema=True,
        ledger_signing_key=SecretStr(generate_pem()),
        master_key=SecretStr(generate_master_key()),
    )
    c = build(settings)
    try:
        tables = c.app.event_tables
    finally:
        c.close()
    typer.echo(f"tables and append-only triggers ready; event tables: {', '.join(tables)}")
    if settings.backend is Backend.POSTGRES:
        grant_application_role(
            settings.database_url, settings.postgres_schema, app_role, app_password, tables
        )
        typer.echo(f"role {app_role}: SELECT and INSERT on event tables; read models writable")


@ledger.command("keygen")
def keygen() -> None:
    """Print a new Ed25519 private key (PEM) for PERFLEDGER_LEDGER_SIGNING_KEY."""
    typer.echo(generate_pem(), nl=False)


@ledger.command("public-key")
def public_key() -> None:
    """Print the log's public key (PEM): publish it where people can check heads with it."""
    typer.echo(load_log_key(Settings()).public_pem, nl=False)


@ledger.command("status")
def status() -> None:
    """The log head, the ledger's size and the latest signed head."""
    with _container() as c:
        size, last = c.follower.store.tip()
        latest = c.follower.store.latest_head()
        typer.echo(f"log head: {c.ledger.head()}  ledger: {size} leaves up to position {last}")
        if latest is not None:
            typer.echo(f"latest head: size {latest.tree_size} signed {latest.signed_at}")


@ledger.command("head")
def head(
    to: Annotated[str, typer.Option(help="'-' (stdout), a file, or an http(s) URL")] = "-",
    leaves: Annotated[bool, typer.Option(help="Also export every leaf up to the head")] = False,
) -> None:
    """Follow the log to its end, sign a tree head now and export it."""
    try:
        export = exporter_for(to)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None
    assert export is not None
    with _container() as c:
        c.follower.catch_up()
        signed = c.follower.sign_head()
        export(c.follower.checkpoint(signed, 0 if leaves else None))


@prove.command("inclusion")
def prove_inclusion(position: int, tree_size: Annotated[int | None, typer.Option()] = None) -> None:
    """The audit path of the event at POSITION (default: under the latest head)."""
    with _container() as c:
        _print(c.transparency.inclusion(OPERATOR, position, tree_size).to_json())


@prove.command("consistency")
def prove_consistency(first: int, second: int) -> None:
    """Proof that the tree of SECOND leaves extends the tree of FIRST leaves."""
    with _container() as c:
        _print(c.transparency.consistency(OPERATOR, first, second).to_json())


@ledger.command("receipt")
def receipt(position: int) -> None:
    """The receipt of the receipt-bearing record at POSITION."""
    with _container() as c:
        _print(c.transparency.receipt(OPERATOR, position).to_json())


@ledger.command("check-receipt")
def check_receipt(
    receipt_file: Annotated[Path, typer.Argument(help="The receipt (JSON)")],
    key: Annotated[Path, typer.Option("--public-key", help="The log's public key (PEM)")],
    later: Annotated[Path | None, typer.Option(help="A later tree head (JSON)")] = None,
    proof: Annotated[Path | None, typer.Option(help="The consistency proof to it")] = None,
) -> None:
    """Offline: the record is in the log, and (with a later head) still there unchanged."""
    data = json.loads(receipt_file.read_text())
    later_head = None if later is None else TreeHead.from_json(_head_json(later))
    steps = (
        ()
        if proof is None
        else tuple(unb64(p) for p in json.loads(proof.read_text())["consistency"])
    )
    try:
        verify_receipt(Receipt.from_json(data), load_public_key(key.read_text()), later_head, steps)
    except (ProofError, KeyError, ValueError) as e:
        typer.echo(f"receipt does NOT verify: {e}")
        raise typer.Exit(1) from None
    typer.echo("receipt verifies")


def _head_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text().splitlines()[-1])
    head: dict[str, Any] = data.get("tree_head", data)
    return head


def verify(
    heads: Annotated[
        list[Path] | None,
        typer.Option("--heads", help="Tree heads exported earlier (JSON lines); repeat"),
    ] = None,
    key: Annotated[
        Path | None, typer.Option("--public-key", help="The log's public key (default: ours)")
    ] = None,
) -> None:
    """Recompute every leaf and the tree from the events; compare with the ledger and heads."""
    settings = Settings()
    public = load_public_key(key.read_text()) if key else load_log_key(settings).public_key
    exported = [(str(p), c) for p in heads or [] for c in read_checkpoints(p)]
    with open_snapshot(settings) as snapshot:
        report = audit(snapshot, exported, public)
    _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: Report) -> None:
    typer.echo(
        f"{report.events} events, {report.ledger_leaves} leaves in the ledger, "
        f"{report.heads_checked} tree heads checked, {report.pending} events not yet in the ledger"
    )
    for finding in report.findings:
        typer.echo(f"FAIL {finding}")
    if report.ok:
        typer.echo("OK: every event, leaf, node and head agrees")
    sys.stdout.flush()
