"""The desk's pickers and link filters (party_points/desk.py), as the user who picks.

Scheme-fed options (scoring items, rewards, evaluation rounds, activity types) in the reader's language;
the server still refuses an unknown code and its message lists the valid ones; rounds and activity types
a company adds to its scheme can be chosen and saved; branch, group, member and department-head pickers
offer only what the user's scope and the document allow; the Add Branch Members buttons; the member's
quarter chart reads only what the user may read.
"""

from contextlib import contextmanager

import frappe
from frappe.model.workflow import apply_workflow

from party_points import desk
from party_points.exceptions import PointsInputError, SelfApprovalError
from party_points.party_points.doctype.quarterly_application.quarterly_application import (
	NotADepartmentHeadError,
)
from party_points.testing import (
	YEAR,
	PartyPointsTestCase,
	build_organisation,
	make_member,
	make_period,
	make_user,
	new_application,
)

SHEET_CODES = ["SE-04", "SP-02", "SP-03", "DL-01", "DL-02", "DL-03", "IN-01", "IN-02"]


def search(query, txt: str = "", **filters) -> list:
	"""A Link field's search as the desk runs it (frappe.desk.search.search_link with a custom query)."""
	from frappe.desk.search import search_link

	return search_link(
		"Party Organization" if query in (desk.branch_query, desk.group_query) else "Party Member",
		txt,
		query=f"party_points.desk.{query.__name__}",
		filters=filters,
	)


@contextmanager
def language(lang: str):
	previous = frappe.local.lang
	frappe.local.lang = lang
	try:
		yield
	finally:
		frappe.local.lang = previous


class TestSchemeOptions(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def scheme_doc(self):
		return frappe.get_doc(
			"Points Scheme", frappe.db.get_value("Assessment Period", self.o.period, "points_scheme")
		)

	def sheet(self, rows: list[dict]):
		return frappe.get_doc(
			{
				"doctype": "Quantification Sheet",
				"party_branch": self.o.branch_a,
				"assessment_period": self.o.period,
				"entries": rows,
			}
		)

	def test_the_sheet_offers_only_the_items_the_recorder_keeps_with_their_labels(self) -> None:
		with self.as_user(self.o.recorder_a):
			options = desk.scoring_item_options(self.o.period)
			self.assertEqual([o["value"] for o in options], SHEET_CODES)
			self_study = options[0]
			self.assertEqual(self_study["label"], "Completed self-study or online learning")
			self.assertIn("at most 8 a quarter", self_study["description"])
			with language("zh"):
				zh = desk.scoring_item_options(self.o.period)
		self.assertEqual([o["value"] for o in zh], SHEET_CODES)
		self.assertEqual(zh[0]["label"], frappe.translate.get_all_translations("zh")[self_study["label"]])
		self.assertNotEqual(zh[0]["label"], self_study["label"])

	def test_the_sheet_refuses_an_unknown_or_activity_item_and_lists_the_sheets_items(self) -> None:
		with self.as_user(self.o.recorder_a):
			with self.assertRaises(PointsInputError) as caught:
				self.sheet([{"member": self.o.member_a, "scoring_item": "self-study"}]).insert()
			message = str(caught.exception)
			self.assertIn(
				"Row 1: Unknown scoring item self-study; the sheet's items are SE-04, SP-02", message
			)
			self.assertIn("IN-02", message)
			self.assertNotIn("SE-01", message)
			with self.assertRaises(PointsInputError) as caught:
				self.sheet([{"member": self.o.member_a, "scoring_item": "SE-01"}]).insert()
			self.assertIn("SE-01 is recorded from activity", str(caught.exception))
			self.assertIn("the sheet's items are SE-04", str(caught.exception))
			with language("zh"), self.assertRaises(PointsInputError) as caught:
				self.sheet([{"member": self.o.member_a, "scoring_item": "self-study"}]).insert()
		zh = str(caught.exception)
		self.assertIn("self-study", zh)
		self.assertIn("SE-04", zh)
		self.assertNotIn("Unknown scoring item", zh)

	def test_add_branch_members_refuses_a_bad_code_and_fills_the_branch(self) -> None:
		o = self.o
		with self.as_user(o.recorder_a):
			sheet = self.sheet([])
			for bad in ("self-study", "SE-01", ""):
				with self.assertRaises(PointsInputError) as caught:
					sheet.add_branch_members(bad)
				self.assertIn("the sheet's items are SE-04", str(caught.exception))
			with self.assertRaises(PointsInputError):
				sheet.add_branch_members("SE-04", 0)
			self.assertEqual(sheet.entries, [])
			sheet.append("entries", {})  # the empty row a new form starts with
			self.assertEqual(sheet.add_branch_members("SE-04", 2), 2)
			self.assertEqual([r.idx for r in sheet.entries], [1, 2])
			self.assertEqual([r.points for r in sheet.entries], [2, 2])
			self.assertEqual(sheet.total_points, 4)
			self.assertEqual({r.member for r in sheet.entries}, {o.member_a, o.member_a2})
			self.assertEqual({r.occurrences for r in sheet.entries}, {2})
			self.assertEqual(sheet.add_branch_members("SE-04"), 0)  # no row twice
			sheet.insert()
		self.assertEqual(sheet.total_points, 4)

	def test_add_branch_members_leaves_out_who_was_not_a_member_in_the_period(self) -> None:
		o = self.o
		later = make_member("Joined Later", o.branch_a, join_date=f"{YEAR}-05-01")
		gone = make_member(
			"Left Before", o.branch_a, join_date="2001-01-01", status="Left", leave_date=f"{YEAR - 1}-12-01"
		)
		left_in_quarter = make_member(
			"Left In March", o.branch_a, join_date="2001-01-01", status="Left", leave_date=f"{YEAR}-03-01"
		)
		with self.as_user(o.recorder_a):
			sheet = self.sheet([])
			sheet.add_branch_members("SE-04")
			names = {r.member for r in sheet.entries}
			offered = {
				r["value"]
				for r in search(desk.member_query, party_branch=o.branch_a, assessment_period=o.period)
			}
		self.assertIn(left_in_quarter, names)
		self.assertNotIn(later, names)
		self.assertNotIn(gone, names)
		self.assertEqual(offered, names)

	def test_rewards_come_from_the_scheme_and_an_unknown_one_lists_them(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			options = desk.reward_type_options(f"{YEAR}-02-01")
			with language("zh"):
				zh = desk.reward_type_options(f"{YEAR}-02-01")
		self.assertEqual(
			[r["value"] for r in options],
			[
				"article_internal",
				"article_external",
				"commendation_group",
				"commendation_regional",
				"commendation_company",
				"other",
			],
		)
		other = options[-1]
		self.assertEqual((other["variable"], other["needs_approval"]), (1, 1))
		self.assertNotEqual(zh[0]["label"], options[0]["label"])
		with self.as_user(o.member_a_user), self.assertRaises(PointsInputError) as caught:
			frappe.get_doc(
				{
					"doctype": "Reward Claim",
					"member": o.member_a,
					"claim_date": f"{YEAR}-02-01",
					"reward_type": "article",
					"description": "An article",
				}
			).insert()
		message = str(caught.exception)
		self.assertIn("Unknown reward article; the scheme's rewards are article_internal (", message)
		self.assertIn("other (Other exemplary conduct)", message)

	def test_a_claim_hears_of_missing_evidence_when_submitted_for_approval(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			claim = frappe.get_doc(
				{
					"doctype": "Reward Claim",
					"member": o.member_a,
					"claim_date": f"{YEAR}-02-01",
					"reward_type": "article_internal",
					"description": "An article in the company's paper",
				}
			).insert()  # a draft may wait for its evidence
			with self.assertRaises(frappe.MandatoryError) as caught:
				apply_workflow(frappe.get_doc("Reward Claim", claim.name), "Submit")
		self.assertIn("Attach the evidence", str(caught.exception))
		self.assertEqual(frappe.db.get_value("Reward Claim", claim.name, "status"), "Draft")

	def test_a_round_the_company_adds_can_be_chosen_and_the_old_rounds_still_validate(self) -> None:
		o = self.o
		make_period(YEAR, 3)
		scheme = self.scheme_doc()
		year_end = next(r for r in scheme.evaluation_rounds if r.code == "year_end")
		year_end.update({"weight": 0.25, "quarters": "4"})
		scheme.append(
			"evaluation_rounds",
			{
				"code": "q3_review",
				"label": "Third-quarter review",
				"weight": 0.25,
				"quarters": "3",
				"due": "09-30",
			},
		)
		scheme.save()
		with self.as_user(o.secretary_a):
			options = desk.evaluation_round_options(f"{YEAR}-08-20")
			self.assertEqual([r["value"] for r in options], ["mid_year", "year_end", "q3_review"])
			self.assertEqual(options[0]["label"], "Mid-year evaluation")
			self.assertIn("counts 50%", options[0]["description"])

			def evaluation(code: str, day: str):
				return frappe.get_doc(
					{
						"doctype": "Democratic Evaluation",
						"party_branch": o.branch_a,
						"year": YEAR,
						"evaluation_round": code,
						"evaluation_date": day,
						"results": [{"member": o.member_a, "grade": "Excellent", "score": 24}],
					}
				).insert()

			added = evaluation("q3_review", f"{YEAR}-08-20")
			self.assertEqual(added.results[0].weighted_points, 6)
			self.assertEqual(evaluation("mid_year", f"{YEAR}-02-20").results[0].weighted_points, 12)
			with self.assertRaises(PointsInputError) as caught:
				evaluation("autumn", f"{YEAR}-02-21")
		self.assertIn(
			"Unknown evaluation round autumn; the scheme's rounds are mid_year (Mid-year evaluation), "
			"year_end (Year-end evaluation), q3_review (Third-quarter review)",
			str(caught.exception),
		)

	def test_an_activity_type_the_company_adds_can_be_used_and_earns_its_points(self) -> None:
		o = self.o
		scheme = self.scheme_doc()
		scheme.append(
			"activity_rules", {"activity_type": "Safety Drill", "status": "Present", "item": "SP-02"}
		)
		scheme.save()
		with self.as_user(o.recorder_a):
			options = {r["value"]: r for r in desk.activity_type_options(f"{YEAR}-02-10")}
			self.assertIn("Safety Drill", options)
			self.assertIn("Model Post", options)  # a standard kind without rules stays on offer
			self.assertEqual(options["Safety Drill"]["description"], "Present: SP-02 +2")
			self.assertEqual(options["Safety Drill"]["points"], {"Present": 2})
			self.assertEqual(options["Model Post"]["description"], "attendance only, no points")
			self.assertIn("Absent: SE-03 -2", options["Branch Members' Meeting"]["description"])

			def activity(kind: str):
				return frappe.get_doc(
					{
						"doctype": "Party Activity",
						"title": "Spring drill",
						"activity_type": kind,
						"activity_date": f"{YEAR}-02-10",
						"party_branch": o.branch_a,
						"attendance": [{"member": o.member_a, "status": "Present"}],
					}
				).insert()

			self.assertEqual(activity("Safety Drill").attendance[0].points, 2)
			self.assertEqual(activity("Model Post").attendance[0].points, 0)
			self.assertEqual(activity("Branch Members' Meeting").attendance[0].points, 2)
			with self.assertRaises(PointsInputError) as caught:
				activity("Picnic")
		message = str(caught.exception)
		self.assertIn(
			"Unknown activity type Picnic; the scheme's activity types are Branch Members' Meeting", message
		)
		self.assertIn("Safety Drill", message)

	def test_options_need_a_login_and_the_documents_read_permission(self) -> None:
		with self.as_user("Guest"):
			for call in (
				lambda: desk.scoring_item_options(self.o.period),
				lambda: desk.reward_type_options(),
				lambda: desk.evaluation_round_options(year=YEAR),
				lambda: desk.activity_type_options(),
			):
				with self.assertRaises(frappe.PermissionError):
					call()
		with self.as_user(self.o.member_a_user), self.assertRaises(frappe.PermissionError):
			desk.scoring_item_options(self.o.period)  # a member does not read sheets


class TestLinkFilters(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def values(self, query, txt: str = "", **filters) -> set[str]:
		return {r["value"] for r in search(query, txt, **filters)}

	def test_a_branch_field_offers_the_branches_of_the_users_scope(self) -> None:
		o = self.o
		with self.as_user(o.recorder_a):
			self.assertEqual(self.values(desk.branch_query), {o.branch_a})
			(row,) = search(desk.branch_query)
			self.assertIn("Party Branch", row["description"])
			with language("zh"):
				(row,) = search(desk.branch_query)
			self.assertNotIn("Party Branch", row["description"])
		with self.as_user(o.committee_user):
			self.assertLessEqual({o.branch_a, o.branch_b}, self.values(desk.branch_query, "_T Branch"))
			self.assertNotIn(o.committee, self.values(desk.branch_query))
			self.assertNotIn(o.group_a1, self.values(desk.branch_query))
		with self.as_user(o.member_a_user):
			self.assertEqual(self.values(desk.branch_query), set())

	def test_a_group_field_offers_the_groups_of_the_chosen_branch(self) -> None:
		o = self.o
		make_org_group = frappe.get_doc(
			{
				"doctype": "Party Organization",
				"organization_name": "_T Group B1",
				"organization_type": "Party Group",
				"parent_party_organization": o.branch_b,
			}
		).insert(ignore_permissions=True)
		with self.as_user(o.committee_user):
			self.assertEqual(self.values(desk.group_query, party_branch=o.branch_a), {o.group_a1})
			self.assertEqual(self.values(desk.group_query, party_branch=o.branch_b), {make_org_group.name})
			self.assertEqual(self.values(desk.group_query), set())
		with self.as_user(o.recorder_a):
			self.assertEqual(self.values(desk.group_query, party_branch=o.branch_b), set())

	def test_a_member_field_offers_the_members_of_the_documents_branch(self) -> None:
		o = self.o
		with self.as_user(o.recorder_a):
			self.assertEqual(
				self.values(desk.member_query, party_branch=o.branch_a), {o.member_a, o.member_a2}
			)
			self.assertEqual(self.values(desk.member_query, party_branch=o.branch_b), set())
			self.assertEqual(self.values(desk.member_query), {o.member_a, o.member_a2})  # the scope alone
			self.assertEqual(self.values(desk.member_query, "Wang", party_branch=o.branch_a), {o.member_a2})
			self.assertEqual(
				self.values(desk.member_query, party_branch=o.branch_a, exclude=[o.member_a]), {o.member_a2}
			)
			(li,) = search(desk.member_query, "Li Ming")
			self.assertEqual(li["label"], "Li Ming")
		with self.as_user(o.recorder_b):
			self.assertEqual(self.values(desk.member_query, party_branch=o.branch_b), {o.member_b})
			self.assertEqual(self.values(desk.member_query, party_branch=o.branch_a), set())
		with self.as_user(o.member_a_user):
			self.assertEqual(self.values(desk.member_query), {o.member_a})

	def test_a_member_field_offers_who_was_a_member_on_the_date(self) -> None:
		o = self.o
		later = make_member("Joined In June", o.branch_a, join_date=f"{YEAR}-06-01")
		with self.as_user(o.secretary_a):
			self.assertNotIn(
				later, self.values(desk.member_query, party_branch=o.branch_a, date=f"{YEAR}-02-01")
			)
			self.assertIn(
				later, self.values(desk.member_query, party_branch=o.branch_a, date=f"{YEAR}-06-02")
			)

	def test_the_department_head_field_offers_heads_and_never_the_applicant(self) -> None:
		o = self.o
		head_member = make_member("Head Himself", o.branch_a, o.head)
		with self.as_user(o.member_a_user):
			offered = {r["value"] for r in self.heads(member=o.member_a)}
			self.assertIn(o.head, offered)
			self.assertNotIn(o.secretary_a, offered)
			self.assertNotIn(o.member_a_user, offered)
		with self.as_user(o.head):
			self.assertNotIn(o.head, {r["value"] for r in self.heads(member=head_member)})
			self.assertNotIn(o.head, {r["value"] for r in self.heads()})  # applying for themselves

	def heads(self, **filters) -> list:
		from frappe.desk.search import search_link

		return search_link("User", "", query="party_points.desk.department_head_query", filters=filters)

	def test_the_server_refuses_a_department_head_without_the_role_or_the_applicant(self) -> None:
		o = self.o
		with self.as_user(o.member_a_user):
			with self.assertRaises(NotADepartmentHeadError):
				new_application(o.member_a, o.period, o.secretary_a).insert()
			with self.assertRaises(SelfApprovalError):
				new_application(o.member_a, o.period, o.member_a_user).insert()
			doc = new_application(o.member_a, o.period, o.head).insert()
		self.assertEqual(doc.department_head, o.head)


class TestAddBranchMembersAndChart(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		cls.o = build_organisation()

	def test_an_activity_lists_the_branch_as_present(self) -> None:
		o = self.o
		later = make_member("Joined In March", o.branch_a, join_date=f"{YEAR}-03-01")
		with self.as_user(o.recorder_a):
			activity = frappe.get_doc(
				{
					"doctype": "Party Activity",
					"title": "Members' meeting",
					"activity_type": "Branch Members' Meeting",
					"activity_date": f"{YEAR}-02-10",
					"party_branch": o.branch_a,
					"attendance": [{"member": o.member_a2, "status": "Absent"}],
				}
			)
			activity.append("attendance", {})  # the empty row a new form starts with
			self.assertEqual(activity.add_branch_members(), 1)
			self.assertEqual(
				[(r.idx, r.member, r.status, r.points) for r in activity.attendance],
				[(1, o.member_a2, "Absent", -2), (2, o.member_a, "Present", 2)],
			)
			self.assertNotIn(later, {r.member for r in activity.attendance})
			with self.assertRaises(PointsInputError):
				activity.add_branch_members("Asleep")
			activity.insert()
		self.assertEqual([r.points for r in activity.attendance], [-2, 2])
		with self.as_user(o.member_a_user), self.assertRaises(frappe.PermissionError):
			frappe.get_doc("Party Activity", activity.name).add_branch_members()

	def test_an_evaluation_lists_the_branch_for_grading(self) -> None:
		o = self.o
		with self.as_user(o.secretary_a):
			evaluation = frappe.get_doc(
				{
					"doctype": "Democratic Evaluation",
					"party_branch": o.branch_a,
					"year": YEAR,
					"evaluation_round": "mid_year",
					"evaluation_date": f"{YEAR}-03-20",
				}
			)
			self.assertEqual(evaluation.add_branch_members(), 2)
			self.assertEqual({r.member for r in evaluation.results}, {o.member_a, o.member_a2})
			with self.assertRaises(frappe.MandatoryError) as caught:
				evaluation.insert()  # every member still needs a grade
			self.assertIn("give Li Ming a grade and a score", str(caught.exception))

	def test_the_quarter_chart_shows_what_the_user_may_read(self) -> None:
		o = self.o
		from party_points import scores

		scores.recompute([(o.member_a, o.period), (o.member_b, o.period)])
		with self.as_user(o.member_a_user):
			chart = desk.member_quarter_totals(o.member_a)
			with self.assertRaises(frappe.PermissionError):
				desk.member_quarter_totals(o.member_b)
		self.assertEqual(chart["labels"], [o.period])
		self.assertEqual(chart["datasets"][0]["values"], [14])  # the starting values
		with self.as_user(o.secretary_a):
			self.assertEqual(desk.member_quarter_totals(o.member_a)["labels"], [o.period])
			with self.assertRaises(frappe.PermissionError):
				desk.member_quarter_totals(o.member_b)
