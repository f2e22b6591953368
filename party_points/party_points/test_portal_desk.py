"""Members without the desk (issue 16): the Party Member role has no desk access on a new site and loses it
once, through the v1_3 patch, on a site installed before; a login whose only desk role was Party Member becomes
a Website User, an officer who is also a member stays a System User, and the member's User field offers fresh
logins, Website Users included. The HTTP side (/app refused, /points served) is in test_portal_http.py."""

import frappe

from party_points.install import ROLES, create_roles
from party_points.patches.v1_3 import members_without_desk
from party_points.testing import PartyPointsTestCase, make_member, make_org, make_user

ROLE = "Party Member"


class TestMembersWithoutDesk(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.branch = make_org("Desk Branch", "Party Branch", make_org("Desk Committee", "Party Committee"))

	def forget(self, *users: str) -> None:
		"""Frappe caches users and roles outside the transaction the test rolls back."""
		for user in users:
			self.addCleanup(frappe.clear_cache, user=user)
		self.addCleanup(frappe.clear_cache, doctype="Role")

	def user_type(self, user: str) -> str:
		return frappe.db.get_value("User", user, "user_type")

	def test_a_new_site_gives_the_member_role_no_desk_and_the_officers_theirs(self) -> None:
		self.assertEqual(frappe.db.get_value("Role", ROLE, "desk_access"), 0)
		self.assertEqual(
			{role: frappe.db.get_value("Role", role, "desk_access") for role in ROLES if role != ROLE},
			{role: 1 for role in ROLES if role != ROLE},
		)
		# As the app installs: the role the DocTypes' permissions made (with the desk) loses it.
		self.forget()
		frappe.db.set_value("Role", ROLE, "desk_access", 1)
		previous = frappe.flags.in_install
		frappe.flags.in_install = "party_points"
		try:
			create_roles()
		finally:
			frappe.flags.in_install = previous
		self.assertEqual(frappe.db.get_value("Role", ROLE, "desk_access"), 0)
		# A migrate later leaves a company's own choice alone.
		frappe.db.set_value("Role", ROLE, "desk_access", 1)
		create_roles()
		self.assertEqual(frappe.db.get_value("Role", ROLE, "desk_access"), 1)

	def test_a_fresh_login_linked_to_a_member_is_a_website_user(self) -> None:
		user = make_user("desk_fresh_login")
		self.forget(user)
		self.assertEqual(
			(self.user_type(user), set(frappe.get_roles(user))), ("Website User", {"All", "Guest"})
		)  # no role of its own
		make_member("Desk Fresh", self.branch, user)
		self.assertIn(ROLE, frappe.get_roles(user))
		self.assertEqual(self.user_type(user), "Website User")
		# ... and the member's User field offers it (Frappe's user query, as the form asks it).
		from frappe.core.doctype.user.user import user_query

		frappe.session.data.user_type = "System User"  # a desk session's (the query honours it for them)
		self.addCleanup(frappe.session.data.pop, "user_type", None)
		offered = [row[0] for row in user_query("User", "desk_fresh", "name", 0, 20, {"ignore_user_type": 1})]
		self.assertEqual(offered, [user])
		self.assertEqual(user_query("User", "desk_fresh", "name", 0, 20, {}), ())

	def test_the_patch_takes_the_desk_from_members_only(self) -> None:
		frappe.db.set_value("Role", ROLE, "desk_access", 1)  # as installed before
		member_only = make_user("desk_member_only")
		officer = make_user("desk_officer_member", ("Department Head",))
		self.forget(member_only, officer)
		make_member("Desk Member Only", self.branch, member_only)
		make_member("Desk Officer", self.branch, officer)
		self.assertEqual(
			(self.user_type(member_only), self.user_type(officer)), ("System User", "System User")
		)
		# a user who is already a Website User (desk access taken without re-saving the users)
		frappe.db.set_value("Role", ROLE, "desk_access", 0)
		stale = make_user("desk_stale_member")
		self.forget(stale)
		make_member("Desk Stale", self.branch, stale)
		frappe.db.set_value("User", stale, "user_type", "System User")
		frappe.db.set_value("Role", ROLE, "desk_access", 1)

		members_without_desk.execute()
		self.assertEqual(frappe.db.get_value("Role", ROLE, "desk_access"), 0)
		self.assertEqual(
			[self.user_type(u) for u in (member_only, officer, stale)],
			["Website User", "System User", "Website User"],
		)
		self.assertLessEqual({ROLE, "Department Head"}, set(frappe.get_roles(officer)))
		self.assertIn(ROLE, frappe.get_roles(member_only))  # the member keeps the role and the page
		self.assertEqual(self.user_type("Administrator"), "System User")
		# Run again (a second migrate): nothing more changes.
		self.assertEqual(members_without_desk.execute(), 0)

	def test_the_patch_gives_the_check_in_settings_their_defaults_once(self) -> None:
		frappe.db.delete("Singles", {"doctype": "Party Points Settings", "field": ("like", "checkin_%")})
		frappe.db.set_single_value("Party Points Settings", "checkin_grace_minutes", 0)  # a saved 0 stays
		members_without_desk.execute()
		saved = frappe.db.get_singles_dict("Party Points Settings")
		self.assertEqual((int(saved.checkin_opens_before_minutes), int(saved.checkin_grace_minutes)), (30, 0))
