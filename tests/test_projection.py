"""DOMAIN.md §7: the projected annual grade, with its figures.

The mean of the quarters scored so far stands for each missing quarter of membership; a round not held
yet counts the member's last round score, or nothing when none is held (and the result says which);
rewards count as far as counted so far. For each better grade: the Daily Conduct needed per remaining
quarter, or why it cannot be reached.
"""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from party_points.scoring import (
	BASICALLY_QUALIFIED,
	EVALUATION,
	EXCELLENT,
	HELD,
	LAST_ROUND,
	NONE_HELD,
	QUALIFIED,
	REWARD,
	UNQUALIFIED,
	Posted,
	default_scheme,
	project_year,
	render_trail,
	score_year,
)

ALL = (1, 2, 3, 4)


def evaluation(round_code, score, quarter):
	"""An evaluation entry as the ledger holds it: the score × the round's weight (50%)."""
	return Posted.of(EVALUATION, round_code, Decimal(score) / 2, quarter)


def reward(code, points, quarter=1, ref=""):
	return Posted.of(REWARD, code, points, quarter, ref)


def targets(projection):
	return {t.grade: (t.per_quarter, t.reason) for t in projection.targets}


def test_the_mean_fills_the_missing_quarters_and_the_last_round_the_missing_round(scheme):
	p = project_year(
		scheme,
		2026,
		{1: 60, 2: 64},
		ALL,
		[evaluation("mid_year", 20, 2), reward("commendation_company", 3)],
	)
	assert (p.scored, p.remaining, p.mean) == ((1, 2), (3, 4), 62)
	assert p.daily_conduct == 62  # (60 + 64 + 62 + 62) / 4
	assert p.evaluation_so_far == 10  # mid-year 20 × 50%
	assert p.evaluation_basis == LAST_ROUND
	assert (p.held_rounds, p.assumed_rounds, p.assumed_score) == (("mid_year",), ("year_end",), 20)
	assert p.evaluation == 20  # 20 × 50% + 20 (assumed) × 50%
	assert p.reward == 3
	assert (p.score, p.grade) == (85, QUALIFIED)
	# Excellent from 90: (90 − 20 − 3) × 4 − (60 + 64) = 144 over two quarters = 72 each.
	assert targets(p) == {EXCELLENT: (72, "")}
	assert p.next_target.grade == EXCELLENT and p.next_target.per_quarter == 72


def test_no_round_held_counts_nothing_and_says_so(scheme):
	p = project_year(scheme, 2026, {1: 50}, ALL)
	assert p.evaluation_basis == NONE_HELD
	assert (p.evaluation_so_far, p.evaluation, p.assumed_rounds, p.assumed_score) == (0, 0, (), None)
	assert (p.daily_conduct, p.score, p.grade) == (50, 50, UNQUALIFIED)
	# Basically Qualified from 60: (60 × 4 − 50) / 3 = 63.33…, rounded up to the cent.
	assert targets(p) == {
		BASICALLY_QUALIFIED: (Decimal("63.34"), ""),
		QUALIFIED: (None, "awaits_evaluation"),  # (80 × 4 − 50) / 3 = 90 > 75
		EXCELLENT: (None, "awaits_evaluation"),
	}
	assert p.next_target.grade == BASICALLY_QUALIFIED
	text = render_trail(list(p.trail))
	assert "No evaluation round has been held yet; the evaluation counts nothing so far" in text
	assert "Basically Qualified (from 60): 63.34 Daily Conduct points in each remaining quarter" in text
	assert (
		"Qualified (from 80): out of reach with Daily Conduct alone until an evaluation round is held" in text
	)


def test_the_needed_points_reach_the_grade_by_the_exact_sum_not_by_rounding(scheme):
	p = project_year(scheme, 2026, {1: 50}, ALL)
	needed = p.next_target.per_quarter
	year = score_year(scheme, 2026, {1: 50, 2: needed, 3: needed, 4: needed})
	assert year.grade == BASICALLY_QUALIFIED and year.total == Decimal("60.01")
	# A cent less is 59.9975, which the rating's half-up rounding would still carry to 60: the figure shown
	# is the one that reaches the grade without relying on that (63.34, not 63.33).
	short = needed - Decimal("0.01")
	assert (50 + 3 * short) / 4 < 60
	# Whole figures stay whole: two quarters of 60 scored, 64 in each of the other two make 62 + 18 = 80.
	p = project_year(scheme, 2026, {1: 60, 2: 60}, ALL, [evaluation("mid_year", 18, 2)])
	assert (p.score, p.grade, p.next_target.grade, p.next_target.per_quarter) == (
		78,
		BASICALLY_QUALIFIED,
		QUALIFIED,
		64,
	)


def test_all_rounds_held(scheme):
	p = project_year(
		scheme,
		2026,
		{1: 70, 2: 70, 3: 70},
		ALL,
		[evaluation("mid_year", 23, 2), evaluation("year_end", 24, 4)],
	)
	assert p.evaluation_basis == HELD
	assert (p.evaluation_so_far, p.evaluation) == (Decimal("23.5"), Decimal("23.5"))
	assert (p.score, p.grade) == (Decimal("93.5"), EXCELLENT)
	assert p.targets == () and p.next_target is None


def test_the_last_round_held_is_the_latest_one(scheme):
	# Only the year-end round is held (the mid-year one was missed): it stands for the mid-year round.
	p = project_year(scheme, 2026, {1: 60, 2: 60, 3: 60}, ALL, [evaluation("year_end", 14, 4)])
	assert (p.held_rounds, p.assumed_rounds, p.assumed_score) == (("year_end",), ("mid_year",), 14)
	assert (p.evaluation_so_far, p.evaluation) == (7, 14)
	assert (p.score, p.grade) == (74, BASICALLY_QUALIFIED)
	# Qualified: (80 − 14) × 4 − 180 = 84 in the one quarter left: more than 75.
	assert targets(p) == {QUALIFIED: (None, "above_cap"), EXCELLENT: (None, "above_cap")}
	assert "Qualified (from 80): out of reach with Daily Conduct alone" in render_trail(list(p.trail))


def test_rewards_count_as_far_as_counted_so_far_with_the_excess_apart(scheme):
	p = project_year(
		scheme,
		2026,
		{1: 60},
		ALL,
		[reward("other", 8, 1, "a"), reward("article_external", 5, 1, "b"), evaluation("mid_year", 20, 2)],
	)
	assert (p.reward, p.reward_excess) == (10, 3)
	assert (p.score, p.grade) == (90, EXCELLENT)  # 60 + 20 + 10
	assert "Reward counted so far: 10 (3 over the yearly cap, not counted)" in render_trail(list(p.trail))


def test_a_mid_year_joiner_is_projected_over_their_quarters_and_rounds(scheme):
	# Joined in Q3: the year-end round alone counts, with its weight scaled to 1.
	p = project_year(scheme, 2026, {3: 66}, (3, 4), [reward("other", 10, 3)])
	assert (p.scored, p.remaining, p.daily_conduct) == ((3,), (4,), 66)
	assert p.evaluation_basis == NONE_HELD
	assert (p.score, p.grade) == (76, BASICALLY_QUALIFIED)
	# Qualified: (80 − 0 − 10) × 2 − 66 = 74 in Q4; Excellent would take 94.
	assert targets(p) == {QUALIFIED: (74, ""), EXCELLENT: (None, "awaits_evaluation")}
	p = project_year(scheme, 2026, {3: 66}, (3, 4), [evaluation("year_end", 20, 4)])
	assert (p.evaluation_basis, p.evaluation) == (HELD, 20)  # 20 × 100%
	# A quarter outside the membership is ignored.
	assert project_year(scheme, 2026, {1: 10, 3: 66}, (3, 4)).scored == (3,)


def test_mean_over_all_quarters_counts_a_quarter_outside_membership_as_zero():
	scheme = default_scheme().with_changes(aggregation="mean_all_quarters")
	p = project_year(scheme, 2026, {3: 70}, (3, 4))
	assert p.daily_conduct == 35  # (70 + 70) / 4
	# Basically Qualified: 60 × 4 − 70 = 170 in Q4: out of reach.
	assert targets(p)[BASICALLY_QUALIFIED] == (None, "awaits_evaluation")


def test_no_quarter_scored_yet_gives_no_projection_but_the_targets(scheme):
	p = project_year(scheme, 2026, {}, ALL, [evaluation("mid_year", 22, 2)])
	assert (p.mean, p.daily_conduct, p.score, p.grade, p.next_target) == (None, None, None, None, None)
	assert p.evaluation == 22
	# From the evaluation (22) alone: Qualified (80 − 22) = 58 a quarter, Excellent 68, Basically Qualified 38.
	assert targets(p) == {BASICALLY_QUALIFIED: (38, ""), QUALIFIED: (58, ""), EXCELLENT: (68, "")}
	assert "No quarter of 2026 has been scored yet, so there is no projection" in render_trail(list(p.trail))


def test_the_veto_leaves_nothing_to_reach(scheme):
	p = project_year(scheme, 2026, {1: 75, 2: 75}, ALL, [evaluation("mid_year", 25, 2)], violation=True)
	assert (p.score, p.score_grade, p.grade, p.vetoed) == (100, EXCELLENT, UNQUALIFIED, True)
	assert {t.reason for t in p.targets} == {"veto"} and len(p.targets) == 3
	assert "A confirmed violation this year makes the grade Unqualified" in render_trail(list(p.trail))


def test_a_year_fully_scored_has_no_quarter_left(scheme):
	p = project_year(scheme, 2026, {1: 60, 2: 60, 3: 60, 4: 60}, ALL, [evaluation("mid_year", 20, 2)])
	assert p.remaining == () and (p.score, p.grade) == (80, QUALIFIED)
	assert targets(p) == {EXCELLENT: (None, "no_quarter_left")}


@given(
	totals=st.lists(st.integers(0, 75), min_size=1, max_size=4),
	mid=st.one_of(st.none(), st.integers(0, 25)),
	end=st.one_of(st.none(), st.integers(0, 25)),
	rewards=st.lists(st.sampled_from(["article_internal", "commendation_company"]), max_size=4),
)
def test_with_everything_known_the_projection_is_the_annual_rating(totals, mid, end, rewards):
	scheme = default_scheme()
	quarters = dict(enumerate(totals, start=1))
	posted = [reward(code, scheme.reward_type(code).points, 1, str(i)) for i, code in enumerate(rewards)]
	if mid is not None:
		posted.append(evaluation("mid_year", mid, 2))
	if end is not None:
		posted.append(evaluation("year_end", end, 4))
	members = tuple(quarters)
	p = project_year(scheme, 2026, quarters, members, posted)
	year = score_year(scheme, 2026, quarters, member_quarters=members, posted=posted)
	if p.evaluation_basis == HELD:
		assert (p.score, p.grade) == (year.total, year.grade)
	assert p.reward == year.reward and p.evaluation_so_far == year.evaluation
	assert p.remaining == () and all(t.reason == "no_quarter_left" for t in p.targets)


@given(
	scored=st.lists(st.integers(0, 75), min_size=1, max_size=3),
	mid=st.integers(0, 25),
	other=st.integers(0, 10),
)
def test_filling_the_remaining_quarters_with_the_needed_points_reaches_each_target(scored, mid, other):
	scheme = default_scheme()
	quarters = dict(enumerate(scored, start=1))
	posted = [evaluation("mid_year", mid, 2)] + ([reward("other", other)] if other else [])
	p = project_year(scheme, 2026, quarters, ALL, posted)
	assumed = [*posted, *(evaluation(code, p.assumed_score, 4) for code in p.assumed_rounds)]
	for target in p.targets:
		if not target.reachable:
			assert target.reason == "above_cap"
			continue
		filled = {**quarters, **dict.fromkeys(p.remaining, target.per_quarter)}
		year = score_year(scheme, 2026, filled, posted=assumed)
		assert year.total >= target.score, (target, year.total)
		if target.per_quarter > 0:  # a cent less in each remaining quarter no longer reaches it by the sum
			short = {**quarters, **dict.fromkeys(p.remaining, target.per_quarter - Decimal("0.01"))}
			exact = sum(Decimal(v) for v in short.values()) / 4 + p.evaluation + p.reward
			assert exact < target.score
