"""DOMAIN.md §3, the members' meeting: the quorum as a rule given as data, and what was missing."""

from fractions import Fraction

import pytest

from party_points.scoring import ScoringError, render_trail
from party_points.scoring.meeting import (
	AT_LEAST,
	MORE_THAN,
	QuorumRule,
	QuorumRuleError,
	attended,
	parse_share,
	quorum,
)

DEFAULT = QuorumRule()


@pytest.mark.parametrize(
	("members", "needed"), [(9, 5), (8, 5), (10, 6), (1, 1), (2, 2), (3, 2), (0, 1), (100, 51)]
)
def test_more_than_half_by_default(members, needed):
	assert DEFAULT.needed(members) == needed


@pytest.mark.parametrize(("members", "needed"), [(9, 5), (8, 4), (10, 5), (1, 1), (0, 0)])
def test_at_least_half(members, needed):
	assert QuorumRule(Fraction(1, 2), AT_LEAST).needed(members) == needed


@pytest.mark.parametrize(
	("share", "comparison", "members", "needed"),
	[
		("2/3", AT_LEAST, 9, 6),  # exactly two thirds: no rounding up of 6.0000...
		("2/3", MORE_THAN, 9, 7),
		("2/3", AT_LEAST, 10, 7),
		("3/4", AT_LEAST, 8, 6),
		("60%", AT_LEAST, 9, 6),
		("0.5", MORE_THAN, 9, 5),
		("1", AT_LEAST, 7, 7),
		("66.67%", AT_LEAST, 9, 7),  # a rounded percentage is taken as written
	],
)
def test_other_shares(share, comparison, members, needed):
	assert QuorumRule.of(share, comparison).needed(members) == needed


def test_the_share_reads_fractions_percentages_and_decimals():
	assert (
		parse_share("1/2")
		== parse_share("50%")
		== parse_share("0.5")
		== parse_share(" 1 / 2 ")
		== Fraction(1, 2)
	)
	assert parse_share("2/3") == Fraction(2, 3)


@pytest.mark.parametrize("bad", ["", None, "half", "0", "0%", "3/2", "120%", "1/0", "-1/2", "1/2/3"])
def test_a_share_that_is_not_a_fraction_of_the_members_is_refused(bad):
	with pytest.raises(QuorumRuleError) as error:
		parse_share(bad)
	assert "such as 1/2, 2/3 or 50%" in str(error.value)


def test_impossible_rules_are_refused():
	with pytest.raises(ScoringError):
		QuorumRule(Fraction(1), MORE_THAN)
	with pytest.raises(ScoringError):
		QuorumRule(Fraction(1, 2), "Roughly")


def test_a_meeting_with_its_quorum():
	result = quorum(9, 5)
	assert (result.members, result.present, result.needed, result.reached, result.missing) == (
		9,
		5,
		5,
		True,
		0,
	)
	assert result.absent == 4


def test_a_meeting_without_its_quorum_says_how_many_more_were_needed():
	result = quorum(9, 3)
	assert (result.needed, result.reached, result.missing) == (5, False, 2)
	result = quorum(8, 4)
	assert (result.needed, result.reached, result.missing) == (5, False, 1)
	assert quorum(8, 4, QuorumRule.of("1/2", AT_LEAST)).reached


def test_more_attendees_than_members_is_refused():
	with pytest.raises(ScoringError):
		quorum(3, 4)


def test_who_counts_as_present():
	assert [s for s in ("Present", "Late", "Left Early", "Absent", "Excused", None) if attended(s)] == [
		"Present",
		"Late",
		"Left Early",
	]


def test_the_rule_in_words():
	assert render_trail([DEFAULT.describe()]) == "more than 1/2 of the members in the period"
	assert (
		render_trail([QuorumRule.of("2/3", AT_LEAST).describe()])
		== "at least 2/3 of the members in the period"
	)
