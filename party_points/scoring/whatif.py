"""What-if: a past year re-scored under a draft scheme, from the same ledger, beside what applied.

Before the Party Committee adopts next year's scheme (积分细则) it asks what the draft would have
done to this year. Every entry of the ledger counts what the draft would have posted for it:

- a Daily Conduct item with a fixed amount (an attendance, a recorder's entry at the item's points)
  counts the draft's points per occurrence; a variable one (the member's application, or an entry the
  recorder posted at another amount) counts what was posted; either is then held to the draft's limits,
  starts and caps;
- an evaluation keeps the score the member was given, weighted by the draft's rounds;
- a catalogue reward counts the draft's amount; a variable reward ("other") what was posted, at most
  the draft's limit; the draft's yearly cap applies;
- an item, reward or evaluation round the draft does not have counts nothing, and is named.

The year is then rated by the core exactly as the Annual Rating rates it (``score_year`` with the
ledger's entries), under the draft's bands, aggregation and veto.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from party_points.scoring.numbers import Number, to_decimal
from party_points.scoring.posting import Posted
from party_points.scoring.quarter import Entry, score_quarter
from party_points.scoring.ranking import grade_change
from party_points.scoring.scheme import DAILY_CONDUCT, EVALUATION, REWARD, Scheme
from party_points.scoring.year import YearResult, score_year


def _fixed(item) -> bool:
	return item is not None and item.recorded_by != "member" and item.points != 0


def _daily_plan(applied: Scheme, draft: Scheme) -> dict[str, tuple[Decimal, Decimal] | None]:
	"""Each item of the draft: its (applied, draft) points per occurrence where a fixed amount changes, else
	None (it counts as posted). An item missing from the plan is not in the draft."""
	plan = {}
	for new in draft.items:
		old = applied.item(new.code)
		plan[new.code] = (
			(old.points, new.points) if _fixed(old) and _fixed(new) and old.points != new.points else None
		)
	return plan


_PLANS: dict[tuple[int, int], tuple[Scheme, Scheme, dict]] = {}


def daily_plan(applied: Scheme, draft: Scheme) -> dict[str, tuple[Decimal, Decimal] | None]:
	""":func:`_daily_plan`, worked out once per pair of schemes (a whole organisation's year re-prices with
	a handful of pairs)."""
	key = (id(applied), id(draft))
	found = _PLANS.get(key)
	if found is None or found[0] is not applied or found[1] is not draft:
		if len(_PLANS) > 64:
			_PLANS.clear()
		found = _PLANS[key] = (applied, draft, _daily_plan(applied, draft))
	return found[2]


def reprice_daily(entries: Iterable[Entry], applied: Scheme, draft: Scheme) -> tuple[list[Entry], set[str]]:
	"""A quarter's Daily Conduct entries (per-item sums, as the ledger hands them over) as the draft counts
	them, and the codes of the items the draft does not have."""
	plan = daily_plan(applied, draft)
	out: list[Entry] = []
	dropped: set[str] = set()
	for entry in entries:
		if entry.item not in plan:
			dropped.add(entry.item)
			continue
		prices = plan[entry.item]
		if prices is not None and entry.points == prices[0] * entry.occurrences:
			out.append(Entry(entry.item, prices[1] * entry.occurrences, occurrences=entry.occurrences))
		else:
			out.append(entry)
	return out, dropped


def reprice_posted(posted: Iterable[Posted], applied: Scheme, draft: Scheme) -> tuple[list[Posted], set[str]]:
	"""The year's evaluation and reward entries as the draft counts them (in posting order), and the codes
	of the rounds and rewards the draft does not have. Daily Conduct entries are passed over."""
	out: list[Posted] = []
	dropped: set[str] = set()
	for entry in posted:
		if entry.part == EVALUATION:
			new = draft.evaluation_round(entry.code)
			if new is None:
				dropped.add(entry.code)
				continue
			old = applied.evaluation_round(entry.code)
			score = entry.points / old.weight if old is not None and old.weight else entry.points
			out.append(Posted(EVALUATION, entry.code, score * new.weight, entry.quarter, entry.ref))
		elif entry.part == REWARD:
			new = draft.reward_type(entry.code)
			if new is None:
				dropped.add(entry.code)
				continue
			points = min(entry.points, new.points) if new.variable else new.points
			out.append(Posted(REWARD, entry.code, points, entry.quarter, entry.ref))
		elif entry.part != DAILY_CONDUCT:
			out.append(entry)
	return out, dropped


@dataclass(frozen=True)
class YearComparison:
	applied: YearResult
	draft: YearResult
	dropped: tuple[str, ...] = ()
	"""Codes of the member's entries that the draft does not have (they count nothing under it)."""

	@property
	def difference(self) -> Decimal:
		return self.draft.total - self.applied.total

	@property
	def grade_change(self) -> int:
		"""Grades up (positive) or down (negative) under the draft."""
		return grade_change(self.applied.grade, self.draft.grade)


def compare_year(
	year: int,
	applied: Scheme,
	quarter_schemes: Mapping[int, Scheme],
	draft: Scheme,
	daily: Mapping[int, Iterable[Entry]],
	posted: Iterable[Posted],
	member_quarters: Iterable[int],
	violation: bool = False,
	recorded: Mapping[int, Number] | None = None,
) -> YearComparison:
	"""One member's year under the scheme that applied and under the draft, from the same entries.

	``applied`` is the year's scheme (the Annual Rating's), ``quarter_schemes`` each quarter's (the one its
	period was scored by; a quarter without a period counts the starting values). ``daily`` holds each
	quarter's Daily Conduct entries, ``posted`` the year's evaluation and reward entries in posting order.
	``recorded`` gives the quarters' Daily Conduct as their Member Scores hold it, which the Annual Rating
	reads (the same figure while the score is current); a quarter without one is scored from its entries.
	Raises NotRatedError when the member was a member in no quarter of the year.
	"""
	recorded = recorded or {}
	quarters = tuple(sorted(set(member_quarters)))
	posted = list(posted)
	applied_totals, draft_totals, dropped = {}, {}, set()
	for quarter in quarters:
		scheme = quarter_schemes.get(quarter)
		if scheme is None:
			continue
		entries = list(daily.get(quarter, ()))
		known = recorded.get(quarter)
		applied_totals[quarter] = score_quarter(entries, scheme).total if known is None else to_decimal(known)
		repriced, missing = reprice_daily(entries, scheme, draft)
		draft_totals[quarter] = score_quarter(repriced, draft).total
		dropped |= missing
	draft_posted, missing = reprice_posted(posted, applied, draft)
	dropped |= missing
	before = score_year(
		applied, year, applied_totals, member_quarters=quarters, violation=violation, posted=posted
	)
	after = score_year(
		draft, year, draft_totals, member_quarters=quarters, violation=violation, posted=draft_posted
	)
	return YearComparison(before, after, tuple(sorted(dropped)))
