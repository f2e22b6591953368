"""Member Points Statement: one member's entries for a year, each with its source, and the quarter totals.

Codes (part, dimension, scoring item, evaluation round, reward type) are shown with their labels in the
reader's language, from the scheme of each entry's period. No column links to a DocType the reader may not
read: Frappe filters a script report's rows by every Link column's DocType as the user, and refuses the
whole report when the user cannot read one (a member cannot read DocType, nor a Quantification Sheet), so
the source's DocType is text and the source a Dynamic Link.
"""

import frappe
from frappe import _

from party_points import scope
from party_points.loaders import get_scheme
from party_points.reports import column, year_of


@frappe.read_only()
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not filters.get("member"):  # a member's own statement, when they have one member record
		own = scope.own_member_names()
		filters.member = own[0] if len(own) == 1 else None
	if not filters.get("member"):
		return [], [], _("Choose a Party Member to see their statement")
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
	label_rows(data)
	columns = [
		column(_("Posted On"), "posted_on", "Datetime", width=150),
		column(_("Assessment Period"), "assessment_period", "Link", "Assessment Period", 100),
		column(_("Part"), "part", width=110),
		column(_("Scoring Item Code"), "scoring_item", width=90),
		column(_("Scoring Item"), "item", width=220),
		column(_("Dimension"), "dimension", width=110),
		column(_("Points"), "points", "Float", width=80),
		{**column(_("Source DocType"), "source_doctype", width=140), "hidden": 1},
		column(_("Source Type"), "source_type", width=140),
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


def label_rows(rows: list[dict]) -> None:
	"""Each row's part, dimension and item with their labels in the reader's language (the scheme of the
	row's period), and its source's DocType by its translated name."""
	periods = {row["assessment_period"] for row in rows}
	schemes = {
		p.name: get_scheme(p.points_scheme)
		for p in frappe.get_all(
			"Assessment Period",
			filters={"name": ("in", sorted(periods))},
			fields=["name", "points_scheme"],
		)
		if p.points_scheme
	}
	for row in rows:
		scheme = schemes.get(row["assessment_period"])
		code, item = row["scoring_item"], None
		if scheme is not None:
			part = scheme.part(row["part"])
			dimension = scheme.dimension(row["dimension"]) if row["dimension"] else None
			item = scheme.item(code) or scheme.evaluation_round(code) or scheme.reward_type(code)
			row["part"] = _(part.label) if part else _(row["part"])
			if dimension:
				row["dimension"] = _(dimension.label)
		else:
			row["part"] = _(row["part"])
		row["item"] = _(item.label) if item else code
		row["source_type"] = _(row["source_doctype"]) if row["source_doctype"] else ""
