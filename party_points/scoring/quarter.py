"""A member's Daily Conduct for one quarter, from ledger entries."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from party_points.scoring.errors import CapError, UnknownCodeError
from party_points.scoring.numbers import ZERO, Number, clamp, fmt, to_decimal
from party_points.scoring.reward import reward_trail
from party_points.scoring.scheme import Scheme, ScoringItem
from party_points.scoring.trail import TrailLine


@dataclass(frozen=True)
class Entry:
	"""One ledger line as the core sees it. A reversal is simply an entry with the opposite points."""

	item: str
	points: Decimal
	source: str = ""
	ref: str = ""
	occurrences: int = 1
	"""How many ledger lines this entry stands for (the ledger may hand over per-item sums)."""

	@classmethod
	def of(cls, item: str, points: Number, source: str = "", ref: str = "") -> "Entry":
		return cls(item, to_decimal(points, "points"), source, ref)


class ItemResult(NamedTuple):
	code: str
	raw: Decimal
	counted: Decimal
	entries: int


class DimensionResult(NamedTuple):
	code: str
	start: Decimal
	additions: Decimal
	deductions: Decimal
	raw: Decimal
	"""start + additions + deductions, before clamping to [0, cap]."""
	value: Decimal
	cap: Decimal


@dataclass(frozen=True)
class QuarterResult:
	dimensions: dict[str, DimensionResult]
	items: dict[str, ItemResult]
	total: Decimal
	scheme: Scheme = field(repr=False, compare=False, default=None)

	def value(self, dimension: str) -> Decimal:
		return self.dimensions[dimension].value

	@cached_property
	def trail(self) -> tuple[TrailLine, ...]:
		"""The explanation, built when first asked for (a grade alone does not need it)."""
		return quarter_trail(self)


def score_quarter(entries: Iterable[Entry], scheme: Scheme) -> QuarterResult:
	"""Each dimension = its start + the items' counted points, clamped to [0, cap].

	An item's points in the quarter are summed first and then held to its quarterly limit
	(for a deduction item, the most it may deduct). The order of entries never matters.
	"""
	raw: dict[str, Decimal] = {}
	counts: dict[str, int] = {}
	known = scheme.item
	for entry in entries:
		code = entry.item
		if code in raw:
			raw[code] += entry.points
			counts[code] += entry.occurrences
		elif known(code) is None:
			raise UnknownCodeError(kind="scoring item", code=code)
		else:
			raw[code] = entry.points
			counts[code] = entry.occurrences

	items: dict[str, ItemResult] = {}
	dimensions: dict[str, DimensionResult] = {}
	total = ZERO
	for dim, dim_items in scheme.items_by_dimension:
		additions = deductions = ZERO
		for item in dim_items:
			points = raw.get(item.code)
			if points is None:
				continue
			limit = item.quarter_limit
			counted = points if limit is None or -limit <= points <= limit else clamp(points, -limit, limit)
			items[item.code] = ItemResult(item.code, points, counted, counts[item.code])
			if counted > 0:
				additions += counted
			else:
				deductions += counted
		before = dim.start + additions + deductions
		value = before if ZERO <= before <= dim.cap else clamp(before, ZERO, dim.cap)
		dimensions[dim.code] = DimensionResult(
			dim.code, dim.start, additions, deductions, before, value, dim.cap
		)
		total += value
	return QuarterResult(dimensions, items, total, scheme)


def quarter_record(result: QuarterResult) -> dict:
	"""What the explanation says, as compact JSON-ready data: stored with a score, rendered when read.

	Items in the scheme's order as [code, entries, points, counted]; dimensions as
	[code, start, additions, deductions, result, cap, before clamping]; figures as exact decimal text.
	Labels are not stored: the scheme gives them when the explanation is rendered.
	"""
	items = result.items
	return {
		"items": [
			[code, line.entries, str(line.raw), str(line.counted)]
			for code in result.scheme.item_codes
			if (line := items.get(code)) is not None
		],
		"dimensions": [
			[d.code, str(d.start), str(d.additions), str(-d.deductions), str(d.value), str(d.cap), str(d.raw)]
			for d in result.dimensions.values()
		],
		"total": str(result.total),
	}


def quarter_trail(result: QuarterResult) -> tuple[TrailLine, ...]:
	return tuple(record_trail(quarter_record(result), result.scheme))


def label_of(scheme: Scheme | None, kind: str, code: str) -> str:
	"""An item's or dimension's label in the scheme, or the code itself if the scheme no longer has it."""
	found = scheme and (scheme.item(code) if kind == "item" else scheme.dimension(code))
	return found.label if found else code


def record_trail(record: dict, scheme: Scheme | None) -> list[TrailLine]:
	"""The explanation of a quarter from its :func:`quarter_record`: what counted and what was clamped."""
	trail: list[TrailLine] = []
	for code, count, raw, counted in record["items"]:
		trail.append(
			TrailLine.of(
				"{item} ({code}): {count} entries, {points} points",
				item=label_of(scheme, "item", code),
				code=code,
				count=count,
				points=fmt(Decimal(raw)),
			)
		)
		if Decimal(counted) != Decimal(raw):  # held: the counted points are the limit, signed
			trail.append(
				TrailLine.of(
					"{code}: {points} is held to the quarterly limit of {limit}",
					code=code,
					points=fmt(Decimal(raw)),
					limit=fmt(abs(Decimal(counted))),
				)
			)
	for code, start, additions, deductions, value, cap, raw in record["dimensions"]:
		label = label_of(scheme, "dimension", code)
		trail.append(
			TrailLine.of(
				"{dimension}: start {start}, added {additions}, deducted {deductions}, result {value} of {cap}",
				dimension=label,
				start=fmt(Decimal(start)),
				additions=fmt(Decimal(additions)),
				deductions=fmt(Decimal(deductions)),
				value=fmt(Decimal(value)),
				cap=fmt(Decimal(cap)),
			)
		)
		if Decimal(raw) > Decimal(cap):
			trail.append(
				TrailLine.of(
					"{dimension}: {raw} is above the cap, counted as {cap}",
					dimension=label,
					raw=fmt(Decimal(raw)),
					cap=fmt(Decimal(cap)),
				)
			)
		elif Decimal(raw) < 0:
			trail.append(
				TrailLine.of(
					"{dimension}: {raw} is below zero, counted as 0", dimension=label, raw=fmt(Decimal(raw))
				)
			)
	trail.append(TrailLine.of("Daily Conduct total: {total}", total=fmt(Decimal(record["total"]))))
	return trail


def score_trail(stored: dict | list, scheme: Scheme | None) -> list[TrailLine]:
	"""A Member Score's explanation from what it stores: a quarter and reward record (``"v": 2``) whose
	labels come from ``scheme``, or the rendered lines that earlier versions stored."""
	if isinstance(stored, dict):
		return [*record_trail(stored, scheme), *reward_trail(stored, scheme)]
	return [TrailLine(line["template"], tuple(line["params"].items())) for line in stored]


def check_entry(scheme: Scheme, item_code: str, points: Number) -> Decimal:
	"""Points of a new (non-reversing) entry: a known item, the item's sign, within its quarterly limit."""
	item = scheme.item(item_code)
	if item is None:
		raise UnknownCodeError(kind="scoring item", code=item_code)
	value = to_decimal(points, "points")
	if item.points > 0 and value <= 0:
		raise CapError(
			"The item {item} adds points, so {value} must be above zero", item=item.code, value=fmt(value)
		)
	if item.points < 0 and value >= 0:
		raise CapError(
			"The item {item} deducts points, so {value} must be below zero", item=item.code, value=fmt(value)
		)
	if item.quarter_limit is not None and abs(value) > item.quarter_limit:
		low, high = (ZERO, item.quarter_limit) if item.points > 0 else (-item.quarter_limit, ZERO)
		raise CapError(what=item.code, low=fmt(low), high=fmt(high), value=fmt(value))
	return value


def application_item(scheme: Scheme) -> ScoringItem:
	"""The item a member applies for each quarter (Work Achievement): the one recorded by the member."""
	for item in scheme.items:
		if item.recorded_by == "member":
			return item
	raise UnknownCodeError("The points scheme has no item recorded by the member's application")


def check_application_score(scheme: Scheme, value: Number) -> Decimal:
	"""A self-assessed or approved Work Achievement: between 0 and the item's quarterly limit (20)."""
	item = application_item(scheme)
	score = to_decimal(value, "score")
	high = item.quarter_limit if item.quarter_limit is not None else scheme.dimension(item.dimension).cap
	if not ZERO <= score <= high:
		raise CapError(what=item.label, low="0", high=fmt(high), value=fmt(score))
	return score
