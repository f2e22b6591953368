"""Helpers the process DocTypes share: periods by date, who is acting, semantic status changes."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate

from party_points import scope
from party_points.exceptions import (
	ClosedPeriodError,
	DuplicateAttendeeError,
	NoPeriodError,
	SelfApprovalError,
	WrongBranchError,
)
from party_points.ledger import CLOSED_STAGE, get_members, get_scheme
from party_points.scoring import Scheme


def period_for_date(day: date | str) -> frappe._dict:
	"""The Assessment Period covering a date; it must exist and must not be verified."""
	day = getdate(day)
	period = frappe.db.get_value(
		"Assessment Period",
		{"start_date": ("<=", day), "end_date": (">=", day)},
		["name", "stage", "points_scheme", "year", "quarter"],
		as_dict=True,
	)
	if not period:
		frappe.throw(
			_("There is no Assessment Period for {0}; create it first").format(frappe.format(day, "Date")),
			exc=NoPeriodError,
		)
	if period.stage == CLOSED_STAGE:
		frappe.throw(
			_("The period {0} is verified; its scores are final").format(period.name), exc=ClosedPeriodError
		)
	return period


def scheme_of_period(period: str) -> Scheme:
	return get_scheme(frappe.db.get_value("Assessment Period", period, "points_scheme"))


def member_user(member: str) -> str | None:
	return frappe.db.get_value("Party Member", member, "user")


def status_changed_to(doc, *statuses: str) -> bool:
	"""Whether this save moves the document's semantic status into one of ``statuses``."""
	return doc.status in statuses and (doc.is_new() or doc.has_value_changed("status"))


def refuse_self_approval(doc, member: str, approving: tuple[str, ...]) -> None:
	"""The member may create and submit their own document, never move it into an approving status."""
	if member_user(member) == frappe.session.user and status_changed_to(doc, *approving):
		frappe.throw(_("You cannot approve your own {0}").format(_(doc.doctype)), exc=SelfApprovalError)


def has_any_role(*roles: str) -> bool:
	return frappe.session.user == "Administrator" or bool(scope.roles_of() & set(roles))


def check_rows_in_branch(rows: list, branch: str, unique: bool = True) -> dict[str, frappe._dict]:
	"""Every row's member exists and belongs to the branch (and, if ``unique``, appears once)."""
	members = get_members(row.member for row in rows)
	seen: set[str] = set()
	for row in rows:
		member = members.get(row.member)
		if member is None:
			frappe.throw(
				_("Row {0}: unknown Party Member {1}").format(row.idx, row.member), exc=WrongBranchError
			)
		if member.party_branch != branch:
			frappe.throw(
				_("Row {0}: {1} is a member of {2}, not of {3}").format(
					row.idx, member.full_name, member.party_branch, branch
				),
				exc=WrongBranchError,
			)
		if unique and row.member in seen:
			frappe.throw(
				_("Row {0}: {1} is listed twice").format(row.idx, member.full_name),
				exc=DuplicateAttendeeError,
			)
		seen.add(row.member)
	return members
