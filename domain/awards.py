"""The award catalogue: named recognitions an organisation defines, each with its meaning.

The seed names three (小蜜蜂, 小马达, 小钢炮) and says incentives are not money:
the defaults are recognition and standing. An award says at which level it is
given (to a person, a team, or either) and how: by an announced programme's
rule, by a manager's nomination that an HRBP confirms, or either way. An award
granted only by rule cannot be handed out by nomination, so no one goes round
a rule that was announced to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import InvalidInput, RuleBroken, StateConflict, UnknownReference
from domain.values import MAX_NAME, Stamp, check_ident, check_text

AWARD_CATALOGUE_ID: UUID = uuid5(NAMESPACE_URL, "perfledger:award-catalogue")
MAX_MEANING = 2000
MAX_AWARDS = 200


class Level(StrEnum):
    INDIVIDUAL = "individual"
    TEAM = "team"


class AwardLevel(StrEnum):
    INDIVIDUAL = "individual"
    TEAM = "team"
    ANY = "any"

    def admits(self, level: Level) -> bool:
        return self is AwardLevel.ANY or self.value == level.value


class GrantedBy(StrEnum):
    RULE = "rule"
    NOMINATION = "nomination"
    EITHER = "either"

    def admits(self, way: GrantedBy) -> bool:
        return self is GrantedBy.EITHER or self is way


@dataclass(frozen=True)
class Award:
    code: str
    name: str
    meaning: str
    level: str = AwardLevel.INDIVIDUAL.value
    granted_by: str = GrantedBy.EITHER.value

    def check(self) -> Self:
        check_ident("code", self.code)
        check_text("name", self.name, limit=MAX_NAME)
        check_text("meaning", self.meaning, limit=MAX_MEANING)
        _member("level", self.level, AwardLevel)
        _member("granted_by", self.granted_by, GrantedBy)
        return self

    def check_grant(self, level: Level, way: GrantedBy, field: str = "award_code") -> None:
        """The award may go to this level of subject, this way; else the grant is refused."""
        if not AwardLevel(self.level).admits(level):
            raise RuleBroken(
                f"{self.code} is a {self.level} award, not a {level.value} one", field=field
            )
        if not GrantedBy(self.granted_by).admits(way):
            raise RuleBroken(
                f"{self.code} is granted by {self.granted_by}, not by {way.value}", field=field
            )


def _member(field: str, value: str, kind: type[StrEnum]) -> None:
    if value not in {k.value for k in kind}:
        raise InvalidInput(field, f"must be one of {', '.join(k.value for k in kind)}")


# Meanings in our own words; an organisation defines more, or its own.
DEFAULT_AWARDS: tuple[Award, ...] = (
    Award(
        "little-bee",
        "小蜜蜂 Little bee",
        "Industry you can see: out every day, visiting customers with a plan and a purpose.",
    ),
    Award(
        "little-motor",
        "小马达 Little motor",
        "Drive that does not stop: the one who kept pushing and grew the most on their own past.",
    ),
    Award(
        "little-cannon",
        "小钢炮 Little cannon",
        "Small but hits hard: a breakthrough result, well beyond what was expected.",
    ),
    Award(
        "pk-champion",
        "PK 冠军 PK champion",
        "Won the head-to-head: the better side of a public PK competition.",
        AwardLevel.ANY.value,
        GrantedBy.RULE.value,
    ),
    Award(
        "top-one",
        "榜首 Top of the board",
        "First on the board: the photo shown where everyone sees it.",
        AwardLevel.ANY.value,
        GrantedBy.RULE.value,
    ),
)


class AwardCatalogue(LedgerAggregate):
    """The organisation's awards: the defaults, and those it defined since."""

    def __init__(self) -> None:
        self.awards: dict[str, Award] = {a.code: a for a in DEFAULT_AWARDS}

    class Started(LedgerAggregate.Created):
        def apply(self, aggregate: AwardCatalogue) -> None:
            pass

    class AwardDefined(LedgerAggregate.Event):
        award: Award

        def apply(self, aggregate: AwardCatalogue) -> None:
            aggregate.awards[self.award.code] = self.award

    @classmethod
    def start(cls, stamp: Stamp) -> Self:
        return cls._begin(cls.Started, stamp, AWARD_CATALOGUE_ID)

    def define(self, stamp: Stamp, award: Award) -> None:
        """An award is defined once: its meaning is what everyone was told it means."""
        award.check()
        if award.code in self.awards:
            raise StateConflict(f"award {award.code} is already defined")
        if len(self.awards) >= MAX_AWARDS:
            raise StateConflict(f"at most {MAX_AWARDS} awards")
        self._record(self.AwardDefined, stamp, award=award)

    def award(self, code: str, field: str = "award_code") -> Award:
        found = self.awards.get(code)
        if found is None:
            raise UnknownReference("award", code, field)
        return found


SHIPPED = Stamp("perfledger", datetime(2000, 1, 1, tzinfo=UTC), datetime(2000, 1, 1, tzinfo=UTC))


def shipped_awards() -> AwardCatalogue:
    """The catalogue before anything was defined; only read, never saved."""
    return AwardCatalogue.start(SHIPPED)
