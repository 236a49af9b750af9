"""The incentives and awards views equal a fold over their events, in any batch split."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.awards import AwardCatalogue, shipped_awards
from domain.incentives import Decision, Group, Programme
from domain.nominations import Nomination, Verdict
from domain.periods import PeriodKey
from domain.standings import Rule, Standing
from projections.awards import Awards
from projections.incentives import Incentives
from tests.support import as_stored, fold, stamp
from tests.unit.test_incentives import BEES, PK

MARCH = PeriodKey.parse("2025-03")
VIEWS = (Incentives, Awards)


def _events() -> list[Any]:
    bees = Programme.draft(stamp("dir"), uuid4(), MARCH, BEES)
    bees.announce(stamp("dir"), "k1", 3)
    lower = replace(BEES, rule=Rule.of("threshold", Decimal(4)))
    bees.amend(stamp("dir"), lower, "a short month", 3)
    assert lower.rule is not None
    bees.decide(
        stamp("admin"),
        Decision(
            "March little bees",
            "individual",
            "visits",
            "higher",
            lower.rule,
            7,
            (
                Standing("r1", Decimal(4), Decimal(4), 1, True),
                Standing("r2", Decimal(1), Decimal(1), 2),
            ),
            ("r1",),
            "little-bee",
        ),
    )
    pk = Programme.draft(stamp("dir"), uuid4(), MARCH, PK)
    pk.announce(stamp("dir"), "k1", 2)
    assert PK.rule is not None
    pk.decide(
        stamp("admin"),
        Decision(
            "PK",
            "team",
            PK.measure,
            "higher",
            PK.rule,
            9,
            (Standing("hz-1", Decimal(9), Decimal(9), 1, True, group="east"),),
            ("hz-1",),
            None,
            (Group("hz-1", ("r1", "r2")),),
        ),
    )
    catalogue = AwardCatalogue.start(stamp())
    star = replace(shipped_awards().award("little-bee"), code="star", name="Star")
    catalogue.define(stamp(), star)
    confirmed = Nomination.nominate(
        stamp("m1"), uuid4(), "r2", "star", MARCH, date(2025, 3, 31), "did it"
    )
    confirmed.decide(stamp("h1"), Verdict.CONFIRM, "it checks out")
    declined = Nomination.nominate(
        stamp("m1"), uuid4(), "r1", "star", MARCH, date(2025, 3, 31), "tried"
    )
    declined.decide(stamp("h1"), Verdict.DECLINE, "not this month")
    return as_stored(
        [
            e
            for aggregate in (bees, pk, catalogue, confirmed, declined)
            for e in aggregate.collect_events()
            if any(type(e) in view.handlers for view in VIEWS)
        ]
    )


def _fold(events: Sequence[Any], cuts: Sequence[int]) -> dict[str, Any]:
    """Each view over the events it handles, the cuts falling where they fall in the log."""
    tables: dict[str, Any] = {}
    for view in VIEWS:
        mine = [i for i, e in enumerate(events) if type(e) in view.handlers]
        local = [sum(1 for i in mine if i < cut) for cut in cuts]
        tables |= fold(view.handlers, [events[i] for i in mine], local)
    return tables


EVENTS = _events()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, len(EVENTS)), max_size=5))
def test_the_views_are_the_same_fold_for_any_batch_split(cuts: list[int]) -> None:
    one_by_one = _fold(EVENTS, list(range(len(EVENTS))))
    assert _fold(EVENTS, cuts) == one_by_one


def test_awards_go_to_the_winners_and_the_members_of_a_winning_team() -> None:
    tables = _fold(EVENTS, [])
    grants = sorted(
        (
            (k[0], k[1], row["award_code"], row["via_team"], row["figure"])
            for k, row in tables["award_grants"].items()
        ),
        key=str,
    )
    assert grants == [
        ("person", "r1", "little-bee", None, "4"),
        ("person", "r1", None, "hz-1", "9"),
        ("person", "r2", "star", None, None),
        ("person", "r2", None, "hz-1", "9"),
        ("team", "hz-1", None, None, "9"),
    ]
    changes = [row["kind"] for row in tables["incentive_changes"].values()]
    assert changes.count("amended") == 1
    bees = next(r for r in tables["incentive_programmes"].values() if r["name"] == BEES.name)
    assert (bees["status"], bees["amendments"], bees["kickoff_id"]) == ("decided", 1, "k1")
