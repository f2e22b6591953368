"""DOMAIN.md §2 Democratic Evaluation: bands, the 50% weight, two rounds a year."""

from decimal import Decimal

import pytest

from party_points.scoring import (
	BASICALLY_QUALIFIED,
	EXCELLENT,
	QUALIFIED,
	UNQUALIFIED,
	BandError,
	Evaluation,
	UnknownCodeError,
	check_evaluation,
	evaluation_points,
)
from party_points.scoring.errors import ScoringError


@pytest.mark.parametrize(
	("grade", "inside", "outside"),
	[
		(EXCELLENT, [23, 24, 25], [22, "25.5"]),
		(QUALIFIED, [15, 18, 22], [14, 23]),
		(BASICALLY_QUALIFIED, [0, 7, 14], [15, -1]),
		(UNQUALIFIED, [0], [1, "0.5"]),
	],
)
def test_score_must_lie_in_the_grade_band(scheme, grade, inside, outside):
	for score in inside:
		assert check_evaluation(scheme, grade, score) == Decimal(str(score))
	for score in outside:
		with pytest.raises(BandError):
			check_evaluation(scheme, grade, score)


def test_band_error_message(scheme):
	with pytest.raises(BandError, match="A score of 22 is outside the band 23 to 25 of the grade Excellent"):
		check_evaluation(scheme, EXCELLENT, 22)


def test_unknown_grade(scheme):
	with pytest.raises(UnknownCodeError):
		check_evaluation(scheme, "Outstanding", 24)


def test_each_evaluation_counts_fifty_percent(scheme):
	total = evaluation_points(
		scheme, [Evaluation.of("mid_year", EXCELLENT, 24), Evaluation.of("year_end", QUALIFIED, 20)]
	)
	assert total.points == Decimal(12) + Decimal(10)
	assert total.weights == {"mid_year": Decimal("0.5"), "year_end": Decimal("0.5")}


def test_two_top_evaluations_give_at_most_25(scheme):
	total = evaluation_points(
		scheme, [Evaluation.of("mid_year", EXCELLENT, 25), Evaluation.of("year_end", EXCELLENT, 25)]
	)
	assert total.points == 25


def test_a_missing_evaluation_counts_zero(scheme):
	total = evaluation_points(scheme, [Evaluation.of("mid_year", EXCELLENT, 24)])
	assert total.points == 12


def test_unqualified_evaluation_scores_nothing(scheme):
	total = evaluation_points(
		scheme, [Evaluation.of("mid_year", UNQUALIFIED, 0), Evaluation.of("year_end", QUALIFIED, 16)]
	)
	assert total.points == 8


def test_member_who_joined_in_the_second_half_has_the_year_end_round_at_full_weight(scheme):
	total = evaluation_points(scheme, [Evaluation.of("year_end", QUALIFIED, 20)], member_quarters=[3, 4])
	assert total.weights == {"year_end": Decimal(1)}
	assert total.points == 20


def test_second_evaluation_in_the_same_round_is_refused(scheme):
	with pytest.raises(ScoringError, match="more than one mid_year evaluation"):
		evaluation_points(
			scheme, [Evaluation.of("mid_year", QUALIFIED, 20), Evaluation.of("mid_year", QUALIFIED, 21)]
		)


def test_out_of_band_evaluation_is_refused_when_totalled(scheme):
	with pytest.raises(BandError):
		evaluation_points(scheme, [Evaluation.of("mid_year", QUALIFIED, 24)])
