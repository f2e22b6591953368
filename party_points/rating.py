"""The annual rating service: load a year for many members in a fixed number of queries, rate with the core."""

from collections import defaultdict

import frappe

from party_points.ledger import get_active_scheme_name, get_members, get_scheme, load_effective_entries
from party_points.scoring import (
	REWARD,
	Evaluation,
	NotRatedError,
	RewardClaim,
	YearResult,
	membership_quarters,
	score_year,
	to_decimal,
)


def scheme_for_year(year: int):
	return get_scheme(get_active_scheme_name(year))


def compute_ratings(members: list[str], year: int) -> dict[str, YearResult | NotRatedError]:
	"""Each member's YearResult (or the NotRatedError saying why not), from scores, evaluations, ledger, records."""
	scheme = scheme_for_year(year)
	info = get_members(members)

	quarters: dict[str, dict[int, object]] = defaultdict(dict)
	for row in frappe.get_all(
		"Member Score",
		filters={"member": ("in", members or [""]), "year": year},
		fields=["member", "quarter", "daily_conduct"],
	):
		quarters[row.member][row.quarter] = to_decimal(row.daily_conduct)

	evaluation = frappe.qb.DocType("Democratic Evaluation")
	result = frappe.qb.DocType("Evaluation Result")
	evaluations: dict[str, list[Evaluation]] = defaultdict(list)
	for row in (
		frappe.qb.from_(result)
		.join(evaluation)
		.on(result.parent == evaluation.name)
		.select(result.member, evaluation.evaluation_round, result.grade, result.score)
		.where(evaluation.docstatus == 1)
		.where(evaluation.year == year)
		.where(result.member.isin(members or [""]))
	).run(as_dict=True):
		evaluations[row.member].append(Evaluation(row.evaluation_round, row.grade, to_decimal(row.score)))

	entries = load_effective_entries(set(members), {year}, parts=(REWARD,))
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
		rewards = [
			RewardClaim(e.scoring_item, to_decimal(e.points), e.name)
			for e in entries[(member, year)]
			if e.part == REWARD
		]
		try:
			out[member] = score_year(
				scheme,
				year,
				quarters[member],
				member_quarters=membership_quarters(year, m.join_date, m.leave_date),
				evaluations=evaluations[member],
				rewards=rewards,
				violation=member in violations,
				previous_grade=previous.get(member),
			)
		except NotRatedError as error:
			out[member] = error
	return out
