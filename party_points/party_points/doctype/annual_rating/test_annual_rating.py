"""The year end to end: two evaluations, rewards over the cap, a veto, two years Unqualified, ratings."""

import frappe
from frappe.model.workflow import apply_workflow

from party_points import ledger, scores
from party_points.exceptions import PointsInputError, SelfApprovalError
from party_points.party_points.doctype.annual_rating.annual_rating import create_branch_ratings
from party_points.testing import (
	YEAR,
	PartyPointsTestCase,
	build_organisation,
	make_member,
	make_periods,
	make_user,
	submit_via_workflow,
)


class TestYear(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()
		cls.periods = make_periods(YEAR)

	def post(self, member: str, quarter: int, item: str, points, times: int = 1) -> None:
		period = self.periods[quarter - 1]
		ledger.post(
			[{"member": member, "assessment_period": period, "scoring_item": item, "points": points}] * times
		)

	def evaluation(self, round_code: str, date: str, results: list[tuple[str, str, float]]):
		doc = frappe.get_doc(
			{
				"doctype": "Democratic Evaluation",
				"party_branch": self.o.branch_a,
				"year": YEAR,
				"evaluation_round": round_code,
				"evaluation_date": date,
				"results": [{"member": m, "grade": g, "score": s} for m, g, s in results],
			}
		)
		with self.as_user(self.o.recorder_a):
			doc.insert()
		return submit_via_workflow(doc, (self.o.recorder_a, "Propose"), (self.o.secretary_a, "Approve"))

	def reward(
		self,
		member: str,
		reward_type: str,
		points=None,
		date: str = f"{YEAR}-03-10",
		evidence: str = "/files/x.pdf",
	):
		doc = frappe.get_doc(
			{
				"doctype": "Reward Claim",
				"member": member,
				"claim_date": date,
				"reward_type": reward_type,
				"points": points,
				"description": "Published an article on pipeline safety",
				"evidence": evidence,
			}
		).insert(ignore_permissions=True)
		return submit_via_workflow(doc, (self.o.recorder_a, "Submit"))

	def test_two_evaluations_post_weighted_points_and_check_bands(self) -> None:
		o = self.o
		with self.assertRaises(PointsInputError):
			self.evaluation("mid_year", f"{YEAR}-07-02", [(o.member_a, "Excellent", 24)])  # after 1 July
		mid = self.evaluation(
			"mid_year", f"{YEAR}-06-20", [(o.member_a, "Excellent", 24), (o.member_a2, "Qualified", 18)]
		)
		self.assertEqual([r.weighted_points for r in mid.results], [12, 9])
		with self.assertRaises(PointsInputError):
			self.evaluation("year_end", f"{YEAR}-12-20", [(o.member_a2, "Excellent", 20)])  # outside the band
		self.evaluation(
			"year_end", f"{YEAR}-12-15", [(o.member_a, "Qualified", 20), (o.member_a2, "Qualified", 16)]
		)
		score = frappe.db.get_value(
			"Member Score", scores.score_name(o.member_a, self.periods[3]), "evaluation_points"
		)
		self.assertEqual(score, 22)
		with self.assertRaises(frappe.DuplicateEntryError):
			self.evaluation(
				"mid_year", f"{YEAR}-06-25", [(o.member_a, "Excellent", 23)]
			)  # the round is held once

	def test_rewards_over_the_cap_are_kept_and_flagged(self) -> None:
		o = self.o
		first = self.reward(o.member_a, "article_external")
		second = self.reward(o.member_a, "commendation_regional")
		third = self.reward(o.member_a, "commendation_company")
		submitted = [submit_via_workflow(c, (o.secretary_a, "Approve")) for c in (first, second, third)]
		self.assertEqual(
			[(c.points, c.counted_points, c.excess_points) for c in submitted],
			[(5, 5, 0), (4, 4, 0), (3, 1, 2)],
		)
		score = frappe.db.get_value(
			"Member Score",
			scores.score_name(o.member_a, self.periods[0]),
			["reward_points", "reward_excess"],
			as_dict=True,
		)
		self.assertEqual((score.reward_points, score.reward_excess), (10, 2))

	def test_an_other_reward_needs_the_party_committee(self) -> None:
		o = self.o
		claim = self.reward(o.member_a2, "other", 6, evidence=None)
		self.assertEqual(claim.needs_committee_approval, 1)
		with self.as_user(o.secretary_a), self.assertRaises(frappe.ValidationError):
			apply_workflow(frappe.get_doc("Reward Claim", claim.name), "Approve")
		claim = submit_via_workflow(claim, (o.committee_user, "Approve"))
		self.assertEqual((claim.docstatus, claim.counted_points), (1, 6))
		with self.assertRaises(PointsInputError):
			self.reward(o.member_a2, "other", 11)

	def test_a_catalogue_reward_needs_evidence_and_no_self_approval(self) -> None:
		o = self.o
		with self.assertRaises(frappe.MandatoryError):
			self.reward(o.member_a, "article_internal", evidence=None)
		secretary_member = make_member("Secretary Herself", o.branch_a, o.secretary_a)
		claim = self.reward(secretary_member, "article_internal")
		with self.as_user(o.secretary_a), self.assertRaises(SelfApprovalError):
			apply_workflow(frappe.get_doc("Reward Claim", claim.name), "Approve")

	def test_the_year_is_rated_with_veto_follow_ups_and_two_year_mentoring(self) -> None:
		o = self.o
		for quarter in (1, 2, 3, 4):
			self.post(o.member_a, quarter, "SE-01", 2, times=10)
			self.post(o.member_a, quarter, "WA-01", 20)
			self.post(o.member_a, quarter, "SP-01", 2, times=3)
		self.evaluation(
			"mid_year", f"{YEAR}-06-20", [(o.member_a, "Excellent", 24), (o.member_a2, "Qualified", 18)]
		)
		self.evaluation(
			"year_end", f"{YEAR}-12-15", [(o.member_a, "Excellent", 25), (o.member_a2, "Qualified", 16)]
		)
		submit_via_workflow(self.reward(o.member_a, "article_external"), (o.secretary_a, "Approve"))

		# member_a2 was Unqualified last year and has a confirmed violation this year.
		last_year = frappe.get_doc(
			{"doctype": "Annual Rating", "member": o.member_a2, "year": YEAR - 1}
		).insert(ignore_permissions=True)
		last_year.submit()
		self.assertEqual(last_year.grade, "Unqualified")
		violation = frappe.get_doc(
			{
				"doctype": "Discipline Record",
				"member": o.member_a2,
				"violation_date": f"{YEAR}-05-04",
				"description": "Drunk on duty",
			}
		).insert(ignore_permissions=True)
		violation.submit()

		with self.as_user(o.secretary_a):
			names = create_branch_ratings(o.branch_a, YEAR)
		self.assertEqual(len(names), 2)
		ratings = {
			frappe.db.get_value("Annual Rating", n, "member"): frappe.get_doc("Annual Rating", n)
			for n in names
		}

		good = ratings[o.member_a]
		# Daily Conduct: study 20 + work 20 + service 6 + 8 + 6 = 60 each quarter; evaluation 12 + 12.5; reward 5.
		self.assertEqual(
			(good.daily_conduct, good.evaluation_points, good.reward_points, good.total), (60, 24.5, 5, 89.5)
		)
		self.assertEqual((good.grade, good.award_level, good.admonition_talk), ("Qualified", "division", 0))
		self.assertIn("Annual score 89.5: Qualified", good.explanation)

		bad = ratings[o.member_a2]
		self.assertEqual((bad.vetoed, bad.grade, bad.previous_grade), (1, "Unqualified", "Unqualified"))
		self.assertEqual((bad.admonition_talk, bad.mentoring), (1, 1))

		for rating in ratings.values():
			submit_via_workflow(rating, (o.secretary_a, "Propose"), (o.committee_user, "Approve"))
		follow_ups = frappe.get_all(
			"Follow-up Action",
			filters={"member": o.member_a2, "annual_rating": bad.name},
			fields=["action_type", "person_in_charge", "status"],
			order_by="action_type",
		)
		self.assertTrue(
			frappe.db.exists(
				"Follow-up Action", {"annual_rating": last_year.name, "action_type": "Admonition Talk"}
			)
		)
		self.assertEqual(
			[(f.action_type, f.person_in_charge, f.status) for f in follow_ups],
			[("Admonition Talk", o.secretary_a, "Open"), ("One-to-one Mentoring", o.secretary_a, "Open")],
		)
		self.assertFalse(frappe.db.exists("Follow-up Action", {"member": o.member_a}))

	def test_a_member_who_joined_mid_year_is_rated_over_their_quarters(self) -> None:
		o = self.o
		newcomer = make_member("Newcomer", o.branch_b, join_date=f"{YEAR}-08-01")
		self.post(newcomer, 3, "WA-01", 20)
		rating = frappe.get_doc({"doctype": "Annual Rating", "member": newcomer, "year": YEAR}).insert(
			ignore_permissions=True
		)
		self.assertEqual(rating.quarters, "Q3, Q4")
		self.assertEqual(rating.daily_conduct, (34 + 14) / 2)

	def test_ratings_are_branch_scoped_and_not_self_approved(self) -> None:
		o = self.o
		with self.as_user(o.secretary_a), self.assertRaises(frappe.PermissionError):
			create_branch_ratings(o.branch_b, YEAR)
		committee_member = make_member("Committee Member", o.branch_a, o.committee_user)
		rating = frappe.get_doc(
			{"doctype": "Annual Rating", "member": committee_member, "year": YEAR}
		).insert(ignore_permissions=True)
		rating = submit_via_workflow(rating, (o.secretary_a, "Propose"))
		with self.as_user(o.committee_user), self.assertRaises(SelfApprovalError):
			apply_workflow(frappe.get_doc("Annual Rating", rating.name), "Approve")
		with self.as_user(o.member_b_user):
			self.assertEqual(frappe.get_list("Annual Rating", filters={"name": rating.name}), [])
		with self.as_user(make_user("second_committee", ("Party Committee",))):
			apply_workflow(frappe.get_doc("Annual Rating", rating.name), "Approve")

	def test_a_follow_up_records_when_it_was_done(self) -> None:
		o = self.o
		action = frappe.get_doc(
			{"doctype": "Follow-up Action", "member": o.member_a, "action_type": "Admonition Talk"}
		).insert(ignore_permissions=True)
		action.status = "Done"
		action.save(ignore_permissions=True)
		self.assertTrue(action.completed_on)
		action.status = "Open"
		action.save(ignore_permissions=True)
		self.assertIsNone(action.completed_on)
