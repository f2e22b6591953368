import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, getdate, today

from party_points.constants import CLOSING_STAGES, PUBLIC_NOTICE, VERIFIED
from party_points.exceptions import ClosedPeriodError, NoSchemeError, SchemeInvalidError
from party_points.guards import notice_days
from party_points.loaders import scheme_name_for_year
from party_points.scoring import quarter_dates


class AssessmentPeriod(Document):
	def validate(self) -> None:
		self.set_dates()
		self.set_scheme()
		self.validate_scheme_change()
		self.validate_stage_change()
		self.set_notice_dates()

	def on_update(self) -> None:
		if self.stage in CLOSING_STAGES and self.has_value_changed("stage"):
			queue_rebuild(self.name)

	@frappe.whitelist()
	def rebuild_scores(self) -> None:
		"""Rebuild every Member Score of the period from the ledger now (in the background)."""
		self.check_permission("write")
		queue_rebuild(self.name)
		frappe.msgprint(
			_(
				"The scores of {0} are being rebuilt from the ledger; this takes a minute for a large organisation"
			).format(self.name),
			alert=True,
		)

	def set_dates(self) -> None:
		if not 2000 <= cint(self.year) <= 2200:
			frappe.throw(_("{0} is not a valid year").format(self.year), exc=frappe.ValidationError)
		self.start_date, self.end_date = quarter_dates(cint(self.year), cint(self.quarter))

	def set_scheme(self) -> None:
		if self.points_scheme:
			return
		self.points_scheme = scheme_name_for_year(cint(self.year))
		if not self.points_scheme:
			frappe.throw(_("There is no active Points Scheme for {0}").format(self.year), exc=NoSchemeError)

	def validate_scheme_change(self) -> None:
		if (
			not self.is_new()
			and self.has_value_changed("points_scheme")
			and frappe.db.exists("Points Ledger Entry", {"assessment_period": self.name})
		):
			frappe.throw(
				_("The period already has ledger entries; its points scheme cannot change"),
				exc=SchemeInvalidError,
			)

	def validate_stage_change(self) -> None:
		before = self.get_doc_before_save()
		if not before or before.stage == self.stage:
			return
		if before.stage == VERIFIED:
			frappe.throw(
				_("{0} is verified; its stage cannot change").format(self.name), exc=ClosedPeriodError
			)

	def set_notice_dates(self) -> None:
		if self.stage == PUBLIC_NOTICE and not self.notice_start:
			self.notice_start = today()
		if self.notice_start and not self.notice_end:
			self.notice_end = add_days(getdate(self.notice_start), notice_days())


def queue_rebuild(period: str) -> None:
	"""The quarter close as a background job, once the current transaction has committed (one at a time per period)."""
	frappe.enqueue(
		"party_points.scores.rebuild_period",
		queue="long",
		period=period,
		enqueue_after_commit=True,
		job_id=f"party_points:rebuild:{period}",
		deduplicate=True,
	)
