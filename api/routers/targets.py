"""Targets: draft, revise, submit, approve or send back; plans; results; team roll-up."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query

from api.bootstrap import Container
from api.deps import Cmd, ContainerDep, CurrentActor, Limit, MinPosition, wait_for
from api.models import AcceptedOut, Ident, Page
from api.problems import PROBLEM_RESPONSES
from api.target_models import (
    PERIOD_KEY,
    DraftIn,
    PersonResultsOut,
    PlanAdjustmentIn,
    PlanOut,
    ReasonIn,
    RevisionIn,
    RollupOut,
    TargetOut,
)
from domain.errors import NotFound
from domain.periods import PeriodKey
from domain.targets import Subject, SubjectKind
from projections.tables import Row
from projections.targets.plan_report import plan_report
from projections.targets.results import (
    PeriodState,
    period_span,
    person_results_report,
    target_report,
)
from projections.targets.rollup import rollup_report
from services.commands import Actor
from services.policy import Visibility
from services.targets import Strategy

router = APIRouter(tags=["targets"], responses=PROBLEM_RESPONSES)
VIEW = "targets"
PeriodPath = Annotated[str, Path(pattern=PERIOD_KEY, description="2025-03, 2025-Q1, 2025")]
AfterPeriod = Annotated[str | None, Query(max_length=10, description="The `next` of the last page")]


# --- commands ---------------------------------------------------------------------


@router.post("/targets", status_code=201)
def draft(body: DraftIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Draft a target with its strategy lines (a person's own, or a team's by its lead)."""
    subject = Subject.of(body.subject_kind, body.subject_id)
    strategy = Strategy(body.figure_list(), body.line_list())
    return AcceptedOut.of(c.targets.draft(cmd, subject, body.period, strategy))


@router.post("/targets/{target_id}/revisions")
def revise(target_id: UUID, body: RevisionIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """A new version, with its reason; every earlier version stays readable."""
    strategy = Strategy(body.figure_list(), body.line_list())
    return AcceptedOut.of(c.targets.revise(cmd, target_id, strategy, body.reason))


@router.post("/targets/{target_id}/submit")
def submit(target_id: UUID, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Send the current version to the manager; refused, naming the difference, if its
    lines do not add up to its figures."""
    return AcceptedOut.of(c.targets.submit(cmd, target_id))


@router.post("/targets/{target_id}/approve")
def approve(target_id: UUID, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    return AcceptedOut.of(c.targets.approve(cmd, target_id))


@router.post("/targets/{target_id}/send-back")
def send_back(target_id: UUID, body: ReasonIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """打回: return the submitted version with a reason."""
    return AcceptedOut.of(c.targets.send_back(cmd, target_id, body.reason))


@router.post("/targets/{target_id}/plan/adjustments")
def adjust_plan(target_id: UUID, body: PlanAdjustmentIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """The person changes a week of their plan; the derived figure and the change both stay."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(
        c.targets.adjust_plan(
            cmd, target_id, body.week_start, body.visits, body.events, body.reason
        )
    )


# --- reads ------------------------------------------------------------------------


def _readable(c: Container, actor: Actor, target_id: UUID) -> Row:
    """The target, if the actor may see its subject's records for some day of its period."""
    row = c.views.targets.target(str(target_id))
    if row is None:
        raise NotFound("target", target_id)
    span = period_span(PeriodKey.parse(row["period_key"]))
    if row["subject_kind"] == SubjectKind.PERSON:
        c.policy.require_person_during(actor, row["subject_id"], span)
    else:
        c.policy.require_team_during(actor, row["subject_id"], span)
    return row


def _with_versions(c: Container, rows: list[Row]) -> list[TargetOut]:
    versions = c.views.targets.versions([r["target_id"] for r in rows])
    return [TargetOut.model_validate(target_report(r, versions[r["target_id"]])) for r in rows]


@router.get("/targets/{target_id}")
def get_target(
    target_id: UUID, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> TargetOut:
    """A target with every version it went through: figures, lines, who decided, why."""
    wait_for(c, min_position, VIEW)
    return _with_versions(c, [_readable(c, actor, target_id)])[0]


@router.get("/targets/{target_id}/plan")
def get_plan(
    target_id: UUID, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> PlanOut:
    """Plan vs. actual per week: visits and events planned beside the visits logged and
    the deals of each week."""
    wait_for(c, min_position, VIEW, "visits")
    row = _readable(c, actor, target_id)
    logged = _logged_visits(c, actor, row)
    return PlanOut.model_validate(plan_report(c.views.targets, row, logged))


def _logged_visits(c: Container, actor: Actor, target: Row) -> dict[str, int]:
    """Visits that happened in each week of a person's target period (by Monday), on the
    days the caller may see."""
    if target["subject_kind"] != SubjectKind.PERSON:
        return {}
    period = PeriodKey.parse(target["period_key"])
    visibility = c.policy.person_visibility(actor, target["subject_id"])
    start, end = period.starts_on.isoformat(), period.ends_on.isoformat()
    days = c.views.visits.days(target["subject_id"], visibility, start, end)
    weeks: dict[str, int] = {}
    for day in days:
        weeks[day["week"]] = weeks.get(day["week"], 0) + int(day["happened"] or 0)
    return weeks


def _page(
    c: Container,
    kind: SubjectKind,
    subject_id: str,
    visibility: Visibility,
    after: str | None,
    limit: int,
) -> Page[TargetOut]:
    rows = c.views.targets.history_of(kind.value, subject_id, visibility, after, limit)
    items = _with_versions(c, rows)
    return Page(items=items, next=items[-1].period_key if len(items) == limit else None)


@router.get("/people/{person_id}/targets")
def person_targets(
    person_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    after: AfterPeriod = None,
    limit: Limit = 20,
    min_position: MinPosition = None,
) -> Page[TargetOut]:
    """A person's targets with their full version history, for the periods the caller may see."""
    visibility = c.policy.require_person(actor, person_id)
    wait_for(c, min_position, VIEW)
    return _page(c, SubjectKind.PERSON, person_id, visibility, after, limit)


@router.get("/teams/{team_id}/targets")
def team_targets(
    team_id: Ident,
    actor: CurrentActor,
    c: ContainerDep,
    after: AfterPeriod = None,
    limit: Limit = 20,
    min_position: MinPosition = None,
) -> Page[TargetOut]:
    """A team's targets with their full version history."""
    visibility = c.policy.require_team(actor, team_id)
    wait_for(c, min_position, VIEW)
    return _page(c, SubjectKind.TEAM, team_id, visibility, after, limit)


@router.get("/people/{person_id}/results/{period}")
def person_results(
    person_id: Ident,
    period: PeriodPath,
    actor: CurrentActor,
    c: ContainerDep,
    min_position: MinPosition = None,
) -> PersonResultsOut:
    """Attainment per measure: at close (final) and now, with every late adjustment."""
    c.policy.require_person_during(actor, person_id, period_span(PeriodKey.parse(period)))
    wait_for(c, min_position, VIEW)
    state = PeriodState.of(c.views.targets, period)
    report = person_results_report(c.views.targets, person_id, state)
    return PersonResultsOut.model_validate(report)


@router.get("/teams/{team_id}/rollup/{period}")
def team_rollup(
    team_id: Ident,
    period: PeriodPath,
    actor: CurrentActor,
    c: ContainerDep,
    min_position: MinPosition = None,
) -> RollupOut:
    """The team's target beside the sum of its members' approved targets, the gap, and
    the team's results; a member's own figures only for those who may see them."""
    return rollup_of(c, actor, team_id, period, min_position)


def rollup_of(
    c: Container, actor: Actor, team_id: str, period: str, min_position: int | None = None
) -> RollupOut:
    """A team's plan against its results for a period (the API's and the team page's)."""
    span = period_span(PeriodKey.parse(period))
    c.policy.require_team_during(actor, team_id, span)
    wait_for(c, min_position, VIEW)
    state = PeriodState.of(c.views.targets, period)

    def may_see(person_id: str) -> bool:
        return c.policy.person_visibility(actor, person_id).overlaps(span)

    org = c.policy.organisation()
    report = rollup_report(c.views.targets, org, team_id, state, may_see)
    return RollupOut.model_validate(report)
