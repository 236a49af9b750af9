"""Team roll-up: the team's target beside the sum of its members' approved targets.

Members are the people who sat in the team on some day of the period. The
gap between the team's figure and the members' sum is shown, never hidden.
The team's actuals are its members' facts on the days they sat in the team,
so a person who moved mid-period counts in each team for their days there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from domain.measures import Figure
from domain.organisation import Organisation
from domain.targets import SubjectKind
from domain.values import DateRange
from projections.tables import Row
from projections.targets.results import PeriodState, approved_figures, results_report
from projections.targets.view import Targets
from services.policy import Scope, Visibility


def member_windows(org: Organisation, team_id: str, span: DateRange) -> dict[str, list[DateRange]]:
    """Who sat in the team during the span, and on which of its days."""
    return org.members_during(team_id, span)


def _days(windows: list[DateRange], span: DateRange) -> int:
    """Days of the span spent in the team (the windows are already cut to the span)."""
    assert span.end is not None
    return sum(((w.end or span.end) - w.start).days for w in windows)


def rollup_report(
    view: Targets,
    org: Organisation,
    team_id: str,
    state: PeriodState,
    may_see: Callable[[str], bool],
) -> dict[str, Any]:
    """Team figures, member sums, gaps and the team's results for a period.

    Each member's own figures are shown only to a viewer who may see that
    member's records for the period; the sums always include everyone.
    """
    windows = member_windows(org, team_id, state.span)
    team = view.target_for(SubjectKind.TEAM.value, team_id, state.period.key)
    members = view.targets_of(SubjectKind.PERSON.value, sorted(windows), state.period.key)
    in_force = _approved(view, [*members, *([team] if team else [])])
    by_person = {m["subject_id"]: m for m in members}
    team_figures = in_force.get(team["target_id"], []) if team else []
    figures = {
        p: in_force.get(by_person[p]["target_id"], []) if p in by_person else [] for p in windows
    }
    scope = Scope(people={p: Visibility(ranges=tuple(w)) for p, w in windows.items()})
    return {
        "team_id": team_id,
        "period_key": state.period.key,
        "team_target_id": None if team is None else team["target_id"],
        "team_status": None if team is None else team["status"],
        "members": [
            _member(p, by_person.get(p), figures[p], _days(windows[p], state.span), may_see(p))
            for p in sorted(windows)
        ],
        "gaps": gaps(team_figures, figures.values()),
        "results": results_report(view, state, scope, team_figures),
    }


def _approved(view: Targets, targets: list[Row]) -> dict[str, list[Figure]]:
    versions = view.versions([t["target_id"] for t in targets])
    return {t["target_id"]: approved_figures(t, versions[t["target_id"]]) for t in targets}


def _member(
    person_id: str, target: Row | None, figures: list[Figure], days: int, visible: bool
) -> Row:
    shown = target if visible else None
    return {
        "person_id": person_id,
        "days_in_team": days,
        "target_id": shown and shown["target_id"],
        "status": shown and shown["status"],
        "approved_version": shown and shown["approved_version"],
        "figures": [_figure(f) for f in figures] if visible else None,
    }


def _figure(figure: Figure) -> Row:
    return {"measure": figure.measure, "amount": figure.amount, "currency": figure.currency}


def gaps(team: list[Figure], members: Iterable[list[Figure]]) -> list[Row]:
    """Per measure (and currency): the team's figure, the members' sum, team minus members.

    A member without an approved target adds nothing; a measure the team has
    no figure for still shows the members' sum (with no gap to measure).
    """
    sums: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    for figures in members:
        for f in figures:
            sums[(f.measure, f.currency)] += f.amount
    targets = {(f.measure, f.currency): f.amount for f in team}
    keys = sorted(set(targets) | set(sums), key=lambda k: (k[0], k[1] or ""))
    return [
        {
            "measure": measure,
            "currency": currency,
            "team_target": targets.get((measure, currency)),
            "members_total": sums[(measure, currency)],
            "gap": None
            if (measure, currency) not in targets
            else targets[(measure, currency)] - sums[(measure, currency)],
        }
        for measure, currency in keys
    ]
