"""The members' page (issue 16) as the member who uses it: their own figures only, the projection with its
figures, every action through the desk's controllers, the quarterly projection notice, QR check-in and the
evidence files' privacy. In-process, each test in a savepoint; the HTTP side is test_portal_http.py."""

from contextlib import contextmanager
from io import BytesIO
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import change_settings
from werkzeug.datastructures import FileStorage

from party_points import ledger, portal, projections
from party_points.constants import PUBLIC_NOTICE
from party_points.exceptions import NoticeClosedError, PointsInputError, SelfApprovalError, WrongBranchError
from party_points.portal import (
	AlreadyCheckedInError,
	ApplicationLockedError,
	AttendanceClosedError,
	CheckinExpiredError,
	CheckinNotOpenError,
	EvidenceError,
	InvalidCheckinCodeError,
	NotAPartyMemberError,
	NotYourRecordError,
)
from party_points.scores import score_name
from party_points.testing import YEAR, PartyPointsTestCase, build_organisation, make_member, make_period

Q3_DAY = f"{YEAR}-08-20 10:00:00"
Q4_DAY = f"{YEAR}-11-16 09:00:00"
ACTIVITY_DAY = f"{YEAR}-11-16"
PAGE_QUERIES = 47
"""The statements of one get_page_data with warm caches (the member, the period, the score, the year's
ledger, the projection, the application, claims, notice, follow-ups); fixed whatever the data. About a third
are the permission hooks' scope look-ups (the user's branches and member records), repeated per list."""


def png() -> bytes:
	from PIL import Image

	out = BytesIO()
	Image.new("RGB", (4, 4), (200, 30, 30)).save(out, "PNG")
	return out.getvalue()


@contextmanager
def uploading(filename: str, content: bytes):
	"""A request carrying the multipart file ``evidence``, as the page's reward form sends it."""
	previous = getattr(frappe.local, "request", None)
	frappe.local.request = frappe._dict(files={"evidence": FileStorage(BytesIO(content), filename=filename)})
	try:
		yield
	finally:
		frappe.local.request = previous


def post(member: str, period: str, item: str, points: float, part: str | None = None) -> None:
	row = {"member": member, "assessment_period": period, "scoring_item": item, "points": points}
	if part:
		row["part"] = part
	ledger.post([row])


class PortalCase(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()
		cls.q = {q: make_period(YEAR, q) for q in (1, 2, 3, 4)}

	def speaks_chinese(self, user: str) -> None:
		"""The user's language is zh for this test (Frappe caches the User: the rollback does not clear it)."""
		frappe.db.set_value("User", user, "language", "zh")
		frappe.clear_document_cache("User", user)
		self.addCleanup(frappe.clear_document_cache, "User", user)

	def stage(self, quarter: int, stage: str) -> None:
		frappe.db.set_value("Assessment Period", self.q[quarter], "stage", stage)

	def year_of_member_a(self) -> None:
		"""Q1 42, Q2 36, Q3 32 (closed); Q4 open with 17 so far; mid-year evaluation 20; a reward of 3.

		The projection: (42 + 36 + 32 + 36.67) / 4 = 36.67, evaluation 20 (the year-end round counted at
		the mid-year score), reward 3: 59.67, Unqualified; Basically Qualified (60) needs 38 in Q4.
		"""
		o, q = self.o, self.q
		for quarter, work, study in ((1, 20, 8), (2, 16, 6), (3, 18, None)):
			post(o.member_a, q[quarter], "WA-01", work)
			if study:
				post(o.member_a, q[quarter], "SE-04", study)
		post(o.member_a, q[1], "commendation_company", 3, "reward")
		post(o.member_a, q[2], "mid_year", 10, "evaluation")
		post(o.member_a, q[4], "SE-04", 3)
		# Someone else of the branch, with other figures: none of them may show on member A's page.
		post(o.member_a2, q[1], "WA-01", 5)
		post(o.member_a2, q[4], "SE-04", 7)
		for quarter in (1, 2, 3):
			self.stage(quarter, "Under Review")


class TestMemberPage(PortalCase):
	def test_the_page_shows_the_members_own_quarter_year_and_projection(self) -> None:
		self.year_of_member_a()
		with self.freeze_time(Q4_DAY), self.as_user(self.o.member_a_user):
			data = portal.get_page_data()
		self.assertEqual(data["member"]["name"], self.o.member_a)
		self.assertEqual((data["period"]["name"], data["period"]["stage"]), (self.q[4], "Open"))
		quarter = data["quarter"]
		self.assertEqual((quarter["daily_conduct"], quarter["cap"]), ("17", "75"))
		self.assertEqual(
			[(d["label"], d["points"], d["cap"]) for d in quarter["dimensions"]],
			[
				("Study & Education", "3", "33"),
				("Work Achievement", "0", "20"),
				("Serving the Public", "0", "8"),
				("Discipline & Law", "8", "8"),
				("Integrity", "6", "6"),
			],
		)
		self.assertIn("Daily Conduct total: 17", quarter["explanation"])
		year = data["year"]
		self.assertEqual(
			[
				(r["label"], r["daily_conduct"], r["scored"], r["evaluation"], r["reward"])
				for r in year["quarters"]
			],
			[
				("Q1", "42", True, "0", "3"),
				("Q2", "36", True, "10", "0"),
				("Q3", "32", True, "0", "0"),
				("Q4", "17", False, "0", "0"),
			],
		)
		self.assertEqual(year["quarters"][3]["projected"], "36.67")
		projection = year["projection"]
		self.assertEqual(
			(projection["score"], projection["grade"], projection["evaluation"], projection["reward"]),
			("59.67", "Unqualified", "20", "3"),
		)
		self.assertEqual(
			(projection["evaluation_so_far"], projection["evaluation_basis"]), ("10", "last_round")
		)
		self.assertTrue(projection["below_qualified"])
		self.assertEqual(
			(
				projection["next"]["grade_label"],
				projection["next"]["per_quarter"],
				projection["next"]["quarters"],
			),
			("Basically Qualified", "38", 1),
		)
		self.assertIn(
			"Year-end evaluation: not held yet, counted at the last round's score 20", projection["lines"]
		)
		# The same page in Chinese for a zh user.
		self.speaks_chinese(self.o.member_a_user)
		with self.freeze_time(Q4_DAY), self.as_user(self.o.member_a_user):
			frappe.local.lang = "zh"
			try:
				zh = portal.get_page_data()
			finally:
				frappe.local.lang = "en"
		self.assertEqual(zh["quarter"]["dimensions"][0]["label"], "学习教育")
		self.assertEqual(zh["year"]["projection"]["grade_label"], "不合格")
		self.assertIn("日常行为积分合计：17", zh["quarter"]["explanation"])

	def test_another_members_page_holds_none_of_it(self) -> None:
		self.year_of_member_a()
		with self.freeze_time(Q4_DAY), self.as_user(self.o.member_a2_user):
			data = portal.get_page_data()
		self.assertEqual(data["member"]["name"], self.o.member_a2)
		self.assertEqual(data["quarter"]["daily_conduct"], "21")  # 7 + the starting 14
		# Q2 and Q3 are closed with nothing recorded for A2: the starting values, as the rating counts them.
		self.assertEqual([r["daily_conduct"] for r in data["year"]["quarters"]], ["19", "14", "14", "21"])
		self.assertEqual(data["rewards"]["claims"], [])
		self.assertFalse(data["notice"]["open"])
		with self.freeze_time(Q4_DAY), self.as_user(self.o.member_b_user):
			data = portal.get_page_data()
		self.assertEqual((data["member"]["branch"], data["quarter"]["score"]), (self.o.branch_b, None))

	def test_a_user_who_is_no_member_is_told_so_and_a_guest_is_sent_to_log_in(self) -> None:
		with self.as_user(self.o.committee_user), self.assertRaises(NotAPartyMemberError) as caught:
			portal.get_page_data()
		self.assertIn("not linked to a Party Member", str(caught.exception))
		with self.as_user("Guest"), self.assertRaises(NotAPartyMemberError):
			portal.get_page_data()
		from party_points.www import points

		with self.as_user("Guest"), self.assertRaises(frappe.Redirect) as redirect:
			points.get_context(frappe._dict())
		self.assertEqual(redirect.exception.http_status_code, 302)
		self.assertEqual(frappe.local.flags.redirect_location, "/login?redirect-to=%2Fpoints")
		with self.as_user(self.o.committee_user):
			context = points.get_context(frappe._dict())
		self.assertEqual((context.data, context.http_status_code), (None, 403))
		self.assertIn("not linked to a Party Member", context.not_member)

	def test_the_chart_draws_each_quarter_and_the_projection(self) -> None:
		self.year_of_member_a()
		from party_points.www import points

		with self.freeze_time(Q4_DAY), self.as_user(self.o.member_a_user):
			context = points.get_context(frappe._dict())
		svg = context.chart
		self.assertTrue(svg.startswith("<svg") and svg.endswith("</svg>"))
		self.assertEqual(svg.count('class="pp-daily"'), 3)  # three scored quarters
		self.assertEqual(svg.count('class="pp-daily pp-open"'), 1)  # Q4 so far
		self.assertEqual(svg.count('class="pp-projected"'), 1)  # Q4 projected at the mean
		self.assertIn("17 ≈36.67", svg)

	def test_follow_ups_assigned_to_the_member(self) -> None:
		o = self.o
		frappe.get_doc(
			{
				"doctype": "Follow-up Action",
				"member": o.member_a,
				"action_type": "Admonition Talk",
				"person_in_charge": o.secretary_a,
				"due_date": f"{YEAR}-12-15",
			}
		).insert(ignore_permissions=True)
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			mine = portal.get_page_data()["follow_ups"]
		self.assertEqual(
			[(f["action_label"], f["due"], f["status_label"], f["person"]) for f in mine],
			[("Admonition Talk", frappe.format(f"{YEAR}-12-15", "Date"), "Open", "Secretary A")],
		)
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a2_user):
			self.assertEqual(portal.get_page_data()["follow_ups"], [])

	def test_the_pages_data_takes_a_fixed_number_of_queries(self) -> None:
		"""One request serves the page (www/points renders get_page_data): its queries do not grow with the
		member's ledger entries, claims or follow-ups, nor with the branch's members."""
		o = self.o
		self.year_of_member_a()

		def follow_up() -> None:
			frappe.get_doc(
				{
					"doctype": "Follow-up Action",
					"member": o.member_a,
					"action_type": "Admonition Talk",
					"person_in_charge": o.secretary_a,
					"due_date": f"{YEAR}-12-15",
				}
			).insert(ignore_permissions=True)

		def claim(day: str) -> None:
			with self.freeze_time(Q4_DAY), uploading("evidence.png", png()), self.as_user(o.member_a_user):
				portal.claim_reward("commendation_company", day, "Safety commendation")

		follow_up()
		claim(f"{YEAR}-11-02")
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			portal.get_page_data()  # metadata and scheme caches warm, as on a live site
			with self.assertQueryCount(PAGE_QUERIES):
				before = portal.get_page_data()
		for n in range(5):
			member = make_member(f"Page Extra {n}", o.branch_a)
			post(member, self.q[4], "SE-04", 1)
			post(o.member_a, self.q[4], "SE-04", 1)
		follow_up()
		claim(f"{YEAR}-11-03")
		claim(f"{YEAR}-11-04")
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			with self.assertQueryCount(PAGE_QUERIES):
				after = portal.get_page_data()
		self.assertEqual(
			(len(before["rewards"]["claims"]), len(after["rewards"]["claims"]), len(after["follow_ups"])),
			(1, 3, 2),
		)
		self.assertEqual(
			(before["quarter"]["daily_conduct"], after["quarter"]["daily_conduct"]), ("17", "22")
		)


class TestActions(PortalCase):
	def tasks(self) -> list[dict]:
		return [
			{"task": "Inspect section 3", "completion": "Completed"},
			{"task": "Valve survey", "completion": "In Progress"},
		]

	def test_the_application_is_saved_and_sent_for_sign_off_through_its_workflow(self) -> None:
		o = self.o
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			draft = portal.save_application(self.tasks(), 18, o.head)
			self.assertEqual(draft["status"], "Draft")
			sent = portal.save_application(self.tasks(), 17.5, o.head, submit=1)
		self.assertEqual(sent["name"], draft["name"])
		doc = frappe.get_doc("Quarterly Application", sent["name"])
		self.assertEqual(
			(doc.status, doc.workflow_state, doc.self_score, doc.approved_score, doc.owner),
			("Pending Sign-off", "Pending Sign-off", 17.5, 17.5, o.member_a_user),
		)
		self.assertEqual(
			[(t.task, t.completion) for t in doc.tasks], [(t["task"], t["completion"]) for t in self.tasks()]
		)
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			with self.assertRaises(ApplicationLockedError):
				portal.save_application(self.tasks(), 10, o.head, submit=1)
			shown = portal.get_page_data()["application"]["doc"]
		self.assertEqual(
			(shown["status_label"], shown["editable"], shown["department_head_name"]),
			("Pending Sign-off", False, "Department Head"),
		)
		# The head returns it with remarks; the member sees why, corrects it and sends it again.
		with self.as_user(o.head):
			doc = frappe.get_doc("Quarterly Application", sent["name"])
			doc.head_remarks = "Give the survey's kilometres"
			doc.return_reason = "The valve survey is not finished"
			doc.save()
			apply_workflow(frappe.get_doc("Quarterly Application", sent["name"]), "Return")
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			shown = portal.get_page_data()["application"]["doc"]
			self.assertEqual(
				(shown["status"], shown["editable"], shown["return_reason"], shown["head_remarks"]),
				("Returned", True, "The valve survey is not finished", "Give the survey's kilometres"),
			)
			again = portal.save_application(self.tasks()[:1], 15, o.head, submit=1)
		self.assertEqual(again["status"], "Pending Sign-off")
		self.assertEqual(frappe.db.get_value("Quarterly Application", sent["name"], "self_score"), 15)

	def test_the_application_keeps_the_desks_rules_and_writes_nothing_when_refused(self) -> None:
		o = self.o
		before = frappe.db.count("Quarterly Application")
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			with self.assertRaises(PointsInputError):  # above the scheme's limit of 20
				portal.save_application(self.tasks(), 25, o.head, submit=1)
			with self.assertRaises(SelfApprovalError):  # signing off one's own application
				portal.save_application(self.tasks(), 10, o.member_a_user)
			with self.assertRaises(frappe.MandatoryError):
				portal.save_application([{"task": "  "}], 10, o.head)
		self.assertEqual(frappe.db.count("Quarterly Application"), before)
		self.stage(4, "Applications Closed")
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			self.assertFalse(portal.get_page_data()["application"]["can_apply"])
			with self.assertRaises(frappe.ValidationError):
				portal.save_application(self.tasks(), 10, o.head)
		with (
			self.freeze_time(Q4_DAY),
			self.as_user(o.committee_user),
			self.assertRaises(NotAPartyMemberError),
		):
			portal.save_application(self.tasks(), 10, o.head)

	def test_a_reward_claim_with_its_evidence_as_a_private_file(self) -> None:
		o = self.o
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user), uploading("commendation.png", png()):
			claim = portal.claim_reward("commendation_company", f"{YEAR}-11-02", "Safety commendation")
		doc = frappe.get_doc("Reward Claim", claim["name"])
		self.assertEqual(
			(doc.member, doc.status, doc.workflow_state, doc.points, doc.owner),
			(o.member_a, "Proposed", "Proposed", 3, o.member_a_user),
		)
		file = frappe.get_doc("File", {"file_url": doc.evidence})
		self.assertEqual(
			(file.is_private, file.attached_to_doctype, file.attached_to_name, file.attached_to_field),
			(1, "Reward Claim", doc.name, "evidence"),
		)
		self.assertTrue(doc.evidence.startswith("/private/files/"))
		# Readable by the member and the officers who may see the claim; by nobody else.
		readers = {
			user: bool(frappe.has_permission("File", "read", doc=file, user=user))
			for user in (
				o.member_a_user,
				o.secretary_a,
				o.recorder_a,
				o.committee_user,
				o.member_a2_user,
				o.member_b_user,
				o.recorder_b,
				o.head,
			)
		}
		self.assertEqual(
			readers,
			{
				o.member_a_user: True,
				o.secretary_a: True,
				o.recorder_a: True,
				o.committee_user: True,
				o.member_a2_user: False,
				o.member_b_user: False,
				o.recorder_b: False,
				o.head: False,
			},
		)
		# The secretary approves it as in the desk: the reward reaches the ledger and the page.
		with self.as_user(o.secretary_a):
			apply_workflow(frappe.get_doc("Reward Claim", doc.name), "Approve")
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			shown = portal.get_page_data()["rewards"]["claims"]
		self.assertEqual([(c["status"], c["points"], c["counted"]) for c in shown], [("Approved", "3", "3")])

	def test_a_claim_is_refused_whole_without_evidence_or_for_the_committees_reward(self) -> None:
		o = self.o
		before = (frappe.db.count("Reward Claim"), frappe.db.count("File"))
		with self.freeze_time(Q4_DAY), self.as_user(o.member_a_user):
			with uploading("", b""), self.assertRaises(EvidenceError):
				portal.claim_reward("commendation_company", f"{YEAR}-11-02", "No file")
			with uploading("script.html", b"<script>alert(1)</script>"), self.assertRaises(EvidenceError):
				portal.claim_reward("commendation_company", f"{YEAR}-11-02", "Not a document")
			with uploading("x.png", png()), self.assertRaises(PointsInputError):
				portal.claim_reward("other", f"{YEAR}-11-02", "Exemplary conduct")
		self.assertEqual((frappe.db.count("Reward Claim"), frappe.db.count("File")), before)

	def publish(self, *members: str) -> None:
		"""The members' Q4 scores go on public notice through the active workflow, each transition taken by the
		officer it allows (the recorder, then the secretary). This branch holds no members' meeting: the settings
		say so when they know the rule."""
		if frappe.get_meta("Party Points Settings").has_field("require_members_meeting"):
			frappe.db.set_single_value("Party Points Settings", "require_members_meeting", 0)
		officers = {"Party Recorder": self.o.recorder_a, "Branch Secretary": self.o.secretary_a}
		for member in members:
			name = score_name(member, self.q[4])
			for transition in workflow_path(name, PUBLIC_NOTICE, officers):
				with self.as_user(officers[transition.allowed]):
					apply_workflow(frappe.get_doc("Member Score", name), transition.action)
		self.assertEqual(
			{frappe.db.get_value("Member Score", score_name(m, self.q[4]), "stage") for m in members},
			{PUBLIC_NOTICE},
		)

	def test_during_the_notice_the_member_sees_the_branch_and_objects_to_their_own_score(self) -> None:
		o = self.o
		self.year_of_member_a()
		with self.freeze_time(Q4_DAY):
			self.publish(o.member_a, o.member_a2)
			with self.as_user(o.member_a_user):
				notice = portal.get_page_data()["notice"]
				self.assertTrue(notice["open"] and notice["can_object"])
				self.assertEqual(
					[(r["rank"], r["member_name"], r["daily_conduct"], r["is_me"]) for r in notice["board"]],
					[(1, "Wang Fang", "21", False), (2, "Li Ming", "17", True)],
				)
				with self.assertRaises(NotYourRecordError):  # someone else's score, from this page
					portal.lodge_objection(score_name(o.member_a2, self.q[4]), "Too high")
				lodged = portal.lodge_objection(notice["own_score"], "My volunteer day in October is missing")
			objection = frappe.get_doc("Score Objection", lodged["name"])
			self.assertEqual(
				(objection.member, objection.raised_by, objection.party_branch, objection.status),
				(o.member_a, o.member_a_user, o.branch_a, "Open"),
			)
			self.assertEqual(
				frappe.db.get_value("Member Score", notice["own_score"], "stage"), "Under Review"
			)
			with self.as_user(o.member_a_user):
				after = portal.get_page_data()["notice"]
				self.assertFalse(after["can_object"])
				self.assertEqual(
					[(x["status_label"], x["reason"]) for x in after["objections"]],
					[("Awaiting an answer", objection.reason)],
				)
				with self.assertRaises(NoticeClosedError):  # no longer on notice
					portal.lodge_objection(notice["own_score"], "Again")
			# Branch B sees nothing of branch A's notice.
			with self.as_user(o.member_b_user):
				self.assertFalse(portal.get_page_data()["notice"]["open"])


class TestProjectionNotice(PortalCase):
	def told(self) -> dict[str, int]:
		"""How many projection notices each of the test's users has in the desk."""
		o = self.o
		users = [o.member_a_user, o.member_a2_user, o.member_b_user, o.secretary_a]
		out: dict[str, int] = {}
		for user in frappe.get_all(
			"Notification Log",
			filters={"document_type": "Party Member", "type": "Alert", "for_user": ("in", users)},
			pluck="for_user",
		):
			out[user] = out.get(user, 0) + 1
		return out

	def mails(self, user: str, about: str) -> list[str]:
		"""The HTML of the queued projection emails to ``user`` that name ``about``."""
		import email

		queue = frappe.qb.DocType("Email Queue")
		recipient = frappe.qb.DocType("Email Queue Recipient")
		out = []
		for raw in (
			frappe.qb.from_(queue)
			.join(recipient)
			.on(recipient.parent == queue.name)
			.select(queue.message)
			.where(recipient.recipient == user)
		).run(pluck=True):
			for part in email.message_from_string(raw).walk():
				if part.get_content_type() == "text/html":
					html = part.get_payload(decode=True).decode()
					if "projected" in html and about in html:
						out.append(html)
		return out

	def test_the_member_and_the_secretary_are_told_once_a_quarter_with_the_figures(self) -> None:
		o = self.o
		self.year_of_member_a()
		# A good year for member B: not told.
		for quarter in (1, 2, 3):  # 14 + 20 + 20 + 8 + 6 = 68 a quarter, and evaluations of 25: 93
			for item, points in (("WA-01", 20), ("SE-01", 20), ("SE-04", 8), ("SP-01", 6)):
				post(o.member_b, self.q[quarter], item, points)
		post(o.member_b, self.q[2], "mid_year", 12.5, "evaluation")
		self.assertEqual(self.told(), {})
		with self.freeze_time(Q4_DAY):
			sent = projections.send_projection_notices()
		# Member A: 59.67, Unqualified; member A2 (19, then two closed quarters at the starting 14) too.
		self.assertIn(o.member_a, sent)
		self.assertIn(o.member_a2, sent)
		self.assertNotIn(o.member_b, sent)
		self.assertEqual(self.told(), {o.member_a_user: 1, o.member_a2_user: 1, o.secretary_a: 2})
		import email as _e

		(member_mail,) = self.mails(o.member_a_user, "59.67")
		(secretary_mail,) = self.mails(o.secretary_a, "Li Ming")
		for mail in (member_mail, secretary_mail):
			self.assertIn("59.67", mail)
			self.assertIn(
				"Basically Qualified (from 60): 38 Daily Conduct points in each remaining quarter", mail
			)
			self.assertIn("Year-end evaluation: not held yet, counted at the last round's score 20", mail)
		log = frappe.get_all(
			"Notification Log",
			filters={"for_user": o.secretary_a, "document_name": o.member_a},
			fields=["subject", "link", "email_content"],
		)[0]
		self.assertEqual(log.subject, f"Projected annual grade of Li Ming for {YEAR}: Unqualified")
		self.assertEqual(log.link, f"/app/party-member/{o.member_a}")
		self.assertIn("38 Daily Conduct points", log.email_content)
		# Later in the same quarter: nobody is told twice.
		with self.freeze_time(f"{YEAR}-12-20 09:00:00"):
			self.assertEqual(projections.send_projection_notices(), [])
		self.assertEqual(self.told(), {o.member_a_user: 1, o.member_a2_user: 1, o.secretary_a: 2})
		self.assertEqual(len(self.mails(o.member_a_user, "59.67")), 1)

	def test_a_new_quarter_tells_them_again_and_a_zh_member_reads_it_in_chinese(self) -> None:
		o = self.o
		self.speaks_chinese(o.member_a_user)
		for quarter, work in ((1, 10), (2, 10)):
			post(o.member_a, self.q[quarter], "WA-01", work)
		self.stage(1, "Filed")
		self.stage(2, "Under Review")
		# In Q3 (Q1 and Q2 scored, 24 each): 24 + 0 + 0 = 24, Unqualified.
		with self.freeze_time(Q3_DAY):
			self.assertIn(o.member_a, projections.send_projection_notices())
			self.assertEqual(projections.send_projection_notices(), [])  # the same quarter
		self.assertEqual(self.told()[o.member_a_user], 1)
		subject = frappe.get_all(
			"Notification Log", filters={"for_user": o.member_a_user, "type": "Alert"}, pluck="subject"
		)
		self.assertEqual(subject, [f"您 {YEAR} 年的预计年度等次为不合格"])
		self.stage(3, "Under Review")
		with self.freeze_time(Q4_DAY):
			self.assertIn(o.member_a, projections.send_projection_notices())
		self.assertEqual(self.told()[o.member_a_user], 2)

	def test_nothing_is_told_before_a_quarter_is_scored(self) -> None:
		with self.freeze_time(f"{YEAR}-02-10 09:00:00"):
			self.assertEqual(projections.send_projection_notices(), [])
		self.assertEqual(self.told(), {})


class TestCheckIn(PortalCase):
	def activity(
		self, start: str | None = "10:00:00", end: str | None = "11:30:00", branch: str | None = None
	) -> str:
		doc = frappe.get_doc(
			{
				"doctype": "Party Activity",
				"title": "Branch members' meeting",
				"activity_type": "Branch Members' Meeting",
				"activity_date": ACTIVITY_DAY,
				"party_branch": branch or self.o.branch_a,
				"start_time": start,
				"end_time": end,
				"attendance": [],
			}
		)
		doc.insert(ignore_permissions=True)  # saved empty: the attendance fills as members check in
		return doc.name

	def token(self, activity: str, user: str | None = None) -> str:
		with self.freeze_time(f"{ACTIVITY_DAY} 09:00:00"), self.as_user(user or self.o.recorder_a):
			shown = portal.checkin_qr(activity)
		self.assertTrue(shown["image"].startswith("data:image/svg+xml;base64,"))
		return parse_qs(urlsplit(shown["url"]).query)["t"][0]

	def check_in(self, user: str, token: str, at: str) -> dict:
		with self.freeze_time(f"{ACTIVITY_DAY} {at}"), self.as_user(user):
			return portal.check_in(token)

	def rows(self, activity: str) -> list[tuple]:
		return [(r.member, r.status) for r in frappe.get_doc("Party Activity", activity).attendance]

	def test_present_until_the_grace_then_late_and_the_submission_posts_points(self) -> None:
		o = self.o
		activity = self.activity()
		token = self.token(activity)
		self.assertEqual(self.check_in(o.member_a_user, token, "09:31:00")["status"], "Present")
		self.assertEqual(self.check_in(o.member_a2_user, token, "10:10:01")["status"], "Late")
		self.assertEqual(self.rows(activity), [(o.member_a, "Present"), (o.member_a2, "Late")])
		# The recorder submits the activity as ever: the attendance becomes points by the scheme's rules.
		with self.as_user(o.recorder_a):
			frappe.get_doc("Party Activity", activity).submit()
		posted = dict(
			frappe.get_all(
				"Points Ledger Entry",
				filters={"source_doctype": "Party Activity", "source_name": activity},
				fields=["member", "scoring_item"],
				as_list=True,
			)
		)
		self.assertEqual(posted, {o.member_a: "SE-01", o.member_a2: "SE-02"})
		with self.freeze_time(f"{ACTIVITY_DAY} 10:20:00"), self.as_user(make_user_of_branch(o)):
			with self.assertRaises(AttendanceClosedError):
				portal.check_in(token)

	def test_the_grace_boundary_and_a_configured_grace(self) -> None:
		token = self.token(self.activity())
		self.assertEqual(self.check_in(self.o.member_a_user, token, "10:10:00")["status"], "Present")
		with patch.object(
			portal, "_setting", lambda field, default: {"checkin_grace_minutes": 0}.get(field, default)
		):
			self.assertEqual(self.check_in(self.o.member_a2_user, token, "10:00:01")["status"], "Late")

	def test_refusals_write_nothing(self) -> None:
		o = self.o
		activity = self.activity()
		token = self.token(activity)
		name, stamp, signature = token.rsplit(".", 2)
		refusals = [
			(o.member_a_user, token, "09:29:59", CheckinNotOpenError),
			(o.member_a_user, token, "11:30:01", CheckinExpiredError),
			(o.member_b_user, token, "10:00:00", WrongBranchError),
			(o.committee_user, token, "10:00:00", NotAPartyMemberError),
			(o.member_a_user, f"{name}.{stamp}.{signature[:-2]}xy", "10:00:00", InvalidCheckinCodeError),
			(o.member_a_user, f"{name}.20991231235959.{signature}", "10:00:00", InvalidCheckinCodeError),
			(o.member_a_user, f"ACT-0000-00001.{stamp}.{signature}", "10:00:00", InvalidCheckinCodeError),
			(o.member_a_user, "not a code", "10:00:00", InvalidCheckinCodeError),
		]
		modified = frappe.db.get_value("Party Activity", activity, "modified")
		for user, code, at, error in refusals:
			with self.subTest(user=user, code=code, at=at), self.assertRaises(error):
				self.check_in(user, code, at)
		self.assertEqual(
			(self.rows(activity), frappe.db.get_value("Party Activity", activity, "modified")), ([], modified)
		)
		# A second check-in, and a code from before the activity's times changed.
		self.check_in(o.member_a_user, token, "09:45:00")
		with self.assertRaises(AlreadyCheckedInError):
			self.check_in(o.member_a_user, token, "09:46:00")
		frappe.db.set_value("Party Activity", activity, "start_time", "14:00:00")
		with self.assertRaises(InvalidCheckinCodeError):
			self.check_in(o.member_a2_user, token, "09:47:00")
		self.assertEqual(self.rows(activity), [(o.member_a, "Present")])

	def test_the_preview_says_why_before_anything_is_written(self) -> None:
		o = self.o
		token = self.token(self.activity())
		with self.freeze_time(f"{ACTIVITY_DAY} 10:15:00"), self.as_user(o.member_a_user):
			preview = portal.preview_check_in(token)
		self.assertEqual(
			(preview["ok"], preview["status"], preview["title"]), (True, "Late", "Branch members' meeting")
		)
		with self.freeze_time(f"{ACTIVITY_DAY} 10:15:00"), self.as_user(o.member_b_user):
			preview = portal.preview_check_in(token)
		self.assertEqual((preview["ok"], preview["error"]), (False, "WrongBranchError"))
		self.assertIn("Only members of", preview["message"])

	def test_only_who_may_edit_the_activity_gets_its_code(self) -> None:
		activity = self.activity()
		for user in (self.o.member_a_user, self.o.recorder_b, self.o.committee_user):
			with self.subTest(user=user), self.as_user(user), self.assertRaises(frappe.PermissionError):
				portal.checkin_qr(activity)
		self.token(activity, self.o.secretary_a)
		with self.freeze_time(f"{ACTIVITY_DAY} 12:00:00"), self.as_user(self.o.recorder_a):
			with self.assertRaises(CheckinExpiredError):
				portal.checkin_qr(activity)

	def test_an_empty_draft_is_saved_but_not_submitted(self) -> None:
		activity = self.activity()
		with self.as_user(self.o.recorder_a), self.assertRaises(frappe.MandatoryError):
			frappe.get_doc("Party Activity", activity).submit()
		self.assertEqual(frappe.db.get_value("Party Activity", activity, "docstatus"), 0)

	def test_the_settings_set_the_window_and_the_grace(self) -> None:
		o = self.o
		activity = self.activity()
		token = self.token(activity)
		with change_settings(
			"Party Points Settings", {"checkin_opens_before_minutes": 5, "checkin_grace_minutes": 0}
		):
			# opens at 09:55 (10:00 less 5 minutes); Late from 10:00:01 (no grace)
			with self.assertRaises(CheckinNotOpenError):
				self.check_in(o.member_a_user, token, "09:54:59")
			self.assertEqual(self.check_in(o.member_a_user, token, "09:55:00")["status"], "Present")
			self.assertEqual(self.check_in(o.member_a2_user, token, "10:00:01")["status"], "Late")
		rows = frappe.get_doc("Party Activity", activity).attendance
		self.assertEqual(
			[(r.member, r.status, str(r.checked_in_at)) for r in rows],
			[
				(o.member_a, "Present", f"{ACTIVITY_DAY} 09:55:00"),
				(o.member_a2, "Late", f"{ACTIVITY_DAY} 10:00:01"),
			],
		)

	def test_the_settings_default_to_30_and_10_until_saved(self) -> None:
		frappe.db.delete("Singles", {"doctype": "Party Points Settings", "field": ("like", "checkin_%")})
		frappe.db.value_cache.clear()
		window = portal.checkin_window(
			frappe._dict(activity_date=ACTIVITY_DAY, start_time="10:00:00", end_time="11:30:00")
		)
		self.assertEqual(
			(str(window.opens), str(window.late_after)),
			(f"{ACTIVITY_DAY} 09:30:00", f"{ACTIVITY_DAY} 10:10:00"),
		)
		meta = frappe.get_meta("Party Points Settings")
		self.assertEqual(
			(
				meta.get_field("checkin_opens_before_minutes").default,
				meta.get_field("checkin_grace_minutes").default,
			),
			("30", "10"),
		)

	def test_an_activity_without_times_is_open_the_whole_day_and_nobody_is_late(self) -> None:
		o = self.o
		activity = self.activity(start=None, end=None)
		self.assertEqual(
			frappe.db.get_value("Party Activity", activity, ["start_time", "end_time"]), (None, None)
		)
		token = self.token(activity)
		self.assertEqual(self.check_in(o.member_a_user, token, "07:00:00")["status"], "Present")
		self.assertEqual(self.check_in(o.member_a2_user, token, "23:59:59")["status"], "Present")
		with self.freeze_time(f"{YEAR}-11-17 00:00:01"), self.as_user(make_user_of_branch(o)):
			with self.assertRaises(CheckinExpiredError):
				portal.check_in(token)
		self.assertEqual(self.rows(activity), [(o.member_a, "Present"), (o.member_a2, "Present")])

	def test_a_second_check_in_writes_nothing_and_says_so_in_the_members_language(self) -> None:
		o = self.o
		activity = self.activity()
		token = self.token(activity)
		self.check_in(o.member_a_user, token, "09:40:00")
		modified = frappe.db.get_value("Party Activity", activity, "modified")
		self.speaks_chinese(o.member_a_user)
		with self.freeze_time(f"{ACTIVITY_DAY} 10:20:00"), self.as_user(o.member_a_user):
			frappe.local.lang = "zh"
			try:
				with self.assertRaises(AlreadyCheckedInError) as caught:
					portal.check_in(token)
				preview = portal.preview_check_in(token)
			finally:
				frappe.local.lang = "en"
		self.assertIn("您已在", str(caught.exception))
		self.assertIn("出席", str(caught.exception))  # the status of the first check-in, Present
		self.assertEqual((preview["ok"], preview["error"]), (False, "AlreadyCheckedInError"))
		self.assertEqual(
			(self.rows(activity), frappe.db.get_value("Party Activity", activity, "modified")),
			([(o.member_a, "Present")], modified),
		)

	def test_the_window(self) -> None:
		doc = frappe._dict(activity_date=ACTIVITY_DAY, start_time="10:00:00", end_time="11:30:00")
		window = portal.checkin_window(doc)
		self.assertEqual(
			[str(window.opens), str(window.starts), str(window.late_after), str(window.closes)],
			[
				f"{ACTIVITY_DAY} 09:30:00",
				f"{ACTIVITY_DAY} 10:00:00",
				f"{ACTIVITY_DAY} 10:10:00",
				f"{ACTIVITY_DAY} 11:30:00",
			],
		)
		# Without times: the whole day, nobody Late; an activity past midnight closes the next day.
		whole = portal.checkin_window(frappe._dict(activity_date=ACTIVITY_DAY))
		self.assertEqual(
			(str(whole.opens), whole.late_after, str(whole.closes)),
			(f"{ACTIVITY_DAY} 00:00:00", None, f"{ACTIVITY_DAY} 23:59:59"),
		)
		night = portal.checkin_window(
			frappe._dict(activity_date=ACTIVITY_DAY, start_time="22:00:00", end_time="01:00:00")
		)
		self.assertEqual(str(night.closes), f"{YEAR}-11-17 01:00:00")


def workflow_path(score: str, stage: str, officers: dict[str, str]) -> list:
	"""The shortest chain of the active Member Score workflow's transitions, each allowed to one of ``officers``
	(role: user), from the score's state to a state that sets its stage to ``stage`` (state names are a
	company's to change)."""
	from frappe.model.workflow import get_workflow

	workflow = get_workflow("Member Score")
	targets = {s.state for s in workflow.states if s.update_field == "stage" and s.update_value == stage}
	start = frappe.db.get_value("Member Score", score, "workflow_state")
	paths, queue = {start: []}, [start]
	while queue:
		state = queue.pop(0)
		if state in targets:
			return paths[state]
		for transition in workflow.transitions:
			if (
				transition.state == state
				and transition.next_state not in paths
				and transition.allowed in officers
			):
				paths[transition.next_state] = [*paths[state], transition]
				queue.append(transition.next_state)
	raise AssertionError(f"no way from {start} to {stage} for {sorted(officers)}")


def make_user_of_branch(o) -> str:
	"""A new member of branch A with a login (for a check-in after the activity was submitted)."""
	from party_points.testing import make_user

	user = make_user("late_member_a")
	make_member("Late Comer", o.branch_a, user)
	return user
