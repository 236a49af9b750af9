"""The organisation's review configuration: published rubrics and scheme versions.

Rubrics and schemes are data, recorded as events; nothing published is ever
changed, only followed by a later version. The shipped rubrics and the default
scheme are there before anything is published.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.base import LedgerAggregate
from domain.errors import NotFound, StateConflict
from domain.rubrics import Rubric, rubric_key
from domain.scheme import DEFAULT_SCHEME, Scheme
from domain.standard_rubrics import STANDARD_RUBRICS
from domain.values import Stamp

CATALOGUE_ID: UUID = uuid5(NAMESPACE_URL, "perfledger:review-catalogue")


class ReviewCatalogue(LedgerAggregate):
    def __init__(self) -> None:
        self.rubrics: dict[str, Rubric] = {r.key: r for r in STANDARD_RUBRICS}
        self.schemes: list[Scheme] = [DEFAULT_SCHEME]

    class Started(LedgerAggregate.Created):
        def apply(self, aggregate: ReviewCatalogue) -> None:
            pass

    class RubricPublished(LedgerAggregate.Event):
        rubric: Rubric

        def apply(self, aggregate: ReviewCatalogue) -> None:
            aggregate.rubrics[self.rubric.key] = self.rubric

    class SchemeConfigured(LedgerAggregate.Event):
        scheme: Scheme

        def apply(self, aggregate: ReviewCatalogue) -> None:
            aggregate.schemes.append(self.scheme)

    @classmethod
    def start(cls, stamp: Stamp) -> Self:
        return cls._begin(cls.Started, stamp, CATALOGUE_ID)

    def publish_rubric(self, stamp: Stamp, rubric: Rubric) -> None:
        """A rubric version is published once; a change is a new version."""
        rubric.check()
        if rubric.key in self.rubrics:
            raise StateConflict(f"rubric {rubric.key} exists; publish a new version instead")
        self._record(self.RubricPublished, stamp, rubric=rubric)

    def configure_scheme(self, stamp: Stamp, scheme: Scheme) -> Scheme:
        """A new scheme version applies to cycles opened from now on."""
        numbered = replace(scheme, version=self.next_scheme_version).check()
        self._record(self.SchemeConfigured, stamp, scheme=numbered)
        return numbered

    @property
    def scheme(self) -> Scheme:
        return self.schemes[-1]

    @property
    def next_scheme_version(self) -> int:
        return self.scheme.version + 1

    def rubric(self, code: str, version: int) -> Rubric:
        try:
            return self.rubrics[rubric_key(code, version)]
        except KeyError:
            raise NotFound("rubric", rubric_key(code, version)) from None


SHIPPED = Stamp("perfledger", datetime(2000, 1, 1, tzinfo=UTC), datetime(2000, 1, 1, tzinfo=UTC))


def shipped_catalogue() -> ReviewCatalogue:
    """The catalogue before anything was published: shipped rubrics, default scheme.

    Only read, never saved: the first publication starts the stored catalogue.
    """
    return ReviewCatalogue.start(SHIPPED)
