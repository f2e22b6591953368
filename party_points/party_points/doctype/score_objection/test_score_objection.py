"""A member objects to a score on public notice, as the desk lets them; an officer answers."""

import frappe
from frappe.utils import add_days, today

from party_points import ledger, scores
from party_points.exceptions import NoticeClosedError, SelfApprovalError
from party_points.party_points.doctype.member_score.test_branch_actions import publish_branch, state_of
from party_points.party_points.doctype.score_objection.score_objection import lodge, score_to_object_to
from party_points.testing import PartyPointsTestCase, build_organisation, make_member


class TestScoreObjection(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def setUp(self) -> None:
		super().setUp()
		o = self.o
		for member in (o.member_a, o.member_a2):
			ledger.post(
				[{"member": member, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
			)
		publish_branch(o, o.branch_a, o.period)
		self.score = scores.score_name(o.member_a, o.period)

	def test_the_desk_gives_a_member_a_form_to_object_with(self) -> None:
		# A new document's form is editable and has Save only with the role's write permission.
		with self.as_user(self.o.member_a_user):
			self.assertTrue(frappe.has_permission("Score Objection", "write"))
			self.assertTrue(frappe.has_permission("Score Objection", "create"))
			new = frappe.new_doc("Score Objection")
			self.assertTrue(frappe.has_permission("Score Objection", "write", doc=new))

	def test_a_member_objects_to_their_own_score_on_notice(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			self.assertEqual(score_to_object_to(), self.score)  # the new form picks it for them
			doc = frappe.get_doc(
				{
					"doctype": "Score Objection",
					"member_score": self.score,
					"reason": "The lecture of 3 May is missing",
				}
			).insert()
			self.assertEqual(
				(doc.member, doc.party_branch, doc.assessment_period), (o.member_a, o.branch_a, o.period)
			)
			self.assertEqual((doc.status, doc.raised_by), ("Open", o.member_a_user))
			# while it is open they may correct the reason, not answer it
			doc.reason = "The lecture of 3 May and the party day are missing"
			doc.save()
			doc.answer = "Fine by me"
			with self.assertRaises(frappe.PermissionError):
				doc.save()
		self.assertEqual(frappe.db.get_value("Member Score", self.score, "stage"), "Under Review")
		self.assertEqual(score_to_object_to(), None)

	def test_the_object_button_lodges_an_objection(self) -> None:
		with self.as_user(self.o.member_a_user):
			name = lodge(self.score, "I attended the lecture")
			self.assertEqual(frappe.db.get_value("Score Objection", name, "member_score"), self.score)
			with self.assertRaises(frappe.MandatoryError):
				lodge(scores.score_name(self.o.member_a2, self.o.period), "")

	def test_an_officer_answers_and_the_member_can_no_longer_change_it(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			name = lodge(self.score, "I attended the lecture")
		with self.as_user(o.secretary_a):
			doc = frappe.get_doc("Score Objection", name)
			doc.answer = "The sheet shows you absent; the deduction stands"
			doc.save()
			self.assertEqual((doc.status, doc.answered_by), ("Answered", o.secretary_a))
		with self.as_user(o.member_a_user):
			self.assertTrue(frappe.has_permission("Score Objection", "read", doc=name))
			self.assertFalse(frappe.has_permission("Score Objection", "write", doc=name))

	def test_an_officer_does_not_answer_an_objection_to_their_own_score(self) -> None:
		o = self.o
		secretary_member = make_member("Secretary Herself", o.branch_a, o.secretary_a)
		ledger.post(
			[
				{
					"member": secretary_member,
					"assessment_period": o.period,
					"scoring_item": "SE-04",
					"points": 1,
				}
			]
		)
		own = scores.score_name(secretary_member, o.period)
		frappe.db.set_value(
			"Member Score",
			own,
			{
				"stage": "Public Notice",
				"workflow_state": state_of("Public Notice"),
				"notice_end": add_days(today(), 5),
			},
		)
		with self.as_user(o.member_a_user):
			name = lodge(own, "The secretary's own score is too high")
		with self.as_user(o.secretary_a):
			doc = frappe.get_doc("Score Objection", name)
			doc.answer = "It is right"
			with self.assertRaises(SelfApprovalError):
				doc.save()

	def test_no_objection_once_the_notice_is_over_or_from_another_branch(self) -> None:
		o = self.o
		with self.freeze_time(add_days(today(), 6)), self.as_user(o.member_a_user):
			self.assertEqual(score_to_object_to(), None)
			with self.assertRaises(NoticeClosedError):
				lodge(self.score, "Too late")
		with self.as_user(o.member_b_user), self.assertRaises(frappe.PermissionError):
			lodge(self.score, "Not my branch")
