"""Branch isolation, member self-service and ledger immutability through the REST API.

REST requests run in their own thread and database connection, so this class commits a small
organisation of its own and removes it afterwards.
"""

import json
from urllib.parse import quote

import frappe

from party_points import ledger, scores
from party_points.testing import (
	PartyPointsTestCase,
	api_token,
	keep_a_system_manager,
	make_member,
	make_org,
	make_period,
	make_user,
	rest_request,
)


class TestRestApi(PartyPointsTestCase):
	use_savepoint = False  # the data is committed; each test starts a fresh transaction

	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.reports_before = set(frappe.get_all("Auto Email Report", pluck="name"))
		cls.recorder_x = make_user("rest_recorder_x")
		cls.member_x_user = make_user("rest_member_x")
		cls.committee = make_org("REST Committee", "Party Committee")
		cls.branch_x = make_org("REST Branch X", "Party Branch", cls.committee, recorder=cls.recorder_x)
		cls.branch_y = make_org("REST Branch Y", "Party Branch", cls.committee)
		cls.member_x = make_member("Rest X", cls.branch_x, cls.member_x_user)
		cls.member_x2 = make_member("Rest X2", cls.branch_x)
		cls.member_y = make_member("Rest Y", cls.branch_y)
		cls.period = make_period()
		cls.entries = ledger.post(
			[
				{"member": m, "assessment_period": cls.period, "scoring_item": "SE-04", "points": 1}
				for m in (cls.member_x, cls.member_x2, cls.member_y)
			]
		)
		cls.tokens = {user: api_token(user) for user in (cls.recorder_x, cls.member_x_user)}
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls) -> None:
		members = [cls.member_x, cls.member_x2, cls.member_y]
		frappe.db.delete("Points Ledger Entry", {"member": ("in", members)})
		scores = frappe.get_all("Member Score", filters={"member": ("in", members)}, pluck="name")
		frappe.db.delete("Member Score Dimension", {"parent": ("in", scores or [""])})
		frappe.db.delete("Member Score", {"member": ("in", members)})
		for member in members:
			frappe.delete_doc("Party Member", member, ignore_permissions=True, force=True)
		for org in (cls.branch_x, cls.branch_y, cls.committee):
			if frappe.db.exists("Party Organization", org):
				frappe.delete_doc("Party Organization", org, ignore_permissions=True, force=True)
		keep_a_system_manager([cls.recorder_x, cls.member_x_user])
		for user in (cls.recorder_x, cls.member_x_user):
			frappe.db.delete("User Permission", {"user": user})
			frappe.delete_doc("User", user, ignore_permissions=True, force=True)
		for name in set(frappe.get_all("Auto Email Report", pluck="name")) - cls.reports_before:
			frappe.delete_doc("Auto Email Report", name, ignore_permissions=True, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def request(self, method: str, user: str, path: str, body: dict | None = None):
		return rest_request(method, self.tokens[user], path, body)

	def list_names(self, user: str, doctype: str) -> set[str]:
		path = f"/api/resource/{quote(doctype)}?limit_page_length=0&fields={quote(json.dumps(['name', 'member']))}"
		response = self.request("get", user, path)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		return {row["member"] for row in response.json["data"]}

	def score_path(self, member: str) -> str:
		return f"/api/resource/Member%20Score/{quote(scores.score_name(member, self.period))}"

	def test_a_recorder_lists_only_their_branch(self) -> None:
		mine = {self.member_x, self.member_x2}
		self.assertEqual(self.list_names(self.recorder_x, "Member Score") & {*mine, self.member_y}, mine)
		self.assertEqual(
			self.list_names(self.recorder_x, "Points Ledger Entry") & {*mine, self.member_y}, mine
		)

	def test_a_recorder_cannot_read_another_branch_by_name(self) -> None:
		self.assertEqual(
			self.request("get", self.recorder_x, self.score_path(self.member_x)).status_code, 200
		)
		self.assertEqual(
			self.request("get", self.recorder_x, self.score_path(self.member_y)).status_code, 403
		)

	def test_a_member_reads_only_their_own_score(self) -> None:
		self.assertEqual(self.list_names(self.member_x_user, "Member Score"), {self.member_x})
		self.assertEqual(
			self.request("get", self.member_x_user, self.score_path(self.member_x)).status_code, 200
		)
		self.assertEqual(
			self.request("get", self.member_x_user, self.score_path(self.member_x2)).status_code, 403
		)

	def test_ledger_entries_cannot_be_changed_or_deleted_over_rest(self) -> None:
		name = self.entries[0]
		path = f"/api/resource/Points%20Ledger%20Entry/{name}"
		self.assertGreaterEqual(self.request("put", self.recorder_x, path, {"points": 5}).status_code, 400)
		self.assertGreaterEqual(self.request("delete", self.recorder_x, path).status_code, 400)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Points Ledger Entry", name, "points"), 1)
