"""Install-time setup: roles, the default scheme and settings, created once and never re-synced.

A company edits its scheme, settings and workflows in the desk; migrate must not undo that, so
everything here is created only when absent.
"""

import frappe
from frappe import _
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
	install_workflows()
	create_auto_email_reports()
	frappe.db.commit()


def after_migrate() -> None:
	create_roles()
	create_employee_links()
	install_workflows()
	create_auto_email_reports()


def create_roles() -> None:
	for role, description in ROLES.items():
		if not frappe.db.exists("Role", role):
			frappe.get_doc(
				{"doctype": "Role", "role_name": role, "desk_access": 1, "description": description}
			).insert(ignore_permissions=True)


def create_default_scheme(year: int | None = None) -> str:
	"""The DOMAIN.md scheme for the year, unless one already exists."""
	year = year or getdate(today()).year
	existing = frappe.db.get_value("Points Scheme", {"year": year})
	if existing:
		return existing
	doc = frappe.new_doc("Points Scheme")
	doc.year = year
	doc.is_active = 1
	doc.set_from_scheme(default_scheme())
	doc.insert(ignore_permissions=True)
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


AUTO_EMAIL_REPORTS = {
	# name: (report, frequency, roles whose users receive it)
	"Annual Rating Summary for the Party Committee": (
		"Annual Rating Summary",
		"Monthly",
		("Party Committee",),
	),
	"Pending Approvals for Approvers": (
		"Pending Approvals",
		"Weekly",
		("Party Recorder", "Branch Secretary", "Party Committee", "Department Head"),
	),
}


def report_recipients(roles: tuple[str, ...]) -> list[str]:
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	query = (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.email)
		.distinct()
		.where(has_role.role.isin(roles))
		.where(has_role.parenttype == "User")
		.where(user.enabled == 1)
		.where(user.name.notin(["Administrator", "Guest"]))
	)
	return sorted(query.run(pluck=True))


def create_auto_email_reports() -> list[str]:
	"""Scheduled reports, created once when there is someone to send them to; edited freely in the desk."""
	created = []
	for name, (report, frequency, roles) in AUTO_EMAIL_REPORTS.items():
		if frappe.db.exists("Auto Email Report", name):
			continue
		recipients = report_recipients(roles)
		if not recipients:
			continue
		doc = frappe.get_doc(
			{
				"doctype": "Auto Email Report",
				"report": report,
				"user": "Administrator",
				"enabled": 1,
				"frequency": frequency,
				"day_of_week": "Monday",
				"format": "HTML",
				"email_to": "\n".join(recipients),
				"description": _("Sent by Party Points; change the recipients and frequency here."),
			}
		)
		doc.name = name
		doc.flags.name_set = True
		doc.insert(ignore_permissions=True)
		created.append(name)
	return created


def sync_user_report_recipients(doc, method: str | None = None) -> None:
	"""Keep a user's address on exactly the scheduled reports meant for the roles they hold.

	Runs whenever a user is saved (an appointment, or an administrator changing roles) or deleted.
	Only that one address changes; an administrator's other edits (frequency, extra recipients) stay.
	"""
	if doc.name in ("Administrator", "Guest") or not doc.email:
		return
	roles = set() if method == "on_trash" or not doc.enabled else {r.role for r in doc.get("roles", [])}
	if roles & {role for _r, _f, report_roles in AUTO_EMAIL_REPORTS.values() for role in report_roles}:
		create_auto_email_reports()
	for name, (_report, _frequency, report_roles) in AUTO_EMAIL_REPORTS.items():
		if not frappe.db.exists("Auto Email Report", name):
			continue
		current = [
			line.strip()
			for line in (frappe.db.get_value("Auto Email Report", name, "email_to") or "").splitlines()
			if line.strip()
		]
		wanted = bool(roles & set(report_roles))
		if wanted and doc.email not in current:
			current.append(doc.email)
		elif not wanted and doc.email in current and len(current) > 1:
			current.remove(doc.email)
		else:
			continue
		frappe.db.set_value("Auto Email Report", name, "email_to", "\n".join(current))
