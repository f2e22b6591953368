"""Branch Leaderboard: a branch's members ranked for a quarter or a year, or branch against branch.

A quarter ranks Daily Conduct, a year the annual score (with its grade); ties share a rank. Branches
compare by mean and median, the share of each grade (a year) and attendance at their activities. A
plain member sees their own rank, their branch's size, mean and median (and, during the branch's public
notice, the scores on the notice); officers their branches; the Party Committee every branch.
"""

import frappe
from frappe import _

from party_points import leaderboard
from party_points.reports import column
from party_points.scoring import GRADES


@frappe.read_only()
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	board = leaderboard.leaderboard(filters)
	quarter = bool(filters.get("assessment_period"))
	if filters.get("view") == leaderboard.BRANCHES:
		columns, data = branch_columns(quarter), [number_row(r) for r in board.branches]
	else:
		columns, data = member_columns(quarter), [member_row(r) for r in board.members]
	columns = [dict(c, precision=2) if c["fieldtype"] in ("Float", "Percent") else c for c in columns]
	return columns, data, None, chart(board), summary(board, quarter)


def _float(value):
	return None if value is None else float(value)


def member_columns(quarter: bool) -> list[dict]:
	score_label = _("Daily Conduct") if quarter else _("Annual Score")
	columns = [
		column(_("Rank in Branch"), "rank", "Int", width=80),
		column(_("Party Member"), "member", "Link", "Party Member", 110),
		column(_("Member Name"), "member_name", width=140),
		column(_("Party Branch"), "party_branch", "Link", "Party Organization", 160),
		column(score_label, "score", "Float", width=110),
	]
	if not quarter:
		columns.append(column(_("Grade"), "grade", width=120))
	return [
		*columns,
		column(_("Activities Attended"), "attended", "Int", width=100),
		column(_("Members in Branch"), "branch_size", "Int", width=100),
		column(_("Branch Mean"), "branch_mean", "Float", width=100),
		column(_("Branch Median"), "branch_median", "Float", width=100),
	]


def member_row(row) -> dict:
	return {
		"rank": row.rank,
		"member": row.member,
		"member_name": row.member_name,
		"party_branch": row.party_branch,
		"score": _float(row.get("score")),
		"grade": _(row.grade) if row.get("grade") else "",
		"attended": row.attended,
		"branch_size": row.branch_size,
		"branch_mean": _float(row.branch_mean),
		"branch_median": _float(row.branch_median),
	}


def branch_columns(quarter: bool) -> list[dict]:
	score = _("Daily Conduct") if quarter else _("Annual Score")
	columns = [
		column(_("Rank"), "rank", "Int", width=60),
		column(_("Party Branch"), "party_branch", "Link", "Party Organization", 170),
		column(_("Members"), "members", "Int", width=80),
		column(_("Mean {0}").format(score), "mean", "Float", width=110),
		column(_("Median {0}").format(score), "median", "Float", width=110),
		column(_("Highest"), "highest", "Float", width=90),
		column(_("Lowest"), "lowest", "Float", width=90),
	]
	if not quarter:
		columns += [column(_("{0} (%)").format(_(g)), frappe.scrub(g), "Percent", width=100) for g in GRADES]
	return [
		*columns,
		column(_("Activities"), "activities", "Int", width=80),
		column(_("Attendance Rate (%)"), "attendance_rate", "Percent", width=110),
	]


def number_row(row: dict) -> dict:
	return {k: (float(v) if hasattr(v, "quantize") else v) for k, v in row.items()}


def chart(board) -> dict:
	rows = [b for b in board.branches if b["mean"] is not None][:20]
	return {
		"data": {
			"labels": [b["party_branch"] for b in rows],
			"datasets": [
				{"name": _("Mean"), "values": [float(b["mean"]) for b in rows]},
				{"name": _("Median"), "values": [float(b["median"]) for b in rows]},
			],
		},
		"type": "bar",
		"colors": ["#2f9e44", "#1c7ed6"],
	}


def summary(board, quarter: bool) -> list[dict]:
	if board.restricted:
		out = []
		for row in board.own:
			out += [
				{
					"value": _("{0} of {1}").format(row.rank, row.branch_size) if row.rank else "-",
					"label": _("Your Rank in {0}").format(row.party_branch),
					"datatype": "Data",
					"indicator": "Green",
				},
				{
					"value": _float(row.get("score")) or 0,
					"label": _("Your Score"),
					"datatype": "Float",
					"indicator": "Blue",
				},
				{
					"value": _float(row.branch_mean) or 0,
					"label": _("Branch Mean"),
					"datatype": "Float",
					"indicator": "Grey",
				},
				{
					"value": _float(row.branch_median) or 0,
					"label": _("Branch Median"),
					"datatype": "Float",
					"indicator": "Grey",
				},
			]
		return out
	members = sum(b["members"] for b in board.branches)
	return [
		{"value": len(board.branches), "label": _("Branches"), "datatype": "Int", "indicator": "Blue"},
		{"value": members, "label": _("Members Ranked"), "datatype": "Int", "indicator": "Blue"},
	]
