import datetime

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate

from party_points import ledger
from party_points.desk import branch_members, codes_and_labels, drop_empty_rows
from party_points.exceptions import PointsInputError
from party_points.loaders import scheme_of_period
from party_points.process import PostsPoints, check_rows_in_branch, period_for_date
from party_points.scoring import ScoringError, check_evaluation
from party_points.utils import translate_scoring_error


class DemocraticEvaluation(PostsPoints, Document):
	"""A branch's democratic evaluation (民主评议): a grade and a score in its band for every member."""

	def validate(self) -> None:
		self.assessment_period = period_for_date(self.evaluation_date).name
		scheme = scheme_of_period(self.assessment_period)
		self.validate_round(scheme)
		self.validate_duplicate()
		check_rows_in_branch(self.results, self.party_branch)
		self.validate_results(scheme)

	def validate_round(self, scheme) -> None:
		rnd = scheme.evaluation_round(self.evaluation_round)
		if rnd is None:
			frappe.throw(
				_("Unknown evaluation round {0}; the scheme's rounds are {1}").format(
					self.evaluation_round,
					codes_and_labels((r.code, r.label) for r in scheme.evaluation_rounds),
				),
				exc=PointsInputError,
				title=_("Unknown Evaluation Round"),
			)
		day = getdate(self.evaluation_date)
		if day.year != cint(self.year):
			frappe.throw(
				_("The evaluation of {0} must be held in {0}").format(self.year), exc=PointsInputError
			)
		if rnd.due:
			month, dom = (int(x) for x in rnd.due.split("-"))
			due = datetime.date(cint(self.year), month, dom)
			if day > due:
				frappe.throw(
					_("The {0} must be held on or before {1}").format(
						_(rnd.label), frappe.format(due, "Date")
					),
					exc=PointsInputError,
				)

	def validate_duplicate(self) -> None:
		other = frappe.db.exists(
			"Democratic Evaluation",
			{
				"party_branch": self.party_branch,
				"year": self.year,
				"evaluation_round": self.evaluation_round,
				"docstatus": ("<", 2),
				"name": ("!=", self.name),
			},
		)
		if other:
			frappe.throw(
				_("{0} already holds this evaluation: {1}").format(self.party_branch, other),
				exc=frappe.DuplicateEntryError,
			)

	def validate_results(self, scheme) -> None:
		for row in self.results:
			if not row.grade:
				frappe.throw(
					_("Row {0}: give {1} a grade and a score").format(row.idx, row.member_name or row.member),
					exc=frappe.MandatoryError,
				)
			try:
				check_evaluation(scheme, row.grade, row.score)
			except ScoringError as error:
				frappe.throw(
					_("Row {0}: {1}").format(row.idx, translate_scoring_error(error)),
					exc=PointsInputError,
					title=_("Invalid Points"),
				)
			row.weighted_points = float(scheme.evaluation_round(self.evaluation_round).weight) * row.score

	def on_submit(self) -> None:
		rows = [
			{
				"member": row.member,
				"assessment_period": self.assessment_period,
				"part": "evaluation",
				"scoring_item": self.evaluation_round,
				"points": row.weighted_points,
				"remarks": _("{0} {1}").format(_(row.grade), row.score),
			}
			for row in self.results
		]
		ledger.post(rows, source_doctype=self.doctype, source_name=self.name)

	@frappe.whitelist()
	def add_branch_members(self) -> int:
		"""List every member of the branch on the day of the evaluation who is not listed yet, grade and
		score left for the meeting to fill in. Returns how many were added."""
		self.check_permission("write")
		if not self.party_branch or not self.evaluation_date:
			frappe.throw(_("Choose the branch and the date first"), exc=frappe.MandatoryError)
		listed = {row.member for row in self.results}
		drop_empty_rows(self, "results", "member")
		added = 0
		for member in branch_members(self.party_branch, self.evaluation_date, self.evaluation_date):
			if member.name not in listed:
				self.append("results", {"member": member.name, "member_name": member.full_name, "grade": ""})
				added += 1
		return added
