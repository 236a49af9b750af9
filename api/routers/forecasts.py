"""Forecasts: submitted by the rep and, separately, their manager; judged at close."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Cmd, ContainerDep, CurrentActor, MinPosition, wait_for
from api.models import AcceptedOut, Ident
from api.problems import PROBLEM_RESPONSES
from api.routers.targets import VIEW, PeriodPath
from api.target_models import ForecastIn, ForecastReportOut
from domain.periods import PeriodKey
from projections.targets.accuracy import forecast_report
from projections.targets.results import PeriodState, period_span

router = APIRouter(tags=["forecasts"], responses=PROBLEM_RESPONSES)


@router.post("/people/{person_id}/forecasts", status_code=201)
def submit_forecast(person_id: Ident, body: ForecastIn, cmd: Cmd, c: ContainerDep) -> AcceptedOut:
    """The person forecasts their own result, or their direct manager does (kept apart)."""
    cmd = cmd.happened(body.occurred_at)
    return AcceptedOut.of(c.forecasts.submit(cmd, person_id, body.period, body.figure_list()))


@router.get("/people/{person_id}/forecasts/{period}")
def forecast_history(
    person_id: Ident,
    period: PeriodPath,
    actor: CurrentActor,
    c: ContainerDep,
    min_position: MinPosition = None,
) -> ForecastReportOut:
    """Every forecast with its time, the trend, and (once closed) the accuracy of the last
    forecast before the cut-off, for the rep and the manager separately."""
    c.policy.require_person_during(actor, person_id, period_span(PeriodKey.parse(period)))
    wait_for(c, min_position, VIEW)
    state = PeriodState.of(c.views.targets, period)
    return ForecastReportOut.model_validate(forecast_report(c.views.targets, person_id, state))
