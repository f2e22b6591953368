"""DOMAIN.md §2 Reward: catalogue amounts, "other" up to 10, the yearly cap of 10 with excess kept."""

from decimal import Decimal

import pytest

from party_points.scoring import (
	CapError,
	RewardClaim,
	UnknownCodeError,
	claim_points,
	render_trail,
	score_rewards,
)


@pytest.mark.parametrize(
	("code", "points"),
	[
		("article_internal", 2),
		("article_external", 5),
		("commendation_group", 5),
		("commendation_regional", 4),
		("commendation_company", 3),
	],
)
def test_catalogue_amounts(scheme, code, points):
	assert claim_points(scheme, code) == points
	assert score_rewards(scheme, [RewardClaim.of(code)]).counted == points


def test_a_fixed_reward_cannot_be_claimed_at_another_amount(scheme):
	with pytest.raises(CapError, match="worth 5 points, not 6"):
		claim_points(scheme, "article_external", 6)


def test_other_reward_up_to_ten(scheme):
	assert claim_points(scheme, "other", "7.5") == Decimal("7.5")
	assert claim_points(scheme, "other", 10) == 10
	with pytest.raises(CapError, match="other must be between 0 and 10, not 11"):
		claim_points(scheme, "other", 11)
	with pytest.raises(CapError):
		claim_points(scheme, "other", 0)
	with pytest.raises(CapError, match="needs an amount"):
		claim_points(scheme, "other")


def test_yearly_cap_of_ten_keeps_the_excess(scheme):
	claims = [
		RewardClaim.of("article_external", ref="R1"),
		RewardClaim.of("commendation_regional", ref="R2"),
		RewardClaim.of("commendation_company", ref="R3"),
	]
	result = score_rewards(scheme, claims)
	assert (result.claimed, result.counted, result.excess, result.capped) == (12, 10, 2, True)
	assert [(line.ref, line.counted, line.excess) for line in result.lines] == [
		("R1", 5, 0),
		("R2", 4, 0),
		("R3", 1, 2),
	]
	assert render_trail(result.trail(scheme)).splitlines() == [
		"Reward Article published in an outside journal: 5 points",
		"Reward Commendation by the regional branch company: 4 points",
		"Reward Commendation by the pipeline company: 3 points, 1 counted, 2 over the yearly cap of 10",
	]


def test_under_the_cap_nothing_is_flagged(scheme):
	result = score_rewards(
		scheme, [RewardClaim.of("article_internal"), RewardClaim.of("commendation_company")]
	)
	assert (result.counted, result.excess, result.capped) == (5, 0, False)


def test_unknown_reward(scheme):
	with pytest.raises(UnknownCodeError):
		score_rewards(scheme, [RewardClaim.of("lottery")])
