import frappe

from party_points.exceptions import OrganizationHierarchyError
from party_points.testing import PartyPointsTestCase, build_organisation, make_member, make_user


class TestPartyMember(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def test_linking_a_user_gives_the_party_member_role(self) -> None:
		self.assertIn("Party Member", frappe.get_roles(self.o.member_a_user))

	def test_branch_must_be_a_branch_and_group_inside_it(self) -> None:
		o = self.o
		with self.assertRaises(OrganizationHierarchyError):
			make_member("Nobody", o.committee)
		with self.assertRaises(OrganizationHierarchyError):
			make_member("Nobody", o.branch_b, group=o.group_a1)

	def test_leaving_date_is_required_when_not_active_and_not_before_joining(self) -> None:
		with self.assertRaises(frappe.MandatoryError):
			make_member("Gone", self.o.branch_a, status="Left")
		with self.assertRaises(frappe.ValidationError):
			make_member(
				"Gone", self.o.branch_a, status="Left", join_date="2020-01-01", leave_date="2019-01-01"
			)

	def test_a_user_is_linked_to_one_member_only(self) -> None:
		with self.assertRaises(frappe.UniqueValidationError):
			make_member("Twin", self.o.branch_a, self.o.member_a_user)

	def test_officers_see_only_their_branch(self) -> None:
		o = self.o
		with self.as_user(o.recorder_a):
			names = set(frappe.get_list("Party Member", pluck="name"))
			self.assertTrue(frappe.get_doc("Party Member", o.member_a).has_permission("read"))
			self.assertFalse(frappe.get_doc("Party Member", o.member_b).has_permission("read"))
		self.assertEqual(names & {o.member_a, o.member_a2, o.member_b}, {o.member_a, o.member_a2})
		with self.as_user(o.recorder_b):
			self.assertEqual(
				set(frappe.get_list("Party Member", pluck="name")) & {o.member_a, o.member_b}, {o.member_b}
			)

	def test_a_secretary_cannot_move_a_member_into_another_branch(self) -> None:
		o = self.o
		with self.as_user(o.secretary_a):
			doc = frappe.get_doc("Party Member", o.member_a2)
			doc.party_branch = o.branch_b
			with self.assertRaises(frappe.PermissionError):
				doc.save()

	def test_a_member_sees_only_themselves(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			self.assertEqual(frappe.get_list("Party Member", pluck="name"), [o.member_a])
			self.assertTrue(frappe.get_doc("Party Member", o.member_a).has_permission("read"))
			self.assertFalse(frappe.get_doc("Party Member", o.member_a2).has_permission("read"))

	def test_committee_and_manager_see_every_branch(self) -> None:
		o = self.o
		for user in (o.committee_user, o.manager):
			with self.as_user(user):
				names = set(frappe.get_list("Party Member", pluck="name"))
			self.assertTrue({o.member_a, o.member_a2, o.member_b} <= names, user)

	def test_a_member_with_ledger_entries_cannot_be_deleted(self) -> None:
		from party_points import ledger

		ledger.post(
			[
				{
					"member": self.o.member_b,
					"assessment_period": self.o.period,
					"scoring_item": "SE-04",
					"points": 1,
				}
			]
		)
		with self.assertRaises(frappe.LinkExistsError):
			frappe.delete_doc("Party Member", self.o.member_b, ignore_permissions=True)

	def test_a_user_without_party_roles_sees_nothing(self) -> None:
		stranger = make_user("stranger")
		with self.as_user(stranger):
			self.assertRaises(frappe.PermissionError, frappe.get_list, "Party Member")
