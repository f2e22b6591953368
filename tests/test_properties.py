"""Hypothesis properties of the core: caps hold, order never matters, more never lowers, JSON survives."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from party_points.scoring import (
	DAILY_CONDUCT,
	EVALUATION,
	GRADES,
	REWARD,
	Entry,
	Evaluation,
	RewardClaim,
	default_scheme,
	score_quarter,
	score_rewards,
	score_year,
	validate_scheme,
)
from party_points.scoring.scheme import Dimension, Scheme, ScoringItem

SCHEME = default_scheme()
ITEM_CODES = [i.code for i in SCHEME.items]

points = st.decimals(min_value=-20, max_value=20, places=2, allow_nan=False, allow_infinity=False)
entry = st.builds(Entry, item=st.sampled_from(ITEM_CODES), points=points)
entries = st.lists(entry, max_size=60)
positive_entry = st.builds(
	Entry,
	item=st.sampled_from(ITEM_CODES),
	points=st.decimals(min_value="0.01", max_value=20, places=2),
)


def evaluation_for(round_code):
	def build(band):
		return st.decimals(min_value=band.low, max_value=band.high, places=1).map(
			lambda score: Evaluation(round_code, band.grade, score)
		)

	return st.sampled_from(SCHEME.evaluation_bands).flatmap(build)


rewards = st.lists(
	st.one_of(
		st.sampled_from([r.code for r in SCHEME.reward_types if not r.variable]).map(RewardClaim.of),
		st.decimals(min_value="0.5", max_value=10, places=1).map(lambda p: RewardClaim.of("other", p)),
	),
	max_size=8,
)
quarter_totals = st.dictionaries(
	st.sampled_from([1, 2, 3, 4]), st.decimals(min_value=0, max_value=75, places=2), min_size=1
)


@given(entries)
def test_no_dimension_or_quarter_exceeds_its_cap(lines):
	result = score_quarter(lines, SCHEME)
	for dim in SCHEME.dimensions:
		assert 0 <= result.value(dim.code) <= dim.cap
	assert 0 <= result.total <= SCHEME.cap(DAILY_CONDUCT)


@given(entries, st.randoms(use_true_random=False))
def test_order_of_entries_never_changes_the_result(lines, rnd):
	shuffled = list(lines)
	rnd.shuffle(shuffled)
	first, second = score_quarter(lines, SCHEME), score_quarter(shuffled, SCHEME)
	assert first.total == second.total
	assert first.dimensions == second.dimensions


@given(entries, positive_entry)
def test_adding_a_positive_entry_never_lowers_a_score(lines, extra):
	before = score_quarter(lines, SCHEME)
	after = score_quarter([*lines, extra], SCHEME)
	assert after.total >= before.total
	for dim in SCHEME.dimensions:
		assert after.value(dim.code) >= before.value(dim.code)


@given(rewards)
def test_rewards_never_exceed_the_yearly_cap_and_nothing_is_lost(claims):
	result = score_rewards(SCHEME, claims)
	assert 0 <= result.counted <= SCHEME.cap(REWARD)
	assert result.counted + result.excess == result.claimed
	assert result.counted == min(result.claimed, SCHEME.cap(REWARD))


@given(
	quarter_totals,
	evaluation_for("mid_year"),
	evaluation_for("year_end"),
	rewards,
	st.booleans(),
	st.sampled_from((None, *GRADES)),
)
def test_a_year_never_exceeds_110_and_its_parts_their_caps(totals, mid, end, claims, violation, previous):
	result = score_year(
		SCHEME,
		2026,
		totals,
		member_quarters=(1, 2, 3, 4),
		evaluations=[mid, end],
		rewards=claims,
		violation=violation,
		previous_grade=previous,
	)
	assert 0 <= result.daily_conduct <= 75
	assert 0 <= result.evaluation <= SCHEME.cap(EVALUATION)
	assert 0 <= result.reward <= 10
	assert result.total <= 110
	if violation:
		assert result.grade == "Unqualified"


@given(quarter_totals, st.randoms(use_true_random=False))
def test_order_of_quarters_and_rewards_never_changes_the_annual_score(totals, rnd):
	items = list(totals.items())
	rnd.shuffle(items)
	assert score_year(SCHEME, 2026, dict(items)).total == score_year(SCHEME, 2026, totals).total


@given(quarter_totals, st.sampled_from([1, 2, 3, 4]), st.decimals(min_value="0.01", max_value=10, places=2))
def test_a_higher_quarter_never_lowers_the_year(totals, quarter, more):
	if quarter not in totals:
		return
	higher = dict(totals)
	higher[quarter] = min(Decimal(75), higher[quarter] + more)
	assert score_year(SCHEME, 2026, higher).total >= score_year(SCHEME, 2026, totals).total


code = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789", min_size=2, max_size=8)


@st.composite
def schemes(draw):
	caps = draw(st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=6))
	dims = tuple(
		Dimension(
			f"d{i}", draw(st.text(min_size=1, max_size=20)), Decimal(cap), Decimal(draw(st.integers(0, cap)))
		)
		for i, cap in enumerate(caps)
	)
	items = tuple(
		ScoringItem(
			f"I{i}",
			draw(st.sampled_from([d.code for d in dims])),
			draw(st.text(max_size=30)),
			draw(st.decimals(min_value=-10, max_value=10, places=2).filter(lambda p: p != 0)),
			draw(st.one_of(st.none(), st.decimals(min_value="0.5", max_value=40, places=1))),
			draw(st.sampled_from(["member", "recorder", "activity", "committee"])),
		)
		for i in range(draw(st.integers(0, 12)))
	)
	parts = tuple(
		p if p.code != DAILY_CONDUCT else p.__class__(p.code, p.label, Decimal(sum(caps)))
		for p in SCHEME.parts
	)
	return SCHEME.with_changes(
		title=draw(st.text(max_size=40)),
		dimensions=dims,
		items=items,
		parts=parts,
		activity_rules=(),
		veto=draw(st.booleans()),
		aggregation=draw(st.sampled_from(["mean", "mean_all_quarters"])),
	)


@given(schemes())
def test_any_scheme_survives_a_json_round_trip(scheme):
	assert validate_scheme(scheme) == []
	again = Scheme.from_json(scheme.to_json())
	assert again == scheme
	assert again.to_json() == scheme.to_json()


@given(entries)
def test_summing_entries_per_item_first_gives_the_same_quarter(lines):
	"""The ledger may hand the core one summed entry per item (the database adds up)."""
	sums: dict[str, list] = {}
	for line in lines:
		total, count = sums.get(line.item, (Decimal(0), 0))
		sums[line.item] = (total + line.points, count + 1)
	summed = [Entry(item, total, occurrences=count) for item, (total, count) in sums.items()]
	first, second = score_quarter(lines, SCHEME), score_quarter(summed, SCHEME)
	assert first.total == second.total
	assert first.dimensions == second.dimensions
	assert {c: i.entries for c, i in first.items.items()} == {c: i.entries for c, i in second.items.items()}
