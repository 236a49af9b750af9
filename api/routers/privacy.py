"""Privacy: retention rules, a person's jurisdiction, legal holds and erasure requests.

An erasure request is always recorded; the answer says whether it was carried
out (``erased``) or refused, with what blocks it and the first day it may
proceed (``proceeds_on``, null while a hold or employment blocks it).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from api.deps import Cmd, ContainerDep, CurrentActor
from api.models import IDENT_PATTERN, AcceptedOut, Body, Fact, Ident, Name, Text
from api.problems import PROBLEM_RESPONSES
from domain.errors import NotFound
from domain.privacy import (
    DEFAULT_JURISDICTION,
    DEFAULT_RULE,
    MAX_RETENTION_MONTHS,
    Block,
    ErasureRequest,
    Hold,
    RetentionRule,
    rule_for,
)

router = APIRouter(tags=["privacy"], responses=PROBLEM_RESPONSES)
PersonPath = Annotated[str, Path(pattern=IDENT_PATTERN)]


class RetentionIn(Body):
    jurisdiction: Ident
    months: int = Field(ge=0, le=MAX_RETENTION_MONTHS, description="Kept after leaving")
    basis: Name = Field(description="The law or policy the period follows")


class RetentionOut(BaseModel):
    jurisdiction: str
    months: int
    basis: str


class RetentionRulesOut(BaseModel):
    default_jurisdiction: str
    rules: list[RetentionOut]


class JurisdictionIn(Body):
    jurisdiction: Ident


class ReasonIn(Fact):
    reason: Text


class BlockOut(BaseModel):
    kind: str = Field(description="employed, retention or legal-hold")
    until: date | None
    detail: str


class ErasureOut(BaseModel):
    request: int
    outcome: str = Field(description="erased, or refused")
    proceeds_on: date | None = Field(description="The first day an erasure may proceed")
    blocked_by: list[BlockOut]
    position: int


class HoldOut(BaseModel):
    number: int
    reason: str
    placed_by: str
    placed_at: datetime
    active: bool
    lifted_by: str | None
    lifted_at: datetime | None
    lift_reason: str | None


class RequestOut(BaseModel):
    number: int
    outcome: str
    reason: str
    recorded_by: str
    recorded_at: datetime
    proceeds_on: date | None
    blocked_by: list[BlockOut]


class PrivacyOut(BaseModel):
    person_id: str
    jurisdiction: str
    retention: RetentionOut
    erased: bool
    holds: list[HoldOut]
    requests: list[RequestOut]


@router.get("/retention-rules")
def retention_rules(actor: CurrentActor, c: ContainerDep) -> RetentionRulesOut:
    """The retention per jurisdiction; ``default`` applies where none is set."""
    rules = {DEFAULT_JURISDICTION: DEFAULT_RULE} | c.privacy.rules(actor)
    return RetentionRulesOut(
        default_jurisdiction=DEFAULT_JURISDICTION,
        rules=[_rule(r) for _, r in sorted(rules.items())],
    )


@router.post("/retention-rules")
def set_retention(body: RetentionIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    rule = RetentionRule.of(body.jurisdiction, body.months, body.basis)
    return AcceptedOut.of(c.privacy.set_retention(cmd, rule))


@router.post("/people/{person_id}/jurisdiction")
def assign_jurisdiction(
    person_id: PersonPath, body: JurisdictionIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    return AcceptedOut.of(c.privacy.assign_jurisdiction(cmd, person_id, body.jurisdiction))


@router.post("/people/{person_id}/legal-holds", status_code=201)
def place_hold(person_id: PersonPath, body: ReasonIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """An admin places a legal hold: nothing of the person is erased until it is lifted."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.privacy.place_hold(cmd, person_id, body.reason))


@router.post("/people/{person_id}/legal-holds/{hold_no}/lift")
def lift_hold(
    person_id: PersonPath,
    hold_no: Annotated[int, Path(ge=1, le=9999)],
    body: ReasonIn,
    cmd: Cmd,
    c: ContainerDep,
) -> AcceptedOut:
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.privacy.lift_hold(cmd, person_id, hold_no, body.reason))


@router.post("/people/{person_id}/erasure-requests", status_code=201)
def request_erasure(person_id: PersonPath, body: ReasonIn, cmd: Cmd, c: ContainerDep) -> ErasureOut:
    """An admin records an erasure request: carried out at once when nothing blocks it."""
    cmd = cmd.happened(body.occurred_at)
    accepted = c.privacy.request_erasure(cmd, person_id, body.reason)
    number = int(accepted.ids[0])
    file = c.privacy.file(cmd.actor, person_id)
    request = next((r for r in file.requests if r.number == number), None) if file else None
    if request is None:  # pragma: no cover - the request was just recorded
        raise NotFound("erasure request", f"{person_id}/{number}")
    return ErasureOut(
        request=number,
        outcome=request.outcome,
        proceeds_on=request.proceeds_on,
        blocked_by=[_block(b) for b in request.blocked_by],
        position=accepted.position,
    )


@router.get("/people/{person_id}/privacy")
def privacy_file(person_id: PersonPath, actor: CurrentActor, c: ContainerDep) -> PrivacyOut:
    """The person's jurisdiction, retention, holds and requests: for admins, auditors and
    the person; reasons read as erased once the person's key is destroyed."""
    file = c.privacy.file(actor, person_id)
    jurisdiction = file.jurisdiction if file else DEFAULT_JURISDICTION
    rules = c.privacy.rules_in_force()
    return PrivacyOut(
        person_id=person_id,
        jurisdiction=jurisdiction,
        retention=_rule(rule_for(rules, jurisdiction)),
        erased=bool(file and file.erased),
        holds=[_hold(h) for h in (file.holds if file else ())],
        requests=[_request(r) for r in (file.requests if file else ())],
    )


def _rule(rule: RetentionRule) -> RetentionOut:
    return RetentionOut(jurisdiction=rule.jurisdiction, months=rule.months, basis=rule.basis)


def _block(block: Block) -> BlockOut:
    return BlockOut(kind=block.kind, until=block.until, detail=block.detail)


def _hold(hold: Hold) -> HoldOut:
    return HoldOut(
        number=hold.number,
        reason=hold.reason.text,
        placed_by=hold.placed_by,
        placed_at=hold.placed_at,
        active=hold.active,
        lifted_by=hold.lifted_by,
        lifted_at=hold.lifted_at,
        lift_reason=None if hold.lift_reason is None else hold.lift_reason.text,
    )


def _request(request: ErasureRequest) -> RequestOut:
    return RequestOut(
        number=request.number,
        outcome=request.outcome,
        reason=request.reason.text,
        recorded_by=request.recorded_by,
        recorded_at=request.recorded_at,
        proceeds_on=request.proceeds_on,
        blocked_by=[_block(b) for b in request.blocked_by],
    )
