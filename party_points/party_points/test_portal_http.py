"""The members' page and its endpoints over HTTP (issue 16's security): two members of different branches,
a user who is no Party Member (told so), Guest (sent to log in), and the evidence files' privacy.

Requests run through Frappe's WSGI app in their own thread and database connection, so this class commits
a small organisation of its own and removes it afterwards. The Party Member role has no desk access (the
install and the v1_3 patch): the members log in as Website Users, and branch X's secretary, who is a member
too, keeps the desk.
"""

import threading
from io import BytesIO
from unittest.mock import patch
from urllib.parse import quote

import frappe
from frappe.utils import getdate, today

from party_points import ledger
from party_points.party_points.test_portal import png
from party_points.scores import score_name
from party_points.scoring import quarter_of
from party_points.testing import (
	YEAR,
	PartyPointsTestCase,
	api_token,
	make_member,
	make_org,
	make_period,
	make_user,
	remove_committed,
)

PAGE = "/points"


def http(token: str | None, method: str, path: str, **kwargs):
	"""A request through Frappe's WSGI app as the token's user (none: Guest), in a thread of its own."""
	from frappe.utils import get_test_client

	result = {}

	def call() -> None:
		client = get_test_client(use_cookies=False)
		headers = {"Authorization": token} if token else {}
		result["response"] = getattr(client, method)(path, headers=headers, **kwargs)

	with patch("frappe.app.get_site_name", return_value=frappe.local.site):
		thread = threading.Thread(target=call)
		thread.start()
		thread.join()
	return result["response"]


class TestPortalOverHttp(PartyPointsTestCase):
	use_savepoint = False  # the data is committed; each test starts a fresh transaction

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.secretary_x = make_user("http_secretary_x")
		cls.recorder_y = make_user("http_recorder_y")
		cls.outsider = make_user("http_outsider")
		cls.head = make_user("http_head", ("Department Head",))
		cls.member_x_user = cls.website_user("http_member_x")
		cls.member_x2_user = make_user("http_member_x2")
		cls.member_y_user = make_user("http_member_y")
		cls.committee = make_org("HTTP Committee", "Party Committee")
		cls.branch_x = make_org("HTTP Branch X", "Party Branch", cls.committee, secretary=cls.secretary_x)
		cls.branch_y = make_org("HTTP Branch Y", "Party Branch", cls.committee, recorder=cls.recorder_y)
		cls.member_x = make_member("Http Xavier", cls.branch_x, cls.member_x_user)
		cls.member_x2 = make_member("Http Xenia", cls.branch_x, cls.member_x2_user)
		cls.member_y = make_member("Http Yolanda", cls.branch_y, cls.member_y_user)
		cls.officer_member = make_member("Http Oscar", cls.branch_x, cls.secretary_x)
		cls.period = make_period(YEAR, quarter_of(getdate(today())))
		ledger.post(
			[
				{
					"member": cls.member_x,
					"assessment_period": cls.period,
					"scoring_item": "SE-04",
					"points": 7,
				},
				{
					"member": cls.member_y,
					"assessment_period": cls.period,
					"scoring_item": "SE-04",
					"points": 2,
				},
			]
		)
		cls.users = [
			cls.secretary_x,
			cls.recorder_y,
			cls.outsider,
			cls.head,
			cls.member_x_user,
			cls.member_x2_user,
			cls.member_y_user,
		]
		cls.tokens = {user: api_token(user) for user in cls.users}
		activity = frappe.get_doc(
			{
				"doctype": "Party Activity",
				"title": "Http party lecture",
				"activity_type": "Party Lecture",
				"activity_date": today(),
				"party_branch": cls.branch_x,
				"attendance": [],
			}
		)
		cls.activity = activity.insert(ignore_permissions=True).name  # no times: open the whole day
		frappe.db.commit()

	@classmethod
	def website_user(cls, name: str) -> str:
		"""A login without any role yet: a Website User, as a member who never opens the desk has."""
		address = f"{name}@pp-test.invalid"
		if not frappe.db.exists("User", address):
			frappe.get_doc(
				{
					"doctype": "User",
					"email": address,
					"first_name": name,
					"send_welcome_email": 0,
					"user_type": "Website User",
				}
			).insert(ignore_permissions=True)
		return address

	@classmethod
	def tearDownClass(cls) -> None:
		frappe.db.rollback()
		frappe.delete_doc("Party Activity", cls.activity, ignore_permissions=True, force=True)
		members = [cls.member_x, cls.member_x2, cls.member_y, cls.officer_member]
		claims = frappe.get_all("Reward Claim", filters={"member": ("in", members)}, pluck="name")
		objections = frappe.get_all("Score Objection", filters={"member": ("in", members)}, pluck="name")
		for name in frappe.get_all(
			"File", filters={"attached_to_name": ("in", claims or [""])}, pluck="name"
		):
			frappe.delete_doc("File", name, ignore_permissions=True, force=True)
		frappe.db.delete("Reward Claim", {"name": ("in", claims or [""])})
		frappe.db.delete("Score Objection", {"name": ("in", objections or [""])})
		frappe.db.delete("Comment", {"reference_name": ("in", claims or [""])})
		remove_committed(members, [cls.branch_x, cls.branch_y, cls.committee], cls.users)
		super().tearDownClass()

	def get(self, user: str | None, path: str):
		return http(self.tokens.get(user), "get", path)

	def call(self, user: str | None, method: str, **body):
		return http(self.tokens.get(user), "post", f"/api/method/party_points.portal.{method}", json=body)

	def test_the_page_shows_each_member_only_their_own(self) -> None:
		for user, own, others in (
			(self.member_x_user, "Http Xavier", ("Http Yolanda", "Http Xenia")),
			(self.member_y_user, "Http Yolanda", ("Http Xavier", "Http Xenia")),
		):
			with self.subTest(user=user):
				response = self.get(user, PAGE)
				self.assertEqual(response.status_code, 200)
				html = response.get_data(as_text=True)
				self.assertIn(own, html)
				for name in others:
					self.assertNotIn(name, html)
		data = self.call(self.member_x_user, "get_page_data").json["message"]
		self.assertEqual((data["member"]["name"], data["quarter"]["daily_conduct"]), (self.member_x, "21"))
		data = self.call(self.member_y_user, "get_page_data").json["message"]
		self.assertEqual((data["member"]["name"], data["quarter"]["daily_conduct"]), (self.member_y, "16"))

	def test_a_user_who_is_no_party_member_is_told_so(self) -> None:
		response = self.get(self.outsider, PAGE)
		self.assertEqual(response.status_code, 403)
		self.assertIn("not linked to a Party Member", response.get_data(as_text=True))
		response = self.call(self.outsider, "get_page_data")
		self.assertEqual((response.status_code, response.json["exc_type"]), (403, "NotAPartyMemberError"))
		for method, body in (
			("save_application", {"tasks": [{"task": "x"}], "self_score": 1, "department_head": self.head}),
			("lodge_objection", {"member_score": score_name(self.member_x, self.period), "reason": "x"}),
			("check_in", {"token": "anything"}),
		):
			with self.subTest(method=method):
				self.assertEqual(self.call(self.outsider, method, **body).status_code, 403)

	def test_a_guest_is_sent_to_log_in_and_back(self) -> None:
		response = self.get(None, PAGE)
		self.assertEqual(response.status_code, 302)
		self.assertTrue(response.headers["Location"].endswith("/login?redirect-to=%2Fpoints"))
		response = self.get(None, "/checkin?t=ACT-1.20260101000000.abc")
		self.assertEqual(response.status_code, 302)
		self.assertIn(
			"/login?redirect-to=" + quote("/checkin?t=ACT-1.20260101000000.abc", safe=""),
			response.headers["Location"],
		)
		for method in ("get_page_data", "check_in", "lodge_objection", "save_application"):
			with self.subTest(method=method):
				self.assertEqual(self.call(None, method).status_code, 403)

	def test_no_member_can_act_on_another_members_record(self) -> None:
		response = self.call(
			self.member_y_user,
			"lodge_objection",
			member_score=score_name(self.member_x, self.period),
			reason="x",
		)
		self.assertEqual((response.status_code, response.json["exc_type"]), (403, "NotYourRecordError"))
		response = self.call(self.member_y_user, "check_in", token="ACT-2026-00001.20991231235959.forged")
		self.assertEqual((response.status_code, response.json["exc_type"]), (403, "InvalidCheckinCodeError"))
		# The desk's own REST API agrees: member Y reads none of member X's records.
		response = self.get(
			self.member_y_user,
			f"/api/resource/Member%20Score/{quote(score_name(self.member_x, self.period))}",
		)
		self.assertEqual(response.status_code, 403)

	def test_the_evidence_is_a_private_file_readable_by_the_member_and_the_branch_officers_only(self) -> None:
		response = http(
			self.tokens[self.member_x_user],
			"post",
			"/api/method/party_points.portal.claim_reward",
			data={
				"reward_type": "article_internal",
				"claim_date": today(),
				"description": "Article on the pipeline's safety week",
				"evidence": (BytesIO(png()), "article.png"),
			},
			content_type="multipart/form-data",
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		claim = response.json["message"]
		self.assertEqual(claim["status"], "Proposed")
		url = claim["evidence"]
		self.assertTrue(url.startswith("/private/files/"), url)
		for user, status in (
			(self.member_x_user, 200),
			(self.secretary_x, 200),
			(self.member_x2_user, 403),
			(self.member_y_user, 403),
			(self.recorder_y, 403),
			(self.outsider, 403),
			(self.head, 403),
			(None, 403),
		):
			with self.subTest(user=user):
				response = self.get(user, url)
				self.assertEqual(response.status_code, status)
				if status == 200:
					self.assertEqual(response.get_data(), png())
		# The member's page lists the claim with its evidence; member Y's page does not.
		self.assertIn(url, self.get(self.member_x_user, PAGE).get_data(as_text=True))
		self.assertNotIn(url, self.get(self.member_y_user, PAGE).get_data(as_text=True))

	def test_a_website_user_uses_the_page_without_the_desk(self) -> None:
		self.assertEqual(frappe.db.get_value("Role", "Party Member", "desk_access"), 0)
		for user in (self.member_x_user, self.member_x2_user, self.member_y_user):
			with self.subTest(user=user):
				self.assertEqual(frappe.db.get_value("User", user, "user_type"), "Website User")
				self.assertIn("Party Member", frappe.get_roles(user))
				self.assertEqual(self.get(user, PAGE).status_code, 200)
				for path in ("/app", "/app/party-member"):
					self.assertEqual(self.get(user, path).status_code, 403)
		response = self.call(
			self.member_x_user,
			"save_application",
			tasks=[{"task": "Cathodic protection readings", "completion": "Completed"}],
			self_score=16,
			department_head=self.head,
			submit=1,
		)
		self.assertEqual(
			(response.status_code, response.json["message"]["status"]), (200, "Pending Sign-off")
		)

	def test_an_officer_who_is_also_a_member_keeps_the_desk(self) -> None:
		self.assertEqual(frappe.db.get_value("User", self.secretary_x, "user_type"), "System User")
		self.assertLessEqual({"Party Member", "Branch Secretary"}, set(frappe.get_roles(self.secretary_x)))
		self.assertEqual(self.get(self.secretary_x, "/app/party-member").status_code, 200)
		response = self.get(self.secretary_x, PAGE)
		self.assertEqual(response.status_code, 200)
		self.assertIn("Http Oscar", response.get_data(as_text=True))

	def test_a_website_user_checks_in_with_the_qr_link(self) -> None:
		from urllib.parse import parse_qs, urlsplit

		from party_points import portal

		frappe.set_user(self.secretary_x)
		try:
			url = portal.checkin_qr(self.activity)["url"]
		finally:
			frappe.set_user("Administrator")
		token = parse_qs(urlsplit(url).query)["t"][0]
		page = self.get(self.member_x_user, f"/checkin?t={quote(token, safe='')}")
		self.assertEqual(page.status_code, 200)
		self.assertIn("Http party lecture", page.get_data(as_text=True))
		response = self.call(self.member_x_user, "check_in", token=token)
		self.assertEqual(
			(response.status_code, response.json["message"]["status"]), (200, "Present"), response.json
		)
		again = self.call(self.member_x_user, "check_in", token=token)
		self.assertEqual((again.status_code, again.json["exc_type"]), (417, "AlreadyCheckedInError"))
		other = self.call(self.member_y_user, "check_in", token=token)
		self.assertEqual((other.status_code, other.json["exc_type"]), (417, "WrongBranchError"))
		frappe.db.rollback()  # a fresh read of what the requests committed
		rows = frappe.get_all(
			"Party Activity Attendance",
			filters={"parent": self.activity},
			fields=["member", "status", "checked_in_at"],
		)
		self.assertEqual([(r.member, r.status) for r in rows], [(self.member_x, "Present")])
		self.assertIsNotNone(rows[0].checked_in_at)
