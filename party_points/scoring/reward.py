"""Rewards (奖励积分): catalogue amounts, a variable "other" reward, and the yearly cap."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from party_points.scoring.errors import CapError, UnknownCodeError
from party_points.scoring.numbers import ZERO, Number, fmt, to_decimal
from party_points.scoring.scheme import REWARD, Scheme
from party_points.scoring.trail import TrailLine


@dataclass(frozen=True)
class RewardClaim:
	reward_type: str
	points: Decimal | None = None
	"""None takes the catalogue amount; a variable reward must name its amount."""
	ref: str = ""

	@classmethod
	def of(cls, reward_type: str, points: Number | None = None, ref: str = "") -> "RewardClaim":
		return cls(reward_type, None if points is None else to_decimal(points, "points"), ref)


@dataclass(frozen=True)
class RewardLine:
	ref: str
	reward_type: str
	points: Decimal
	counted: Decimal
	excess: Decimal


@dataclass(frozen=True)
class RewardResult:
	claimed: Decimal
	counted: Decimal
	excess: Decimal
	lines: tuple[RewardLine, ...]
	cap: Decimal = ZERO

	@property
	def capped(self) -> bool:
		return self.excess > 0

	def record(self) -> dict:
		"""What the explanation says, compact and JSON-ready (see :func:`reward_trail`)."""
		return {
			"rewards": [[line.reward_type, str(line.points), str(line.counted)] for line in self.lines],
			"reward_cap": str(self.cap),
		}

	def trail(self, scheme: Scheme) -> tuple[TrailLine, ...]:
		return tuple(reward_trail(self.record(), scheme))


def reward_trail(record: dict, scheme: Scheme | None) -> list[TrailLine]:
	"""Each reward as it counted, and what went over the yearly cap, from a :meth:`RewardResult.record`;
	labels from ``scheme`` (the code, if it no longer has the reward)."""
	trail: list[TrailLine] = []
	for code, points, counted in record.get("rewards", ()):
		found = scheme and scheme.reward_type(code)
		label = found.label if found else code
		points, counted = Decimal(points), Decimal(counted)
		if counted == points:
			trail.append(TrailLine.of("Reward {reward}: {points} points", reward=label, points=fmt(points)))
		else:
			trail.append(
				TrailLine.of(
					"Reward {reward}: {points} points, {counted} counted, {excess} over the yearly cap of {cap}",
					reward=label,
					points=fmt(points),
					counted=fmt(counted),
					excess=fmt(points - counted),
					cap=fmt(Decimal(record["reward_cap"])),
				)
			)
	return trail


def claim_points(scheme: Scheme, reward_type: str, points: Number | None = None) -> Decimal:
	"""The amount of one claim: the catalogue amount, or for a variable reward 0 < amount <= its limit."""
	reward = scheme.reward_type(reward_type)
	if reward is None:
		raise UnknownCodeError(kind="reward type", code=reward_type)
	if not reward.variable:
		if points is not None and to_decimal(points, "points") != reward.points:
			raise CapError(
				"The reward {reward} is worth {amount} points, not {value}",
				reward=reward.code,
				amount=fmt(reward.points),
				value=fmt(to_decimal(points, "points")),
			)
		return reward.points
	if points is None:
		raise CapError("The reward {reward} needs an amount", reward=reward.code)
	value = to_decimal(points, "points")
	if not ZERO < value <= reward.points:
		raise CapError(what=reward.code, low="0", high=fmt(reward.points), value=fmt(value))
	return value


def score_rewards(scheme: Scheme, claims: Iterable[RewardClaim]) -> RewardResult:
	"""Claims count in the order given (chronological) until the yearly cap; the rest is excess, kept."""
	cap = scheme.cap(REWARD)
	lines: list[RewardLine] = []
	room = cap
	for claim in claims:
		points = claim_points(scheme, claim.reward_type, claim.points)
		counted = min(points, room)
		room -= counted
		lines.append(RewardLine(claim.ref, claim.reward_type, points, counted, points - counted))
	claimed = sum((line.points for line in lines), ZERO)
	counted = sum((line.counted for line in lines), ZERO)
	return RewardResult(claimed, counted, claimed - counted, tuple(lines), cap)
