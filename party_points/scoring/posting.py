"""What the ledger may take, and how the year's ledger entries count (evaluation and reward to date)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from party_points.scoring.errors import CapError, UnknownCodeError
from party_points.scoring.evaluation import EvaluationTotal, evaluation_points, posted_evaluations
from party_points.scoring.numbers import Number, fmt, to_decimal
from party_points.scoring.quarter import check_entry
from party_points.scoring.reward import RewardClaim, RewardResult, claim_points, score_rewards
from party_points.scoring.scheme import DAILY_CONDUCT, EVALUATION, REWARD, Scheme


def check_posting(scheme: Scheme, part: str, code: str | None, points: Number) -> tuple[Decimal, str | None]:
	"""The validated points of one new ledger entry and the dimension it counts in (None outside Daily Conduct).

	Daily Conduct: a known item, its sign and quarterly limit. Evaluation: a round of the scheme and
	0 ≤ points ≤ the evaluation cap. Reward: a known reward type and its amount.
	"""
	if part == DAILY_CONDUCT:
		value = check_entry(scheme, code or "", points)
		return value, scheme.item(code).dimension
	if part == EVALUATION:
		if scheme.evaluation_round(code or "") is None:
			raise UnknownCodeError(kind="evaluation round", code=code)
		value = to_decimal(points, "points")
		cap = scheme.cap(EVALUATION)
		if not 0 <= value <= cap:
			raise CapError(what=code, low="0", high=fmt(cap), value=fmt(value))
		return value, None
	if part == REWARD:
		return claim_points(scheme, code or "", points), None
	raise UnknownCodeError(kind="part", code=part)


@dataclass(frozen=True)
class Posted:
	"""A ledger entry of the year that still counts, as the year's rules read it."""

	part: str
	code: str
	points: Decimal
	quarter: int
	"""The quarter of the entry's period (entries of a period outside the year's quarters never count)."""
	ref: str = ""

	@classmethod
	def of(cls, part: str, code: str, points: Number, quarter: int, ref: str = "") -> "Posted":
		return cls(part, code, to_decimal(points, "points"), quarter, ref)


@dataclass(frozen=True)
class YearToDate:
	evaluation: EvaluationTotal
	rewards: RewardResult


def year_to_date(
	scheme: Scheme,
	entries: Iterable[Posted],
	member_quarters: Iterable[int],
	quarter: int | None = None,
) -> YearToDate:
	"""Evaluation and reward of the year up to and including ``quarter`` (None: the whole year).

	``entries`` are in posting order (the reward cap keeps the earliest claims). Both the quarter's
	Member Score and the Annual Rating read the year from here, so they cannot disagree: the
	evaluation is weighted over the rounds of the member's quarters (a mid-year joiner's weights are
	scaled to add up to 1) and capped, and rewards are capped over the year.
	"""
	to_date = [e for e in entries if 1 <= e.quarter <= (quarter or 4)]
	evaluation = evaluation_points(
		scheme,
		posted_evaluations(scheme, ((e.code, e.points) for e in to_date if e.part == EVALUATION)),
		member_quarters,
	)
	rewards = score_rewards(
		scheme, [RewardClaim(e.code, e.points, e.ref) for e in to_date if e.part == REWARD]
	)
	return YearToDate(evaluation, rewards)
