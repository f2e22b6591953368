"""What the ledger takes, and the year to date read from it: one rule for the quarter and the year."""

from datetime import date
from decimal import Decimal

import pytest

from party_points.scoring import (
	DAILY_CONDUCT,
	EVALUATION,
	REWARD,
	CapError,
	Posted,
	UnknownCodeError,
	check_posting,
	default_scheme,
	posted_evaluations,
	score_year,
	was_member,
	year_to_date,
)

D = Decimal


@pytest.fixture
def scheme():
	return default_scheme()


def test_an_evaluation_entry_lies_between_zero_and_the_evaluation_cap(scheme):
	assert check_posting(scheme, EVALUATION, "mid_year", "12.5") == (D("12.5"), None)
	assert check_posting(scheme, EVALUATION, "mid_year", 25) == (D(25), None)
	with pytest.raises(CapError) as error:
		check_posting(scheme, EVALUATION, "mid_year", "25.5")
	assert error.value.params == {"what": "mid_year", "low": "0", "high": "25", "value": "25.5"}
	with pytest.raises(CapError):
		check_posting(scheme, EVALUATION, "mid_year", -1)
	with pytest.raises(UnknownCodeError):
		check_posting(scheme, EVALUATION, "third_round", 5)


def test_daily_conduct_and_reward_entries_name_their_dimension_or_none(scheme):
	item = scheme.items[0]
	assert check_posting(scheme, DAILY_CONDUCT, item.code, item.points) == (item.points, item.dimension)
	assert check_posting(scheme, REWARD, "article_internal", 2) == (D(2), None)
	with pytest.raises(UnknownCodeError):
		check_posting(scheme, "bonus", "x", 1)


def test_the_score_behind_an_evaluation_entry_is_its_points_over_the_rounds_weight(scheme):
	# mid_year 24 × 50% = 12 posted, year_end 18 × 50% = 9 posted in two entries (posted, then topped up)
	evaluations = posted_evaluations(scheme, [("mid_year", 12), ("year_end", 4), ("year_end", 5)])
	assert [(e.round, e.grade, e.score) for e in evaluations] == [
		("mid_year", None, 24),
		("year_end", None, 18),
	]


def test_year_to_date_counts_only_the_quarters_up_to_the_score(scheme):
	entries = [
		Posted.of(EVALUATION, "mid_year", 11, 2, "e1"),
		Posted.of(REWARD, "article_external", 5, 1, "r1"),
		Posted.of(REWARD, "commendation_group", 5, 3, "r2"),
		Posted.of(REWARD, "article_internal", 2, 3, "r3"),
		Posted.of(EVALUATION, "year_end", 10, 4, "e2"),
	]
	q1 = year_to_date(scheme, entries, (1, 2, 3, 4), 1)
	assert (q1.evaluation.points, q1.rewards.counted) == (0, 5)
	q2 = year_to_date(scheme, entries, (1, 2, 3, 4), 2)
	assert (q2.evaluation.points, q2.rewards.counted) == (11, 5)
	q3 = year_to_date(scheme, entries, (1, 2, 3, 4), 3)
	assert (q3.rewards.counted, q3.rewards.excess) == (10, 2)  # the year's cap of 10, the earliest first
	year = year_to_date(scheme, entries, (1, 2, 3, 4))
	assert year.evaluation.points == 21


def test_a_mid_year_joiner_counts_the_year_end_round_in_full(scheme):
	"""Joined in Q3: only the year-end round was theirs, so its weight is scaled from 50% to 100%."""
	entries = [Posted.of(EVALUATION, "year_end", 10, 4)]  # 20 × 50% as the evaluation posted it
	ytd = year_to_date(scheme, entries, (3, 4), 4)
	assert ytd.evaluation.points == 20
	assert ytd.evaluation.weights == {"year_end": 1}
	assert [line.template for line in ytd.evaluation.trail] == ["{round}: {score} × {weight}% = {points}"]
	# The year reads the same entries the same way.
	result = score_year(scheme, 2026, {3: 60, 4: 60}, member_quarters=(3, 4), posted=entries)
	assert (result.daily_conduct, result.evaluation, result.total) == (60, 20, 80)


def test_the_year_from_the_ledger_equals_the_year_from_the_evaluations(scheme):
	from party_points.scoring import Evaluation, RewardClaim

	by_results = score_year(
		scheme,
		2026,
		{1: 70, 2: 71, 3: 72, 4: 73},
		evaluations=[Evaluation.of("mid_year", "Excellent", 24), Evaluation.of("year_end", "Qualified", 21)],
		rewards=[RewardClaim.of("article_external", ref="r1")],
	)
	by_ledger = score_year(
		scheme,
		2026,
		{1: 70, 2: 71, 3: 72, 4: 73},
		posted=[
			Posted.of(EVALUATION, "mid_year", 12, 2),
			Posted.of(EVALUATION, "year_end", "10.5", 4),
			Posted.of(REWARD, "article_external", 5, 3, "r1"),
		],
	)
	assert (by_ledger.evaluation, by_ledger.reward, by_ledger.total) == (
		by_results.evaluation,
		by_results.reward,
		by_results.total,
	)
	assert by_ledger.total == D(99)  # 71.5 + 22.5 + 5


def test_a_round_the_scheme_no_longer_has_is_said_and_not_counted(scheme):
	ytd = year_to_date(scheme, [Posted.of(EVALUATION, "retired_round", 10, 2)], (1, 2, 3, 4))
	assert ytd.evaluation.points == 0
	assert [line.template for line in ytd.evaluation.trail][
		-1
	] == "{round}: not a round of the scheme, not counted"


@pytest.mark.parametrize(
	("joined", "left", "expected"),
	[
		(None, None, True),
		(date(2026, 6, 30), None, True),  # the last day of the quarter
		(date(2026, 7, 1), None, False),
		(None, date(2026, 4, 1), True),  # the first day of the quarter
		(None, date(2026, 3, 31), False),
	],
)
def test_membership_in_a_quarter_is_one_day_or_more(joined, left, expected):
	assert was_member(joined, left, date(2026, 4, 1), date(2026, 6, 30)) is expected
