"""`make bench`, second part: trajectories over a generated organisation.

For an organisation of ``BENCH_REPS`` reps (500) generated over one year and
over ``BENCH_YEARS`` years (10), each in a fresh store (``BENCH_STORE``: ``sqlite``, the
embedded default, a file in a temporary directory; or ``postgres``, a fresh database):
- the generator's write rate (bulk batches);
- the rebuild of every view from the first event, events per second, beside
  a raw scan of the events table of the same database;
- the read latency (median and 99th percentile) of one person's full
  trajectory (every month of their tenure), for people sampled among those
  with the longest tenure, and of their last twelve months: its cost follows
  the months shown, not the length of the log.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from random import Random

from api.bootstrap import Container, build
from api.generator.run import generate
from bench.bench import fresh_database, rate, raw_scan_rate
from domain.trajectory import month_key, months_back
from services.policy import EVERYTHING
from services.settings import Settings

REPS = int(os.environ.get("BENCH_REPS", "500"))
YEARS = int(os.environ.get("BENCH_YEARS", "10"))
READS = int(os.environ.get("BENCH_READS", "200"))
STORE = os.environ.get("BENCH_STORE", "sqlite")
PEOPLE = 20


@dataclass(frozen=True)
class Scale:
    years: int
    events: int
    generated: float
    scan: float
    rebuild: float
    months: int
    full: tuple[float, float]
    last_year: tuple[float, float]


def latency(samples: list[float]) -> tuple[float, float]:
    """Median and 99th percentile, in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def read_latency(c: Container, people: list[str], today: date, first: str | None) -> list[float]:
    samples = []
    for i in range(READS):
        start = time.perf_counter()
        found = c.trajectories.person(people[i % len(people)], EVERYTHING, today, first)
        samples.append(time.perf_counter() - start)
        assert found is not None
    return samples


def longest_tenures(c: Container) -> list[str]:
    reps = sorted(c.views.trajectories.reps(), key=lambda r: (r["joined_on"], r["person_id"]))
    serving = [r["person_id"] for r in reps if r["left_on"] is None]
    return Random(7).sample(serving[: PEOPLE * 3], min(PEOPLE, len(serving)))


@contextmanager
def fresh_store() -> Iterator[str]:
    if STORE == "postgres":
        with fresh_database() as url:
            yield url
        return
    with tempfile.TemporaryDirectory(prefix="perfledger-bench-") as folder:
        yield f"sqlite:///{folder}/bench.db"


def sqlite_scan_rate(url: str) -> float:
    """Every row of the events table read in order, with the standard library's driver."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        start = time.perf_counter()
        count = sum(1 for _ in conn.execute("SELECT * FROM stored_events ORDER BY rowid"))
        return rate(count, time.perf_counter() - start)


def say(years: int, what: str) -> None:
    """A line per phase as it ends: at 500 reps a ten-year run takes most of an hour."""
    print(f"  [{time.strftime('%H:%M:%S')}] {years} year(s): {what}", flush=True)


def measure(years: int) -> Scale:
    with fresh_store() as url:
        c = build(Settings(database_url=url, run_projections=False))
        try:
            summary = generate(c.app, reps=REPS, years=years)
            say(years, f"{summary.events:,} events generated, {summary.events_per_second:,.0f}/s")
            scan = raw_scan_rate(url) if STORE == "postgres" else sqlite_scan_rate(url)
            started = time.perf_counter()
            c.runner.rebuild()
            rebuild = rate(summary.events, time.perf_counter() - started)
            say(years, f"all views rebuilt, {rebuild:,.0f} events/s (raw scan {scan:,.0f}/s)")
            today = summary.end
            people = longest_tenures(c)
            last = months_back(month_key(today), 12)
            full = read_latency(c, people, today, None)
            months = len(c.trajectories.person(people[0], EVERYTHING, today)["months"])  # type: ignore[index]
            recent = read_latency(c, people, today, last)
        finally:
            c.close()
    return Scale(
        years,
        summary.events,
        summary.events_per_second,
        scan,
        rebuild,
        months,
        latency(full),
        latency(recent),
    )


def main() -> None:
    print(f"trajectories on {STORE}: {REPS} reps, {READS} reads of {PEOPLE} long-serving people")
    scales = [measure(1), measure(YEARS)]
    base = scales[0]
    print(f"{'measure':<62}{'1 year':>14}{f'{YEARS} years':>14}{'ratio':>8}")
    rows = [
        ("events generated", base.events, scales[1].events),
        ("generator, events written/s", base.generated, scales[1].generated),
        ("raw scan of the events table, events/s", base.scan, scales[1].scan),
        ("all views rebuilt, events/s", base.rebuild, scales[1].rebuild),
        ("months in a full trajectory", base.months, scales[1].months),
        ("full trajectory read, median ms", base.full[0], scales[1].full[0]),
        ("full trajectory read, p99 ms", base.full[1], scales[1].full[1]),
        ("last 12 months read, median ms", base.last_year[0], scales[1].last_year[0]),
        ("last 12 months read, p99 ms", base.last_year[1], scales[1].last_year[1]),
    ]
    for name, one, many in rows:
        print(f"{name:<62}{one:>14,.1f}{many:>14,.1f}{many / one if one else 0:>8.2f}")
    for s in scales:
        print(f"{s.years} year(s): views rebuild at {s.rebuild / s.scan:.3f} of the raw scan")


if __name__ == "__main__":
    main()
