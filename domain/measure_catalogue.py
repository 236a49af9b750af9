"""The measures incentives, leaderboards, reviews and trajectories read, as one declaration.

A measure is named by its family and, where the family needs one, a qualifier:
``visits``, ``planned_share``, ``attainment:cash`` (attainment of the target
measure ``cash``), ``cash:CNY`` (cash received in yuan). Each family says
whether it watches the target, the process or the result, its unit, which
read model answers it, whether more is better (forecast error: less is), and
whether a team has a figure for it (members' records while they sat in the team).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

from domain.errors import InvalidInput
from domain.values import check_ident


class MeasureKind(StrEnum):
    TARGET = "target"
    PROCESS = "process"
    RESULT = "result"


class Unit(StrEnum):
    COUNT = "count"
    RATIO = "ratio"
    MONEY = "money"


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Qualifier(StrEnum):
    """What follows the colon in a measure's name, if anything."""

    NONE = "none"
    TARGET_MEASURE = "target_measure"  # a configured target measure code: cash, renewals
    CURRENCY = "currency"  # an ISO 4217 code: CNY


class SubjectKind(StrEnum):
    PERSON = "person"
    TEAM = "team"


@dataclass(frozen=True)
class Subject:
    """Whose figure: a person's own records, or a team's (its members' while in the team)."""

    kind: SubjectKind
    subject_id: str

    @classmethod
    def person(cls, person_id: str) -> Subject:
        return cls(SubjectKind.PERSON, person_id)

    @classmethod
    def team(cls, team_id: str) -> Subject:
        return cls(SubjectKind.TEAM, team_id)


@dataclass(frozen=True)
class MeasureFamily:
    family: str
    kind: MeasureKind
    unit: Unit
    better: Better
    source: str
    meaning: str
    qualifier: Qualifier = Qualifier.NONE
    team: bool = True


CATALOGUE: tuple[MeasureFamily, ...] = (
    MeasureFamily(
        "attainment",
        MeasureKind.TARGET,
        Unit.RATIO,
        Better.HIGHER,
        "targets view: actual / approved target (person; a team's own target for a team)",
        "how much of the approved target for the measure was taken",
        Qualifier.TARGET_MEASURE,
    ),
    MeasureFamily(
        "visits",
        MeasureKind.PROCESS,
        Unit.COUNT,
        Better.HIGHER,
        "visits view: visit_days.happened",
        "customer visits that happened",
    ),
    MeasureFamily(
        "planned_share",
        MeasureKind.PROCESS,
        Unit.RATIO,
        Better.HIGHER,
        "visits view: visit_days.with_purpose / happened",
        "share of visits planned with a purpose before they happened",
    ),
    MeasureFamily(
        "reviewed_share",
        MeasureKind.PROCESS,
        Unit.RATIO,
        Better.HIGHER,
        "visits view: visit_days.reviewed_before / happened",
        "share of visits whose plan the manager reviewed before the visit",
    ),
    MeasureFamily(
        "ride_alongs",
        MeasureKind.PROCESS,
        Unit.COUNT,
        Better.HIGHER,
        "visits view: visit_days.ride_alongs",
        "visits a manager came along to (陪访)",
    ),
    MeasureFamily(
        "conversion",
        MeasureKind.PROCESS,
        Unit.RATIO,
        Better.HIGHER,
        "visits view: visit_days.converted / happened",
        "share of visits that led to a deal still standing",
    ),
    MeasureFamily(
        "coaching_sessions",
        MeasureKind.PROCESS,
        Unit.COUNT,
        Better.HIGHER,
        "coaching view: coaching_sessions by held_on",
        "coaching sessions received",
    ),
    MeasureFamily(
        "forecast_error",
        MeasureKind.PROCESS,
        Unit.RATIO,
        Better.LOWER,
        "targets view: forecast accuracy at close (the rep's last forecast before the cut-off)",
        "|actual - forecast| / forecast for the target measure; known once the period closed",
        Qualifier.TARGET_MEASURE,
        team=False,
    ),
    MeasureFamily(
        "deals",
        MeasureKind.RESULT,
        Unit.COUNT,
        Better.HIGHER,
        "deals view: deals signed and not cancelled",
        "deals signed (new and renewals)",
    ),
    MeasureFamily(
        "signed_amount",
        MeasureKind.RESULT,
        Unit.MONEY,
        Better.HIGHER,
        "deals view: amount of deals signed and not cancelled",
        "amount signed in the currency named",
        Qualifier.CURRENCY,
    ),
    MeasureFamily(
        "cash",
        MeasureKind.RESULT,
        Unit.MONEY,
        Better.HIGHER,
        "deals view: cash received net of refunds",
        "cash taken in the currency named",
        Qualifier.CURRENCY,
    ),
)
FAMILIES = {f.family: f for f in CATALOGUE}
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True)
class MeasureName:
    """A measure of the catalogue, with its qualifier where its family needs one."""

    family: str
    qualifier: str | None = None

    @classmethod
    def parse(cls, text: str, field: str = "measure") -> Self:
        family, _, qualifier = text.partition(":")
        found = FAMILIES.get(family)
        if found is None:
            known = ", ".join(FAMILIES)
            raise InvalidInput(field, f"unknown measure {family!r}; known: {known}")
        return cls(family, qualifier or None).checked(field)

    def checked(self, field: str = "measure") -> Self:
        needs = self.definition.qualifier
        if needs is Qualifier.NONE:
            if self.qualifier is not None:
                raise InvalidInput(field, f"{self.family} takes no qualifier")
        elif self.qualifier is None:
            raise InvalidInput(field, f"{self.family} names a {needs.value}: {self.family}:...")
        elif needs is Qualifier.CURRENCY and not _CURRENCY.match(self.qualifier):
            raise InvalidInput(field, f"{self.family} names a currency such as {self.family}:CNY")
        elif needs is Qualifier.TARGET_MEASURE:
            check_ident(field, self.qualifier)
        return self

    @property
    def definition(self) -> MeasureFamily:
        return FAMILIES[self.family]

    @property
    def better(self) -> Better:
        return self.definition.better

    def __str__(self) -> str:
        return self.family if self.qualifier is None else f"{self.family}:{self.qualifier}"
