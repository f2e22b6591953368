"""Branch Leaderboard on a known quarter and year: ranks with ties, branch against branch, what each role
sees, the workspace chart, and a fixed number of queries."""

from unittest.mock import patch

import frappe
from frappe.desk.query_report import run as run_report

from party_points import leaderboard, ledger
from party_points.constants import PUBLIC_NOTICE
from party_points.party_points.report.branch_leaderboard import branch_leaderboard
from party_points.testing import YEAR, PartyPointsTestCase, build_organisation, make_member

QUARTER_QUERIES = 6
"""The branch filter's subtree (2), the period's year, its scores, attendance per branch and per member."""
YEAR_QUERIES = 12
"""The subtree (2), the year's scores, the core's annual ratings (``rating.compute_ratings``: 7), attendance (2)."""


def by(rows, key: str = "member") -> dict:
	return {r[key]: r for r in rows}


class TestBranchLeaderboard(PartyPointsTestCase):
	@classmethod
	def setUpClass(cls) -> None:
		super().setUpClass()
		o = cls.o = build_organisation()
		cls.member_a3 = make_member("Chen Jing", o.branch_a)
		rows = []
		for member in (o.member_a, cls.member_a3):  # 5 sessions (10) + work 18 = 42, then +2 below: a tie
			rows += [{"member": member, "scoring_item": "SE-01", "points": 2}] * 5
			rows += [{"member": member, "scoring_item": "WA-01", "points": 18}]
		rows += [{"member": o.member_a2, "scoring_item": "DL-02", "points": -2}]  # 12
		rows += [{"member": o.member_b, "scoring_item": "SE-04", "points": 1}] * 2  # 16, then +2 below
		ledger.post([{**row, "assessment_period": o.period} for row in rows])
		start = frappe.db.get_value("Assessment Period", o.period, "start_date")
		for branch, attendance in (
			(o.branch_a, [(o.member_a, "Present"), (cls.member_a3, "Present"), (o.member_a2, "Absent")]),
			(o.branch_b, [(o.member_b, "Present")]),
		):
			frappe.get_doc(
				{
					"doctype": "Party Activity",
					"title": "Party lecture",
					"activity_type": "Party Lecture",
					"activity_date": start,
					"party_branch": branch,
					"attendance": [{"member": m, "status": s} for m, s in attendance],
				}
			).insert(ignore_permissions=True).submit()

	def board(self, **filters):
		return branch_leaderboard.execute({"assessment_period": self.o.period, **filters})

	def test_members_ranked_in_their_branch_with_ties(self) -> None:
		o = self.o
		_columns, data, _message, _chart, _summary = self.board(party_branch=o.branch_a)
		rows = by(data)
		self.assertEqual(
			[(r["member"], r["rank"], r["score"]) for r in data],
			sorted(
				[(o.member_a, 1, 44.0), (self.member_a3, 1, 44.0), (o.member_a2, 3, 12.0)],
				key=lambda r: (r[1], frappe.db.get_value("Party Member", r[0], "full_name")),
			),
		)
		self.assertEqual(
			(
				rows[o.member_a]["branch_size"],
				rows[o.member_a]["branch_mean"],
				rows[o.member_a]["branch_median"],
			),
			(3, 33.33, 44.0),
		)
		self.assertEqual((rows[o.member_a]["attended"], rows[o.member_a2]["attended"]), (1, 0))

	def test_branch_against_branch(self) -> None:
		o = self.o
		columns, data, _message, chart, _summary = self.board(view="Branches", party_branch=o.committee)
		rows = by(data, "party_branch")
		a, b = rows[o.branch_a], rows[o.branch_b]
		self.assertEqual(
			(a["rank"], a["members"], a["mean"], a["median"], a["highest"], a["lowest"]),
			(1, 3, 33.33, 44.0, 44.0, 12.0),
		)
		self.assertEqual((b["rank"], b["members"], b["mean"], b["median"]), (2, 1, 18.0, 18.0))
		self.assertEqual((a["activities"], a["attendance_rate"]), (1, 66.67))
		self.assertEqual((b["activities"], b["attendance_rate"]), (1, 100.0))
		self.assertNotIn("excellent", [c["fieldname"] for c in columns])  # a quarter has no grade
		self.assertEqual(chart["data"]["labels"][:2], [o.branch_a, o.branch_b])

	def test_a_year_ranks_the_annual_score_and_shares_its_grades(self) -> None:
		o = self.o
		_columns, data, *_ = branch_leaderboard.execute({"year": YEAR, "party_branch": o.branch_a})
		rows = by(data)
		self.assertEqual(rows[o.member_a]["score"], (44 + 14 * 3) / 4)  # the other quarters: starting values
		self.assertEqual(rows[o.member_a]["grade"], "Unqualified")
		self.assertEqual(rows[o.member_a2]["rank"], 3)
		columns, data, *_ = branch_leaderboard.execute(
			{"year": YEAR, "view": "Branches", "party_branch": o.committee}
		)
		a = by(data, "party_branch")[o.branch_a]
		self.assertEqual((a["unqualified"], a["excellent"]), (100.0, 0.0))
		self.assertIn("basically_qualified", [c["fieldname"] for c in columns])

	def test_officers_see_their_branch_and_the_committee_every_branch(self) -> None:
		o = self.o
		for user, branches in (
			(o.committee_user, {o.branch_a, o.branch_b}),
			(o.secretary_a, {o.branch_a}),
			(o.recorder_b, {o.branch_b}),
		):
			with self.as_user(user):
				_columns, data, *_ = self.board()
				self.assertEqual({r["party_branch"] for r in data} & {o.branch_a, o.branch_b}, branches, user)
				_columns, data, *_ = self.board(view="Branches")
				self.assertEqual({r["party_branch"] for r in data} & {o.branch_a, o.branch_b}, branches, user)
		with self.as_user(o.secretary_a):
			_columns, data, *_ = self.board(party_branch=o.branch_b)
			self.assertEqual(data, [])

	def test_a_member_sees_their_own_rank_and_the_branchs_size_mean_and_median(self) -> None:
		o = self.o
		with self.as_user(o.member_a2_user):
			_columns, data, _message, _chart, summary = self.board()
			self.assertEqual(
				[
					(r["member"], r["rank"], r["branch_size"], r["branch_mean"], r["branch_median"])
					for r in data
				],
				[(o.member_a2, 3, 3, 33.33, 44.0)],
			)
			figures = {s["label"]: s["value"] for s in summary}
			self.assertEqual(figures[f"Your Rank in {o.branch_a}"], "3 of 3")
			self.assertEqual(figures["Your Score"], 12.0)
			_columns, data, *_ = self.board(view="Branches")
			self.assertEqual(
				[(r["party_branch"], r["mean"], r["highest"]) for r in data], [(o.branch_a, 33.33, None)]
			)
			_columns, data, *_ = branch_leaderboard.execute({"year": YEAR})
			self.assertEqual([r["member"] for r in data], [o.member_a2])
		with self.as_user(o.member_b_user):  # through Frappe's report runner, as the desk runs it
			result = run_report("Branch Leaderboard", {"assessment_period": o.period})
			self.assertEqual([(r["member"], r["rank"]) for r in result["result"]], [(o.member_b, 1)])

	def test_during_the_public_notice_a_member_sees_the_scores_on_the_notice(self) -> None:
		o = self.o
		frappe.db.set_value(
			"Member Score",
			{"party_branch": o.branch_a, "assessment_period": o.period},
			"stage",
			PUBLIC_NOTICE,
		)
		with self.as_user(o.member_a2_user):
			_columns, data, *_ = self.board()
		rows = by(data)
		self.assertEqual(set(rows), {o.member_a, o.member_a2, self.member_a3})
		self.assertEqual(rows[o.member_a]["score"], 44.0)
		self.assertIsNone(rows[o.member_a]["attended"])  # the notice shows scores, not attendance
		self.assertEqual(rows[o.member_a2]["attended"], 0)

	def test_the_workspace_chart_keeps_to_the_scope(self) -> None:
		o = self.o
		self.assertTrue(leaderboard.latest_period())
		newest = patch.object(leaderboard, "latest_period", return_value=o.period)  # the site may hold newer
		with newest, self.as_user(o.committee_user):
			chart = leaderboard.branch_chart()
		self.assertTrue({o.branch_a, o.branch_b} <= set(chart["labels"]))
		with newest, self.as_user(o.member_a_user):
			chart = leaderboard.branch_chart()
		self.assertEqual(chart["labels"], [o.branch_a])
		self.assertEqual(chart["datasets"][0]["values"], [33.33])

	def test_a_fixed_number_of_queries(self) -> None:
		o = self.o
		quarter = {"assessment_period": o.period, "party_branch": o.branch_a}
		year = {"year": YEAR, "party_branch": o.branch_a, "view": "Branches"}
		for filters, queries in ((quarter, QUARTER_QUERIES), (year, YEAR_QUERIES)):
			branch_leaderboard.execute(filters)  # caches warm, as in the desk
			with self.assertQueryCount(queries):
				branch_leaderboard.execute(filters)
		for n in range(5):
			member = make_member(f"Leader {n}", o.branch_a)
			ledger.post(
				[{"member": member, "assessment_period": o.period, "scoring_item": "SE-04", "points": 1}]
			)
		for filters, queries in ((quarter, QUARTER_QUERIES), (year, YEAR_QUERIES)):
			with self.assertQueryCount(queries):
				_columns, data, *_ = branch_leaderboard.execute(filters)
		self.assertEqual(by(data, "party_branch")[o.branch_a]["members"], 3 + 5)
