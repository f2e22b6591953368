"""Who sees which branches: the one subtree criterion that permission hooks and reports share.

Branch officers are scoped by Frappe User Permissions on Party Organization (created when someone
is appointed a branch's secretary, recorder or committee member); a permitted organization brings
its whole subtree. Party Committee and Party Points Manager users (and System Managers) see every
branch. A user with only the Party Member role sees their own member record and nothing else.
"""

import frappe

from party_points.constants import (
	MEMBER,
	OFFICER_ROLES,
	ORGANIZATION,
	PARTY_MEMBER,
	PUBLIC_NOTICE,
	UNRESTRICTED_ROLES,
)


def roles_of(user: str | None = None) -> set[str]:
	return set(frappe.get_roles(user or frappe.session.user))


def is_unrestricted(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(roles_of(user) & UNRESTRICTED_ROLES)


def allowed_organizations(user: str | None = None) -> list[str] | None:
	"""Organizations the user may see, subtrees included; None when unrestricted."""
	user = user or frappe.session.user
	if is_unrestricted(user):
		return None
	granted = frappe.get_all(
		"User Permission", filters={"user": user, "allow": ORGANIZATION}, pluck="for_value"
	)
	if not granted:
		# An officer role without an appointment, or a plain member: no branch at all.
		return [] if roles_of(user) & (OFFICER_ROLES | {PARTY_MEMBER}) else None
	org = frappe.qb.DocType(ORGANIZATION)
	root = frappe.qb.DocType(ORGANIZATION).as_("root")
	rows = (
		frappe.qb.from_(org)
		.join(root)
		.on((org.lft >= root.lft) & (org.rgt <= root.rgt))
		.where(root.name.isin(granted))
		.select(org.name)
		.distinct()
	).run(pluck=True)
	return sorted(rows)


def restricted_to_own(user: str | None = None) -> bool:
	"""A plain member, or an officer role without any branch: only their own records, nothing else."""
	return allowed_organizations(user) == []


def own_member_names(user: str | None = None) -> list[str]:
	return frappe.get_all(MEMBER, filters={"user": user or frappe.session.user}, pluck="name")


def branch_condition(field, user: str | None = None):
	"""A frappe.qb criterion limiting ``field`` (a branch link) to what the user may see, or None."""
	allowed = allowed_organizations(user)
	if allowed is None:
		return None
	return field.isin(allowed or [""])


def own_branches(user: str | None = None) -> list[str]:
	return frappe.get_all(
		MEMBER,
		filters={"user": user or frappe.session.user, "status": "Active"},
		pluck="party_branch",
	)


def score_condition(score, user: str | None = None):
	"""A frappe.qb criterion for the Member Scores (table ``score``) the user may read, or None for all.

	The same rule as the Member Score permission hooks: officers their branches; a plain member their own
	scores, and during a public notice those of their branch.
	"""
	allowed = allowed_organizations(user)
	if allowed is None:
		return None
	if allowed:
		return score.party_branch.isin(allowed)
	own = score.member.isin(own_member_names(user) or [""])
	branches = own_branches(user)
	if branches:
		own = own | (score.party_branch.isin(branches) & (score.stage == PUBLIC_NOTICE))
	return own
