"""Every route by which a sealed assessment could be changed fails, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from domain.figures import CycleFigures
from domain.periods import PeriodKey
from domain.review_steps import AssessmentSealed
from domain.reviews import Review, review_id
from domain.rubrics import MarkClaim
from domain.standard_rubrics import SIX_VALUES
from services.commands import Actor, Command, IdempotencyKey
from services.reviews import Assessment
from tests.e2e.conftest import Api
from tests.e2e.review_support import CYCLE, HRBP, MANAGER, Team, build_team, even, marks, open_cycle

PERSON = "rep-s1"
SELF = {"marks": marks(even(18), what="I"), "rating": "3.5"}
BY_MANAGER = {"marks": marks(even(18), what="seen"), "rating": "3.75"}
OTHER = {"marks": marks(even(30), what="rewritten"), "rating": "5"}


@pytest.fixture
def sealed(api: Api) -> Team:
    """rep-s1's self- and manager assessments submitted, with replay keys."""
    team = build_team(api)
    open_cycle(team)
    team.ok(
        team.post(team.review(PERSON, "self-assessment"), PERSON, SELF, Idempotency_Key="self-1")
    )
    team.ok(
        team.post(
            team.review(PERSON, "manager-assessment"), MANAGER, BY_MANAGER, Idempotency_Key="mgr-1"
        )
    )
    return team


def _snapshot(team: Team) -> tuple[int, Any, Any]:
    record = team.ok(team.get(team.review(PERSON), "audit-sun"))
    return team.api.c.ledger.head(), record["self_assessment"], record["manager_assessment"]


def _claims(points: int) -> list[MarkClaim]:
    return [
        MarkClaim(m["value"], m["rank"], m["what"], date.fromisoformat(m["on"]), m["where"])
        for m in marks(even(points), what="rewritten")
    ]


def _service_calls(team: Team) -> list[Callable[[], object]]:
    c = team.api.c
    me = Command(actor=Actor(PERSON, frozenset({"rep"})))
    boss = Command(actor=Actor(MANAGER, frozenset({"manager"})))
    rewrite = Assessment(_claims(30), None, None)
    return [
        lambda: c.reviews.assess_self(me, CYCLE, PERSON, rewrite),
        lambda: c.reviews.assess_as_manager(boss, CYCLE, PERSON, rewrite),
    ]


def test_every_route_to_change_a_sealed_assessment_fails_without_writing(sealed: Team) -> None:
    team = sealed
    before = _snapshot(team)
    amendments = f"/cycles/{CYCLE}/reviews/{PERSON}/amendments"

    # 1. The API: submitting again, by the person and by the manager.
    for step, person in (("self-assessment", PERSON), ("manager-assessment", MANAGER)):
        refused = team.post(team.review(PERSON, step), person, OTHER)
        assert refused.status_code == 409, refused.text
        assert amendments in refused.json()["detail"]  # the amendment route, named
        assert _snapshot(team) == before

    # 2. A service call, past the HTTP layer.
    for call in _service_calls(team):
        with pytest.raises(AssessmentSealed):
            call()
        assert _snapshot(team) == before

    # 3. The aggregate itself, as loaded now: its methods refuse.
    review = team.api.c.ledger.load(Review, review_id("2025-Q1", PERSON))
    cycle = team.api.c.cycles.get(CYCLE)
    stamp = team.api.c.ledger.stamp(Command(actor=Actor(MANAGER, frozenset({"manager"}))))
    figures = CycleFigures.unavailable("test")
    with pytest.raises(AssessmentSealed):
        review.seal_manager_assessment(
            stamp, SIX_VALUES, _claims(30), cycle.scheme.top, cycle.scheme, None, figures
        )
    assert _snapshot(team) == before

    # 4. Replayed requests: the same key and body answer the first result; another body is refused.
    for step, person, body, key in (
        ("self-assessment", PERSON, SELF, "self-1"),
        ("manager-assessment", MANAGER, BY_MANAGER, "mgr-1"),
    ):
        replay = team.post(team.review(PERSON, step), person, body, Idempotency_Key=key)
        assert replay.status_code == 200, replay.text
        changed = team.post(team.review(PERSON, step), person, OTHER, Idempotency_Key=key)
        assert changed.status_code == 422, changed.text
        assert _snapshot(team) == before


def test_a_second_save_of_a_stale_aggregate_is_refused(api: Api) -> None:
    """A copy loaded before sealing cannot be saved after it: the log refuses the version."""
    team = build_team(api)
    open_cycle(team)
    team.ok(team.post(team.review(PERSON, "self-assessment"), PERSON, SELF))
    c = api.c
    stale = [c.ledger.load(Review, review_id("2025-Q1", PERSON)) for _ in range(2)]
    team.ok(team.post(team.review(PERSON, "manager-assessment"), MANAGER, BY_MANAGER))
    before = _snapshot(team)
    cycle = c.cycles.get(CYCLE)
    stamp = c.ledger.stamp(Command(actor=Actor(MANAGER, frozenset({"manager"}))))
    figures = c.reviews.figures.figures_for(PERSON, PeriodKey.parse("2025-Q1"))
    for copy in stale:  # each copy still thinks the manager has not assessed
        copy.seal_manager_assessment(
            stamp, cycle.rubric, _claims(30), cycle.scheme.top, cycle.scheme, None, figures
        )
    with pytest.raises(IntegrityError):
        c.app.save(stale[0])
    with pytest.raises(IntegrityError):
        c.ledger.commit(Command(actor=Actor(MANAGER, frozenset({"manager"}))), stale[1], id="x")
    assert _snapshot(team) == before


def test_a_replayed_amendment_writes_once(sealed: Team) -> None:
    team = sealed
    team.ok(team.post(team.review(PERSON, "hrbp-review"), HRBP, {"decision": "countersign"}))
    body = {"marks": marks({"teamwork": 2}), "reason": "a case belonged to a colleague"}
    first = team.ok(
        team.post(team.review(PERSON, "amendments"), HRBP, body, Idempotency_Key="am-1")
    )
    head = team.api.c.ledger.head()
    again = team.ok(
        team.post(team.review(PERSON, "amendments"), HRBP, body, Idempotency_Key="am-1")
    )
    assert again == first
    assert team.api.c.ledger.head() == head
    kinds = [e["kind"] for e in team.get(team.review(PERSON, "history"), HRBP).json()]
    assert kinds.count("AssessmentAmended") == 1


def test_idempotency_key_stays_with_the_stale_save(sealed: Team) -> None:
    """A replay key used with a refused command is not consumed: nothing was written."""
    team = sealed
    c = team.api.c
    cmd = Command(
        actor=Actor(MANAGER, frozenset({"manager"})), idempotency=IdempotencyKey("k", "fp")
    )
    with pytest.raises(AssessmentSealed):
        c.reviews.assess_as_manager(cmd, CYCLE, PERSON, Assessment(_claims(30), None, None))
    assert c.ledger.prior_result(cmd) is None
