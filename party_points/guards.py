"""One guard per invariant that several documents share: nobody approves their own record, a verified
period and a final score stay as they are, the public notice lasts the configured days."""

import frappe
from frappe import _
from frappe.utils import cint

from party_points import scope
from party_points.constants import CORRECTING_ROLES, DEFAULT_NOTICE_DAYS, FINAL_STAGES, VERIFIED
from party_points.exceptions import ClosedPeriodError, SelfApprovalError
from party_points.loaders import member_user


def notice_days() -> int:
	return cint(frappe.db.get_single_value("Party Points Settings", "notice_days")) or DEFAULT_NOTICE_DAYS


def is_correcting(user: str | None = None) -> bool:
	"""The Party Committee (and the Points Manager) may correct final scores, by reversal."""
	user = user or frappe.session.user
	return user == "Administrator" or bool(scope.roles_of(user) & CORRECTING_ROLES)


def has_any_role(*roles: str) -> bool:
	return frappe.session.user == "Administrator" or bool(scope.roles_of() & set(roles))


def refuse_own(member: str | None, doctype: str, user: str | None = None, message: str | None = None) -> None:
	"""Nobody approves their own record: ``user`` (default: the acting one) is not the record's member."""
	if member and member_user(member) == (user or frappe.session.user):
		frappe.throw(
			message or _("You cannot approve your own {0}").format(_(doctype)), exc=SelfApprovalError
		)


def status_changed_to(doc, *statuses: str) -> bool:
	"""Whether this save moves the document's semantic status into one of ``statuses``."""
	return doc.status in statuses and (doc.is_new() or doc.has_value_changed("status"))


def refuse_self_approval(doc, member: str, approving: tuple[str, ...]) -> None:
	"""The member may create and submit their own document, never move it into an approving status."""
	if status_changed_to(doc, *approving):
		refuse_own(member, doc.doctype)


def refuse_verified(period: str, stage: str | None, prefix: str = "") -> None:
	"""Nothing new is written into a verified period."""
	if stage == VERIFIED:
		frappe.throw(
			prefix + _("The period {0} is verified; its scores are final").format(period),
			exc=ClosedPeriodError,
		)


def refuse_final(period: str, stage: str | None, score_stage: str | None, who: str, prefix: str = "") -> None:
	"""A final score (its own stage Filed or Verified, or its period verified) changes only by the Party
	Committee's correction: a reversal of its entries with a reason. ``who`` names the member."""
	if stage == VERIFIED or score_stage in FINAL_STAGES:
		frappe.throw(
			prefix
			+ _(
				"The score of {0} for {1} is filed or verified; only the Party Committee can correct it, by reversing its entries"
			).format(who, period),
			exc=ClosedPeriodError,
		)
