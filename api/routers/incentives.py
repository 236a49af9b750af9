"""Incentive programmes (激励): draft, kickoff, amend, close; scoreboards and leaderboards."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from api.bootstrap import Container
from api.deps import Cmd, ContainerDep, CurrentActor, MinPosition, wait_for
from api.incentive_models import (
    AmendmentIn,
    BoardRowOut,
    ChangeOut,
    KickoffIn,
    LeaderboardOut,
    MeasureOut,
    MeasureText,
    ProgrammeIn,
    ProgrammeOut,
    ScoreboardOut,
    TermsIn,
    decision_out,
    rule_out,
    standing_out,
    terms_out,
)
from api.models import AcceptedOut, Ident
from api.problems import PROBLEM_RESPONSES
from api.routers.targets import PeriodPath
from domain.errors import NotFound
from domain.incentives import Status
from domain.measure_catalogue import CATALOGUE, MeasureName
from domain.periods import PeriodKey
from domain.standings import DEFAULT_LOOKBACK, MAX_LOOKBACK, Standing
from projections.incentives import terms_of
from projections.tables import Row, from_json
from services.commands import Actor
from services.contests import span_of
from services.errors import Forbidden
from services.incentives import ProgrammeSummary

router = APIRouter(tags=["incentives"], responses=PROBLEM_RESPONSES)
VIEW = "incentives"
FIGURES = ("targets", "visits", "coaching", "deals")


# --- commands ---------------------------------------------------------------------


@router.post("/programmes", status_code=201)
def draft_programme(body: ProgrammeIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Draft a programme for a period: what it rewards, how, by which rule, for whom."""
    return AcceptedOut.of(c.programmes.draft(cmd, body.period, body.terms()))


@router.post("/programmes/{programme_id}/revisions")
def redraft_programme(programme_id: UUID, body: TermsIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Change a draft; once announced, terms change only by an amendment (409 here)."""
    return AcceptedOut.of(c.programmes.redraft(cmd, programme_id, body.terms()))


@router.post("/kickoffs", status_code=201)
def hold_kickoff(body: KickoffIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Announce drafted programmes at a kickoff (``occurred_at``: when it was held), all or
    none; the answer's ``id`` is the kickoff's, ``ids`` the programmes announced."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.programmes.hold_kickoff(cmd, body.period, body.programme_ids))


@router.post("/programmes/{programme_id}/amendments")
def amend_programme(
    programme_id: UUID, body: AmendmentIn, cmd: Cmd, c: ContainerDep
) -> AcceptedOut:
    """Change announced terms with a reason; the original stays beside the amendment."""
    return AcceptedOut.of(c.programmes.amend(cmd, programme_id, body.terms(), body.reason))


@router.post("/incentives/{period}/close")
def close_incentives(period: PeriodPath, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """Decide the winners of a closed period's announced programmes by their rules; a second
    close decides nothing again and writes nothing (``ids`` lists what this one decided)."""
    return AcceptedOut.of(c.programmes.close(cmd, period))


# --- reads ------------------------------------------------------------------------


@router.get("/incentive-measures")
def incentive_measures(actor: CurrentActor) -> list[MeasureOut]:
    """The measures programmes and leaderboards read, and where each comes from."""
    del actor
    return [MeasureOut(**asdict(f) | {"qualifier": f.qualifier.value}) for f in CATALOGUE]


def _readable(c: Container, actor: Actor, programme_id: UUID) -> Row:
    row = c.views.incentives.programme(str(programme_id))
    if row is None:
        raise NotFound("programme", programme_id)
    c.programmes.require_reader(actor, _summary(row))
    return row


def _summary(row: Row) -> ProgrammeSummary:
    return ProgrammeSummary(
        row["organiser_id"], row["status"], row["period_key"], terms_of(row["terms"])
    )


def _programme(c: Container, row: Row) -> ProgrammeOut:
    changes = [_change(r) for r in c.views.incentives.changes(row["programme_id"])]
    fields = {k: row[k] for k in ProgrammeOut.model_fields if k in row}
    return ProgrammeOut(
        **fields
        | {
            "terms": terms_out(terms_of(row["terms"])),
            "changes": changes,
            "decision": decision_out(row["decision"]),
        }
    )


def _change(row: Row) -> ChangeOut:
    details = from_json(row["details"]) or {}
    return ChangeOut(
        position=row["position"],
        kind=row["kind"],
        terms=None if row["terms"] is None else terms_out(terms_of(row["terms"])),
        reason=row["reason"],
        kickoff_id=details.get("kickoff_id"),
        recorded_by=row["recorded_by"],
        recorded_at=row["recorded_at"],
        occurred_at=row["occurred_at"],
    )


@router.get("/programmes/{programme_id}")
def get_programme(
    programme_id: UUID, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> ProgrammeOut:
    """A programme's terms in force, its announcement, every amendment with its reason, and
    once decided the decision with the figures it used."""
    wait_for(c, min_position, VIEW)
    return _programme(c, _readable(c, actor, programme_id))


@router.get("/periods/{period}/programmes")
def period_programmes(
    period: PeriodPath, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> list[ProgrammeOut]:
    """The period's programmes the caller may read (drafts: only their organisers)."""
    wait_for(c, min_position, VIEW)
    return [_programme(c, r) for r in readable_programmes(c, actor, PeriodKey.parse(period).key)]


@router.get("/programmes/{programme_id}/scoreboard")
def scoreboard(
    programme_id: UUID, actor: CurrentActor, c: ContainerDep, min_position: MinPosition = None
) -> ScoreboardOut:
    """The live scoreboard while the period runs (``won``: who would win if it closed now);
    once decided, the decision's standings, final."""
    wait_for(c, min_position, VIEW, *FIGURES)
    return scoreboard_of(c, _readable(c, actor, programme_id))


def scoreboard_of(c: Container, row: Row) -> ScoreboardOut:
    """A readable programme's scoreboard (the API's and the team page's)."""
    terms = terms_of(row["terms"])
    decision = decision_out(row["decision"])
    if decision is not None:
        standings = decision.standings
    else:
        live = c.contest.standings(terms, PeriodKey.parse(row["period_key"]))
        standings = [standing_out(asdict(s)) for s in live]
    return ScoreboardOut(
        programme_id=row["programme_id"],
        period_key=row["period_key"],
        status=row["status"],
        final=row["status"] == Status.DECIDED,
        measure=terms.measure,
        better=terms.measure_name.better.value,
        rule=rule_out(terms.rule, terms.measure),
        standings=standings,
    )


def readable_programmes(c: Container, actor: Actor, period_key: str) -> list[Row]:
    """The period's programmes the actor may read (drafts: only their organisers)."""
    rows = c.views.incentives.of_period(period_key)
    return [r for r in rows if c.programmes.may_read(actor, _summary(r))]


@router.get("/teams/{team_id}/leaderboards/{period}")
def leaderboard(
    team_id: Ident,
    period: PeriodPath,
    actor: CurrentActor,
    c: ContainerDep,
    measure: Annotated[MeasureText, Query()],
    board: Annotated[Literal["value", "most_improved"], Query()] = "value",
    lookback: Annotated[int, Query(ge=1, le=MAX_LOOKBACK)] = DEFAULT_LOOKBACK,
    min_position: MinPosition = None,
) -> LeaderboardOut:
    """The team's people ranked on a measure for the period, the top one marked; or, as
    ``most_improved``, each against their own average over the ``lookback`` earlier periods.
    For the team: its members, its lead and those above, its HRBP, auditors."""
    return leaderboard_of(c, actor, team_id, period, measure, board, lookback, min_position)


def leaderboard_of(
    c: Container,
    actor: Actor,
    team_id: str,
    period: str,
    measure: str,
    board: Literal["value", "most_improved"] = "value",
    lookback: int = DEFAULT_LOOKBACK,
    min_position: int | None = None,
) -> LeaderboardOut:
    """A team's leaderboard (the API's and the team page's)."""
    key = PeriodKey.parse(period)
    if not c.policy.board_visibility(actor, team_id).overlaps(span_of(key)):
        raise Forbidden(f"{actor.person_id} may not see the boards of team {team_id}")
    name = MeasureName.parse(measure)
    c.programmes.check_measure(name)
    wait_for(c, min_position, *FIGURES)
    if board == "value":
        rows = c.contest.team_board(team_id, key, name)
    else:
        rows = c.contest.improved_board(team_id, key, name, lookback)
    return LeaderboardOut(
        team_id=team_id,
        period_key=key.key,
        measure=str(name),
        better=name.better.value,
        board=board,
        lookback=None if board == "value" else lookback,
        rows=[_board_row(s, board) for s in rows],
    )


def _board_row(s: Standing, board: str) -> BoardRowOut:
    return BoardRowOut(
        person_id=s.subject_id,
        value=s.value,
        baseline=s.baseline,
        improvement=None if board == "value" else s.score,
        rank=s.rank,
        top=s.rank == 1,
    )
