"""One exception class per kind of error, so tests can assert the exact class."""

import frappe


class PointsInputError(frappe.ValidationError):
	"""A scoring rule of the scheme refused the input (cap, band, sign, unknown code)."""


class SchemeInvalidError(frappe.ValidationError):
	pass


class DuplicateActiveSchemeError(frappe.ValidationError):
	pass


class LedgerImmutableError(frappe.ValidationError):
	pass


class ClosedPeriodError(frappe.ValidationError):
	pass


class NotAMemberError(frappe.ValidationError):
	pass


class AlreadyReversedError(frappe.ValidationError):
	pass


class OrganizationHierarchyError(frappe.ValidationError):
	pass


class ScoreComputedError(frappe.ValidationError):
	"""A Member Score's figures come from the ledger and cannot be typed in."""


class DuplicateApplicationError(frappe.ValidationError):
	pass


class SelfApprovalError(frappe.PermissionError):
	"""Nobody may approve, sign off or verify their own application, claim or score."""


class NoticeNotOverError(frappe.ValidationError):
	pass


class OpenObjectionError(frappe.ValidationError):
	pass


class NoticeClosedError(frappe.ValidationError):
	"""An objection outside the public notice."""


class DuplicateAttendeeError(frappe.ValidationError):
	pass


class WrongBranchError(frappe.ValidationError):
	"""A member of another branch on a branch's document."""


class NoPeriodError(frappe.ValidationError):
	pass


class NoSchemeError(frappe.ValidationError):
	"""No active Points Scheme applies to the year."""


class DatabaseBusyError(frappe.ValidationError):
	"""A deadlock or lock wait timeout outlasted the retries (party_points.retry): nothing was written.

	HTTP 508, the status Frappe's own request handler gives a deadlock or lock wait timeout, and for which
	its desk shows "Please try again"."""

	http_status_code = 508


class DuplicatePostingError(frappe.ValidationError):
	"""The same posting again: its source (a document, or a client's request key) has already posted."""
