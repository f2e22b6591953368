"""Democratic Evaluation (民主评议): a grade and a score inside that grade's band, weighted per round."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from party_points.scoring.errors import BandError, ScoringError, UnknownCodeError
from party_points.scoring.numbers import ZERO, Number, fmt, to_decimal
from party_points.scoring.scheme import EVALUATION, Scheme
from party_points.scoring.trail import TrailLine


@dataclass(frozen=True)
class Evaluation:
	round: str
	grade: str | None
	"""None for an evaluation read back from the ledger, which keeps the weighted points, not the grade."""
	score: Decimal

	@classmethod
	def of(cls, round: str, grade: str, score: Number) -> "Evaluation":
		return cls(round, grade, to_decimal(score, "score"))


def posted_evaluations(scheme: Scheme, posted: Iterable[tuple[str, Number]]) -> list[Evaluation]:
	"""The evaluations behind the ledger's evaluation entries: (round, points posted) pairs.

	An evaluation posts score × the round's weight, so the score is the round's posted sum over its
	weight. The ledger is the one source of the evaluation for the quarter and the year alike: a
	reversed entry no longer counts in either. A round the scheme no longer has keeps its points as
	they are; :func:`evaluation_points` then says that it is not counted.
	"""
	sums: dict[str, Decimal] = {}
	for code, points in posted:
		sums[code] = sums.get(code, ZERO) + to_decimal(points, "points")
	out = []
	for code, points in sums.items():
		rnd = scheme.evaluation_round(code)
		out.append(Evaluation(code, None, points / rnd.weight if rnd and rnd.weight else points))
	return out


@dataclass(frozen=True)
class EvaluationTotal:
	points: Decimal
	weights: dict[str, Decimal]
	"""The weight each round carried for this member (normalised over the rounds they were eligible for)."""
	notes: tuple[tuple, ...] = field(default=(), repr=False, compare=False)
	"""Per round: (label,) not evaluated, (label, grade, score, weight, points) counted (grade None when
	read from the ledger), (code, None) held outside the membership, or (code, False) not a round of
	the scheme; the trail is written from these when asked for."""

	@cached_property
	def trail(self) -> tuple[TrailLine, ...]:
		lines = []
		for note in self.notes:
			if len(note) == 1:
				lines.append(TrailLine.of("{round}: not evaluated, counts 0", round=note[0]))
			elif note[1] is None:
				lines.append(TrailLine.of("{round}: held outside the membership, not counted", round=note[0]))
			elif note[1] is False:
				lines.append(TrailLine.of("{round}: not a round of the scheme, not counted", round=note[0]))
			elif note[1] == "":
				label, _grade, score, weight, points = note
				lines.append(
					TrailLine.of(
						"{round}: {score} × {weight}% = {points}",
						round=label,
						score=fmt(score),
						weight=fmt(weight * 100),
						points=fmt(points),
					)
				)
			else:
				label, grade, score, weight, points = note
				lines.append(
					TrailLine.of(
						"{round}: {grade} {score} × {weight}% = {points}",
						round=label,
						grade=grade,
						score=fmt(score),
						weight=fmt(weight * 100),
						points=fmt(points),
					)
				)
		return tuple(lines)


def check_evaluation(scheme: Scheme, grade: str, score: Number) -> Decimal:
	"""The score, if it lies inside the grade's band; otherwise BandError."""
	band = scheme.evaluation_band(grade)
	if band is None:
		raise UnknownCodeError(kind="grade", code=grade)
	value = to_decimal(score, "score")
	if not band.low <= value <= band.high:
		raise BandError(score=fmt(value), low=fmt(band.low), high=fmt(band.high), grade=grade)
	return value


def evaluation_points(
	scheme: Scheme, evaluations: Iterable[Evaluation], member_quarters: Iterable[int] = (1, 2, 3, 4)
) -> EvaluationTotal:
	"""Σ score × weight over the rounds the member was eligible for.

	A round is eligible when the member was a member in one of its quarters. When a member was not
	eligible for every round (joined or left mid-year), the weights of the eligible rounds are scaled
	to add up to 1, as Daily Conduct is averaged over the quarters of membership. A round that was
	eligible but not held for the member counts 0.
	"""
	quarters = set(member_quarters)
	eligible = [r for r in scheme.evaluation_rounds if quarters & set(r.quarters)]
	total_weight = sum((r.weight for r in eligible), ZERO)
	by_round: dict[str, Evaluation] = {}
	unknown: list[str] = []
	for evaluation in evaluations:
		if scheme.evaluation_round(evaluation.round) is None:
			if evaluation.grade is None:  # read from the ledger under a scheme without the round
				unknown.append(evaluation.round)
				continue
			raise UnknownCodeError(kind="evaluation round", code=evaluation.round)
		if evaluation.round in by_round:
			raise ScoringError("The member has more than one {round} evaluation", round=evaluation.round)
		if evaluation.grade is not None:
			check_evaluation(scheme, evaluation.grade, evaluation.score)
		by_round[evaluation.round] = evaluation

	notes: list[tuple] = []
	weights: dict[str, Decimal] = {}
	points = ZERO
	for rnd in eligible:
		weight = rnd.weight / total_weight
		weights[rnd.code] = weight
		evaluation = by_round.get(rnd.code)
		if evaluation is None:
			notes.append((rnd.label,))
			continue
		contribution = evaluation.score * weight
		points += contribution
		notes.append((rnd.label, evaluation.grade or "", evaluation.score, weight, contribution))
	notes.extend((code, None) for code in by_round if code not in weights)
	notes.extend((code, False) for code in unknown)
	cap = scheme.cap(EVALUATION)
	return EvaluationTotal(min(points, cap), weights, tuple(notes))
