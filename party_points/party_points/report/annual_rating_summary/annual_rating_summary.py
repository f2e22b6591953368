"""Annual Rating Summary: grades per branch, their consequences, and the change on last year."""

import frappe
from frappe import _

from party_points.reports import column, grade_chart, grade_summary, member_columns, scoped, year_of
from party_points.scoring import GRADES


@frappe.read_only()
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	year = year_of(filters)
	rating = frappe.qb.DocType("Annual Rating")
	query = (
		frappe.qb.from_(rating)
		.select(
			rating.name,
			rating.member,
			rating.member_name,
			rating.party_branch,
			rating.total,
			rating.grade,
			rating.previous_grade,
			rating.award_level,
			rating.admonition_talk,
			rating.mentoring,
			rating.vetoed,
			rating.status,
		)
		.where(rating.year == year)
		.where(rating.docstatus < 2)
		.orderby(rating.party_branch)
		.orderby(rating.total, order=frappe.qb.desc)
	)
	data, counts = [], {}
	for r in scoped(query, rating.party_branch, filters).run(as_dict=True):
		change = GRADES.index(r.previous_grade) - GRADES.index(r.grade) if r.previous_grade else None
		counts[r.grade] = counts.get(r.grade, 0) + 1
		data.append(
			{
				**r,
				"grade": _(r.grade),
				"previous_grade": _(r.previous_grade) if r.previous_grade else "",
				"change": change,
				"award_level": _(r.award_level),
				"status": _(r.status),
			}
		)
	columns = [
		column(_("Annual Rating"), "name", "Link", "Annual Rating", 150),
		*member_columns(),
		column(_("Annual Score"), "total", "Float", width=100),
		column(_("Grade"), "grade", width=110),
		column(_("Last Year's Grade"), "previous_grade", width=110),
		column(_("Grades Up on Last Year"), "change", "Int", width=100),
		column(_("Award Eligibility"), "award_level", width=100),
		column(_("Admonition Talk Required"), "admonition_talk", "Check", width=90),
		column(_("One-to-one Mentoring Required"), "mentoring", "Check", width=90),
		column(_("Vetoed by a Confirmed Violation"), "vetoed", "Check", width=90),
		column(_("Status"), "status", width=90),
	]
	return columns, data, None, grade_chart(counts), grade_summary(counts)
