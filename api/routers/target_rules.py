"""Target rules: the measures and numbers an admin configures; everyone may read them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import Cmd, ContainerDep, CurrentActor
from api.models import AcceptedOut, Body, Ident, Name
from api.problems import PROBLEM_RESPONSES
from domain.measures import Basis
from services.target_rules import RuleChanges

router = APIRouter(tags=["target rules"], responses=PROBLEM_RESPONSES)
Fraction = Annotated[Decimal, Field(ge=0, le=1, decimal_places=6)]


class RulesIn(Body):
    tolerance: Fraction | None = Field(default=None, description="Lines may miss a figure by")
    accuracy_band: Fraction | None = Field(default=None, description="A good forecast is within")
    forecast_cutoff_days: int | None = Field(
        default=None, ge=-366, le=366, description="Forecasts count if before start + days"
    )
    visits_per_deal: Annotated[Decimal, Field(gt=0, le=1000, decimal_places=4)] | None = None
    history_months: int | None = Field(default=None, ge=1, le=36)


class MeasureIn(Body):
    code: Ident
    name: Name
    basis: Basis


class MeasureOut(BaseModel):
    code: str
    name: str
    basis: str
    unit: str


class RulesOut(BaseModel):
    tolerance: Decimal
    accuracy_band: Decimal
    forecast_cutoff_days: int
    visits_per_deal: Decimal
    history_months: int
    measures: list[MeasureOut]


@router.get("/target-rules")
def get_rules(actor: CurrentActor, c: ContainerDep) -> RulesOut:
    """The rules in force; they are the organisation's, not anyone's record."""
    del actor  # any authenticated person
    return RulesOut.model_validate(c.target_rules.rulebook().describe())


@router.post("/target-rules")
def change_rules(body: RulesIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    changes = RuleChanges(**body.model_dump())
    return AcceptedOut.of(c.target_rules.change(cmd, changes))


@router.post("/measures", status_code=201)
def define_measure(body: MeasureIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    return AcceptedOut.of(c.target_rules.define_measure(cmd, body.code, body.name, body.basis))
