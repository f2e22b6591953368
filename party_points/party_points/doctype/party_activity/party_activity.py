import frappe
from frappe import _
from frappe.model.document import Document

from party_points import ledger
from party_points.desk import activity_types, branch_members, codes_and_labels, drop_empty_rows, scheme_of
from party_points.exceptions import PointsInputError
from party_points.loaders import scheme_of_period
from party_points.process import PostsPoints, check_rows_in_branch, period_for_date
from party_points.scoring import ATTENDANCE_STATUSES

PRESENT = "Present"
TIME_FIELDS = ("start_time", "end_time")


class PartyActivity(PostsPoints, Document):
	"""A meeting, lesson, activity day or service: its attendance becomes points by the scheme's rules."""

	def __setup__(self) -> None:
		# Frappe gives every empty Time field of a new document the current time. An activity's times say when
		# members may check in with its QR code (without them: the whole day), so they stay as entered.
		self.dont_update_if_missing = [*self.dont_update_if_missing, *TIME_FIELDS]

	def validate(self) -> None:
		self.assessment_period = period_for_date(self.activity_date).name
		scheme = scheme_of_period(self.assessment_period)
		self.validate_activity_type(scheme)
		check_rows_in_branch(self.attendance, self.party_branch)
		self.set_points(scheme)

	def validate_activity_type(self, scheme) -> None:
		"""The standard kinds of activity and those the scheme's activity rules name."""
		kinds = activity_types(scheme)
		if self.activity_type not in kinds:
			frappe.throw(
				_("Unknown activity type {0}; the scheme's activity types are {1}").format(
					self.activity_type, codes_and_labels((kind, kind) for kind in kinds)
				),
				exc=PointsInputError,
				title=_("Unknown Activity Type"),
			)

	def set_points(self, scheme) -> None:
		for row in self.attendance:
			code = scheme.activity_item(self.activity_type, row.status)
			row.points = float(scheme.item(code).points) if code else 0

	def before_submit(self) -> None:
		# A draft may be saved empty, for members to check in with its QR code; a submitted one has its attendance.
		if not self.attendance:
			frappe.throw(
				_("List the attendance of {0} before submitting it").format(self.title),
				exc=frappe.MandatoryError,
				title=_("No Attendance"),
			)

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

	@frappe.whitelist()
	def add_branch_members(self, status: str = PRESENT) -> int:
		"""List every member of the branch on the activity's date who is not listed yet, with ``status``
		(Present unless told), so that the recorder only changes the exceptions. Returns how many were added."""
		self.check_permission("write")
		if not self.party_branch or not self.activity_date:
			frappe.throw(_("Choose the branch and the date first"), exc=frappe.MandatoryError)
		if status not in ATTENDANCE_STATUSES:
			frappe.throw(_("Unknown attendance status {0}").format(status), exc=PointsInputError)
		listed = {row.member for row in self.attendance}
		drop_empty_rows(self, "attendance", "member")
		added = 0
		for member in branch_members(self.party_branch, self.activity_date, self.activity_date):
			if member.name not in listed:
				self.append(
					"attendance", {"member": member.name, "member_name": member.full_name, "status": status}
				)
				added += 1
		scheme = scheme_of(day=self.activity_date)
		if scheme is not None:
			self.set_points(scheme)
		return added
