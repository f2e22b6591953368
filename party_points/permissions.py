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
	return _own_condition("Member Score", "member", user)


def ledger_entry_query(user: str | None = None) -> str:
	return _own_condition("Points Ledger Entry", "member", user)


def party_member_query(user: str | None = None) -> str:
	return _own_condition("Party Member", "name", user)


def _own(member: str | None, user: str | None) -> bool | None:
	if not _restricted_to_own(user):
		return None
	return bool(member) and member in scope.own_member_names(user)


def has_member_score_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return _own(doc.member, user)


def has_ledger_entry_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return _own(doc.member, user)


def has_party_member_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	return _own(doc.name, user)
