"""Leaderboards: each branch's members ranked for a quarter or a year, and branch against branch.

A quarter ranks the Member Scores' Daily Conduct (as the public notice does); a year ranks the annual
score and grade, rated by the core from the scores and the ledger (``rating.compute_ratings``). Ties
share a rank. Branches compare by mean and median score, the share of each grade (a year) and their
participation in activities.

Who sees what, all within the shared branch scope:
- the Party Committee, the Points Manager (and System Managers): every branch;
- officers: the branches of their appointment (their subtree), with names;
- a plain member: their own rank in their branch, the branch's size, mean and median. While the
  branch's scores of the quarter are on public notice, the members whose scores are on the notice too,
  as the notice board shows them. Nobody else's name, score or attendance otherwise.

A fixed number of queries, whatever the number of members.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, today

from party_points import scope
from party_points.constants import PERIOD, PUBLIC_NOTICE, SCORE
from party_points.rating import compute_ratings
from party_points.reports import branch_subtree
from party_points.scoring import GRADES, ScoringError
from party_points.scoring.meeting import ATTENDED_STATUSES
from party_points.scoring.ranking import competition_ranks, grade_shares, participation_rate, standing

MEMBERS = "Members"
BRANCHES = "Branches"


def viewer(filters: dict) -> frappe._dict:
	"""Which branches the user may rank (None: every branch), and for a plain member their own records."""
	allowed = scope.allowed_organizations()
	if allowed == []:
		own_branches = scope.own_branches()
		if filters.get("party_branch"):
			own_branches = [b for b in own_branches if b in branch_subtree(filters["party_branch"])]
		return frappe._dict(restricted=True, branches=own_branches, own=set(scope.own_member_names()))
	branches = allowed
	if filters.get("party_branch"):
		subtree = branch_subtree(filters["party_branch"])
		branches = [b for b in subtree if allowed is None or b in allowed]
	return frappe._dict(restricted=False, branches=branches, own=set())


def period_scores(period: str, branches: list[str] | None) -> list[frappe._dict]:
	"""The period's Member Scores of these branches: the quarter's Daily Conduct (one query)."""
	score = frappe.qb.DocType(SCORE)
	query = (
		frappe.qb.from_(score)
		.select(
			score.member,
			score.member_name,
			score.party_branch,
			score.daily_conduct.as_("score"),
			score.stage,
		)
		.where(score.assessment_period == period)
	)
	if branches is not None:
		query = query.where(score.party_branch.isin(branches or [""]))
	return query.run(as_dict=True)


def year_scores(year: int, branches: list[str] | None) -> list[frappe._dict]:
	"""The year's members of these branches (those with a Member Score in it), their annual score and grade."""
	score = frappe.qb.DocType(SCORE)
	query = (
		frappe.qb.from_(score)
		.select(score.member, score.member_name, score.party_branch, score.quarter)
		.where(score.year == year)
		.orderby(score.quarter)
	)
	if branches is not None:
		query = query.where(score.party_branch.isin(branches or [""]))
	people: dict[str, frappe._dict] = {}
	for row in query.run(as_dict=True):
		people[row.member] = frappe._dict(
			member=row.member, member_name=row.member_name, party_branch=row.party_branch
		)
	results = compute_ratings(list(people), year) if people else {}
	for member, row in people.items():
		result = results.get(member)
		if result is not None and not isinstance(result, ScoringError):
			row.score, row.grade = result.total, result.grade
	return list(people.values())


def participation(branches: list[str] | None, period: str | None, year: int) -> tuple[dict, dict]:
	"""Attendance at the branches' submitted activities of the period (or year): per branch the activities
	held, attendance records, attended and excused; per member the activities attended (two queries)."""
	activity = frappe.qb.DocType("Party Activity")
	attendance = frappe.qb.DocType("Party Activity Attendance")
	came = Case().when(attendance.status.isin(ATTENDED_STATUSES), 1).else_(0)
	excused = Case().when(attendance.status == "Excused", 1).else_(0)

	def base(*fields):
		query = (
			frappe.qb.from_(attendance)
			.join(activity)
			.on((attendance.parent == activity.name) & (attendance.parenttype == "Party Activity"))
			.select(*fields)
			.where(activity.docstatus == 1)
		)
		if period:
			query = query.where(activity.assessment_period == period)
		else:
			query = query.where(activity.activity_date[f"{year}-01-01" : f"{year}-12-31"])
		if branches is not None:
			query = query.where(activity.party_branch.isin(branches or [""]))
		return query

	per_branch = {
		r.party_branch: r
		for r in base(
			activity.party_branch,
			Count(activity.name).distinct().as_("activities"),
			Count(attendance.name).as_("records"),
			Sum(came).as_("attended"),
			Sum(excused).as_("excused"),
		)
		.groupby(activity.party_branch)
		.run(as_dict=True)
	}
	per_member = dict(base(attendance.member, Sum(came)).groupby(attendance.member).run(as_list=True))
	return per_branch, per_member


def leaderboard(filters: dict) -> frappe._dict:
	"""Members ranked in their branch and the branches' standings, as the user may see them.

	``filters``: ``assessment_period`` (a quarter) or ``year``; ``party_branch`` (a subtree).
	Returns ``members`` (rows), ``branches`` (rows), ``restricted`` and, for a plain member, ``own``.
	"""
	filters = frappe._dict(filters or {})
	who = viewer(filters)
	period = filters.get("assessment_period")
	year = int(filters.get("year") or 0) or getdate(today()).year
	if period:
		year = int(frappe.db.get_value(PERIOD, period, "year") or year)
	if who.branches == []:
		return frappe._dict(members=[], branches=[], restricted=who.restricted, own=[], year=year)
	rows = period_scores(period, who.branches) if period else year_scores(year, who.branches)
	per_branch, per_member = participation(who.branches, period, year)

	by_branch: dict[str, list[frappe._dict]] = defaultdict(list)
	for row in rows:
		by_branch[row.party_branch].append(row)
	members, branches = [], []
	for branch, group in sorted(by_branch.items()):
		ranked = [r for r in group if r.get("score") is not None]
		ranks = competition_ranks({r.member: r.score for r in ranked})
		figures = standing([r.score for r in ranked])
		for row in group:
			row.update(
				rank=ranks.get(row.member),
				branch_size=figures.size,
				branch_mean=figures.mean,
				branch_median=figures.median,
				attended=int(per_member.get(row.member) or 0),
			)
		members.extend(sorted(group, key=lambda r: (r.rank or 10**9, r.member_name or "", r.member)))
		branches.append(branch_row(branch, ranked, figures, per_branch.get(branch), bool(period)))
	for branch in set(per_branch) - set(by_branch):  # activities but no scores yet
		branches.append(branch_row(branch, [], standing([]), per_branch[branch], bool(period)))
	branch_ranks = competition_ranks({b["party_branch"]: b["mean"] for b in branches})
	for row in branches:
		row["rank"] = branch_ranks[row["party_branch"]]
	branches.sort(key=lambda b: (b["rank"] or 10**9, b["party_branch"]))

	own = [r for r in members if r.member in who.own]
	if who.restricted:
		members = [visible_to_member(r, who.own) for r in members if r.member in who.own or on_notice(r)]
		branches = [dict(b, highest=None, lowest=None) for b in branches]
	return frappe._dict(members=members, branches=branches, restricted=who.restricted, own=own, year=year)


def on_notice(row: frappe._dict) -> bool:
	"""A score the member's branch shows on its public notice (the Quarterly Public Notice shows it too)."""
	return row.get("stage") == PUBLIC_NOTICE


def visible_to_member(row: frappe._dict, own: set[str]) -> frappe._dict:
	"""What a plain member sees of a row: all of their own; of another's score on notice, not the attendance."""
	return row if row.member in own else frappe._dict(row, attended=None)


def branch_row(branch: str, ranked: list, figures, attendance, quarter: bool) -> dict:
	shares = grade_shares(r.get("grade") for r in ranked) if not quarter else {}
	attendance = attendance or frappe._dict(activities=0, records=0, attended=0, excused=0)
	rate = participation_rate(
		int(attendance.attended or 0), int(attendance.records or 0), int(attendance.excused or 0)
	)
	return {
		"party_branch": branch,
		"members": figures.size,
		"mean": figures.mean,
		"median": figures.median,
		"highest": figures.highest,
		"lowest": figures.lowest,
		**{frappe.scrub(g): shares.get(g) for g in GRADES},
		"activities": int(attendance.activities or 0),
		"attendance_rate": rate,
	}


# The workspace chart ------------------------------------------------------------------------------------


def latest_period() -> str | None:
	"""The newest period of this year or before that has scores (one query)."""
	return frappe.db.get_value(
		SCORE,
		{"year": ("<=", getdate(today()).year)},
		"assessment_period",
		order_by="year desc, quarter desc",
	)


@frappe.whitelist()
@frappe.read_only()
def branch_chart(
	chart_name: str | None = None,
	chart: str | None = None,
	no_cache: int | None = None,
	filters: str | None = None,
	from_date: str | None = None,
	to_date: str | None = None,
	timespan: str | None = None,
	time_interval: str | None = None,
	heatmap_year: str | None = None,
) -> dict:
	"""Mean and median Daily Conduct of the newest quarter with scores, branch against branch, within the
	user's scope (a plain member: their own branch). The best ten branches by mean."""
	period = latest_period()
	if not period:
		return {"labels": [], "datasets": []}
	rows = leaderboard({"assessment_period": period}).branches
	rows = [r for r in rows if r["mean"] is not None][:10]
	return {
		"labels": [r["party_branch"] for r in rows],
		"datasets": [
			{"name": _("Mean Daily Conduct {0}").format(period), "values": [float(r["mean"]) for r in rows]},
			{"name": _("Median"), "values": [float(r["median"]) for r in rows]},
		],
	}
