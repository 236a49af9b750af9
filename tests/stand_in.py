"""A stand-in for the reviews context's sealed values assessment (issue 6), for receipt tests.

Receipts are generic over receipt-bearing events; until the reviews context
lands, this aggregate's one event plays ``ValuesAssessment.Sealed``: a record
about a person, on a day, that the person may fetch a receipt for.
"""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import uuid4

from api.bootstrap import Container
from domain.base import LedgerAggregate
from domain.values import Stamp
from services.commands import Actor, Command


class StandInAssessment(LedgerAggregate):
    person_id: str
    cycle_ends_on: date
    score: int

    def __init__(self) -> None:
        """State is set by the event."""

    class Sealed(LedgerAggregate.Created):
        person_id: str
        cycle_ends_on: date
        score: int

        def apply(self, aggregate: StandInAssessment) -> None:
            aggregate.person_id = self.person_id
            aggregate.cycle_ends_on = self.cycle_ends_on
            aggregate.score = self.score

    @classmethod
    def seal(cls, stamp: Stamp, person_id: str, cycle_ends_on: date, score: int) -> Self:
        return cls._begin(
            cls.Sealed,
            stamp,
            uuid4(),
            person_id=person_id,
            cycle_ends_on=cycle_ends_on,
            score=score,
        )


def bear_receipts(c: Container) -> None:
    """Make the stand-in's sealing receipt-bearing, as issue 6's events will be."""
    c.transparency.registry.register(
        StandInAssessment.Sealed, lambda e: (e.person_id, e.cycle_ends_on)
    )


def seal(c: Container, person_id: str, day: date, by: str = "mgr-li", score: int = 4) -> int:
    """A manager seals an assessment of ``person_id``; returns its position in the log."""
    cmd = Command(actor=Actor(by, frozenset({"manager"})))
    assessment = StandInAssessment.seal(c.ledger.stamp(cmd), person_id, day, score)
    return c.ledger.commit(cmd, assessment, id=str(assessment.id)).position
