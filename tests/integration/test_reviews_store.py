"""Reviews on real SQLite and PostgreSQL: a region's calibration, and the view rebuilt."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from api.bootstrap import Container
from domain.rubrics import MarkClaim
from domain.standard_rubrics import FIVE_VALUES
from projections.registry import build_views
from projections.runner import ViewRunner
from services.commands import Accepted, Actor, Command
from services.cycles import CycleOpening
from services.reviews import Assessment, Conversation
from tests.support import ADMIN

PEOPLE = ["rep-chen", "rep-wang", "rep-zhao"]
MANAGERS = {"rep-wang": "mgr-li", "rep-chen": "mgr-li", "rep-zhao": "mgr-zhang"}


def as_(person: str, *roles: str) -> Command:
    return Command(actor=Actor(person, frozenset(roles)))


def behaviours(points: int) -> list[MarkClaim]:
    """``points`` behaviours of the five-values rubric, in rubric order, each with a case."""
    pairs = [(v.code, b.rank) for v in FIVE_VALUES.values for b in v.behaviours]
    return [MarkClaim(v, r, "did it", date(2025, 2, 3), "CRM") for v, r in pairs[:points]]


def _through_calibration(c: Container) -> Accepted:
    c.periods.open(ADMIN, "2025-H1")
    c.cycles.open(ADMIN, CycleOpening("h1", "2025-H1", PEOPLE, "five-values", 1, "271"))
    for person, (points, rating) in zip(PEOPLE, [(16, "4"), (12, "3.5"), (8, "3.25")], strict=True):
        c.reviews.assess_self(
            as_(person, "rep"), "h1", person, Assessment(behaviours(10), None, None)
        )
        mine = Assessment(behaviours(points), Decimal(rating), "a steady half")
        c.reviews.assess_as_manager(as_(MANAGERS[person], "manager"), "h1", person, mine)
        c.reviews.countersign(as_("hrbp-liu", "hrbp"), "h1", person, None)
    why = "three people cannot match 20/70/10"
    return c.cycles.finalise_calibration(as_("dir-ma", "manager"), "h1", "region", "east", why)


def test_a_region_is_calibrated_as_one_group(demo: Container) -> None:
    done = _through_calibration(demo)
    assert done.id == "region:east"
    demo.runner.catch_up()
    finalised = demo.views.reviews.calibrations("h1")["region:east"]
    assert finalised["members"] == PEOPLE
    assert finalised["distribution"]["guidance"] == "271"
    steps = {
        r["person_id"]: r["step"]
        for r in demo.views.reviews.of_cycle("h1", demo.policy.scope(ADMIN.actor))
    }
    assert steps == {}  # an admin keeps the organisation; reviews are not theirs to read
    audit = demo.policy.scope(as_("audit-sun", "auditor").actor)
    rows = demo.views.reviews.of_cycle("h1", audit)
    assert {r["person_id"]: r["step"] for r in rows} == dict.fromkeys(PEOPLE, "conversation")
    assert [r["points"] for r in rows] == [16, 12, 8]


def test_the_reviews_view_rebuilt_equals_the_live_one(demo: Container) -> None:
    _through_calibration(demo)
    talk = Conversation(date.today(), 75, "we talked", "grow")
    demo.reviews.hold_conversation(as_("mgr-li", "manager"), "h1", "rep-wang", talk)
    demo.reviews.acknowledge(as_("rep-wang", "rep"), "h1", "rep-wang", "I disagree on trust")
    demo.reviews.finalise(as_("hrbp-liu", "hrbp"), "h1", "rep-wang")
    demo.runner.catch_up()
    shadow = build_views(demo.views.reviews.view, prefix="rb_")
    ViewRunner(demo.app, [shadow.reviews], batch_size=3).rebuild()
    assert shadow.reviews.dump() == demo.views.reviews.dump()
    row = next(r for r in demo.views.reviews.dump()["review_rows"] if r["person_id"] == "rep-wang")
    assert (row["step"], row["conversation_flagged"], row["disagreed"]) == ("final", 1, 1)
    assert row["placement"] is not None
