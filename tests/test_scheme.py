"""DOMAIN.md §2: the default scheme's figures, its JSON form and scheme validation."""

import json
from decimal import Decimal

import pytest

from party_points.scoring import (
	BASICALLY_QUALIFIED,
	DAILY_CONDUCT,
	EVALUATION,
	EXCELLENT,
	QUALIFIED,
	REWARD,
	UNQUALIFIED,
	SchemeError,
	check_scheme,
	validate_scheme,
)
from party_points.scoring.scheme import (
	Dimension,
	EvaluationRound,
	GradeBand,
	Part,
	RewardType,
	Scheme,
	ScoringItem,
)


def test_default_parts_and_caps(scheme):
	assert scheme.cap(DAILY_CONDUCT) == 75
	assert scheme.cap(EVALUATION) == 25
	assert scheme.cap(REWARD) == 10


def test_default_dimensions_caps_and_starting_values(scheme):
	dims = {d.label: (d.cap, d.start) for d in scheme.dimensions}
	assert dims == {
		"Study & Education": (33, 0),
		"Work Achievement": (20, 0),
		"Serving the Public": (8, 0),
		"Discipline & Law": (8, 8),
		"Integrity": (6, 6),
	}
	assert sum(d.cap for d in scheme.dimensions) == scheme.cap(DAILY_CONDUCT)


def test_work_achievement_is_self_applied_up_to_20(scheme):
	work = [i for i in scheme.items if i.dimension == "work"]
	assert [(i.recorded_by, i.quarter_limit) for i in work] == [("member", 20)]


def test_default_evaluation_bands_and_weights(scheme):
	bands = {b.grade: (b.low, b.high) for b in scheme.evaluation_bands}
	assert bands == {
		EXCELLENT: (23, 25),
		QUALIFIED: (15, 22),
		BASICALLY_QUALIFIED: (0, 14),
		UNQUALIFIED: (0, 0),
	}
	assert [(r.code, r.weight, r.quarters, r.due) for r in scheme.evaluation_rounds] == [
		("mid_year", Decimal("0.5"), (1, 2), "06-30"),
		("year_end", Decimal("0.5"), (3, 4), "12-31"),
	]


def test_default_reward_catalogue(scheme):
	catalogue = {r.code: (r.points, r.variable, r.needs_approval) for r in scheme.reward_types}
	assert catalogue == {
		"article_internal": (2, False, False),
		"article_external": (5, False, False),
		"commendation_group": (5, False, False),
		"commendation_regional": (4, False, False),
		"commendation_company": (3, False, False),
		"other": (10, True, True),
	}


def test_default_annual_bands(scheme):
	bands = {b.grade: (b.low, b.high) for b in scheme.annual_bands}
	assert bands == {
		EXCELLENT: (90, None),
		QUALIFIED: (80, 90),
		BASICALLY_QUALIFIED: (60, 80),
		UNQUALIFIED: (0, 60),
	}
	assert scheme.veto is True
	assert scheme.aggregation == "mean"


def test_default_scheme_is_valid(scheme):
	assert validate_scheme(scheme) == []
	assert check_scheme(scheme) is scheme


def test_activity_rules_cover_three_meetings_and_one_lesson(scheme):
	for kind in (
		"Branch Members' Meeting",
		"Branch Committee Meeting",
		"Party Group Meeting",
		"Party Lecture",
	):
		assert scheme.activity_item(kind, "Present") == "SE-01"
		assert scheme.activity_item(kind, "Late") == "SE-02"
		assert scheme.activity_item(kind, "Left Early") == "SE-02"
		assert scheme.activity_item(kind, "Absent") == "SE-03"
		assert scheme.activity_item(kind, "Excused") is None


def test_json_round_trip_is_exact(scheme):
	text = scheme.to_json()
	again = Scheme.from_json(text)
	assert again == scheme
	assert json.loads(text)["evaluation_rounds"][0]["weight"] == 0.5
	assert again.to_json() == text


def test_from_dict_reads_numbers_given_as_text(scheme):
	data = scheme.to_dict()
	data["parts"][0]["cap"] = "75"
	data["evaluation_rounds"][0]["weight"] = "0.50"
	assert Scheme.from_dict(data) == scheme


def messages(scheme):
	return [template.format(**params) for template, params in validate_scheme(scheme)]


def test_dimension_caps_must_add_up_to_the_part(scheme):
	dims = list(scheme.dimensions)
	dims[0] = Dimension("study", "Study & Education", Decimal(30), Decimal(0))
	assert messages(scheme.with_changes(dimensions=tuple(dims))) == [
		"The dimension caps add up to 72, not to the cap of Daily Conduct (75)"
	]


def test_overlapping_and_gapped_annual_bands_are_named(scheme):
	overlap = (
		GradeBand(EXCELLENT, Decimal(90), None),
		GradeBand(QUALIFIED, Decimal(80), Decimal(91)),
		GradeBand(BASICALLY_QUALIFIED, Decimal(60), Decimal(80)),
		GradeBand(UNQUALIFIED, Decimal(0), Decimal(60)),
	)
	assert messages(scheme.with_changes(annual_bands=overlap)) == [
		"The annual bands of Qualified and Excellent overlap"
	]
	gap = (
		GradeBand(EXCELLENT, Decimal(90), None),
		GradeBand(QUALIFIED, Decimal(80), Decimal(90)),
		GradeBand(BASICALLY_QUALIFIED, Decimal(60), Decimal(79)),
		GradeBand(UNQUALIFIED, Decimal(0), Decimal(60)),
	)
	assert messages(scheme.with_changes(annual_bands=gap)) == [
		"There is a gap between the annual bands of Basically Qualified and Qualified"
	]


def test_overlapping_evaluation_bands_are_named(scheme):
	bands = (
		GradeBand(EXCELLENT, Decimal(20), Decimal(25)),
		GradeBand(QUALIFIED, Decimal(15), Decimal(22)),
		GradeBand(BASICALLY_QUALIFIED, Decimal(0), Decimal(14)),
		GradeBand(UNQUALIFIED, Decimal(0), Decimal(0)),
	)
	assert messages(scheme.with_changes(evaluation_bands=bands)) == [
		"The evaluation bands of Excellent and Qualified overlap"
	]


@pytest.mark.parametrize("weight", ["0", "-0.5", "1.5"])
def test_weight_outside_zero_to_one(scheme, weight):
	rounds = (
		EvaluationRound("mid_year", "Mid-year evaluation", Decimal(weight), (1, 2)),
		EvaluationRound("year_end", "Year-end evaluation", Decimal("0.5"), (3, 4)),
	)
	found = messages(scheme.with_changes(evaluation_rounds=rounds))
	assert f"The weight {weight} of Mid-year evaluation must be above 0 and at most 1" in found


def test_item_in_an_unknown_dimension(scheme):
	items = (*scheme.items, ScoringItem("XX-01", "leisure", "Golf", Decimal(1)))
	assert messages(scheme.with_changes(items=items)) == ["The item XX-01 is in an unknown dimension leisure"]


def test_duplicate_codes(scheme):
	items = (*scheme.items, ScoringItem("SE-01", "study", "Again", Decimal(1)))
	rewards = (*scheme.reward_types, RewardType("other", "Again", Decimal(1)))
	found = messages(scheme.with_changes(items=items, reward_types=rewards))
	assert "Duplicate scoring item code SE-01" in found
	assert "Duplicate reward type code other" in found


def test_starting_value_above_cap_and_reward_above_cap(scheme):
	dims = list(scheme.dimensions)
	dims[4] = Dimension("integrity", "Integrity", Decimal(6), Decimal(7))
	rewards = (*scheme.reward_types[:-1], RewardType("other", "Other", Decimal(12), variable=True))
	found = messages(scheme.with_changes(dimensions=tuple(dims), reward_types=rewards))
	assert "The starting value 7 of the dimension Integrity must be between 0 and its cap 6" in found
	assert "The reward other must be worth more than 0 and at most 10, not 12" in found


def test_unknown_activity_item_and_missing_part(scheme):
	from party_points.scoring.scheme import ActivityRule

	rules = (ActivityRule("Party Lecture", "Present", "NOPE"),)
	parts = (Part(DAILY_CONDUCT, "Daily Conduct", Decimal(75)), Part(REWARD, "Reward", Decimal(10)))
	found = messages(scheme.with_changes(activity_rules=rules, parts=parts))
	assert "The activity rule for Party Lecture / Present names an unknown item NOPE" in found
	assert "The scheme has no part evaluation" in found


def test_check_scheme_raises_with_every_problem(scheme):
	dims = list(scheme.dimensions)
	dims[0] = Dimension("study", "Study & Education", Decimal(30), Decimal(0))
	items = (*scheme.items, ScoringItem("XX-01", "leisure", "Golf", Decimal(1)))
	with pytest.raises(SchemeError) as caught:
		check_scheme(scheme.with_changes(dimensions=tuple(dims), items=items))
	assert len(caught.value.problems) == 2
	assert "2 problem(s)" in str(caught.value)
