"""Loading what the scoring core needs: schemes, periods, members and the ledger, a fixed number of queries
per call, never one per member.

This is the one place that answers "which scheme applies to this period or year".
"""

from collections import defaultdict
from collections.abc import Iterable

import frappe
from frappe.query_builder.functions import Count, Sum
from frappe.query_builder.terms import NamedParameterWrapper
from frappe.utils import getdate
from frappe.utils.caching import site_cache

from party_points.constants import LEDGER, MEMBER, PERIOD, SCORE
from party_points.exceptions import NoPeriodError
from party_points.scoring import DAILY_CONDUCT, Entry, Posted, Scheme, to_decimal, was_member

MEMBER_FIELDS = ("name", "full_name", "party_branch", "status", "join_date", "leave_date")
MEMBER_FILTER_LIMIT = 500
"""Above this many members, read the whole period and filter in Python rather than send a huge IN list."""


# Schemes -----------------------------------------------------------------------------------------


def get_scheme(name: str) -> Scheme:
	"""The scoring core's Scheme for a Points Scheme document; converted once per version of it."""
	return _converted_scheme(name, str(frappe.get_cached_value("Points Scheme", name, "modified")))


@site_cache(maxsize=32)
def _converted_scheme(name: str, modified: str) -> Scheme:
	"""Keyed by the document's version, so an edit is seen at once; a few versions per site are kept."""
	return frappe.get_cached_doc("Points Scheme", name).to_scheme()


def scheme_version(name: str) -> str:
	return f"{name}@{frappe.get_cached_value('Points Scheme', name, 'modified')}"


def scheme_name_for_year(year: int) -> str | None:
	"""The active scheme of the year, else the newest active one of an earlier year, else the settings'."""
	name = frappe.db.get_value(
		"Points Scheme", {"is_active": 1, "year": ("<=", year)}, "name", order_by="year desc"
	)
	return name or frappe.db.get_single_value("Party Points Settings", "fallback_points_scheme")


def scheme_for_year(year: int) -> Scheme:
	"""The scheme the year is rated by (see :func:`scheme_name_for_year`)."""
	return get_scheme(scheme_name_for_year(year))


def scheme_of_period(period: str) -> Scheme:
	name = frappe.db.get_value(PERIOD, period, "points_scheme")
	if not name:
		frappe.throw(frappe._("Unknown Assessment Period {0}").format(period), exc=NoPeriodError)
	return get_scheme(name)


# Periods and members -----------------------------------------------------------------------------


def get_periods(names: Iterable[str] | None = None, year: int | None = None) -> dict[str, frappe._dict]:
	filters = {}
	if names is not None:
		filters["name"] = ["in", list(set(names)) or [""]]
	if year is not None:
		filters["year"] = year
	rows = frappe.get_all(
		PERIOD,
		filters=filters,
		fields=["name", "year", "quarter", "stage", "start_date", "end_date", "points_scheme"],
	)
	for row in rows:
		row.quarter = int(row.quarter)
	return {row.name: row for row in rows}


def get_members(names: Iterable[str]) -> dict[str, frappe._dict]:
	names = set(names)
	if not names:
		return {}
	pm = frappe.qb.DocType(MEMBER)
	query = frappe.qb.from_(pm).select(*(pm[f] for f in MEMBER_FIELDS))
	if len(names) <= MEMBER_FILTER_LIMIT:
		query = query.where(pm.name.isin(list(names)))
	return {row.name: row for row in query.run(as_dict=True) if row.name in names}


def member_user(member: str) -> str | None:
	return frappe.db.get_value(MEMBER, member, "user")


def member_in_period(member: frappe._dict, period: frappe._dict) -> bool:
	"""The core's membership rule for a loaded member and period."""
	return was_member(
		getdate(member.join_date) if member.join_date else None,
		getdate(member.leave_date) if member.leave_date else None,
		getdate(period.start_date),
		getdate(period.end_date),
	)


def lock_members(names: Iterable[str] | None) -> dict[str, frappe._dict]:
	"""Serialise every writer of a member's points: lock the Party Member rows, in name order, and
	return them. ``None`` locks every member (the quarter close), which also holds off new ones.

	Two recorders posting to the same member at once then take turns, and the second one's
	recompute sees the first one's entries (see :func:`locking_read`), so no score goes stale.
	"""
	pm = frappe.qb.DocType(MEMBER)
	query = frappe.qb.from_(pm).select(*(pm[f] for f in MEMBER_FIELDS)).orderby(pm.name).for_update()
	if names is not None:
		names = sorted({m for m in names if m})
		if not names:
			return {}
		query = query.where(pm.name.isin(names))
	return {row.name: row for row in query.run(as_dict=True)}


def locking_read(query, lock: bool = True, as_dict: bool = True) -> list:
	"""Run a read with shared locks: it sees the latest committed rows, not the transaction's snapshot.

	Under MariaDB's REPEATABLE READ a plain SELECT reads the snapshot taken at the transaction's first
	read, which may predate another writer's commit that :func:`lock_members` waited for. The values
	travel as parameters, as ``query.run()`` sends them.
	"""
	if not lock or frappe.db.db_type != "mariadb":
		return query.run(as_dict=as_dict)
	params = NamedParameterWrapper()
	sql = query.get_sql(param_wrapper=params)
	return frappe.db.sql(f"{sql} lock in share mode", params.get_parameters(), as_dict=as_dict)


# The ledger --------------------------------------------------------------------------------------


def effective(le):
	"""Entries that still count: not reversed, and not themselves a reversal."""
	return (le.is_reversed == 0) & (le.reverses.isnull() | (le.reverses == ""))


def load_effective_entries(
	members: set[str] | None, years: set[int], parts: tuple[str, ...] | None = None, lock: bool = False
) -> dict[tuple[str, int], list[frappe._dict]]:
	"""Every entry of these members (None: everyone's) in these years that still counts, in posting order."""
	out: dict[tuple[str, int], list[frappe._dict]] = defaultdict(list)
	if (members is not None and not members) or not years:
		return out
	le = frappe.qb.DocType(LEDGER)
	query = (
		frappe.qb.from_(le)
		.select(le.name, le.member, le.year, le.assessment_period, le.part, le.scoring_item, le.points)
		.where(le.year.isin(list(years)))
		.where(effective(le))
		.orderby(le.creation)
		.orderby(le.name)
	)
	if parts:
		query = query.where(le.part.isin(list(parts)))
	if members is not None and (not parts or len(members) <= MEMBER_FILTER_LIMIT):
		query = query.where(le.member.isin(list(members)))
	# else: a few parts of a year for many members: the (part, year) index, filtered here
	for row in locking_read(query, lock):
		if members is None or row.member in members:
			out[(row.member, row.year)].append(row)
	return out


def posted(entries: Iterable[frappe._dict], quarter_of: dict[str, int]) -> list[Posted]:
	"""Ledger rows as the core's year reads them; ``quarter_of`` gives the quarter of each period of the year."""
	return [
		Posted(e.part, e.scoring_item, to_decimal(e.points), quarter_of.get(e.assessment_period, 0), e.name)
		for e in entries
	]


def quarters_of_years(years: Iterable[int]) -> dict[str, int]:
	"""The quarter of every period of these years (one query)."""
	years = list(set(years))
	if not years:
		return {}
	return {
		p.name: int(p.quarter)
		for p in frappe.get_all(PERIOD, filters={"year": ("in", years)}, fields=["name", "quarter"])
	}


def load_daily_sums(
	wanted: dict[str, set[str] | None], lock: bool = True
) -> dict[tuple[str, str], list[Entry]]:
	"""Daily Conduct per (member, period) as one summed Entry per item: the database adds up, not Python.

	``wanted`` maps each period to its members, or to None for all of them. The quarterly limit applies
	to an item's sum, so summing first gives the core the same result. One query per period, grouped in
	the order of the covering ledger index (no temporary table).
	"""
	le = frappe.qb.DocType(LEDGER)
	out: dict[tuple[str, str], list[Entry]] = defaultdict(list)
	for period, members in sorted(wanted.items()):
		query = (
			frappe.qb.from_(le)
			.select(le.member, le.scoring_item, Sum(le.points).as_("points"), Count("*").as_("n"))
			.where(le.assessment_period == period)
			.where(le.part == DAILY_CONDUCT)
			.where(effective(le))
			.groupby(le.member, le.scoring_item)
		)
		if members is not None and len(members) <= MEMBER_FILTER_LIMIT:
			query = query.where(le.member.isin(list(members)))
		for member, item, points, count in locking_read(query, lock, as_dict=False):
			if members is None or member in members:
				out[(member, period)].append(Entry(item, to_decimal(points), occurrences=int(count)))
	return out


SCORE_FIELDS = ("daily_conduct", "evaluation_points", "reward_points", "reward_excess", "entry_count")


def score_name(member: str, period: str) -> str:
	return f"{member}-{period}"


def load_scores(wanted: dict[str, set[str] | None], lock: bool = True) -> dict[str, frappe._dict]:
	"""Existing scores' members, stages, figures and digests, by period (to its members, or None for all)."""
	if not wanted:
		return {}
	score = frappe.qb.DocType(SCORE)
	query = frappe.qb.from_(score).select(
		score.name,
		score.member,
		score.assessment_period,
		score.stage,
		score.digest,
		*(score[f] for f in SCORE_FIELDS),
	)
	names = {score_name(m, p) for p, members in wanted.items() for m in members or ()}
	if all(members is not None for members in wanted.values()) and len(names) <= MEMBER_FILTER_LIMIT:
		query = query.where(score.name.isin(list(names) or [""]))
	else:  # whole periods by index rather than a huge IN list
		query = query.where(score.assessment_period.isin(list(wanted)))
	return {
		row.name: row
		for row in locking_read(query, lock)
		if wanted.get(row.assessment_period) is None or row.name in names
	}
