"""Coaching records, retrospectives and customers: their rules, and state rebuilt from events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from eventsourcing.application import project_aggregate

from domain.coaching import CoachingRecord, FollowUpCheck, Session
from domain.customers import Customer
from domain.errors import InvalidInput, RuleBroken
from domain.periods import PeriodKey
from domain.retrospectives import RetroNotes, Retrospective, SubjectKind
from tests.support import stamp

DAY = date(2026, 5, 4)


def session(held_on: date = DAY, **extra: object) -> Session:
    fields: dict[str, object] = {
        "manager_id": "m1",
        "held_on": held_on,
        "topic": "why c-2 stalled",
        "agreed": "call the owner by Friday",
        "follow_up_on": held_on + timedelta(days=7),
    } | extra
    return Session(**fields)  # type: ignore[arg-type]


def test_the_next_session_must_check_the_last_follow_up() -> None:
    record = CoachingRecord.start(stamp("m1"), "r1")
    record.hold_session(stamp("m1"), "s1", session(), None)
    with pytest.raises(RuleBroken, match="s1") as refused:
        record.hold_session(stamp("m1"), "s2", session(DAY + timedelta(days=7)), None)
    assert refused.value.field == "follow_up_check"
    with pytest.raises(InvalidInput, match="status"):
        record.hold_session(stamp("m1"), "s2", session(), FollowUpCheck("maybe", "n"))
    record.hold_session(
        stamp("m1"), "s2", session(DAY + timedelta(days=7)), FollowUpCheck("done", "called")
    )
    events = record.collect_events()
    assert [type(e).__name__ for e in events] == [
        "Started",
        "SessionHeld",
        "FollowUpChecked",
        "SessionHeld",
    ]
    checked = events[2]
    assert isinstance(checked, CoachingRecord.FollowUpChecked)
    assert (checked.session_id, checked.checked_in, checked.status) == ("s1", "s2", "done")
    rebuilt = project_aggregate(None, events)
    assert rebuilt is not None
    assert rebuilt.open_follow_up == record.open_follow_up == ("s2", DAY + timedelta(days=14))


@pytest.mark.parametrize(
    ("held", "extra", "check", "field"),
    [
        (DAY - timedelta(days=1), {}, FollowUpCheck("done", "n"), "held_on"),
        (
            DAY,
            {"follow_up_on": DAY - timedelta(days=1)},
            FollowUpCheck("done", "n"),
            "follow_up_on",
        ),
        (DAY, {"visit_ids": [str(i) for i in range(51)]}, FollowUpCheck("done", "n"), "visit_ids"),
        (DAY, {"agreed": " "}, FollowUpCheck("done", "n"), "agreed"),
        (DAY, {}, FollowUpCheck("done", ""), "follow_up_check.note"),
    ],
)
def test_sessions_keep_their_order_and_say_something(
    held: date, extra: dict[str, object], check: FollowUpCheck, field: str
) -> None:
    record = CoachingRecord.start(stamp("m1"), "r1")
    record.hold_session(stamp("m1"), "s1", session(), None)
    record.collect_events()
    with pytest.raises((InvalidInput, RuleBroken)) as refused:
        record.hold_session(stamp("m1"), "s2", session(held, **extra), check)
    assert getattr(refused.value, "field", None) == field
    assert record.collect_events() == []


def test_a_first_session_has_no_follow_up_to_check() -> None:
    record = CoachingRecord.start(stamp("m1"), "r1")
    with pytest.raises(InvalidInput, match="no earlier follow-up"):
        record.hold_session(stamp("m1"), "s1", session(), FollowUpCheck("done", "n"))


def test_a_retrospective_is_revised_with_a_reason_and_keeps_its_versions() -> None:
    notes = RetroNotes("8 a day", "6 a day", "sick days", "plan on Mondays")
    retro = Retrospective.hold(
        stamp("r1"), SubjectKind.PERSON, "r1", PeriodKey.parse("2026-05"), "r1", notes
    )
    retro.revise(
        stamp("m1"),
        "r1",
        RetroNotes("8 a day", "6 a day", "no plan", "plan on Mondays"),
        "after our talk",
    )
    held, revised = retro.collect_events()
    assert isinstance(held, Retrospective.Held)
    assert isinstance(revised, Retrospective.Revised)
    assert (held.why.text, revised.why.text, revised.reason.text) == (
        "sick days",
        "no plan",
        "after our talk",
    )
    assert held.why.about == revised.reason.about == "r1"
    assert (held.starts_on, held.ends_on) == (date(2026, 5, 1), date(2026, 6, 1))
    with pytest.raises(InvalidInput, match="reason"):
        retro.revise(stamp("m1"), "r1", notes, "")


@pytest.mark.parametrize(
    ("customer_id", "status", "field"),
    [("c 1", "prospect", "customer_id"), ("c-1", "lost", "status"), ("c-1", "existing", None)],
)
def test_customers_are_named_and_classified(
    customer_id: str, status: str, field: str | None
) -> None:
    if field is None:
        customer = Customer.register(stamp(), customer_id, "Acme Ltd", "east", "SME", status)
        assert customer.status == "existing"
        return
    with pytest.raises(InvalidInput) as refused:
        Customer.register(stamp(), customer_id, "Acme Ltd", "east", "SME", status)
    assert refused.value.field == field
