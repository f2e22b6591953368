"""Follow-up Tracker: admonition talks and mentoring, due, overdue and done."""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, today

from party_points.reports import column, member_columns, scoped


@frappe.read_only()
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	action = frappe.qb.DocType("Follow-up Action")
	query = (
		frappe.qb.from_(action)
		.select(
			action.name,
			action.member,
			action.member_name,
			action.party_branch,
			action.action_type,
			action.person_in_charge,
			action.due_date,
			action.status,
			action.completed_on,
			action.annual_rating,
		)
		.orderby(action.due_date)
	)
	if filters.get("status"):
		query = query.where(action.status == filters.status)
	if filters.get("action_type"):
		query = query.where(action.action_type == filters.action_type)
	data, overdue = [], 0
	day = getdate(today())
	for r in scoped(query, action.party_branch, filters).run(as_dict=True):
		late = (
			date_diff(day, r.due_date)
			if r.status == "Open" and r.due_date and getdate(r.due_date) < day
			else 0
		)
		overdue += 1 if late else 0
		data.append({**r, "days_overdue": late, "action_type": _(r.action_type), "status": _(r.status)})
	columns = [
		column(_("Follow-up Action"), "name", "Link", "Follow-up Action", 130),
		*member_columns(),
		column(_("Action"), "action_type", width=150),
		column(_("Person in Charge"), "person_in_charge", "Link", "User", 150),
		column(_("Due Date"), "due_date", "Date", width=100),
		column(_("Days Overdue"), "days_overdue", "Int", width=90),
		column(_("Status"), "status", width=90),
		column(_("Completed On"), "completed_on", "Date", width=100),
		column(_("Annual Rating"), "annual_rating", "Link", "Annual Rating", 140),
	]
	summary = [
		{"value": len(data), "label": _("Follow-up Actions"), "datatype": "Int", "indicator": "Blue"},
		{
			"value": overdue,
			"label": _("Overdue"),
			"datatype": "Int",
			"indicator": "Red" if overdue else "Green",
		},
	]
	return columns, data, None, None, summary
