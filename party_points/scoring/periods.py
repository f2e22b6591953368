"""Quarters and membership over a year."""

from datetime import date
from functools import lru_cache


def quarter_of(day: date) -> int:
	return (day.month - 1) // 3 + 1


def quarter_dates(year: int, quarter: int) -> tuple[date, date]:
	if quarter not in (1, 2, 3, 4):
		raise ValueError(f"quarter must be 1 to 4, not {quarter}")
	start = date(year, 3 * quarter - 2, 1)
	end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
	return start, date.fromordinal(end.toordinal() - 1)


def was_member(joined: date | None, left: date | None, start: date, end: date) -> bool:
	"""Whether someone who joined and left on these dates (None: not set) was a member on a day of [start, end].

	The one membership rule: a quarter's ledger, its close and the year's rating all read it.
	"""
	return (joined is None or joined <= end) and (left is None or left >= start)


@lru_cache(maxsize=4096)
def membership_quarters(year: int, joined: date | None, left: date | None = None) -> tuple[int, ...]:
	"""The quarters of the year in which the person was a member for at least one day."""
	return tuple(q for q in (1, 2, 3, 4) if was_member(joined, left, *quarter_dates(year, q)))


def period_label(year: int, quarter: int) -> str:
	return f"{year}-Q{quarter}"
