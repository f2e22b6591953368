import frappe

from party_points.install import employee_custom_fields


def before_uninstall() -> None:
	"""Remove what install added outside the app's own DocTypes (custom fields, user permissions)."""
	for doctype, fields in employee_custom_fields().items():
		for field in fields:
			name = frappe.db.exists("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True)
	frappe.db.delete("User Permission", {"allow": "Party Organization"})
