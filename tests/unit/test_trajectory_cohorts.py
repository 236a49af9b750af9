"""Ramp cohorts: who has lived tenure month k, in months the organisation kept records of."""

from __future__ import annotations

from datetime import date

from projections.trajectory.read import cohort_sizes

TODAY = date(2026, 6, 15)


def rep(joined: str, left: str | None = None) -> dict[str, str | None]:
    return {"person_id": joined, "joined_on": joined, "left_on": left}


def test_every_month_lived_counts_when_records_cover_the_whole_tenure() -> None:
    sizes = cohort_sizes([rep("2026-01-01"), rep("2026-04-01")], TODAY, 23)
    assert [sizes[k] for k in range(7)] == [2, 2, 2, 1, 1, 1, 0]


def test_a_veterans_months_before_the_records_are_left_out_of_the_cohort() -> None:
    veteran, recruit = rep("2025-10-01"), rep("2026-03-01")
    unrecorded = cohort_sizes([veteran, recruit], TODAY, 23)
    sizes = cohort_sizes([veteran, recruit], TODAY, 23, records_begin="2026-02")
    # The veteran's months 0-3 (October to January) have no records, months 4-8 do; the
    # recruit's months 0-3 (March to June) all do.
    assert [unrecorded[k] for k in range(10)] == [2, 2, 2, 2, 1, 1, 1, 1, 1, 0]
    assert [sizes[k] for k in range(10)] == [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]


def test_a_rep_who_left_before_the_records_began_is_in_no_cohort() -> None:
    sizes = cohort_sizes([rep("2025-01-01", left="2025-06-01")], TODAY, 23, "2026-01")
    assert sum(sizes.values()) == 0
