"""The ``perfledger`` command line: serve, tokens, projections, demo data."""

from __future__ import annotations

import signal
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.table import Table

from api import cli_keys, cli_ledger
from api.app import create_app
from api.auth import Tokens
from api.bootstrap import Container, build
from api.cli_progress import phases
from api.demo import seed_demo
from api.demo_history import DemoHistory, SeedProgress, seed_demo_history
from api.demo_logins import demo_tokens
from api.generator import DEFAULT_BATCH, DEFAULT_SEED, GeneratedSummary, generate
from domain.organisation import Role
from services.clock import utc_now
from services.settings import Settings

app = typer.Typer(help="perfledger: sales performance and values, as an immutable log.")
project = typer.Typer(help="Read models: run them, rebuild them, see where they are.")
demo = typer.Typer(help="Demo data.")
app.add_typer(project, name="project")
app.add_typer(demo, name="demo")
app.add_typer(cli_ledger.db, name="db")
app.add_typer(cli_ledger.ledger, name="ledger")
app.add_typer(cli_keys.keys, name="keys")
app.command()(cli_ledger.verify)
console = Console()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
) -> None:
    """Start the API (and, by default, its view runner)."""
    settings = Settings()
    api = create_app(settings)
    c: Container = api.state.container
    if settings.mode == "development" and settings.seed_demo:
        _seed_demo_history(c, DemoHistory(settings.demo_reps, settings.demo_years))
        _print_tokens(c)
    bind_host, bind_port = host or settings.host, port or settings.port
    console.print(f"API on http://{bind_host}:{bind_port}  (docs: /docs)")
    uvicorn.run(api, host=bind_host, port=bind_port, log_level="info")


def _seed_demo_history(c: Container, history: DemoHistory) -> None:
    """On the first start only: the store is empty until then."""
    with phases(console) as bars:
        progress = SeedProgress(bars.phase("simulating days"), bars.views("building views"))
        summary = seed_demo_history(c, history, utc_now(), progress)
    if summary is not None:
        console.print(f"[green]Seeded a demo organisation: {_described(summary)}[/green]")


def _described(summary: GeneratedSummary) -> str:
    return (
        f"{summary.events:,} events in {summary.seconds:.1f} s "
        f"({summary.events_per_second:,.0f} events/s): {summary.people:,} people, "
        f"{summary.customers:,} customers, {summary.months} months "
        f"({summary.start} to {summary.end}), {summary.late_deals:,} deals recorded after "
        f"their month closed, {summary.amendments:,} amended assessments"
    )


def _print_tokens(c: Container) -> None:
    """Plain lines, never wrapped, so a token can be copied (or parsed) whole."""
    typer.echo("Demo tokens (development only); send as 'Authorization: Bearer <token>':")
    for label, person_id, token in demo_tokens(c):
        typer.echo(f"  {label:<8} {person_id:<10} {token}")


@app.command()
def token(
    person: Annotated[str, typer.Option(help="The person id the token names")],
    role: Annotated[list[Role], typer.Option(help="A role; repeat for more")],
    hours: Annotated[int, typer.Option(min=1, max=720)] = 12,
) -> None:
    """Mint a development token (HS256, the configured secret)."""
    settings = Settings()
    typer.echo(Tokens(settings).mint(person, [r.value for r in role], hours))


@project.command("run")
def project_run() -> None:
    """Run the views continuously (the projection worker process)."""
    c = build(Settings())
    console.print(f"Running views: {', '.join(c.views.names())}")
    # A container stop sends SIGTERM: finish the batch in hand, then leave.
    signal.signal(signal.SIGTERM, lambda *_: c.runner.stop())
    c.follower.start()
    try:
        c.runner.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        c.close()


@project.command("rebuild")
def project_rebuild(
    names: Annotated[list[str] | None, typer.Argument(help="Views to rebuild")] = None,
    all_views: Annotated[bool, typer.Option("--all", help="Rebuild every view")] = False,
) -> None:
    """Empty views and apply the whole log again, in batches, with progress: the log is read
    and decoded once for all the views named."""
    c = build(Settings())
    try:
        chosen = c.views.names() if all_views or not names else list(names)
        unknown = sorted(set(chosen) - set(c.views.names()))
        if unknown:
            raise typer.BadParameter(f"unknown views: {', '.join(unknown)}")
        with phases(console) as bars:
            c.runner.rebuild(chosen, progress=bars.views(", ".join(chosen)))
    finally:
        c.close()


@project.command("status")
def project_status() -> None:
    """The log head and each view's position."""
    c = build(Settings())
    try:
        head = c.ledger.head()
        table = Table("view", "position", "behind")
        for view in c.views.all():
            table.add_row(view.tracking_name, str(view.position()), str(head - view.position()))
        console.print(f"log head: {head}")
        console.print(table)
    finally:
        c.close()


@demo.command("seed")
def demo_seed() -> None:
    """Found the small demo organisation (once)."""
    c = build(Settings())
    try:
        console.print("seeded" if seed_demo(c) else "an organisation already exists")
        _print_tokens(c)
    finally:
        c.close()


@demo.command("generate")
def demo_generate(
    reps: Annotated[int, typer.Option(min=1, max=20_000, help="Reps in the organisation")] = 50,
    years: Annotated[int, typer.Option(min=1, max=20, help="Years of history")] = 2,
    seed: Annotated[int, typer.Option(help="Same seed, same history")] = DEFAULT_SEED,
    batch: Annotated[int, typer.Option(min=1, max=100_000, help="Events per transaction")] = (
        DEFAULT_BATCH
    ),
) -> None:
    """Write years of a simulated organisation's history into an empty store, in bulk.

    Views are not built here: run ``perfledger project rebuild --all`` afterwards.
    """
    c = build(Settings())
    try:
        if c.organisation.is_founded():
            console.print(
                "[red]The store already holds an organisation; generate into an empty one.[/red]"
            )
            raise typer.Exit(code=1)
        summary = _generate_with_progress(c, reps, years, seed, batch)
    finally:
        c.close()
    console.print(_described(summary))


def _generate_with_progress(
    c: Container, reps: int, years: int, seed: int, batch: int
) -> GeneratedSummary:
    with phases(console) as bars:
        report = bars.phase("simulating days")
        return generate(c.app, reps=reps, years=years, seed=seed, batch=batch, progress=report)


def main() -> None:
    app()
