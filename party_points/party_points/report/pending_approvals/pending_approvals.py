"""Pending Approvals: everything waiting, on whom, for how long (a few queries per kind of document)."""

import frappe
from frappe import _
from frappe.utils import date_diff, today

from party_points import scope
from party_points.notifications import pending_approvals, waiting_on
from party_points.reports import branch_subtree, column


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	allowed = scope.allowed_organizations()
	branches = set(branch_subtree(filters.party_branch)) if filters.get("party_branch") else None
	rows = [
		r
		for r in pending_approvals(0)
		if (allowed is None or r.party_branch in allowed) and (branches is None or r.party_branch in branches)
	]
	owners = waiting_on(rows)
	data = [
		{
			"document_type": r.doctype,
			"document": r.name,
			"status": _(r.status),
			"party_branch": r.party_branch,
			"waiting_on": ", ".join(owners[(r.doctype, r.name)]),
			"since": r.modified,
			"days_waiting": date_diff(today(), r.modified),
		}
		for r in rows
	]
	data.sort(key=lambda r: -r["days_waiting"])
	columns = [
		column(_("Document Type"), "document_type", "Link", "DocType", 150),
		column(_("Document"), "document", "Dynamic Link", "document_type", 170),
		column(_("Status"), "status", width=130),
		column(_("Party Branch"), "party_branch", "Link", "Party Organization", 160),
		column(_("Waiting On"), "waiting_on", width=220),
		column(_("Since"), "since", "Datetime", width=150),
		column(_("Days Waiting"), "days_waiting", "Int", width=100),
	]
	return columns, data
