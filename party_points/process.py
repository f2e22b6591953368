"""What the process DocTypes share: the period of a date, and a branch document's member rows."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate

from party_points import ledger
from party_points.constants import PERIOD
from party_points.exceptions import DuplicateAttendeeError, NoPeriodError, NotAMemberError, WrongBranchError
from party_points.guards import refuse_verified
from party_points.loaders import get_members


def period_for_date(day: date | str) -> frappe._dict:
	"""The Assessment Period covering a date; it must exist and must not be verified."""
	day = getdate(day)
	period = frappe.db.get_value(
		PERIOD,
		{"start_date": ("<=", day), "end_date": (">=", day)},
		["name", "stage", "points_scheme", "year", "quarter"],
		as_dict=True,
	)
	if not period:
		frappe.throw(
			_("There is no Assessment Period for {0}; create it first").format(frappe.format(day, "Date")),
			exc=NoPeriodError,
		)
	refuse_verified(period.name, period.stage)
	return period


def check_rows_in_branch(rows: list, branch: str, unique: bool = True) -> dict[str, frappe._dict]:
	"""Every row's member exists and belongs to the branch (and, if ``unique``, appears once)."""
	members = get_members(row.member for row in rows)
	seen: set[str] = set()
	for row in rows:
		member = members.get(row.member)
		if member is None:
			frappe.throw(
				_("Row {0}: unknown Party Member {1}").format(row.idx, row.member), exc=NotAMemberError
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


class PostsPoints:
	"""A document whose submission posts points. Cancelling it reverses them, under the rule of posting: a
	document whose points count in a filed or verified score cannot be cancelled (the Party Committee
	corrects such a score by reversing entries, with a reason)."""

	def before_cancel(self) -> None:
		ledger.check_cancellable(self.doctype, self.name)

	def on_cancel(self) -> None:
		ledger.reverse_source(
			self.doctype, self.name, _("{0} {1} cancelled").format(_(self.doctype), self.name)
		)
