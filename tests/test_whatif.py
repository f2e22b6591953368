"""What-if: a year of the ledger re-scored under a draft scheme, beside the scheme that applied."""

from dataclasses import replace
from decimal import Decimal

import pytest

from party_points.scoring import (
	EVALUATION,
	EXCELLENT,
	QUALIFIED,
	REWARD,
	UNQUALIFIED,
	Entry,
	NotRatedError,
	Posted,
	default_scheme,
	score_quarter,
	score_year,
)
from party_points.scoring.scheme import GradeBand
from party_points.scoring.whatif import compare_year, reprice_daily, reprice_posted

D = Decimal
APPLIED = default_scheme()


def draft_with(**changes):
	"""The default scheme with some items, rewards, rounds or bands changed (by code or grade)."""
	scheme = APPLIED
	if "items" in changes:
		new = changes.pop("items")
		scheme = replace(
			scheme,
			items=tuple(
				replace(i, **new[i.code]) if i.code in new else i
				for i in scheme.items
				if new.get(i.code) != {}
			),
		)
	if "rewards" in changes:
		new = changes.pop("rewards")
		scheme = replace(
			scheme,
			reward_types=tuple(
				replace(r, **new[r.code]) if r.code in new else r for r in scheme.reward_types
			),
		)
	if "rounds" in changes:
		new = changes.pop("rounds")
		scheme = replace(
			scheme,
			evaluation_rounds=tuple(
				replace(r, **new[r.code]) if r.code in new else r for r in scheme.evaluation_rounds
			),
		)
	return replace(scheme, **changes)


def sums(*rows):
	"""Per-item sums as the ledger hands them over: (code, points, occurrences)."""
	return [Entry(code, D(points), occurrences=n) for code, points, n in rows]


QUARTER = sums(("SE-01", 10, 5), ("WA-01", 18, 1), ("DL-02", -2, 1))
# Applied: study 10, work 18, service 0, discipline 8-2=6, integrity 6 -> 40.


def test_an_unchanged_draft_changes_nothing():
	entries, dropped = reprice_daily(QUARTER, APPLIED, APPLIED)
	assert entries == QUARTER and dropped == set()
	result = compare_year(
		2025, APPLIED, dict.fromkeys((1, 2, 3, 4), APPLIED), APPLIED, {1: QUARTER}, [], (1, 2, 3, 4)
	)
	assert result.applied.total == result.draft.total and result.grade_change == 0 and result.difference == 0


def test_a_fixed_item_counts_the_drafts_points_per_occurrence():
	draft = draft_with(items={"SE-01": {"points": D(3), "quarter_limit": D(30)}})
	entries, _ = reprice_daily(QUARTER, APPLIED, draft)
	assert entries[0] == Entry("SE-01", D(15), occurrences=5)
	assert score_quarter(QUARTER, APPLIED).total == 40
	assert score_quarter(entries, draft).total == 45


def test_the_drafts_quarterly_limit_holds_the_sum():
	draft = draft_with(items={"SE-01": {"quarter_limit": D(6)}})
	entries, _ = reprice_daily(QUARTER, APPLIED, draft)
	assert score_quarter(entries, draft).total == 36


def test_a_variable_amount_counts_as_posted():
	# The application's Work Achievement (18 of a "1 point" item), and a recorder's amount other than the item's.
	draft = draft_with(items={"WA-01": {"points": D(2)}, "SE-04": {"points": D(2)}})
	entries, _ = reprice_daily(sums(("WA-01", 18, 1), ("SE-04", 3, 2)), APPLIED, draft)
	assert [(e.item, e.points) for e in entries] == [("WA-01", D(18)), ("SE-04", D(3))]


def test_a_deduction_counts_the_drafts_deduction():
	draft = draft_with(items={"DL-02": {"points": D(-4)}})
	entries, _ = reprice_daily(QUARTER, APPLIED, draft)
	assert score_quarter(entries, draft).total == 38


def test_an_item_the_draft_does_not_have_counts_nothing_and_is_named():
	draft = draft_with(items={"SE-01": {}})
	entries, dropped = reprice_daily(QUARTER, APPLIED, draft)
	assert dropped == {"SE-01"} and [e.item for e in entries] == ["WA-01", "DL-02"]
	assert score_quarter(entries, draft).total == 30


def test_a_changed_start_and_cap():
	dimensions = tuple(replace(d, start=D(0)) if d.code == "integrity" else d for d in APPLIED.dimensions)
	draft = replace(APPLIED, dimensions=dimensions)
	entries, _ = reprice_daily(QUARTER, APPLIED, draft)
	assert score_quarter(entries, draft).total == 34


def posted_year():
	return [
		Posted.of(EVALUATION, "mid_year", D("10.0"), 2, "ev1"),  # a score of 20, weighted 50%
		Posted.of(EVALUATION, "year_end", D("11.0"), 4, "ev2"),  # 22
		Posted.of(REWARD, "article_internal", 2, 1, "r1"),
		Posted.of(REWARD, "other", 6, 3, "r2"),
	]


def test_evaluations_keep_their_score_under_the_drafts_weights():
	draft = draft_with(rounds={"mid_year": {"weight": D("0.25")}, "year_end": {"weight": D("0.75")}})
	repriced, dropped = reprice_posted(posted_year(), APPLIED, draft)
	assert dropped == set()
	assert [e.points for e in repriced if e.part == EVALUATION] == [D(5), D("16.5")]
	applied = score_year(APPLIED, 2025, {}, (1, 2, 3, 4), posted=posted_year())
	assert applied.evaluation == 21  # 20 x 0.5 + 22 x 0.5
	moved = score_year(draft, 2025, {}, (1, 2, 3, 4), posted=repriced)
	assert moved.evaluation == D("21.50")  # 20 x 0.25 + 22 x 0.75


def test_rewards_count_the_drafts_amounts_and_cap():
	draft = draft_with(rewards={"article_internal": {"points": D(3)}, "other": {"points": D(4)}})
	repriced, _ = reprice_posted(posted_year(), APPLIED, draft)
	assert [e.points for e in repriced if e.part == REWARD] == [D(3), D(4)]
	assert score_year(draft, 2025, {}, (1, 2, 3, 4), posted=repriced).reward == 7
	capped = replace(draft, parts=tuple(replace(p, cap=D(5)) if p.code == REWARD else p for p in draft.parts))
	repriced, _ = reprice_posted(posted_year(), APPLIED, capped)
	assert score_year(capped, 2025, {}, (1, 2, 3, 4), posted=repriced).reward == 5


def test_a_reward_or_round_the_draft_does_not_have_counts_nothing():
	draft = replace(
		APPLIED,
		reward_types=tuple(r for r in APPLIED.reward_types if r.code != "other"),
		evaluation_rounds=tuple(
			replace(r, weight=D(1)) for r in APPLIED.evaluation_rounds if r.code == "year_end"
		),
	)
	repriced, dropped = reprice_posted(posted_year(), APPLIED, draft)
	assert dropped == {"other", "mid_year"}
	result = score_year(draft, 2025, {}, (1, 2, 3, 4), posted=repriced)
	assert (result.evaluation, result.reward) == (22, 2)


def test_a_year_side_by_side():
	"""Four quarters of 40 + evaluation 21 + reward 8 = 69 (Basically Qualified). The draft raises
	attendance to 4 points a session and starts Qualified at 75: 50 + 21 + 8 = 79, Qualified."""
	bands = (
		GradeBand(EXCELLENT, D(90), None),
		GradeBand(QUALIFIED, D(75), D(90)),
		GradeBand("Basically Qualified", D(60), D(75)),
		GradeBand(UNQUALIFIED, D(0), D(60)),
	)
	draft = replace(draft_with(items={"SE-01": {"points": D(4)}}), annual_bands=bands)
	quarters = dict.fromkeys((1, 2, 3, 4), APPLIED)
	daily = dict.fromkeys((1, 2, 3, 4), QUARTER)
	result = compare_year(2025, APPLIED, quarters, draft, daily, posted_year(), (1, 2, 3, 4))
	assert (result.applied.total, result.applied.grade) == (D(69), "Basically Qualified")
	assert (result.draft.daily_conduct, result.draft.total, result.draft.grade) == (D(50), D(79), QUALIFIED)
	assert result.difference == 10 and result.grade_change == 1 and result.dropped == ()


def test_each_quarter_is_priced_by_the_scheme_it_was_posted_under():
	# Q1 was scored by a scheme whose attendance was worth 1: its 5 entries of 1 re-price to the draft's 2.
	cheap = draft_with(items={"SE-01": {"points": D(1)}})
	daily = {1: sums(("SE-01", 5, 5)), 2: sums(("SE-01", 10, 5))}
	result = compare_year(2025, APPLIED, {1: cheap, 2: APPLIED}, APPLIED, daily, [], (1, 2))
	assert result.applied.daily_conduct == D("21.5")  # (19 + 24) / 2
	assert result.draft.daily_conduct == 24


def test_a_quarter_without_a_period_counts_each_schemes_starting_values():
	draft = replace(APPLIED, dimensions=tuple(replace(d, start=D(0)) for d in APPLIED.dimensions))
	result = compare_year(2025, APPLIED, {1: APPLIED}, draft, {1: QUARTER}, [], (1, 2))
	assert result.applied.daily_conduct == D(27)  # (40 + 14) / 2
	assert result.draft.daily_conduct == D(14)  # (28 + 0) / 2


def test_the_veto_follows_the_draft():
	no_veto = replace(APPLIED, veto=False)
	daily = dict.fromkeys((1, 2, 3, 4), sums(("SE-01", 20, 10), ("WA-01", 20, 1)))
	result = compare_year(
		2025,
		APPLIED,
		dict.fromkeys((1, 2, 3, 4), APPLIED),
		no_veto,
		daily,
		posted_year(),
		(1, 2, 3, 4),
		violation=True,
	)
	# 20 + 20 + 0 + 8 + 6 = 54 a quarter, + 21 + 8 = 83: Qualified, vetoed under the scheme that applied.
	assert result.applied.total == result.draft.total == 83
	assert result.applied.grade == UNQUALIFIED and result.draft.grade == QUALIFIED
	assert result.grade_change == 2


def test_a_member_in_no_quarter_is_not_rated():
	with pytest.raises(NotRatedError):
		compare_year(2025, APPLIED, {}, APPLIED, {}, [], ())


def test_the_applied_quarters_can_be_read_as_their_scores_recorded_them():
	"""The Annual Rating reads the quarters' recorded Daily Conduct; a quarter without a score is scored."""
	quarters = dict.fromkeys((1, 2), APPLIED)
	daily = {1: QUARTER, 2: QUARTER}
	result = compare_year(2025, APPLIED, quarters, APPLIED, daily, [], (1, 2), recorded={1: "44.5"})
	assert result.applied.daily_conduct == D("42.25")  # (44.5 + 40) / 2
	assert result.draft.daily_conduct == D(40)  # the draft always scores the entries
