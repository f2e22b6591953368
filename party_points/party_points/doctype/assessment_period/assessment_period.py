import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_days, cint, getdate, today

from party_points.constants import CLOSING_STAGES, PUBLIC_NOTICE, VERIFIED
from party_points.exceptions import ClosedPeriodError, NoSchemeError, SchemeInvalidError
from party_points.guards import notice_days
from party_points.loaders import get_scheme, scheme_name_for_year
from party_points.scoring import quarter_dates


class AssessmentPeriod(Document):
	def before_validate(self) -> None:
		"""What the period derives from its year and quarter, filled in before Frappe checks mandatory fields
		(a form, the REST API or an import may leave the scheme out)."""
		self.set_dates()
		self.set_scheme()

	def validate(self) -> None:
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


@frappe.whitelist()
def period_defaults(year: int, quarter: int | None = None) -> dict:
	"""What a new period of ``year`` (and ``quarter``) fills in, for the form to show before saving: the
	active scheme and the dates (the server fills both in again when it saves)."""
	frappe.has_permission("Assessment Period", "read", throw=True)
	year, quarter = cint(year), cint(quarter)
	if not 2000 <= year <= 2200:
		return {}
	out = {"points_scheme": scheme_name_for_year(year)}
	if not out["points_scheme"]:
		out["message"] = _("There is no active Points Scheme for {0}").format(year)
	if quarter in (1, 2, 3, 4):
		out["start_date"], out["end_date"] = (str(d) for d in quarter_dates(year, quarter))
	return out


@frappe.whitelist()
def scheme_labels(assessment_period: str) -> dict:
	"""The labels, in the reader's language, of the codes the period's scheme uses (parts, dimensions, and
	scoring items, evaluation rounds and reward types), for forms that show a ledger entry's codes."""
	frappe.has_permission("Assessment Period", "read", throw=True)
	name = frappe.db.get_value("Assessment Period", assessment_period, "points_scheme")
	if not name:
		return {}
	scheme = get_scheme(name)
	return {
		"parts": {p.code: _(p.label) for p in scheme.parts},
		"dimensions": {d.code: _(d.label) for d in scheme.dimensions},
		"items": {
			x.code: _(x.label) for x in (*scheme.items, *scheme.evaluation_rounds, *scheme.reward_types)
		},
	}
