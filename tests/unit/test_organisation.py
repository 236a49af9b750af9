"""The organisation aggregate: its rules, and reporting lines over time."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidInput, NotFound, RuleBroken, StateConflict
from domain.organisation import Organisation
from domain.reporting import Placement, Tenure, manager_chain_on, windows_under
from domain.values import DateRange
from tests.support import START, small_org, stamp


def test_chain_and_members_as_of_a_date() -> None:
    org = small_org()
    org.move(stamp(), "r1", date(2025, 3, 1), "t2", "m2")
    assert org.chain_on("r1", date(2025, 2, 28)) == ["m1", "dir"]
    assert org.chain_on("r1", date(2025, 3, 1)) == ["m2", "dir"]
    assert org.members_on("t1", date(2025, 2, 28)) == ["m1", "r1", "r2"]
    assert org.members_on("t1", date(2025, 3, 1)) == ["m1", "r2"]


def test_windows_follow_the_move_date() -> None:
    org = small_org()
    org.move(stamp(), "r1", date(2025, 3, 1), "t2", "m2")
    assert org.windows_managed("m1", "r1") == (DateRange(START, date(2025, 3, 1)),)
    assert org.windows_managed("m2", "r1") == (DateRange(date(2025, 3, 1), None),)
    # The director was above r1 throughout.
    assert org.windows_managed("dir", "r1") == (DateRange(START, None),)
    assert org.windows_partnered("h1", "r1") == (DateRange(START, date(2025, 3, 1)),)


def test_leaving_closes_every_window() -> None:
    org = small_org()
    org.record_leaving(stamp(), "r2", date(2025, 1, 1))
    assert org.windows_managed("m1", "r2") == (DateRange(START, date(2025, 1, 1)),)
    assert not org.is_employed_on("r2", date(2025, 1, 1))


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda o: o.hire(stamp(), "r1", "Again", ["rep"], START, None, None), StateConflict),
        (lambda o: o.hire(stamp(), "x", "X", ["wizard"], START, None, None), InvalidInput),
        (lambda o: o.hire(stamp(), "x", "X", [], START, None, None), InvalidInput),
        (lambda o: o.hire(stamp(), "x y", "X", ["rep"], START, None, None), InvalidInput),
        (lambda o: o.hire(stamp(), "x", "X\x00", ["rep"], START, None, None), InvalidInput),
        (lambda o: o.hire(stamp(), "x", "X", ["rep"], START, "nope", None), NotFound),
        (lambda o: o.hire(stamp(), "x", "X", ["rep"], START, None, "ghost"), NotFound),
        (lambda o: o.move(stamp(), "m1", date(2025, 1, 1), "t1", "r1"), RuleBroken),
        (lambda o: o.move(stamp(), "r1", date(2025, 1, 1), "t1", "r1"), RuleBroken),
        (lambda o: o.move(stamp(), "r1", START, "t1", "m2"), RuleBroken),
        (lambda o: o.move(stamp(), "r1", date(2023, 1, 1), "t1", "m2"), RuleBroken),
        (lambda o: o.assign_hrbp(stamp(), "t2", "r1", START), RuleBroken),
        (lambda o: o.assign_hrbp(stamp(), "t1", "h1", date(2025, 1, 1)), StateConflict),
        (lambda o: o.form_team(stamp(), "t9", "T9", "west"), NotFound),
    ],
)
def test_refusals_write_nothing(change: object, error: type[Exception]) -> None:
    org = small_org()
    before = (org.version, len(org.pending_events))
    with pytest.raises(error):
        change(org)  # type: ignore[operator]
    assert (org.version, len(org.pending_events)) == before


def test_a_move_may_not_close_a_loop_later_on_record() -> None:
    org = small_org()
    # From 2025 m1 reports to r3 (recorded first), so r3 may not report to m1 before that.
    org.move(stamp(), "m1", date(2025, 6, 1), "t1", "r3")
    with pytest.raises(RuleBroken, match="cycle"):
        org.move(stamp(), "r3", date(2025, 1, 1), "t2", "m1")


# --- property: the windows equal a day-by-day walk up the chain ---------------------

PEOPLE = ["a", "b", "c", "d", "e"]
DAY0 = date(2024, 1, 1)


@st.composite
def timelines(draw: st.DrawFn) -> dict[str, Tenure]:
    """Random placements over 60 days, checked acyclic day by day as the product does."""
    tenures: dict[str, Tenure] = {}
    for person in PEOPLE:
        starts = sorted(set(draw(st.lists(st.integers(0, 59), min_size=1, max_size=4))))
        placements = tuple(
            Placement(DAY0 + timedelta(days=s), None, draw(st.sampled_from([None, *PEOPLE])))
            for s in starts
        )
        left = draw(st.one_of(st.none(), st.integers(starts[-1] + 1, 70)))
        tenures[person] = Tenure(
            placements[0].starts_on,
            None if left is None else DAY0 + timedelta(days=left),
            placements,
        )
    return tenures


def _walk(tenures: dict[str, Tenure], manager: str, person: str, day: date) -> bool:
    return manager in manager_chain_on(tenures, person, day)


@settings(max_examples=150, deadline=None)
@given(timelines(), st.sampled_from(PEOPLE), st.sampled_from(PEOPLE))
def test_windows_equal_a_daily_chain_walk(
    tenures: dict[str, Tenure], manager: str, person: str
) -> None:
    days = [DAY0 + timedelta(days=i) for i in range(75)]
    if any(_has_cycle(tenures, p, d) for p in PEOPLE for d in days):
        return  # the product refuses cycles on write; reads need not define them
    windows = windows_under(tenures, manager, person)
    for day in days:
        in_window = any(w.contains(day) for w in windows)
        assert in_window == _walk(tenures, manager, person, day), day


def _has_cycle(tenures: dict[str, Tenure], person: str, day: date) -> bool:
    seen = {person}
    current = person
    while True:
        placement = tenures[current].placement_on(day) if current in tenures else None
        if placement is None or placement.manager_id is None:
            return False
        if placement.manager_id in seen:
            return True
        seen.add(placement.manager_id)
        current = placement.manager_id


def test_organisation_rebuilt_from_its_events_equals_the_one_in_memory() -> None:
    org = small_org()
    org.move(stamp(), "r1", date(2025, 3, 1), "t2", "m2")
    events = org.collect_events()
    rebuilt = None
    for event in events:
        rebuilt = event.mutate(rebuilt)
    assert isinstance(rebuilt, Organisation)
    assert rebuilt.people == org.people
    assert rebuilt.teams == org.teams
    assert rebuilt.version == org.version
