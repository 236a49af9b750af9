"""The policy's steps for the process: who reviews, records for someone, leads a team."""

from __future__ import annotations

from datetime import date

import pytest

from services.errors import Forbidden
from services.policy import AccessPolicy
from tests.support import actor, small_org, stamp

MOVED = date(2025, 3, 1)
BEFORE, AFTER = date(2025, 2, 1), date(2025, 4, 1)


@pytest.fixture
def policy() -> AccessPolicy:
    org = small_org()
    org.move(stamp(), "r1", MOVED, "t2", "m2")
    org.appoint_team_lead(stamp(), "t1", "m2", MOVED)
    return AccessPolicy(lambda: org)


# (actor, subject, day, allowed): the person themselves, or anyone in their chain that day
SELF_OR_ABOVE = [
    ("r1", "r1", AFTER, True),
    ("m1", "r1", BEFORE, True),
    ("m1", "r1", AFTER, False),  # no longer r1's manager
    ("m2", "r1", AFTER, True),
    ("dir", "r1", AFTER, True),  # above both managers
    ("r2", "r1", BEFORE, False),  # a peer
    ("h1", "r2", AFTER, False),  # an HRBP reads, it does not record for people
]


@pytest.mark.parametrize(("who", "subject", "day", "allowed"), SELF_OR_ABOVE)
def test_who_records_for_a_person(
    policy: AccessPolicy, who: str, subject: str, day: date, allowed: bool
) -> None:
    if allowed:
        policy.require_self_or_above_on(actor(who), subject, day)
    else:
        with pytest.raises(Forbidden):
            policy.require_self_or_above_on(actor(who), subject, day)


# (actor, team, day, allowed): the lead that day, or a manager above that lead
TEAM_LEAD = [
    ("m1", "t1", BEFORE, True),
    ("m1", "t1", AFTER, False),  # m2 leads t1 from the move on
    ("m2", "t1", AFTER, True),
    ("m2", "t1", BEFORE, False),
    ("dir", "t1", AFTER, True),
    ("r2", "t1", AFTER, False),  # a member
    ("h1", "t1", AFTER, False),  # the partnering HRBP
]


@pytest.mark.parametrize(("who", "team", "day", "allowed"), TEAM_LEAD)
def test_who_writes_for_a_team(
    policy: AccessPolicy, who: str, team: str, day: date, allowed: bool
) -> None:
    if allowed:
        policy.require_lead_or_above_on(actor(who), team, day)
    else:
        with pytest.raises(Forbidden):
            policy.require_lead_or_above_on(actor(who), team, day)


def test_direct_reports_follow_the_day(policy: AccessPolicy) -> None:
    assert policy.direct_reports_on(actor("m1"), BEFORE) == ["r1", "r2"]
    assert policy.direct_reports_on(actor("m1"), AFTER) == ["r2"]
    assert policy.direct_reports_on(actor("m2"), AFTER) == ["r1", "r3"]
    assert policy.direct_reports_on(actor("dir"), AFTER) == ["m1", "m2"]  # not the reps below
    assert policy.direct_reports_on(actor("r2"), AFTER) == []
