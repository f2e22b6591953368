import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from party_points import ledger
from party_points.exceptions import PointsInputError
from party_points.loaders import scheme_of_period
from party_points.process import PostsPoints, check_rows_in_branch, period_for_date

SHEET_RECORDERS = ("recorder", "committee")


class QuantificationSheet(PostsPoints, Document):
	"""The recorder's sheet (量化表): a whole branch's items for a period, posted to the ledger at once."""

	def validate(self) -> None:
		self.validate_period()
		check_rows_in_branch(self.entries, self.party_branch, unique=False)
		self.validate_items()

	def validate_period(self) -> None:
		period_for_date(frappe.db.get_value("Assessment Period", self.assessment_period, "start_date"))

	def validate_items(self) -> None:
		scheme = scheme_of_period(self.assessment_period)
		seen = set()
		for row in self.entries:
			item = scheme.item(row.scoring_item)
			if item is None:
				frappe.throw(
					_("Row {0}: unknown scoring item {1}").format(row.idx, row.scoring_item),
					exc=PointsInputError,
				)
			if item.recorded_by not in SHEET_RECORDERS:
				frappe.throw(
					_("Row {0}: {1} is recorded from {2}, not on the quantification sheet").format(
						row.idx, item.code, _(item.recorded_by)
					),
					exc=PointsInputError,
				)
			if cint(row.occurrences) < 1:
				frappe.throw(
					_("Row {0}: occurrences must be at least 1").format(row.idx), exc=PointsInputError
				)
			if (row.member, row.scoring_item) in seen:
				frappe.throw(
					_("Row {0}: {1} has {2} twice; add the occurrences up in one row").format(
						row.idx, row.member_name or row.member, item.code
					),
					exc=PointsInputError,
				)
			seen.add((row.member, row.scoring_item))
			row.points = float(item.points) * cint(row.occurrences)
		self.total_points = sum(row.points for row in self.entries)

	def on_submit(self) -> None:
		scheme = scheme_of_period(self.assessment_period)
		rows = [
			{
				"member": row.member,
				"assessment_period": self.assessment_period,
				"scoring_item": row.scoring_item,
				"points": scheme.item(row.scoring_item).points,
				"remarks": row.remarks,
			}
			for row in self.entries
			for _occurrence in range(cint(row.occurrences))
		]
		ledger.post(rows, source_doctype=self.doctype, source_name=self.name)

	@frappe.whitelist()
	def add_branch_members(self, scoring_item: str, occurrences: int = 1) -> None:
		"""Add a row for every active member of the branch with one item (the grid's starting point)."""
		self.check_permission("write")
		existing = {(row.member, row.scoring_item) for row in self.entries}
		for member in frappe.get_all(
			"Party Member",
			filters={"party_branch": self.party_branch, "status": "Active"},
			fields=["name", "full_name"],
			order_by="full_name",
		):
			if (member.name, scoring_item) not in existing:
				self.append(
					"entries",
					{
						"member": member.name,
						"member_name": member.full_name,
						"scoring_item": scoring_item,
						"occurrences": occurrences,
					},
				)
