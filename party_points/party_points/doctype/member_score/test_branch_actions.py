"""Moving a whole branch's scores by one workflow action, as the officer who does it: what is offered, what
moved, what could not and why, and nothing half-written."""

import frappe
from frappe.model.workflow import apply_workflow, get_workflow
from frappe.utils import add_days, today

from party_points import ledger, scores
from party_points.exceptions import NoticeNotOverError
from party_points.party_points.doctype.member_score.member_score import apply_to_branch, branch_actions
from party_points.testing import PartyPointsTestCase, build_organisation, make_member

BACK = ("Send Back", "Reopen")


def actions(result: dict) -> dict[str, int]:
	return {a["action"]: a["count"] for a in result["actions"]}


def workflow_actions(stage: str, role: str) -> set[str]:
	"""The active workflow's actions from the state that sets ``stage``, for ``role`` (a company may rename
	states or add a level, such as the members' meeting between the review and the notice)."""
	workflow = get_workflow("Member Score")
	states = {s.state for s in workflow.states if s.update_field == "stage" and s.update_value == stage}
	return {t.action for t in workflow.transitions if t.state in states and t.allowed == role}


def state_of(stage: str) -> str:
	workflow = get_workflow("Member Score")
	return next(s.state for s in workflow.states if s.update_field == "stage" and s.update_value == stage)


def publish_branch(o, branch: str, period: str) -> None:
	"""Move the branch's scores to the public notice as the recorder, then the secretary, through whatever
	levels the active workflow has between the review and the notice. The members' meeting is not what
	these tests are about: its requirement is switched off (inside the test's savepoint)."""
	frappe.db.set_single_value("Party Points Settings", "require_members_meeting", 0)
	frappe.set_user(o.recorder_a)
	try:
		apply_to_branch(branch, period, "Submit for Review")
		frappe.set_user(o.secretary_a)
		for _level in range(5):
			offered = actions(branch_actions(branch, period))
			forward = (
				["Publish Notice"] if "Publish Notice" in offered else [a for a in offered if a not in BACK]
			)
			if not forward:
				raise AssertionError(f"no way to the public notice from {offered}")
			result = apply_to_branch(branch, period, forward[0])
			if not result["moved"]:
				raise AssertionError(f"{forward[0]} moved nothing: {result['skipped']}")
			if forward[0] == "Publish Notice":
				return
	finally:
		frappe.set_user("Administrator")


class TestBranchActions(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def setUp(self) -> None:
		super().setUp()
		o = self.o
		self.secretary_member = make_member("Secretary Herself", o.branch_a, o.secretary_a)
		for member in (o.member_a, o.member_a2, self.secretary_member, o.member_b):
			ledger.post(
				[{"member": member, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
			)
		self.a, self.a2, self.own = (
			scores.score_name(m, o.period) for m in (o.member_a, o.member_a2, self.secretary_member)
		)

	def stage(self, name: str) -> str:
		return frappe.db.get_value("Member Score", name, "stage")

	def test_only_actions_that_a_score_can_take_are_offered(self) -> None:
		o = self.o
		with self.as_user(o.recorder_a):
			offered = branch_actions(o.branch_a, o.period)
			self.assertEqual(offered["total"], 3)  # branch B's score is not in the branch
			self.assertEqual(actions(offered), {"Submit for Review": 3})
			apply_to_branch(o.branch_a, o.period, "Submit for Review")
			self.assertEqual(actions(branch_actions(o.branch_a, o.period)), {})  # the secretary's turn
		with self.as_user(o.secretary_a):
			expected = workflow_actions("Under Review", "Branch Secretary")
			self.assertIn("Send Back", expected)
			self.assertEqual(actions(branch_actions(o.branch_a, o.period)), dict.fromkeys(expected, 3))
		publish_branch(o, o.branch_a, o.period)
		with self.as_user(o.secretary_a):
			offered = branch_actions(o.branch_a, o.period)
			# File is offered for the two others; the secretary's own score is left for someone else
			self.assertEqual(actions(offered), {"Reopen": 3, "File": 2})
			self.assertEqual({a["action"]: a["own"] for a in offered["actions"]}["File"], 1)
			self.assertEqual(
				offered["stages"], [{"stage": "Public Notice", "label": "Public Notice", "count": 3}]
			)
		with self.as_user(o.member_a_user), self.assertRaises(frappe.PermissionError):
			branch_actions(o.branch_a, o.period)

	def test_it_says_what_moved_and_what_could_not_and_why(self) -> None:
		o = self.o
		apply_workflow(frappe.get_doc("Member Score", self.a2), "Submit for Review")
		with self.as_user(o.recorder_a):
			result = apply_to_branch(o.branch_a, o.period, "Submit for Review")
		self.assertEqual(sorted(result["moved"]), sorted([self.a, self.own]))
		(skipped,) = result["skipped"]
		self.assertEqual((skipped["name"], skipped["member_name"]), (self.a2, "Wang Fang"))
		self.assertIn("not available from the stage Under Review", skipped["reason"])
		self.assertEqual(skipped["kind"], "stage")
		publish_branch(o, o.branch_a, o.period)
		with self.as_user(o.secretary_a):
			logged = len(frappe.local.message_log)
			result = apply_to_branch(o.branch_a, o.period, "File")  # the notice has not ended
			self.assertEqual(len(frappe.local.message_log), logged)  # the reasons are in the result
		self.assertEqual(result["moved"], [])
		reasons = {s["name"]: s["reason"] for s in result["skipped"]}
		self.assertEqual(
			{s["name"]: s["kind"] for s in result["skipped"]},
			{self.own: "own", self.a: "rule", self.a2: "rule"},
		)
		self.assertEqual(reasons[self.own], "Your own score is left for someone else to file or verify")
		self.assertRegex(
			reasons[self.a], r"runs until .+; it can be filed or verified only from that day on$"
		)

	def test_a_refused_score_is_rolled_back_alone(self) -> None:
		o = self.o
		publish_branch(o, o.branch_a, o.period)
		with self.as_user(o.member_a2_user):
			frappe.get_doc(
				{"doctype": "Score Objection", "member_score": self.a2, "reason": "Wrong"}
			).insert()
		# the objection reopened the score; it is back on notice with the objection still open
		notice = state_of("Public Notice")
		frappe.db.set_value("Member Score", self.a2, {"stage": "Public Notice", "workflow_state": notice})
		versions = frappe.db.count("Version", {"ref_doctype": "Member Score", "docname": self.a2})
		with self.freeze_time(add_days(today(), 6)), self.as_user(o.secretary_a):
			result = apply_to_branch(o.branch_a, o.period, "File")
		self.assertEqual(result["moved"], [self.a])
		reasons = {s["name"]: s["reason"] for s in result["skipped"]}
		self.assertIn("has an open objection; answer it first", reasons[self.a2])
		self.assertEqual(set(reasons), {self.a2, self.own})
		self.assertEqual(
			frappe.db.get_value("Member Score", self.a2, ["stage", "workflow_state"]),
			("Public Notice", notice),
		)
		self.assertEqual(
			frappe.db.count("Version", {"ref_doctype": "Member Score", "docname": self.a2}), versions
		)
		self.assertEqual(self.stage(self.a), "Filed")

	def test_the_notice_message_is_a_complete_sentence(self) -> None:
		o = self.o
		publish_branch(o, o.branch_a, o.period)
		with self.as_user(o.secretary_a):
			with self.assertRaisesRegex(
				NoticeNotOverError,
				r"^The public notice of .+ runs until .+; it can be filed or verified only from that day on$",
			):
				apply_workflow(frappe.get_doc("Member Score", self.a), "File")
