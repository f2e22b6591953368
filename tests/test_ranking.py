"""Leaderboards: ranks with ties, mean and median, grade shares, participation."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from party_points.scoring import BASICALLY_QUALIFIED, EXCELLENT, QUALIFIED, UNQUALIFIED
from party_points.scoring.ranking import (
	competition_ranks,
	grade_change,
	grade_counts,
	grade_shares,
	mean,
	median,
	participation_rate,
	standing,
)


def test_ties_share_a_rank_and_the_next_rank_skips():
	ranks = competition_ranks({"a": 90, "b": 85, "c": 90, "d": 70, "e": "85.00"})
	assert ranks == {"a": 1, "b": 3, "c": 1, "d": 5, "e": 3}


def test_no_score_no_rank():
	assert competition_ranks({"a": None, "b": 1}) == {"a": None, "b": 1}
	assert competition_ranks({}) == {}


def test_equal_to_the_cent_ties():
	assert competition_ranks({"a": Decimal("44.10"), "b": 44.1}) == {"a": 1, "b": 1}


@given(st.dictionaries(st.integers(), st.integers(min_value=0, max_value=110), max_size=30))
def test_ranks_are_competition_ranks(scores):
	ranks = competition_ranks(scores)
	for key, value in scores.items():
		assert ranks[key] == 1 + sum(1 for other in scores.values() if other > value)


def test_mean_and_median():
	assert mean([80, 90, 85]) == Decimal("85.00")
	assert median([80, 90, 85]) == Decimal("85.00")
	assert median([80, 90, 85, 70]) == Decimal("82.50")
	assert mean([1, 2]) == Decimal("1.50")
	assert mean([Decimal("0.005")]) == Decimal("0.01")  # half up, as every shown figure
	assert mean([]) is None and median([]) is None


def test_grade_shares_in_grade_order():
	grades = [EXCELLENT, QUALIFIED, QUALIFIED, UNQUALIFIED, None]
	assert list(grade_counts(grades).items()) == [
		(EXCELLENT, 1),
		(QUALIFIED, 2),
		(BASICALLY_QUALIFIED, 0),
		(UNQUALIFIED, 1),
	]
	assert grade_shares(grades) == {
		EXCELLENT: Decimal("25.00"),
		QUALIFIED: Decimal("50.00"),
		BASICALLY_QUALIFIED: Decimal("0.00"),
		UNQUALIFIED: Decimal("25.00"),
	}
	assert grade_shares([QUALIFIED] * 2 + [EXCELLENT])[QUALIFIED] == Decimal("66.67")
	assert set(grade_shares([]).values()) == {Decimal(0)}


def test_participation_leaves_out_excused_absences():
	assert participation_rate(attended=8, records=10, excused=2) == Decimal("100.00")
	assert participation_rate(attended=2, records=3) == Decimal("66.67")
	assert participation_rate(0, 2, 2) is None
	assert participation_rate(0, 0) is None


def test_a_branch_standing():
	result = standing([70, 90, 80, 85])
	assert (result.size, result.mean, result.median, result.highest, result.lowest) == (
		4,
		Decimal("81.25"),
		Decimal("82.50"),
		Decimal("90.00"),
		Decimal("70.00"),
	)
	assert standing([]).mean is None


@pytest.mark.parametrize(
	("before", "after", "change"),
	[
		(QUALIFIED, EXCELLENT, 1),
		(UNQUALIFIED, QUALIFIED, 2),
		(EXCELLENT, BASICALLY_QUALIFIED, -2),
		(QUALIFIED, QUALIFIED, 0),
		(None, QUALIFIED, 0),
	],
)
def test_grade_change(before, after, change):
	assert grade_change(before, after) == change
