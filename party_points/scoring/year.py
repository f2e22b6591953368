"""The annual score, grade, veto and the consequences that follow (DOMAIN.md §4)."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from party_points.scoring.errors import NotRatedError, UnknownCodeError
from party_points.scoring.evaluation import Evaluation, evaluation_points
from party_points.scoring.numbers import ZERO, Number, fmt, round2, to_decimal
from party_points.scoring.posting import Posted, year_to_date
from party_points.scoring.quarter import score_quarter
from party_points.scoring.reward import RewardClaim, score_rewards
from party_points.scoring.scheme import (
	EXCELLENT,
	GRADES,
	QUALIFIED,
	UNQUALIFIED,
	Scheme,
	annual_grade,
	grade_rank,
)
from party_points.scoring.trail import TrailLine

AWARD_BUREAU = "bureau"
"""Priority recommendation for awards at bureau level and above."""
AWARD_DIVISION = "division"
"""Recommended for division-level awards."""
AWARD_NONE = "none"


@dataclass(frozen=True)
class Outcome:
	award_level: str
	priority_promotion: bool
	admonition_talk: bool
	mentoring: bool
	up_two_grades: bool


@dataclass(frozen=True)
class YearResult:
	year: int
	daily_conduct: Decimal
	evaluation: Decimal
	reward: Decimal
	reward_excess: Decimal
	total: Decimal
	score_grade: str
	"""The grade the score alone earns."""
	grade: str
	"""The final grade, after the veto."""
	vetoed: bool
	outcome: Outcome
	quarters: tuple[int, ...]
	explain: Callable[[], tuple[TrailLine, ...]] = field(repr=False, compare=False, default=tuple)

	@cached_property
	def trail(self) -> tuple[TrailLine, ...]:
		"""The explanation, written when first asked for (rating a whole organisation does not need it)."""
		return self.explain()


def outcome_for(grade: str, previous_grade: str | None = None) -> Outcome:
	if grade not in GRADES:
		raise UnknownCodeError(kind="grade", code=grade)
	if previous_grade is not None and previous_grade not in GRADES:
		raise UnknownCodeError(kind="grade", code=previous_grade)
	up_two = previous_grade is not None and grade_rank(previous_grade) - grade_rank(grade) >= 2
	if grade == EXCELLENT:
		award = AWARD_BUREAU
	elif grade == QUALIFIED or up_two:
		award = AWARD_DIVISION
	else:
		award = AWARD_NONE
	unqualified = grade == UNQUALIFIED
	return Outcome(
		award_level=award,
		priority_promotion=grade == EXCELLENT,
		admonition_talk=unqualified,
		mentoring=unqualified and previous_grade == UNQUALIFIED,
		up_two_grades=up_two,
	)


def score_year(
	scheme: Scheme,
	year: int,
	quarter_totals: Mapping[int, Number],
	member_quarters: Iterable[int] | None = None,
	evaluations: Iterable[Evaluation] = (),
	rewards: Iterable[RewardClaim] = (),
	violation: bool = False,
	previous_grade: str | None = None,
	posted: Iterable[Posted] | None = None,
) -> YearResult:
	"""Annual score = Daily Conduct aggregated over the quarters (≤ 75) + evaluation (≤ 25) + reward (≤ 10).

	``quarter_totals`` holds the Daily Conduct total per quarter; ``member_quarters`` the quarters the
	person was a member (default: the quarters given). A membership quarter with no total counts what
	an empty ledger gives (the dimensions' starting values). Each part and the total are rounded to
	two places, half up, and the grade is read from the rounded total.

	``posted`` (the year's ledger entries that still count) replaces ``evaluations`` and ``rewards``:
	the year then reads its evaluation and reward exactly as each quarter's score does.
	"""
	quarters = tuple(sorted(set(member_quarters) if member_quarters is not None else set(quarter_totals)))
	if not quarters:
		raise NotRatedError(year=year)
	totals: list[Decimal] = []
	for quarter in quarters:
		value = quarter_totals.get(quarter)
		# A quarter without a total counts what an empty ledger gives (rarely needed, so computed then).
		value = score_quarter((), scheme).total if value is None else to_decimal(value, "quarter total")
		totals.append(value)
	divisor = 4 if scheme.aggregation == "mean_all_quarters" else len(totals)
	daily = round2(sum(totals, ZERO) / divisor)
	if posted is not None:
		parts = year_to_date(scheme, posted, quarters)
		evaluation, reward = parts.evaluation, parts.rewards
	else:
		evaluation = evaluation_points(scheme, evaluations, quarters)
		reward = score_rewards(scheme, rewards)
	evaluation_total = round2(evaluation.points)
	total = round2(daily + evaluation_total + reward.counted)
	score_grade = annual_grade(scheme, total)
	vetoed = bool(violation and scheme.veto)
	grade = UNQUALIFIED if vetoed else score_grade

	def explain() -> tuple[TrailLine, ...]:
		trail = [
			TrailLine.of("Q{quarter}: Daily Conduct {points}", quarter=quarter, points=fmt(value))
			for quarter, value in zip(quarters, totals, strict=True)
		]
		trail.append(
			TrailLine.of(
				"Daily Conduct: {sum} over {count} quarters = {points}",
				sum=fmt(sum(totals, ZERO)),
				count=divisor,
				points=fmt(daily),
			)
		)
		trail.extend(evaluation.trail)
		trail.extend(reward.trail(scheme))
		trail.append(TrailLine.of("Annual score {total}: {grade}", total=fmt(total), grade=score_grade))
		if vetoed:
			trail.append(TrailLine.of("A confirmed violation this year makes the grade Unqualified"))
		return tuple(trail)

	return YearResult(
		year=year,
		daily_conduct=daily,
		evaluation=evaluation_total,
		reward=round2(reward.counted),
		reward_excess=round2(reward.excess),
		total=total,
		score_grade=score_grade,
		grade=grade,
		vetoed=vetoed,
		outcome=outcome_for(grade, previous_grade),
		quarters=quarters,
		explain=explain,
	)
