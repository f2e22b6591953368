"""Pending Approvals: what waits on the viewer, on whom, for how long (a few queries per kind of document)."""

import frappe
from frappe import _
from frappe.utils import cint, date_diff, today

from party_points.pending import pending_for
from party_points.reports import branch_subtree, column


@frappe.read_only()
def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	branches = set(branch_subtree(filters.party_branch)) if filters.get("party_branch") else None
	rows = [
		r
		for r in pending_for(everything=bool(cint(filters.get("show_all"))))
		if branches is None or r.party_branch in branches
	]
	data = [
		{
			"document_type": r.doctype,
			"kind": _(r.doctype),
			"document": r.name,
			"status": _(r.status),
			"party_branch": r.party_branch,
			"waiting_on": ", ".join(r.waiting_on),
			"since": r.modified,
			"days_waiting": date_diff(today(), r.modified),
		}
		for r in rows
	]
	data.sort(key=lambda r: -r["days_waiting"])
	columns = [
		# The document's type as the reader's label; its DocType name only drives the link (a Link to DocType
		# would make the desk check a read permission on DocType that no party role has).
		column(_("Document Type"), "kind", width=150),
		{**column(_("Document Type"), "document_type", width=10), "hidden": 1},
		column(_("Document"), "document", "Dynamic Link", "document_type", 170),
		column(_("Status"), "status", width=130),
		column(_("Party Branch"), "party_branch", "Link", "Party Organization", 160),
		column(_("Waiting On"), "waiting_on", width=220),
		column(_("Since"), "since", "Datetime", width=150),
		column(_("Days Waiting"), "days_waiting", "Int", width=100),
	]
	return columns, data
