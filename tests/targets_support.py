"""Builders for the targets tests: a clock tests move, strategies, and deals.

Deals belong to the process context (its API is built elsewhere); until it
exists these tests record deal events through the domain and ``Ledger.commit``,
exactly as its use cases will.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from api.bootstrap import Container, build
from domain.deals import Deal
from domain.measures import Figure
from domain.strategy import Events, NewSignings, Renewals, StrategyLine
from domain.values import Money
from services.commands import Accepted, Command
from services.ledger import Ledger
from services.settings import Settings
from services.targets import Strategy
from tests.support import command


@dataclass
class SettableClock:
    """The server's clock in a test: it says what the test sets, and moves when told."""

    now: datetime = field(default_factory=lambda: datetime(2025, 2, 20, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: date, hour: int = 9) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@contextmanager
def clocked_container(settings: Settings, clock: SettableClock) -> Iterator[Container]:
    c = build(settings, clock)
    try:
        yield c
    finally:
        c.close()


def cny(amount: str | int | Decimal) -> Money:
    return Money(Decimal(amount), "CNY")


def cash(amount: str | int | Decimal, currency: str = "CNY") -> Figure:
    return Figure("cash", Decimal(amount), currency)


def count(measure: str, amount: int) -> Figure:
    return Figure(measure, Decimal(amount))


def seed_lines(conversion: str = "0.5") -> list[StrategyLine]:
    """The seed's strategy: 40 new x 40,000; 80 renewals x 9,000; 4 events x 50 leads x rate."""
    return [
        NewSignings(40, cny(40_000)),
        Renewals(80, cny(9_000)),
        Events(4, 50, Decimal(conversion), cny(40_000)),
    ]


def seed_strategy(cash_figure: int = 6_320_000, new_customers: int = 140) -> Strategy:
    figures = [cash(cash_figure), count("new_customers", new_customers), count("renewals", 80)]
    return Strategy(figures, seed_lines())


# --- deals, recorded as the process context will record them ------------------------


def _commit(ledger: Ledger, owner: str, deal: Deal) -> Accepted:
    return ledger.commit(command(owner), deal, id=str(deal.id))


def sign_deal(
    ledger: Ledger,
    owner: str,
    amount: str | int,
    signed_on: date,
    kind: str = "new",
    visits: Sequence[str] = (),
    customer: str = "c-1",
) -> UUID:
    stamp = ledger.stamp(command(owner))
    deal = Deal.sign(
        stamp, uuid4(), owner, customer, kind, cny(amount), signed_on, visits, "it fit"
    )
    _commit(ledger, owner, deal)
    return deal.id


def receive_cash(ledger: Ledger, deal_id: UUID, amount: str | int, received_on: date) -> Accepted:
    deal = ledger.load(Deal, deal_id)
    deal.receive_cash(ledger.stamp(command(deal.owner_id)), cny(amount), received_on)
    return _commit(ledger, deal.owner_id, deal)


def refund(ledger: Ledger, deal_id: UUID, amount: str | int, refunded_on: date) -> Accepted:
    deal = ledger.load(Deal, deal_id)
    stamp = ledger.stamp(command(deal.owner_id))
    deal.refund(stamp, cny(amount), refunded_on, "the customer paid twice")
    return _commit(ledger, deal.owner_id, deal)


def cancel(ledger: Ledger, deal_id: UUID, cancelled_on: date) -> Accepted:
    deal = ledger.load(Deal, deal_id)
    deal.cancel(ledger.stamp(command(deal.owner_id)), cancelled_on, "the customer withdrew")
    return _commit(ledger, deal.owner_id, deal)


def signed_and_paid(
    ledger: Ledger, owner: str, amount: int, on: date, kind: str = "new", visits: int = 0
) -> UUID:
    """A deal signed and paid in full on one day, with ``visits`` visits behind it."""
    deal_id = sign_deal(ledger, owner, amount, on, kind, [f"v-{uuid4()}" for _ in range(visits)])
    receive_cash(ledger, deal_id, amount, on)
    return deal_id


ADMIN_CMD: Command = command("admin", "admin")
