import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from party_points import notifications, scope
from party_points.exceptions import NoticeClosedError
from party_points.workflow import workflow_state_for


class ScoreObjection(Document):
	"""An objection to a score on public notice: it reopens the score, and must be answered before filing."""

	def validate(self) -> None:
		if self.is_new():
			self.raised_by = frappe.session.user
			self.validate_during_notice()
			self.validate_raiser()
		elif (self.answer or "").strip() and self.status == "Open":
			self.status = "Answered"
			self.answered_by = frappe.session.user

	def validate_during_notice(self) -> None:
		score = frappe.db.get_value("Member Score", self.member_score, ["stage", "notice_end"], as_dict=True)
		if (
			not score
			or score.stage != "Public Notice"
			or (score.notice_end and getdate(today()) >= getdate(score.notice_end))
		):
			frappe.throw(
				_("Objections can be lodged only while the score is on public notice"), exc=NoticeClosedError
			)

	def validate_raiser(self) -> None:
		if scope.restricted_to_own() and self.party_branch not in scope.own_branches():
			frappe.throw(
				_("Only members of {0} may object to its scores").format(self.party_branch),
				exc=frappe.PermissionError,
			)

	def after_insert(self) -> None:
		state = workflow_state_for("Member Score", "stage", "Under Review")
		values = {"stage": "Under Review", **({"workflow_state": state} if state else {})}
		frappe.db.set_value("Member Score", self.member_score, values)
		frappe.get_doc("Member Score", self.member_score).add_comment(
			"Info", _("Reopened for review by the objection {0}").format(self.name)
		)
		notifications.objection_received(self)
