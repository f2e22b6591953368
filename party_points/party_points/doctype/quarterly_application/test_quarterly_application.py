"""The quarter end to end, as each role: application, sign-off, sheet, activity, review, notice, objection,
filing, verification; self-approval, reconfigured workflows and bad input."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from party_points import ledger, scores
from party_points.exceptions import (
	ClosedPeriodError,
	DuplicateApplicationError,
	DuplicateAttendeeError,
	NoticeClosedError,
	NoticeNotOverError,
	OpenObjectionError,
	PointsInputError,
	SelfApprovalError,
	WrongBranchError,
)
from party_points.party_points.doctype.member_score.member_score import apply_to_branch
from party_points.testing import (
	PartyPointsTestCase,
	adopt_scores,
	build_organisation,
	make_member,
	make_user,
	new_application,
	submit_via_workflow,
)


def daily(member: str, period: str) -> float:
	return frappe.db.get_value("Member Score", scores.score_name(member, period), "daily_conduct")


def ledger_count() -> int:
	return frappe.db.count("Points Ledger Entry")


class TestQuarter(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def apply_as_member(self, member_user: str, member: str, self_score: float = 18) -> str:
		with self.as_user(member_user):
			doc = new_application(member, self.o.period, self.o.head, self_score).insert()
			apply_workflow(doc, "Submit for Sign-off")
		return doc.name

	def sign_off(self, name: str, approved: float, quality: str = "Good") -> None:
		with self.as_user(self.o.head):
			doc = frappe.get_doc("Quarterly Application", name)
			doc.update(
				{
					"tasks_completed": 1,
					"quality": quality,
					"approved_score": approved,
					"head_remarks": "Done well",
				}
			)
			doc.save()
			apply_workflow(frappe.get_doc("Quarterly Application", name), "Sign Off")

	def test_the_whole_quarter_as_each_role(self) -> None:
		o, period = self.o, self.o.period
		# 1. The member applies and self-scores; 2. the department head adjusts and signs off.
		name = self.apply_as_member(o.member_a_user, o.member_a, 18)
		self.assertEqual(frappe.db.get_value("Quarterly Application", name, "approved_score"), 18)
		self.sign_off(name, 16)
		app = frappe.get_doc("Quarterly Application", name)
		self.assertEqual((app.status, app.signed_off_by), ("Pending Recorder", o.head))
		# The recorder approves: the approved score becomes a ledger entry.
		with self.as_user(o.recorder_a):
			apply_workflow(frappe.get_doc("Quarterly Application", name), "Approve")
		app.reload()
		self.assertEqual((app.docstatus, app.status), (1, "Approved"))
		self.assertEqual(
			frappe.db.get_value("Points Ledger Entry", app.ledger_entry, ["scoring_item", "points"]),
			("WA-01", 16),
		)
		self.assertEqual(daily(o.member_a, period), 16 + 14)

		# 3. The quantification sheet, one screen for the branch.
		with self.as_user(o.recorder_a):
			sheet = frappe.get_doc(
				{
					"doctype": "Quantification Sheet",
					"party_branch": o.branch_a,
					"assessment_period": period,
					"entries": [
						{"member": o.member_a, "scoring_item": "SE-04", "occurrences": 3},
						{"member": o.member_a2, "scoring_item": "DL-01", "occurrences": 1},
					],
				}
			).insert()
			sheet.submit()
		self.assertEqual(sheet.total_points, 3 - 2)
		self.assertEqual(daily(o.member_a, period), 30 + 3)
		self.assertEqual(daily(o.member_a2, period), 14 - 2)

		# An activity: attendance becomes points by the scheme's rules.
		with self.as_user(o.recorder_a):
			activity = frappe.get_doc(
				{
					"doctype": "Party Activity",
					"title": "Party lecture on safety",
					"activity_type": "Party Lecture",
					"activity_date": frappe.db.get_value("Assessment Period", period, "start_date"),
					"party_branch": o.branch_a,
					"attendance": [
						{"member": o.member_a, "status": "Present"},
						{"member": o.member_a2, "status": "Late"},
					],
				}
			).insert()
			activity.submit()
		self.assertEqual([r.points for r in activity.attendance], [2, -1])
		self.assertEqual(daily(o.member_a, period), 33 + 2)
		self.assertEqual(daily(o.member_a2, period), 12)  # study cannot go below 0

		# 4. Branch review, the members' meeting and 5. public notice, moved for the whole branch at once.
		with self.as_user(o.recorder_a):
			self.assertEqual(len(apply_to_branch(o.branch_a, period, "Submit for Review")["moved"]), 2)
		adopt_scores(o.branch_a, period, o.recorder_a, o.secretary_a)
		with self.as_user(o.secretary_a):
			self.assertEqual(
				len(apply_to_branch(o.branch_a, period, "Adopt at Members' Meeting")["moved"]), 2
			)
			self.assertEqual(len(apply_to_branch(o.branch_a, period, "Publish Notice")["moved"]), 2)
		score_a = frappe.get_doc("Member Score", scores.score_name(o.member_a, period))
		self.assertEqual(score_a.stage, "Public Notice")
		self.assertEqual(getdate(score_a.notice_end), getdate(add_days(today(), 5)))
		self.assertTrue(
			frappe.db.exists(
				"Email Queue", {"reference_doctype": "Member Score", "reference_name": score_a.name}
			)
		)

		# During the notice a member sees the branch's scores, and objects.
		score_a2_name = scores.score_name(o.member_a2, period)
		with self.as_user(o.member_a2_user):
			self.assertEqual(
				set(frappe.get_list("Member Score", filters={"assessment_period": period}, pluck="name")),
				{score_a.name, score_a2_name},
			)
			objection = frappe.get_doc(
				{
					"doctype": "Score Objection",
					"member_score": score_a2_name,
					"reason": "I was not late; I was on shift",
				}
			).insert()
		self.assertEqual(frappe.db.get_value("Member Score", score_a2_name, "stage"), "Under Review")
		with self.as_user(o.member_b_user):
			self.assertNotIn(score_a.name, frappe.get_list("Member Score", pluck="name"))

		# 6. Filing waits for the end of the notice and for every objection to be answered.
		with self.as_user(o.secretary_a), self.assertRaises(NoticeNotOverError):
			apply_workflow(frappe.get_doc("Member Score", score_a.name), "File")
		with self.as_user(o.secretary_a):
			objection.reload()
			objection.answer = "The attendance sheet shows 19:10; the deduction stands"
			objection.save()
			self.assertEqual(objection.status, "Answered")
			apply_workflow(frappe.get_doc("Member Score", score_a2_name), "Adopt at Members' Meeting")
			apply_workflow(frappe.get_doc("Member Score", score_a2_name), "Publish Notice")

		with self.freeze_time(add_days(today(), 6)):
			with self.as_user(o.secretary_a):
				self.assertEqual(len(apply_to_branch(o.branch_a, period, "File")["moved"]), 2)
			# 7. The Party Committee verifies; verified scores are final.
			with self.as_user(o.committee_user):
				self.assertEqual(len(apply_to_branch(o.branch_a, period, "Verify")["moved"]), 2)
		self.assertEqual(frappe.db.get_value("Member Score", score_a.name, "stage"), "Verified")
		with self.assertRaises(ClosedPeriodError):
			ledger.post(
				[{"member": o.member_a, "assessment_period": period, "scoring_item": "SE-04", "points": 1}]
			)

	def test_an_objection_outside_the_notice_is_refused(self) -> None:
		ledger.post(
			[
				{
					"member": self.o.member_a,
					"assessment_period": self.o.period,
					"scoring_item": "SE-04",
					"points": 1,
				}
			]
		)
		with self.as_user(self.o.member_a_user), self.assertRaises(NoticeClosedError):
			frappe.get_doc(
				{
					"doctype": "Score Objection",
					"member_score": scores.score_name(self.o.member_a, self.o.period),
					"reason": "x",
				}
			).insert()

	def test_an_open_objection_blocks_filing(self) -> None:
		o = self.o
		ledger.post(
			[{"member": o.member_a, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
		)
		score = scores.score_name(o.member_a, o.period)
		adopt_scores(o.branch_a, o.period, o.recorder_a, o.secretary_a)
		submit_via_workflow(
			frappe.get_doc("Member Score", score),
			(o.recorder_a, "Submit for Review"),
			(o.secretary_a, "Adopt at Members' Meeting"),
			(o.secretary_a, "Publish Notice"),
		)
		with self.as_user(o.member_a_user):
			frappe.get_doc(
				{"doctype": "Score Objection", "member_score": score, "reason": "Missing a lecture"}
			).insert()
		frappe.db.set_value(
			"Member Score", score, {"stage": "Public Notice", "workflow_state": "Public Notice"}
		)
		with (
			self.freeze_time(add_days(today(), 6)),
			self.as_user(o.secretary_a),
			self.assertRaises(OpenObjectionError),
		):
			apply_workflow(frappe.get_doc("Member Score", score), "File")

	def test_the_member_cannot_sign_off_or_approve_their_own_application(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user), self.assertRaises(SelfApprovalError):
			new_application(o.member_a, o.period, o.member_a_user).insert()
		# The recorder of branch A is a member too; an application made for them reaches them for approval.
		recorder_member = make_member("Recorder Himself", o.branch_a, o.recorder_a)
		doc = new_application(recorder_member, o.period, o.head).insert()
		apply_workflow(doc, "Submit for Sign-off")
		self.sign_off(doc.name, 15)
		before = ledger_count()
		with self.as_user(o.recorder_a), self.assertRaises(SelfApprovalError):
			apply_workflow(frappe.get_doc("Quarterly Application", doc.name), "Approve")
		self.assertEqual(ledger_count(), before)

	def test_only_the_named_department_head_signs_off(self) -> None:
		o = self.o
		name = self.apply_as_member(o.member_a_user, o.member_a)
		other = make_user("other_head", ("Department Head",))
		with self.as_user(other), self.assertRaises(frappe.PermissionError):
			apply_workflow(frappe.get_doc("Quarterly Application", name), "Sign Off")
		self.assertEqual(frappe.db.get_value("Quarterly Application", name, "status"), "Pending Sign-off")

	def test_a_returned_application_goes_back_with_the_reason(self) -> None:
		o = self.o
		name = self.apply_as_member(o.member_a_user, o.member_a)
		with self.as_user(o.head):
			doc = frappe.get_doc("Quarterly Application", name)
			with self.assertRaises(frappe.MandatoryError):
				apply_workflow(doc, "Return")
			doc = frappe.get_doc("Quarterly Application", name)
			doc.return_reason = "List the tasks of March too"
			doc.save()
			apply_workflow(frappe.get_doc("Quarterly Application", name), "Return")
		self.assertEqual(frappe.db.get_value("Quarterly Application", name, "status"), "Returned")
		queued = frappe.get_all("Email Queue", filters={"reference_name": name}, pluck="name")
		self.assertTrue(queued)
		with self.as_user(o.member_a_user):
			apply_workflow(frappe.get_doc("Quarterly Application", name), "Resubmit")
		self.assertEqual(frappe.db.get_value("Quarterly Application", name, "status"), "Pending Sign-off")

	def test_bad_input_is_refused_and_nothing_is_written(self) -> None:
		o = self.o
		count = frappe.db.count("Quarterly Application")
		with self.as_user(o.member_a_user):
			with self.assertRaises(PointsInputError):
				new_application(o.member_a, o.period, o.head, self_score=25).insert()
			with self.assertRaises(PointsInputError):
				new_application(o.member_a, o.period, o.head, self_score=-1).insert()
			new_application(o.member_a, o.period, o.head).insert()
			with self.assertRaises(DuplicateApplicationError):
				new_application(o.member_a, o.period, o.head).insert()
		self.assertEqual(frappe.db.count("Quarterly Application"), count + 1)

		before = ledger_count()
		with self.as_user(o.recorder_a):
			with self.assertRaises(WrongBranchError):
				frappe.get_doc(
					{
						"doctype": "Quantification Sheet",
						"party_branch": o.branch_a,
						"assessment_period": o.period,
						"entries": [{"member": o.member_b, "scoring_item": "SE-04", "occurrences": 1}],
					}
				).insert()
			with self.assertRaises(PointsInputError):
				frappe.get_doc(
					{
						"doctype": "Quantification Sheet",
						"party_branch": o.branch_a,
						"assessment_period": o.period,
						"entries": [{"member": o.member_a, "scoring_item": "WA-01", "occurrences": 1}],
					}
				).insert()
			with self.assertRaises(DuplicateAttendeeError):
				self.activity([o.member_a, o.member_a]).insert()
		frappe.db.set_value("Assessment Period", o.period, "stage", "Verified")
		with self.as_user(o.recorder_a), self.assertRaises(ClosedPeriodError):
			self.activity([o.member_a]).insert()
		self.assertEqual(ledger_count(), before)

	def test_applications_close_with_the_period(self) -> None:
		frappe.db.set_value("Assessment Period", self.o.period, "stage", "Applications Closed")
		with self.as_user(self.o.member_a_user), self.assertRaises(ClosedPeriodError):
			new_application(self.o.member_a, self.o.period, self.o.head).insert()

	def test_cancelling_an_approved_application_reverses_its_points(self) -> None:
		o = self.o
		name = self.apply_as_member(o.member_a_user, o.member_a)
		self.sign_off(name, 12)
		app = submit_via_workflow(frappe.get_doc("Quarterly Application", name), (o.recorder_a, "Approve"))
		self.assertEqual(daily(o.member_a, o.period), 26)
		submit_via_workflow(app, (o.recorder_a, "Cancel"))
		self.assertEqual(daily(o.member_a, o.period), 14)
		self.assertEqual(frappe.db.get_value("Points Ledger Entry", app.ledger_entry, "is_reversed"), 1)

	def activity(self, members: list[str]):
		return frappe.get_doc(
			{
				"doctype": "Party Activity",
				"title": "Branch members' meeting",
				"activity_type": "Branch Members' Meeting",
				"activity_date": frappe.db.get_value("Assessment Period", self.o.period, "start_date"),
				"party_branch": self.o.branch_a,
				"attendance": [{"member": m, "status": "Present"} for m in members],
			}
		)


class TestReconfiguredWorkflows(PartyPointsTestCase):
	"""A company renames states and adds an approval level; the rules hold."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def tearDown(self) -> None:
		super().tearDown()
		frappe.clear_cache()  # workflows are cached outside the transaction that rolled back

	def rename_state(self, workflow: str, old: str, new: str) -> None:
		if not frappe.db.exists("Workflow State", new):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": new}).insert(
				ignore_permissions=True
			)
		doc = frappe.get_doc("Workflow", workflow)
		for state in doc.states:
			if state.state == old:
				state.state = new
		for transition in doc.transitions:
			transition.state = new if transition.state == old else transition.state
			transition.next_state = new if transition.next_state == old else transition.next_state
		doc.save(ignore_permissions=True)

	def test_a_renamed_notice_state_still_waits_for_the_notice_to_end(self) -> None:
		o = self.o
		self.rename_state("Member Score Review", "Public Notice", "公示中")
		self.rename_state("Member Score Review", "Draft", "记录中")
		ledger.post(
			[{"member": o.member_a, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
		)
		name = scores.score_name(o.member_a, o.period)
		self.assertEqual(frappe.db.get_value("Member Score", name, "workflow_state"), "记录中")
		adopt_scores(o.branch_a, o.period, o.recorder_a, o.secretary_a)
		score = submit_via_workflow(
			frappe.get_doc("Member Score", name),
			(o.recorder_a, "Submit for Review"),
			(o.secretary_a, "Adopt at Members' Meeting"),
			(o.secretary_a, "Publish Notice"),
		)
		self.assertEqual((score.workflow_state, score.stage), ("公示中", "Public Notice"))
		with self.as_user(o.secretary_a), self.assertRaises(NoticeNotOverError):
			apply_workflow(frappe.get_doc("Member Score", name), "File")
		with self.as_user(o.member_a_user):
			frappe.get_doc(
				{"doctype": "Score Objection", "member_score": name, "reason": "Check the lecture"}
			).insert()
		self.assertEqual(frappe.db.get_value("Member Score", name, "stage"), "Under Review")

	def test_an_added_approval_level_keeps_the_rules(self) -> None:
		o = self.o
		if not frappe.db.exists("Workflow State", "Pending Secretary"):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": "Pending Secretary"}).insert(
				ignore_permissions=True
			)
		if not frappe.db.exists("Workflow Action Master", "Forward"):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": "Forward"}).insert(
				ignore_permissions=True
			)
		workflow = frappe.get_doc("Workflow", "Quarterly Application Approval")
		workflow.append(
			"states",
			{
				"state": "Pending Secretary",
				"doc_status": "0",
				"allow_edit": "Branch Secretary",
				"update_field": "status",
				"update_value": "Pending Recorder",
			},
		)
		workflow.transitions = [
			t for t in workflow.transitions if not (t.state == "Pending Recorder" and t.action == "Approve")
		]
		workflow.append(
			"transitions",
			{
				"state": "Pending Recorder",
				"action": "Forward",
				"next_state": "Pending Secretary",
				"allowed": "Party Recorder",
			},
		)
		workflow.append(
			"transitions",
			{
				"state": "Pending Secretary",
				"action": "Approve",
				"next_state": "Approved",
				"allowed": "Branch Secretary",
			},
		)
		workflow.save(ignore_permissions=True)

		with self.as_user(o.member_a_user):
			doc = new_application(o.member_a, o.period, o.head, 17).insert()
		app = submit_via_workflow(doc, (o.member_a_user, "Submit for Sign-off"))
		with self.as_user(o.head):
			app.quality = "Excellent"
			app.save()
		app = submit_via_workflow(app, (o.head, "Sign Off"), (o.recorder_a, "Forward"))
		self.assertEqual(
			(app.workflow_state, app.status, app.docstatus), ("Pending Secretary", "Pending Recorder", 0)
		)
		self.assertEqual(frappe.db.count("Points Ledger Entry", {"source_name": app.name}), 0)
		app = submit_via_workflow(app, (o.secretary_a, "Approve"))
		self.assertEqual((app.status, app.docstatus), ("Approved", 1))
		self.assertEqual(frappe.db.get_value("Points Ledger Entry", app.ledger_entry, "points"), 17)


class TestOfficersWhoAreMembers(PartyPointsTestCase):
	"""Recorders and secretaries are Party members too: they move their branch, not their own approval."""

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def test_officers_move_the_branch_but_never_file_their_own_score(self) -> None:
		o = self.o
		secretary_member = make_member("Secretary Herself", o.branch_a, o.secretary_a)
		for member in (o.member_a, secretary_member):
			ledger.post(
				[{"member": member, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
			)
		with self.as_user(o.recorder_a):
			self.assertEqual(len(apply_to_branch(o.branch_a, o.period, "Submit for Review")["moved"]), 2)
		adopt_scores(o.branch_a, o.period, o.recorder_a, o.secretary_a)
		with self.as_user(o.secretary_a):
			apply_to_branch(o.branch_a, o.period, "Adopt at Members' Meeting")
			self.assertEqual(len(apply_to_branch(o.branch_a, o.period, "Publish Notice")["moved"]), 2)
		with self.freeze_time(add_days(today(), 6)), self.as_user(o.secretary_a):
			self.assertEqual(
				apply_to_branch(o.branch_a, o.period, "File")["moved"],
				[scores.score_name(o.member_a, o.period)],
			)
			with self.assertRaises(SelfApprovalError):
				apply_workflow(
					frappe.get_doc("Member Score", scores.score_name(secretary_member, o.period)), "File"
				)
