"""Review configuration: rubrics (versioned) and the review scheme (scale, weights, guidance)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field, StringConstraints

from api.deps import Cmd, ContainerDep, CurrentActor
from api.models import AcceptedOut, Body, Ident, Name
from api.problems import PROBLEM_RESPONSES
from domain.rubrics import Behaviour, Rubric, RubricValue
from domain.scheme import Grade, Guidance, Scheme, TalentThresholds
from services.review_records import plain

router = APIRouter(tags=["review configuration"], responses=PROBLEM_RESPONSES)
Description = Annotated[str, StringConstraints(min_length=1, max_length=1000)]
GuidanceName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,20}$")]
Score = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
RUBRIC_KEY = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}:\d{1,4}$"


class ValueIn(Body):
    code: Ident
    name: Name
    behaviours: list[Description] = Field(min_length=1, max_length=8)


class RubricIn(Body):
    code: Ident
    version: int = Field(ge=1, le=9999)
    name: Name
    form: Literal["levels", "behaviours"]
    values: list[ValueIn] = Field(min_length=1, max_length=12)

    def rubric(self) -> Rubric:
        values = tuple(
            RubricValue(
                v.code, v.name, tuple(Behaviour(i, d) for i, d in enumerate(v.behaviours, 1))
            )
            for v in self.values
        )
        return Rubric(self.code, self.version, self.name, self.form, values)


class GradeIn(Body):
    value: Score
    label: Name
    band: Literal["high", "middle", "low"]


class GuidanceIn(Body):
    name: GuidanceName
    high: int = Field(ge=0, le=100)
    middle: int = Field(ge=0, le=100)
    low: int = Field(ge=0, le=100)


class ThresholdsIn(Body):
    performance_high: Score
    performance_middle: Score
    values_high: Score
    measure: Literal["composite", "rating"] = "composite"


class SchemeIn(Body):
    scale: list[GradeIn] = Field(min_length=2, max_length=12)
    performance_weight: int = Field(ge=0, le=100)
    values_weight: int = Field(ge=0, le=100)
    guidances: list[GuidanceIn] = Field(min_length=1, max_length=10)
    default_guidance: GuidanceName
    tolerance: int = Field(ge=0, le=100)
    talent: ThresholdsIn
    conversation_flag_minutes: int = Field(default=60, ge=1, le=600)

    def scheme(self) -> Scheme:
        return Scheme(
            version=0,
            scale=tuple(Grade(g.value, g.label, g.band) for g in self.scale),
            performance_weight=self.performance_weight,
            values_weight=self.values_weight,
            guidances=tuple(Guidance(g.name, g.high, g.middle, g.low) for g in self.guidances),
            default_guidance=self.default_guidance,
            tolerance=self.tolerance,
            talent=TalentThresholds(**self.talent.model_dump()),
            conversation_flag_minutes=self.conversation_flag_minutes,
        )


class RubricOut(BaseModel):
    key: str
    code: str
    version: int
    name: str
    form: str
    max_points: int
    values: list[dict[str, Any]]


class SchemeOut(BaseModel):
    version: int
    scale: list[dict[str, Any]]
    performance_weight: int
    values_weight: int
    guidances: list[dict[str, Any]]
    default_guidance: str
    tolerance: int
    talent: dict[str, Any]
    conversation_flag_minutes: int


def rubric_out(rubric: Rubric) -> RubricOut:
    described = plain(rubric)
    return RubricOut(key=rubric.key, max_points=rubric.max_total, **described)


def scheme_out(scheme: Scheme) -> SchemeOut:
    return SchemeOut(**plain(scheme))


@router.post("/rubrics", status_code=201)
def publish_rubric(body: RubricIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """An admin publishes a rubric version; it never changes, a change is a new version."""
    return AcceptedOut.of(c.review_catalogue.publish_rubric(cmd, body.rubric()))


@router.get("/rubrics")
def list_rubrics(actor: CurrentActor, c: ContainerDep) -> list[RubricOut]:
    """Rubrics are the organisation's rules, not anyone's record: every person may read them."""
    del actor
    rubrics = c.review_catalogue.catalogue().rubrics.values()
    return [rubric_out(r) for r in sorted(rubrics, key=lambda r: (r.code, r.version))]


@router.get("/rubrics/{rubric_key}")
def get_rubric(
    rubric_key: Annotated[str, Path(pattern=RUBRIC_KEY)], actor: CurrentActor, c: ContainerDep
) -> RubricOut:
    del actor
    code, version = rubric_key.rsplit(":", 1)
    return rubric_out(c.review_catalogue.catalogue().rubric(code, int(version)))


@router.post("/review-scheme", status_code=201)
def configure_scheme(body: SchemeIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """An admin sets a new scheme version; cycles opened later use it."""
    return AcceptedOut.of(c.review_catalogue.configure_scheme(cmd, body.scheme()))


@router.get("/review-scheme")
def current_scheme(actor: CurrentActor, c: ContainerDep) -> SchemeOut:
    """The scheme new cycles will fix: scale, weights, guidance, tolerance, thresholds."""
    del actor
    return scheme_out(c.review_catalogue.catalogue().scheme)
