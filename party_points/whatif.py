"""What-if: a past year of the real ledger re-scored under a draft Points Scheme, beside the scheme that
applied. Nothing is written, and the draft stays as it is (never activated).

The draft's column re-scores each quarter's Daily Conduct from the ledger's item sums by
``scoring.score_quarter``, and the year by ``scoring.score_year`` with the year's evaluation and reward
entries, as ``rating.py`` rates it, each entry counted as the core's ``scoring.whatif`` rule says. The
column of the scheme that applied is the Annual Rating's: each quarter's Daily Conduct as its Member Score
recorded it (a quarter without a score is scored from the ledger under its period's scheme), and the year
under the year's scheme. A fixed number of queries, whatever the number of members.
"""

from collections import defaultdict
from decimal import Decimal

import frappe
from frappe import _
from frappe.query_builder.functions import IfNull

from party_points.constants import MEMBER, SCORE
from party_points.exceptions import NoSchemeError
from party_points.loaders import (
	MEMBER_FILTER_LIMIT,
	get_periods,
	get_scheme,
	load_effective_entries,
	posted,
	scheme_name_for_year,
)
from party_points.scoring import DAILY_CONDUCT, EVALUATION, REWARD, Entry, ScoringError, membership_quarters
from party_points.scoring.whatif import YearComparison, compare_year
from party_points.utils import translate_scoring_error


def year_members(year: int, branches: list[str] | None) -> list[frappe._dict]:
	"""Members of these branches (None: every branch) who were members at some time in the year (one query)."""
	pm = frappe.qb.DocType(MEMBER)
	query = (
		frappe.qb.from_(pm)
		.select(pm.name, pm.full_name, pm.party_branch, pm.join_date, pm.leave_date)
		.where(IfNull(pm.join_date, "1900-01-01") <= f"{year}-12-31")
		.where(IfNull(pm.leave_date, "9999-12-31") >= f"{year}-01-01")
		.orderby(pm.party_branch)
		.orderby(pm.full_name)
		.orderby(pm.name)
	)
	if branches is not None:
		query = query.where(pm.party_branch.isin(branches or [""]))
	return query.run(as_dict=True)


ITEM, FIELD = "\x1e", "\x1f"
"""Separators of the item sums a member's row carries: control characters no scoring item code holds."""


def load_item_sums(period: str, members: set[str] | None) -> dict[str, list[Entry]]:
	"""A period's Daily Conduct per member as one summed Entry per item, like ``loaders.load_daily_sums``,
	but one row per member instead of one per item: the database sums by the covering ledger index and
	joins each member's item sums into one text, which Python splits. At company scale the rows a driver
	reads, not the sums, are what a year's re-scoring spends its time on (a twelfth of the rows).
	"""
	few = members is not None and len(members) <= MEMBER_FILTER_LIMIT
	if members is not None and not members:
		return {}
	rows = frappe.db.sql(
		f"""select member, group_concat(concat_ws('{FIELD}', scoring_item, points, n) order by scoring_item separator '{ITEM}')
		from (
			select member, scoring_item, sum(points) as points, count(*) as n
			from `tabPoints Ledger Entry`
			where assessment_period = %(period)s and part = %(part)s
				and is_reversed = 0 and (reverses is null or reverses = '')
				{"and member in %(members)s" if few else ""}
			group by member, scoring_item
		) as sums
		group by member""",
		{"period": period, "part": DAILY_CONDUCT, "members": tuple(sorted(members)) if few else ()},
	)
	out: dict[str, list[Entry]] = {}
	for member, text in rows:
		if members is not None and member not in members:
			continue
		entries = out[member] = []
		for item in text.split(ITEM):
			code, points, count = item.split(FIELD)
			entries.append(Entry(code, Decimal(points), occurrences=int(count)))
	return out


def recorded_quarters(year: int, members: set[str]) -> dict[str, dict[int, float]]:
	"""Each member's Daily Conduct per quarter as their Member Scores of the year hold it (one query), which
	is what the Annual Rating reads for the scheme that applied."""
	score = frappe.qb.DocType(SCORE)
	query = (
		frappe.qb.from_(score)
		.select(score.member, score.quarter, score.daily_conduct)
		.where(score.year == year)
	)
	if len(members) <= MEMBER_FILTER_LIMIT:
		query = query.where(score.member.isin(list(members) or [""]))
	out: dict[str, dict[int, float]] = defaultdict(dict)
	for member, quarter, daily in query.run():
		if member in members and daily is not None:
			out[member][int(quarter)] = daily
	return out


def violations(members: set[str], year: int) -> set[str]:
	return (
		set(
			frappe.get_all(
				"Discipline Record", filters={"year": year, "docstatus": 1}, pluck="member", distinct=True
			)
		)
		& members
	)


def compare(draft_name: str, year: int, branches: list[str] | None) -> frappe._dict:
	"""Every member's year under the scheme that applied and under the draft.

	Returns ``applied`` (the year's scheme name), ``draft``, ``rows`` (one per member, with ``comparison``,
	a :class:`YearComparison`, or ``error``, the reason it could not be rated) and ``periods``.
	"""
	draft = get_scheme(draft_name)
	applied_name = scheme_name_for_year(year)
	if not applied_name:
		frappe.throw(_("No Points Scheme applies to {0}").format(year), exc=NoSchemeError)
	applied = get_scheme(applied_name)
	periods = get_periods(year=year)
	quarter_schemes = {p.quarter: get_scheme(p.points_scheme) for p in periods.values() if p.points_scheme}
	quarter_of = {name: p.quarter for name, p in periods.items()}
	people = year_members(year, branches)
	names = {m.name for m in people}
	entries = load_effective_entries(names, {year}, (EVALUATION, REWARD)) if names else {}
	vetoed = violations(names, year) if names else set()
	recorded = recorded_quarters(year, names) if names else {}
	by_member: dict[str, dict[int, list]] = defaultdict(dict)
	for period in sorted(periods) if names else ():
		for member, rows in load_item_sums(period, names).items():
			by_member[member][quarter_of[period]] = rows
	out = []
	for member in people:
		row = frappe._dict(member=member.name, member_name=member.full_name, party_branch=member.party_branch)
		try:
			row.comparison = compare_year(
				year,
				applied,
				quarter_schemes,
				draft,
				by_member.get(member.name, {}),
				posted(entries.get((member.name, year), []), quarter_of),
				membership_quarters(year, member.join_date, member.leave_date),
				violation=member.name in vetoed,
				recorded=recorded.get(member.name),
			)
		except ScoringError as error:
			row.error = translate_scoring_error(error)
		out.append(row)
	return frappe._dict(applied=applied_name, draft=draft_name, rows=out, periods=sorted(periods))


def branch_changes(rows: list[frappe._dict]) -> dict[str, dict[str, int]]:
	"""Per branch: its members, and how many of them change grade under the draft (up, down)."""
	out: dict[str, dict[str, int]] = {}
	for row in rows:
		counts = out.setdefault(row.party_branch, {"members": 0, "changed": 0, "up": 0, "down": 0})
		counts["members"] += 1
		comparison: YearComparison | None = row.get("comparison")
		if comparison is None or not comparison.grade_change:
			continue
		counts["changed"] += 1
		counts["up" if comparison.grade_change > 0 else "down"] += 1
	return out
