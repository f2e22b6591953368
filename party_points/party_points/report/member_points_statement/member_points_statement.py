"""Member Points Statement: one member's entries for a year, each with its source, and the quarter totals."""

import frappe
from frappe import _

from party_points.reports import column, year_of


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.get("member"):
		return [], []
	member = frappe.get_doc("Party Member", filters.member)
	member.check_permission("read")  # User Permissions and the member-self rule decide
	year = year_of(filters)
	entry = frappe.qb.DocType("Points Ledger Entry")
	data = (
		frappe.qb.from_(entry)
		.select(
			entry.posted_on,
			entry.assessment_period,
			entry.part,
			entry.scoring_item,
			entry.dimension,
			entry.points,
			entry.source_doctype,
			entry.source_name,
			entry.remarks,
			entry.posted_by,
			entry.is_reversed,
			entry.reverses,
			entry.name,
		)
		.where(entry.member == member.name)
		.where(entry.year == year)
		.orderby(entry.assessment_period)
		.orderby(entry.creation)
	).run(as_dict=True)
	for row in data:
		row["part"] = _(row["part"])
	columns = [
		column(_("Posted On"), "posted_on", "Datetime", width=150),
		column(_("Assessment Period"), "assessment_period", "Link", "Assessment Period", 100),
		column(_("Part"), "part", width=110),
		column(_("Scoring Item"), "scoring_item", width=110),
		column(_("Dimension"), "dimension", width=90),
		column(_("Points"), "points", "Float", width=80),
		column(_("Source DocType"), "source_doctype", "Link", "DocType", 140),
		column(_("Source"), "source_name", "Dynamic Link", "source_doctype", 150),
		column(_("Remarks"), "remarks", width=180),
		column(_("Posted By"), "posted_by", "Link", "User", 150),
		column(_("Reversed"), "is_reversed", "Check", width=80),
		column(_("Reverses"), "reverses", "Link", "Points Ledger Entry", 120),
		column(_("Points Ledger Entry"), "name", "Link", "Points Ledger Entry", 120),
	]
	scores = frappe.get_all(
		"Member Score",
		filters={"member": member.name, "year": year},
		fields=["quarter", "daily_conduct"],
		order_by="quarter",
	)
	summary = [
		{
			"value": s.daily_conduct,
			"label": _("Q{0}").format(s.quarter),
			"datatype": "Float",
			"indicator": "Blue",
		}
		for s in scores
	]
	rating = frappe.db.get_value(
		"Annual Rating",
		{"member": member.name, "year": year, "docstatus": ("<", 2)},
		["total", "grade"],
		as_dict=True,
	)
	if rating:
		summary += [
			{"value": rating.total, "label": _("Annual Score"), "datatype": "Float", "indicator": "Green"},
			{"value": _(rating.grade), "label": _("Grade"), "datatype": "Data", "indicator": "Green"},
		]
	return columns, data, None, None, summary
