"""The shape of every command: who acts, what happened when, and how it is replayed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec, Protocol, TypeVar

from eventsourcing.persistence import IntegrityError

from services.errors import ConcurrentChange

if TYPE_CHECKING:
    from services.ledger import Ledger
    from services.policy import AccessPolicy


@dataclass(frozen=True)
class Actor:
    """The authenticated person a request acts for, with the roles their token names."""

    person_id: str
    roles: frozenset[str]


@dataclass(frozen=True)
class IdempotencyKey:
    key: str
    fingerprint: str


@dataclass(frozen=True)
class Command:
    """Everything a use case needs to know about the request besides its data."""

    actor: Actor
    occurred_at: datetime | None = None
    idempotency: IdempotencyKey | None = None
    expected_version: int | None = None

    def happened(self, at: datetime | None) -> Command:
        """The same command, saying when its fact happened."""
        return replace(self, occurred_at=at)


@dataclass(frozen=True)
class Accepted:
    """A command's result: what it wrote and where in the log, for read-your-writes."""

    id: str
    position: int
    version: int | None = None
    ids: tuple[str, ...] = ()


class UseCases(Protocol):
    ledger: Ledger
    policy: AccessPolicy


S = TypeVar("S", bound=UseCases)
P = ParamSpec("P")


def use_case(
    method: Callable[Concatenate[S, Command, P], Accepted],
) -> Callable[Concatenate[S, Command, P], Accepted]:
    """Wrap a command: writers only, replayed keys answered from the record, races as 409."""

    @wraps(method)
    def run(self: S, cmd: Command, /, *args: P.args, **kwargs: P.kwargs) -> Accepted:
        self.policy.check_may_write(cmd.actor)
        prior = self.ledger.prior_result(cmd)
        if prior is not None:
            return prior
        try:
            return method(self, cmd, *args, **kwargs)
        except IntegrityError as e:
            # The same key may have won a race with us; then its result is ours.
            prior = self.ledger.prior_result(cmd)
            if prior is not None:
                return prior
            msg = "another request changed this record first; read it again and retry"
            raise ConcurrentChange(msg) from e

    return run
