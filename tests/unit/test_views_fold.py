"""A view equals a fold over its events, however the events are cut into batches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import DomainError
from projections.directory import Directory
from tests.support import as_stored, small_org, stamp
from tests.support import fold as fold_over


def fold(events: Sequence[Any], cuts: Sequence[int]) -> dict[str, Any]:
    tables: dict[str, Any] = fold_over(Directory.handlers, events, cuts)
    return tables


moves = st.lists(
    st.tuples(
        st.sampled_from(["r1", "r2", "r3", "m2"]),
        st.integers(1, 400),
        st.sampled_from(["t1", "t2", None]),
        st.sampled_from(["m1", "m2", "dir", None]),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(moves, st.lists(st.integers(0, 40), max_size=6))
def test_directory_is_the_same_fold_for_any_batch_split(
    changes: list[tuple[str, int, str | None, str | None]], cuts: list[int]
) -> None:
    org = small_org()
    for person, offset, team, manager in changes:
        try:
            org.move(stamp(), person, date(2024, 1, 1) + timedelta(days=offset), team, manager)
        except DomainError:
            continue  # refused changes write nothing
    events = as_stored([e for e in org.collect_events() if type(e) in Directory.handlers])
    one_by_one = fold(events, list(range(len(events))))
    assert fold(events, [c for c in cuts if c < len(events)]) == one_by_one
    assert fold(events, []) == one_by_one
    people = one_by_one["directory_people"]
    for person_id, file in org.people.items():
        last = file.tenure.placements[-1]
        assert people[(person_id,)]["team_id"] == last.team_id
        assert people[(person_id,)]["manager_id"] == last.manager_id
