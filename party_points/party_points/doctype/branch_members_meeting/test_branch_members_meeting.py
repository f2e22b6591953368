"""The members' meeting (党员大会评定): who came, the quorum, the resolution, and the rule that keeps a
branch's scores from the public notice until the meeting adopts them, as the users who act."""

import inspect
from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, today

from party_points import meeting, scores
from party_points.constants import ADOPTED, PUBLIC_NOTICE, UNDER_REVIEW
from party_points.party_points.doctype.member_score.member_score import MemberScore
from party_points.testing import YEAR, PartyPointsTestCase, build_organisation, make_member, make_period

ACTIVITY_TYPE = "Branch Members' Meeting"
WIRED = "check_meeting_adopted" in inspect.getsource(MemberScore)
"""Whether Member Score's stage check calls the meeting's rule; until it does, the tests wire it themselves."""


def ensure_adopted_stage() -> None:
	"""The Member Score's stage must offer "Adopted" (member_score.json); until it does, a property setter."""
	field = frappe.get_meta("Member Score").get_field("stage")
	if ADOPTED not in (field.options or "").split("\n"):
		options = field.options.replace(UNDER_REVIEW, f"{UNDER_REVIEW}\n{ADOPTED}")
		frappe.make_property_setter(
			{"doctype": "Member Score", "fieldname": "stage", "property": "options", "value": options},
			validate_fields_for_doctype=False,
		)
		frappe.clear_cache(doctype="Member Score")


def forget_workflow_and_settings() -> None:
	"""After a rollback, the caches of what a test changed (the workflow, the settings) are stale."""
	frappe.clear_document_cache("Workflow", "Member Score Review")
	frappe.clear_document_cache("Party Points Settings", "Party Points Settings")
	frappe.db.value_cache.pop("Party Points Settings", None)
	frappe.clear_cache(doctype="Member Score")


class MeetingTestCase(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		ensure_adopted_stage()
		o = cls.o = build_organisation()
		cls.q2 = make_period(YEAR, 2)
		# Nine members of Branch A in Q1: Li Ming, Wang Fang and seven more.
		cls.extra = [make_member(f"Meeting Member {n}", o.branch_a) for n in range(7)]
		cls.roster = sorted([o.member_a, o.member_a2, *cls.extra])
		cls.late_joiner = make_member("Joined in Q2", o.branch_a, join_date=f"{YEAR}-04-02")
		cls.left_before = make_member(
			"Left before Q1",
			o.branch_a,
			join_date="2000-01-01",
			leave_date=f"{YEAR - 1}-12-31",
			status="Left",
		)
		cls.meeting_day = f"{YEAR}-04-10"
		scores.rebuild_period(o.period, own_transaction=False)

	@classmethod
	def tearDownClass(cls) -> None:
		super().tearDownClass()
		frappe.clear_cache(doctype="Member Score")

	def setUp(self) -> None:
		super().setUp()
		if not WIRED:
			original = MemberScore.validate_stage_change

			def validate_stage_change(doc) -> None:
				if doc.has_value_changed("stage"):
					meeting.check_meeting_adopted(doc)
				original(doc)

			patcher = patch.object(MemberScore, "validate_stage_change", validate_stage_change)
			patcher.start()
			self.addCleanup(patcher.stop)

	def tearDown(self) -> None:
		super().tearDown()
		forget_workflow_and_settings()

	# Factories ------------------------------------------------------------------------------------------

	def activity(
		self,
		present: int,
		statuses: dict | None = None,
		day: str | None = None,
		branch: str | None = None,
		omit: tuple = (),
		kind: str = ACTIVITY_TYPE,
	):
		"""A submitted activity (by default the Branch Members' Meeting of Branch A): the first ``present`` of
		the roster Present, the rest Absent, then ``statuses`` on top, without the members in ``omit``."""
		o = self.o
		branch = branch or o.branch_a
		attendance = {}
		if branch == o.branch_a:
			attendance = {m: "Present" if i < present else "Absent" for i, m in enumerate(self.roster)}
		attendance.update(statuses or {})
		with self.as_user(o.recorder_a if branch == o.branch_a else o.recorder_b):
			doc = frappe.get_doc(
				{
					"doctype": "Party Activity",
					"title": "Members' meeting on the Q1 scores",
					"activity_type": kind,
					"activity_date": day or self.meeting_day,
					"party_branch": branch,
					"attendance": [
						{"member": m, "status": s} for m, s in attendance.items() if m not in omit
					],
				}
			).insert()
			doc.submit()
		return doc

	def meeting(
		self, activity, adopted: bool = False, resolution: str = "", submit: bool = True, period=None
	):
		with self.as_user(self.o.secretary_a):
			doc = frappe.get_doc(
				{
					"doctype": "Branch Members Meeting",
					"party_branch": activity.party_branch,
					"assessment_period": period or self.o.period,
					"party_activity": activity.name,
					"scores_adopted": int(adopted),
					"resolution": resolution,
				}
			).insert()
			if submit:
				doc.submit()
		return doc

	def score(self, member=None):
		return frappe.get_doc("Member Score", f"{member or self.o.member_a}-{self.o.period}")

	def to_review(self, *members):
		for member in members or (self.o.member_a,):
			with self.as_user(self.o.recorder_a):
				apply_workflow(self.score(member), "Submit for Review")


class TestTheMeetingsRecord(MeetingTestCase):
	def test_the_roster_and_the_attendance_come_from_the_activity(self) -> None:
		first = self.roster[:5]
		activity = self.activity(
			0,
			{
				first[0]: "Present",
				first[1]: "Late",
				first[2]: "Left Early",
				first[3]: "Present",
				first[4]: "Excused",
				self.late_joiner: "Present",  # came, but was not a member in Q1: not counted
			},
			omit=tuple(self.roster[-2:]),  # two of the roster are not on the activity at all
		)
		doc = self.meeting(activity)
		self.assertEqual(
			(doc.roster_size, doc.present_count, doc.absent_count, doc.quorum_needed, doc.quorum_reached),
			(9, 4, 5, 5, 0),
		)
		self.assertEqual((doc.members_short, doc.others_present), (1, 1))
		self.assertEqual(doc.quorum_rule, "more than 1/2 of the members in the period")
		self.assertEqual(getdate(doc.meeting_date), getdate(self.meeting_day))
		attendance = {r.member: (r.attendance, r.present) for r in doc.attendance}
		self.assertEqual(sorted(attendance), self.roster)  # neither the late joiner nor who left before
		self.assertEqual(attendance[first[1]], ("Late", 1))
		self.assertEqual(attendance[first[2]], ("Left Early", 1))
		self.assertEqual(attendance[first[4]], ("Excused", 0))
		self.assertEqual(attendance[self.roster[-1]], ("Not Listed", 0))

	def test_attendance_points_are_posted_by_the_activity_and_the_meeting_posts_none(self) -> None:
		activity = self.activity(5)
		posted = frappe.db.count(
			"Points Ledger Entry", {"source_doctype": "Party Activity", "source_name": activity.name}
		)
		self.assertEqual(posted, 9)  # Present SE-01 x5, Absent SE-03 x4, by the default scheme's rules
		before = frappe.db.count("Points Ledger Entry")
		self.meeting(activity, adopted=True, resolution="The scores of Q1 are adopted.")
		self.assertEqual(frappe.db.count("Points Ledger Entry"), before)
		self.assertFalse(
			frappe.db.exists("Points Ledger Entry", {"source_doctype": "Branch Members Meeting"})
		)

	def test_without_its_quorum_the_meeting_cannot_adopt_the_scores(self) -> None:
		activity = self.activity(4)
		with self.assertRaises(meeting.QuorumNotReachedError) as refused:
			self.meeting(activity, adopted=True, resolution="Adopted.")
		self.assertIn("4 of the 9 members of the period attended", str(refused.exception))
		self.assertIn("so 1 more members were needed", str(refused.exception))
		doc = self.meeting(activity)  # it is still recorded, as a meeting without quorum
		self.assertEqual((doc.docstatus, doc.quorum_reached, doc.members_short), (1, 0, 1))

	def test_the_adoption_needs_a_resolution(self) -> None:
		activity = self.activity(5)
		with self.assertRaises(frappe.ValidationError):
			self.meeting(activity, adopted=True, resolution="<p> </p>")

	def test_the_activity_must_be_the_branchs_members_meeting(self) -> None:
		o = self.o
		with self.assertRaises(meeting.MeetingInputError):
			self.meeting(self.activity(5, kind="Party Lecture"))
		other = self.activity(0, {o.member_b: "Present"}, branch=o.branch_b)
		with self.assertRaises(meeting.MeetingInputError):
			with self.as_user(o.secretary_a):
				frappe.get_doc(
					{
						"doctype": "Branch Members Meeting",
						"party_branch": o.branch_a,
						"assessment_period": o.period,
						"party_activity": other.name,
					}
				).insert()

	def test_one_activity_is_the_record_of_one_meeting(self) -> None:
		activity = self.activity(5)
		self.meeting(activity)
		with self.assertRaises(meeting.MeetingInputError):
			self.meeting(activity)

	def test_a_meeting_before_the_period_cannot_adopt_its_scores(self) -> None:
		activity = self.activity(5, day=f"{YEAR}-03-20")
		with self.assertRaises(meeting.MeetingInputError):
			self.meeting(activity, period=self.q2)

	def test_a_meeting_that_has_not_taken_place_cannot_be_submitted(self) -> None:
		day = add_days(today(), 3)
		make_period(getdate(day).year, (getdate(day).month - 1) // 3 + 1)
		activity = self.activity(5, day=day)
		with self.assertRaises(meeting.MeetingInputError):
			self.meeting(activity)

	def test_the_quorum_follows_the_settings(self) -> None:
		activity = self.activity(5)
		settings = frappe.get_single("Party Points Settings")
		settings.update({"quorum_comparison": "At least", "quorum_share": "2/3"})
		settings.save()
		doc = self.meeting(activity, submit=False)
		self.assertEqual((doc.quorum_needed, doc.quorum_reached, doc.members_short), (6, 0, 1))
		self.assertEqual(doc.quorum_rule, "at least 2/3 of the members in the period")
		frappe.db.set_single_value("Party Points Settings", "quorum_share", "two thirds")
		with self.assertRaises(meeting.MeetingInputError):
			doc.save()

	def test_officers_of_another_branch_do_not_see_the_meeting(self) -> None:
		doc = self.meeting(self.activity(5))
		with self.as_user(self.o.recorder_b):
			self.assertFalse(frappe.has_permission("Branch Members Meeting", "read", doc.name))
			self.assertEqual(frappe.get_list("Branch Members Meeting"), [])
		with self.as_user(self.o.recorder_a):
			self.assertEqual(frappe.get_list("Branch Members Meeting", pluck="name"), [doc.name])


class TestTheRuleTheScoresObey(MeetingTestCase):
	def test_without_a_meeting_the_notice_is_refused_and_says_what_is_needed(self) -> None:
		score = self.score()
		score.stage = PUBLIC_NOTICE
		with self.assertRaises(meeting.MeetingNotAdoptedError) as refused:
			meeting.check_meeting_adopted(score)
		message = str(refused.exception)
		self.assertIn("cannot go on public notice before the branch's members' meeting adopts them", message)
		self.assertIn("more than 1/2 of the members in the period: 5 of the 9 members", message)

	def test_after_a_meeting_without_quorum_the_message_says_how_many_more_were_needed(self) -> None:
		self.meeting(self.activity(3))
		score = self.score()
		score.stage = ADOPTED
		with self.assertRaises(meeting.MeetingNotAdoptedError) as refused:
			meeting.check_meeting_adopted(score)
		message = str(refused.exception)
		self.assertIn("had no quorum: 3 of the 9 members of the period attended", message)
		self.assertIn("so 2 more members were needed", message)

	def test_a_meeting_with_quorum_but_no_adoption_is_not_enough_until_its_resolution_is_recorded(
		self,
	) -> None:
		doc = self.meeting(self.activity(6))
		score = self.score()
		score.stage = PUBLIC_NOTICE
		with self.assertRaises(meeting.MeetingNotAdoptedError) as refused:
			meeting.check_meeting_adopted(score)
		self.assertIn("reached its quorum but has not adopted the scores", str(refused.exception))
		with self.as_user(self.o.secretary_a):  # the minutes are written up after the meeting
			doc.reload()
			doc.scores_adopted = 1
			doc.resolution = "<p>The meeting adopts the branch's Q1 scores, 6 votes for.</p>"
			doc.save()
		meeting.check_meeting_adopted(score)

	def test_the_scores_move_on_through_the_workflow_once_the_meeting_adopted_them(self) -> None:
		o = self.o
		self.to_review(o.member_a)
		with self.as_user(o.secretary_a):
			with self.assertRaises(meeting.MeetingNotAdoptedError):
				apply_workflow(self.score(), "Adopt at Members' Meeting")
		self.assertEqual(self.score().stage, UNDER_REVIEW)
		self.meeting(self.activity(5), adopted=True, resolution="<p>Adopted unanimously.</p>")
		with self.as_user(o.secretary_a):
			apply_workflow(self.score(), "Adopt at Members' Meeting")
			self.assertEqual(self.score().stage, ADOPTED)
			apply_workflow(self.score(), "Publish Notice")
		score = self.score()
		self.assertEqual((score.stage, score.workflow_state), (PUBLIC_NOTICE, "Public Notice"))
		self.assertTrue(score.notice_end)

	def test_the_whole_branch_moves_with_apply_to_branch_and_the_refusal_names_the_shortfall(self) -> None:
		from party_points.party_points.doctype.member_score.member_score import apply_to_branch

		o = self.o
		self.to_review(o.member_a, o.member_a2)
		self.meeting(self.activity(4))
		with self.as_user(o.secretary_a):
			result = apply_to_branch(o.branch_a, o.period, "Adopt at Members' Meeting")
		self.assertEqual(result["moved"], [])
		reasons = {r["name"]: r["reason"] for r in result["skipped"]}
		for member in (o.member_a, o.member_a2):
			self.assertIn("so 1 more members were needed", reasons[f"{member}-{o.period}"])

	def test_a_meeting_the_scores_rely_on_cannot_be_cancelled_or_unadopted(self) -> None:
		o = self.o
		self.to_review(o.member_a)
		doc = self.meeting(self.activity(5), adopted=True, resolution="Adopted.")
		with self.as_user(o.secretary_a):
			apply_workflow(self.score(), "Adopt at Members' Meeting")
			doc.reload()
			doc.scores_adopted = 0
			with self.assertRaises(meeting.MeetingInUseError):
				doc.save()
			doc.reload()
			with self.assertRaises(meeting.MeetingInUseError):
				doc.cancel()
			apply_workflow(self.score(), "Send Back")
			doc.reload()
			doc.cancel()
		self.assertEqual(self.score().stage, UNDER_REVIEW)

	def test_without_the_meeting_state_in_the_workflow_the_notice_still_needs_the_meeting(self) -> None:
		o = self.o
		workflow = frappe.get_doc("Workflow", "Member Score Review")
		removed = {s.state for s in workflow.states if s.update_value == ADOPTED}
		workflow.states = [s for s in workflow.states if s.state not in removed]
		workflow.transitions = [t for t in workflow.transitions if not {t.state, t.next_state} & removed]
		workflow.append(
			"transitions",
			{
				"state": "Under Review",
				"action": "Publish Notice",
				"next_state": "Public Notice",
				"allowed": "Branch Secretary",
			},
		)
		workflow.save(ignore_permissions=True)
		self.to_review(o.member_a, o.member_a2)
		# A company whose branches hold no such meeting says so in the settings, not by editing the workflow.
		frappe.db.set_single_value("Party Points Settings", "require_members_meeting", 0)
		with self.as_user(o.secretary_a):
			apply_workflow(self.score(o.member_a2), "Publish Notice")
		self.assertEqual(self.score(o.member_a2).stage, PUBLIC_NOTICE)
		frappe.db.set_single_value("Party Points Settings", "require_members_meeting", 1)
		with self.as_user(o.secretary_a):
			with self.assertRaises(meeting.MeetingNotAdoptedError):
				apply_workflow(self.score(), "Publish Notice")
		self.meeting(self.activity(5), adopted=True, resolution="Adopted.")
		with self.as_user(o.secretary_a):
			apply_workflow(self.score(), "Publish Notice")
		self.assertEqual(self.score().stage, PUBLIC_NOTICE)

	def test_the_check_reads_only_a_change_of_stage(self) -> None:
		score = self.score()
		frappe.db.set_value("Member Score", score.name, "stage", PUBLIC_NOTICE)
		score = self.score()
		score.load_doc_before_save()
		meeting.check_meeting_adopted(score)  # already on notice, unchanged: nothing to decide


class TestThePatch(PartyPointsTestCase):
	"""The patch adds the meeting state only where the workflow is exactly as the app installed it."""

	def setUp(self) -> None:
		super().setUp()
		from party_points.patches.v1_2 import add_members_meeting_state as patch_module

		self.patch = patch_module
		workflow = frappe.get_doc("Workflow", patch_module.WORKFLOW)
		workflow.set(
			"states",
			[dict(zip(patch_module.STATE_FIELDS, r, strict=True)) for r in patch_module.PREVIOUS_STATES],
		)
		workflow.set(
			"transitions",
			[
				dict(zip(patch_module.TRANSITION_FIELDS, r, strict=True))
				for r in patch_module.PREVIOUS_TRANSITIONS
			],
		)
		workflow.save(ignore_permissions=True)

	def tearDown(self) -> None:
		super().tearDown()
		forget_workflow_and_settings()

	def shipped(self) -> dict:
		from party_points.workflow import default_workflows

		return next(w for w in default_workflows() if w["workflow_name"] == self.patch.WORKFLOW)

	def installed(self) -> tuple[list, list]:
		workflow = frappe.get_doc("Workflow", self.patch.WORKFLOW)
		return (
			[tuple(str(s.get(f) or "") for f in self.patch.STATE_FIELDS) for s in workflow.states],
			[tuple(str(t.get(f) or "") for f in self.patch.TRANSITION_FIELDS) for t in workflow.transitions],
		)

	def as_rows(self, data: dict) -> tuple[list, list]:
		return (
			[tuple(str(s.get(f) or "") for f in self.patch.STATE_FIELDS) for s in data["states"]],
			[tuple(str(t.get(f) or "") for f in self.patch.TRANSITION_FIELDS) for t in data["transitions"]],
		)

	def test_the_previous_default_is_what_the_app_installed(self) -> None:
		import json
		import subprocess
		from pathlib import Path

		repo = Path(__file__).resolve().parents[4]
		try:
			text = subprocess.run(
				["git", "show", "4269d55:party_points/workflow/member_score_review.json"],
				cwd=repo,
				capture_output=True,
				text=True,
				check=True,
			).stdout
		except (OSError, subprocess.CalledProcessError):
			self.skipTest("no git history here")
		self.assertEqual(self.installed(), self.as_rows(json.loads(text)))

	def test_an_unedited_workflow_gains_the_state_and_matches_the_new_default(self) -> None:
		self.assertTrue(self.patch.execute())
		self.assertEqual(self.installed(), self.as_rows(self.shipped()))
		self.assertTrue(frappe.db.exists("Workflow State", self.patch.NEW_STATE))
		self.assertTrue(frappe.db.exists("Workflow Action Master", self.patch.NEW_ACTION))
		self.assertFalse(self.patch.execute())  # run again: no longer the previous default, left alone
		self.assertEqual(self.installed(), self.as_rows(self.shipped()))

	def test_an_edited_workflow_is_left_alone(self) -> None:
		for edit in ("role", "transition", "message", "order"):
			frappe.db.savepoint("edit")
			workflow = frappe.get_doc("Workflow", self.patch.WORKFLOW)
			if edit == "role":
				workflow.states[2].allow_edit = "Party Committee"
			elif edit == "transition":
				workflow.append(
					"transitions",
					{
						"state": "Filed",
						"action": "Reopen",
						"next_state": "Public Notice",
						"allowed": "Party Committee",
					},
				)
			elif edit == "message":
				workflow.states[0].message = "Recorded by the branch recorder"
			else:
				workflow.transitions = list(reversed(workflow.transitions))
				for idx, row in enumerate(workflow.transitions, start=1):
					row.idx = idx
			workflow.save(ignore_permissions=True)
			before = self.installed()
			self.assertFalse(self.patch.execute(), edit)
			self.assertEqual(self.installed(), before, edit)
			frappe.db.rollback(save_point="edit")

	def test_the_settings_get_their_defaults_where_never_saved(self) -> None:
		frappe.db.delete(
			"Singles",
			{"doctype": "Party Points Settings", "field": ("in", list(self.patch.SETTINGS_DEFAULTS))},
		)
		frappe.db.set_single_value("Party Points Settings", "quorum_share", "2/3")
		self.patch.execute()
		values = frappe.db.get_singles_dict("Party Points Settings")
		self.assertEqual(
			(values.require_members_meeting, values.quorum_comparison, values.quorum_share),
			("1", "More than", "2/3"),
		)
