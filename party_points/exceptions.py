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
