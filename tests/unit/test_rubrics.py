"""Rubrics: the gate rule, 0/1 behaviours, and a case behind every point."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import InvalidInput, RuleBroken
from domain.rubrics import MarkClaim, check_gate, merge_scores, score_claims, total
from domain.standard_rubrics import FIVE_VALUES, SIX_VALUES

DAY = date(2025, 2, 1)


def claim(
    value: str, rank: int, what: str = "closed the Acme renewal", where: str = "CRM 42"
) -> MarkClaim:
    return MarkClaim(value, rank, what, DAY, where)


def test_the_shipped_rubrics_are_well_formed() -> None:
    assert SIX_VALUES.check().max_total == 30
    assert FIVE_VALUES.check().max_total == 20
    assert [len(v.behaviours) for v in SIX_VALUES.values] == [5] * 6
    assert [len(v.behaviours) for v in FIVE_VALUES.values] == [4] * 5


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(1, 5)))
def test_gate_rule_counts_a_level_only_when_every_level_below_is_met(levels: set[int]) -> None:
    claims = [claim("teamwork", r) for r in levels]
    contiguous = levels == set(range(1, len(levels) + 1))
    if contiguous:
        scores = score_claims(SIX_VALUES, "r1", claims, every_value=True)
        by_value = {s.value: s.score for s in scores}
        assert by_value["teamwork"] == len(levels)
        assert total(scores) == len(levels)
        assert sum(len(s.marks) for s in scores) == total(scores)  # one case per point
    else:
        with pytest.raises(RuleBroken, match="gate rule"):
            score_claims(SIX_VALUES, "r1", claims, every_value=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 8), max_size=8))
def test_check_gate_accepts_exactly_the_prefixes(ranks: list[int]) -> None:
    if sorted(ranks) == list(range(1, len(ranks) + 1)):
        assert check_gate("v", ranks) == len(ranks)
    else:
        with pytest.raises(RuleBroken):
            check_gate("v", ranks)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([v.code for v in FIVE_VALUES.values]), st.sets(st.integers(1, 4))
    )
)
def test_behaviours_score_one_point_each_in_any_order(chosen: dict[str, set[int]]) -> None:
    claims = [claim(value, r) for value, ranks in chosen.items() for r in ranks]
    scores = score_claims(FIVE_VALUES, "r1", claims, every_value=True)
    assert total(scores) == sum(len(r) for r in chosen.values())
    assert 0 <= total(scores) <= FIVE_VALUES.max_total
    assert [s.value for s in scores] == [v.code for v in FIVE_VALUES.values]


@pytest.mark.parametrize(
    ("claims", "error", "message"),
    [
        ([claim("teamwork", 1, what=" ")], RuleBroken, "every point needs its case"),
        ([claim("teamwork", 1, where="")], RuleBroken, "every point needs its case"),
        ([claim("teamwork", 1), claim("teamwork", 1)], RuleBroken, "marked once"),
        ([claim("teamwork", 6)], InvalidInput, "no behaviour 6"),
        ([claim("kindness", 1)], InvalidInput, "not a value"),
        ([claim("teamwork", 1, what="x\x00")], InvalidInput, "control"),
    ],
)
def test_bad_marks_are_refused(
    claims: list[MarkClaim], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        score_claims(SIX_VALUES, "r1", claims, every_value=True)


def test_cases_are_text_about_the_person_assessed() -> None:
    scores = score_claims(SIX_VALUES, "r7", [claim("integrity", 1)], every_value=False)
    case = scores[0].marks[0].case
    assert (case.what.about, case.where.about, case.on) == ("r7", "r7", DAY)


def test_an_amendment_replaces_only_the_values_it_names() -> None:
    full = score_claims(
        SIX_VALUES, "r1", [claim("teamwork", 1), claim("passion", 1)], every_value=True
    )
    fix = score_claims(
        SIX_VALUES, "r1", [claim("teamwork", 1), claim("teamwork", 2)], every_value=False
    )
    merged = merge_scores(full, fix)
    assert {s.value: s.score for s in merged}["teamwork"] == 2
    assert {s.value: s.score for s in merged}["passion"] == 1
    assert total(merged) == 3


@pytest.mark.parametrize(
    "broken",
    [
        replace(SIX_VALUES, version=0),
        replace(SIX_VALUES, form="stars"),
        replace(SIX_VALUES, values=()),
        replace(SIX_VALUES, values=(SIX_VALUES.values[0], SIX_VALUES.values[0])),
        replace(
            SIX_VALUES,
            values=(replace(SIX_VALUES.values[0], behaviours=SIX_VALUES.values[0].behaviours[1:]),),
        ),
    ],
)
def test_a_malformed_rubric_is_refused(broken: object) -> None:
    with pytest.raises(InvalidInput):
        broken.check()  # type: ignore[attr-defined]
