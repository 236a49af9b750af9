"""Values rubrics as versioned data, and the rules that turn marks into scores.

A rubric names values, each with behaviour descriptions. Two forms are known:
*levels* (each value scored 1-5 under the gate rule: level n+1 counts only when
level n is met) and *behaviours* (each behaviour scored 0 or 1). Either way an
assessor marks what the person showed, and every mark carries its case: what
the person did, when, and where it can be checked. A score is never typed in;
it is what the marks add up to, so a number without its evidence cannot exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.errors import InvalidInput, RuleBroken
from domain.values import MAX_NAME, PersonalText, check_ident, check_text

MAX_VALUES = 12
MAX_BEHAVIOURS = 8


class RubricForm(StrEnum):
    LEVELS = "levels"  # scored 1..n under the gate rule
    BEHAVIOURS = "behaviours"  # each behaviour 0 or 1


@dataclass(frozen=True)
class Behaviour:
    """One behaviour (or level) of a value; ``rank`` is its level under the gate rule."""

    rank: int
    description: str


@dataclass(frozen=True)
class RubricValue:
    code: str
    name: str
    behaviours: tuple[Behaviour, ...]

    def behaviour(self, rank: int) -> Behaviour | None:
        return next((b for b in self.behaviours if b.rank == rank), None)


@dataclass(frozen=True)
class Rubric:
    """A published rubric version; once used by a cycle it is copied into the cycle."""

    code: str
    version: int
    name: str
    form: str
    values: tuple[RubricValue, ...]

    @property
    def key(self) -> str:
        return rubric_key(self.code, self.version)

    @property
    def max_total(self) -> int:
        return sum(len(v.behaviours) for v in self.values)

    def value(self, code: str) -> RubricValue:
        for value in self.values:
            if value.code == code:
                return value
        raise InvalidInput("value", f"{code!r} is not a value of rubric {self.key}")

    def check(self) -> Rubric:
        """A rubric must be usable: known form, distinct values, levels numbered 1..n."""
        check_ident("code", self.code)
        check_text("name", self.name, limit=MAX_NAME)
        if self.version < 1:
            raise InvalidInput("version", "must be 1 or more")
        if self.form not in set(RubricForm):
            raise InvalidInput("form", "must be 'levels' or 'behaviours'")
        if not 1 <= len(self.values) <= MAX_VALUES:
            raise InvalidInput("values", f"a rubric has 1 to {MAX_VALUES} values")
        if len({v.code for v in self.values}) != len(self.values):
            raise InvalidInput("values", "value codes must be distinct")
        for value in self.values:
            _check_value(value)
        return self


def _check_value(value: RubricValue) -> None:
    check_ident("values.code", value.code)
    check_text("values.name", value.name, limit=MAX_NAME)
    if not 1 <= len(value.behaviours) <= MAX_BEHAVIOURS:
        raise InvalidInput("values.behaviours", f"a value has 1 to {MAX_BEHAVIOURS} behaviours")
    if [b.rank for b in value.behaviours] != list(range(1, len(value.behaviours) + 1)):
        raise InvalidInput("values.behaviours", "behaviours are numbered 1, 2, 3... in order")
    for behaviour in value.behaviours:
        check_text("values.behaviours.description", behaviour.description, limit=1000)


def rubric_key(code: str, version: int) -> str:
    return f"{code}:{version}"


# --- marks and scores -------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """The evidence behind one mark: what the person did, when, where it can be checked."""

    what: PersonalText
    on: date
    where: PersonalText


@dataclass(frozen=True)
class Mark:
    """An assessor's claim that the person showed behaviour ``rank`` of a value."""

    rank: int
    case: Case


@dataclass(frozen=True)
class ValueScore:
    """A value's score and the marks that earn it, one case per point."""

    value: str
    score: int
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class MarkClaim:
    """A mark as an assessor submits it, before it is checked against the rubric."""

    value: str
    rank: int
    what: str
    on: date
    where: str


def score_value(rubric: Rubric, value_code: str, marks: Sequence[Mark]) -> ValueScore:
    """A value's score from its marks: the gate rule for levels, a sum for behaviours."""
    value = rubric.value(value_code)
    ranks = [m.rank for m in marks]
    if len(set(ranks)) != len(ranks):
        raise RuleBroken(f"{value_code}: each behaviour is marked once", field="marks")
    unknown = [r for r in ranks if value.behaviour(r) is None]
    if unknown:
        raise InvalidInput("marks", f"{value_code} has no behaviour {unknown[0]}")
    if rubric.form == RubricForm.LEVELS:
        check_gate(value_code, ranks)
    ordered = tuple(sorted(marks, key=lambda m: m.rank))
    return ValueScore(value=value_code, score=len(ordered), marks=ordered)


def check_gate(value_code: str, ranks: Iterable[int]) -> int:
    """Level n+1 counts only when level n is met: the levels met must be 1..n."""
    met = sorted(ranks)
    for expected, rank in enumerate(met, start=1):
        if rank != expected:
            raise RuleBroken(
                f"{value_code}: level {rank} is marked but level {expected} is not; "
                "under the gate rule each level counts only when the one below is met",
                field="marks",
            )
    return len(met)


def score_claims(
    rubric: Rubric,
    about: str,
    claims: Sequence[MarkClaim],
    *,
    every_value: bool,
    rescored: Sequence[str] = (),
) -> tuple[ValueScore, ...]:
    """Scores from submitted marks; each mark must carry a case about the person.

    ``every_value`` asks for a score of every value of the rubric (an assessment);
    otherwise the values marked or named in ``rescored`` are scored (an amendment;
    a value named without marks is re-scored to 0).
    """
    by_value: dict[str, list[Mark]] = {}
    for claim in claims:
        rubric.value(claim.value)
        by_value.setdefault(claim.value, []).append(_mark(about, claim))
    named = [rubric.value(code).code for code in rescored]
    codes = (
        [v.code for v in rubric.values] if every_value else [*dict.fromkeys([*by_value, *named])]
    )
    return tuple(score_value(rubric, code, by_value.get(code, [])) for code in codes)


def _mark(about: str, claim: MarkClaim) -> Mark:
    """A mark without its case is refused: what, when and where are all required."""
    if not claim.what.strip() or not claim.where.strip():
        raise RuleBroken(
            f"{claim.value} behaviour {claim.rank}: every point needs its case "
            "(what the person did, when, and where it can be checked)",
            field="marks",
        )
    case = Case(
        what=PersonalText.of(about, claim.what, field="marks.what"),
        on=claim.on,
        where=PersonalText.of(about, claim.where, field="marks.where", limit=1000),
    )
    return Mark(rank=claim.rank, case=case)


def total(scores: Iterable[ValueScore]) -> int:
    return sum(s.score for s in scores)


def merge_scores(
    current: Sequence[ValueScore], replacements: Sequence[ValueScore]
) -> tuple[ValueScore, ...]:
    """The scores after an amendment: each replaced value's score, the rest unchanged."""
    replaced = {s.value: s for s in replacements}
    return tuple(replaced.get(s.value, s) for s in current)
