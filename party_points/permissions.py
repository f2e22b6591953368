"""Permission hooks that narrow what Frappe's User Permissions leave open.

Branch isolation for officers is Frappe's own User Permissions on Party Organization (see
scope.py). These hooks cover the users that mechanism cannot: someone who is only a Party Member,
or holds an officer role without any branch appointment, sees their own records (and a member
their branch's activities) and nothing else, in list views, reports, exports, the REST API and
forms alike. `test_permission_matrix.py` checks every DocType for every role.
"""

import frappe

from party_points import scope
from party_points.constants import PUBLIC_NOTICE


def _own_condition(doctype: str, user: str | None, field: str = "member", *clauses: str) -> str:
	"""``field`` among the user's own member records, or any extra clause ({user} is filled in)."""
	user = user or frappe.session.user
	if not scope.restricted_to_own(user):
		return ""
	names = scope.own_member_names(user)
	conditions = (
		[f"`tab{doctype}`.`{field}` in ({', '.join(frappe.db.escape(n) for n in names)})"] if names else []
	)
	conditions += [c.format(user=frappe.db.escape(user)) for c in clauses]
	return "(" + " or ".join(conditions) + ")" if conditions else "1=0"


def member_score_query(user: str | None = None) -> str:
	"""Own scores, and during a public notice the scores of the member's branch."""
	branches = ", ".join(frappe.db.escape(b) for b in scope.own_branches(user)) or "''"
	notice = f"(`tabMember Score`.`party_branch` in ({branches}) and `tabMember Score`.`stage` = {frappe.db.escape(PUBLIC_NOTICE)})"
	return _own_condition("Member Score", user, "member", notice)


def ledger_entry_query(user: str | None = None) -> str:
	return _own_condition("Points Ledger Entry", user)


def party_member_query(user: str | None = None) -> str:
	return _own_condition("Party Member", user, "name")


def quarterly_application_query(user: str | None = None) -> str:
	return _own_condition(
		"Quarterly Application", user, "member", "`tabQuarterly Application`.`department_head` = {user}"
	)


def reward_claim_query(user: str | None = None) -> str:
	return _own_condition("Reward Claim", user)


def annual_rating_query(user: str | None = None) -> str:
	return _own_condition("Annual Rating", user)


def score_objection_query(user: str | None = None) -> str:
	return _own_condition("Score Objection", user, "member", "`tabScore Objection`.`raised_by` = {user}")


def _own(member: str | None, user: str | None) -> bool | None:
	"""None (no opinion) for users scoped by User Permissions; otherwise whether the record is theirs."""
	if not scope.restricted_to_own(user or frappe.session.user):
		return None
	return bool(member) and member in scope.own_member_names(user)


def has_member_score_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	own = _own(doc.member, user)
	if own is None or own:
		return own
	on_notice = doc.stage == PUBLIC_NOTICE and doc.party_branch in scope.own_branches(user)
	return on_notice and ptype in (None, "read", "print")


def has_own_record_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return _own(doc.member, user)


def has_party_member_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return _own(doc.name, user)


def has_quarterly_application_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
):
	own = _own(doc.member, user)
	return own if own is None else own or doc.department_head == (user or frappe.session.user)


def has_score_objection_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
):
	"""A member objects to scores of their branch on notice (the controller checks branch and notice), sees
	the objections about their score and those they raised, and may correct them until they are answered."""
	own = _own(doc.member, user)
	if own is None or ptype == "create" or doc.is_new():
		return own if own is None else True
	mine = own or doc.raised_by == (user or frappe.session.user)
	if ptype == "write":
		return mine and doc.status != "Answered"
	return mine


def party_activity_query(user: str | None = None) -> str:
	"""A plain member sees the activities of their own branch."""
	user = user or frappe.session.user
	if not scope.restricted_to_own(user):
		return ""
	branches = ", ".join(frappe.db.escape(b) for b in scope.own_branches(user))
	return f"`tabParty Activity`.`party_branch` in ({branches})" if branches else "1=0"


def has_party_activity_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
):
	user = user or frappe.session.user
	if not scope.restricted_to_own(user):
		return None
	return doc.party_branch in scope.own_branches(user)


def discipline_record_query(user: str | None = None) -> str:
	return _own_condition("Discipline Record", user)


def follow_up_action_query(user: str | None = None) -> str:
	return _own_condition("Follow-up Action", user)


def branch_only_query(user: str | None = None) -> str:
	"""Branch records without a member (sheets, evaluations): nothing for a user without a branch."""
	return "1=0" if scope.restricted_to_own(user or frappe.session.user) else ""


def has_branch_only_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return False if scope.restricted_to_own(user or frappe.session.user) else None
