"""Quarterly Public Notice (公示表): a branch's scores for a period as the notice board shows them.

Ranked by Daily Conduct (ties share a rank), then by name. Officers see their branch; during the
notice, members of the branch see it too.
"""

import frappe
from frappe import _

from party_points import scope
from party_points.constants import PUBLIC_NOTICE
from party_points.loaders import get_scheme
from party_points.reports import branch_subtree, column, period_scores, scoped


@frappe.read_only()
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	period = frappe.db.get_value(
		"Assessment Period", filters.assessment_period, ["name", "points_scheme"], as_dict=True
	)
	if not period:
		return [], []
	scheme = get_scheme(period.points_scheme)
	branches = branch_subtree(filters.party_branch)

	def restrict(query, score):
		query = query.where(score.party_branch.isin(branches))
		if scope.restricted_to_own():
			# A member: only their own branch's notice, and only while it is on notice.
			return query.where(score.party_branch.isin(scope.own_branches() or [""])).where(
				score.stage == PUBLIC_NOTICE
			)
		return scoped(query, score.party_branch, {})

	rows = period_scores(period.name, restrict)
	for row in rows.values():
		row["stage"] = _(row["stage"])
	data = sorted(rows.values(), key=lambda r: (-(r["daily_conduct"] or 0), r["member_name"] or ""))
	rank, previous = 0, None
	for position, row in enumerate(data, start=1):
		if row["daily_conduct"] != previous:
			rank, previous = position, row["daily_conduct"]
		row["rank"] = rank
	columns = [
		column(_("Rank"), "rank", "Int", width=60),
		column(_("Member Name"), "member_name", width=140),
		*[column(_(d.label), d.code, "Float", width=100) for d in scheme.dimensions],
		column(_("Daily Conduct"), "daily_conduct", "Float", width=110),
		column(_("Stage"), "stage", width=110),
		column(_("Notice Closes"), "notice_end", "Date", width=110),
	]
	summary = [
		{"value": len(data), "label": _("Members"), "datatype": "Int", "indicator": "Blue"},
		{"value": period.name, "label": _("Assessment Period"), "datatype": "Data", "indicator": "Grey"},
	]
	return columns, data, None, None, summary
