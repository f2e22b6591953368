from frappe import _
from frappe.model.document import Document

from party_points import ledger
from party_points.loaders import scheme_of_period
from party_points.process import PostsPoints, check_rows_in_branch, period_for_date


class PartyActivity(PostsPoints, Document):
	"""A meeting, lesson, activity day or service: its attendance becomes points by the scheme's rules."""

	def validate(self) -> None:
		self.assessment_period = period_for_date(self.activity_date).name
		check_rows_in_branch(self.attendance, self.party_branch)
		self.set_points()

	def set_points(self) -> None:
		scheme = scheme_of_period(self.assessment_period)
		for row in self.attendance:
			code = scheme.activity_item(self.activity_type, row.status)
			row.points = float(scheme.item(code).points) if code else 0

	def on_submit(self) -> None:
		scheme = scheme_of_period(self.assessment_period)
		rows = []
		for row in self.attendance:
			code = scheme.activity_item(self.activity_type, row.status)
			if code:
				rows.append(
					{
						"member": row.member,
						"assessment_period": self.assessment_period,
						"scoring_item": code,
						"points": scheme.item(code).points,
						"remarks": _("{0}: {1}").format(self.title, _(row.status)),
					}
				)
		ledger.post(rows, source_doctype=self.doctype, source_name=self.name)
