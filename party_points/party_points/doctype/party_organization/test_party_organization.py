import frappe

from party_points.exceptions import OrganizationHierarchyError
from party_points.scope import allowed_organizations
from party_points.testing import PartyPointsTestCase, build_organisation, make_org, make_user


def user_permissions(user: str) -> set[str]:
	return set(
		frappe.get_all(
			"User Permission", filters={"user": user, "allow": "Party Organization"}, pluck="for_value"
		)
	)


class TestPartyOrganization(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def test_tree_nests_committee_branch_group(self) -> None:
		o = self.o
		committee, branch, group = (
			frappe.db.get_value("Party Organization", n, ["lft", "rgt"])
			for n in (o.committee, o.branch_a, o.group_a1)
		)
		self.assertTrue(committee[0] < branch[0] < group[0] < group[1] < branch[1] < committee[1])
		self.assertEqual(frappe.db.get_value("Party Organization", o.group_a1, "is_group"), 0)

	def test_a_branch_must_sit_under_a_committee_and_a_group_under_a_branch(self) -> None:
		with self.assertRaises(OrganizationHierarchyError):
			make_org("Stray Branch", "Party Branch", self.o.branch_a)
		with self.assertRaises(OrganizationHierarchyError):
			make_org("Stray Group", "Party Group", self.o.committee)
		with self.assertRaises(OrganizationHierarchyError):
			make_org("Orphan Branch", "Party Branch")

	def test_appointment_grants_role_and_branch_permission(self) -> None:
		o = self.o
		self.assertIn("Party Recorder", frappe.get_roles(o.recorder_a))
		self.assertIn("Branch Secretary", frappe.get_roles(o.secretary_a))
		self.assertEqual(user_permissions(o.recorder_a), {o.branch_a})
		self.assertEqual(set(allowed_organizations(o.recorder_a)), {o.branch_a, o.group_a1})
		self.assertIn("Party Committee", frappe.get_roles(o.committee_user))
		self.assertEqual(user_permissions(o.committee_user), set())
		self.assertIsNone(allowed_organizations(o.committee_user))

	def test_replacing_the_recorder_moves_role_and_permission(self) -> None:
		o = self.o
		successor = make_user("recorder_a_successor")
		branch = frappe.get_doc("Party Organization", o.branch_a)
		branch.recorder = successor
		branch.save(ignore_permissions=True)
		self.assertEqual(user_permissions(successor), {o.branch_a})
		self.assertIn("Party Recorder", frappe.get_roles(successor))
		self.assertEqual(user_permissions(o.recorder_a), set())
		self.assertNotIn("Party Recorder", frappe.get_roles(o.recorder_a))
		self.assertFalse(frappe.has_permission("Points Ledger Entry", "read", user=o.recorder_a))
		self.assertFalse(frappe.has_permission("Party Member", "read", user=o.recorder_a))

	def test_an_officer_of_two_branches_keeps_the_role_until_the_last_post_goes(self) -> None:
		o = self.o
		branch_b = frappe.get_doc("Party Organization", o.branch_b)
		branch_b.secretary = o.secretary_a
		branch_b.save(ignore_permissions=True)
		self.assertEqual(user_permissions(o.secretary_a), {o.branch_a, o.branch_b})
		branch_b.secretary = None
		branch_b.save(ignore_permissions=True)
		self.assertEqual(user_permissions(o.secretary_a), {o.branch_a})
		self.assertIn("Branch Secretary", frappe.get_roles(o.secretary_a))

	def test_branch_committee_members_act_as_secretaries_of_that_branch(self) -> None:
		o = self.o
		member = make_user("branch_committee_member")
		branch_b = frappe.get_doc("Party Organization", o.branch_b)
		branch_b.append("committee_members", {"user": member})
		branch_b.save(ignore_permissions=True)
		self.assertIn("Branch Secretary", frappe.get_roles(member))
		self.assertEqual(user_permissions(member), {o.branch_b})

	def test_a_branch_with_members_cannot_be_deleted(self) -> None:
		with self.assertRaises(frappe.LinkExistsError):
			frappe.delete_doc("Party Organization", self.o.branch_b, ignore_permissions=True)

	def test_an_officer_sees_only_their_branch_in_the_tree(self) -> None:
		o = self.o
		with self.as_user(o.recorder_a):
			names = set(frappe.get_list("Party Organization", pluck="name"))
		self.assertIn(o.branch_a, names)
		self.assertIn(o.group_a1, names)
		self.assertNotIn(o.branch_b, names)

	def test_a_link_without_its_own_query_describes_the_type_in_the_readers_language(self) -> None:
		"""hooks.standard_queries: Frappe's link search for a Party Organization goes through
		desk.organization_query, which keeps the link's filters and translates the organisation's type."""
		from frappe.desk.search import search_link

		lang = frappe.local.lang
		frappe.local.lang = "zh"
		try:
			found = search_link(
				"Party Organization", self.o.branch_a, filters={"organization_type": "Party Branch"}
			)
			groups = search_link(
				"Party Organization",
				"",
				filters=[["Party Organization", "parent_party_organization", "=", self.o.branch_a]],
			)
		finally:
			frappe.local.lang = lang
		self.assertEqual([r["value"] for r in found], [self.o.branch_a])
		self.assertTrue(found[0]["description"].startswith("党支部"), found)
		self.assertNotIn("Party Branch", found[0]["description"])
		self.assertIn(self.o.group_a1, [r["value"] for r in groups])
		self.assertTrue(all(r["description"].startswith("党小组") for r in groups), groups)
