"""Who takes part in a programme, their figures, and where each stands.

The same reading serves the live scoreboard while the period runs and the
decision at close, so what people watched is what they are judged by.
Contestants are read from the organisation as it was during the period: the
people named who worked some day of it, the members of the teams named who sat
in them some day of it, or the teams themselves for a team programme.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from domain.awards import Level
from domain.incentives import Decision, Group, Terms
from domain.measure_catalogue import MeasureName, Subject, SubjectKind
from domain.organisation import Organisation, Role
from domain.periods import PeriodKey
from domain.standings import Entry, Rule, RuleKind, Standing, decide, improvements, standings
from domain.standings import winners as winners_of
from domain.values import DateRange
from services.measures import MeasureSource

OrganisationSource = Callable[[], Organisation]


def span_of(period: PeriodKey) -> DateRange:
    return DateRange(period.starts_on, period.ends_on)


@dataclass(frozen=True)
class Contestant:
    subject: Subject
    group: str | None = None


@dataclass
class Contest:
    measures: MeasureSource
    organisation: OrganisationSource

    def contestants(self, terms: Terms, period: PeriodKey) -> list[Contestant]:
        kind = SubjectKind.TEAM if terms.level == Level.TEAM else SubjectKind.PERSON
        if terms.groups:
            return [
                Contestant(Subject(kind, member), group.name)
                for group in terms.groups
                for member in group.members
            ]
        if kind is SubjectKind.TEAM:
            return [Contestant(Subject.team(t)) for t in terms.teams]
        return [Contestant(Subject.person(p)) for p in self.people(terms, period)]

    def people(self, terms: Terms, period: PeriodKey) -> list[str]:
        """The people an individual programme covers during the period: those it names,
        and the reps of the teams it names (a team's manager coaches the contest, and is
        not a contestant unless named)."""
        org, span = self.organisation(), span_of(period)
        found = {p for p in terms.people if org.employed_during(p, span)}
        for team_id in terms.teams:
            found |= {
                p for p in org.members_during(team_id, span) if Role.REP in org.person(p).roles
            }
        return sorted(found)

    def standings(self, terms: Terms, period: PeriodKey) -> list[Standing]:
        """Where everyone stands now; ``won`` marks who would win if the period closed now
        (a draft without its rule is only ranked)."""
        better, entries = terms.measure_name.better, self.entries(terms, period)
        if terms.rule is None:
            return standings(entries, better)
        return decide(terms.rule, better, entries)

    def entries(self, terms: Terms, period: PeriodKey) -> list[Entry]:
        measure, rule = terms.measure_name, terms.rule
        earlier = period.earlier(rule.lookback or 0) if rule and _improving(rule) else []
        return [
            Entry(
                c.subject.subject_id,
                self.measures.value(measure, c.subject, period),
                tuple(self.measures.history(measure, c.subject, earlier)) if earlier else (),
                c.group,
            )
            for c in self.contestants(terms, period)
        ]

    def decision(self, terms: Terms, period: PeriodKey, position: int) -> Decision:
        """The rule's verdict with every figure it used, read as at ``position``."""
        assert terms.rule is not None
        found = self.standings(terms, period)
        winners = winners_of(found)
        members: tuple[Group, ...] = ()
        if terms.level == Level.TEAM:
            org, span = self.organisation(), span_of(period)
            members = tuple(Group(t, tuple(sorted(org.members_during(t, span)))) for t in winners)
        return Decision(
            name=terms.name,
            level=terms.level,
            measure=terms.measure,
            better=terms.measure_name.better.value,
            rule=terms.rule,
            as_of_position=position,
            standings=tuple(found),
            winners=winners,
            award_code=terms.award_code,
            members=members,
        )

    # --- leaderboards -----------------------------------------------------------------

    def team_board(self, team_id: str, period: PeriodKey, measure: MeasureName) -> list[Standing]:
        """The people who sat in the team during the period, ranked on the measure."""
        return standings(self._members(team_id, period, measure, []), measure.better)

    def improved_board(
        self, team_id: str, period: PeriodKey, measure: MeasureName, lookback: int
    ) -> list[Standing]:
        """The same people, each against their own average over the earlier periods."""
        earlier = period.earlier(lookback)
        return improvements(self._members(team_id, period, measure, earlier), measure.better)

    def _members(
        self, team_id: str, period: PeriodKey, measure: MeasureName, earlier: list[PeriodKey]
    ) -> list[Entry]:
        people = sorted(self.organisation().members_during(team_id, span_of(period)))
        entries = []
        for person_id in people:
            person = Subject.person(person_id)
            history = self.measures.history(measure, person, earlier) if earlier else []
            value = self.measures.value(measure, person, period)
            entries.append(Entry(person_id, value, tuple(history)))
        return entries


def _improving(rule: Rule) -> bool:
    return rule.kind == RuleKind.MOST_IMPROVED
