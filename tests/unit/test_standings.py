"""Winners under each rule, checked against a straightforward count for any figures."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.measure_catalogue import Better
from domain.standings import Entry, Rule, decide, improvements, ranks, standings, winners

figures = st.one_of(st.none(), st.integers(-50, 50).map(Decimal))
entries = st.lists(
    st.tuples(figures, st.lists(figures, max_size=3), st.sampled_from(["a", "b", "c"])),
    max_size=12,
).map(
    lambda rows: [
        Entry(f"p{i}", value, tuple(history), group)
        for i, (value, history, group) in enumerate(rows)
    ]
)
directions = st.sampled_from([Better.HIGHER, Better.LOWER])


def _better(a: Decimal, b: Decimal, better: Better) -> bool:
    return a > b if better is Better.HIGHER else a < b


def _rank(score: Decimal, others: list[Decimal | None], better: Better) -> int:
    """1 + how many scored strictly better: ties share a place."""
    return 1 + sum(1 for o in others if o is not None and _better(o, score, better))


@settings(max_examples=150, deadline=None)
@given(entries, directions, st.integers(-50, 50).map(Decimal))
def test_threshold_winners_are_exactly_those_reaching_it(
    found: list[Entry], better: Better, threshold: Decimal
) -> None:
    decided = decide(Rule.of("threshold", threshold), better, found)
    expected = {
        e.subject_id
        for e in found
        if e.value is not None and (e.value == threshold or _better(e.value, threshold, better))
    }
    assert set(winners(decided)) == expected


@settings(max_examples=150, deadline=None)
@given(entries, directions, st.integers(1, 5))
def test_top_n_winners_are_those_with_fewer_than_n_better(
    found: list[Entry], better: Better, n: int
) -> None:
    decided = decide(Rule.of("top", count=n), better, found)
    values = [e.value for e in found]
    expected = {
        e.subject_id for e in found if e.value is not None and _rank(e.value, values, better) <= n
    }
    assert set(winners(decided)) == expected
    ranked = sum(1 for v in values if v is not None)
    assert len(expected) >= min(n, ranked)
    assert decide(Rule.of("top", count=n), better, list(reversed(found))) == decided


@settings(max_examples=150, deadline=None)
@given(entries, directions, st.integers(1, 3))
def test_most_improved_compares_each_with_their_own_past(
    found: list[Entry], better: Better, n: int
) -> None:
    decided = {s.subject_id: s for s in decide(Rule.of("most_improved", count=n), better, found)}
    scores: dict[str, Decimal | None] = {}
    for e in found:
        past = [h for h in e.history if h is not None]
        if e.value is None or not past:
            scores[e.subject_id] = None
            continue
        base = (sum(past, Decimal(0)) / len(past)).quantize(Decimal("0.0001"))
        scores[e.subject_id] = e.value - base if better is Better.HIGHER else base - e.value
    for subject, score in scores.items():
        assert decided[subject].score == score
        won = (
            score is not None
            and score > 0
            and _rank(score, list(scores.values()), Better.HIGHER) <= n
        )
        assert decided[subject].won == won, subject


@settings(max_examples=150, deadline=None)
@given(entries, directions)
def test_a_pk_is_won_by_the_best_of_each_group(found: list[Entry], better: Better) -> None:
    decided = decide(Rule.of("best_in_group"), better, found)
    for group in {e.group for e in found}:
        side = [e.value for e in found if e.group == group and e.value is not None]
        won = {s.subject_id for s in decided if s.group == group and s.won}
        if not side:
            assert won == set()  # nobody with a figure: nobody wins
            continue
        best = max(side) if better is Better.HIGHER else min(side)
        assert won == {e.subject_id for e in found if e.group == group and e.value == best}


@settings(max_examples=100, deadline=None)
@given(entries)
def test_less_is_better_ranks_as_more_of_the_negated_figures(found: list[Entry]) -> None:
    negated = [Entry(e.subject_id, None if e.value is None else -e.value) for e in found]
    lower = ranks([(e.subject_id, e.value) for e in found], Better.LOWER)
    assert lower == ranks([(e.subject_id, e.value) for e in negated], Better.HIGHER)


def test_boards_list_everyone_and_mark_ties_at_the_top() -> None:
    found = [
        Entry("a", Decimal(3)),
        Entry("b", Decimal(5)),
        Entry("c", None),
        Entry("d", Decimal(5)),
    ]
    board = standings(found, Better.HIGHER)
    assert [(s.subject_id, s.rank) for s in board] == [("b", 1), ("d", 1), ("a", 3), ("c", None)]
    improved = improvements([Entry("a", Decimal(3), (Decimal(1), None))], Better.LOWER)
    assert (improved[0].baseline, improved[0].score) == (Decimal("1.0000"), Decimal("-2.0000"))
