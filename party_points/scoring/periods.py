"""Quarters and membership over a year."""

from datetime import date


def quarter_of(day: date) -> int:
	return (day.month - 1) // 3 + 1


def quarter_dates(year: int, quarter: int) -> tuple[date, date]:
	if quarter not in (1, 2, 3, 4):
		raise ValueError(f"quarter must be 1 to 4, not {quarter}")
	start = date(year, 3 * quarter - 2, 1)
	end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
	return start, date.fromordinal(end.toordinal() - 1)


def membership_quarters(year: int, joined: date | None, left: date | None = None) -> tuple[int, ...]:
	"""The quarters of the year in which the person was a member for at least one day."""
	out = []
	for quarter in (1, 2, 3, 4):
		start, end = quarter_dates(year, quarter)
		if (joined is None or joined <= end) and (left is None or left >= start):
			out.append(quarter)
	return tuple(out)


def period_label(year: int, quarter: int) -> str:
	return f"{year}-Q{quarter}"
