import frappe

from party_points.install import HR_ROLE_PROFILE, employee_custom_fields


def before_uninstall() -> None:
	"""Remove what install added outside the app's own DocTypes (custom fields, user permissions, the
	HR Role Profile it offered; users who were given it keep their roles)."""
	for doctype, fields in employee_custom_fields().items():
		for field in fields:
			name = frappe.db.exists("Custom Field", {"dt": doctype, "fieldname": field["fieldname"]})
			if name:
				frappe.delete_doc("Custom Field", name, ignore_permissions=True)
	frappe.db.delete("User Permission", {"allow": "Party Organization"})
	if frappe.db.exists("Role Profile", HR_ROLE_PROFILE):
		if frappe.get_meta("User").has_field("role_profile_name"):
			frappe.db.set_value("User", {"role_profile_name": HR_ROLE_PROFILE}, "role_profile_name", None)
		frappe.delete_doc("Role Profile", HR_ROLE_PROFILE, ignore_permissions=True, force=True)
