import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from party_points import notifications, scope
from party_points.constants import PUBLIC_NOTICE
from party_points.exceptions import NoticeClosedError
from party_points.guards import refuse_own
from party_points.workflow import workflow_state_for

OPEN, ANSWERED = "Open", "Answered"


class ScoreObjection(Document):
	"""An objection to a score on public notice: it reopens the score, and must be answered before filing.

	A member of the branch lodges it (and may correct its reason while it is open); the branch's officers
	answer it, never the member whose score it is.
	"""

	def validate(self) -> None:
		if self.is_new():
			self.raised_by = frappe.session.user
			self.status = OPEN
			self.validate_during_notice()
			self.validate_raiser()
			return
		self.validate_unchanged_score()
		if self.has_value_changed("answer") and (self.answer or "").strip():
			self.validate_answerer()
			if self.status == OPEN:
				self.status = ANSWERED
				self.answered_by = frappe.session.user

	def validate_during_notice(self) -> None:
		score = frappe.db.get_value("Member Score", self.member_score, ["stage", "notice_end"], as_dict=True)
		if (
			not score
			or score.stage != PUBLIC_NOTICE
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

	def validate_unchanged_score(self) -> None:
		if self.has_value_changed("member_score"):
			frappe.throw(
				_("An objection stays with the score it was lodged against; lodge a new one instead"),
				exc=frappe.ValidationError,
			)

	def validate_answerer(self) -> None:
		"""The branch's officers answer; a member without an office, or the member objected about, does not."""
		if scope.restricted_to_own():
			frappe.throw(_("Only the branch's officers can answer an objection"), exc=frappe.PermissionError)
		refuse_own(
			self.member,
			self.doctype,
			message=_("Someone else must answer an objection to your own score"),
		)

	def after_insert(self) -> None:
		state = workflow_state_for("Member Score", "stage", "Under Review")
		values = {"stage": "Under Review", **({"workflow_state": state} if state else {})}
		frappe.db.set_value("Member Score", self.member_score, values)
		frappe.get_doc("Member Score", self.member_score).add_comment(
			"Info", _("Reopened for review by the objection {0}").format(self.name)
		)
		notifications.objection_received(self)


@frappe.whitelist()
def lodge(member_score: str, reason: str) -> str:
	"""Object to a score on public notice (the Member Score form's Object button); returns the objection."""
	doc = frappe.get_doc({"doctype": "Score Objection", "member_score": member_score, "reason": reason})
	doc.insert()
	return doc.name


@frappe.whitelist()
def score_to_object_to() -> str | None:
	"""The user's own score that is on public notice now (the newest), for a new objection's default."""
	own = scope.own_member_names()
	if not own:
		return None
	scores = frappe.get_list(
		"Member Score",
		filters={"member": ("in", own), "stage": PUBLIC_NOTICE, "notice_end": (">", today())},
		pluck="name",
		order_by="assessment_period desc",
		limit_page_length=1,
	)
	return scores[0] if scores else None
