from frappe.model.document import Document

from party_points import meeting


class BranchMembersMeeting(Document):
	"""The branch's general members' meeting (党员大会评定) that adopts the period's scores before the notice.

	Its attendance is read from its Party Activity (which posts the attendance points); it posts nothing.
	"""

	def validate(self) -> None:
		meeting.tally(self)
		meeting.check_adoption(self)

	def before_submit(self) -> None:
		meeting.check_held(self)

	def before_update_after_submit(self) -> None:
		"""The resolution may be written up after the meeting; an adoption the scores rely on stays."""
		meeting.check_adoption(self)
		if self.has_value_changed("scores_adopted") and not self.scores_adopted:
			meeting.check_not_relied_on(self)

	def before_cancel(self) -> None:
		if self.scores_adopted:
			meeting.check_not_relied_on(self)
