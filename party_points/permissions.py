"""Permission hooks that narrow what Frappe's User Permissions leave open.

Branch isolation for officers is Frappe's own User Permissions on Party Organization (see
scope.py). These hooks cover the users that mechanism cannot: someone who is only a Party Member,
or holds an officer role without any branch appointment, sees their own records and nothing else
(in list views, reports, exports, the REST API and forms alike).
"""

import frappe

from party_points import scope


def _restricted_to_own(user: str | None) -> bool:
	return scope.allowed_organizations(user or frappe.session.user) == []


def _own_condition(doctype: str, field: str, user: str | None) -> str:
	if not _restricted_to_own(user):
		return ""
	names = scope.own_member_names(user)
	if not names:
		return "1=0"
	values = ", ".join(frappe.db.escape(n) for n in names)
	return f"`tab{doctype}`.`{field}` in ({values})"


def member_score_query(user: str | None = None) -> str:
	"""Own scores, and during a public notice the scores of the member's branch."""
	own = _own_condition("Member Score", "member", user)
	if not own or own == "1=0":
		return own
	branches = scope.own_branches(user)
	values = ", ".join(frappe.db.escape(b) for b in branches) or "''"
	return f"({own} or (`tabMember Score`.`party_branch` in ({values}) and `tabMember Score`.`stage` = 'Public Notice'))"


def ledger_entry_query(user: str | None = None) -> str:
	return _own_condition("Points Ledger Entry", "member", user)


def party_member_query(user: str | None = None) -> str:
	return _own_condition("Party Member", "name", user)


def _own(member: str | None, user: str | None) -> bool | None:
	if not _restricted_to_own(user):
		return None
	return bool(member) and member in scope.own_member_names(user)


def has_member_score_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	own = _own(doc.member, user)
	if own is None or own:
		return own
	on_notice = doc.stage == "Public Notice" and doc.party_branch in scope.own_branches(user)
	return on_notice and ptype in (None, "read", "print")


def has_ledger_entry_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return _own(doc.member, user)


def has_party_member_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return _own(doc.name, user)


def _user_condition(doctype: str, user: str | None, *clauses: str) -> str:
	"""Own records (by member) or any of the extra clauses, for users without a branch appointment."""
	user = user or frappe.session.user
	if not _restricted_to_own(user):
		return ""
	names = scope.own_member_names(user)
	conditions = (
		[f"`tab{doctype}`.`member` in ({', '.join(frappe.db.escape(n) for n in names)})"] if names else []
	)
	conditions += [c.format(user=frappe.db.escape(user)) for c in clauses]
	return "(" + " or ".join(conditions) + ")" if conditions else "1=0"


def quarterly_application_query(user: str | None = None) -> str:
	return _user_condition(
		"Quarterly Application", user, "`tabQuarterly Application`.`department_head` = {user}"
	)


def reward_claim_query(user: str | None = None) -> str:
	return _user_condition("Reward Claim", user)


def annual_rating_query(user: str | None = None) -> str:
	return _user_condition("Annual Rating", user)


def score_objection_query(user: str | None = None) -> str:
	return _user_condition("Score Objection", user, "`tabScore Objection`.`raised_by` = {user}")


def has_quarterly_application_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
):
	user = user or frappe.session.user
	if not _restricted_to_own(user):
		return None
	return doc.member in scope.own_member_names(user) or doc.department_head == user


def has_own_record_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return _own(doc.member, user)


def has_score_objection_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
):
	user = user or frappe.session.user
	if not _restricted_to_own(user):
		return None
	if ptype == "create":
		return True  # checked in the controller: a member of the branch, during the notice
	return doc.raised_by == user or doc.member in scope.own_member_names(user)
