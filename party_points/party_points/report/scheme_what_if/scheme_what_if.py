"""Scheme What-If: a past year re-scored under a draft Points Scheme, beside the scheme that applied.

Every member's annual score and grade under both, side by side; how many members change grade in each
branch; the grade distribution under both. Read only: nothing is written and the draft is not activated.
Officers see their branch; the Party Committee every branch.
"""

import frappe
from frappe import _
from frappe.utils import cint, escape_html, getdate, today

from party_points import scope, whatif
from party_points.reports import branch_subtree, column, member_columns
from party_points.scoring import GRADES
from party_points.scoring.ranking import grade_counts, mean


@frappe.read_only()
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	columns = get_columns()
	if not filters.get("points_scheme") or not cint(filters.get("year")):
		return columns, [], _("Choose the draft Points Scheme and the past year to re-score")
	frappe.has_permission("Points Scheme", "read", filters.points_scheme, throw=True)
	year = cint(filters.year)
	if year > getdate(today()).year:
		return columns, [], _("{0} has no ledger yet: choose a past year").format(year)
	branches = scoped_branches(filters)
	if branches == []:
		return columns, []
	result = whatif.compare(filters.points_scheme, year, branches)
	grades = {g: _(g) for g in GRADES}
	data = [row_of(r, grades) for r in result.rows]
	changes = whatif.branch_changes(result.rows)
	return (
		columns,
		data,
		message(result, changes),
		chart(result),
		summary(result, changes),
	)


def scoped_branches(filters: dict) -> list[str] | None:
	"""The branches the user may see, narrowed to the filter's subtree; None for every branch."""
	allowed = scope.allowed_organizations()
	if allowed == []:
		return []
	if filters.get("party_branch"):
		subtree = branch_subtree(filters.party_branch)
		return [b for b in subtree if allowed is None or b in allowed]
	return allowed


def get_columns() -> list[dict]:
	return two_places(
		[
			*member_columns(),
			column(_("Daily Conduct (Applied)"), "applied_daily_conduct", "Float", width=110),
			column(_("Annual Score (Applied)"), "applied_total", "Float", width=110),
			column(_("Grade (Applied)"), "applied_grade", width=120),
			column(_("Daily Conduct (Draft)"), "draft_daily_conduct", "Float", width=110),
			column(_("Annual Score (Draft)"), "draft_total", "Float", width=110),
			column(_("Grade (Draft)"), "draft_grade", width=120),
			column(_("Difference"), "difference", "Float", width=90),
			column(_("Grades Up Under the Draft"), "grade_change", "Int", width=100),
			column(_("Note"), "note", "Data", width=260),
		]
	)


def two_places(columns: list[dict]) -> list[dict]:
	"""Scores are shown to two places, as they are rounded."""
	return [dict(c, precision=2) if c["fieldtype"] == "Float" else c for c in columns]


def row_of(row: frappe._dict, grades: dict[str, str]) -> dict:
	out = {"member": row.member, "member_name": row.member_name, "party_branch": row.party_branch}
	comparison = row.get("comparison")
	if comparison is None:
		out["note"] = row.get("error") or ""
		return out
	applied, draft = comparison.applied, comparison.draft
	out.update(
		{
			"applied_daily_conduct": float(applied.daily_conduct),
			"applied_total": float(applied.total),
			"applied_grade": grades[applied.grade],
			"draft_daily_conduct": float(draft.daily_conduct),
			"draft_total": float(draft.total),
			"draft_grade": grades[draft.grade],
			"difference": float(comparison.difference),
			"grade_change": comparison.grade_change,
			"note": _("Not a part of the draft, counted nothing: {0}").format(", ".join(comparison.dropped))
			if comparison.dropped
			else "",
		}
	)
	return out


def _grades(result: frappe._dict, side: str) -> dict[str, int]:
	return grade_counts(
		getattr(r.comparison, side).grade for r in result.rows if r.get("comparison") is not None
	)


def chart(result: frappe._dict) -> dict:
	applied, draft = _grades(result, "applied"), _grades(result, "draft")
	return {
		"data": {
			"labels": [_(g) for g in GRADES],
			"datasets": [
				{"name": _("Applied: {0}").format(result.applied), "values": [applied[g] for g in GRADES]},
				{"name": _("Draft: {0}").format(result.draft), "values": [draft[g] for g in GRADES]},
			],
		},
		"type": "bar",
		"colors": ["#868e96", "#2f9e44"],
	}


def summary(result: frappe._dict, changes: dict[str, dict[str, int]]) -> list[dict]:
	rated = [r.comparison for r in result.rows if r.get("comparison") is not None]
	applied_mean, draft_mean = mean(c.applied.total for c in rated), mean(c.draft.total for c in rated)
	return [
		{"value": len(result.rows), "label": _("Members"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": sum(c["changed"] for c in changes.values()),
			"label": _("Members Whose Grade Changes"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{
			"value": sum(c["up"] for c in changes.values()),
			"label": _("Up"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"value": sum(c["down"] for c in changes.values()),
			"label": _("Down"),
			"datatype": "Int",
			"indicator": "Red",
		},
		{
			"value": float(applied_mean or 0),
			"label": _("Mean Annual Score (Applied)"),
			"datatype": "Float",
			"indicator": "Grey",
		},
		{
			"value": float(draft_mean or 0),
			"label": _("Mean Annual Score (Draft)"),
			"datatype": "Float",
			"indicator": "Green",
		},
	]


def message(result: frappe._dict, changes: dict[str, dict[str, int]]) -> str:
	"""What was compared, and the grade changes per branch, as a small table above the report."""
	lines = [
		"<p>"
		+ escape_html(
			_(
				"Re-scored from the ledger of {0} under {1} (the scheme that applied) and under the draft {2}. Nothing is saved and the draft is not activated."
			).format(", ".join(result.periods) or "-", result.applied, result.draft)
		)
		+ "</p>"
	]
	if not changes:
		return lines[0]
	head = "".join(
		f"<th>{escape_html(label)}</th>"
		for label in (_("Party Branch"), _("Members"), _("Grade Changes"), _("Up"), _("Down"))
	)
	body = "".join(
		"<tr>"
		+ "".join(
			f"<td>{escape_html(str(value))}</td>"
			for value in (branch, c["members"], c["changed"], c["up"], c["down"])
		)
		+ "</tr>"
		for branch, c in sorted(changes.items())
	)
	lines.append(
		f'<table class="table table-bordered table-condensed" style="width: auto"><thead><tr>{head}</tr></thead>'
		f"<tbody>{body}</tbody></table>"
	)
	return "".join(lines)
