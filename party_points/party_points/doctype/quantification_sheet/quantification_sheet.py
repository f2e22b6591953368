import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from party_points import ledger
from party_points.desk import SHEET_RECORDERS, branch_members, drop_empty_rows, sheet_items
from party_points.exceptions import PointsInputError
from party_points.loaders import scheme_of_period
from party_points.process import PostsPoints, check_rows_in_branch, period_for_date


def sheet_item(scheme, code: str, row: int | None = None):
	"""The scheme's item for ``code`` if the sheet takes it; otherwise refuse, listing the items it takes."""
	item = scheme.item(code or "")
	valid = ", ".join(i.code for i in sheet_items(scheme)) or _("none")
	prefix = _("Row {0}: ").format(row) if row else ""
	if item is None:
		frappe.throw(
			prefix + _("Unknown scoring item {0}; the sheet's items are {1}").format(code, valid),
			exc=PointsInputError,
			title=_("Unknown Scoring Item"),
		)
	if item.recorded_by not in SHEET_RECORDERS:
		frappe.throw(
			prefix
			+ _(
				"{0} is recorded from {1}, not on the quantification sheet; the sheet's items are {2}"
			).format(item.code, _(item.recorded_by), valid),
			exc=PointsInputError,
			title=_("Unknown Scoring Item"),
		)
	return item


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
			item = sheet_item(scheme, row.scoring_item, row.idx)
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
	def add_branch_members(self, scoring_item: str, occurrences: int = 1) -> int:
		"""Add a row for every member of the branch in the period with one item (the grid's starting point); an
		item the sheet does not take is refused. Returns how many rows were added."""
		self.check_permission("write")
		if not self.party_branch or not self.assessment_period:
			frappe.throw(_("Choose the branch and the period first"), exc=frappe.MandatoryError)
		item = sheet_item(scheme_of_period(self.assessment_period), scoring_item)
		if cint(occurrences) < 1:
			frappe.throw(_("Occurrences must be at least 1"), exc=PointsInputError)
		drop_empty_rows(self, "entries", "member", "scoring_item")
		added = 0
		existing = {(row.member, row.scoring_item) for row in self.entries}
		period = frappe.db.get_value(
			"Assessment Period", self.assessment_period, ["start_date", "end_date"], as_dict=True
		)
		for member in branch_members(self.party_branch, period.start_date, period.end_date):
			if (member.name, scoring_item) not in existing:
				self.append(
					"entries",
					{
						"member": member.name,
						"member_name": member.full_name,
						"scoring_item": scoring_item,
						"occurrences": cint(occurrences),
						"points": float(item.points) * cint(occurrences),
					},
				)
				added += 1
		self.total_points = sum(row.points or 0 for row in self.entries)
		return added
