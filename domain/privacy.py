"""Privacy: how long a person's records are kept, legal holds, and erasure.

Records about people are kept for years and never rewritten; the text in them
is erased by destroying the person's key (crypto-shredding), and the numbers
stay. Whether an erasure may proceed is a rule: not while the person works
here, not before the retention of their jurisdiction has run out after they
left, and never while a legal hold stands. A refused request is recorded with
what blocks it and the first day it may proceed, when there is one; a request
after that day proceeds.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, NotFound, StateConflict
from domain.values import MAX_NAME, PersonalText, Stamp, check_ident, check_text

RETENTION_RULES_ID: UUID = uuid5(NAMESPACE_URL, "perfledger:retention-rules")
DEFAULT_JURISDICTION = "default"
# Kept this long after leaving unless an admin sets a rule: three years covers the
# usual limitation period for employment claims (PRC labour arbitration: one year;
# GDPR countries: commonly three). An organisation sets its own per jurisdiction.
DEFAULT_RETENTION_MONTHS = 36
MAX_RETENTION_MONTHS = 1200

EMPLOYED, RETENTION, LEGAL_HOLD = "employed", "retention", "legal-hold"
ERASED, REFUSED = "erased", "refused"


def privacy_file_id(person_id: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"perfledger:privacy:{person_id}")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day where it is shorter."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class RetentionRule:
    """How long after leaving a jurisdiction's records must be kept, and why."""

    jurisdiction: str
    months: int
    basis: str

    @classmethod
    def of(cls, jurisdiction: str, months: int, basis: str) -> RetentionRule:
        check_ident("jurisdiction", jurisdiction)
        if not 0 <= months <= MAX_RETENTION_MONTHS:
            raise InvalidInput("months", f"must be between 0 and {MAX_RETENTION_MONTHS}")
        return cls(jurisdiction, months, check_text("basis", basis, limit=MAX_NAME))


DEFAULT_RULE = RetentionRule(DEFAULT_JURISDICTION, DEFAULT_RETENTION_MONTHS, "product default")


class RetentionRules(LedgerAggregate):
    """The organisation's retention rule per jurisdiction."""

    rules: dict[str, RetentionRule]

    def __init__(self) -> None:
        """State is set by the events (the annotation above is not a constructor field)."""

    class Configured(LedgerAggregate.Created):
        def apply(self, aggregate: RetentionRules) -> None:
            aggregate.rules = {}

    class RuleSet(LedgerAggregate.Event):
        rule: RetentionRule

        def apply(self, aggregate: RetentionRules) -> None:
            aggregate.rules = {**aggregate.rules, self.rule.jurisdiction: self.rule}

    @classmethod
    def configure(cls, stamp: Stamp) -> Self:
        return cls._begin(cls.Configured, stamp, RETENTION_RULES_ID)

    def set_rule(self, stamp: Stamp, rule: RetentionRule) -> None:
        """A rule applies to requests from now on; requests refused earlier stay as they were."""
        self._record(self.RuleSet, stamp, rule=rule)


def rule_for(rules: dict[str, RetentionRule], jurisdiction: str) -> RetentionRule:
    """The jurisdiction's rule, else the organisation's default rule, else the product's."""
    return rules.get(jurisdiction) or rules.get(DEFAULT_JURISDICTION) or DEFAULT_RULE


@dataclass(frozen=True)
class Block:
    """Why an erasure may not proceed; ``until`` is the first day it may (if known)."""

    kind: str
    until: date | None
    detail: str


def blocks_on(
    today: date, left_on: date | None, rule: RetentionRule, active_holds: list[int]
) -> list[Block]:
    """Everything that stands in the way of erasing a person's text today."""
    found: list[Block] = []
    if left_on is None:
        found.append(Block(EMPLOYED, None, "the person still works here"))
    elif today < (ends := add_months(left_on, rule.months)):
        detail = f"{rule.jurisdiction}: {rule.months} months after leaving ({rule.basis})"
        found.append(Block(RETENTION, ends, detail))
    found += [Block(LEGAL_HOLD, None, f"legal hold {n}") for n in active_holds]
    return found


def proceeds_on(blocks: list[Block]) -> date | None:
    """The first day erasure may proceed: after every dated block, if none is open-ended."""
    if any(b.until is None for b in blocks):
        return None
    return max((b.until for b in blocks if b.until is not None), default=None)


@dataclass(frozen=True)
class Hold:
    number: int
    reason: PersonalText
    placed_by: str
    placed_at: datetime
    lifted_by: str | None = None
    lifted_at: datetime | None = None
    lift_reason: PersonalText | None = None

    @property
    def active(self) -> bool:
        return self.lifted_at is None


@dataclass(frozen=True)
class ErasureRequest:
    number: int
    outcome: str
    reason: PersonalText
    recorded_by: str
    recorded_at: datetime
    blocked_by: tuple[Block, ...] = ()
    proceeds_on: date | None = None


class PrivacyFile(LedgerAggregate):
    """One person's jurisdiction, legal holds and erasure requests."""

    person_id: str
    jurisdiction: str
    holds: tuple[Hold, ...]
    requests: tuple[ErasureRequest, ...]
    erased: bool

    def __init__(self) -> None:
        """State is set by the events (the annotations above are not constructor fields)."""

    class Opened(LedgerAggregate.Created):
        person_id: str

        def apply(self, aggregate: PrivacyFile) -> None:
            aggregate.person_id, aggregate.jurisdiction = self.person_id, DEFAULT_JURISDICTION
            aggregate.holds, aggregate.requests, aggregate.erased = (), (), False

    class JurisdictionSet(LedgerAggregate.Event):
        jurisdiction: str

        def apply(self, aggregate: PrivacyFile) -> None:
            aggregate.jurisdiction = self.jurisdiction

    class HoldPlaced(LedgerAggregate.Event):
        number: int
        reason: PersonalText

        def apply(self, aggregate: PrivacyFile) -> None:
            hold = Hold(self.number, self.reason, self.recorded_by, self.recorded_at)
            aggregate.holds = (*aggregate.holds, hold)

    class HoldLifted(LedgerAggregate.Event):
        number: int
        reason: PersonalText

        def apply(self, aggregate: PrivacyFile) -> None:
            aggregate.holds = tuple(
                self._lifted(h) if h.number == self.number else h for h in aggregate.holds
            )

        def _lifted(self, hold: Hold) -> Hold:
            return replace(
                hold,
                lifted_by=self.recorded_by,
                lifted_at=self.recorded_at,
                lift_reason=self.reason,
            )

    class ErasureRefused(LedgerAggregate.Event):
        number: int
        reason: PersonalText
        blocked_by: list[Block]
        proceeds_on: date | None

        def apply(self, aggregate: PrivacyFile) -> None:
            request = ErasureRequest(
                self.number,
                REFUSED,
                self.reason,
                self.recorded_by,
                self.recorded_at,
                tuple(self.blocked_by),
                self.proceeds_on,
            )
            aggregate.requests = (*aggregate.requests, request)

    class Erased(LedgerAggregate.Event):
        """The person's key is to be destroyed: names the subject, so the log alone says
        whose keys must stay destroyed (``perfledger keys reconcile``)."""

        person_id: str
        number: int
        reason: PersonalText

        def apply(self, aggregate: PrivacyFile) -> None:
            request = ErasureRequest(
                self.number, ERASED, self.reason, self.recorded_by, self.recorded_at
            )
            aggregate.requests, aggregate.erased = (*aggregate.requests, request), True

    # --- commands ---------------------------------------------------------------

    @classmethod
    def open(cls, stamp: Stamp, person_id: str) -> Self:
        return cls._begin(cls.Opened, stamp, privacy_file_id(person_id), person_id=person_id)

    def set_jurisdiction(self, stamp: Stamp, jurisdiction: str) -> None:
        self.check_not_erased()
        self._record(
            self.JurisdictionSet, stamp, jurisdiction=check_ident("jurisdiction", jurisdiction)
        )

    def place_hold(self, stamp: Stamp, reason: str) -> int:
        """A legal hold keeps the person's text until it is lifted, whatever the retention."""
        self.check_not_erased()
        number = len(self.holds) + 1
        self._record(self.HoldPlaced, stamp, number=number, reason=self._text(reason))
        return number

    def lift_hold(self, stamp: Stamp, number: int, reason: str) -> None:
        hold = self.hold(number)
        if not hold.active:
            raise StateConflict(f"legal hold {number} was lifted on {hold.lifted_at}")
        self._record(self.HoldLifted, stamp, number=number, reason=self._text(reason))

    def request_erasure(
        self, stamp: Stamp, reason: str, today: date, left_on: date | None, rule: RetentionRule
    ) -> ErasureRequest:
        """Erase when nothing blocks it; otherwise record the refusal and its date."""
        self.check_not_erased()
        number, text = len(self.requests) + 1, self._text(reason)
        blocks = blocks_on(today, left_on, rule, [h.number for h in self.holds if h.active])
        if blocks:
            self._record(
                self.ErasureRefused,
                stamp,
                number=number,
                reason=text,
                blocked_by=blocks,
                proceeds_on=proceeds_on(blocks),
            )
        else:
            self._record(self.Erased, stamp, person_id=self.person_id, number=number, reason=text)
        return self.requests[-1]

    # --- rules and queries ----------------------------------------------------------

    def check_not_erased(self) -> None:
        if self.erased:
            erased_on = next(r.recorded_at for r in self.requests if r.outcome == ERASED)
            raise StateConflict(f"the personal data of {self.person_id} was erased on {erased_on}")

    def hold(self, number: int) -> Hold:
        found = next((h for h in self.holds if h.number == number), None)
        if found is None:
            raise NotFound("legal hold", f"{self.person_id}/{number}")
        return found

    def _text(self, text: str) -> PersonalText:
        return PersonalText.of(self.person_id, text, field="reason")
