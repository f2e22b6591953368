"""The annual rating service: load a year for many members in a fixed number of queries, rate with the core.

The year reads its Daily Conduct from the Member Scores and its evaluation and reward from the
ledger, through the same core rule (:func:`party_points.scoring.year_to_date`) as each quarter's
score: a reversed evaluation entry changes the quarter and the year alike.
"""

from collections import defaultdict

import frappe

from party_points.constants import SCORE
from party_points.loaders import (
	get_members,
	load_effective_entries,
	posted,
	quarters_of_years,
	scheme_for_year,
)
from party_points.scoring import (
	EVALUATION,
	REWARD,
	NotRatedError,
	YearResult,
	membership_quarters,
	score_year,
	to_decimal,
)


def compute_ratings(members: list[str], year: int) -> dict[str, YearResult | NotRatedError]:
	"""Each member's YearResult (or the NotRatedError saying why not), from scores, ledger and records."""
	scheme = scheme_for_year(year)
	info = get_members(members)

	quarters: dict[str, dict[int, object]] = defaultdict(dict)
	for row in frappe.get_all(
		SCORE,
		filters={"member": ("in", members or [""]), "year": year},
		fields=["member", "quarter", "daily_conduct"],
	):
		quarters[row.member][row.quarter] = to_decimal(row.daily_conduct)

	entries = load_effective_entries(set(members), {year}, parts=(EVALUATION, REWARD))
	quarter_of = quarters_of_years([year])
	violations = set(
		frappe.get_all(
			"Discipline Record",
			filters={"member": ("in", members or [""]), "year": year, "docstatus": 1},
			pluck="member",
		)
	)
	previous = dict(
		frappe.get_all(
			"Annual Rating",
			filters={"member": ("in", members or [""]), "year": year - 1, "docstatus": 1},
			fields=["member", "grade"],
			as_list=True,
		)
	)

	out: dict[str, YearResult | NotRatedError] = {}
	for member in members:
		m = info.get(member)
		if m is None:
			continue
		try:
			out[member] = score_year(
				scheme,
				year,
				quarters[member],
				member_quarters=membership_quarters(year, m.join_date, m.leave_date),
				violation=member in violations,
				previous_grade=previous.get(member),
				posted=posted(entries[(member, year)], quarter_of),
			)
		except NotRatedError as error:
			out[member] = error
	return out
