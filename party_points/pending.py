"""Who is waiting on what: every document pending an approval, and the users it waits on.

The one answer that the Pending Approvals report, its number card, the reminders and the weekly
digest share. A document waits on exactly one set of people: the department head it names, its
branch's recorder or secretary, or the Party Committee; each of them sees what waits on them and
nothing else (the committee and the Points Manager may ask for everything).
"""

import frappe
from frappe.utils import add_days, today

from party_points import scope
from party_points.constants import (
	ADOPTED,
	FILED,
	ORGANIZATION,
	PARTY_COMMITTEE,
	PENDING_RECORDER,
	PENDING_SIGN_OFF,
	PROPOSED,
	UNDER_REVIEW,
)

WAITING = {
	"Quarterly Application": ("status", (PENDING_SIGN_OFF, PENDING_RECORDER)),
	"Reward Claim": ("status", (PROPOSED,)),
	"Annual Rating": ("status", (PROPOSED,)),
	"Democratic Evaluation": ("status", (PROPOSED,)),
	"Member Score": ("stage", (UNDER_REVIEW, ADOPTED, FILED)),
}


def pending_approvals(older_than_days: int = 0) -> list[frappe._dict]:
	"""Everything waiting on someone, and since when (one query per kind of document)."""
	cutoff = add_days(today(), -older_than_days)
	rows = []
	for doctype, (field, statuses) in WAITING.items():
		extra = ["department_head"] if doctype == "Quarterly Application" else []
		for doc in frappe.get_all(
			doctype,
			filters={field: ("in", statuses), "docstatus": 0, "modified": ("<=", cutoff + " 23:59:59")},
			fields=["name", f"{field} as status", "modified", "party_branch", *extra],
		):
			doc.doctype = doctype
			rows.append(doc)
	return rows


def committee_users() -> list[str]:
	users = frappe.get_all(
		"Has Role", filters={"role": PARTY_COMMITTEE, "parenttype": "User"}, pluck="parent"
	)
	return sorted(set(users) - {"Administrator"})


def waiting_on(rows: list[frappe._dict]) -> dict[tuple[str, str], list[str]]:
	"""Who each pending document waits on: the named department head, the branch's officers, or the committee."""
	branches = {
		b.name: b
		for b in frappe.get_all(
			ORGANIZATION,
			filters={"name": ("in", list({r.party_branch for r in rows}) or [""])},
			fields=["name", "secretary", "recorder"],
		)
	}
	committee = committee_users()
	out = {}
	for row in rows:
		branch = branches.get(row.party_branch) or frappe._dict()
		if row.status == PENDING_SIGN_OFF:
			users = [row.department_head]
		elif row.status == PENDING_RECORDER:
			users = [branch.recorder]
		elif row.doctype == "Annual Rating" or row.status == FILED:
			users = committee
		else:
			users = [branch.secretary, *(committee if row.doctype == "Reward Claim" else [])]
		out[(row.doctype, row.name)] = [u for u in users if u]
	return out


def pending_for(
	user: str | None = None, older_than_days: int = 0, everything: bool = False
) -> list[frappe._dict]:
	"""What waits on ``user`` (default: the session's), each row with its ``waiting_on``.

	With ``everything``, a user who sees every branch (Party Committee, Points Manager, System
	Manager) gets every pending document; anyone else still gets only what waits on them.
	"""
	user = user or frappe.session.user
	rows = pending_approvals(older_than_days)
	owners = waiting_on(rows)
	show_all = everything and scope.is_unrestricted(user)
	out = []
	for row in rows:
		row.waiting_on = owners[(row.doctype, row.name)]
		if show_all or user in row.waiting_on:
			out.append(row)
	return out
