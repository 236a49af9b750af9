"""The trajectory page: a person's whole tenure (or the months asked for) in charts, from
the same read as ``GET /people/{id}/trajectory``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from api.deps import ContainerDep
from api.models import Ident
from api.routers.trajectories import FirstMonth, LastMonth, trajectory_of
from api.web import charts
from api.web.labels import term
from api.web.render import page, speaker_of
from api.web.session import Reader

router = APIRouter(prefix="/ui", include_in_schema=False)


@router.get("/people/{person_id}", response_class=HTMLResponse)
def trajectory_page(
    request: Request,
    person_id: Ident,
    reader: Reader,
    c: ContainerDep,
    first: FirstMonth = None,
    last: LastMonth = None,
) -> Response:
    """Process and results with rolling means, forecasts against their band, values and the
    talent matrix per cycle, the ramp against the tenure cohort, awards on the timeline."""
    t = trajectory_of(c, reader, person_id, first, last)
    _ = speaker_of(request, c).gettext
    named = term(_)
    band = c.target_rules.rulebook().accuracy_band
    specs = {
        "trajectory-chart-process": charts.process(t, _),
        "trajectory-chart-shares": charts.shares(t, _),
        "trajectory-chart-indices": charts.indices(t, _),
        "trajectory-chart-results": charts.results(t, _),
        "trajectory-chart-forecast": charts.forecast_accuracy(t, band, _),
        "trajectory-chart-values": charts.values(t, named),
        "trajectory-chart-placement": charts.placements(t, named, _),
        "trajectory-chart-ramp": charts.ramp(t, _),
    }
    person = c.views.directory.person(person_id)
    return page(request, c, "trajectory.html", reader, t=t, person=person, charts=specs, band=band)
