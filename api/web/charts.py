"""Chart specifications for ``dashboard.js``, shaped from the reads the API answers with.

A spec is plain JSON: ``type``, ``labels``, ``datasets`` (``label``, ``data``, optional
``style``: ``line``, ``dashed``, ``bar``, ``band``, ``marks``) and ``y`` (``min``, ``max``,
``percent``, ``categories``). Labels are translated here; numbers stay numbers, so the
browser formats them for the page's language.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from api.trajectory_models import SeriesOut, TrajectoryOut
from domain.scheme import Placement

Spec = dict[str, Any]
Gettext = Callable[[str], str]
# The talent matrix from the bottom up, so a rising line is growth.
PLACEMENTS = [
    Placement.DOG,
    Placement.WHITE_RABBIT,
    Placement.OX,
    Placement.WILD_DOG,
    Placement.STAR,
]


def _numbers(values: list[Decimal | None]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def _series(t: TrajectoryOut, name: str) -> SeriesOut:
    found = t.series[name]
    assert isinstance(found, SeriesOut)
    return found


def _with_rolling(label: str, series: SeriesOut, _: Gettext, scale: float = 1) -> list[Spec]:
    def scaled(values: list[Decimal | None]) -> list[float | None]:
        return [None if v is None else v * scale for v in _numbers(values)]

    return [
        {"label": label, "data": scaled(series.values), "style": "line"},
        {
            "label": _("%s, 3-month mean") % label,
            "data": scaled(series.rolling_3),
            "style": "dashed",
        },
        {
            "label": _("%s, 12-month mean") % label,
            "data": scaled(series.rolling_12),
            "style": "dashed",
        },
    ]


def indices(t: TrajectoryOut, _: Gettext) -> Spec:
    """The process and result indices (0–100) with their rolling means, awards marked."""
    months = [m.month for m in t.months]
    process = _with_rolling(_("Process index"), _series(t, "process_index"), _)
    result = _with_rolling(_("Result index"), _series(t, "result_index"), _)
    return {
        "type": "line",
        "labels": months,
        "datasets": [*process, *result, awards_marks(t, months, _)],
        "y": {"min": 0, "max": 100},
    }


def awards_marks(t: TrajectoryOut, months: list[str], _: Gettext) -> Spec:
    """Awards on the timeline: a mark at the top of the month each award's period began."""
    names: dict[str, list[str]] = {}
    for award in t.awards:
        names.setdefault(award.starts_on[:7], []).append(award.award_name)
    return {
        "label": _("Awards"),
        "data": [100 if m in names else None for m in months],
        "notes": ["; ".join(names.get(m, [])) for m in months],
        "style": "marks",
    }


def process(t: TrajectoryOut, _: Gettext) -> Spec:
    """Visits per working day against the norm of two, with rolling means."""
    months = [m.month for m in t.months]
    visits = _with_rolling(_("Visits per working day"), _series(t, "visits_per_working_day"), _)
    coaching = _series(t, "coaching_received")
    return {
        "type": "line",
        "labels": months,
        "datasets": [
            *visits,
            {"label": _("Coaching received"), "data": _numbers(coaching.values), "style": "bar"},
        ],
        "y": {"min": 0},
    }


def shares(t: TrajectoryOut, _: Gettext) -> Spec:
    """Visits planned with a purpose, and reviewed before the visit, as shares."""
    planned = _series(t, "planned_share")
    reviewed = _series(t, "reviewed_share")
    return {
        "type": "line",
        "labels": [m.month for m in t.months],
        "datasets": [
            *_with_rolling(_("Planned with a purpose"), planned, _, 100),
            *_with_rolling(_("Reviewed before the visit"), reviewed, _, 100)[:2],
        ],
        "y": {"min": 0, "max": 100, "percent": True},
    }


def results(t: TrajectoryOut, _: Gettext) -> Spec:
    """Deals signed and cash received per month (the first currency)."""
    deals = _series(t, "deals_signed")
    cash = [
        float(m.money[0].cash_now) if m.money else 0.0 for m in t.months
    ]  # one currency per organisation in practice; others are in the table
    return {
        "type": "bar",
        "labels": [m.month for m in t.months],
        "datasets": [
            {"label": _("Deals signed"), "data": _numbers(deals.values), "style": "bar"},
            {
                "label": _("Deals, 3-month mean"),
                "data": _numbers(deals.rolling_3),
                "style": "dashed",
            },
            {"label": _("Cash received"), "data": cash, "style": "bar", "axis": "y2"},
        ],
        "y": {"min": 0},
    }


def forecast_accuracy(t: TrajectoryOut, band: Decimal, _: Gettext) -> Spec:
    """Each closed period's forecast error (the first measure forecast) against the band."""
    closed = [p for p in t.periods if p.forecast_accuracy]
    labels = [p.period_key for p in closed]
    datasets = [
        {
            "label": _("Rep's forecast") if role == "rep" else _("Manager's forecast"),
            "data": [_error(p.forecast_accuracy, role) for p in closed],
            "style": "line",
        }
        for role in ("rep", "manager")
    ]
    edge = float(band) * 100
    datasets.append({"label": _("Band"), "data": [edge] * len(labels), "style": "band"})
    return {
        "type": "line",
        "labels": labels,
        "datasets": datasets,
        "y": {"min": 0, "percent": True},
    }


def _error(accuracy: list[dict[str, Any]], role: str) -> float | None:
    judged: list[dict[str, Any]] = next(
        (a["measures"] for a in accuracy if a["role"] == role and a["measures"]), []
    )
    if not judged or judged[0]["error"] is None:
        return None
    return float(judged[0]["error"]) * 100


def values(t: TrajectoryOut, term: Callable[[str, object], str]) -> Spec:
    """Each value's score in force, cycle by cycle."""
    codes = list(dict.fromkeys(v.value for c in t.cycles for v in c.values))
    return {
        "type": "line",
        "labels": [c.cycle_id for c in t.cycles],
        "datasets": [
            {
                "label": term("value", code),
                "data": [
                    next((v.score for v in c.values if v.value == code), None) for c in t.cycles
                ],
                "style": "line",
            }
            for code in codes
        ],
        "y": {"min": 0},
    }


def placements(t: TrajectoryOut, term: Callable[[str, object], str], _: Gettext) -> Spec:
    """The talent-matrix cell of each cycle, from dog at the bottom to star at the top."""
    categories = [term("placement", p.value) for p in reversed(PLACEMENTS)]
    return {
        "type": "line",
        "labels": [c.cycle_id for c in t.cycles],
        "datasets": [
            {
                "label": _("Talent matrix"),
                "data": [term("placement", c.placement) if c.placement else None for c in t.cycles],
                "style": "line",
            }
        ],
        "y": {"categories": categories},
    }


def ramp(t: TrajectoryOut, _: Gettext) -> Spec:
    """The first months of tenure beside the median of everyone else's same month."""
    return {
        "type": "line",
        "labels": [r.tenure_month + 1 for r in t.ramp],
        "datasets": [
            {"label": _("Visits"), "data": [r.visits_logged for r in t.ramp], "style": "line"},
            {
                "label": _("Visits, median of the same tenure month"),
                "data": _numbers([r.visits_logged_median_of_others for r in t.ramp]),
                "style": "dashed",
            },
            {"label": _("Deals"), "data": [r.deals_signed for r in t.ramp], "style": "bar"},
        ],
        "y": {"min": 0},
        "x_title": _("Month of tenure"),
    }


def sparkline(t: TrajectoryOut, _: Gettext) -> Spec:
    """A member's process and result indices over the months read, small."""
    return {
        "type": "line",
        "labels": [m.month for m in t.months],
        "datasets": [
            {"label": _("Process index"), "data": _numbers(_series(t, "process_index").values)},
            {"label": _("Result index"), "data": _numbers(_series(t, "result_index").values)},
        ],
        "y": {"min": 0, "max": 100},
        "small": True,
    }


def distribution(
    bands: list[dict[str, Any]], tolerance: int, term: Callable[[str, object], str], _: Gettext
) -> Spec:
    """The group's share per band beside the guidance, with the tolerance either side."""
    guidance = [float(b["guidance"]) for b in bands]
    return {
        "type": "bar",
        "labels": [term("band", b["band"]) for b in bands],
        "datasets": [
            {
                "label": _("This group"),
                "data": [float(b["percent"]) for b in bands],
                "style": "bar",
            },
            {"label": _("Guidance"), "data": guidance, "style": "bar"},
            {
                "label": _("Guidance + tolerance"),
                "data": [g + tolerance for g in guidance],
                "style": "band",
            },
            {
                "label": _("Guidance − tolerance"),
                "data": [max(g - tolerance, 0) for g in guidance],
                "style": "band",
            },
        ],
        "y": {"min": 0, "max": 100, "percent": True},
    }
