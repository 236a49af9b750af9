"""Coaching: the manager's sessions with each rep, weekly for new hires, fortnightly after.

Each session checks the follow-up the previous one agreed, as the domain requires,
and names the rep's latest visits and deals it discussed.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from api.generator.calendar import local, month_key, working_day_after
from api.generator.texts import AGREED, TOPICS, pick
from api.generator.world import Rep, World
from domain.coaching import CoachingRecord, FollowUpCheck, FollowUpStatus, Session


def first_session(w: World, rep: Rep, after: date) -> None:
    day = working_day_after(after, w.rng.randrange(3, 10))
    w.at(local(day, 16, w.rng.randrange(90)), partial(hold_session, w, rep, day))


def hold_session(w: World, rep: Rep, day: date) -> None:
    if rep.person_id not in w.reps:
        return  # they left: coaching ends with them
    manager_id = w.teams[rep.team_id].manager_id
    stamp = w.stamp(manager_id)
    record = rep.coaching or CoachingRecord.start(stamp, rep.person_id)
    rep.coaching = record
    session = Session(
        manager_id=manager_id,
        held_on=day,
        topic=pick(w.rng, TOPICS),
        agreed=pick(w.rng, AGREED),
        follow_up_on=day + timedelta(days=14),
        visit_ids=tuple(rep.recent_visits[-3:]),
        deal_ids=tuple(rep.recent_deals[-2:]),
    )
    record.hold_session(stamp, str(w.uuid()), session, _check(w, record))
    w.writer.add(record)
    rep.tallies[month_key(day)].coaching += 1
    gap = 5 if rep.tenure_months(day) < 6 else 10
    following = working_day_after(day, gap + w.rng.randrange(3))
    w.at(local(following, 16, w.rng.randrange(90)), partial(hold_session, w, rep, following))


def _check(w: World, record: CoachingRecord) -> FollowUpCheck | None:
    if record.open_follow_up is None:
        return None
    status = w.rng.choice(
        (FollowUpStatus.DONE, FollowUpStatus.DONE, FollowUpStatus.PARTLY, FollowUpStatus.NOT_DONE)
    )
    return FollowUpCheck(status.value, f"Follow-up {status.value.replace('_', ' ')}.")
