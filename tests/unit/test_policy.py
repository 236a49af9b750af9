"""The access policy, table-driven: who may see or do what, on which days."""

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
    return AccessPolicy(lambda: org)


# (viewer, roles, subject, day, may read)
READS = [
    ("r1", ("rep",), "r1", AFTER, True),  # own records, always
    ("r2", ("rep",), "r1", BEFORE, False),  # another rep: never
    ("r2", ("rep",), "r1", AFTER, False),
    ("m1", ("manager",), "r1", BEFORE, True),  # old manager: before the move
    ("m1", ("manager",), "r1", AFTER, False),  # ... not after it
    ("m2", ("manager",), "r1", BEFORE, False),  # new manager: not before
    ("m2", ("manager",), "r1", AFTER, True),
    ("dir", ("manager",), "r1", AFTER, True),  # above both managers
    ("m1", ("manager",), "r3", AFTER, False),  # a peer's report
    ("h1", ("hrbp",), "r2", AFTER, True),  # partnered team
    ("h1", ("hrbp",), "r1", AFTER, False),  # r1 left the partnered team
    ("h1", ("hrbp",), "r3", AFTER, False),  # team not partnered
    ("x", ("auditor",), "r3", AFTER, True),  # auditors read everything
    ("admin", ("admin",), "r1", AFTER, False),  # admins keep the org, not records
]


@pytest.mark.parametrize(("viewer", "roles", "subject", "day", "allowed"), READS)
def test_who_reads_a_persons_record(
    policy: AccessPolicy,
    viewer: str,
    roles: tuple[str, ...],
    subject: str,
    day: date,
    allowed: bool,
) -> None:
    assert policy.person_visibility(actor(viewer, *roles), subject).covers(day) is allowed
    if not allowed:
        with pytest.raises(Forbidden):
            policy.require_person(actor(viewer, *roles), subject, day)


def test_admins_see_the_directory_but_not_records(policy: AccessPolicy) -> None:
    admin = actor("admin", "admin")
    assert policy.directory_visibility(admin, "r1").everything
    assert policy.person_visibility(admin, "r1").is_empty


def test_auditors_write_nothing(policy: AccessPolicy) -> None:
    with pytest.raises(Forbidden):
        policy.check_may_write(actor("x", "auditor"))
    policy.check_may_write(actor("m1", "manager"))


@pytest.mark.parametrize(
    ("viewer", "day", "allowed"),
    [("m1", BEFORE, True), ("m1", AFTER, False), ("m2", AFTER, True), ("dir", AFTER, False)],
)
def test_manager_steps_belong_to_the_manager_of_the_day(
    policy: AccessPolicy, viewer: str, day: date, allowed: bool
) -> None:
    manager = actor(viewer, "manager")
    if allowed:
        policy.require_manager_on(manager, "r1", day)
    else:
        with pytest.raises(Forbidden):
            policy.require_manager_on(manager, "r1", day)


def test_scope_lists_people_with_their_days(policy: AccessPolicy) -> None:
    scope = policy.scope(actor("m1", "manager"))
    assert set(scope.people) == {"m1", "r1", "r2"}
    assert scope.of("r1").covers(BEFORE)
    assert not scope.of("r1").covers(AFTER)
    assert scope.of("r3").is_empty
    assert policy.scope(actor("x", "auditor")).everything


def test_team_records_for_lead_hrbp_members_not_others(policy: AccessPolicy) -> None:
    assert policy.team_visibility(actor("m1", "manager"), "t1").covers(AFTER)
    assert policy.team_visibility(actor("dir", "manager"), "t1").covers(AFTER)
    assert policy.team_visibility(actor("h1", "hrbp"), "t1").covers(AFTER)
    assert policy.team_visibility(actor("r2", "rep"), "t1").covers(AFTER)
    assert policy.team_visibility(actor("r1", "rep"), "t1").covers(BEFORE)
    assert not policy.team_visibility(actor("r1", "rep"), "t1").covers(AFTER)
    assert policy.team_visibility(actor("m2", "manager"), "t1").is_empty


# The HR audit history of one record: (viewer, roles, kind, subject, day, may read)
AUDIT_RECORDS = [
    ("x", ("auditor",), "review", "r1", AFTER, True),  # auditors read all of it
    ("x", ("auditor",), "target", None, AFTER, True),  # a team's record too
    ("r1", ("rep",), "review", "r1", AFTER, True),  # their own history, to trust it
    ("r2", ("rep",), "review", "r1", AFTER, False),  # another rep: never
    ("m1", ("manager",), "review", "r1", BEFORE, True),  # the manager of that day
    ("m1", ("manager",), "review", "r1", AFTER, False),  # ... not after the move
    ("h1", ("hrbp",), "deal", "r2", AFTER, True),  # the HRBP partnering the team
    ("h1", ("hrbp",), "deal", "r3", AFTER, False),
    ("m1", ("manager",), "target", None, AFTER, False),  # about no one person: auditors
    ("admin", ("admin",), "organisation", None, AFTER, True),  # what admins keep
    ("admin", ("admin",), "review", "r1", AFTER, False),  # not performance records
]


@pytest.mark.parametrize(("viewer", "roles", "kind", "subject", "day", "allowed"), AUDIT_RECORDS)
def test_who_reads_a_records_audit_history(
    policy: AccessPolicy,
    viewer: str,
    roles: tuple[str, ...],
    kind: str,
    subject: str | None,
    day: date,
    allowed: bool,
) -> None:
    who = actor(viewer, *roles)
    if allowed:
        policy.require_audit_record(who, kind, subject, day)
    else:
        with pytest.raises(Forbidden):
            policy.require_audit_record(who, kind, subject, day)


def test_only_auditors_and_admins_read_the_history_without_naming_a_person(
    policy: AccessPolicy,
) -> None:
    assert policy.audit_scope(actor("x", "auditor"), None).everything
    assert "organisation" in policy.audit_scope(actor("admin", "admin"), None).kinds
    for viewer, role in (("r1", "rep"), ("m1", "manager"), ("h1", "hrbp")):
        with pytest.raises(Forbidden):
            policy.audit_scope(actor(viewer, role), None)
    with pytest.raises(Forbidden):
        policy.audit_scope(actor("r2", "rep"), "r1")
