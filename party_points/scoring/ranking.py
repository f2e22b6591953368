"""Leaderboards: ranks with ties, a group's mean and median, the share of each grade, participation.

Ranks are competition ranks ("1224"): members with the same score share the best rank, and the next
one down is placed after all of them, as the public notice board ranks a branch.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from party_points.scoring.numbers import ZERO, Number, round2, to_decimal
from party_points.scoring.scheme import GRADES

HUNDRED = Decimal(100)


def competition_ranks(scores: Mapping[Hashable, Number | None]) -> dict[Hashable, int | None]:
	"""Each key's rank, best (highest) score first; equal scores share a rank; no score (None), no rank.

	``{"a": 90, "b": 85, "c": 90, "d": 70}`` ranks a and c 1st, b 3rd, d 4th.
	"""
	values = {key: to_decimal(value, "score") for key, value in scores.items() if value is not None}
	ordered = sorted(values.values(), reverse=True)
	first: dict[Decimal, int] = {}
	for position, value in enumerate(ordered, start=1):
		first.setdefault(value, position)
	return {key: first[values[key]] if key in values else None for key in scores}


def mean(values: Iterable[Number]) -> Decimal | None:
	"""The mean, rounded to two places half up; None for no values."""
	numbers = [to_decimal(v, "score") for v in values]
	if not numbers:
		return None
	return round2(sum(numbers, ZERO) / len(numbers))


def median(values: Iterable[Number]) -> Decimal | None:
	"""The middle value, or the mean of the two middle ones (rounded to two places); None for no values."""
	numbers = sorted(to_decimal(v, "score") for v in values)
	if not numbers:
		return None
	middle = len(numbers) // 2
	if len(numbers) % 2:
		return round2(numbers[middle])
	return round2((numbers[middle - 1] + numbers[middle]) / 2)


def grade_counts(grades: Iterable[str | None]) -> dict[str, int]:
	"""How many of each grade, in the order of GRADES (a missing grade is not counted)."""
	counts = dict.fromkeys(GRADES, 0)
	for grade in grades:
		if grade in counts:
			counts[grade] += 1
	return counts


def grade_shares(grades: Iterable[str | None]) -> dict[str, Decimal]:
	"""The percentage of each grade among the graded members, to two places (each rounded on its own)."""
	counts = grade_counts(grades)
	total = sum(counts.values())
	if not total:
		return dict.fromkeys(GRADES, ZERO)
	return {grade: round2(HUNDRED * count / total) for grade, count in counts.items()}


def participation_rate(attended: int, records: int, excused: int = 0) -> Decimal | None:
	"""Attended as a percentage of the attendance records that expected someone (an excused absence does
	not), to two places; None when nobody was expected."""
	expected = records - excused
	if expected <= 0:
		return None
	return round2(HUNDRED * attended / expected)


@dataclass(frozen=True)
class Standing:
	"""A group's figures on the leaderboard (a branch)."""

	size: int
	mean: Decimal | None
	median: Decimal | None
	highest: Decimal | None
	lowest: Decimal | None


def standing(values: Sequence[Number]) -> Standing:
	numbers = [to_decimal(v, "score") for v in values]
	return Standing(
		len(numbers),
		mean(numbers),
		median(numbers),
		round2(max(numbers)) if numbers else None,
		round2(min(numbers)) if numbers else None,
	)


def grade_change(before: str | None, after: str | None) -> int:
	"""Grades up (positive) or down (negative) from ``before`` to ``after``; 0 when either is missing."""
	if before not in GRADES or after not in GRADES:
		return 0
	return GRADES.index(before) - GRADES.index(after)
