"""The trajectory view: each person's process and results month by month, precomputed.

A trajectory read never replays events; it reads these rows, so its cost grows
with the months shown, not with the length of the log. Every fact lands in the
month of the day it is about, in three places: the person's month, and the
month of the team and of the region the person sat in on that day, as the
organisation's record stood when the fact was recorded (a rep who moved counts
for the team they were in then). A fact about a month already closed is also
counted as a late adjustment, so the month shows its figure as at close and now.

The ramp table counts, per tenure month k and value, how many reps had that
many visits (or deals, or coaching sessions) in their k-th month: the median of
everyone else's month k is read from it without touching anyone's rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, ClassVar

from domain.coaching import CoachingRecord
from domain.deals import Deal, DealKind
from domain.organisation import Organisation, Role
from domain.periods import Period, PeriodKey
from domain.reviews import Review
from domain.rubrics import ValueScore
from domain.trajectory import month_key, tenure_month
from domain.visits import Visit
from projections.tables import Key, Row, Rows, Table, flag, from_json, iso_day, iso_time, to_json
from projections.view import Handler, View

COUNTS = (
    "visits_logged",
    "visits_planned",
    "visits_reviewed",
    "visits_unplanned",
    "coaching_received",
    "deals_signed",
    "deals_new",
    "deals_renewal",
    "deals_cancelled",
    "late_deals",
)
MONEY = (
    "signed_minor",
    "cancelled_minor",
    "cash_minor",
    "refunded_minor",
    "late_signed_minor",
    "late_cash_minor",
)
# The measures whose tenure-month medians make the ramp curves.
RAMP_MEASURES = ("visits_logged", "deals_signed", "coaching_received")


def _ints(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((n, "int") for n in names)


PEOPLE = Table(
    "trajectory_people",
    (
        ("person_id", "text"),
        ("joined_on", "text"),
        ("left_on", "text"),
        ("is_rep", "bool"),
        ("placements", "text"),
    ),
    key=("person_id",),
)
TEAMS = Table("trajectory_teams", (("team_id", "text"), ("region_id", "text")), key=("team_id",))
PERIODS = Table(
    "trajectory_periods",
    (("period_key", "text"), ("starts_on", "text"), ("ends_on", "text")),
    key=("period_key",),
)
CLOSED_MONTHS = Table(
    "trajectory_closed_months", (("month", "text"), ("closed_at", "text")), key=("month",)
)
MONTHS = Table(
    "trajectory_months",
    (("person_id", "text"), ("month", "text"), ("tenure_month", "int"), *_ints(COUNTS)),
    key=("person_id", "month"),
)
MONEY_MONTHS = Table(
    "trajectory_money",
    (("person_id", "text"), ("month", "text"), ("currency", "text"), *_ints(MONEY)),
    key=("person_id", "month", "currency"),
)
GROUP_MONTHS = Table(
    "trajectory_group_months",
    (("kind", "text"), ("group_id", "text"), ("month", "text"), *_ints(COUNTS)),
    key=("kind", "group_id", "month"),
    # Where the organisation's records begin: MIN(month) from the index, not a scan.
    indexes=(("month",),),
)
GROUP_MONEY = Table(
    "trajectory_group_money",
    (
        ("kind", "text"),
        ("group_id", "text"),
        ("month", "text"),
        ("currency", "text"),
        *_ints(MONEY),
    ),
    key=("kind", "group_id", "month", "currency"),
)
RAMP = Table(
    "trajectory_ramp",
    (("measure", "text"), ("tenure_month", "int"), ("value", "int"), ("people", "int")),
    key=("measure", "tenure_month", "value"),
)
DEALS = Table(
    "trajectory_deals",
    (
        ("deal_id", "text"),
        ("owner_id", "text"),
        ("signed_on", "text"),
        ("currency", "text"),
        ("minor", "int"),
    ),
    key=("deal_id",),
)
REVIEWS = Table(
    "trajectory_reviews",
    (
        ("review_id", "text"),
        ("person_id", "text"),
        ("cycle_id", "text"),
        ("period_key", "text"),
        ("as_of", "text"),
    ),
    key=("review_id",),
)
VALUE_SCORES = Table(
    "trajectory_values",
    (
        ("person_id", "text"),
        ("cycle_id", "text"),
        ("value", "text"),
        ("period_key", "text"),
        ("as_of", "text"),
        ("self_score", "int"),
        ("manager_score", "int"),
        ("score", "int"),
        ("amendments", "int"),
    ),
    key=("person_id", "cycle_id", "value"),
)


# --- who sat where -------------------------------------------------------------------


def person_joined(e: Organisation.PersonJoined, rows: Rows) -> None:
    rows.put(
        PEOPLE,
        {
            "person_id": e.person_id,
            "joined_on": iso_day(e.joined_on),
            "left_on": None,
            "is_rep": flag(Role.REP.value in e.roles),
            "placements": to_json([[iso_day(e.joined_on), e.team_id]]),
        },
    )


def person_moved(e: Organisation.PersonMoved, rows: Rows) -> None:
    person = rows.get(PEOPLE, e.person_id)
    if person is not None:
        placements = [*from_json(person["placements"]), [iso_day(e.effective_on), e.team_id]]
        placements.sort(key=lambda p: str(p[0]))
        rows.put(PEOPLE, person | {"placements": to_json(placements)})


def person_left(e: Organisation.PersonLeft, rows: Rows) -> None:
    person = rows.get(PEOPLE, e.person_id)
    if person is not None:
        rows.put(PEOPLE, person | {"left_on": iso_day(e.effective_on)})


def roles_changed(e: Organisation.RolesChanged, rows: Rows) -> None:
    person = rows.get(PEOPLE, e.person_id)
    if person is not None:
        rows.put(PEOPLE, person | {"is_rep": flag(Role.REP.value in e.roles)})


def team_formed(e: Organisation.TeamFormed, rows: Rows) -> None:
    rows.put(TEAMS, {"team_id": e.team_id, "region_id": e.region_id})


def team_on(person: Row, day: date) -> str | None:
    """The team of the person's placement in force on ``day`` (None before they joined)."""
    found = None
    for effective_on, team_id in from_json(person["placements"]):
        if effective_on <= day.isoformat():
            found = team_id
    return found


# --- periods: which months are closed --------------------------------------------------


def period_opened(e: Period.Opened, rows: Rows) -> None:
    rows.put(
        PERIODS,
        {"period_key": e.key, "starts_on": iso_day(e.starts_on), "ends_on": iso_day(e.ends_on)},
    )


def period_closed(e: Period.Closed, rows: Rows) -> None:
    for month in PeriodKey.parse(e.key).months():
        if rows.get(CLOSED_MONTHS, month) is None:
            rows.put(CLOSED_MONTHS, {"month": month, "closed_at": iso_time(e.recorded_at)})


def is_late(rows: Rows, day: date) -> bool:
    """A fact about a month some period of which has closed is a late adjustment."""
    return rows.get(CLOSED_MONTHS, month_key(day)) is not None


# --- counting facts ----------------------------------------------------------------------


def count(rows: Rows, person_id: str, day: date, **deltas: int) -> None:
    """Add to the person's month and to their team's and region's month of that day."""
    month = month_key(day)
    person = rows.get(PEOPLE, person_id)
    before = rows.get(MONTHS, person_id, month)
    row = rows.add(MONTHS, {"person_id": person_id, "month": month}, **deltas)
    k = None if person is None else tenure_month(date.fromisoformat(person["joined_on"]), day)
    if row["tenure_month"] != k:
        rows.put(MONTHS, row | {"tenure_month": k})
    if person is not None and person["is_rep"] and k is not None and k >= 0:
        _move_ramp(rows, k, before, row, deltas)
    for kind, group_id in _groups(rows, person, day):
        rows.add(GROUP_MONTHS, {"kind": kind, "group_id": group_id, "month": month}, **deltas)


def count_money(rows: Rows, person_id: str, day: date, currency: str, **deltas: int) -> None:
    month = month_key(day)
    rows.add(MONEY_MONTHS, {"person_id": person_id, "month": month, "currency": currency}, **deltas)
    for kind, group_id in _groups(rows, rows.get(PEOPLE, person_id), day):
        key = {"kind": kind, "group_id": group_id, "month": month, "currency": currency}
        rows.add(GROUP_MONEY, key, **deltas)


def _groups(rows: Rows, person: Row | None, day: date) -> list[tuple[str, str]]:
    team_id = None if person is None else team_on(person, day)
    if team_id is None:
        return []
    team = rows.get(TEAMS, team_id)
    found = [("team", team_id)]
    if team is not None and team["region_id"]:
        found.append(("region", team["region_id"]))
    return found


def _move_ramp(
    rows: Rows, k: int, before: Row | None, after: Row, deltas: Mapping[str, int]
) -> None:
    """Move the person from their old value's count to their new one, per ramp measure.
    Zeros are not counted: the cohort's size says how many had none."""
    for measure in RAMP_MEASURES:
        if measure not in deltas:
            continue
        old, new = (0 if before is None else before[measure] or 0), after[measure] or 0
        if old:
            rows.add(RAMP, {"measure": measure, "tenure_month": k, "value": old}, people=-1)
        if new:
            rows.add(RAMP, {"measure": measure, "tenure_month": k, "value": new}, people=1)


# --- process --------------------------------------------------------------------------------


def visit_happened(e: Visit.Happened, rows: Rows) -> None:
    count(
        rows,
        e.owner_id,
        e.happened_on,
        visits_logged=1,
        visits_planned=flag(e.planned_before_visit),
        visits_reviewed=flag(e.reviewed_before_visit),
    )


def visit_unplanned(e: Visit.HappenedUnplanned, rows: Rows) -> None:
    count(rows, e.owner_id, e.happened_on, visits_logged=1, visits_unplanned=1)


def coached(e: CoachingRecord.SessionHeld, rows: Rows) -> None:
    count(rows, e.rep_id, e.held_on, coaching_received=1)


# --- results ----------------------------------------------------------------------------------


def deal_signed(e: Deal.Signed, rows: Rows) -> None:
    late = flag(is_late(rows, e.signed_on))
    minor = e.amount.minor_units
    rows.put(
        DEALS,
        {
            "deal_id": e.originator_id.hex,
            "owner_id": e.owner_id,
            "signed_on": iso_day(e.signed_on),
            "currency": e.amount.currency,
            "minor": minor,
        },
    )
    kind = "deals_new" if e.kind == DealKind.NEW.value else "deals_renewal"
    count(rows, e.owner_id, e.signed_on, deals_signed=1, late_deals=late, **{kind: 1})
    count_money(
        rows,
        e.owner_id,
        e.signed_on,
        e.amount.currency,
        signed_minor=minor,
        late_signed_minor=minor * late,
    )


def cash_received(e: Deal.CashReceived, rows: Rows) -> None:
    _cash_moved(rows, e.owner_id, e.received_on, e.amount.currency, e.amount.minor_units)


def refunded(e: Deal.Refunded, rows: Rows) -> None:
    _cash_moved(rows, e.owner_id, e.refunded_on, e.amount.currency, -e.amount.minor_units)


def _cash_moved(rows: Rows, owner_id: str, day: date, currency: str, minor: int) -> None:
    """Cash in (positive) or paid back (negative) on a day; late if its month had closed."""
    column = "cash_minor" if minor > 0 else "refunded_minor"
    late = flag(is_late(rows, day))
    count_money(rows, owner_id, day, currency, **{column: abs(minor)}, late_cash_minor=minor * late)


def deal_cancelled(e: Deal.Cancelled, rows: Rows) -> None:
    """A cancellation takes the deal out of the month it was signed in; the signing stays
    counted as signed, the cancellation beside it."""
    deal = rows.get(DEALS, e.originator_id.hex)
    if deal is None:
        return
    signed_on = date.fromisoformat(deal["signed_on"])
    late = flag(is_late(rows, signed_on))
    count(rows, e.owner_id, signed_on, deals_cancelled=1, late_deals=-late)
    count_money(
        rows,
        e.owner_id,
        signed_on,
        deal["currency"],
        cancelled_minor=deal["minor"],
        late_signed_minor=-deal["minor"] * late,
    )


# --- values -----------------------------------------------------------------------------------


def review_opened(e: Review.Opened, rows: Rows) -> None:
    rows.put(
        REVIEWS,
        {
            "review_id": e.originator_id.hex,
            "person_id": e.person_id,
            "cycle_id": e.cycle_id,
            "period_key": e.period_key,
            "as_of": iso_day(e.as_of),
        },
    )


def values_sealed(e: Review.ValuesAssessmentSealed, rows: Rows) -> None:
    column = "self_score" if e.author == "self" else "manager_score"
    for score in e.scores:
        row = _value_row(rows, e, score)
        change = {column: score.score}
        if e.author != "self":
            change["score"] = score.score
        rows.put(VALUE_SCORES, row | change)


def assessment_amended(e: Review.AssessmentAmended, rows: Rows) -> None:
    for score in e.scores:
        row = _value_row(rows, e, score)
        rows.put(VALUE_SCORES, row | {"score": score.score, "amendments": row["amendments"] + 1})


def _value_row(rows: Rows, e: Any, score: ValueScore) -> Row:
    review = rows.get(REVIEWS, e.originator_id.hex)
    assert review is not None, e.originator_id
    key = (review["person_id"], review["cycle_id"], score.value)
    row = rows.get(VALUE_SCORES, *key)
    if row is None:
        row = dict(zip(VALUE_SCORES.key, key, strict=True)) | {
            "period_key": review["period_key"],
            "as_of": review["as_of"],
            "self_score": None,
            "manager_score": None,
            "score": None,
            "amendments": 0,
        }
    return row


def _fact_of(event: Any) -> tuple[str, date, str | None] | None:
    """Whose month a fact counts in, its day and its currency, where the event names them."""
    if isinstance(event, Visit.Happened | Visit.HappenedUnplanned):
        return event.owner_id, event.happened_on, None
    if isinstance(event, CoachingRecord.SessionHeld):
        return event.rep_id, event.held_on, None
    if isinstance(event, Deal.Signed):
        return event.owner_id, event.signed_on, event.amount.currency
    if isinstance(event, Deal.CashReceived):
        return event.owner_id, event.received_on, event.amount.currency
    return None


class Trajectories(View):
    """Per person, team and region: the month-by-month process and results."""

    name = "trajectories"
    tables = (
        PEOPLE,
        TEAMS,
        PERIODS,
        CLOSED_MONTHS,
        MONTHS,
        MONEY_MONTHS,
        GROUP_MONTHS,
        GROUP_MONEY,
        RAMP,
        DEALS,
        REVIEWS,
        VALUE_SCORES,
    )
    handlers: ClassVar[Mapping[type, Handler]] = {
        Organisation.PersonJoined: person_joined,
        Organisation.PersonMoved: person_moved,
        Organisation.PersonLeft: person_left,
        Organisation.RolesChanged: roles_changed,
        Organisation.TeamFormed: team_formed,
        Period.Opened: period_opened,
        Period.Closed: period_closed,
        Visit.Happened: visit_happened,
        Visit.HappenedUnplanned: visit_unplanned,
        CoachingRecord.SessionHeld: coached,
        Deal.Signed: deal_signed,
        Deal.CashReceived: cash_received,
        Deal.Refunded: refunded,
        Deal.Cancelled: deal_cancelled,
        Review.Opened: review_opened,
        Review.ValuesAssessmentSealed: values_sealed,
        Review.AssessmentAmended: assessment_amended,
    }
    whole_tables = (PEOPLE, TEAMS, CLOSED_MONTHS, RAMP)

    def rows_needed(self, event: Any) -> Iterable[tuple[Table, Key]]:
        """The person's month (and money) a fact lands in."""
        found = _fact_of(event)
        if found is None:
            return ()
        person_id, day, currency = found
        month = month_key(day)
        needed: list[tuple[Table, Key]] = [(MONTHS, (person_id, month))]
        if currency is not None:
            needed.append((MONEY_MONTHS, (person_id, month, currency)))
        return needed

    # --- reads ----------------------------------------------------------------------------

    def person(self, person_id: str) -> Row | None:
        found = self.select("SELECT * FROM {trajectory_people} WHERE person_id = %s", [person_id])
        return found[0] if found else None

    def months_of(self, person_id: str, first: str, last: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {trajectory_months} WHERE person_id = %s AND month >= %s "
            "AND month <= %s ORDER BY month",
            [person_id, first, last],
        )

    def money_of(self, person_id: str, first: str, last: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {trajectory_money} WHERE person_id = %s AND month >= %s "
            "AND month <= %s ORDER BY month, currency",
            [person_id, first, last],
        )

    def group_months(self, kind: str, group_id: str, first: str, last: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {trajectory_group_months} WHERE kind = %s AND group_id = %s "
            "AND month >= %s AND month <= %s ORDER BY month",
            [kind, group_id, first, last],
        )

    def group_money(self, kind: str, group_id: str, first: str, last: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {trajectory_group_money} WHERE kind = %s AND group_id = %s "
            "AND month >= %s AND month <= %s ORDER BY month, currency",
            [kind, group_id, first, last],
        )

    def records_begin(self) -> str | None:
        """The first month with a recorded fact anywhere in the organisation. Before it the
        organisation kept no records here, which is not the same as doing nothing."""
        rows = self.select("SELECT MIN(month) AS first FROM {trajectory_group_months}")
        return rows[0]["first"] if rows else None

    def closed_months(self, first: str, last: str) -> dict[str, str]:
        rows = self.select(
            "SELECT * FROM {trajectory_closed_months} WHERE month >= %s AND month <= %s",
            [first, last],
        )
        return {r["month"]: r["closed_at"] for r in rows}

    def values_of(self, person_id: str) -> list[Row]:
        return self.select(
            "SELECT * FROM {trajectory_values} WHERE person_id = %s "
            "ORDER BY as_of, cycle_id, value",
            [person_id],
        )

    def ramp(self, measure: str, first_k: int, last_k: int) -> dict[int, dict[int, int]]:
        """Per tenure month: how many reps had each non-zero value of the measure."""
        rows = self.select(
            "SELECT tenure_month, value, people FROM {trajectory_ramp} WHERE measure = %s "
            "AND tenure_month >= %s AND tenure_month <= %s AND people > 0",
            [measure, first_k, last_k],
        )
        found: dict[int, dict[int, int]] = {}
        for r in rows:
            found.setdefault(int(r["tenure_month"]), {})[int(r["value"])] = int(r["people"])
        return found

    def reps(self) -> list[Row]:
        """Every rep with their tenure: the cohorts of the ramp curves."""
        return self.select(
            "SELECT person_id, joined_on, left_on FROM {trajectory_people} WHERE is_rep = 1"
        )
