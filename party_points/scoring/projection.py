"""The projected annual grade (DOMAIN.md §7): where the member's year is heading, from the year so far.

The projection is the annual rating (:func:`score_year`) of the year so far with its gaps filled in:

- each quarter of membership not scored yet counts the mean Daily Conduct of the quarters scored so far;
- an evaluation round not held yet counts the member's last round score, or nothing when no round has
  been held (``evaluation_basis`` says which);
- rewards count as far as they are counted so far (the yearly cap applies as always).

It also says, for each better grade, how many Daily Conduct points the member needs in each remaining
quarter of membership to reach it, or that Daily Conduct alone cannot reach it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from functools import cached_property

from party_points.scoring.errors import NotRatedError
from party_points.scoring.evaluation import posted_evaluations
from party_points.scoring.numbers import CENT, ZERO, Number, fmt, round2, to_decimal
from party_points.scoring.posting import Posted, year_to_date
from party_points.scoring.scheme import (
	DAILY_CONDUCT,
	EVALUATION,
	GRADES,
	UNQUALIFIED,
	Scheme,
	grade_rank,
)
from party_points.scoring.trail import TrailLine
from party_points.scoring.year import score_year

HELD = "held"
"""Every evaluation round of the member's year has been held."""
LAST_ROUND = "last_round"
"""A round not held yet counts the member's last round score."""
NONE_HELD = "none_held"
"""No round has been held yet: the evaluation counts nothing so far."""


@dataclass(frozen=True)
class Target:
	"""What a better grade takes: its lowest annual score and the Daily Conduct it needs per remaining quarter."""

	grade: str
	score: Decimal
	"""The annual score the grade starts at (the low end of its band)."""
	per_quarter: Decimal | None
	"""Daily Conduct points needed in each remaining quarter (rounded up to a cent); None when out of reach."""
	reason: str = ""
	"""Why it is out of reach (empty when reachable): "veto"; "no_quarter_left"; "above_cap" (more than a
	quarter's cap of Daily Conduct would be needed); "awaits_evaluation" (the same, while no evaluation round
	has been held and the evaluation so far counts nothing)."""

	@property
	def reachable(self) -> bool:
		return self.per_quarter is not None


@dataclass(frozen=True)
class Projection:
	year: int
	member_quarters: tuple[int, ...]
	scored: tuple[int, ...]
	"""The quarters of membership scored so far."""
	remaining: tuple[int, ...]
	"""The quarters of membership not scored yet (each counts ``mean`` in the projection)."""
	scored_sum: Decimal
	mean: Decimal | None
	"""The mean Daily Conduct of the scored quarters, exact (None when none is scored yet)."""
	daily_conduct: Decimal | None
	"""The projected year's Daily Conduct, as the annual rating aggregates it (None without a projection)."""
	evaluation_so_far: Decimal
	"""The evaluation points of the rounds held so far (a round not held counts 0)."""
	evaluation: Decimal
	"""The evaluation points of the projection (rounds not held counted as ``evaluation_basis`` says)."""
	evaluation_basis: str
	held_rounds: tuple[str, ...]
	assumed_rounds: tuple[str, ...]
	"""The rounds not held yet, counted at ``assumed_score`` (empty when none is held, or all are)."""
	assumed_score: Decimal | None
	reward: Decimal
	"""The reward points counted so far (within the yearly cap)."""
	reward_excess: Decimal
	"""Reward points claimed so far over the yearly cap: kept on record, not counted."""
	score: Decimal | None
	"""The projected annual score (None when no quarter is scored yet)."""
	score_grade: str | None
	"""The grade the projected score alone earns."""
	grade: str | None
	"""The projected grade, after the veto."""
	vetoed: bool
	targets: tuple[Target, ...]
	"""The better grades, nearest first (every grade above Unqualified when there is no projection yet)."""
	labels: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
	"""Each evaluation round's label, for the explanation."""

	@property
	def next_target(self) -> Target | None:
		"""The next grade up from the projected one (None at the top, or without a projection)."""
		if self.grade is None or not self.targets:
			return None
		return self.targets[0] if grade_rank(self.targets[0].grade) == grade_rank(self.grade) - 1 else None

	@cached_property
	def trail(self) -> tuple[TrailLine, ...]:
		return tuple(projection_trail(self))


def _ceil2(value: Decimal) -> Decimal:
	return value.quantize(CENT, rounding=ROUND_CEILING)


def project_year(
	scheme: Scheme,
	year: int,
	quarter_totals: Mapping[int, Number],
	member_quarters: Iterable[int],
	posted: Iterable[Posted] = (),
	violation: bool = False,
) -> Projection:
	"""The projected annual score and grade of a member's year so far, and what the better grades take.

	``quarter_totals`` holds the Daily Conduct total of each quarter scored so far (closed quarters; an
	open quarter is not scored yet); ``member_quarters`` the quarters of the year the person is a member;
	``posted`` the year's ledger entries that still count (evaluation and reward are read from them as the
	annual rating reads them); ``violation`` a confirmed violation this year (the veto).
	"""
	quarters = tuple(sorted(set(member_quarters)))
	if not quarters:
		raise NotRatedError(year=year)
	totals = {q: to_decimal(v, "quarter total") for q, v in quarter_totals.items() if q in quarters}
	scored = tuple(sorted(totals))
	remaining = tuple(q for q in quarters if q not in totals)
	scored_sum = sum(totals.values(), ZERO)
	mean = scored_sum / len(scored) if scored else None

	entries = list(posted)
	actual = year_to_date(scheme, entries, quarters)
	# The rounds of the member's year, in the scheme's order, and those held so far with their scores.
	eligible = [r for r in scheme.evaluation_rounds if r.code in actual.evaluation.weights]
	held = {
		e.round: e.score
		for e in posted_evaluations(
			scheme, ((e.code, e.points) for e in entries if e.part == EVALUATION and 1 <= e.quarter <= 4)
		)
	}
	held_rounds = tuple(r.code for r in eligible if r.code in held)
	missing = [r for r in eligible if r.code not in held]
	assumed_score = held[held_rounds[-1]] if held_rounds and missing else None
	if not missing:
		basis = HELD
	elif held_rounds:
		basis = LAST_ROUND
	else:
		basis = NONE_HELD
	# A round not held yet, counted at the last round's score: an entry as the round would post it.
	assumed = [
		Posted(EVALUATION, r.code, assumed_score * r.weight, max(r.quarters))
		for r in (missing if assumed_score is not None else ())
	]
	projected_parts = year_to_date(scheme, [*entries, *assumed], quarters)
	evaluation = round2(projected_parts.evaluation.points)
	reward = round2(actual.rewards.counted)
	vetoed = bool(violation and scheme.veto)

	score = score_grade = grade = daily = None
	if mean is not None:
		result = score_year(
			scheme,
			year,
			{**totals, **dict.fromkeys(remaining, mean)},
			member_quarters=quarters,
			violation=violation,
			posted=[*entries, *assumed],
		)
		score, score_grade, grade, daily = (
			result.total,
			result.score_grade,
			result.grade,
			result.daily_conduct,
		)

	divisor = 4 if scheme.aggregation == "mean_all_quarters" else len(quarters)
	cap = scheme.cap(DAILY_CONDUCT)
	bands = {b.grade: b for b in scheme.annual_bands}
	better = [g for g in GRADES if g != UNQUALIFIED and (grade is None or grade_rank(g) < grade_rank(grade))]
	targets = []
	for target_grade in reversed(better):  # nearest first
		low = bands[target_grade].low
		if vetoed:
			targets.append(Target(target_grade, low, None, "veto"))
			continue
		if not remaining:
			targets.append(Target(target_grade, low, None, "no_quarter_left"))
			continue
		# Enough by the exact sum, so the grade holds without relying on rounding.
		needed = _ceil2(max(((low - evaluation - reward) * divisor - scored_sum) / len(remaining), ZERO))
		if needed > cap:
			# With no round held yet the evaluation counts nothing: the rounds to come may still close the gap.
			reason = "awaits_evaluation" if basis == NONE_HELD and missing else "above_cap"
			targets.append(Target(target_grade, low, None, reason))
		else:
			targets.append(Target(target_grade, low, needed))

	return Projection(
		year=year,
		member_quarters=quarters,
		scored=scored,
		remaining=remaining,
		scored_sum=scored_sum,
		mean=mean,
		daily_conduct=daily,
		evaluation_so_far=round2(actual.evaluation.points),
		evaluation=evaluation,
		evaluation_basis=basis,
		held_rounds=held_rounds,
		assumed_rounds=tuple(r.code for r in missing) if assumed else (),
		assumed_score=assumed_score,
		reward=reward,
		reward_excess=round2(actual.rewards.excess),
		score=score,
		score_grade=score_grade,
		grade=grade,
		vetoed=vetoed,
		targets=tuple(targets),
		labels={r.code: r.label for r in scheme.evaluation_rounds},
	)


def projection_trail(p: Projection) -> list[TrailLine]:
	"""The projection explained line by line (English templates; the Frappe layer translates them)."""
	trail: list[TrailLine] = []
	if p.mean is None:
		trail.append(
			TrailLine.of("No quarter of {year} has been scored yet, so there is no projection", year=p.year)
		)
	else:
		trail.append(
			TrailLine.of(
				"Daily Conduct so far: {sum} over {count} scored quarters, a mean of {mean}",
				sum=fmt(p.scored_sum),
				count=len(p.scored),
				mean=fmt(round2(p.mean)),
			)
		)
		trail.extend(
			TrailLine.of(
				"Q{quarter}: not scored yet, counted as the mean {mean}", quarter=q, mean=fmt(round2(p.mean))
			)
			for q in p.remaining
		)
	if p.evaluation_basis == NONE_HELD:
		trail.append(
			TrailLine.of("No evaluation round has been held yet; the evaluation counts nothing so far")
		)
	else:
		trail.append(
			TrailLine.of("Evaluation of the rounds held so far: {points}", points=fmt(p.evaluation_so_far))
		)
		trail.extend(
			TrailLine.of(
				"{round}: not held yet, counted at the last round's score {score}",
				round=p.labels.get(code, code),
				score=fmt(round2(p.assumed_score)),
			)
			for code in p.assumed_rounds
		)
	if p.reward_excess > 0:
		trail.append(
			TrailLine.of(
				"Reward counted so far: {points} ({excess} over the yearly cap, not counted)",
				points=fmt(p.reward),
				excess=fmt(p.reward_excess),
			)
		)
	else:
		trail.append(TrailLine.of("Reward counted so far: {points}", points=fmt(p.reward)))
	if p.score is not None:
		trail.append(
			TrailLine.of("Projected annual score {total}: {grade}", total=fmt(p.score), grade=p.score_grade)
		)
	if p.vetoed:
		trail.append(TrailLine.of("A confirmed violation this year makes the grade Unqualified"))
	for target in p.targets:
		if target.reachable:
			trail.append(
				TrailLine.of(
					"{grade} (from {score}): {points} Daily Conduct points in each remaining quarter",
					grade=target.grade,
					score=fmt(target.score),
					points=fmt(target.per_quarter),
				)
			)
		elif target.reason == "no_quarter_left":
			trail.append(TrailLine.of("{grade}: no quarter of the year is left to score", grade=target.grade))
		elif target.reason == "awaits_evaluation":
			trail.append(
				TrailLine.of(
					"{grade} (from {score}): out of reach with Daily Conduct alone until an evaluation round is held",
					grade=target.grade,
					score=fmt(target.score),
				)
			)
		elif target.reason == "above_cap":
			trail.append(
				TrailLine.of(
					"{grade} (from {score}): out of reach with Daily Conduct alone",
					grade=target.grade,
					score=fmt(target.score),
				)
			)
	return trail
