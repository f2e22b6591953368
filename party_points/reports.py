"""What the script reports share: the branch scope, filters, columns, charts. No report queries per member."""

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from party_points import scope
from party_points.scoring import GRADES


def scoped(query, branch_field, filters: dict):
	"""Limit a qb query to the user's branches (the shared criterion) and to the branch filter, if any."""
	criterion = scope.branch_condition(branch_field)
	if criterion is not None:
		query = query.where(criterion)
	if filters.get("party_branch"):
		query = query.where(branch_field.isin(branch_subtree(filters["party_branch"])))
	return query


def branch_subtree(branch: str) -> list[str]:
	"""A branch and its groups (a member's ``party_branch`` is always a branch, but filters may name a group)."""
	lft, rgt = frappe.db.get_value("Party Organization", branch, ["lft", "rgt"]) or (0, 0)
	return frappe.get_all(
		"Party Organization", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name"
	) or [branch]


def year_of(filters: dict) -> int:
	return cint(filters.get("year")) or getdate(today()).year


def column(
	label: str, fieldname: str, fieldtype: str = "Data", options: str | None = None, width: int = 120
) -> dict:
	out = {"label": label, "fieldname": fieldname, "fieldtype": fieldtype, "width": width}
	if options:
		out["options"] = options
	return out


def member_columns() -> list[dict]:
	return [
		column(_("Party Member"), "member", "Link", "Party Member", 110),
		column(_("Member Name"), "member_name", "Data", width=140),
		column(_("Party Branch"), "party_branch", "Link", "Party Organization", 160),
	]


def grade_chart(counts: dict[str, int], title: str | None = None) -> dict:
	return {
		"data": {
			"labels": [_(g) for g in GRADES],
			"datasets": [{"name": title or _("Members"), "values": [counts.get(g, 0) for g in GRADES]}],
		},
		"type": "bar",
		"colors": ["#2f9e44"],
	}


def grade_summary(counts: dict[str, int]) -> list[dict]:
	indicators = {
		"Excellent": "Green",
		"Qualified": "Blue",
		"Basically Qualified": "Orange",
		"Unqualified": "Red",
	}
	return [
		{"value": counts.get(g, 0), "label": _(g), "indicator": indicators[g], "datatype": "Int"}
		for g in GRADES
	]


SCORE_FIELDS = (
	"member",
	"member_name",
	"party_branch",
	"daily_conduct",
	"evaluation_points",
	"reward_points",
	"stage",
	"notice_end",
)


def period_scores(assessment_period: str, restrict=None) -> dict[str, dict]:
	"""Member Scores of a period with their dimension points as columns, in one query.

	``restrict(query, score_table)`` narrows the query (branch scope, filters) before it runs.
	"""
	score = frappe.qb.DocType("Member Score")
	dim = frappe.qb.DocType("Member Score Dimension")
	query = (
		frappe.qb.from_(score)
		.left_join(dim)
		.on((dim.parent == score.name) & (dim.parenttype == "Member Score"))
		.select(score.name, *(score[f] for f in SCORE_FIELDS), dim.dimension, dim.points)
		.where(score.assessment_period == assessment_period)
		.orderby(score.party_branch)
		.orderby(score.member_name)
	)
	if restrict:
		query = restrict(query, score)
	rows: dict[str, dict] = {}
	for r in query.run(as_dict=True):
		row = rows.setdefault(r.name, {f: r[f] for f in SCORE_FIELDS})
		if r.dimension:
			row[r.dimension] = r.points
	return rows
