"""`make bench`: throughput as ratios against raw baselines measured in the same run.

Against one fresh PostgreSQL database:
- commands per second through the service layer (load, decide, save with the
  library's EXCLUSIVE-lock insert) beside raw psycopg single-row insert
  transactions, with the aggregate cache on and off;
- view rebuild events per second beside a raw scan of the events table;
- visits per second logged as days of 120 visits in one request (one
  transaction each), beside the same raw insert transactions.
- privacy: sealing and opening a text (AES-256-GCM, key cached) beside encoding it
  as JSON in clear; decoding visit events (three texts each, every one opened)
  beside ``json.loads`` of the same bytes; the visits view rebuilt with its texts
  copied sealed, beside the raw scan.
- the tamper-evident ledger: events hashed into the tree per second (leaves and
  nodes written) beside the command write rate, leaf hashing alone, the
  verifier's rate beside the raw scan, and the ledger's lag behind a burst of
  commands while its follower runs in the same process.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg

from api.bootstrap import Container, build
from api.demo import seed_demo
from domain.values import PersonalText
from services.calendar import local_day
from services.commands import Actor, Command
from services.customers import NewCustomer
from services.settings import Settings
from services.transparency.audit import audit
from services.transparency.hashing import leaf_hash
from services.transparency.snapshot import open_snapshot
from services.visits import LoggedVisit

ADMIN_URL = os.environ.get(
    "PERFLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
COMMANDS = int(os.environ.get("BENCH_COMMANDS", "2000"))
ADMIN = Command(actor=Actor("admin", frozenset({"admin"})))


@contextmanager
def fresh_database() -> Iterator[str]:
    name = f"perfledger_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}".encode())
    base = ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def timed(fn: Callable[[], int]) -> float:
    start = time.perf_counter()
    count = fn()
    return rate(count, time.perf_counter() - start)


def raw_insert_rate(url: str, n: int) -> float:
    """One row per transaction, autocommit: the floor any event store pays."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            b"CREATE TABLE raw_events (id uuid, version bigint, topic text, state bytea, "
            b"notification_id bigserial, PRIMARY KEY (id, version))"
        )
        state = b'{"timestamp":"2026-01-01T00:00:00+00:00","recorded_by":"admin"}'

        def run() -> int:
            for i in range(n):
                conn.execute(
                    b"INSERT INTO raw_events (id, version, topic, state) VALUES (%s, 1, %s, %s)",
                    (secrets.token_hex(16), f"bench:{i}", state),
                )
            return n

        return timed(run)


def command_rate(url: str, n: int, cache_size: int) -> tuple[float, Container]:
    c = build(Settings(database_url=url, aggregate_cache_size=cache_size, run_projections=False))
    seed_demo(c)

    def run() -> int:
        for i in range(n):
            c.organisation.open_region(ADMIN, f"bench-{cache_size}-{i}", f"Region {i}")
        return n

    return timed(run), c


def raw_scan_rate(url: str) -> float:
    with psycopg.connect(url) as conn, conn.cursor(name="scan") as cur:
        cur.itersize = 1000

        def run() -> int:
            cur.execute(b"SELECT * FROM perfledger_events ORDER BY notification_id")
            return sum(1 for _ in cur)

        return timed(run)


def rebuild_rate(c: Container) -> float:
    return timed(lambda: c.ledger.head() if c.runner.rebuild() >= 0 else 0)


def visit_day_rate(c: Container, visits: int, per_day: int = 120) -> float:
    """A rep logs days of ``per_day`` visits, each day in one request and one transaction."""
    manager = Command(actor=Actor("mgr-li", frozenset({"manager"})))
    rep = Command(actor=Actor("rep-wang", frozenset({"rep"})))
    c.customers.register(manager, NewCustomer("bench-c", "Bench Co.", "east", "SME", "prospect"))
    now = datetime.now(UTC)
    day = local_day(now, c.policy.organisation().timezone)
    entries = [LoggedVisit(now, "buyer", "outcome", "next", customer_id="bench-c")] * per_day
    requests = max(1, visits // per_day)

    def run() -> int:
        for _ in range(requests):
            c.visits.log_day(rep, day, entries)
        return requests * per_day

    return timed(run)


def text_rates(c: Container, n: int) -> tuple[float, float, float]:
    """Texts in clear as JSON, sealed, and opened again (the person's key cached)."""
    cipher = c.app.cipher
    texts = [PersonalText("rep-wang", f"met the buyer; agreed a trial, case {i}") for i in range(n)]
    sealed: list[str] = []

    def clear() -> int:
        return len([json.dumps({"about": t.about, "text": t.text}) for t in texts])

    def seal() -> int:
        sealed.extend(cipher.seal(t) for t in texts)
        return n

    plain, sealing = timed(clear), timed(seal)
    return plain, sealing, timed(lambda: len([cipher.open("rep-wang", s) for s in sealed]))


def visit_decode_rates(c: Container) -> tuple[float, float, float]:
    """Visit events: decoded (texts opened), json.loads'd, and the visits view rebuilt."""
    notes = c.app.recorder.select_notifications(0, 10_000_000, topics=c.views.visits.topics)
    decoded = timed(lambda: len([c.app.mapper.to_domain_event(n) for n in notes]))
    loaded = timed(lambda: len([json.loads(n.state) for n in notes]))
    rebuilt = timed(lambda: len(notes) if c.runner.rebuild(["visits"]) >= 0 else 0)
    return decoded, loaded, rebuilt


def ledger_follow_rate(c: Container) -> float:
    """The follower hashing the whole log into an empty ledger, batch by batch."""
    return timed(c.follower.catch_up)


def leaf_hash_rate(c: Container) -> float:
    """Hashing alone, over the stored events already read into memory."""
    notes = c.app.recorder.select_notifications(1, 1_000_000)

    def run() -> int:
        for n in notes:
            leaf_hash(n.id, n.originator_id, n.originator_version, n.topic, n.state)
        return len(notes)

    return timed(run)


def verify_rate(c: Container) -> float:
    def run() -> int:
        with open_snapshot(c.settings) as snapshot:
            report = audit(snapshot, public_key=c.follower.key.public_key)
        assert report.ok, report.findings
        return report.events

    return timed(run)


def live_lag(url: str, n: int) -> tuple[int, float]:
    """Commands with the follower running alongside: its lag at the end, and the drain time."""
    c = build(Settings(database_url=url, run_projections=False))
    c.follower.catch_up()
    c.follower.start()
    try:
        for i in range(n):
            c.organisation.open_region(ADMIN, f"live-{i}", f"Live {i}")
        lag = c.ledger.head() - c.follower.store.tip()[1]
        start = time.perf_counter()
        while c.follower.store.tip()[1] < c.ledger.head():
            time.sleep(0.01)
        return lag, time.perf_counter() - start
    finally:
        c.close()


def main() -> None:
    print(
        f"perfledger bench on {platform.node()}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, PostgreSQL at {ADMIN_URL.rsplit('@', 1)[-1]}"
    )
    with fresh_database() as url:
        raw = raw_insert_rate(url, COMMANDS)
        uncached, c0 = command_rate(url, COMMANDS, cache_size=0)
        c0.close()
        cached, c = command_rate(url, COMMANDS, cache_size=20_000)
        try:
            scan = raw_scan_rate(url)
            rebuild = rebuild_rate(c)
            events = c.ledger.head()
            visit_days = visit_day_rate(c, COMMANDS)
            clear, sealing, opening = text_rates(c, COMMANDS * 5)
            decoded, loaded, visits_rebuilt = visit_decode_rates(c)
            follow = ledger_follow_rate(c)
            hashing = leaf_hash_rate(c)
            verify = verify_rate(c)
        finally:
            c.close()
        lag, drain = live_lag(url, COMMANDS // 2)
    rows = [
        ("raw psycopg insert transactions/s", raw, 1.0),
        ("service commands/s, aggregate cache on", cached, cached / raw),
        ("service commands/s, aggregate cache off", uncached, uncached / raw),
        (f"raw scan of events table, events/s ({events} events)", scan, 1.0),
        ("views rebuild, events/s", rebuild, rebuild / scan),
        ("visits logged/s, days of 120 in one request each", visit_days, visit_days / raw),
        ("texts as JSON in clear/s (baseline)", clear, 1.0),
        ("  texts sealed/s (AES-256-GCM, key cached)", sealing, sealing / clear),
        ("  texts opened/s", opening, opening / clear),
        ("visit events json.loads'd/s (baseline)", loaded, 1.0),
        ("  visit events decoded/s, 3 texts each opened", decoded, decoded / loaded),
        (
            "visits view rebuild, events/s (texts copied sealed)",
            visits_rebuilt,
            visits_rebuilt / scan,
        ),
        ("ledger follower, events hashed into the tree/s", follow, follow / cached),
        ("  leaf hashing alone, events/s", hashing, hashing / cached),
        ("perfledger verify, events/s", verify, verify / scan),
    ]
    print(f"{'measure':<58}{'rate':>12}{'ratio':>9}")
    for name, value, ratio in rows:
        print(f"{name:<58}{value:>12,.0f}{ratio:>9.2f}")
    print(
        f"ledger ratios are against service commands/s (cache on), verify against the raw scan; "
        f"live: after {COMMANDS // 2} commands with the follower running, it was {lag} "
        f"events behind and caught up in {drain * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
