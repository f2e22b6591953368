"""Members without the desk: the Party Member role loses its desk access, once, on sites installed before.

A member's own page (/points) is all a member needs, so a login whose only desk role was Party Member becomes
a Website User (Frappe re-evaluates each user holding the role when its desk access changes, and re-saving a
user sets its type from its roles). A user holding any other role with desk access (an officer, a department
head, an HR user) stays a System User. New sites get the role without desk access from ``create_roles``.

The check-in settings get their defaults where the site has never saved them, as the settings form would
otherwise show (and save) 0.
"""

import frappe

ROLE = "Party Member"
SETTINGS = "Party Points Settings"
SETTINGS_DEFAULTS = {"checkin_opens_before_minutes": 30, "checkin_grace_minutes": 10}


def set_settings_defaults() -> None:
	saved = frappe.db.get_singles_dict(SETTINGS)
	for field, value in SETTINGS_DEFAULTS.items():
		if saved.get(field) in (None, ""):
			frappe.db.set_single_value(SETTINGS, field, value)


def remove_desk_access() -> None:
	role = frappe.get_doc("Role", ROLE)
	if role.desk_access:
		role.desk_access = 0
		role.save(ignore_permissions=True)  # Role.on_update re-evaluates the users who hold it


def members_still_on_the_desk() -> list[str]:
	"""System Users holding the role (standard users apart); whether another role keeps them on the desk is
	the User's own rule (``set_system_user``)."""
	user = frappe.qb.DocType("User")
	has_role = frappe.qb.DocType("Has Role")
	return (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name)
		.distinct()
		.where(has_role.role == ROLE)
		.where(user.user_type == "System User")
		.where(user.name.notin(("Administrator", "Guest")))
	).run(pluck=True)


def execute() -> int:
	"""Returns how many users became Website Users here (besides those the role's save re-evaluated)."""
	set_settings_defaults()
	if not frappe.db.exists("Role", ROLE):
		return 0
	remove_desk_access()
	moved = 0
	for name in members_still_on_the_desk():
		user = frappe.get_doc("User", name)
		user.set_system_user()
		if user.user_type != "System User":
			user.save(ignore_permissions=True)
			moved += 1
	frappe.clear_cache()
	return moved
