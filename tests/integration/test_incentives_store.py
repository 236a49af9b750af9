"""The measure source and the incentives views on real SQLite files and real PostgreSQL.

A rep who moves team mid-month counts for each team on the days they sat in it; a person's
figure is their whole month; earlier months are read period by period. The incentives and
awards views rebuilt from the first event equal the live ones.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

from api.bootstrap import Container
from domain.coaching import Session
from domain.incentives import Group, Terms
from domain.measure_catalogue import MeasureName, Subject
from domain.nominations import Verdict
from domain.periods import PeriodKey
from domain.standings import Rule
from domain.values import Money
from projections.registry import build_views
from projections.runner import ViewRunner
from services.customers import NewCustomer
from services.deals import Signing
from services.policy import EVERYTHING
from services.visits import LoggedVisit
from tests.support import ADMIN, command

MARCH = PeriodKey.parse("2025-03")
LI, MA, HRBP = (
    command("mgr-li", "manager"),
    command("dir-ma", "manager"),
    command("hrbp-liu", "hrbp"),
)


def _visits(c: Container, who: str, day: date, count: int) -> list[str]:
    at = datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)
    entries = [
        LoggedVisit(at.replace(minute=i), "owner", "ok", "call", customer_id="c-1")
        for i in range(count)
    ]
    return list(c.visits.log_day(command(who, "rep"), day, entries).ids)


def _sign(c: Container, who: str, amount: int, on: date, visits: tuple[str, ...] = ()) -> None:
    signing = Signing("c-1", "new", Money(Decimal(amount), "CNY"), on, "it fit", visits)
    deal = c.deals.sign(command(who, "rep"), signing)
    c.deals.receive_cash(command(who, "rep"), UUID(deal.id), Decimal(amount), None, on)


def _a_month_with_a_move(c: Container) -> None:
    c.customers.register(LI, NewCustomer("c-1", "c-1", "east", "SME", "prospect"))
    _visits(c, "rep-wang", date(2025, 2, 10), 2)
    converted = _visits(c, "rep-wang", date(2025, 3, 10), 3)
    _sign(c, "rep-wang", 100_000, date(2025, 3, 11), tuple(converted[:1]))
    session = Session("mgr-li", date(2025, 3, 12), "pipeline", "call c-1", date(2025, 3, 19))
    c.coaching.hold_session(LI, "rep-wang", session, None)
    c.organisation.move(ADMIN, "rep-wang", date(2025, 3, 16), "hz-2", "mgr-zhang")
    _visits(c, "rep-wang", date(2025, 3, 20), 2)
    _sign(c, "rep-wang", 50_000, date(2025, 3, 21))
    _visits(c, "rep-chen", date(2025, 3, 12), 1)


def test_figures_follow_the_membership_at_the_time_of_each_record(demo: Container) -> None:
    _a_month_with_a_move(demo)
    assert demo.measures.reached(demo.ledger.head())  # applies what is pending, here

    def figure(name: str, subject: Subject) -> Decimal | None:
        return demo.measures.value(MeasureName.parse(name), subject, MARCH)

    wang, hz1, hz2 = Subject.person("rep-wang"), Subject.team("hz-1"), Subject.team("hz-2")
    assert [figure("visits", s) for s in (wang, hz1, hz2)] == [5, 4, 2]
    assert figure("conversion", wang) == Decimal("0.2000")
    assert figure("conversion", hz1) == Decimal("0.2500")
    assert [figure("signed_amount:CNY", s) for s in (wang, hz1, hz2)] == [
        Decimal("150000.00"),
        Decimal("100000.00"),
        Decimal("50000.00"),
    ]
    assert figure("cash:CNY", hz2) == Decimal("50000.00")
    assert figure("cash:USD", wang) == Decimal("0.00")
    assert [figure("deals", s) for s in (wang, hz1, hz2)] == [2, 1, 1]
    assert [figure("coaching_sessions", s) for s in (wang, hz1, hz2)] == [1, 1, 0]
    assert figure("planned_share", wang) == Decimal("0.0000")
    assert figure("planned_share", Subject.team("hz-2")) == Decimal("0.0000")
    assert figure("attainment:cash", wang) is None  # no approved target
    assert figure("forecast_error:cash", hz1) is None  # forecasts are people's
    history = demo.measures.history(MeasureName.parse("visits"), wang, MARCH.earlier(2))
    assert history == [Decimal(0), Decimal(2)]

    board = demo.contest.team_board("hz-1", MARCH, MeasureName.parse("visits"))
    assert [(s.subject_id, s.value, s.rank) for s in board] == [
        ("rep-wang", Decimal(5), 1),
        ("rep-chen", Decimal(1), 2),
        ("mgr-li", Decimal(0), 3),
    ]


def _programmes(c: Container) -> None:
    """Draft, announce, amend, close and decide; a nomination confirmed, one declined."""
    c.periods.open(ADMIN, MARCH.key)
    bees = Terms(
        "Bees",
        "individual",
        "recognition_award",
        "visits",
        Rule.of("threshold", Decimal(3)),
        teams=("hz-1",),
        award_code="little-bee",
    )
    pk = Terms(
        "PK",
        "team",
        "pk_competition",
        "signed_amount:CNY",
        Rule.of("best_in_group"),
        groups=(Group("east", ("hz-1", "hz-2")),),
    )
    ids = [UUID(c.programmes.draft(MA, MARCH.key, t).id) for t in (bees, pk)]
    c.programmes.hold_kickoff(MA, MARCH.key, ids)
    _a_month_with_a_move(c)
    c.programmes.amend(MA, ids[0], replace(bees, rule=Rule.of("top", count=1)), "one bee only")
    for verdict in Verdict:
        nominated = c.nominations.nominate(LI, "rep-chen", "little-cannon", MARCH.key, "went far")
        c.nominations.decide(HRBP, UUID(nominated.id), verdict, "checked")
    c.periods.close(ADMIN, MARCH.key)
    decided = c.programmes.close(ADMIN, MARCH.key)
    assert sorted(decided.ids) == sorted(str(i) for i in ids)


def test_the_incentives_views_rebuilt_equal_the_live_ones(demo: Container) -> None:
    _programmes(demo)
    demo.runner.catch_up()
    grants = demo.views.awards.received("person", "rep-wang", EVERYTHING, None, 10)
    assert sorted(((g["award_code"], g["via_team"]) for g in grants), key=str) == [
        ("little-bee", None),
        (None, "hz-1"),  # the PK names no award: its title is the programme's
    ]
    chen = demo.views.awards.received("person", "rep-chen", EVERYTHING, None, 10)
    assert sorted(g["source"] for g in chen) == ["nomination", "programme"]  # one confirmed
    shadow = build_views(demo.views.incentives.view, prefix="rb_")
    ViewRunner(demo.app, [shadow.incentives, shadow.awards], batch_size=4).rebuild()
    assert shadow.incentives.dump() == demo.views.incentives.dump()
    assert shadow.awards.dump() == demo.views.awards.dump()
    again = demo.programmes.close(ADMIN, MARCH.key)
    assert again.ids == ()
    assert again.position == demo.ledger.head()
