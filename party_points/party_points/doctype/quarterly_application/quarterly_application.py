import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, now_datetime

from party_points import hrms, ledger, notifications
from party_points.constants import (
	APPROVED,
	DEPARTMENT_HEAD,
	OPEN,
	PENDING_RECORDER,
	PENDING_SIGN_OFF,
	POINTS_MANAGER,
	RETURNED,
)
from party_points.exceptions import ClosedPeriodError, DuplicateApplicationError
from party_points.guards import (
	has_any_role,
	refuse_own,
	refuse_self_approval,
	refuse_verified,
	status_changed_to,
)
from party_points.loaders import scheme_of_period
from party_points.process import PostsPoints
from party_points.scoring import ScoringError, application_item, check_application_score
from party_points.utils import throw_scoring_error


class NotADepartmentHeadError(frappe.ValidationError):
	"""The user named to sign off an application does not hold the Department Head role."""


class QuarterlyApplication(PostsPoints, Document):
	def before_validate(self) -> None:
		hrms.default_department_head(self)

	def validate(self) -> None:
		self.validate_period_open()
		self.validate_duplicate()
		self.validate_department_head()
		self.validate_scores()
		refuse_self_approval(self, self.member, (PENDING_RECORDER, APPROVED))
		self.record_sign_off()
		self.validate_return()

	def validate_period_open(self) -> None:
		stage = frappe.db.get_value("Assessment Period", self.assessment_period, "stage")
		if self.is_new() and stage != OPEN:
			frappe.throw(
				_("Applications for {0} are closed (stage: {1})").format(self.assessment_period, _(stage)),
				exc=ClosedPeriodError,
			)
		refuse_verified(self.assessment_period, stage)

	def validate_duplicate(self) -> None:
		other = frappe.db.exists(
			"Quarterly Application",
			{
				"member": self.member,
				"assessment_period": self.assessment_period,
				"docstatus": ("<", 2),
				"name": ("!=", self.name),
			},
		)
		if other:
			frappe.throw(
				_("{0} already has the application {1} for {2}").format(
					self.member_name or self.member, other, self.assessment_period
				),
				exc=DuplicateApplicationError,
				title=_("Duplicate"),
			)

	def validate_department_head(self) -> None:
		"""The head named signs off: someone else than the applicant, holding the Department Head role."""
		if not self.department_head:
			return
		refuse_own(
			self.member,
			self.doctype,
			user=self.department_head,
			message=_("A member cannot sign off their own application"),
		)
		if self.is_new() or self.has_value_changed("department_head"):
			if DEPARTMENT_HEAD not in frappe.get_roles(self.department_head):
				frappe.throw(
					_("{0} is not a Department Head; choose a user with that role").format(
						frappe.utils.get_fullname(self.department_head)
					),
					exc=NotADepartmentHeadError,
					title=_("Department Head"),
				)

	def validate_scores(self) -> None:
		scheme = scheme_of_period(self.assessment_period)
		try:
			for value in (self.self_score, self.approved_score):
				if value is not None:
					check_application_score(scheme, value)
		except ScoringError as error:
			throw_scoring_error(error)

	def record_sign_off(self) -> None:
		if status_changed_to(self, PENDING_SIGN_OFF):
			self.approved_score = self.self_score  # the department head adjusts it if need be
			self.signed_off_by = self.signed_off_on = None
		if not status_changed_to(self, PENDING_RECORDER):
			return
		if frappe.session.user != self.department_head and not has_any_role(POINTS_MANAGER):
			frappe.throw(
				_("Only {0}, the department head named on it, can sign off this application").format(
					self.department_head
				),
				exc=frappe.PermissionError,
			)
		if not self.quality:
			frappe.throw(_("Record the quality of the work before signing off"), exc=frappe.MandatoryError)
		self.signed_off_by = frappe.session.user
		self.signed_off_on = now_datetime()

	def validate_return(self) -> None:
		if status_changed_to(self, RETURNED) and not (self.return_reason or "").strip():
			frappe.throw(_("Give the reason for returning the application"), exc=frappe.MandatoryError)

	def on_update(self) -> None:
		if self.status == RETURNED and self.has_value_changed("status"):
			notifications.application_returned(self)

	def before_submit(self) -> None:
		if not self.signed_off_by:
			frappe.throw(
				_("The department head has not signed off this application"), exc=frappe.ValidationError
			)
		refuse_own(self.member, self.doctype)

	def on_submit(self) -> None:
		if flt(self.approved_score) <= 0:
			return
		item = application_item(scheme_of_period(self.assessment_period))
		(name,) = ledger.post(
			[
				{
					"member": self.member,
					"assessment_period": self.assessment_period,
					"scoring_item": item.code,
					"points": self.approved_score,
					"remarks": _("Quarterly application {0}").format(self.name),
				}
			],
			source_doctype=self.doctype,
			source_name=self.name,
		)
		self.db_set("ledger_entry", name)
