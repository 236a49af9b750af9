"""Programmes, awards and nominations: their rules, and state rebuilt from their events."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.application import project_aggregate

from domain.awards import AwardCatalogue, GrantedBy, Level, shipped_awards
from domain.errors import InvalidInput, RuleBroken, StateConflict, UnknownReference
from domain.incentives import Decision, Group, Programme, Status, Terms
from domain.measure_catalogue import CATALOGUE, Better, MeasureName
from domain.nominations import Nomination, NominationStatus, Verdict
from domain.periods import PeriodKey
from domain.standings import Rule, Standing
from services.transcoding import LedgerTranscoder
from tests.support import CIPHER, stamp

MARCH = PeriodKey.parse("2025-03")
BEES = Terms(
    name="March little bees",
    level="individual",
    form="recognition_award",
    measure="visits",
    rule=Rule.of("threshold", Decimal(5)),
    teams=("hz-1",),
    award_code="little-bee",
)


def drafted(terms: Terms = BEES) -> Programme:
    return Programme.draft(stamp("dir"), uuid4(), MARCH, terms)


def test_a_programme_from_draft_through_amendment_to_decision() -> None:
    programme = drafted(replace(BEES, rule=None))
    with pytest.raises(RuleBroken) as no_rule:
        programme.announce(stamp("dir"), "k1", eligible=3)
    assert no_rule.value.field == "rule"
    programme.redraft(stamp("dir"), BEES)
    programme.announce(stamp("dir"), "k1", eligible=3)
    with pytest.raises(StateConflict, match="amendments"):
        programme.redraft(stamp("dir"), replace(BEES, rule=Rule.of("top", count=3)))
    with pytest.raises(RuleBroken, match="changes nothing"):
        programme.amend(stamp("dir"), BEES, "no change", eligible=3)
    lower = replace(BEES, rule=Rule.of("threshold", Decimal(4)))
    programme.amend(stamp("dir"), lower, "the Spring Festival took a week", eligible=3)
    assert lower.rule is not None
    decision = Decision("n", "individual", "visits", "higher", lower.rule, 9, (), (), None)
    programme.decide(stamp("admin"), decision)
    with pytest.raises(StateConflict, match="decided"):
        programme.amend(stamp("dir"), BEES, "too late", eligible=3)
    with pytest.raises(StateConflict):
        programme.decide(stamp("admin"), decision)
    events = programme.collect_events()
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["Drafted", "Redrafted", "Announced", "Amended", "Decided"]
    rebuilt = project_aggregate(None, events)
    assert isinstance(rebuilt, Programme)
    assert (rebuilt.status, rebuilt.terms, rebuilt.kickoff_id) == (Status.DECIDED, lower, "k1")
    assert rebuilt.organiser_id == "dir"


def test_announcing_to_nobody_is_refused() -> None:
    with pytest.raises(RuleBroken) as refused:
        drafted().announce(stamp("dir"), "k1", eligible=0)
    assert refused.value.field == "eligible"
    with pytest.raises(RuleBroken) as unnamed:
        drafted(replace(BEES, teams=())).announce(stamp("dir"), "k1", eligible=1)
    assert unnamed.value.field == "eligible"


PK = replace(
    BEES,
    name="East PK",
    level="team",
    form="pk_competition",
    measure="signed_amount:CNY",
    rule=Rule.of("best_in_group"),
    teams=(),
    groups=(Group("east", ("hz-1", "hz-2")),),
    award_code=None,
)


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        (replace(BEES, name=" "), "name"),
        (replace(BEES, level="region"), "level"),
        (replace(BEES, form="cash_bonus"), "form"),
        (replace(BEES, measure="smiles"), "measure"),
        (replace(BEES, measure="visits:CNY"), "measure"),
        (replace(BEES, measure="cash"), "measure"),
        (replace(BEES, measure="cash:yuan"), "measure"),
        (replace(BEES, level="team", measure="forecast_error:cash"), "measure"),
        (replace(BEES, form="material"), "reward"),
        (replace(BEES, teams=("hz-1", "hz-1")), "eligible.teams"),
        (replace(BEES, people=("x y",)), "eligible.people.0"),
        (replace(BEES, level="team", people=("rep-wang",)), "eligible.people"),
        (replace(BEES, teams=(), groups=PK.groups), "form"),
        (replace(PK, rule=Rule.of("top", count=1)), "rule.kind"),
        (replace(PK, teams=("hz-3",)), "eligible"),
        (replace(PK, groups=(Group("alone", ("hz-1",)),)), "eligible.groups.0.members"),
        (
            replace(PK, groups=(Group("a", ("hz-1", "hz-2")), Group("b", ("hz-2", "hz-3")))),
            "eligible",
        ),
        (replace(BEES, award_code="no such"), "award_code"),
    ],
)
def test_terms_that_cannot_be_drafted_name_their_field(terms: Terms, field: str) -> None:
    with pytest.raises((InvalidInput, RuleBroken)) as refused:
        drafted(terms)
    assert getattr(refused.value, "field", None) == field


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("threshold", {}, "rule.threshold"),
        ("threshold", {"threshold": Decimal(1), "count": 2}, "rule.count"),
        ("top", {}, "rule.count"),
        ("top", {"count": 0}, "rule.count"),
        ("most_improved", {"lookback": 13}, "rule.lookback"),
        ("best_in_group", {"count": 1}, "rule.count"),
        ("lucky_draw", {}, "rule.kind"),
        ("threshold", {"threshold": Decimal("Infinity")}, "rule.threshold"),
    ],
)
def test_rules_need_exactly_their_parameters(kind: str, fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        Rule.of(kind, **fields)
    assert refused.value.field == field


def test_most_improved_defaults_to_the_one_best_over_three_periods() -> None:
    rule = Rule.of("most_improved")
    assert (rule.count, rule.lookback) == (1, 3)
    assert "3 earlier periods" in rule.describe(Better.HIGHER)
    assert Rule.of("threshold", Decimal("0.1")).describe(Better.LOWER) == (
        "everyone with a figure <= 0.1"
    )


def test_the_catalogue_declares_every_measure_once_with_its_direction() -> None:
    families = [m.family for m in CATALOGUE]
    assert len(families) == len(set(families))
    assert {m.family for m in CATALOGUE if m.better is Better.LOWER} == {"forecast_error"}
    assert {m.kind.value for m in CATALOGUE} == {"target", "process", "result"}
    assert str(MeasureName.parse("attainment:cash")) == "attainment:cash"
    assert MeasureName.parse("cash:CNY").qualifier == "CNY"


def test_earlier_periods_of_the_same_kind() -> None:
    assert [p.key for p in MARCH.earlier(3)] == ["2024-12", "2025-01", "2025-02"]
    assert [p.key for p in PeriodKey.parse("2025-Q1").earlier(2)] == ["2024-Q3", "2024-Q4"]
    assert [p.key for p in PeriodKey.parse("1900-02").earlier(3)] == ["1900-01"]


def test_the_award_catalogue_and_what_each_award_admits() -> None:
    catalogue = shipped_awards()
    assert {"little-bee", "little-motor", "little-cannon"} <= set(catalogue.awards)
    assert all(a.meaning for a in catalogue.awards.values())
    pk = catalogue.award("pk-champion")
    with pytest.raises(RuleBroken, match="by rule"):
        pk.check_grant(Level.INDIVIDUAL, GrantedBy.NOMINATION)
    with pytest.raises(RuleBroken, match="individual award"):
        catalogue.award("little-bee").check_grant(Level.TEAM, GrantedBy.RULE)
    with pytest.raises(UnknownReference):
        catalogue.award("golden-handshake")
    stored = AwardCatalogue.start(stamp())
    bee = catalogue.award("little-bee")
    with pytest.raises(StateConflict):
        stored.define(stamp(), bee)
    star = replace(bee, code="star", name="Star of the month", granted_by="nomination")
    stored.define(stamp(), star)
    rebuilt = project_aggregate(None, stored.collect_events())
    assert isinstance(rebuilt, AwardCatalogue)
    assert rebuilt.award("star") == star
    with pytest.raises(InvalidInput) as refused:
        stored.define(stamp(), replace(star, code="x", granted_by="lottery"))
    assert refused.value.field == "granted_by"


def test_a_nomination_is_decided_once_with_a_reason() -> None:
    with pytest.raises(InvalidInput) as uncited:
        Nomination.nominate(stamp("m1"), uuid4(), "r1", "little-bee", MARCH, date(2025, 3, 9), " ")
    assert uncited.value.field == "citation"
    nomination = Nomination.nominate(
        stamp("m1"), uuid4(), "r1", "little-bee", MARCH, date(2025, 3, 9), "ten visits a day"
    )
    with pytest.raises(InvalidInput) as unreasoned:
        nomination.decide(stamp("h1"), Verdict.CONFIRM, "")
    assert unreasoned.value.field == "reason"
    nomination.decide(stamp("h1"), Verdict.DECLINE, "the visits were not logged")
    with pytest.raises(StateConflict, match="declined"):
        nomination.decide(stamp("h1"), Verdict.CONFIRM, "changed my mind")
    rebuilt = project_aggregate(None, nomination.collect_events())
    assert isinstance(rebuilt, Nomination)
    assert rebuilt.status is NominationStatus.DECLINED


def test_a_decision_survives_the_store_with_every_figure() -> None:
    standing = Standing("r1", Decimal("5"), Decimal("4.0000"), 1, True, Decimal("1.0000"), "g")
    decision = Decision(
        "n",
        "team",
        "visits",
        "higher",
        Rule.of("most_improved"),
        42,
        (standing,),
        ("r1",),
        "little-motor",
        (Group("hz-1", ("r1", "r2")),),
    )
    transcoder = LedgerTranscoder(CIPHER)
    assert transcoder.decode(transcoder.encode({"d": decision})) == {"d": decision}
