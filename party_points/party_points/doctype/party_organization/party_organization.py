import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from party_points.exceptions import OrganizationHierarchyError

COMMITTEE, BRANCH, GROUP = "Party Committee", "Party Branch", "Party Group"
PARENT_TYPES = {COMMITTEE: (None, COMMITTEE), BRANCH: (COMMITTEE,), GROUP: (BRANCH,)}
OFFICER_ROLES = {"secretary": "Branch Secretary", "recorder": "Party Recorder"}
ORGANIZATION = "Party Organization"


class PartyOrganization(NestedSet):
	nsm_parent_field = "parent_party_organization"

	def validate(self) -> None:
		self.validate_parent_type()
		self.is_group = 0 if self.organization_type == GROUP else 1
		if self.organization_type == COMMITTEE:
			self.recorder = None
		if self.organization_type == GROUP:
			self.recorder = None

	def validate_parent_type(self) -> None:
		parent_type = None
		if self.parent_party_organization:
			parent_type = frappe.db.get_value(
				ORGANIZATION, self.parent_party_organization, "organization_type"
			)
		if parent_type not in PARENT_TYPES[self.organization_type]:
			frappe.throw(
				_("A {0} must belong to a {1}").format(
					_(self.organization_type),
					" / ".join(_(t) for t in PARENT_TYPES[self.organization_type] if t),
				),
				exc=OrganizationHierarchyError,
				title=_("Invalid Organization"),
			)

	def on_update(self) -> None:
		super().on_update()
		self.sync_officers()

	def on_trash(self) -> None:
		if frappe.db.exists("Party Member", {"party_branch": self.name}) or frappe.db.exists(
			"Party Member", {"party_group": self.name}
		):
			frappe.throw(_("{0} still has members").format(self.name), exc=frappe.LinkExistsError)
		super().on_trash()
		self.sync_officers(deleting=True)

	def officers(self) -> dict[str, set[str]]:
		"""Role -> users this organization appoints to it."""
		out: dict[str, set[str]] = {}
		if self.organization_type == COMMITTEE:
			out["Party Committee"] = {row.user for row in self.committee_members}
			return out
		for field, role in OFFICER_ROLES.items():
			if self.get(field):
				out.setdefault(role, set()).add(self.get(field))
		out.setdefault("Branch Secretary", set()).update(row.user for row in self.committee_members)
		return out

	def sync_officers(self, deleting: bool = False) -> None:
		"""Grant each officer their role and a User Permission on this organization; take both back from
		whoever is no longer appointed (so an officer never holds a role without a branch)."""
		before = self.get_doc_before_save()
		old = self.officers() if deleting else (before.officers() if before else {})
		new = {} if deleting else self.officers()
		scoped = self.organization_type != COMMITTEE
		still_here = set().union(*new.values()) if new else set()
		for role in set(old) | set(new):
			for user in new.get(role, set()) - old.get(role, set()):
				grant(user, role, self.name if scoped else None)
			for user in old.get(role, set()) - new.get(role, set()):
				if scoped and user not in still_here:
					remove_user_permission(user, self.name)
				if not appointed_elsewhere(user, role, self.name):
					remove_role(user, role)


def grant(user: str, role: str, organization: str | None) -> None:
	if organization:
		frappe.permissions.add_user_permission(ORGANIZATION, organization, user, ignore_permissions=True)
	user_doc = frappe.get_doc("User", user)
	if role not in {r.role for r in user_doc.roles}:
		user_doc.flags.ignore_permissions = True
		user_doc.add_roles(role)


def remove_user_permission(user: str, organization: str) -> None:
	if frappe.db.exists("User Permission", {"user": user, "allow": ORGANIZATION, "for_value": organization}):
		frappe.permissions.remove_user_permission(ORGANIZATION, organization, user)


def remove_role(user: str, role: str) -> None:
	user_doc = frappe.get_doc("User", user)
	if role in {r.role for r in user_doc.roles}:
		user_doc.flags.ignore_permissions = True
		user_doc.remove_roles(role)


def appointed_elsewhere(user: str, role: str, organization: str | None) -> bool:
	"""Whether another organization still appoints this user to this role."""
	org = frappe.qb.DocType(ORGANIZATION)
	officer = frappe.qb.DocType("Party Organization Officer")
	exclude = organization or ""
	if role == "Party Recorder":
		criteria = org.recorder == user
	elif role == "Branch Secretary":
		criteria = (org.secretary == user) | org.name.isin(
			frappe.qb.from_(officer).select(officer.parent).where(officer.user == user)
		)
		criteria = criteria & (org.organization_type != COMMITTEE)
	else:
		criteria = org.name.isin(
			frappe.qb.from_(officer).select(officer.parent).where(officer.user == user)
		) & (org.organization_type == COMMITTEE)
	return bool(
		frappe.qb.from_(org).select(org.name).where(criteria).where(org.name != exclude).limit(1).run()
	)


def on_doctype_update() -> None:
	frappe.db.add_index(ORGANIZATION, ["lft", "rgt"])
