"""A member's Daily Conduct for one quarter, from ledger entries."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from party_points.scoring.errors import CapError, UnknownCodeError
from party_points.scoring.numbers import ZERO, Number, clamp, fmt, to_decimal
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


@dataclass(frozen=True)
class ItemResult:
	code: str
	raw: Decimal
	counted: Decimal
	entries: int


@dataclass(frozen=True)
class DimensionResult:
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
	trail: tuple[TrailLine, ...]

	def value(self, dimension: str) -> Decimal:
		return self.dimensions[dimension].value


def score_quarter(entries: Iterable[Entry], scheme: Scheme) -> QuarterResult:
	"""Each dimension = its start + the items' counted points, clamped to [0, cap].

	An item's points in the quarter are summed first and then held to its quarterly limit
	(for a deduction item, the most it may deduct). The order of entries never matters.
	"""
	raw: dict[str, Decimal] = {}
	counts: dict[str, int] = {}
	for entry in entries:
		item = scheme.item(entry.item)
		if item is None:
			raise UnknownCodeError(kind="scoring item", code=entry.item)
		raw[entry.item] = raw.get(entry.item, ZERO) + entry.points
		counts[entry.item] = counts.get(entry.item, 0) + entry.occurrences

	trail: list[TrailLine] = []
	items: dict[str, ItemResult] = {}
	for item in scheme.items:
		if item.code not in raw:
			continue
		total = raw[item.code]
		counted = total
		if item.quarter_limit is not None:
			counted = clamp(total, -item.quarter_limit, item.quarter_limit)
		items[item.code] = ItemResult(item.code, total, counted, counts[item.code])
		trail.append(
			TrailLine.of(
				"{item} ({code}): {count} entries, {points} points",
				item=item.label,
				code=item.code,
				count=counts[item.code],
				points=fmt(total),
			)
		)
		if counted != total:
			trail.append(
				TrailLine.of(
					"{code}: {points} is held to the quarterly limit of {limit}",
					code=item.code,
					points=fmt(total),
					limit=fmt(item.quarter_limit),
				)
			)

	dimensions: dict[str, DimensionResult] = {}
	for dim in scheme.dimensions:
		counted = [items[i.code].counted for i in scheme.items_of(dim.code) if i.code in items]
		additions = sum((p for p in counted if p > 0), ZERO)
		deductions = sum((p for p in counted if p < 0), ZERO)
		before = dim.start + additions + deductions
		value = clamp(before, ZERO, dim.cap)
		dimensions[dim.code] = DimensionResult(
			dim.code, dim.start, additions, deductions, before, value, dim.cap
		)
		trail.append(
			TrailLine.of(
				"{dimension}: start {start}, added {additions}, deducted {deductions}, result {value} of {cap}",
				dimension=dim.label,
				start=fmt(dim.start),
				additions=fmt(additions),
				deductions=fmt(-deductions),
				value=fmt(value),
				cap=fmt(dim.cap),
			)
		)
		if before > dim.cap:
			trail.append(
				TrailLine.of(
					"{dimension}: {raw} is above the cap, counted as {cap}",
					dimension=dim.label,
					raw=fmt(before),
					cap=fmt(dim.cap),
				)
			)
		elif before < 0:
			trail.append(
				TrailLine.of(
					"{dimension}: {raw} is below zero, counted as 0", dimension=dim.label, raw=fmt(before)
				)
			)

	total = sum((d.value for d in dimensions.values()), ZERO)
	trail.append(TrailLine.of("Daily Conduct total: {total}", total=fmt(total)))
	return QuarterResult(dimensions, items, total, tuple(trail))


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
