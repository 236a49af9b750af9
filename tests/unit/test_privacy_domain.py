"""Retention, legal holds and erasure as rules: what blocks an erasure, and until when."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidInput, NotFound, StateConflict
from domain.privacy import (
    EMPLOYED,
    ERASED,
    LEGAL_HOLD,
    REFUSED,
    RETENTION,
    PrivacyFile,
    RetentionRule,
    add_months,
    blocks_on,
    proceeds_on,
)
from tests.support import as_stored, stamp

RULE = RetentionRule.of("cn", 24, "two years after leaving")
LEFT = date(2025, 1, 31)


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 1, 31), 24) == date(2027, 1, 31)
    assert add_months(date(2025, 11, 15), 14) == date(2027, 1, 15)
    assert add_months(date(2025, 5, 5), 0) == date(2025, 5, 5)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 1, 1)), st.integers(0, 1200))
def test_add_months_moves_by_whole_months_and_never_back(day: date, months: int) -> None:
    later = add_months(day, months)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)


def test_a_person_still_employed_is_blocked_without_a_date() -> None:
    blocks = blocks_on(date(2030, 1, 1), None, RULE, [])
    assert [b.kind for b in blocks] == [EMPLOYED]
    assert proceeds_on(blocks) is None


def test_retention_blocks_until_its_end_and_no_longer() -> None:
    ends = date(2027, 1, 31)
    (block,) = blocks_on(ends - timedelta(days=1), LEFT, RULE, [])
    assert (block.kind, block.until) == (RETENTION, ends)
    assert proceeds_on([block]) == ends
    assert blocks_on(ends, LEFT, RULE, []) == []


def test_a_hold_blocks_whatever_the_retention_and_gives_no_date() -> None:
    blocks = blocks_on(date(2026, 1, 1), LEFT, RULE, [2])
    assert [b.kind for b in blocks] == [RETENTION, LEGAL_HOLD]
    assert proceeds_on(blocks) is None
    assert [b.kind for b in blocks_on(date(2030, 1, 1), LEFT, RULE, [2])] == [LEGAL_HOLD]


def test_a_retention_rule_is_checked() -> None:
    with pytest.raises(InvalidInput, match="months"):
        RetentionRule.of("cn", -1, "x")
    with pytest.raises(InvalidInput, match="jurisdiction"):
        RetentionRule.of("c n", 1, "x")
    with pytest.raises(InvalidInput, match="basis"):
        RetentionRule.of("cn", 1, " ")


def _file() -> PrivacyFile:
    return PrivacyFile.open(stamp(), "e-1")


def test_a_refusal_is_recorded_then_after_the_date_the_erasure_proceeds() -> None:
    file = _file()
    refused = file.request_erasure(stamp(), "asked", date(2026, 6, 1), LEFT, RULE)
    assert (refused.outcome, refused.proceeds_on) == (REFUSED, date(2027, 1, 31))
    erased = file.request_erasure(stamp(), "asked again", date(2027, 1, 31), LEFT, RULE)
    assert erased.outcome == ERASED
    assert file.erased
    with pytest.raises(StateConflict, match="erased"):
        file.request_erasure(stamp(), "once more", date(2027, 2, 1), LEFT, RULE)
    with pytest.raises(StateConflict, match="erased"):
        file.place_hold(stamp(), "too late")


def test_holds_are_placed_lifted_once_and_named() -> None:
    file = _file()
    assert file.place_hold(stamp(), "claim 1") == 1
    assert file.place_hold(stamp(), "claim 2") == 2
    file.lift_hold(stamp(), 1, "settled")
    with pytest.raises(StateConflict, match="lifted"):
        file.lift_hold(stamp(), 1, "again")
    with pytest.raises(NotFound):
        file.lift_hold(stamp(), 3, "none")
    refused = file.request_erasure(stamp(), "asked", date(2030, 1, 1), LEFT, RULE)
    assert [b.detail for b in refused.blocked_by] == ["legal hold 2"]


def test_state_rebuilt_from_stored_events_equals_the_state_in_memory() -> None:
    file = _file()
    file.set_jurisdiction(stamp(), "cn")
    file.place_hold(stamp(), "claim")
    file.request_erasure(stamp(), "asked", date(2026, 6, 1), LEFT, RULE)
    file.lift_hold(stamp(), 1, "settled")
    file.request_erasure(stamp(), "asked", date(2027, 6, 1), LEFT, RULE)
    events = as_stored(file.collect_events())
    rebuilt = None
    for event in events:
        rebuilt = event.mutate(rebuilt)
    assert isinstance(rebuilt, PrivacyFile)
    assert (rebuilt.jurisdiction, rebuilt.holds, rebuilt.requests, rebuilt.erased) == (
        file.jurisdiction,
        file.holds,
        file.requests,
        file.erased,
    )
