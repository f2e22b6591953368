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
