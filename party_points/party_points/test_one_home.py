"""Rules with one home: each test acts as the user who would, and failed before its rule had one home.

1. A cancellation obeys the rule of posting: a filed or verified score is never changed by it.
2. The quarter and the year read the evaluation from the ledger alone.
3. Each approver sees exactly what waits on them in Pending Approvals.
4. Each recipient of a digest receives only what they may see.
"""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import change_settings

from party_points import ledger, notifications, scores
from party_points.exceptions import ClosedPeriodError
from party_points.party_points.doctype.annual_rating.annual_rating import create_branch_ratings
from party_points.party_points.report.pending_approvals import pending_approvals
from party_points.rating import compute_ratings
from party_points.testing import (
	YEAR,
	PartyPointsTestCase,
	build_organisation,
	make_member,
	make_period,
	make_user,
	new_application,
	submit_via_workflow,
)


class FixtureCase(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def score(self, member: str, period: str | None = None) -> frappe._dict:
		return frappe.db.get_value(
			"Member Score",
			scores.score_name(member, period or self.o.period),
			["daily_conduct", "evaluation_points", "reward_points", "stage"],
			as_dict=True,
		)

	def ledger_rows(self) -> int:
		return frappe.db.count("Points Ledger Entry")


class TestCancellingFinalScores(FixtureCase):
	"""Each of the five documents that post points, submitted, then its score made final."""

	def sheet(self):
		with self.as_user(self.o.recorder_a):
			doc = frappe.get_doc(
				{
					"doctype": "Quantification Sheet",
					"party_branch": self.o.branch_a,
					"assessment_period": self.o.period,
					"entries": [{"member": self.o.member_a, "scoring_item": "SE-04", "occurrences": 2}],
				}
			).insert()
			doc.submit()
		return doc, self.o.recorder_a

	def activity(self):
		start = frappe.db.get_value("Assessment Period", self.o.period, "start_date")
		with self.as_user(self.o.recorder_a):
			doc = frappe.get_doc(
				{
					"doctype": "Party Activity",
					"title": "Branch meeting",
					"activity_type": "Branch Members' Meeting",
					"activity_date": start,
					"party_branch": self.o.branch_a,
					"attendance": [{"member": self.o.member_a, "status": "Present"}],
				}
			).insert()
			doc.submit()
		return doc, self.o.recorder_a

	def evaluation(self):
		start = frappe.db.get_value("Assessment Period", self.o.period, "start_date")
		doc = frappe.get_doc(
			{
				"doctype": "Democratic Evaluation",
				"party_branch": self.o.branch_a,
				"year": YEAR,
				"evaluation_round": "mid_year",
				"evaluation_date": start,
				"results": [{"member": self.o.member_a, "grade": "Qualified", "score": 20}],
			}
		)
		with self.as_user(self.o.recorder_a):
			doc.insert()
		doc = submit_via_workflow(doc, (self.o.recorder_a, "Propose"), (self.o.secretary_a, "Approve"))
		return doc, self.o.secretary_a

	def reward(self):
		start = frappe.db.get_value("Assessment Period", self.o.period, "start_date")
		doc = frappe.get_doc(
			{
				"doctype": "Reward Claim",
				"member": self.o.member_a,
				"claim_date": start,
				"reward_type": "article_internal",
				"description": "An article on pipeline safety",
				"evidence": "/private/files/article.pdf",
			}
		).insert(ignore_permissions=True)
		doc = submit_via_workflow(doc, (self.o.recorder_a, "Submit"), (self.o.secretary_a, "Approve"))
		return doc, self.o.committee_user

	def application(self):
		with self.as_user(self.o.member_a_user):
			doc = new_application(self.o.member_a, self.o.period, self.o.head, 15).insert()
		doc.quality = "Good"
		doc.save(ignore_permissions=True)
		doc = submit_via_workflow(
			doc,
			(self.o.member_a_user, "Submit for Sign-off"),
			(self.o.head, "Sign Off"),
			(self.o.recorder_a, "Approve"),
		)
		return doc, self.o.recorder_a

	def check_cannot_cancel(self, make, finalise) -> None:
		doc, canceller = make()
		self.assertEqual(doc.docstatus, 1)
		finalise()
		before = (self.score(self.o.member_a), self.ledger_rows())
		with self.as_user(canceller), self.assertRaises(ClosedPeriodError):
			frappe.get_doc(doc.doctype, doc.name).cancel()
		self.assertEqual((self.score(self.o.member_a), self.ledger_rows()), before)
		self.assertEqual(frappe.db.get_value(doc.doctype, doc.name, "docstatus"), 1)

	def verify_period(self) -> None:
		frappe.db.set_value("Assessment Period", self.o.period, "stage", "Verified")

	def file_score(self) -> None:
		frappe.db.set_value(
			"Member Score", scores.score_name(self.o.member_a, self.o.period), "stage", "Filed"
		)

	def test_no_document_of_a_verified_period_can_be_cancelled(self) -> None:
		for make in (self.sheet, self.activity, self.evaluation, self.reward, self.application):
			with self.subTest(make.__name__):
				frappe.db.savepoint("pp_each")
				self.check_cannot_cancel(make, self.verify_period)
				frappe.db.rollback(save_point="pp_each")

	def test_no_document_counting_in_a_filed_score_can_be_cancelled(self) -> None:
		for make in (self.sheet, self.activity, self.evaluation, self.reward, self.application):
			with self.subTest(make.__name__):
				frappe.db.savepoint("pp_each")
				self.check_cannot_cancel(make, self.file_score)
				frappe.db.rollback(save_point="pp_each")

	def test_a_recorder_cannot_reverse_an_entry_of_a_filed_score_but_the_committee_can(self) -> None:
		doc, _canceller = self.sheet()
		self.file_score()
		entry = frappe.get_all("Points Ledger Entry", filters={"source_name": doc.name}, pluck="name")[0]
		with self.as_user(self.o.recorder_a), self.assertRaises(ClosedPeriodError):
			ledger.reverse(entry, "typing error")
		with self.as_user(self.o.committee_user):
			reversal = ledger.reverse(entry, "verified by the committee: not attended")
		self.assertEqual(frappe.db.get_value("Points Ledger Entry", reversal, "reverses"), entry)
		self.assertEqual(self.score(self.o.member_a).daily_conduct, 14 + 1)  # one of the two occurrences left

	def test_a_score_that_is_not_final_is_cancelled_as_before(self) -> None:
		doc, canceller = self.sheet()
		with self.as_user(canceller):
			frappe.get_doc(doc.doctype, doc.name).cancel()
		self.assertEqual(self.score(self.o.member_a).daily_conduct, 14)


class TestTheYearReadsTheLedger(FixtureCase):
	def evaluate(self, round_code: str, day: str, results: list) -> frappe._dict:
		doc = frappe.get_doc(
			{
				"doctype": "Democratic Evaluation",
				"party_branch": self.o.branch_a,
				"year": YEAR,
				"evaluation_round": round_code,
				"evaluation_date": day,
				"results": [{"member": m, "grade": g, "score": s} for m, g, s in results],
			}
		)
		with self.as_user(self.o.recorder_a):
			doc.insert()
		return submit_via_workflow(doc, (self.o.recorder_a, "Propose"), (self.o.secretary_a, "Approve"))

	def test_a_reversed_evaluation_entry_changes_the_quarter_and_the_year_alike(self) -> None:
		o = self.o
		q2 = make_period(YEAR, 2)
		self.evaluate("mid_year", f"{YEAR}-06-20", [(o.member_a, "Excellent", 24)])
		self.assertEqual(self.score(o.member_a, q2).evaluation_points, 12)
		self.assertEqual(compute_ratings([o.member_a], YEAR)[o.member_a].evaluation, 12)
		entry = frappe.get_value(
			"Points Ledger Entry", {"member": o.member_a, "part": "evaluation", "reverses": ("is", "not set")}
		)
		with self.as_user(o.committee_user):
			ledger.reverse(entry, "the evaluation was held without quorum")
		self.assertEqual(self.score(o.member_a, q2).evaluation_points, 0)
		self.assertEqual(compute_ratings([o.member_a], YEAR)[o.member_a].evaluation, 0)

	def test_a_mid_year_joiner_has_the_same_evaluation_in_the_quarter_and_the_year(self) -> None:
		o = self.o
		joiner = make_member("Zhao Lei", o.branch_a, join_date=f"{YEAR}-07-15")
		q4 = make_period(YEAR, 4)
		make_period(YEAR, 3)
		self.evaluate("year_end", f"{YEAR}-12-15", [(o.member_a, "Qualified", 20), (joiner, "Qualified", 20)])
		# The year-end round is the only one of the joiner's quarters: it weighs 100% for them, 50% for
		# a member of the whole year (who was not evaluated at mid-year and so has 0 from it).
		self.assertEqual(self.score(joiner, q4).evaluation_points, 20)
		self.assertEqual(self.score(o.member_a, q4).evaluation_points, 10)
		ratings = compute_ratings([joiner, o.member_a], YEAR)
		self.assertEqual((ratings[joiner].evaluation, ratings[o.member_a].evaluation), (20, 10))
		create_branch_ratings(o.branch_a, YEAR)
		self.assertEqual(frappe.db.get_value("Annual Rating", {"member": joiner}, "evaluation_points"), 20)


def submitted_application(user: str, member: str, period: str, head: str) -> str:
	"""An application the member submitted for sign-off: it waits on ``head``."""
	frappe.set_user(user)
	try:
		doc = new_application(member, period, head, 15).insert()
		apply_workflow(frappe.get_doc("Quarterly Application", doc.name), "Submit for Sign-off")
	finally:
		frappe.set_user("Administrator")
	return doc.name


class TestPendingApprovalsWaitOnTheViewer(FixtureCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		o = cls.o
		cls.other_head = make_user("head_two", ("Department Head",))
		cls.waiting_on_head = submitted_application(o.member_a_user, o.member_a, o.period, o.head)
		cls.waiting_on_other = submitted_application(o.member_b_user, o.member_b, o.period, cls.other_head)

	def documents(self, user: str, **filters) -> set[str]:
		with self.as_user(user):
			_columns, data = pending_approvals.execute(filters)
		return {row["document"] for row in data}

	def test_a_department_head_sees_the_applications_waiting_on_them_and_nothing_else(self) -> None:
		self.assertEqual(self.documents(self.o.head), {self.waiting_on_head})
		self.assertEqual(self.documents(self.other_head), {self.waiting_on_other})

	def test_officers_see_only_what_waits_on_them(self) -> None:
		self.assertEqual(self.documents(self.o.recorder_a), set())  # nothing is with the recorder yet
		self.assertEqual(
			self.documents(self.o.recorder_b, show_all=1), set()
		)  # asking for all changes nothing
		o = self.o
		frappe.db.set_value("Quarterly Application", self.waiting_on_head, "status", "Pending Recorder")
		self.assertEqual(self.documents(o.recorder_a), {self.waiting_on_head})
		self.assertEqual(self.documents(o.recorder_b), set())
		self.assertEqual(self.documents(o.head), set())

	def test_the_committee_may_ask_for_everything(self) -> None:
		self.assertEqual(self.documents(self.o.committee_user), set())
		self.assertEqual(
			self.documents(self.o.committee_user, show_all=1), {self.waiting_on_head, self.waiting_on_other}
		)


class TestDigestsPerRecipient(FixtureCase):
	def queued_for(self, user: str) -> list[str]:
		queue = frappe.qb.DocType("Email Queue")
		recipient = frappe.qb.DocType("Email Queue Recipient")
		return (
			frappe.qb.from_(queue)
			.join(recipient)
			.on(recipient.parent == queue.name)
			.select(queue.message)
			.where(recipient.recipient == user)
		).run(pluck=True)

	def test_the_weekly_pending_approvals_go_to_each_approver_with_their_own_items(self) -> None:
		o = self.o
		mine = submitted_application(o.member_a_user, o.member_a, o.period, o.head)
		theirs = submitted_application(o.member_b_user, o.member_b, o.period, o.head)
		frappe.db.set_value("Quarterly Application", theirs, "status", "Pending Recorder")
		sent = notifications.send_digest("email_pending_approvals")
		self.assertIn(o.head, sent)
		self.assertIn(o.recorder_b, sent)
		self.assertNotIn(o.recorder_a, sent)  # nothing waits on the recorder of A: no message at all
		(head_mail,) = self.queued_for(o.head)
		self.assertIn(mine, head_mail)
		self.assertNotIn(theirs, head_mail)
		(recorder_mail,) = self.queued_for(o.recorder_b)
		self.assertIn(theirs, recorder_mail)
		self.assertNotIn(mine, recorder_mail)

	def test_the_annual_rating_summary_holds_only_the_recipients_branches(self) -> None:
		o = self.o
		create_branch_ratings(o.branch_a, YEAR)
		create_branch_ratings(o.branch_b, YEAR)
		secretary_b = frappe.get_doc("Party Organization", o.branch_b)
		secretary_b.secretary = make_user("secretary_b")
		secretary_b.save(ignore_permissions=True)
		sent = notifications.send_digest("email_rating_to_committee")
		self.assertTrue({o.committee_user, o.secretary_a, secretary_b.secretary} <= set(sent))
		(secretary_a_mail,) = self.queued_for(o.secretary_a)
		self.assertIn("Li Ming", secretary_a_mail)
		self.assertNotIn("Zhang Wei", secretary_a_mail)  # branch B's member
		(secretary_b_mail,) = self.queued_for(secretary_b.secretary)
		self.assertIn("Zhang Wei", secretary_b_mail)
		self.assertNotIn("Li Ming", secretary_b_mail)
		(committee_mail,) = self.queued_for(o.committee_user)
		self.assertIn("Li Ming", committee_mail)
		self.assertIn("Zhang Wei", committee_mail)

	def test_a_digest_turned_off_in_the_settings_is_not_sent(self) -> None:
		create_branch_ratings(self.o.branch_a, YEAR)
		with change_settings("Party Points Settings", {"email_rating_to_committee": 0}):
			self.assertEqual(notifications.send_digest("email_rating_to_committee"), [])
