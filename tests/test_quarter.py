"""DOMAIN.md §2 Daily Conduct: dimensions, caps, starting values, item limits, the trail."""

import dataclasses
import json
from decimal import Decimal

import pytest

from party_points.scoring import (
	CapError,
	Entry,
	UnknownCodeError,
	check_entry,
	quarter_record,
	render_trail,
	score_quarter,
	score_trail,
)
from party_points.scoring.scheme import ScoringItem


def entries(*pairs):
	return [Entry.of(item, points) for item, points in pairs]


def test_empty_quarter_is_the_starting_values(scheme):
	result = score_quarter([], scheme)
	assert {code: d.value for code, d in result.dimensions.items()} == {
		"study": 0,
		"work": 0,
		"service": 0,
		"discipline": 8,
		"integrity": 6,
	}
	assert result.total == 14


@pytest.mark.parametrize(
	("dimension", "cap"), [("study", 33), ("work", 20), ("service", 8), ("discipline", 8), ("integrity", 6)]
)
def test_each_dimension_is_clamped_to_its_cap(scheme, dimension, cap):
	unlimited = ScoringItem("X-01", dimension, "Unlimited", Decimal(1))
	result = score_quarter(entries(("X-01", 50)), scheme.with_changes(items=(*scheme.items, unlimited)))
	assert result.dimensions[dimension].raw > cap
	assert result.dimensions[dimension].value == cap


def test_item_limits_keep_service_within_its_cap(scheme):
	result = score_quarter(entries(*([("SP-01", 2)] * 3 + [("SP-02", 2)] * 2 + [("SP-03", 2)] * 2)), scheme)
	assert result.dimensions["service"].raw == 14
	assert result.dimensions["service"].value == 8


def test_full_marks_is_75(scheme):
	lines = (
		[("SE-01", 2)] * 10
		+ [("SE-04", 1)] * 8
		+ [("SE-05", 1)] * 5
		+ [("WA-01", 20)]
		+ [("SP-01", 2)] * 3
		+ [("SP-02", 2)]
	)
	result = score_quarter(entries(*lines), scheme)
	assert result.total == 75
	assert [d.value for d in result.dimensions.values()] == [33, 20, 8, 8, 6]


def test_deductions_from_a_full_start_stop_at_zero(scheme):
	result = score_quarter(entries(("DL-01", -2), ("DL-03", -8), ("IN-01", -2), ("IN-02", -2)), scheme)
	assert result.dimensions["discipline"].raw == -2
	assert result.dimensions["discipline"].value == 0
	assert result.dimensions["integrity"].value == 2
	assert result.total == 2


def test_additions_to_a_full_start_do_not_exceed_the_cap(scheme):
	assert score_quarter(entries(("SE-02", -1)), scheme).dimensions["study"].value == 0


def test_item_quarter_limit_holds_before_the_dimension(scheme):
	# SE-01 is limited to 20 a quarter: 15 sessions (30 points) count 20, then SE-04 adds on top.
	result = score_quarter(entries(*([("SE-01", 2)] * 15 + [("SE-04", 1)] * 3)), scheme)
	assert result.items["SE-01"].raw == 30
	assert result.items["SE-01"].counted == 20
	assert result.dimensions["study"].value == 23


def test_a_reversal_cancels_its_entry(scheme):
	before = score_quarter(entries(("SE-04", 1), ("DL-01", -2)), scheme)
	after = score_quarter(entries(("SE-04", 1), ("DL-01", -2), ("DL-01", 2)), scheme)
	assert before.total == 1 + 6 + 6
	assert after.total == 15
	assert after.dimensions["discipline"].value == 8


def test_decimal_points_do_not_drift(scheme):
	result = score_quarter(entries(*([("SE-04", "0.1")] * 3)), scheme)
	assert result.dimensions["study"].value == Decimal("0.3")


def test_trail_explains_what_counted_and_what_was_clamped(scheme):
	result = score_quarter(entries(*([("SE-01", 2)] * 12 + [("DL-03", -8), ("DL-01", -2)])), scheme)
	text = render_trail(result.trail)
	assert "SE-01: 24 is held to the quarterly limit of 20" in text
	assert "Discipline & Law: -2 is below zero, counted as 0" in text
	assert "Daily Conduct total: 26" in text


def test_the_record_holds_every_figure_the_explanation_needs(scheme):
	result = score_quarter(
		entries(*([("SE-01", 2)] * 12 + [("DL-03", -8), ("DL-01", -2), ("SP-01", 2)])), scheme
	)
	record = quarter_record(result)
	assert record["items"] == [
		["SE-01", 12, "24", "20"],
		["SP-01", 1, "2", "2"],
		["DL-01", 1, "-2", "-2"],
		["DL-03", 1, "-8", "-8"],
	]
	discipline = next(d for d in record["dimensions"] if d[0] == "discipline")
	assert discipline[1:] == ["8", "0", "10", "0", "8", "-2"]  # start, added, deducted, result, cap, before
	assert record["total"] == str(result.total)


def test_a_stored_record_explains_as_the_result_did(scheme):
	result = score_quarter(entries(("SE-01", 2), ("SE-01", 30), ("DL-03", -8), ("DL-03", -8)), scheme)
	stored = json.loads(json.dumps({"v": 2, **quarter_record(result)}))
	assert render_trail(score_trail(stored, scheme)) == render_trail(result.trail)
	assert "SE-01: 32 is held to the quarterly limit of 20" in render_trail(result.trail)
	assert "Discipline & Law: -8 is below zero, counted as 0" in render_trail(result.trail)


def test_a_code_the_scheme_no_longer_has_is_shown_as_the_code(scheme):
	result = score_quarter(entries(("SE-04", 1)), scheme)
	stored = {"v": 2, **quarter_record(result), "rewards": [["gone_award", "2", "2"]], "reward_cap": "10"}
	narrower = dataclasses.replace(scheme, items=tuple(i for i in scheme.items if i.code != "SE-04"))
	text = render_trail(score_trail(stored, narrower))
	assert "SE-04 (SE-04): 1 entries, 1 points" in text
	assert "Reward gone_award: 2 points" in text


def test_a_deduction_is_held_to_its_limit_as_a_positive_figure(scheme):
	limited = dataclasses.replace(
		scheme,
		items=tuple(
			dataclasses.replace(i, quarter_limit=Decimal(4)) if i.code == "DL-01" else i for i in scheme.items
		),
	)
	text = render_trail(score_quarter(entries(*([("DL-01", -2)] * 3)), limited).trail)
	assert "DL-01: -6 is held to the quarterly limit of 4" in text


def test_explanations_stored_by_earlier_versions_still_render():
	stored = [{"template": "Daily Conduct total: {total}", "params": {"total": "14"}}]
	assert render_trail(score_trail(stored, None)) == "Daily Conduct total: 14"


def test_trail_renders_through_a_translator(scheme):
	result = score_quarter([], scheme)
	zh = {"Daily Conduct total: {total}": "日常行为积分合计：{total}"}
	assert result.trail[-1].render(lambda s: zh.get(s, s)) == "日常行为积分合计：14"


def test_unknown_item_is_refused(scheme):
	with pytest.raises(UnknownCodeError, match="Unknown scoring item ZZ-99"):
		score_quarter(entries(("ZZ-99", 1)), scheme)


def test_check_entry_signs_and_limits(scheme):
	assert check_entry(scheme, "WA-01", 18) == 18
	assert check_entry(scheme, "DL-01", "-2") == -2
	with pytest.raises(CapError, match="WA-01 must be between 0 and 20, not 21"):
		check_entry(scheme, "WA-01", 21)
	with pytest.raises(CapError, match="adds points, so -3 must be above zero"):
		check_entry(scheme, "SE-04", -3)
	with pytest.raises(CapError, match="deducts points, so 2 must be below zero"):
		check_entry(scheme, "DL-01", 2)
	with pytest.raises(UnknownCodeError):
		check_entry(scheme, "nope", 1)


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", None, True, object()])
def test_non_numeric_points_are_refused(scheme, bad):
	from party_points.scoring import InvalidNumberError

	with pytest.raises(InvalidNumberError):
		check_entry(scheme, "SE-04", bad)


def test_the_application_score_is_between_zero_and_the_work_achievement_limit(scheme):
	from party_points.scoring import application_item, check_application_score

	assert application_item(scheme).code == "WA-01"
	assert check_application_score(scheme, 0) == 0
	assert check_application_score(scheme, "20") == 20
	for bad in (-1, "20.5", 25):
		with pytest.raises(CapError, match="must be between 0 and 20"):
			check_application_score(scheme, bad)
