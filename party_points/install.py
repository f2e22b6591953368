"""Install-time setup: roles, the default scheme and settings, created once and never re-synced.

A company edits its scheme, settings and workflows in the desk; migrate must not undo that, so
everything here is created only when absent.
"""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields
from frappe.utils import getdate, today

from party_points.scoring import default_scheme
from party_points.workflow import install_workflows

ROLES = {
	"Party Member": "Applies each quarter; sees their own points and the branch notice",
	"Department Head": "Signs off members' work-achievement self-assessments",
	"Party Recorder": "Keeps a branch's points ledger (granted on appointment)",
	"Branch Secretary": "Reviews, publishes the notice and holds follow-up talks (granted on appointment)",
	"Party Committee": "Files, verifies and approves across all branches",
	"Party Points Manager": "Configures the scheme, periods and settings",
}


def after_install() -> None:
	create_roles()
	create_default_scheme()
	create_settings()
	create_employee_links()
	create_hr_role_profile()
	install_workflows()
	frappe.db.commit()


def after_migrate() -> None:
	create_roles()
	first_time = not frappe.db.exists("Custom Field", {"dt": "Party Member", "fieldname": "employee"})
	create_employee_links()
	if first_time:  # ERPNext / HRMS installed after the app: offer the profile once, as at install
		create_hr_role_profile()
	install_workflows()


PORTAL_ROLES = ("Party Member",)
"""Roles without the desk: a member's own page (/points) is all a member needs, so a login whose only role is
Party Member is a Website User. Officers hold a desk role besides and keep the desk."""


def create_roles() -> None:
	"""The app's roles, created once (a company's later changes to them are its own). While the app installs,
	the roles the DocTypes' permissions have just made (Frappe makes them all with desk access) get theirs."""
	installing = frappe.flags.in_install == "party_points"
	for role, description in ROLES.items():
		desk_access = 0 if role in PORTAL_ROLES else 1
		if not frappe.db.exists("Role", role):
			frappe.get_doc(
				{"doctype": "Role", "role_name": role, "desk_access": desk_access, "description": description}
			).insert(ignore_permissions=True)
		elif installing:
			doc = frappe.get_doc("Role", role)
			if doc.desk_access != desk_access:
				doc.desk_access = desk_access
				doc.save(ignore_permissions=True)


def create_default_scheme(year: int | None = None) -> str:
	"""The DOMAIN.md scheme for the year, unless one already exists.

	Named by its year (``PS-2026``), not by its title: the name is what reports and messages print, in every
	reader's language. The title is written in the site's language; the desk shows a Points Scheme by its
	title, translated for each reader (the DocType's translated links), so a zh reader sees 默认积分细则 on a
	site installed in English."""
	year = year or getdate(today()).year
	existing = frappe.db.get_value("Points Scheme", {"year": year})
	if existing:
		return existing
	doc = frappe.new_doc("Points Scheme")
	doc.year = year
	doc.is_active = 1
	doc.set_from_scheme(default_scheme())
	site_language = frappe.db.get_single_value("System Settings", "language") or "en"
	doc.title = frappe._(doc.title, lang=site_language)
	name = f"PS-{year}"
	doc.insert(ignore_permissions=True, set_name=None if frappe.db.exists("Points Scheme", name) else name)
	return doc.name


def create_settings() -> None:
	settings = frappe.get_single("Party Points Settings")
	if not settings.fallback_points_scheme:
		settings.fallback_points_scheme = frappe.db.get_value(
			"Points Scheme", {"is_active": 1}, "name", order_by="year desc"
		)
		settings.flags.ignore_permissions = True
		settings.save()


def employee_custom_fields() -> dict:
	return {
		"Party Member": [
			{
				"fieldname": "employee",
				"fieldtype": "Link",
				"label": "Employee",
				"options": "Employee",
				"insert_after": "user",
				"unique": 1,
			},
			{
				"fieldname": "department",
				"fieldtype": "Link",
				"label": "Department",
				"options": "Department",
				"insert_after": "employee",
				"fetch_from": "employee.department",
				"fetch_if_empty": 1,
			},
		]
	}


def create_employee_links() -> None:
	"""Link members to Employee and Department only where HRMS / ERPNext provides them."""
	if frappe.db.exists("DocType", "Employee") and frappe.db.exists("DocType", "Department"):
		create_custom_fields(employee_custom_fields(), ignore_validate=True)


HR_ROLE_PROFILE = "Party Points HR"
HR_PROFILE_ROLES = ("HR User", "Employee", "Branch Secretary")
"""An HR officer who keeps the member roll: HRMS's own roles plus Branch Secretary, which may create and
edit Party Members, and only in the branches a User Permission gives them (without one: none)."""


def create_hr_role_profile() -> None:
	"""Offer the "Party Points HR" Role Profile where HRMS's roles exist: created once, given to nobody,
	and a company's later edits (or its deletion after a migrate) are its own."""
	if frappe.db.exists("Role Profile", HR_ROLE_PROFILE):
		return
	if not all(frappe.db.exists("Role", role) for role in HR_PROFILE_ROLES):
		return
	frappe.get_doc(
		{
			"doctype": "Role Profile",
			"role_profile": HR_ROLE_PROFILE,
			"roles": [{"role": role} for role in HR_PROFILE_ROLES],
		}
	).insert(ignore_permissions=True)
