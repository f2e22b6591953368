"""The general members' meeting (党员大会评定): its quorum, as a rule given as data (DOMAIN.md §3).

The default: more than half of the branch's members who were members in the period. A company may
set another share (two thirds, 3/4, 60%) and whether it is "more than" or "at least" that share.
Figures are exact (fractions): two thirds of 9 members is 6, never 6.0003.
"""

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from party_points.scoring.errors import ScoringError
from party_points.scoring.trail import TrailLine

MORE_THAN = "More than"
AT_LEAST = "At least"
QUORUM_COMPARISONS = (MORE_THAN, AT_LEAST)

ATTENDED_STATUSES = ("Present", "Late", "Left Early")
"""Attendance statuses of someone who was at the meeting (late or not); Absent and Excused were not."""


class QuorumRuleError(ScoringError):
	template = (
		"The quorum share must be a fraction above 0 and at most 1, such as 1/2, 2/3 or 50%, not {value}"
	)


def parse_share(value: object) -> Fraction:
	"""A share of the members, from the settings' text: ``1/2``, ``2/3``, ``50%``, ``0.5`` (0 < share <= 1)."""
	text = str(value if value is not None else "").strip().replace(" ", "")
	try:
		if text.endswith("%"):
			share = Fraction(Decimal(text[:-1])) / 100
		elif "/" in text:
			numerator, denominator = text.split("/", 1)
			share = Fraction(int(numerator), int(denominator))
		else:
			share = Fraction(Decimal(text))
	except (ValueError, ZeroDivisionError, InvalidOperation):
		raise QuorumRuleError(value=value) from None
	if not 0 < share <= 1:
		raise QuorumRuleError(value=value)
	return share


def share_text(share: Fraction) -> str:
	"""``1/2``, ``2/3``; a whole share as ``1``."""
	return str(share.numerator) if share.denominator == 1 else f"{share.numerator}/{share.denominator}"


@dataclass(frozen=True)
class QuorumRule:
	share: Fraction = Fraction(1, 2)
	comparison: str = MORE_THAN
	"""``More than`` the share of the members (the default), or ``At least`` that share."""

	def __post_init__(self) -> None:
		if self.comparison not in QUORUM_COMPARISONS:
			raise ScoringError("Unknown quorum comparison {value}", value=self.comparison)
		if not 0 < self.share <= 1:
			raise QuorumRuleError(value=share_text(self.share))
		if self.comparison == MORE_THAN and self.share == 1:
			raise ScoringError("A quorum of more than all the members can never be reached")

	@classmethod
	def of(cls, share: object = "1/2", comparison: str | None = None) -> "QuorumRule":
		return cls(parse_share(share), comparison or MORE_THAN)

	def needed(self, members: int) -> int:
		"""How many of ``members`` must attend: more than half of 9 is 5, of 8 also 5; at least half of 8 is 4."""
		if members < 0:
			raise ScoringError("A branch cannot have {count} members", count=members)
		part = self.share * members
		if self.comparison == MORE_THAN:
			return math.floor(part) + 1
		return math.ceil(part)

	def describe(self) -> TrailLine:
		"""The rule in words, for people (the Frappe layer translates it)."""
		if self.comparison == MORE_THAN:
			return TrailLine.of(
				"more than {share} of the members in the period", share=share_text(self.share)
			)
		return TrailLine.of("at least {share} of the members in the period", share=share_text(self.share))


@dataclass(frozen=True)
class Quorum:
	members: int
	"""The roster: the branch's members who were members in the period."""
	present: int
	"""Members of the roster who attended."""
	needed: int
	rule: QuorumRule

	@property
	def reached(self) -> bool:
		return self.present >= self.needed

	@property
	def missing(self) -> int:
		"""How many more members of the roster were needed (0 when the quorum was reached)."""
		return max(0, self.needed - self.present)

	@property
	def absent(self) -> int:
		return self.members - self.present


def attended(status: str | None) -> bool:
	return status in ATTENDED_STATUSES


def quorum(members: int, present: int, rule: QuorumRule | None = None) -> Quorum:
	"""The quorum of a meeting of a branch of ``members`` (the period's roster) that ``present`` of them attended."""
	rule = rule or QuorumRule()
	if not 0 <= present <= members:
		raise ScoringError(
			"{present} members cannot attend a meeting of a branch of {members}",
			present=present,
			members=members,
		)
	return Quorum(members, present, rule.needed(members), rule)
