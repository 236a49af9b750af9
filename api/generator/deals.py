"""Deals: signed after visits build trust, paid in instalments, sometimes refunded.

A prospect rarely signs at the first visit and more often from the third; a client
renews when its year runs out. Skill, ramp-up and season move the odds. Some deals
are recorded days after they signed: near a month's end that is after the month
closed, a late fact the targets' actuals must show as such.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from api.generator.calendar import local, month_key, season, working_day_after
from api.generator.texts import CANCEL_REASONS, WHY_SIGNED, pick
from api.generator.world import Rep, World
from domain.deals import Deal, DealKind
from domain.values import Money

NEW_PRICES = (29_800, 39_800, 39_800, 59_800, 80_000)  # the packages sold to new customers
RENEWAL_PRICES = (9_000, 9_000, 12_000, 19_800)
RENEWAL_DUE = timedelta(days=300)
LATE_SHARE = 0.04
CANCEL_SHARE = 0.015
REFUND_SHARE = 0.02
PIPELINE_LIMIT = 40


def after_visit(w: World, rep: Rep, customer_id: str, visit_id: str, day: date) -> None:
    """A visit that happened: it joins the customer's story, and may lead to a signing."""
    visits = rep.pipeline.setdefault(customer_id, [])
    visits.append((visit_id, day))
    rep.recent_visits = [*rep.recent_visits[-9:], visit_id]
    if len(rep.pipeline) > PIPELINE_LIMIT:
        del rep.pipeline[next(iter(rep.pipeline))]  # the coldest lead is dropped
    last_signed = w.teams[rep.team_id].clients.get(customer_id)
    renewal = last_signed is not None
    if last_signed is not None and day - last_signed < RENEWAL_DUE:
        return  # a courtesy visit: the contract still runs
    odds = _odds(len(visits), renewal) * rep.skill * rep.ramp(day) ** 2 * season(day)
    if w.chance(odds):
        _sign_later(w, rep, customer_id, renewal, day)


def _odds(visits: int, renewal: bool) -> float:
    if renewal:
        return 0.35
    return (0.0, 0.02, 0.12)[min(visits, 2)] if visits < 3 else 0.2


def _sign_later(w: World, rep: Rep, customer_id: str, renewal: bool, day: date) -> None:
    """Most deals are recorded the evening they sign; a few days later now and then."""
    visit_ids = [v for v, _ in rep.pipeline.pop(customer_id)]
    # The month-end rush is recorded after the rush: late entries cluster there.
    late = w.chance(0.3 if (day + timedelta(days=4)).month != day.month else LATE_SHARE)
    recorded = day + timedelta(days=w.rng.randrange(2, 10)) if late else day
    kind = DealKind.RENEWAL if renewal else DealKind.NEW
    price = w.rng.choice(RENEWAL_PRICES if renewal else NEW_PRICES)
    team = w.teams[rep.team_id]
    if customer_id not in team.clients:
        team.client_list.append(customer_id)
    team.clients[customer_id] = day  # no second signing while this one is recorded
    moment = local(recorded, 19, 30) + timedelta(minutes=w.rng.randrange(120))
    signing = partial(sign, w, rep, customer_id, kind, Decimal(price), day, visit_ids)
    w.at(moment, signing)


def sign(
    w: World,
    rep: Rep,
    customer_id: str,
    kind: DealKind,
    amount: Decimal,
    day: date,
    visit_ids: list[str],
) -> None:
    by = _recorder(w, rep)
    deal = Deal.sign(
        w.stamp(by, local(day, 17)),
        w.uuid(),
        rep.person_id,
        customer_id,
        kind.value,
        Money(amount, "CNY"),
        day,
        visit_ids,
        pick(w.rng, WHY_SIGNED),
    )
    w.writer.add(deal)
    _note_if_late(w, deal, day)
    tally = rep.tallies[month_key(day)]
    tally.deals += 1
    tally.signed += amount
    rep.recent_deals = [*rep.recent_deals[-4:], str(deal.id)]
    _plan_money(w, rep, deal, kind)


def _recorder(w: World, rep: Rep) -> str:
    """The owner records their deal's facts; once they left, their manager does."""
    return rep.person_id if rep.person_id in w.reps else w.teams[rep.team_id].manager_id


def _plan_money(w: World, rep: Rep, deal: Deal, kind: DealKind) -> None:
    """Cash in one to three instalments a month apart; a few deals cancelled or refunded."""
    start = deal.signed_on + timedelta(days=w.rng.randrange(0, 10))
    if w.chance(CANCEL_SHARE):
        reason = pick(w.rng, CANCEL_REASONS)
        w.at(local(working_day_after(start), 11), partial(cancel, w, rep, deal, reason))
        return
    parts = 1 if kind is DealKind.RENEWAL else w.rng.choice((1, 1, 2, 2, 3))
    share = (deal.amount.amount / parts).quantize(Decimal(1))
    for n in range(parts):
        amount = share if n < parts - 1 else deal.amount.amount - share * (parts - 1)
        day = start + timedelta(days=30 * n)
        w.at(local(day, 15, w.rng.randrange(120)), partial(receive, w, rep, deal, amount, day))
    if w.chance(REFUND_SHARE):
        day = start + timedelta(days=30 * (parts - 1) + w.rng.randrange(10, 40))
        w.at(local(day, 16), partial(refund, w, rep, deal, day))


def receive(w: World, rep: Rep, deal: Deal, amount: Decimal, day: date) -> None:
    deal.receive_cash(w.stamp(_recorder(w, rep)), Money(amount, "CNY"), day)
    w.writer.add(deal)
    _note_if_late(w, deal, day)
    rep.tallies[month_key(day)].cash += amount


def _note_if_late(w: World, deal: Deal, day: date) -> None:
    """A fact about a closed month's day (cash may arrive before a late deal is recorded)."""
    if month_key(day) in w.closed:
        w.late_deals.add(deal.id)


def refund(w: World, rep: Rep, deal: Deal, day: date) -> None:
    """Part of the cash goes back; when all of it does, the deal is cancelled too."""
    received = deal.net_received.amount
    if received <= 0:
        return
    amount = received if w.chance(0.5) else (received / 2).quantize(Decimal(1))
    reason = "Customer's export licence was refused; refunded as agreed."
    deal.refund(w.stamp(_recorder(w, rep)), Money(amount, "CNY"), day, reason)
    rep.tallies[month_key(day)].cash -= amount
    if deal.net_received.amount == 0:
        deal.cancel(w.stamp(_recorder(w, rep)), day, "Refunded in full.")
        _note_if_late(w, deal, deal.signed_on)
    w.writer.add(deal)


def cancel(w: World, rep: Rep, deal: Deal, reason: str) -> None:
    deal.cancel(w.stamp(_recorder(w, rep)), today_of(w), reason)
    w.writer.add(deal)
    # A cancellation takes the signing back on the day it signed: once that month
    # closed, it is a late adjustment of the month.
    _note_if_late(w, deal, deal.signed_on)


def today_of(w: World) -> date:
    return (w.agenda.now + timedelta(hours=8)).date()
