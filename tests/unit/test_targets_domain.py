"""The target lifecycle: given events, when a command, then events (or a refusal)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate
from eventsourcing.persistence import Mapper

from domain.errors import InvalidInput, RuleBroken, StateConflict
from domain.forecasts import ForecastRole, ForecastSeries
from domain.measures import Measure
from domain.periods import PeriodKey
from domain.strategy import LinesDoNotAddUp, OtherAmount
from domain.target_rules import DEFAULT_RULEBOOK, Rulebook, TargetRules
from domain.targets import Subject, Target, TargetStatus
from services.privacy.cipher import PersonalCipher
from services.transcoding import LedgerTranscoder
from tests.support import stamp
from tests.targets_support import cash, cny, count, seed_strategy

MARCH = PeriodKey.parse("2025-03")
R1 = Subject.of("person", "r1")


def drafted(cash_figure: int = 6_320_000) -> Target:
    strategy = seed_strategy(cash_figure)
    return Target.draft(stamp("r1"), R1, MARCH, strategy.figures, strategy.lines, DEFAULT_RULEBOOK)


def revise(target: Target, cash_figure: int = 6_320_000, reason: str = "fixed") -> None:
    strategy = seed_strategy(cash_figure)
    target.revise(stamp("r1"), strategy.figures, strategy.lines, reason, DEFAULT_RULEBOOK)


def approved() -> Target:
    target = drafted()
    target.submit(stamp("r1"), DEFAULT_RULEBOOK)
    target.approve(stamp("m1"))
    return target


def test_the_seed_lifecycle_keeps_every_version() -> None:
    target = drafted(5_000_000)
    with pytest.raises(LinesDoNotAddUp, match=r"difference of \+1320000.00 CNY") as refused:
        target.submit(stamp("r1"), DEFAULT_RULEBOOK)
    assert refused.value.field == "lines"
    revise(target, reason="the cash figure was wrong")
    target.submit(stamp("r1"), DEFAULT_RULEBOOK)
    target.send_back(stamp("m1"), "50 % conversion at events is not credible")
    revise(target, reason="conversion as last quarter")
    target.submit(stamp("r1"), DEFAULT_RULEBOOK)
    target.approve(stamp("m1"))
    assert [(v.number, v.status) for v in target.versions] == [
        (1, TargetStatus.DRAFTED),
        (2, TargetStatus.SENT_BACK),
        (3, TargetStatus.APPROVED),
    ]
    assert target.approved_version == 3
    names = [type(e).__name__ for e in target.collect_events()]
    assert names == [
        "Drafted",
        "Revised",
        "Submitted",
        "SentBack",
        "Revised",
        "Submitted",
        "Approved",
    ]


def test_state_rebuilt_from_stored_events_equals_the_state_in_memory() -> None:
    target = approved()
    revise(target, reason="a bigger month")
    target.adjust_plan(stamp("r1"), date(2025, 3, 3), 250, 1, "trade fair week")
    mapper: Mapper[UUID] = Mapper(transcoder=LedgerTranscoder(PersonalCipher.in_memory()))
    stored = [mapper.to_stored_event(e) for e in target.collect_events()]
    rebuilt = project_aggregate(None, [mapper.to_domain_event(s) for s in stored])
    assert isinstance(rebuilt, Target)
    assert rebuilt.versions == target.versions
    assert rebuilt.approved_version == 1
    assert rebuilt.version == target.version


@pytest.mark.parametrize(
    ("steps", "refused_step", "match"),
    [
        (["submit", "approve"], "submit", "already approved"),
        (["submit", "send_back"], "submit", "sent back; revise it"),
        (["submit"], "submit", "already submitted"),
        (["submit"], "revise", "waits for the manager"),
        ([], "approve", "not submitted"),
        (["submit", "approve"], "send_back", "not submitted"),
    ],
)
def test_steps_the_current_version_does_not_allow_are_refused(
    steps: list[str], refused_step: str, match: str
) -> None:
    target = drafted()
    actions = {
        "submit": lambda: target.submit(stamp("r1"), DEFAULT_RULEBOOK),
        "approve": lambda: target.approve(stamp("m1")),
        "send_back": lambda: target.send_back(stamp("m1"), "no"),
        "revise": lambda: revise(target),
    }
    for step in steps:
        actions[step]()
    before = len(target.pending_events)
    with pytest.raises(StateConflict, match=match):
        actions[refused_step]()
    assert len(target.pending_events) == before


def test_an_approved_target_changes_only_through_a_revision_approved_again() -> None:
    target = approved()
    revise(target, 7_000_000, "more")
    assert target.approved_version == 1  # still in force while the revision is a draft
    with pytest.raises(LinesDoNotAddUp):
        target.submit(stamp("r1"), DEFAULT_RULEBOOK)
    revise(target, reason="back to the strategy")
    target.submit(stamp("r1"), DEFAULT_RULEBOOK)
    target.approve(stamp("m1"))
    assert target.approved_version == 3


def test_a_target_needs_lines_to_be_submitted() -> None:
    target = Target.draft(stamp("r1"), R1, MARCH, [cash(100)], [], DEFAULT_RULEBOOK)
    with pytest.raises(RuleBroken, match="strategy") as refused:
        target.submit(stamp("r1"), DEFAULT_RULEBOOK)
    assert refused.value.field == "lines"


def test_the_tolerance_in_force_decides() -> None:
    loose = Rulebook(tolerance=Decimal("0.30"))
    target = drafted(5_000_000)  # 26.4 % short of the lines
    target.submit(stamp("r1"), loose)
    assert target.current.status == TargetStatus.SUBMITTED


def test_free_text_in_lines_is_about_the_subject() -> None:
    line = OtherAmount.explained(cny(100), "a returning account")
    target = Target.draft(stamp("r1"), R1, MARCH, [cash(100)], [line], DEFAULT_RULEBOOK)
    explained = target.current.lines[0]
    assert isinstance(explained, OtherAmount)
    assert explained.explanation.about == "r1"


@pytest.mark.parametrize(
    ("week", "visits", "events", "field"),
    [
        (date(2025, 3, 4), 10, 0, "week_start"),  # a Tuesday
        (date(2025, 4, 7), 10, 0, "week_start"),  # after the period
        (date(2025, 3, 3), -1, 0, "visits"),
        (date(2025, 3, 3), 10, 101, "events"),
    ],
)
def test_plan_adjustments_must_fit_the_period(
    week: date, visits: int, events: int, field: str
) -> None:
    target = approved()
    with pytest.raises(InvalidInput) as refused:
        target.adjust_plan(stamp("r1"), week, visits, events, "why")
    assert refused.value.field == field


def test_a_plan_comes_only_from_an_approved_person_target() -> None:
    with pytest.raises(StateConflict, match="no approved version"):
        drafted().adjust_plan(stamp("r1"), date(2025, 3, 3), 1, 0, "why")
    team = Target.draft(
        stamp("m1"), Subject.of("team", "t1"), MARCH, [count("renewals", 5)], [], DEFAULT_RULEBOOK
    )
    with pytest.raises(StateConflict, match="team"):
        team.adjust_plan(stamp("m1"), date(2025, 3, 3), 1, 0, "why")


def test_forecasts_are_kept_and_need_positive_figures() -> None:
    series = ForecastSeries.begin(stamp("r1"), "r1", MARCH)
    series.submit(stamp("r1"), ForecastRole.REP, [cash(500_000)], DEFAULT_RULEBOOK)
    series.submit(stamp("m1"), ForecastRole.MANAGER, [cash(450_000)], DEFAULT_RULEBOOK)
    with pytest.raises(InvalidInput):
        series.submit(stamp("r1"), ForecastRole.REP, [cash(0)], DEFAULT_RULEBOOK)
    assert series.submissions == 2


def test_rules_change_within_bounds_and_measures_are_only_added() -> None:
    rules = TargetRules.configure(stamp())
    rules.define_measure(stamp(), rules_measure())
    with pytest.raises(StateConflict):
        rules.define_measure(stamp(), rules_measure())
    with pytest.raises(InvalidInput) as refused:
        rules.change(stamp(), Rulebook(measures=rules.rulebook.measures, accuracy_band=Decimal(2)))
    assert refused.value.field == "accuracy_band"
    assert [m.code for m in rules.rulebook.measures][-1] == "signed"


def rules_measure() -> Measure:
    return Measure.define("signed", "Signed amount", "signed_amount")
