"""Activity Participation: attendance per branch and activity type (three meetings and one lesson and more)."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Sum

from party_points.reports import column, scoped, year_of

STATUSES = ("Present", "Late", "Left Early", "Absent", "Excused")


@frappe.read_only()
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	activity = frappe.qb.DocType("Party Activity")
	attendance = frappe.qb.DocType("Party Activity Attendance")
	counts = [Sum(Case().when(attendance.status == s, 1).else_(0)).as_(frappe.scrub(s)) for s in STATUSES]
	query = (
		frappe.qb.from_(attendance)
		.join(activity)
		.on(attendance.parent == activity.name)
		.select(
			activity.party_branch,
			activity.activity_type,
			Count(activity.name).distinct().as_("activities"),
			Count(attendance.name).as_("invited"),
			*counts,
		)
		.where(activity.docstatus == 1)
		.where(activity.activity_date[f"{year_of(filters)}-01-01" : f"{year_of(filters)}-12-31"])
		.groupby(activity.party_branch, activity.activity_type)
		.orderby(activity.party_branch)
		.orderby(activity.activity_type)
	)
	if filters.get("assessment_period"):
		query = query.where(activity.assessment_period == filters.assessment_period)
	if filters.get("activity_type"):
		query = query.where(activity.activity_type == filters.activity_type)
	data = []
	for r in scoped(query, activity.party_branch, filters).run(as_dict=True):
		expected = r.invited - r.excused
		attended = r.present + r.late + r.left_early
		data.append(
			{
				**r,
				"activity_type": _(r.activity_type),
				"rate": round(100 * attended / expected, 1) if expected else 0,
			}
		)
	columns = [
		column(_("Party Branch"), "party_branch", "Link", "Party Organization", 170),
		column(_("Activity Type"), "activity_type", width=170),
		column(_("Activities"), "activities", "Int", width=80),
		column(_("Attendance Records"), "invited", "Int", width=90),
		*[column(_(s), frappe.scrub(s), "Int", width=80) for s in STATUSES],
		column(_("Attendance Rate (%)"), "rate", "Percent", width=110),
	]
	by_type: dict[str, list[float]] = {}
	for row in data:
		by_type.setdefault(row["activity_type"], []).append(row["rate"])
	chart = {
		"data": {
			"labels": list(by_type),
			"datasets": [
				{
					"name": _("Attendance Rate (%)"),
					"values": [round(sum(v) / len(v), 1) for v in by_type.values()],
				}
			],
		},
		"type": "bar",
	}
	return columns, data, None, chart
