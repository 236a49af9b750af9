"""Value objects shared by every bounded context."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from domain.errors import InvalidInput

# Money keeps at most this many decimal places; read models store integer
# minor units (amount x 100) so that sums are exact on SQLite and PostgreSQL.
MONEY_PLACES = 2
MINOR_UNITS = Decimal(10) ** MONEY_PLACES
MAX_TEXT = 10_000
MAX_NAME = 200
# Clients' clocks drift; a fact may be stamped this far past the server's now.
CLOCK_SKEW = timedelta(minutes=2)
# What a text about a person reads as once the person's key is destroyed.
ERASED_TEXT = "[erased]"

_IDENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_ident(field: str, value: str) -> str:
    """Identifiers chosen by people (employee numbers, team codes) stay URL- and CSV-safe."""
    if not _IDENT.match(value):
        raise InvalidInput(field, "must be 1-64 letters, digits, '.', '_', ':' or '-'")
    return value


def check_text(field: str, value: str, *, limit: int = MAX_TEXT) -> str:
    """Free text must say something, fit the limit and carry no control bytes."""
    if _CONTROL.search(value):
        raise InvalidInput(field, "must not contain NUL or other control characters")
    if not value.strip():
        raise InvalidInput(field, "must not be empty")
    if len(value) > limit:
        raise InvalidInput(field, f"must be at most {limit} characters")
    return value


def check_aware(field: str, value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidInput(field, "must carry a timezone offset")
    return value


@dataclass(frozen=True)
class Money:
    """An amount in one currency; never a float."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not _CURRENCY.match(self.currency):
            raise InvalidInput("currency", "must be an ISO 4217 code such as CNY")
        try:
            exponent = self.amount.as_tuple().exponent
        except (AttributeError, InvalidOperation) as e:  # pragma: no cover - typed
            raise InvalidInput("amount", "must be a decimal number") from e
        if not self.amount.is_finite() or not isinstance(exponent, int):
            raise InvalidInput("amount", "must be a finite decimal number")
        if exponent < -MONEY_PLACES:
            raise InvalidInput("amount", f"must have at most {MONEY_PLACES} decimal places")

    @property
    def minor_units(self) -> int:
        """The amount in hundredths, exact, for read models that must sum on any store."""
        return int(self.amount * MINOR_UNITS)

    def __add__(self, other: Money) -> Money:
        self.check_same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self.check_same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def check_same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidInput("currency", f"{other.currency} cannot be mixed with {self.currency}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)


@dataclass(frozen=True)
class PersonalText:
    """Free text written about a person: a case, a note, a reason, a citation, a name.

    Every such text in every event is this one type, tagged with the person it
    is about, so that it can be encrypted with that person's key and erased by
    destroying the key, without touching each event class.
    """

    about: str
    text: str
    # True when the person's key was destroyed: ``text`` is then ERASED_TEXT.
    erased: bool = False
    # How the store keeps the text (ciphertext under the person's key), set when
    # it is read back, so that read models copy it rather than seal it again.
    # Not part of the value, and never carried over by ``dataclasses.replace``.
    sealed: str | None = field(default=None, init=False, compare=False, repr=False)

    @classmethod
    def of(cls, about: str, text: str, *, field: str, limit: int = MAX_TEXT) -> PersonalText:
        return cls(about=about, text=check_text(field, text, limit=limit))

    @classmethod
    def erased_about(cls, about: str) -> PersonalText:
        """The text as it reads after erasure: a marker, and the flag."""
        return cls(about=about, text=ERASED_TEXT, erased=True)


@dataclass(frozen=True)
class DateRange:
    """Days from ``start`` (inclusive) to ``end`` (exclusive); ``end=None`` is open."""

    start: date
    end: date | None = None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def intersect(self, other: DateRange) -> DateRange | None:
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        end = min(ends) if ends else None
        if end is not None and end <= start:
            return None
        return DateRange(start, end)


@dataclass(frozen=True)
class Stamp:
    """Who recorded a fact, when the server recorded it and when it happened."""

    recorded_by: str
    recorded_at: datetime
    occurred_at: datetime

    @classmethod
    def of(cls, recorded_by: str, now: datetime, occurred_at: datetime | None) -> Stamp:
        """A fact may be stamped in the past, never in the future (beyond clock skew)."""
        check_aware("recorded_at", now)
        happened = now if occurred_at is None else check_aware("occurred_at", occurred_at)
        if happened > now + CLOCK_SKEW:
            raise InvalidInput("occurred_at", "must not be in the future")
        return cls(recorded_by=recorded_by, recorded_at=now, occurred_at=happened)
