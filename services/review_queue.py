"""The queue of review steps waiting for a person, decided by the one access policy."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.commands import Actor
from services.errors import Forbidden
from services.policy import AccessPolicy

Check = Callable[[Actor, str, date], None]


@dataclass(frozen=True)
class QueueItem:
    cycle_id: str
    person_id: str
    as_of: date
    step: str
    action: str


def _actions(policy: AccessPolicy, row: Mapping[str, Any]) -> list[tuple[str, Check]]:
    """What the review waits for, and whose check says who may do it."""

    def the_person(actor: Actor, person_id: str, day: date) -> None:
        del day
        policy.require_self(actor, person_id)

    by_step: dict[str, tuple[str, Check]] = {
        "self-assessment": ("assess yourself", the_person),
        "manager-assessment": ("assess as manager", policy.require_manager_on),
        "hrbp-review": ("countersign or veto", policy.require_hrbp_on),
        "calibration": ("calibrate", policy.require_calibrator_on),
        "conversation": ("hold the review conversation", policy.require_manager_on),
        "acknowledgement": ("acknowledge", the_person),
        "finalisation": ("finalise", policy.require_hrbp_on),
    }
    actions: list[tuple[str, Check]] = []
    if row["step"] == "hrbp-review" and row["veto_open"]:
        actions.append(("resolve the veto", policy.require_calibrator_on))
    elif row["step"] in by_step:
        actions.append(by_step[row["step"]])
    if row["appeal_open"]:
        actions.append(("decide the appeal", policy.require_calibrator_on))
    return actions


def waiting_for(
    policy: AccessPolicy, person_id: str, rows: Iterable[Mapping[str, Any]]
) -> list[QueueItem]:
    """Steps of open reviews that ``person_id`` is the one allowed to take now."""
    holder = holder_of(policy, person_id)
    items = []
    for row in rows:
        day = date.fromisoformat(row["as_of"])
        for action, check in _actions(policy, row):
            if _allowed(action, check, holder, row["person_id"], day):
                items.append(QueueItem(row["cycle_id"], row["person_id"], day, row["step"], action))
    return items


def holder_of(policy: AccessPolicy, person_id: str) -> Actor:
    """The person as the organisation knows them, to ask what they may do (auditors: read)."""
    roles = frozenset(r.value for r in policy.organisation().person(person_id).roles)
    return Actor(person_id=person_id, roles=roles)


PERSON_ACTIONS = {"assess yourself", "acknowledge"}


def _allowed(action: str, check: Check, holder: Actor, person_id: str, day: date) -> bool:
    """Nobody takes a step on their own review but the person's own steps."""
    if (holder.person_id == person_id) != (action in PERSON_ACTIONS):
        return False
    try:
        check(holder, person_id, day)
    except Forbidden:
        return False
    return True
