"""DOMAIN.md §4: annual score, grade boundaries, veto, outcomes, mentoring, a mid-year joiner."""

from decimal import Decimal

import pytest

from party_points.scoring import (
	AWARD_BUREAU,
	AWARD_DIVISION,
	AWARD_NONE,
	BASICALLY_QUALIFIED,
	EXCELLENT,
	QUALIFIED,
	UNQUALIFIED,
	Evaluation,
	NotRatedError,
	RewardClaim,
	membership_quarters,
	outcome_for,
	render_trail,
	score_year,
)

FULL = {1: 75, 2: 75, 3: 75, 4: 75}


def year_with_total(scheme, total, **kwargs):
	"""A year whose annual score is exactly ``total`` (Daily Conduct only, all four quarters equal)."""
	return score_year(scheme, 2026, {q: total for q in (1, 2, 3, 4)}, **kwargs)


def test_maximum_is_110(scheme):
	result = score_year(
		scheme,
		2026,
		FULL,
		evaluations=[Evaluation.of("mid_year", EXCELLENT, 25), Evaluation.of("year_end", EXCELLENT, 25)],
		rewards=[RewardClaim.of("other", 10), RewardClaim.of("article_external")],
	)
	assert (result.daily_conduct, result.evaluation, result.reward, result.total) == (75, 25, 10, 110)
	assert result.reward_excess == 5


def test_annual_score_is_the_mean_of_quarters_plus_evaluation_plus_reward(scheme):
	result = score_year(
		scheme,
		2026,
		{1: 60, 2: 65, 3: 70, 4: 71},
		evaluations=[Evaluation.of("mid_year", QUALIFIED, 20), Evaluation.of("year_end", QUALIFIED, 18)],
		rewards=[RewardClaim.of("commendation_company")],
	)
	assert result.daily_conduct == Decimal("66.5")
	assert result.evaluation == 19
	assert result.reward == 3
	assert result.total == Decimal("88.5")
	assert result.grade == QUALIFIED


def year_of_total(scheme, total):
	"""A year that adds up to ``total``: Daily Conduct first, then the "other" reward, then evaluation."""
	total = Decimal(total)
	daily = min(total, Decimal(75))
	reward = min(total - daily, Decimal(10))
	evaluation = total - daily - reward
	grade = next(b.grade for b in scheme.evaluation_bands if b.low <= evaluation <= b.high)
	return score_year(
		scheme,
		2026,
		{q: daily for q in (1, 2, 3, 4)},
		evaluations=[
			Evaluation.of("mid_year", grade, evaluation),
			Evaluation.of("year_end", grade, evaluation),
		],
		rewards=[RewardClaim.of("other", reward)] if reward else [],
	)


@pytest.mark.parametrize(
	("total", "grade"),
	[
		("0", UNQUALIFIED),
		("59.99", UNQUALIFIED),
		("60", BASICALLY_QUALIFIED),
		("79.99", BASICALLY_QUALIFIED),
		("80", QUALIFIED),
		("89.99", QUALIFIED),
		("90", EXCELLENT),
		("110", EXCELLENT),
	],
)
def test_grade_boundaries(scheme, total, grade):
	result = year_of_total(scheme, total)
	assert result.total == Decimal(total)
	assert result.grade == grade


def test_no_float_drift_at_the_boundaries(scheme):
	# 3 × 0.1 is 0.30000000000000004 in floats; the core adds decimals exactly.
	result = score_year(scheme, 2026, {1: "59.9", 2: "60.1", 3: "60.0"}, member_quarters=[1, 2, 3])
	assert result.daily_conduct == Decimal("60.00")
	assert result.grade == BASICALLY_QUALIFIED
	result = score_year(
		scheme,
		2026,
		{1: "70.1", 2: "70.2", 3: "70.0"},
		member_quarters=[1, 2, 3],
		rewards=[RewardClaim.of("other", "9.9")],
	)
	assert result.total == Decimal("80.00")
	assert result.grade == QUALIFIED


def test_rounding_is_half_up_to_two_places_and_grades_the_rounded_score(scheme):
	# Daily Conduct (75 + 75 + 74.985) / 3 = 74.995 -> 75.00, half up.
	result = score_year(scheme, 2026, {1: 75, 2: 75, 3: "74.985"}, member_quarters=[1, 2, 3])
	assert result.daily_conduct == Decimal("75.00")
	# 80 + 9.995 = 89.995 -> 90.00: the grade is read from the rounded score people see.
	result = score_year(
		scheme,
		2026,
		FULL,
		evaluations=[
			Evaluation.of("mid_year", BASICALLY_QUALIFIED, 5),
			Evaluation.of("year_end", BASICALLY_QUALIFIED, 5),
		],
		rewards=[RewardClaim.of("other", "9.995")],
	)
	assert result.total == Decimal("90.00")
	assert result.grade == EXCELLENT


def test_veto_makes_any_score_unqualified(scheme):
	result = score_year(
		scheme,
		2026,
		FULL,
		evaluations=[Evaluation.of("mid_year", EXCELLENT, 25), Evaluation.of("year_end", EXCELLENT, 25)],
		violation=True,
	)
	assert result.total == 100
	assert result.score_grade == EXCELLENT
	assert result.vetoed is True
	assert result.grade == UNQUALIFIED
	assert result.outcome.award_level == AWARD_NONE
	assert result.outcome.admonition_talk is True


def test_veto_can_be_switched_off_in_the_scheme(scheme):
	result = score_year(scheme.with_changes(veto=False), 2026, FULL, violation=True)
	assert result.grade == BASICALLY_QUALIFIED
	assert result.vetoed is False


@pytest.mark.parametrize(
	("grade", "award", "promotion", "talk"),
	[
		(EXCELLENT, AWARD_BUREAU, True, False),
		(QUALIFIED, AWARD_DIVISION, False, False),
		(BASICALLY_QUALIFIED, AWARD_NONE, False, False),
		(UNQUALIFIED, AWARD_NONE, False, True),
	],
)
def test_outcome_per_grade(grade, award, promotion, talk):
	outcome = outcome_for(grade)
	assert (outcome.award_level, outcome.priority_promotion, outcome.admonition_talk, outcome.mentoring) == (
		award,
		promotion,
		talk,
		False,
	)


def test_unqualified_two_years_running_gets_mentoring(scheme):
	result = year_with_total(scheme, 50, previous_grade=UNQUALIFIED)
	assert result.grade == UNQUALIFIED
	assert result.outcome.mentoring is True
	assert result.outcome.admonition_talk is True
	assert year_with_total(scheme, 50, previous_grade=BASICALLY_QUALIFIED).outcome.mentoring is False
	assert year_with_total(scheme, 50).outcome.mentoring is False


def test_up_two_grades_on_last_year_is_recommended_for_division_awards():
	assert outcome_for(QUALIFIED, UNQUALIFIED).up_two_grades is True
	assert outcome_for(QUALIFIED, UNQUALIFIED).award_level == AWARD_DIVISION
	assert outcome_for(EXCELLENT, BASICALLY_QUALIFIED).up_two_grades is True
	assert outcome_for(QUALIFIED, BASICALLY_QUALIFIED).up_two_grades is False
	assert outcome_for(BASICALLY_QUALIFIED, UNQUALIFIED).up_two_grades is False
	assert outcome_for(BASICALLY_QUALIFIED, UNQUALIFIED).award_level == AWARD_NONE


def test_member_who_joined_mid_year_is_scored_over_their_quarters(scheme):
	from datetime import date

	quarters = membership_quarters(2026, date(2026, 8, 15))
	assert quarters == (3, 4)
	result = score_year(
		scheme,
		2026,
		{3: 60, 4: 70},
		member_quarters=quarters,
		evaluations=[Evaluation.of("year_end", QUALIFIED, 20)],
	)
	assert result.daily_conduct == 65
	assert result.evaluation == 20
	assert result.total == 85
	assert result.quarters == (3, 4)


def test_a_membership_quarter_without_entries_counts_the_starting_values(scheme):
	result = score_year(scheme, 2026, {1: 70}, member_quarters=[1, 2])
	assert result.daily_conduct == 42  # (70 + 14) / 2


def test_mean_all_quarters_aggregation_counts_missing_quarters_as_zero(scheme):
	result = score_year(
		scheme.with_changes(aggregation="mean_all_quarters"), 2026, {3: 60, 4: 70}, member_quarters=[3, 4]
	)
	assert result.daily_conduct == Decimal("32.5")


def test_a_year_with_no_membership_cannot_be_rated(scheme):
	with pytest.raises(NotRatedError):
		score_year(scheme, 2026, {}, member_quarters=[])


def test_membership_quarters_follow_join_and_leave_dates():
	from datetime import date

	assert membership_quarters(2026, None) == (1, 2, 3, 4)
	assert membership_quarters(2026, date(2025, 5, 1), date(2026, 4, 1)) == (1, 2)
	assert membership_quarters(2026, date(2026, 3, 31), date(2026, 3, 31)) == (1,)
	assert membership_quarters(2026, date(2027, 1, 1)) == ()


def test_the_year_explains_every_part_of_the_score(scheme):
	result = score_year(
		scheme,
		2026,
		{3: 60, 4: "62.5"},
		member_quarters=(3, 4),
		evaluations=[Evaluation.of("mid_year", QUALIFIED, 20), Evaluation.of("year_end", QUALIFIED, 18)],
		rewards=[RewardClaim.of("article_external")],
		violation=True,
	)
	assert render_trail(result.trail).splitlines() == [
		"Q3: Daily Conduct 60",
		"Q4: Daily Conduct 62.5",
		"Daily Conduct: 122.5 over 2 quarters = 61.25",
		"Year-end evaluation: Qualified 18 × 100% = 18",
		"mid_year: held outside the membership, not counted",
		"Reward Article published in an outside journal: 5 points",
		"Annual score 84.25: Qualified",
		"A confirmed violation this year makes the grade Unqualified",
	]


def test_a_round_not_held_for_the_member_is_explained(scheme):
	result = score_year(scheme, 2026, FULL)
	assert "Mid-year evaluation: not evaluated, counts 0" in render_trail(result.trail)
	assert result.trail is result.trail  # written once, when first asked for
